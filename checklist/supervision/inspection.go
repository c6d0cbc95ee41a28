package supervision

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// PlanOption configures [PlanInspections].
type PlanOption interface {
	applyPlan(*planConfig)
}

type planConfig struct {
	quarters      []int
	workCommittee bool
}

type planOptionFunc func(*planConfig)

func (f planOptionFunc) applyPlan(c *planConfig) { f(c) }

// WithQuarters restricts the plan to the given quarters (1–4), e.g. 2 and 4
// for a half-yearly rhythm. Default: all four.
func WithQuarters(q ...int) PlanOption {
	return planOptionFunc(func(c *planConfig) { c.quarters = append([]int(nil), q...) })
}

// WithWorkCommittee includes units of kind UNIT_KIND_WORK_COMMITTEE, which
// are left out by default because the 机关工委 organises the inspections.
func WithWorkCommittee() PlanOption {
	return planOptionFunc(func(c *planConfig) { c.workCommittee = true })
}

// PlanInspections makes the year's inspection plan (年度督查计划) over the
// units (pass those of [responsibility.Hierarchy.Units]): every unit once in
// the year, key units (重点单位) on site (实地督查), the others by documents
// (书面督查), spread evenly over the quarters and planned on working days.
//
// Units are taken in id order, so the input order does not matter. A
// pseudo-random generator (PCG from math/rand/v2, seeded with seed and year)
// shuffles the key units and the other units; they are then dealt to the
// quarters in turn, key units first, so that every quarter has as many
// inspections as any other, give or take one, and as many key units. Within
// a quarter the inspections are spaced evenly over its working days. The
// same units, year, seed, calendar and options give the same plan; another
// seed gives another sampling. Inspection ids are "DC-<year>-<unit id>",
// independent of the seed; the plan lists them by date, then id.
//
// It returns a [*ValidationError] with every problem in the input: a nil
// unit, a missing or repeated id, a year outside 1–9999, a quarter outside
// 1–4 or one without a working day. A nil cal means weekends only.
func PlanInspections(units []*zerenv1.Unit, year int, seed int64, cal *calendar.Calendar, opts ...PlanOption) (*zerenv1.InspectionPlan, error) {
	if cal == nil {
		cal = calendar.Weekends(nil)
	}
	cfg := planConfig{quarters: []int{1, 2, 3, 4}}
	for _, o := range opts {
		if o != nil {
			o.applyPlan(&cfg)
		}
	}
	var v problems
	if year < 1 || year > 9999 {
		v.add(problem.InvalidValue, "plan", "", "", "year", "年度"+strconv.Itoa(year)+"不在1–9999之间",
			strconv.Itoa(year)+" is outside 1–9999")
	}
	if len(cfg.quarters) == 0 {
		v.add(problem.MissingField, "plan", "", "", "quarters", "没有可安排督查的季度", "no quarter to plan in")
	}
	seenQ := map[int]bool{}
	for _, q := range cfg.quarters {
		switch {
		case q < 1 || q > 4:
			v.add(problem.InvalidValue, "plan", "", "", "quarters", "第"+strconv.Itoa(q)+"季度不在1–4之间",
				"quarter "+strconv.Itoa(q)+" is outside 1–4")
		case seenQ[q]:
			v.add(problem.DuplicateID, "plan", "", "", "quarters", "第"+strconv.Itoa(q)+"季度重复",
				"quarter "+strconv.Itoa(q)+" is listed twice")
		}
		seenQ[q] = true
	}
	var keyUnits, others []*zerenv1.Unit
	seen := map[string]int{}
	for i, u := range units {
		switch {
		case u == nil:
			v.add(problem.MissingField, "unit", at("units", i), pos(i), "", "单位为空", "unit is nil")
			continue
		case u.GetId() == "":
			v.add(problem.MissingField, "unit", at("units", i), pos(i), "id", "未填写单位编号", "unit id is missing")
			continue
		}
		if j, dup := seen[u.GetId()]; dup {
			v.add(problem.DuplicateID, "unit", at("units", i), u.GetId(), "id", "重复列出（另见"+pos(j)+"）",
				"listed twice (also "+pos(j)+")")
			continue
		}
		seen[u.GetId()] = i
		if u.GetKind() == zerenv1.UnitKind_UNIT_KIND_WORK_COMMITTEE && !cfg.workCommittee {
			continue
		}
		if u.GetKeyUnit() {
			keyUnits = append(keyUnits, u)
		} else {
			others = append(others, u)
		}
	}
	if err := v.err(); err != nil {
		return nil, err
	}
	quarters := slices.Clone(cfg.quarters)
	slices.Sort(quarters)
	loc := cal.Location()
	days := make(map[int][]time.Time, len(quarters))
	for _, q := range quarters {
		start := time.Date(year, time.Month(3*q-2), 1, 0, 0, 0, 0, loc)
		for d := range cal.WorkdaysIn(start, start.AddDate(0, 3, 0)) {
			days[q] = append(days[q], d)
		}
		if len(days[q]) == 0 {
			v.add(problem.Conflict, "plan", "", "", "quarters",
				strconv.Itoa(year)+"年第"+strconv.Itoa(q)+"季度没有工作日",
				"quarter "+strconv.Itoa(q)+" of "+strconv.Itoa(year)+" has no working day")
		}
	}
	if err := v.err(); err != nil {
		return nil, err
	}

	byID := func(a, b *zerenv1.Unit) int { return strings.Compare(a.GetId(), b.GetId()) }
	slices.SortFunc(keyUnits, byID)
	slices.SortFunc(others, byID)
	rng := rand.New(rand.NewPCG(uint64(seed), uint64(year)))
	rng.Shuffle(len(keyUnits), func(i, j int) { keyUnits[i], keyUnits[j] = keyUnits[j], keyUnits[i] })
	rng.Shuffle(len(others), func(i, j int) { others[i], others[j] = others[j], others[i] })

	perQuarter := make(map[int][]*zerenv1.Unit, len(quarters))
	for k, u := range slices.Concat(keyUnits, others) {
		q := quarters[k%len(quarters)]
		perQuarter[q] = append(perQuarter[q], u)
	}
	plan := &zerenv1.InspectionPlan{Year: int32(year), Seed: seed}
	for _, q := range quarters {
		us, wd := perQuarter[q], days[q]
		for i, u := range us {
			mode := zerenv1.InspectionMode_INSPECTION_MODE_DOCUMENTS
			if u.GetKeyUnit() {
				mode = zerenv1.InspectionMode_INSPECTION_MODE_ON_SITE
			}
			on := wd[(2*i+1)*len(wd)/(2*len(us))]
			plan.Inspections = append(plan.Inspections, &zerenv1.Inspection{
				Id:        InspectionID(year, u.GetId()),
				UnitId:    u.GetId(),
				Period:    &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_QUARTER, Year: int32(year), Index: int32(q)},
				Mode:      mode,
				PlannedOn: timestamppb.New(on),
			})
		}
	}
	slices.SortStableFunc(plan.Inspections, func(a, b *zerenv1.Inspection) int {
		if c := a.GetPlannedOn().AsTime().Compare(b.GetPlannedOn().AsTime()); c != 0 {
			return c
		}
		return strings.Compare(a.GetId(), b.GetId())
	})
	return plan, nil
}
