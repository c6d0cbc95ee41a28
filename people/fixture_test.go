package people_test

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/accountability"
	"github.com/zerenlab/zeren/assessment"
	"github.com/zerenlab/zeren/cel"
	"github.com/zerenlab/zeren/people"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
)

// year is 示例市's 2026 as the library computes it: the assessment, the
// scored 述职评议 at every level and the accountability proposals.
type year struct {
	env       *cel.Env
	eng       *assessment.Engine
	results   []*zerenv1.Result
	reviews   []*zerenv1.ReviewResult
	proposals []*zerenv1.Proposal
	input     []*zerenv1.Finding
	cases     []*zerenv1.SupervisionCase
}

var (
	yearOnce sync.Once
	yearVal  year
	yearErr  error
)

func sampleYear(t testing.TB) year {
	t.Helper()
	yearOnce.Do(func() { yearVal, yearErr = computeYear() })
	require.NoError(t, yearErr)
	return yearVal
}

func computeYear() (year, error) {
	ctx := context.Background()
	var y year
	var err error
	if y.env, err = cel.NewEnv(cel.WithLocation(sample.Location)); err != nil {
		return y, err
	}
	if y.eng, err = assessment.New(ctx, sample.IndicatorSystem(), y.env); err != nil {
		return y, err
	}
	facts := sample.Facts2026()
	run, err := y.eng.Run(ctx, facts, assessment.WithReviews(sample.Reviews2026()...))
	if err != nil {
		return y, err
	}
	y.results = run.Results
	in := sample.Input2026()
	y.input, y.cases = in.Findings, in.Cases
	pl, err := people.NewPlan(sample.ReviewPlan2026(), sample.Hierarchy())
	if err != nil {
		return y, err
	}
	if y.reviews, err = pl.Score(sample.PostReviews2026(), in.Findings); err != nil {
		return y, err
	}
	p, err := accountability.New(y.env, sample.Hierarchy(), sample.Triggers())
	if err != nil {
		return y, err
	}
	y.proposals, _, err = p.Propose(ctx, facts, run.Results)
	return y, err
}

// record returns the year's records in slices of its own, so that a test
// appending to them (in parallel with others) never writes into the shared
// year's arrays.
func (y year) record() people.Record {
	return people.Record{Results: slices.Clone(y.results), Reviews: slices.Clone(y.reviews), Findings: slices.Clone(y.input),
		Cases: slices.Clone(y.cases), Proposals: slices.Clone(y.proposals), GradeName: y.eng.GradeName}
}
