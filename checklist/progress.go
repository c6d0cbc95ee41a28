package checklist

import (
	"fmt"
	"math"
	"slices"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// met reports whether an actual value meets a target under a comparison.
func met(c zerenv1.Comparison, actual, target float64) bool {
	switch c {
	case zerenv1.Comparison_COMPARISON_AT_MOST:
		return actual <= target
	case zerenv1.Comparison_COMPARISON_EQUAL:
		return math.Abs(actual-target) <= 1e-9*math.Max(1, math.Abs(target))
	case zerenv1.Comparison_COMPARISON_DONE:
		return actual >= 1
	default:
		return actual >= target
	}
}

// closing reports whether a comparison can only be judged at the period's
// close: "at most" and "exactly" hold only once nothing more can be added.
func closing(c zerenv1.Comparison) bool {
	return c == zerenv1.Comparison_COMPARISON_AT_MOST || c == zerenv1.Comparison_COMPARISON_EQUAL
}

// Record applies progress reports (进度填报) to assignments, in the order of
// their report time (records with equal times in input order). Each report
// sets the assignment's actual value (a report carries the cumulative value
// for the period, not an increment) and appends its evidence (佐证材料),
// copied, with recorded_at and recorded_by defaulting to the report's time
// and reporter.
//
// The status follows the value: an assignment becomes DONE, with
// completed_at the report's time, when its comparison is met — for AT_LEAST
// and DONE measures as soon as the value reaches the target; for AT_MOST and
// EQUAL measures, which only hold once the period can add nothing more, by a
// report made on or after the due day. A later report that no longer meets
// the target (a correction) reopens a DONE assignment. Completion says only
// whether the target was met, not how well the work was done: quality is
// assessed elsewhere (督查, 述职评议, 考核).
//
// A report naming no assignment or an unknown or retired one, with a value
// that is negative or not a number, or without a time, changes nothing and
// is reported, naming it, in a *[ValidationError]; the valid reports are
// still applied. Assignments are changed in place; an id that occurs twice
// among them is taken by its first occurrence. Record is not safe for
// concurrent use on the same assignments.
func Record(assignments []*zerenv1.Assignment, records []*zerenv1.ProgressRecord) error {
	want := make(map[string]*zerenv1.Assignment, len(records))
	for _, r := range records {
		want[r.GetAssignmentId()] = nil
	}
	for _, a := range assignments {
		if a == nil {
			continue
		}
		if got, ok := want[a.GetId()]; ok && got == nil {
			want[a.GetId()] = a
		}
	}
	type item struct {
		i  int
		r  *zerenv1.ProgressRecord
		a  *zerenv1.Assignment
		at time.Time
	}
	var probs problems
	items := make([]item, 0, len(records))
	for i, r := range records {
		id := recordID(r.GetAssignmentId(), i)
		name := fmt.Sprintf("#%d", i+1)
		path := fmt.Sprintf("records[%d]", i)
		add := func(kind ProblemKind, field, zh, en string) {
			probs = append(probs, problem.Problem{Code: kind, Record: "progress record", Path: path, ID: id, Name: name,
				Field: field, MessageZh: zh, Message: en})
		}
		n0 := len(probs)
		a := want[r.GetAssignmentId()]
		switch {
		case r == nil:
			add(ProblemMissingField, "", "填报记录为空", "the record is empty")
			continue
		case r.GetAssignmentId() == "":
			add(ProblemMissingField, "assignment_id", "未指定分解任务", "assignment is not set")
		case a == nil:
			add(ProblemDanglingReference, "assignment_id", fmt.Sprintf("分解任务“%s”不存在", r.GetAssignmentId()),
				fmt.Sprintf("assignment %q does not exist", r.GetAssignmentId()))
		case a.GetStatus() == zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_RETIRED:
			add(ProblemConflict, "assignment_id",
				fmt.Sprintf("分解任务“%s”已撤销（其任务或范围已从计划中移除）", r.GetAssignmentId()),
				fmt.Sprintf("assignment %q is retired (its task or scope was removed from the plan)", r.GetAssignmentId()))
		}
		if v := r.GetValue(); math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			add(ProblemInvalidValue, "value", fmt.Sprintf("填报值%v不是大于等于0的有限数", v),
				fmt.Sprintf("value %v is not a finite number ≥ 0", v))
		}
		if r.GetAt() == nil {
			add(ProblemMissingField, "at", "填报没有时间", "the report has no time")
		} else if err := r.GetAt().CheckValid(); err != nil {
			add(ProblemInvalidValue, "at", fmt.Sprintf("填报时间无效：%v", err),
				fmt.Sprintf("the report time is not valid: %v", err))
		}
		if len(probs) == n0 {
			items = append(items, item{i: i, r: r, a: a, at: r.GetAt().AsTime()})
		}
	}
	slices.SortStableFunc(items, func(x, y item) int { return x.at.Compare(y.at) })
	for _, it := range items {
		apply(it.a, it.r, it.at)
	}
	return problemsErr(probs)
}

// apply applies one valid report to its assignment.
func apply(a *zerenv1.Assignment, r *zerenv1.ProgressRecord, at time.Time) {
	a.Actual = r.GetValue()
	for _, e := range r.GetEvidence() {
		if e == nil {
			continue
		}
		e = proto.CloneOf(e)
		if e.RecordedAt == nil {
			e.RecordedAt = proto.CloneOf(r.GetAt())
		}
		if e.RecordedBy == "" {
			e.RecordedBy = r.GetReportedBy()
		}
		a.Evidence = append(a.Evidence, e)
	}
	c := a.GetComparison()
	ok := met(c, a.GetActual(), a.GetTarget())
	judged := !closing(c) || (a.GetDue() != nil && !at.Before(a.GetDue().AsTime()))
	switch done := a.GetStatus() == zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_DONE; {
	case ok && judged && !done:
		a.Status = zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_DONE
		a.CompletedAt = proto.CloneOf(r.GetAt())
	case !ok && done:
		a.Status = zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_OPEN
		a.CompletedAt = nil
	}
}

func timeOf(nanos int64) time.Time { return time.Unix(0, nanos) }
