package checklist

import (
	"fmt"
	"slices"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
)

// heldAt returns the index of the appointment whose holder answers for a post
// at instant t, or -1 when the post is vacant.
func heldAt(apps []appRef, t int64) int {
	delegate := -1
	for i := range apps {
		a := &apps[i]
		if a.start > t {
			break
		}
		if t >= a.end {
			continue
		}
		if !a.delegated {
			return i
		}
		if delegate < 0 {
			delegate = i
		}
	}
	return delegate
}

// initialHolder returns the appointment an assignment for [start, end) is
// first bound to, or -1.
func initialHolder(apps []appRef, start, end int64) int {
	if i := heldAt(apps, start); i >= 0 {
		return i
	}
	for i := range apps {
		s := apps[i].start
		if s <= start {
			continue
		}
		if s >= end {
			break
		}
		if j := heldAt(apps, s); j >= 0 {
			return j
		}
	}
	return -1
}

// follow moves an open assignment along the holders of its post from since
// up to until (both instants within its period): the holder at since, then
// at every appointment start or end in (since, until]. It reports whether
// the binding changed.
func follow(a *zerenv1.Assignment, apps []appRef, since, until int64) bool {
	var buf [16]int64
	at := append(buf[:0], since)
	for i := range apps {
		for _, t := range [2]int64{apps[i].start, apps[i].end} {
			if t > since && t <= until {
				at = append(at, t)
			}
		}
	}
	slices.Sort(at)
	at = slices.Compact(at)
	moved := false
	for k, t := range at {
		i := heldAt(apps, t)
		if i < 0 {
			continue
		}
		ap := &apps[i]
		if a.GetPersonId() == "" {
			a.PersonId, a.AppointmentId, moved = ap.person, ap.id, true
		} else if ap.person != a.GetPersonId() {
			when := t
			if k == 0 {
				when = min(t, ap.start)
			}
			a.Handovers = append(a.Handovers, &zerenv1.Handover{
				FromPersonId: a.GetPersonId(), ToPersonId: ap.person,
				At: timestamppb.New(time.Unix(0, when)), AppointmentId: ap.id,
			})
			a.PersonId, a.AppointmentId, moved = ap.person, ap.id, true
		} else if ap.id != a.GetAppointmentId() {
			a.AppointmentId, moved = ap.id, true
		}
	}
	return moved
}

// since returns the instant from which an open assignment's binding is
// followed: its period's start or its last handover, whichever is later.
func since(a *zerenv1.Assignment, start int64) int64 {
	if hs := a.GetHandovers(); len(hs) > 0 {
		if t := hs[len(hs)-1].GetAt().AsTime().UnixNano(); t > start {
			return t
		}
	}
	return start
}

// clampInto returns asOf clamped into [start, end): the instant up to which
// an assignment open over [start, end) follows its post.
func clampInto(asOf time.Time, start, end int64) int64 {
	if asOf.IsZero() {
		return start
	}
	switch t := asOf.UnixNano(); {
	case asOf.Year() < minYear || t < start:
		return start
	case asOf.Year() > maxYear || t >= end:
		return end - 1
	default:
		return t
	}
}

// openUntil returns the end of the span in which an assignment follows its
// post: its period's end or the end of its due day, whichever is earlier.
func openUntil(end time.Time, due *timestamppb.Timestamp, loc *time.Location) int64 {
	e := end.UnixNano()
	if due != nil && due.IsValid() {
		if d := dayEnd(due.AsTime(), loc); d.Year() >= minYear && d.Year() <= maxYear+1 {
			e = min(e, d.UnixNano())
		}
	}
	return e
}

// Rebind moves the open assignments among assignments to whoever holds their
// posts as of asOf in h (人随岗走): for each changeover of holder while an
// assignment is open, up to asOf, it appends a Handover and rebinds the
// person and appointment. Call it when the hierarchy changes (a rotation is
// recorded) or periodically with the current date; calling it again with the
// same inputs changes nothing. Binding an assignment to a person (细化到人)
// follows these rules, here and in [Decompose]:
//
//   - The holder who answers for a post at an instant is the regular or
//     acting holder in force then (the earliest-starting one if several), or
//     failing that a delegated (委托) holder; a delegate working beside the
//     regular holder does not take the post's assignments.
//   - A new assignment is bound to the holder at its period's start or, when
//     the post is vacant then, to the first holder who takes it during the
//     period. When nobody holds the post at any time in the period the
//     assignment keeps the post but no person (a coverage gap).
//   - An open assignment follows the post (人随岗走): each change of holder
//     while its period runs moves it to the new holder from the change on,
//     appending a Handover {from, to, at, appointment_id}. A vacancy does
//     not move an assignment: it stays with the last holder until someone
//     takes the post. An assignment bound to nobody is bound, without a
//     Handover, when someone takes the post.
//   - The Handover's time is when the new holder took over: the instant the
//     previous holder's appointment ended or the new one's began. When a
//     re-decomposition finds an assignment bound to someone who no longer
//     holds the post at its last binding (the hierarchy learnt of a rotation
//     since), the time is the new holder's appointment start, which may
//     precede the assignment's period.
//   - A changeover after the assignment's due day (or period) has ended does
//     not move it: an overdue assignment stays on the record of whoever held
//     the post when it fell due (终身问责); the 督办 of what is overdue goes to
//     the organisation.
//   - A done or retired assignment never moves: its person is who did it.
//
// Rebind changes the assignments in place and returns those it changed, in
// input order. An assignment whose post is not in h or whose period is
// malformed is left unchanged and reported in a *[ValidationError]; the
// others are still rebound. Rebind is not safe for concurrent use on the
// same assignments.
func Rebind(h *responsibility.Hierarchy, assignments []*zerenv1.Assignment, asOf time.Time) ([]*zerenv1.Assignment, error) {
	var moved []*zerenv1.Assignment
	var probs problems
	cache := map[string][]appRef{}
	loc := h.Location()
	for i, a := range assignments {
		if a == nil || a.GetStatus() == zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_DONE ||
			a.GetStatus() == zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_RETIRED {
			continue
		}
		start, end, ok := calendar.PeriodBounds(a.GetPeriod(), loc)
		if y := a.GetPeriod().GetYear(); !ok || y < minYear || y > maxYear {
			per := a.GetPeriod()
			probs = append(probs, problem.Problem{Code: ProblemInvalidValue, Record: "assignment", Path: fmt.Sprintf("assignments[%d]", i),
				ID: recordID(a.GetId(), i), Field: "period",
				MessageZh: fmt.Sprintf("周期%v %d-%d不是某一年度内的周期", per.GetKind(), per.GetYear(), per.GetIndex()),
				Message:   fmt.Sprintf("period %v %d-%d is not a period of a year", per.GetKind(), per.GetYear(), per.GetIndex())})
			continue
		}
		apps, ok := cache[a.GetPostId()]
		if !ok {
			pbs, err := h.Appointments(a.GetPostId())
			if err != nil {
				probs = append(probs, problem.Problem{Code: ProblemDanglingReference, Record: "assignment",
					Path: fmt.Sprintf("assignments[%d]", i), ID: recordID(a.GetId(), i), Field: "post_id",
					MessageZh: fmt.Sprintf("组织结构中没有岗位“%s”", a.GetPostId()),
					Message:   fmt.Sprintf("post %q is not in the hierarchy", a.GetPostId())})
				continue
			}
			apps = appRefs(pbs)
			cache[a.GetPostId()] = apps
		}
		s, e := start.UnixNano(), openUntil(end, a.GetDue(), loc)
		if follow(a, apps, since(a, s), max(since(a, s), clampInto(asOf, s, e))) {
			moved = append(moved, a)
		}
	}
	return moved, problemsErr(probs)
}
