package unitfacts_test

import (
	"context"
	"testing"

	"google.golang.org/protobuf/encoding/protojson"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
	"github.com/zerenlab/zeren/unitfacts"
)

// FuzzParse feeds facts documents to Parse and what it accepts to Build:
// neither may panic, and Build either builds or names the problems.
func FuzzParse(f *testing.F) {
	facts := sample.Facts2026()
	set, err := protojson.Marshal(&zerenv1.FactSet{Facts: facts[:2]})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(set)
	f.Add([]byte(`[{"unit": {"id": "czj"}, "metrics": {"a": 1}}]`))
	f.Add([]byte(`facts { unit { id: "czj" } findings { id: "F1" organization_id: "czj-pg" found_at { seconds: 1780000000 } } }`))
	f.Add([]byte(`{"facts": [{"assignments": [{"due": "x"}]}]}`))
	h := hierarchy(f, sample.Structure())
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := unitfacts.Parse(data)
		if err != nil {
			return
		}
		in := unitfacts.Input{Period: year2026, AsOf: sample.AssessmentNow, Plan: sample.Plan()}
		for _, uf := range got {
			in.Assignments = append(in.Assignments, uf.GetAssignments()...)
			in.Findings = append(in.Findings, uf.GetFindings()...)
			in.Cases = append(in.Cases, uf.GetCases()...)
		}
		_, _ = unitfacts.Build(context.Background(), h, in)
	})
}
