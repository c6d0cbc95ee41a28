package assessment_test

import (
	"context"
	"errors"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/assessment"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
)

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return b
}

func TestParseIndicatorSystemReadsJSONAndTextFormat(t *testing.T) {
	t.Parallel()
	fromJSON, err := assessment.ParseIndicatorSystem(readFile(t, "../sample/data/indicators-2026.json"))
	require.NoError(t, err)
	assert.True(t, proto.Equal(sample.IndicatorSystem(), fromJSON))
	text, err := prototext.Marshal(fromJSON)
	require.NoError(t, err)
	fromText, err := assessment.ParseIndicatorSystem(text)
	require.NoError(t, err)
	assert.True(t, proto.Equal(fromJSON, fromText))
	_, err = assessment.New(context.Background(), fromText, nil, assessment.WithPlan(sample.Plan()))
	require.NoError(t, err)

	scheme, err := assessment.ParseReviewScheme([]byte(`rater_groups { id: "leaders" name: "市委领导" weight: 30 quorum: 3 } trim_percent: 5`))
	require.NoError(t, err)
	assert.Equal(t, "leaders", scheme.GetRaterGroups()[0].GetId())
}

func TestParseReviewsReadsASetOrAnArray(t *testing.T) {
	t.Parallel()
	fromArray, err := assessment.ParseReviews(readFile(t, "../sample/data/reviews-2026.json"))
	require.NoError(t, err)
	want := sample.Reviews2026()
	require.Len(t, fromArray, len(want))
	for i := range want {
		assert.True(t, proto.Equal(want[i], fromArray[i]), "review %d", i)
	}
	text, err := prototext.Marshal(&zerenv1.ReviewSet{Reviews: want})
	require.NoError(t, err)
	fromText, err := assessment.ParseReviews(text)
	require.NoError(t, err)
	assert.Len(t, fromText, len(want))
}

func TestParseErrorsNameTheDocumentAndTheField(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, doc, want, path string
		parse                 func([]byte) error
	}{
		{"a misspelt indicator field", "{\"id\": \"s\", \"indicators\": [{\"id\": \"1\"}, {\"id\": \"2\", \"children\": [{\"formla\": \"1.0\"}]}]}",
			"indicator system", "indicators[1].children[0].formla",
			func(b []byte) error { _, err := assessment.ParseIndicatorSystem(b); return err }},
		{"an unknown veto action", `{"vetoes": [{"id": "V1", "action": "VETO_ACTION_BAN"}]}`, "indicator system", "vetoes[0].action",
			func(b []byte) error { _, err := assessment.ParseIndicatorSystem(b); return err }},
		{"a weight that is not a number", `{"raterGroups": [{"id": "a", "weight": "heavy"}]}`, "review scheme", "raterGroups[0].weight",
			func(b []byte) error { _, err := assessment.ParseReviewScheme(b); return err }},
		{"an unknown choice in an array", "[\n {\"unitId\": \"czj\"},\n {\"unitId\": \"sws\", \"ballots\": [{\"choice\": \"REVIEW_CHOICE_GREAT\"}]}\n]",
			"reviews", "reviews[1].ballots[0].choice",
			func(b []byte) error { _, err := assessment.ParseReviews(b); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.parse([]byte(tt.doc))
			var de *assessment.DecodeError
			require.True(t, errors.As(err, &de), "got %v", err)
			assert.Equal(t, tt.want, de.Document)
			assert.Equal(t, tt.path, de.Path)
		})
	}
	_, err := assessment.ParseIndicatorSystem([]byte("id: \"s\"\nindicators { id: 1 }"))
	var de *assessment.DecodeError
	require.True(t, errors.As(err, &de), "text format: %v", err)
	assert.Contains(t, err.Error(), "2:", "the text format error names the line")
}

// FuzzParseIndicatorSystem feeds documents to the parsers and what
// ParseIndicatorSystem accepts to New: nothing may panic.
func FuzzParseIndicatorSystem(f *testing.F) {
	f.Add(readFile(f, "../sample/data/indicators-2026.json"))
	f.Add(readFile(f, "../sample/data/reviews-2026.json"))
	f.Add([]byte(`id: "s" indicators { id: "1" max_points: 10 formula: "1.0" } plan_id: "2026"`))
	f.Add([]byte(`{"indicators": [{"id": "1", "maxPoints": 10, "formula": "completion_rate(facts.assignments.filter(a, a.task_id == \"T99\"))"}]}`))
	plan := sample.Plan()
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = assessment.ParseReviewScheme(data)
		_, _ = assessment.ParseReviews(data)
		sys, err := assessment.ParseIndicatorSystem(data)
		if err != nil {
			return
		}
		_, _ = assessment.New(context.Background(), sys, nil, assessment.WithPlan(plan))
	})
}
