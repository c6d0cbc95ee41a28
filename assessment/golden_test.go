package assessment_test

import (
	"bytes"
	"context"
	"flag"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/assessment"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create %s", path)
	assert.Equal(t, string(want), string(got), "%s differs; run go test -update and review the diff", path)
}

// sampleRun scores 示例市's 2026 facts with the given engine.
func sampleRun(t testing.TB, e *assessment.Engine, units []*zerenv1.UnitFacts) *assessment.Run {
	t.Helper()
	run, err := e.Run(context.Background(), units, assessment.WithReviews(sample.Reviews2026()...))
	require.NoError(t, err)
	return run
}

func TestGoldenSampleUnit(t *testing.T) {
	t.Parallel()
	e := mustEngine(t, sample.IndicatorSystem())
	run := sampleRun(t, e, sample.Facts2026())
	for _, id := range []string{sample.WeakUnitID, sample.FinanceUnitID} {
		r := run.Result(id)
		golden(t, id+".render.golden", []byte(e.Render(r)))
		js, err := assessment.MarshalJSON(r)
		require.NoError(t, err)
		golden(t, id+".json.golden", js)
	}
	golden(t, "ranking.golden", []byte(e.RenderRun(run)))
}

// runBytes renders every result of a run as JSON, in the run's order.
func runBytes(t testing.TB, run *assessment.Run) []byte {
	var b bytes.Buffer
	for _, r := range run.Results {
		js, err := assessment.MarshalJSON(r)
		require.NoError(t, err)
		b.Write(js)
	}
	return b.Bytes()
}

func TestRerunIsByteIdentical(t *testing.T) {
	t.Parallel()
	e := mustEngine(t, sample.IndicatorSystem())
	first := runBytes(t, sampleRun(t, e, sample.Facts2026()))
	again := runBytes(t, sampleRun(t, e, sample.Facts2026()))
	assert.Equal(t, first, again, "re-running the same snapshot")

	one := mustEngine(t, sample.IndicatorSystem(), assessment.WithWorkers(1))
	assert.Equal(t, first, runBytes(t, sampleRun(t, one, sample.Facts2026())), "one worker or many")

	rng := rand.New(rand.NewPCG(1, 2))
	for range 5 {
		units := sample.Facts2026()
		rng.Shuffle(len(units), func(i, j int) { units[i], units[j] = units[j], units[i] })
		assert.Equal(t, first, runBytes(t, sampleRun(t, e, units)), "units in another order")
	}
}

func TestDryRun(t *testing.T) {
	t.Parallel()
	old := mustEngine(t, sample.IndicatorSystem())
	next := sample.IndicatorSystem()
	next.Deductions[0].Cap = 4                                                                                                                        // 督查发现问题 capped lower
	next.Indicators[3].Children[2].Formula = "7.0 - 3.0 * double(facts.findings.filter(f,\n    f.dimension == Dimension.DIMENSION_INTEGRITY).size())" // only integrity, 3 each
	next.Bonuses = next.Bonuses[:1]                                                                                                                   // no more 经验推广
	rep, err := assessment.DryRun(context.Background(), old, mustEngine(t, next), sample.Facts2026(),
		assessment.WithReviews(sample.Reviews2026()...))
	require.NoError(t, err)
	require.Len(t, rep.Units, 11)
	byID := map[string]assessment.UnitChange{}
	for _, u := range rep.Units {
		byID[u.UnitID] = u
	}
	weak := byID[sample.WeakUnitID]
	assert.True(t, weak.Changed())
	assert.NotEqual(t, weak.OldScore, weak.NewScore)
	same := byID[sample.TiedUnitA]
	assert.Equal(t, same.OldScore, same.NewScore, "a unit with no integrity finding, no bonus and a small deduction keeps its score")
	assert.Empty(t, same.Items, "a dropped item that scored nothing is no change")
	assert.False(t, same.Changed())
	assert.Equal(t, []string{"B2"}, rep.Removed)
	golden(t, "dryrun.golden", []byte(rep.String()))
}
