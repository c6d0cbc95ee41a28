package assessment_test

import (
	"context"
	"testing"

	"google.golang.org/protobuf/encoding/protojson"

	"github.com/zerenlab/zeren/assessment"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
)

// FuzzEngineFacts feeds arbitrary facts (protojson) through the sample
// engine: scoring never panics, and a run either fails with an error or
// returns one graded result. Each execution scores a whole unit, so run it
// with a short minimisation, e.g.
//
//	go test -run '^$' -fuzz FuzzEngineFacts -fuzztime 60s -fuzzminimizetime 2s ./assessment
func FuzzEngineFacts(f *testing.F) {
	// Small seeds keep minimisation quick: a sample unit with a few
	// assignments, findings and cases.
	for _, u := range sample.Facts2026()[:3] {
		u.Assignments, u.Organizations = u.GetAssignments()[:4], nil
		b, err := protojson.Marshal(u)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"unit":{"id":"u"},"metrics":{"theory_study_rate":1e308,"party_fee_rate":-1e308,"brand_awards":1e300}}`))
	f.Add([]byte(`{"unit":{"id":"u"},"businessScore":"NaN","review":{"score":"Infinity","satisfaction":-5,"valid":true}}`))
	f.Add([]byte(`{"unit":{"id":"u"},"assignments":[{"weight":-1,"target":1e308},{"due":"0001-01-01T00:00:00Z"}],"now":"9999-12-31T23:59:59Z"}`))
	f.Add([]byte(`{}`))
	e, err := assessment.New(context.Background(), sample.IndicatorSystem(), env)
	if err != nil {
		f.Fatal(err)
	}
	reviews := sample.Reviews2026()
	f.Fuzz(func(t *testing.T, data []byte) {
		facts := &zerenv1.UnitFacts{}
		if err := (protojson.UnmarshalOptions{DiscardUnknown: true}).Unmarshal(data, facts); err != nil {
			return
		}
		r := e.Score(context.Background(), facts)
		_ = e.Render(r)
		if _, err := assessment.MarshalJSON(r); err != nil {
			t.Fatalf("marshal a result: %v", err)
		}
		id := facts.GetUnit().GetId()
		var rv []*zerenv1.Review
		for _, x := range reviews {
			if x.GetUnitId() == id {
				rv = append(rv, x)
			}
		}
		run, err := e.Run(context.Background(), []*zerenv1.UnitFacts{facts}, assessment.WithReviews(rv...))
		if err != nil {
			return
		}
		if len(run.Results) != 1 || run.Results[0].GetGradeId() == "" || run.Results[0].GetRank() != 1 {
			t.Fatalf("one unit must be ranked and graded: %v", run.Results)
		}
	})
}

// FuzzNewSystem feeds arbitrary indicator systems (protojson) to New: it
// never panics, and an engine it builds scores and ranks without panicking.
func FuzzNewSystem(f *testing.F) {
	b, err := protojson.Marshal(sample.IndicatorSystem())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(`{"indicators":[{"id":"1","maxPoints":1e9,"formula":"1e300","pointsFormula":true}],"bonuses":[{"id":"b","formula":"1e308","modifiers":[{"condition":"true","factor":1000}]}]}`))
	f.Add([]byte(`{"precision":4,"rounding":"SCORE_ROUNDING_DOWN","indicators":[{"id":"1","maxPoints":0.0001,"weight":1e-9,"formula":"0.5"},{"id":"2","maxPoints":3,"weight":1e9,"formula":"1.0/3.0"}],"maxScore":7}`))
	f.Add([]byte(`{"indicators":[{"id":"1","children":[{"id":"1.1","maxPoints":5,"formula":"metrics.x"}]}],"gradeScale":{"grades":[{"id":"a","minScore":1,"quotaPercent":100},{"id":"b"}],"tieRule":"TIE_RULE_SHARED"},"review":{"raterGroups":[{"id":"g","weight":1}],"trimPercent":49.9,"satisfactionThreshold":100,"belowThresholdGradeId":"b","weightPercent":100}}`))
	f.Add([]byte(`{"indicators":[{"id":"1","formula":")("}],"vetoes":[{"id":"v","condition":"1","gradeId":"x"}]}`))
	units := sample.Facts2026()[:2]
	units = append(units, &zerenv1.UnitFacts{Unit: &zerenv1.Unit{Id: "empty"}, Metrics: map[string]float64{"x": 0.5}})
	f.Fuzz(func(t *testing.T, data []byte) {
		sys := &zerenv1.IndicatorSystem{}
		if err := (protojson.UnmarshalOptions{DiscardUnknown: true}).Unmarshal(data, sys); err != nil {
			return
		}
		e, err := assessment.New(context.Background(), sys, env)
		if err != nil {
			return
		}
		var reviews []*zerenv1.Review
		if sys.GetReview() != nil {
			reviews = append(reviews, &zerenv1.Review{UnitId: "empty", Ballots: []*zerenv1.Ballot{
				{RaterGroupId: sys.GetReview().GetRaterGroups()[0].GetId(), Choice: zerenv1.ReviewChoice_REVIEW_CHOICE_GOOD, Count: 3}}})
		}
		run, err := e.Run(context.Background(), units, assessment.WithReviews(reviews...))
		if err != nil {
			t.Fatalf("a valid engine fails on valid units: %v", err)
		}
		_ = e.RenderRun(run)
		for _, r := range run.Results {
			_ = e.Render(r)
		}
	})
}
