package supervision_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/checklist/supervision"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// world is a generated state of several units, each with a few
// organisations, as a year replayed day by day sees it: assignments of
// several periods, some done, some overdue, some due soon; cases in every
// state, some past their deadline, some already urged; findings on their
// own and on the plan's inspections; and the records Due diagnoses.
type world struct {
	state supervision.State
	dir   directory
}

// unit returns the unit of an organisation ("" for a record without one).
func (w world) unit(org string) string { return w.dir.units[org] }

func genWorld(t testing.TB, seed uint64, cal *calendar.Calendar) world {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 12))
	w := world{dir: directory{units: map[string]string{}, names: map[string]string{}, tasks: map[string]string{}}}
	var orgs []string
	units := 6 + r.IntN(5)
	for u := range units {
		unit := fmt.Sprintf("u%d", u)
		for b := range 1 + r.IntN(4) {
			org := fmt.Sprintf("%s-b%d", unit, b+1)
			orgs = append(orgs, org)
			w.dir.units[org] = unit
			if r.IntN(3) > 0 {
				w.dir.names[org] = unit + "机关第" + strconv.Itoa(b+1) + "支部"
			}
		}
	}
	tasks := []string{"t0", "t1", "t2", "t3", "t4"}
	for _, task := range tasks[:3] {
		w.dir.tasks[task] = "任务" + task
	}
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	// June 1 to July 20 is the window the tests replay.
	window := func() time.Time { return day(time.June, 1).AddDate(0, 0, r.IntN(50)) }
	policy := supervision.DefaultPolicy()

	s := &w.state
	var overdue []*zerenv1.Assignment
	n := 0
	for _, org := range orgs {
		for _, task := range tasks {
			periods := []*zerenv1.Period{
				{Kind: zerenv1.PeriodKind_PERIOD_KIND_QUARTER, Year: 2026, Index: 1},
				{Kind: zerenv1.PeriodKind_PERIOD_KIND_QUARTER, Year: 2026, Index: 2},
				{Kind: zerenv1.PeriodKind_PERIOD_KIND_YEAR, Year: 2026},
			}
			for m := 1; m <= 7; m++ {
				periods = append(periods, &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_MONTH, Year: 2026, Index: int32(m)})
			}
			for _, per := range periods {
				if r.IntN(4) == 0 {
					continue
				}
				_, last, _ := calendar.PeriodMonths(per)
				if per.GetKind() == zerenv1.PeriodKind_PERIOD_KIND_YEAR {
					last = 7 // a yearly task due at the end of July
				}
				due := day(time.Month(last)+1, 1).AddDate(0, 0, -1-r.IntN(4))
				n++
				a := assignment(fmt.Sprintf("a%04d", n), org, task, due)
				a.Period = per
				switch k := r.IntN(100); {
				case k < 55: // done the day before its due date, or a little after
					a.Status = statusDone
					a.CompletedAt = ts(due.AddDate(0, 0, r.IntN(20)-3).Add(10 * time.Hour))
				case k < 60:
					a.Status = zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_RETIRED
				case k < 63:
					a.Status = statusDone // done, no completion instant
				case k < 67:
					a.Due = nil // diagnosed when open
				case k < 69:
					a.Id = "" // diagnosed when overdue
				case k < 71:
					a.OrganizationId = "" // likewise
				}
				s.Assignments = append(s.Assignments, a)
				if a.GetStatus() == statusOpen && a.GetDue() != nil && a.GetId() != "" && a.GetOrganizationId() != "" && last <= 5 {
					overdue = append(overdue, a)
				}
				if r.IntN(60) == 0 { // the same assignment listed twice
					s.Assignments = append(s.Assignments, proto.CloneOf(a))
				}
			}
		}
	}
	r.Shuffle(len(s.Assignments), func(i, j int) { s.Assignments[i], s.Assignments[j] = s.Assignments[j], s.Assignments[i] })

	// Cases for some overdue assignments, in every state.
	states := []zerenv1.CaseState{stOpen, stOpen, stRectifying, stReturned, stSubmitted, stVerified, stClosed, stClosed}
	for _, a := range overdue {
		if r.IntN(3) == 0 {
			continue
		}
		opened := cal.AddWorkdays(a.GetDue().AsTime(), 1).Add(9 * time.Hour)
		if a.GetPeriod().GetIndex() == 5 && a.GetPeriod().GetKind() == zerenv1.PeriodKind_PERIOD_KIND_MONTH && r.IntN(2) == 0 {
			opened = cal.NextWorkday(window()).Add(9 * time.Hour) // deadline in the window, maybe opened after today
		}
		c, err := supervision.OpenCase(supervision.CaseSpec{
			ID: supervision.OverdueCaseID(a.GetId(), 1), Source: zerenv1.CaseSource_CASE_SOURCE_OVERDUE,
			OrganizationID: a.GetOrganizationId(), AssignmentIDs: []string{a.GetId()},
		}, opened, cal, policy)
		require.NoError(t, err)
		c.State = states[r.IntN(len(states))]
		c.OverdueCount = int32(r.IntN(3))
		c.YellowCard = r.IntN(4) == 0
		if r.IntN(4) == 0 { // already urged after its deadline
			c.History = append(c.History, &zerenv1.CaseEvent{
				At: ts(cal.AddWorkdays(c.GetDeadline().AsTime(), 2)), FromState: c.GetState(), ToState: c.GetState(),
			})
		}
		s.Cases = append(s.Cases, c)
	}

	// Findings on their own, and on the plan's inspections, one or two per
	// unit planned in the window.
	finding := func(org string) *zerenv1.Finding {
		n++
		f := &zerenv1.Finding{
			Id: fmt.Sprintf("f%04d", n), OrganizationId: org, Severity: zerenv1.Severity(1 + r.IntN(3)),
			Concealed: r.IntN(5) == 0, FoundAt: ts(window()), Description: "三会一课记录不全",
		}
		switch r.IntN(3) {
		case 0:
			f.TaskId = pick(tasks)
		case 1:
			f.ProblemId = "p" + strconv.Itoa(r.IntN(3))
		}
		switch r.IntN(25) {
		case 0:
			f.Id = ""
		case 1:
			f.OrganizationId = ""
		}
		if r.IntN(4) == 0 { // handled already
			c, err := supervision.OpenCase(supervision.CaseSpec{
				ID: supervision.FindingCaseID(f.GetId()), Source: zerenv1.CaseSource_CASE_SOURCE_FINDING,
				OrganizationID: nameOr(org, "x"), FindingID: f.GetId(),
			}, day(time.May, 20).Add(9*time.Hour), cal, policy)
			require.NoError(t, err)
			c.OrganizationId = org
			c.State = states[r.IntN(len(states))]
			s.Cases = append(s.Cases, c)
		}
		return f
	}
	for range len(orgs) {
		s.Findings = append(s.Findings, finding(pick(orgs)))
	}
	s.Findings = append(s.Findings, nil, &zerenv1.Finding{Id: "", OrganizationId: ""})
	s.Plan = &zerenv1.InspectionPlan{Year: 2026, Seed: int64(seed)}
	for u := range units {
		unit := fmt.Sprintf("u%d", u)
		var mine []string
		for _, o := range orgs {
			if w.unit(o) == unit {
				mine = append(mine, o)
			}
		}
		for k := range 1 + r.IntN(2) {
			in := &zerenv1.Inspection{
				Id: supervision.InspectionID(2026, unit) + strings.Repeat("-2", k), UnitId: unit,
				PlannedOn: ts(cal.NextWorkday(window())),
			}
			for range r.IntN(3) {
				f := finding(pick(mine))
				in.Findings = append(in.Findings, f)
				if r.IntN(3) == 0 { // recorded on the plan and on its own
					s.Findings = append(s.Findings, f)
				}
			}
			s.Plan.Inspections = append(s.Plan.Inspections, in)
		}
	}
	first := s.Plan.Inspections[0]
	first.Findings = append(first.Findings, &zerenv1.Finding{Id: "f-plan-no-org"}, &zerenv1.Finding{OrganizationId: pick(orgs)})
	r.Shuffle(len(s.Cases), func(i, j int) { s.Cases[i], s.Cases[j] = s.Cases[j], s.Cases[i] })
	r.Shuffle(len(s.Findings), func(i, j int) { s.Findings[i], s.Findings[j] = s.Findings[j], s.Findings[i] })
	slices.SortStableFunc(s.Plan.Inspections, func(a, b *zerenv1.Inspection) int {
		return a.GetPlannedOn().AsTime().Compare(b.GetPlannedOn().AsTime())
	})
	s.Directory = w.dir
	return w
}

func nameOr(s, or string) string {
	if s != "" {
		return s
	}
	return or
}

// split partitions the world's records into parts by a key of their
// organisation (its unit, or the organisation itself), keeping their
// relative order; each part's plan holds the inspections of its units. It
// returns the parts and the whole they concatenate to.
func (w world) split(r *rand.Rand, n int, byUnit bool) ([]supervision.State, supervision.State) {
	of := map[string]int{} // key → part
	part := func(key string) int {
		if k, ok := of[key]; ok {
			return k
		}
		of[key] = r.IntN(n)
		return of[key]
	}
	key := func(org string) string {
		if byUnit {
			return w.unit(org)
		}
		return org
	}
	s := w.state
	parts := make([]supervision.State, n)
	for k := range parts {
		parts[k].Directory = s.Directory
		if s.Plan != nil {
			parts[k].Plan = &zerenv1.InspectionPlan{Year: s.Plan.GetYear(), Seed: s.Plan.GetSeed()}
		}
	}
	for _, a := range s.Assignments {
		k := part(key(a.GetOrganizationId()))
		parts[k].Assignments = append(parts[k].Assignments, a)
	}
	for _, c := range s.Cases {
		k := part(key(c.GetOrganizationId()))
		parts[k].Cases = append(parts[k].Cases, c)
	}
	for _, f := range s.Findings {
		k := part(key(f.GetOrganizationId()))
		parts[k].Findings = append(parts[k].Findings, f)
	}
	for _, in := range s.Plan.GetInspections() {
		k := part(in.GetUnitId()) // byUnit: the unit's organisations are in its part
		parts[k].Plan.Inspections = append(parts[k].Plan.Inspections, in)
	}
	whole := supervision.State{Directory: s.Directory}
	if s.Plan != nil {
		whole.Plan = &zerenv1.InspectionPlan{Year: s.Plan.GetYear(), Seed: s.Plan.GetSeed()}
	}
	for _, p := range parts {
		whole.Assignments = append(whole.Assignments, p.Assignments...)
		whole.Cases = append(whole.Cases, p.Cases...)
		whole.Findings = append(whole.Findings, p.Findings...)
		if whole.Plan != nil {
			whole.Plan.Inspections = append(whole.Plan.Inspections, p.Plan.Inspections...)
		}
	}
	return parts, whole
}

// diffAgenda returns where got differs from want, or "" when they are the
// same agenda: the same day, every list element by element (messages by
// proto.Equal), the same sections and input sizes.
func diffAgenda(want, got supervision.Agenda) string {
	if !want.Day.Equal(got.Day) {
		return fmt.Sprintf("day %s, want %s", got.Day, want.Day)
	}
	if d := diffMessages("reminders", want.Reminders, got.Reminders); d != "" {
		return d
	}
	if d := diffMessages("dispatches", want.Dispatches, got.Dispatches); d != "" {
		return d
	}
	if d := diffMessages("inspections", want.Inspections, got.Inspections); d != "" {
		return d
	}
	if d := diffMessages("open", want.Open, got.Open); d != "" {
		return d
	}
	if len(want.Urges) != len(got.Urges) {
		return fmt.Sprintf("%d urges, want %d", len(got.Urges), len(want.Urges))
	}
	for i, w := range want.Urges {
		g := got.Urges[i]
		if !proto.Equal(w.Case, g.Case) || w.OverdueDays != g.OverdueDays || w.YellowCard != g.YellowCard || w.Escalated != g.Escalated {
			return fmt.Sprintf("urges[%d] is %s (%d days, card %t, escalated %t), want %s (%d, %t, %t)", i,
				g.Case.GetId(), g.OverdueDays, g.YellowCard, g.Escalated, w.Case.GetId(), w.OverdueDays, w.YellowCard, w.Escalated)
		}
	}
	if !assert.ObjectsAreEqual(want.Diagnostics, got.Diagnostics) {
		return fmt.Sprintf("diagnostics\n%v\nwant\n%v", got.Diagnostics, want.Diagnostics)
	}
	if !assert.ObjectsAreEqual(supervision.LayoutOf(want), supervision.LayoutOf(got)) {
		return fmt.Sprintf("layout %+v, want %+v", supervision.LayoutOf(got), supervision.LayoutOf(want))
	}
	return ""
}

func diffMessages[M proto.Message](list string, want, got []M) string {
	if len(want) != len(got) || (want == nil) != (got == nil) {
		return fmt.Sprintf("%d %s (nil %t), want %d (nil %t)", len(got), list, got == nil, len(want), want == nil)
	}
	for i := range want {
		if !proto.Equal(want[i], got[i]) {
			return fmt.Sprintf("%s[%d] is\n%v\nwant\n%v", list, i, got[i], want[i])
		}
	}
	return ""
}

// concatenated returns what Merge would if it only concatenated the
// parts' list (reminders, open or diagnostics).
func concatenated(parts []supervision.Agenda, list string) supervision.Agenda {
	out := supervision.Merge(parts...)
	switch list {
	case "reminders":
		out.Reminders = nil
		for _, p := range parts {
			out.Reminders = append(out.Reminders, p.Reminders...)
		}
	case "open":
		out.Open = nil
		for _, p := range parts {
			out.Open = append(out.Open, p.Open...)
		}
	case "diagnostics":
		out.Diagnostics = nil
		for _, p := range parts {
			out.Diagnostics = append(out.Diagnostics, p.Diagnostics...)
		}
	}
	return out
}

// sections counts, over many agendas, what the property test saw, so that
// it can insist that every section Merge rebuilds was exercised.
type sections map[string]int

func (c sections) count(ag supervision.Agenda) {
	opened := map[string]zerenv1.CaseSource{}
	for _, o := range ag.Open {
		opened[o.GetId()] = o.GetSource()
		c["open "+o.GetSource().String()]++
		if o.GetYellowCard() {
			c["open with a yellow card"]++
		}
		if strings.Count(o.GetId(), "-") > 2 {
			c["open a repeated case"]++
		}
	}
	for _, r := range ag.Reminders {
		switch src, isNew := opened[r.GetCaseId()]; {
		case r.GetAssignmentId() != "":
			c["reminders for assignments"]++
		case isNew:
			c["reminders for new cases "+src.String()]++
		default:
			c["reminders for existing cases"]++
		}
	}
	for _, u := range ag.Urges {
		c["urges"]++
		if u.YellowCard {
			c["urges carding"]++
		}
		if u.Escalated {
			c["urges escalating"]++
		}
	}
	if len(ag.Dispatches) > 0 {
		c["dispatches"]++
	}
	c["inspections"] += len(ag.Inspections)
	for _, d := range ag.Diagnostics {
		c["diagnostics "+d.Record+" "+d.Field]++
		if strings.HasPrefix(d.ID, "#") {
			c["diagnostics by position"]++
		}
		if d.ID == "f-plan-no-org" {
			c["diagnostics of plan findings"]++
		}
	}
}

// TestMergeOfPartsIsDueOverTheWhole is Merge's property: for states split
// by unit (or, without a plan, by organisation) into any number of parts,
// Merge of Due over each part is Due over the parts concatenated — on
// every day from June 1 to July 20, which holds reminder days (T-7 and T-1
// before the June month end), the July dispatch day, inspections, cases
// opening and cases urged — with two policies.
func TestMergeOfPartsIsDueOverTheWhole(t *testing.T) {
	t.Parallel()
	cal := sampleCalendar(t)
	quick := supervision.DefaultPolicy()
	quick.CaseDays = 3 // a new case's T-3 reminder falls the day it opens
	quick.CaseReminderOffsets = []int{3, 1}
	quick.Dispatch.Kind = zerenv1.PeriodKind_PERIOD_KIND_QUARTER
	policies := map[string]supervision.Policy{"default": supervision.DefaultPolicy(), "quick": quick}
	for _, mode := range []string{"by unit", "by organisation without a plan"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			seen := sections{}
			naiveWrong := map[string]int{} // days on which concatenating the list was wrong
			for seed := range uint64(3) {
				w := genWorld(t, seed, cal)
				byUnit := mode == "by unit"
				if !byUnit {
					w.state.Plan = nil
				}
				r := rand.New(rand.NewPCG(seed, 99))
				for name, p := range policies {
					for d := range 50 {
						now := day(time.June, 1).AddDate(0, 0, d).Add(time.Duration(8+r.IntN(10)) * time.Hour)
						n := []int{1, 2, 3, 5, 8, 20}[r.IntN(6)]
						parts, whole := w.split(r, n, byUnit)
						want := supervision.Due(now, whole, cal, p)
						seen.count(want)
						ags := make([]supervision.Agenda, len(parts))
						for k, s := range parts {
							ags[k] = supervision.Due(now, s, cal, p)
						}
						where := fmt.Sprintf("seed %d, policy %s, %s, %d parts", seed, name, now.Format(time.DateTime), n)
						if d := diffAgenda(want, supervision.Merge(ags...)); d != "" {
							t.Fatalf("%s: Merge differs from Due over the whole: %s", where, d)
						}
						// Merged in two steps, and with zero agendas around.
						h := len(ags) / 2
						twice := supervision.Merge(supervision.Agenda{}, supervision.Merge(ags[:h]...), supervision.Merge(ags[h:]...), supervision.Agenda{})
						if d := diffAgenda(want, twice); d != "" {
							t.Fatalf("%s: Merge of merged halves differs: %s", where, d)
						}
						for _, list := range []string{"reminders", "open", "diagnostics"} {
							if diffAgenda(want, concatenated(ags, list)) != "" {
								naiveWrong[list]++
							}
						}
					}
				}
			}
			t.Logf("seen: %v; plain concatenation wrong: %v", seen, naiveWrong)
			must := []string{
				"reminders for assignments", "reminders for existing cases",
				"reminders for new cases CASE_SOURCE_OVERDUE", "reminders for new cases CASE_SOURCE_FINDING",
				"open CASE_SOURCE_OVERDUE", "open CASE_SOURCE_FINDING", "open with a yellow card", "open a repeated case",
				"urges", "urges carding", "urges escalating", "dispatches",
				"diagnostics assignment due", "diagnostics assignment id, organization_id",
				"diagnostics finding id", "diagnostics finding organization_id", "diagnostics by position",
			}
			if mode == "by unit" {
				must = append(must, "inspections", "diagnostics of plan findings")
			}
			for _, k := range must {
				assert.Positive(t, seen[k], "the generated days never had %q", k)
			}
			for _, list := range []string{"reminders", "open", "diagnostics"} {
				assert.Positive(t, naiveWrong[list], "plain concatenation of the parts' %s was never wrong: the test cannot tell Merge from it", list)
			}
		})
	}
}

func TestMergeOfNoneOrOneAgenda(t *testing.T) {
	t.Parallel()
	cal := sampleCalendar(t)
	w := genWorld(t, 7, cal)
	dispatchDay := cal.AddWorkdays(day(time.June, 30), 1).Add(9 * time.Hour)
	ag := supervision.Due(dispatchDay, w.state, cal, supervision.DefaultPolicy())
	require.NotEmpty(t, ag.Dispatches)
	require.NotEmpty(t, ag.Open)
	require.NotEmpty(t, ag.Diagnostics)

	assert.Equal(t, supervision.Agenda{}, supervision.Merge(), "no part: the zero agenda")
	assert.Equal(t, supervision.Agenda{}, supervision.Merge(supervision.Agenda{}, supervision.Agenda{}))
	assert.Equal(t, ag, supervision.Merge(ag), "one part: itself")
	assert.Empty(t, diffAgenda(ag, supervision.Merge(supervision.Agenda{}, ag)), "the zero agenda is neutral on the left")
	assert.Empty(t, diffAgenda(ag, supervision.Merge(ag, supervision.Agenda{})), "and on the right")
	assert.Same(t, ag.Dispatches[0], supervision.Merge(ag, supervision.Agenda{}).Dispatches[0], "a dispatch from one part is shared")
}

func TestMergeCombinesTheDispatchWithoutModifyingTheParts(t *testing.T) {
	t.Parallel()
	cal := sampleCalendar(t)
	now := cal.AddWorkdays(day(time.June, 30), 1).Add(9 * time.Hour)
	p := supervision.DefaultPolicy()
	june := day(time.June, 30)
	a := supervision.Due(now, supervision.State{Assignments: []*zerenv1.Assignment{
		assignment("a1", "o-b", "t", june), assignment("a2", "o-d", "t", june),
	}}, cal, p)
	b := supervision.Due(now, supervision.State{Assignments: []*zerenv1.Assignment{
		assignment("b1", "o-c", "t", june), assignment("b2", "o-a", "t", june), assignment("b3", "o-c", "t", june),
	}}, cal, p)
	empty := supervision.Due(now, supervision.State{}, cal, p)
	before := []proto.Message{proto.CloneOf(a.Dispatches[0]), proto.CloneOf(b.Dispatches[0])}

	got := supervision.Merge(a, empty, b)
	require.Len(t, got.Dispatches, 1)
	d := got.Dispatches[0]
	assert.Equal(t, "DD-2026-06", d.GetId())
	assert.Equal(t, []string{"a1", "a2", "b1", "b2", "b3"}, d.GetAssignmentIds())
	assert.Equal(t, []string{"o-a", "o-b", "o-c", "o-d"}, d.GetOrganizationIds())
	assert.True(t, proto.Equal(before[0], a.Dispatches[0]), "the first part's dispatch is unchanged")
	assert.True(t, proto.Equal(before[1], b.Dispatches[0]))
	assert.Empty(t, diffAgenda(supervision.Due(now, supervision.State{Assignments: slices.Concat(
		[]*zerenv1.Assignment{assignment("a1", "o-b", "t", june), assignment("a2", "o-d", "t", june)},
		[]*zerenv1.Assignment{assignment("b1", "o-c", "t", june), assignment("b2", "o-a", "t", june), assignment("b3", "o-c", "t", june)},
	)}, cal, p), got))
}

func TestMergeRenumbersDiagnosticsToTheWhole(t *testing.T) {
	t.Parallel()
	cal := sampleCalendar(t)
	now := at(time.June, 10, 9)
	p := supervision.DefaultPolicy()
	undated := func(id, org string) *zerenv1.Assignment {
		a := assignment(id, org, "t", day(time.June, 30))
		a.Due = nil
		return a
	}
	late := assignment("", "o2", "t", day(time.May, 29))
	first := supervision.State{
		Assignments: []*zerenv1.Assignment{assignment("x", "o1", "t", day(time.June, 30)), undated("", "o1")},
		Findings:    []*zerenv1.Finding{{Id: "f1", OrganizationId: "o1"}, {Id: "", OrganizationId: "o1"}},
		Plan:        &zerenv1.InspectionPlan{Inspections: []*zerenv1.Inspection{{Id: "i1", Findings: []*zerenv1.Finding{{Id: "f-no-org"}}}}},
	}
	second := supervision.State{
		Assignments: []*zerenv1.Assignment{late, undated("u2", "o2")},
		Findings:    []*zerenv1.Finding{{Id: ""}},
		Plan:        &zerenv1.InspectionPlan{Inspections: []*zerenv1.Inspection{{Id: "i2", Findings: []*zerenv1.Finding{{Id: "f2", OrganizationId: "o2"}, {}}}}},
	}
	got := supervision.Merge(supervision.Due(now, first, cal, p), supervision.Due(now, second, cal, p))
	var paths []string
	for _, d := range got.Diagnostics {
		paths = append(paths, d.Path+" "+d.ID)
	}
	// The whole's findings: f1, "", "" (State.Findings of both), then
	// f-no-org, f2, "" (the plans').
	assert.Equal(t, []string{
		"assignments[1] #2", "assignments[3] u2", // undated
		"findings[1] #2", "findings[2] #3", "findings[3] f-no-org", "findings[5] #6", // findings
		"assignments[2] #3", // overdue without an id
	}, paths)
	whole := supervision.State{
		Assignments: slices.Concat(first.Assignments, second.Assignments),
		Findings:    slices.Concat(first.Findings, second.Findings),
		Plan:        &zerenv1.InspectionPlan{Inspections: slices.Concat(first.Plan.Inspections, second.Plan.Inspections)},
	}
	assert.Equal(t, supervision.Due(now, whole, cal, p).Diagnostics, got.Diagnostics)
}
