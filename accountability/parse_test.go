package accountability_test

import (
	"errors"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/accountability"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
)

func TestParseTriggersReadsASetAnArrayOrTextFormat(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("../sample/data/triggers-2026.json")
	require.NoError(t, err)
	got, err := accountability.ParseTriggers(doc)
	require.NoError(t, err)
	want := sample.Triggers()
	require.Len(t, got, len(want))
	for i := range want {
		assert.True(t, proto.Equal(want[i], got[i]), "trigger %d", i)
	}
	text, err := prototext.Marshal(&zerenv1.TriggerSet{Triggers: want})
	require.NoError(t, err)
	got, err = accountability.ParseTriggers(text)
	require.NoError(t, err)
	assert.Len(t, got, len(want))
	got, err = accountability.ParseTriggers([]byte(`[{"id": "A9", "condition": "true", "measure": "ACCOUNTABILITY_MEASURE_CIRCULAR"}]`))
	require.NoError(t, err)
	assert.Equal(t, "A9", got[0].GetId())
}

func TestParseTriggersLocatesTheBrokenField(t *testing.T) {
	t.Parallel()
	for doc, path := range map[string]string{
		`{"triggers": [{"id": "A1"}, {"id": "A2", "measure": "ACCOUNTABILITY_MEASURE_FINE"}]}`: "triggers[1].measure",
		"[\n {\"id\": \"A1\", \"condtion\": \"true\"}\n]":                                      "triggers[0].condtion",
	} {
		_, err := accountability.ParseTriggers([]byte(doc))
		var de *accountability.DecodeError
		require.True(t, errors.As(err, &de), "got %v", err)
		assert.Equal(t, "triggers", de.Document)
		assert.Equal(t, path, de.Path)
	}
}

// FuzzParseTriggers feeds documents to ParseTriggers: it never panics, and
// what it accepts re-encodes and parses to the same triggers.
func FuzzParseTriggers(f *testing.F) {
	doc, err := os.ReadFile("../sample/data/triggers-2026.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(doc)
	f.Add([]byte(`triggers { id: "A1" condition: "result.rank == 1" target: PROPOSAL_TARGET_PERSON }`))
	f.Add([]byte(`[{"id": "A1", "liabilityKinds": ["LIABILITY_KIND_PRINCIPAL"]}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := accountability.ParseTriggers(data)
		if err != nil {
			return
		}
		text, err := prototext.Marshal(&zerenv1.TriggerSet{Triggers: got})
		if err != nil {
			t.Fatal(err)
		}
		again, err := accountability.ParseTriggers(text)
		if err != nil {
			t.Fatalf("re-parse: %v", err)
		}
		if len(again) != len(got) {
			t.Fatalf("re-parse gave %d triggers, want %d", len(again), len(got))
		}
	})
}
