package people_test

import (
	"context"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/people"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
)

// FuzzScoreReviews feeds arbitrary reviews (a zeren.v1.ReviewSet) to the
// sample plan: Score must answer results or a *ValidationError, never panic.
func FuzzScoreReviews(f *testing.F) {
	raw, err := proto.Marshal(&zerenv1.ReviewSet{Reviews: sample.PostReviews2026()})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(raw)
	f.Add([]byte{})
	pl, err := people.NewPlan(sample.ReviewPlan2026(), sample.Hierarchy())
	if err != nil {
		f.Fatal(err)
	}
	findings := sample.Input2026().Findings
	f.Fuzz(func(t *testing.T, data []byte) {
		set := &zerenv1.ReviewSet{}
		if proto.Unmarshal(data, set) != nil {
			return
		}
		res, err := pl.Score(set.GetReviews(), findings)
		if err == nil && len(res) != len(set.GetReviews()) {
			t.Fatalf("%d results for %d reviews", len(res), len(set.GetReviews()))
		}
	})
}

// FuzzEligibilityRule compiles arbitrary conditions and evaluates those that
// compile over an empty outcome: a *ValidationError or a result, never a
// panic.
func FuzzEligibilityRule(f *testing.F) {
	for _, r := range sample.EligibilityRules2026() {
		f.Add(r.GetCondition())
	}
	f.Add("person.posts.exists(p, p.days > 180")
	f.Add("size(person.finding_ids) == 0 && person.period.year == 2026")
	f.Fuzz(func(t *testing.T, src string) {
		rules, err := people.NewRules(nil, []*zerenv1.EligibilityRule{{Id: "x", Kind: zerenv1.EligibilityKind_ELIGIBILITY_KIND_CADRE_FLAG, Condition: src}})
		if err != nil {
			return
		}
		if got := rules.Evaluate(context.Background(), &zerenv1.PersonOutcome{}); len(got) != 1 {
			t.Fatalf("%d results for one rule", len(got))
		}
	})
}
