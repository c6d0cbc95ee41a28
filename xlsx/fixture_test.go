package xlsx_test

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/accountability"
	"github.com/zerenlab/zeren/assessment"
	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/cel"
	"github.com/zerenlab/zeren/frameworks"
	"github.com/zerenlab/zeren/internal/yearsim"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
	"github.com/zerenlab/zeren/sample"
)

// year is 示例市's 2026 played through the library: what the exports show.
type year struct {
	h         *responsibility.Hierarchy
	plan      *zerenv1.Plan
	sim       *yearsim.Year
	system    *zerenv1.IndicatorSystem
	results   []*zerenv1.Result
	proposals []*zerenv1.Proposal
}

var (
	yearOnce sync.Once
	yearVal  *year
	yearErr  error
)

func sampleYear(t testing.TB) *year {
	t.Helper()
	yearOnce.Do(func() { yearVal, yearErr = playYear() })
	require.NoError(t, yearErr)
	return yearVal
}

func playYear() (*year, error) {
	ctx := context.Background()
	h, err := responsibility.New(frameworks.SanjiWugang(), sample.Structure(), responsibility.WithLocation(sample.Location))
	if err != nil {
		return nil, err
	}
	cal, err := calendar.New(sample.Calendar(), sample.Location)
	if err != nil {
		return nil, err
	}
	y := &year{h: h, plan: sample.Plan(), system: sample.IndicatorSystem()}
	if y.sim, err = yearsim.Run(ctx, h, y.plan, cal, yearsim.Sample()); err != nil {
		return nil, err
	}
	env, err := cel.NewEnv(cel.WithLocation(sample.Location))
	if err != nil {
		return nil, err
	}
	eng, err := assessment.New(ctx, y.system, env)
	if err != nil {
		return nil, err
	}
	facts := sample.Facts2026()
	run, err := eng.Run(ctx, facts, assessment.WithReviews(sample.Reviews2026()...))
	if err != nil {
		return nil, err
	}
	y.results = run.Results
	p, err := accountability.New(env, h, sample.Triggers())
	if err != nil {
		return nil, err
	}
	if y.proposals, _, err = p.Propose(ctx, facts, run.Results); err != nil {
		return nil, err
	}
	return y, nil
}
