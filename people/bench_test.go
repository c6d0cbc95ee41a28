package people_test

import (
	"context"
	"testing"

	"github.com/zerenlab/zeren/people"
	"github.com/zerenlab/zeren/sample"
)

// BenchmarkOutcome computes the outcome of the outgoing 党组书记 over the
// sample year's records, with the eligibility rules.
func BenchmarkOutcome(b *testing.B) {
	y := sampleYear(b)
	rec := y.record()
	rules, err := people.NewRules(y.env, sample.EligibilityRules2026())
	if err != nil {
		b.Fatal(err)
	}
	h := sample.Hierarchy()
	b.ReportAllocs()
	for b.Loop() {
		o, err := people.Outcome(h, sample.RotationOldSecretaryID, year2026, rec)
		if err != nil {
			b.Fatal(err)
		}
		o.Eligibility = rules.Evaluate(context.Background(), o)
	}
}

// BenchmarkScoreReviews checks and scores the sample's seven reviews.
func BenchmarkScoreReviews(b *testing.B) {
	pl, err := people.NewPlan(sample.ReviewPlan2026(), sample.Hierarchy())
	if err != nil {
		b.Fatal(err)
	}
	reviews, findings := sample.PostReviews2026(), sample.Input2026().Findings
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pl.Score(reviews, findings); err != nil {
			b.Fatal(err)
		}
	}
}
