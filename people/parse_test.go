package people_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/cel"
	"github.com/zerenlab/zeren/people"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
)

func TestParseReadsTheSampleDocumentsInBothFormats(t *testing.T) {
	t.Parallel()
	for _, marshal := range []func(proto.Message) ([]byte, error){protojson.Marshal, prototext.Marshal} {
		b, err := marshal(sample.ReviewPlan2026())
		require.NoError(t, err)
		plan, err := people.ParseReviewPlan(b)
		require.NoError(t, err)
		assert.True(t, proto.Equal(sample.ReviewPlan2026(), plan))
		_, err = people.NewPlan(plan, sample.Hierarchy())
		assert.NoError(t, err, "the parsed plan checks against the structure")

		b, err = marshal(&zerenv1.PutEligibilityRulesRequest{Id: "2026", Rules: sample.EligibilityRules2026()})
		require.NoError(t, err)
		id, rules, err := people.ParseEligibilityRules(b)
		require.NoError(t, err)
		assert.Equal(t, "2026", id)
		require.Len(t, rules, len(sample.EligibilityRules2026()))
		for i, r := range sample.EligibilityRules2026() {
			assert.True(t, proto.Equal(r, rules[i]), "rule %d", i)
		}

		b, err = marshal(sample.Talk2026())
		require.NoError(t, err)
		talk, err := people.ParseTalk(b)
		require.NoError(t, err)
		assert.True(t, proto.Equal(sample.Talk2026(), talk))
	}
	// A bare JSON array of rules, as an OA exports it.
	var arr []byte
	for i, r := range sample.EligibilityRules2026() {
		js, err := protojson.Marshal(r)
		require.NoError(t, err)
		if i > 0 {
			arr = append(arr, ',')
		}
		arr = append(arr, js...)
	}
	id, rules, err := people.ParseEligibilityRules(append(append([]byte("\n ["), arr...), ']'))
	require.NoError(t, err)
	assert.Empty(t, id)
	env, err := cel.NewEnv()
	require.NoError(t, err)
	_, err = people.NewRules(env, rules)
	assert.NoError(t, err, "the parsed rules compile")
}

func TestParseErrorsNameTheDocumentAndTheField(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, doc, want, path string
		parse                 func([]byte) error
	}{
		{"a weight that is not a number", `{"id": "p", "schemes": [{"id": "s"}, {"id": "t", "raterGroups": [{"id": "a", "weight": "heavy"}]}]}`,
			"review plan", "schemes[1].raterGroups[0].weight",
			func(b []byte) error { _, err := people.ParseReviewPlan(b); return err }},
		{"a misspelt rule field in an array", "[\n {\"id\": \"a\", \"condition\": \"true\"},\n {\"id\": \"b\", \"conditon\": \"true\"}\n]",
			"eligibility rules", "rules[1].conditon",
			func(b []byte) error { _, _, err := people.ParseEligibilityRules(b); return err }},
		{"an unknown talk state", `{"id": "T-1", "state": "TALK_STATE_FORGOTTEN"}`, "talk", "state",
			func(b []byte) error { _, err := people.ParseTalk(b); return err }},
		{"a held_at that is not a time", `{"id": "T-1", "heldAt": "next Tuesday"}`, "talk", "heldAt",
			func(b []byte) error { _, err := people.ParseTalk(b); return err }},
		{"a commitment that is not an object", `{"id": "T-1", "commitments": [{}, 3]}`, "talk", "commitments[1]",
			func(b []byte) error { _, err := people.ParseTalk(b); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.parse([]byte(tt.doc))
			var de *people.DecodeError
			require.True(t, errors.As(err, &de), "got %v", err)
			assert.Equal(t, tt.want, de.Document)
			assert.Equal(t, tt.path, de.Path)
		})
	}
	_, err := people.ParseReviewPlan([]byte("id: \"p\"\nschemes { id: 1 }"))
	var de *people.DecodeError
	require.True(t, errors.As(err, &de), "text format: %v", err)
	assert.Contains(t, err.Error(), "2:", "the text format error names the line")
	_, err = people.ParseTalk(make([]byte, people.MaxDocumentSize+1))
	assert.True(t, errors.As(err, &de), "an oversized document: %v", err)
}

// FuzzParsePeopleDocuments feeds documents to the three parsers and what
// they accept to NewPlan and NewRules: nothing may panic, and every error
// of a parser is a *DecodeError.
func FuzzParsePeopleDocuments(f *testing.F) {
	for _, m := range []proto.Message{sample.ReviewPlan2026(), sample.Talk2026(),
		&zerenv1.PutEligibilityRulesRequest{Id: "2026", Rules: sample.EligibilityRules2026()}} {
		js, err := protojson.Marshal(m)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(js)
		tx, err := prototext.Marshal(m)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(tx)
	}
	f.Add([]byte(`[{"id": "a", "condition": "outcome.grade == \"优秀\""}]`))
	f.Add([]byte{})
	h := sample.Hierarchy()
	env, err := cel.NewEnv()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var de *people.DecodeError
		if plan, err := people.ParseReviewPlan(data); err == nil {
			_, _ = people.NewPlan(plan, h)
		} else if !errors.As(err, &de) {
			t.Fatalf("ParseReviewPlan: %T %v", err, err)
		}
		if _, rules, err := people.ParseEligibilityRules(data); err == nil {
			_, _ = people.NewRules(env, rules)
		} else if !errors.As(err, &de) {
			t.Fatalf("ParseEligibilityRules: %T %v", err, err)
		}
		if _, err := people.ParseTalk(data); err != nil && !errors.As(err, &de) {
			t.Fatalf("ParseTalk: %T %v", err, err)
		}
	})
}
