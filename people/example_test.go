package people_test

import (
	"fmt"
	"time"

	"github.com/zerenlab/zeren/people"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
)

// Both holders of 市财政局's 党组书记 post in 2026, each reviewed for the
// months held.
func ExampleOutcome() {
	h := sample.Hierarchy()
	plan, err := people.NewPlan(sample.ReviewPlan2026(), h)
	if err != nil {
		panic(err)
	}
	reviews, err := plan.Score(sample.PostReviews2026(), sample.Input2026().Findings)
	if err != nil {
		panic(err)
	}
	year := &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_YEAR, Year: 2026}
	for _, id := range []string{sample.RotationOldSecretaryID, sample.RotationNewSecretaryID} {
		o, err := people.Outcome(h, id, year, people.Record{Reviews: reviews})
		if err != nil {
			panic(err)
		}
		p := o.GetPosts()[0]
		r := o.GetReviews()[0]
		fmt.Printf("%s %s %s–%s %d days; review %.2f\n", o.GetPersonName(), p.GetPostId(),
			p.GetStart().AsTime().In(sample.Location).Format("01-02"),
			p.GetEnd().AsTime().Add(-time.Nanosecond).In(sample.Location).Format("01-02"), p.GetDays(), r.GetScore())
	}
	// Output:
	// 周启明 czj-pg-sec 01-01–06-30 181 days; review 91.60
	// 叶思远 czj-pg-sec 07-01–12-31 184 days; review 95.09
}
