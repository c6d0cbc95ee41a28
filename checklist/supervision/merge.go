package supervision

import (
	"google.golang.org/protobuf/proto"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// Merge combines the agendas that [Due] computed over parts of one state
// into the agenda Due computes over the whole, so that a caller can stream
// a province through Due in bounded batches of units — as zerend's
// GetAgenda does — instead of holding the year's assignments at once.
//
// The parts must be agendas returned by Due (or by Merge), unmodified,
// computed with the same now, calendar, policy and directory, over states
// that split one state by organisation:
//
//   - each assignment, case and finding is in the part of its
//     organisation (organization_id; the records without one count as one
//     more organisation), the parts keeping the records in
//     their relative order; the whole is the parts concatenated in part
//     order: the assignments of part 1, then those of part 2 …, the cases
//     likewise, the findings likewise, and the inspections of the parts'
//     plans likewise;
//   - a part's plan holds the inspections of its units, so that every
//     organisation of a unit is in the unit's part (without a plan any
//     split by organisation will do);
//   - what Due links across records stays in one part: a case's
//     assignments and finding are in the case's part, a finding listed
//     both in State.Findings and on an inspection is in one part, a
//     finding recorded on an inspection concerns an organisation of the
//     inspection's unit, and no id is used by records in two parts.
//
// Cases opened by Due and findings recorded by the inspections of a plan
// meet the last rule by construction; a case opened by hand ([OpenCase])
// for one organisation over another's assignments does not, and neither
// does a finding of one unit recorded on another unit's inspection: Due
// over each part would then open a case the whole would not, or miss one.
// Everything else Due decides record by record or organisation by
// organisation: reminders, whether a case covers an assignment, the number
// of a repeated case ("DB-A-<id>-2"), the yellow card of a second case for
// the same organisation and task, urges. The dispatch's period and the
// day's inspections depend only on the day and the plan.
//
// Then Merge(Due(now, part₁, …), …, Due(now, partₙ, …)) equals Due(now,
// whole, …) list by list, element by element (the same messages by
// [proto.Equal], the same urges and diagnostics). Merge rebuilds Due's
// sections, which plain concatenation would interleave wrongly:
//
//   - Open: the parts' cases for overdue assignments, then their cases for
//     the findings of their State.Findings, then for the findings of their
//     plans (Due opens cases in the order it collects findings: those of
//     State.Findings before those of the plan);
//   - Reminders: those of the parts' assignments, then those of their
//     existing cases, then those of their new cases, in the sections of
//     Open;
//   - Dispatches: dispatches with the same id (Due issues at most one a
//     day) become one, a new message whose assignment_ids are the parts'
//     concatenated and whose organization_ids are their sorted union;
//   - Inspections, Urges: concatenated;
//   - Diagnostics: the parts' undated assignments, then the findings of
//     their State.Findings, then the findings of their plans, then their
//     overdue assignments without an id or organisation, each renumbered
//     to index the whole: part k's "assignments[i]" becomes
//     "assignments[i+m]", m the number of assignments of the parts before
//     it; its "findings[i]" becomes the index of that finding among the
//     whole's collected findings (every part's State.Findings first, then
//     the findings of every part's plan). An ID that is a position ("#3",
//     for a record without an id) is renumbered with its Path.
//
// The whole is the parts in part order, not the order of the store they
// were read from: when the store lists records by batch, in batch order,
// the merged agenda is Due's over the store; otherwise it holds the same
// messages in another order, its diagnostics indexing the concatenation.
//
// Day is the Day of the first part that has one (is not zero). The parts
// must share it: a part computed for another day breaks the rule above
// just as a part computed with another policy or calendar does, and Merge
// can no more tell the one than the other from the agendas, so it checks
// neither and neither panics nor returns an error; the caller, who calls
// Due once per batch with one now, holds that rule by construction.
//
// Merge of no agenda is the zero Agenda (no Day and no dispatch: for the
// agenda of an empty state on a dispatch day, call Due with an empty
// State), and the zero Agenda is neutral: Merge(Agenda{}, a) and
// Merge(a, Agenda{}) equal a, so a fold may start from it. Merge of one
// agenda returns it unchanged. The result is itself mergeable:
// Merge(Merge(a, b), c) equals Merge(a, b, c). Merge modifies
// none of its parts and shares their messages (Reminders, Open, Urges …),
// copying only a dispatch it combines. Its cost is one pass over the
// parts' lists; merging the batches once costs less than folding (ag =
// Merge(ag, next)), which copies the agenda so far at each step. It is safe
// for concurrent use on agendas that are not being modified.
func Merge(parts ...Agenda) Agenda {
	switch len(parts) {
	case 0:
		return Agenda{}
	case 1:
		return parts[0]
	}
	var out Agenda
	for _, p := range parts {
		if !p.Day.IsZero() {
			out.Day = p.Day
			break
		}
	}

	reminders := make([][]*zerenv1.Reminder, len(parts))
	remCuts := make([][]int, len(parts))
	open := make([][]*zerenv1.SupervisionCase, len(parts))
	openCuts := make([][]int, len(parts))
	for k, p := range parts {
		reminders[k], remCuts[k] = p.Reminders, cuts(len(p.Reminders), p.lay.reminders[:]...)
		open[k], openCuts[k] = p.Open, cuts(len(p.Open), p.lay.open[:]...)
		for i := range out.lay.reminders {
			out.lay.reminders[i] += remCuts[k][i+2] - remCuts[k][i+1]
		}
		for i := range out.lay.open {
			out.lay.open[i] += openCuts[k][i+2] - openCuts[k][i+1]
		}
	}
	out.Reminders = interleave(reminders, remCuts)
	out.Open = interleave(open, openCuts)
	out.Dispatches = mergeDispatches(parts)
	out.Inspections = concat(parts, func(a Agenda) []*zerenv1.Inspection { return a.Inspections })
	out.Urges = concat(parts, func(a Agenda) []Urge { return a.Urges })
	out.Diagnostics, out.lay.diag = mergeDiagnostics(parts)
	for _, p := range parts {
		out.lay.assignments += p.lay.assignments
		out.lay.stateFindings += p.lay.stateFindings
		out.lay.planFindings += p.lay.planFindings
	}
	return out
}

// layout records how an agenda's lists divide into the sections [Due]
// fills them in, and how much input it read, for [Merge]. The zero layout
// (an agenda built by hand) puts every list in its first section and
// leaves its diagnostics as they are.
type layout struct {
	// assignments is len(State.Assignments); stateFindings and
	// planFindings count the findings Due collected from State.Findings
	// and from the plan.
	assignments, stateFindings, planFindings int
	// reminders are the lengths of the sections of Reminders after the
	// first (for assignments): for existing cases, for the new cases for
	// overdue assignments, for State.Findings, for the plan's findings.
	reminders [4]int
	// open are the lengths of the sections of Open after the first (for
	// overdue assignments): for State.Findings, for the plan's findings.
	open [2]int
	// diag places each of Diagnostics, in order.
	diag []diagRef
}

// diagSection is the section of Diagnostics a problem belongs to.
type diagSection uint8

const (
	diagUndated diagSection = iota // an open assignment without a due date
	diagFinding                    // a finding without an id or organisation
	diagOverdue                    // an overdue assignment without an id or organisation
)

// diagRef places a diagnostic: its section, the index its Path holds (into
// State.Assignments or the collected findings; -1 when unknown) and
// whether its ID is that position ("#3").
type diagRef struct {
	section    diagSection
	index      int
	positional bool
}

// diagnose adds a diagnostic with its place.
func (ag *Agenda) diagnose(sec diagSection, index int, positional bool, p Problem) {
	ag.Diagnostics = append(ag.Diagnostics, p)
	ag.lay.diag = append(ag.lay.diag, diagRef{section: sec, index: index, positional: positional})
}

// cuts returns the boundaries of a list of n elements whose sections after
// the first have the given lengths: [0, b₁, …, n]. Lengths that do not fit
// (an agenda modified after Due) are clipped from the end.
func cuts(n int, later ...int) []int {
	b := make([]int, len(later)+2)
	b[len(b)-1] = n
	for i := len(later) - 1; i >= 0; i-- {
		b[i+1] = max(b[i+2]-later[i], 0)
	}
	return b
}

// interleave returns the lists' first sections in list order, then their
// second sections, and so on; bounds[k] are list k's section boundaries
// (from cuts). It returns nil when every list is empty.
func interleave[T any](lists [][]T, bounds [][]int) []T {
	n := 0
	for _, l := range lists {
		n += len(l)
	}
	if n == 0 {
		return nil
	}
	out := make([]T, 0, n)
	for sec := range len(bounds[0]) - 1 {
		for k, l := range lists {
			out = append(out, l[bounds[k][sec]:bounds[k][sec+1]]...)
		}
	}
	return out
}

// concat returns one list of every part concatenated, nil when empty.
func concat[T any](parts []Agenda, list func(Agenda) []T) []T {
	n := 0
	for _, p := range parts {
		n += len(list(p))
	}
	if n == 0 {
		return nil
	}
	out := make([]T, 0, n)
	for _, p := range parts {
		out = append(out, list(p)...)
	}
	return out
}

// mergeDispatches combines the parts' dispatches by id, in the order the
// ids first appear.
func mergeDispatches(parts []Agenda) []*zerenv1.Dispatch {
	var groups [][]*zerenv1.Dispatch
	byID := map[string]int{}
	for _, p := range parts {
		for _, d := range p.Dispatches {
			if d == nil {
				continue
			}
			i, ok := byID[d.GetId()]
			if !ok {
				i = len(groups)
				byID[d.GetId()] = i
				groups = append(groups, nil)
			}
			groups[i] = append(groups[i], d)
		}
	}
	if len(groups) == 0 {
		return nil
	}
	out := make([]*zerenv1.Dispatch, 0, len(groups))
	for _, g := range groups {
		if len(g) == 1 {
			out = append(out, g[0])
			continue
		}
		d := proto.CloneOf(g[0])
		n := 0
		orgs := map[string]struct{}{}
		for _, x := range g {
			n += len(x.GetAssignmentIds())
			for _, o := range x.GetOrganizationIds() {
				orgs[o] = struct{}{}
			}
		}
		d.AssignmentIds = make([]string, 0, n)
		for _, x := range g {
			d.AssignmentIds = append(d.AssignmentIds, x.GetAssignmentIds()...)
		}
		d.OrganizationIds = sortedKeys(orgs)
		out = append(out, d)
	}
	return out
}

// mergeDiagnostics returns the parts' diagnostics in Due's sections,
// renumbered to index the concatenated input, and their places.
func mergeDiagnostics(parts []Agenda) ([]Problem, []diagRef) {
	n, stateFindings := 0, 0
	for _, p := range parts {
		n += len(p.Diagnostics)
		stateFindings += p.lay.stateFindings
	}
	if n == 0 {
		return nil, nil
	}
	out := make([]Problem, 0, n)
	refs := make([]diagRef, 0, n)
	// Due reports findings in the order it collects them, the findings of
	// State.Findings before those of the plan: in the whole, those of every
	// part's State.Findings come before those of every part's plan.
	passes := []struct {
		sec  diagSection
		plan bool // for diagFinding: the findings from the plan
	}{{diagUndated, false}, {diagFinding, false}, {diagFinding, true}, {diagOverdue, false}}
	for _, pass := range passes {
		assignments, fromState, fromPlan := 0, 0, 0 // offsets of the part in the whole
		for _, p := range parts {
			known := len(p.lay.diag) == len(p.Diagnostics)
			for j, d := range p.Diagnostics {
				r := diagRef{section: diagUndated, index: -1}
				if known {
					r = p.lay.diag[j]
				}
				if r.section != pass.sec || (r.section == diagFinding && (r.index >= p.lay.stateFindings) != pass.plan) {
					continue
				}
				if r.index >= 0 {
					switch r.section {
					case diagFinding:
						if r.index < p.lay.stateFindings {
							r.index += fromState
						} else {
							r.index += stateFindings + fromPlan - p.lay.stateFindings
						}
						d.Path = at("findings", r.index)
					default:
						r.index += assignments
						d.Path = at("assignments", r.index)
					}
					if r.positional {
						d.ID = pos(r.index)
					}
				}
				out = append(out, d)
				refs = append(refs, r)
			}
			assignments += p.lay.assignments
			fromState += p.lay.stateFindings
			fromPlan += p.lay.planFindings
		}
	}
	return out, refs
}
