package supervision_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/checklist/supervision"
	"github.com/zerenlab/zeren/frameworks"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
	"github.com/zerenlab/zeren/sample"
)

func sampleUnits(t *testing.T) []*zerenv1.Unit {
	t.Helper()
	h, err := responsibility.New(frameworks.SanjiWugang(), sample.Structure(), responsibility.WithLocation(cst))
	require.NoError(t, err)
	return slices.Collect(h.Units())
}

// manyUnits makes n units, every tenth a key unit.
func manyUnits(n int) []*zerenv1.Unit {
	out := make([]*zerenv1.Unit, n)
	for i := range out {
		out[i] = &zerenv1.Unit{Id: fmt.Sprintf("u%03d", i), Name: fmt.Sprintf("单位%d", i), KeyUnit: i%10 == 0,
			Kind: zerenv1.UnitKind_UNIT_KIND_DIRECT}
	}
	return out
}

func TestThePlanCoversEveryUnitOnceWithKeyUnitsOnSite(t *testing.T) {
	t.Parallel()
	cal := sampleCalendar(t)
	units := sampleUnits(t)
	plan, err := supervision.PlanInspections(units, 2026, 7, cal)
	require.NoError(t, err)
	assert.Equal(t, int32(2026), plan.GetYear())
	assert.Equal(t, int64(7), plan.GetSeed())

	byUnit := map[string]*zerenv1.Inspection{}
	for _, in := range plan.GetInspections() {
		_, dup := byUnit[in.GetUnitId()]
		assert.False(t, dup, "unit %s inspected twice", in.GetUnitId())
		byUnit[in.GetUnitId()] = in
	}
	for _, u := range units {
		in, ok := byUnit[u.GetId()]
		if u.GetKind() == zerenv1.UnitKind_UNIT_KIND_WORK_COMMITTEE {
			assert.False(t, ok, "the 工委 organises, it is not inspected")
			continue
		}
		require.True(t, ok, "unit %s is covered", u.GetId())
		assert.Equal(t, "DC-2026-"+u.GetId(), in.GetId())
		want := zerenv1.InspectionMode_INSPECTION_MODE_DOCUMENTS
		if u.GetKeyUnit() {
			want = zerenv1.InspectionMode_INSPECTION_MODE_ON_SITE
		}
		assert.Equal(t, want, in.GetMode(), u.GetId())
		on := in.GetPlannedOn().AsTime().In(cst)
		assert.True(t, cal.IsWorkday(on), "%s planned on a working day, %s", u.GetId(), on)
		assert.Equal(t, cal.Day(on), on, "planned on a day")
		q := in.GetPeriod()
		assert.Equal(t, zerenv1.PeriodKind_PERIOD_KIND_QUARTER, q.GetKind())
		assert.Equal(t, int32((int(on.Month())-1)/3+1), q.GetIndex(), "the date is in its quarter")
	}
	assert.Len(t, byUnit, len(units)-1)
	assert.Equal(t, zerenv1.InspectionMode_INSPECTION_MODE_ON_SITE, byUnit[sample.FinanceUnitID].GetMode())
	assert.Equal(t, zerenv1.InspectionMode_INSPECTION_MODE_ON_SITE, byUnit[sample.DevelopmentUnitID].GetMode())
	assert.True(t, slices.IsSortedFunc(plan.GetInspections(), func(a, b *zerenv1.Inspection) int {
		return a.GetPlannedOn().AsTime().Compare(b.GetPlannedOn().AsTime())
	}), "in date order")
}

func TestTheWorkCommitteeCanBeIncluded(t *testing.T) {
	t.Parallel()
	units := sampleUnits(t)
	plan, err := supervision.PlanInspections(units, 2026, 7, sampleCalendar(t), supervision.WithWorkCommittee())
	require.NoError(t, err)
	assert.Len(t, plan.GetInspections(), len(units))
}

func quarterOf(plan *zerenv1.InspectionPlan) map[string]int32 {
	out := map[string]int32{}
	for _, in := range plan.GetInspections() {
		out[in.GetUnitId()] = in.GetPeriod().GetIndex()
	}
	return out
}

func TestTheSameSeedGivesTheSamePlanAndAnotherSeedAnother(t *testing.T) {
	t.Parallel()
	cal := sampleCalendar(t)
	units := manyUnits(250)
	a, err := supervision.PlanInspections(units, 2026, 42, cal)
	require.NoError(t, err)
	reversed := slices.Clone(units)
	slices.Reverse(reversed)
	b, err := supervision.PlanInspections(reversed, 2026, 42, cal)
	require.NoError(t, err)
	assert.True(t, proto.Equal(a, b), "same seed, same plan, whatever the input order")

	c, err := supervision.PlanInspections(units, 2026, 43, cal)
	require.NoError(t, err)
	assert.NotEqual(t, quarterOf(a), quarterOf(c), "another seed samples other quarters")
	assert.ElementsMatch(t, ids(a.GetInspections()), ids(c.GetInspections()), "but covers the same units")

	small := sampleUnits(t)
	x, err := supervision.PlanInspections(small, 2026, 1, cal)
	require.NoError(t, err)
	y, err := supervision.PlanInspections(small, 2026, 2, cal)
	require.NoError(t, err)
	assert.NotEqual(t, quarterOf(x), quarterOf(y), "even over 示例市's eleven units")
}

func TestQuartersAreBalanced(t *testing.T) {
	t.Parallel()
	cal := sampleCalendar(t)
	for _, n := range []int{1, 3, 11, 250, 1001} {
		for _, seed := range []int64{0, 1, -5, 1 << 40} {
			plan, err := supervision.PlanInspections(manyUnits(n), 2026, seed, cal)
			require.NoError(t, err)
			all, key := map[int32]int{}, map[int32]int{}
			for _, in := range plan.GetInspections() {
				all[in.GetPeriod().GetIndex()]++
				if in.GetMode() == zerenv1.InspectionMode_INSPECTION_MODE_ON_SITE {
					key[in.GetPeriod().GetIndex()]++
				}
			}
			assert.Len(t, plan.GetInspections(), n)
			assert.LessOrEqual(t, spread(all), 1, "n=%d seed=%d quarters %v", n, seed, all)
			assert.LessOrEqual(t, spread(key), 1, "n=%d seed=%d key units %v", n, seed, key)
		}
	}
}

// spread is max − min over quarters 1–4.
func spread(m map[int32]int) int {
	lo, hi := m[1], m[1]
	for q := int32(2); q <= 4; q++ {
		lo, hi = min(lo, m[q]), max(hi, m[q])
	}
	return hi - lo
}

func TestWithQuartersPlansOnlyThose(t *testing.T) {
	t.Parallel()
	plan, err := supervision.PlanInspections(manyUnits(20), 2026, 1, sampleCalendar(t), supervision.WithQuarters(4, 2))
	require.NoError(t, err)
	counts := map[int32]int{}
	for _, in := range plan.GetInspections() {
		counts[in.GetPeriod().GetIndex()]++
	}
	assert.Equal(t, map[int32]int{2: 10, 4: 10}, counts)
}

func TestPlanInspectionsReportsEveryProblem(t *testing.T) {
	t.Parallel()
	units := []*zerenv1.Unit{{Id: "a"}, nil, {Name: "无id"}, {Id: "a"}}
	_, err := supervision.PlanInspections(units, 0, 1, nil, supervision.WithQuarters(0, 2, 2))
	var verr *supervision.ValidationError
	require.ErrorAs(t, err, &verr)
	var got []string
	for _, p := range verr.Problems {
		got = append(got, p.String())
	}
	assert.Equal(t, []string{
		`plan: year: 0 is outside 1–9999`,
		`plan: quarters: quarter 0 is outside 1–4`,
		`plan: quarters: quarter 2 is listed twice`,
		`unit "#2": unit is nil`,
		`unit "#3": id: unit id is missing`,
		`unit "a": id: listed twice (also #1)`,
	}, got)
}

func TestAQuarterWithoutWorkingDaysIsAnError(t *testing.T) {
	t.Parallel()
	doc := &zerenv1.Calendar{Id: "all-off"}
	for d := day(time.January, 1); d.Before(day(time.April, 1)); d = d.AddDate(0, 0, 1) {
		doc.Holidays = append(doc.Holidays, ts(d))
	}
	cal, err := newCalendar(doc)
	require.NoError(t, err)
	_, err = supervision.PlanInspections(manyUnits(4), 2026, 1, cal)
	assert.ErrorContains(t, err, "quarter 1 of 2026 has no working day")
}

func TestThePlanFeedsDue(t *testing.T) {
	t.Parallel()
	cal := sampleCalendar(t)
	plan, err := supervision.PlanInspections(sampleUnits(t), 2026, 7, cal)
	require.NoError(t, err)
	first := plan.GetInspections()[0]
	ag := supervision.Due(first.GetPlannedOn().AsTime().Add(9*time.Hour), supervision.State{Plan: plan}, cal, supervision.DefaultPolicy())
	assert.Contains(t, ids(ag.Inspections), first.GetId())
}
