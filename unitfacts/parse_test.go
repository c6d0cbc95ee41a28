package unitfacts_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/unitfacts"
)

func TestParseReadsJSONArraysAndTextFormat(t *testing.T) {
	t.Parallel()
	for name, doc := range map[string]string{
		"a JSON set":    `{"facts": [{"unit": {"id": "czj"}, "metrics": {"party_fee_rate": 0.98}, "businessScore": 90}]}`,
		"a JSON array":  "\ufeff  [{\"unit\": {\"id\": \"czj\"}, \"metrics\": {\"party_fee_rate\": 0.98}, \"business_score\": 90}]",
		"a text format": `facts { unit { id: "czj" } metrics { key: "party_fee_rate" value: 0.98 } business_score: 90 }`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			facts, err := unitfacts.Parse([]byte(doc))
			require.NoError(t, err)
			require.Len(t, facts, 1)
			assert.Equal(t, "czj", facts[0].GetUnit().GetId())
			assert.Equal(t, 0.98, facts[0].GetMetrics()["party_fee_rate"])
			assert.Equal(t, 90.0, facts[0].GetBusinessScore())
		})
	}
}

func TestParseLocatesTheBrokenField(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, doc, path string }{
		{"a misspelt field in an array", "[\n {\"unit\": {\"id\": \"a\"}},\n {\"unit\": {\"id\": \"b\"}, \"metricz\": {}}\n]", "facts[1].metricz"},
		{"a bad timestamp", `{"facts": [{"assignments": [{"id": "x"}, {"due": "tomorrow"}]}]}`, "facts[0].assignments[1].due"},
		{"a metric that is not a number", `{"facts": [{"metrics": {"a": "high"}}]}`, "facts[0].metrics.a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := unitfacts.Parse([]byte(tt.doc))
			var de *unitfacts.DecodeError
			require.True(t, errors.As(err, &de), "got %v", err)
			assert.Equal(t, tt.path, de.Path)
			assert.Equal(t, "facts", de.Document)
		})
	}
	_, err := unitfacts.Parse([]byte(`facts { unit { id: 3 } }`))
	var de *unitfacts.DecodeError
	require.True(t, errors.As(err, &de), "text format: %v", err)
	assert.Contains(t, err.Error(), "1:")
}
