package supervision

import (
	"strconv"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/calendar"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
)

// Ids. Every id the package makes is derived from the record it concerns,
// so that computing the same day twice gives the same ids:
//
//   - a case for an overdue assignment: "DB-A-<assignment id>", and
//     "DB-A-<assignment id>-2", "-3" … when earlier cases for it exist;
//   - a case for a finding: "DB-F-<finding id>";
//   - a reminder: "TS-A-<assignment id>-T7" before an assignment's due date,
//     "TS-C-<case id>-T3" before a case's deadline;
//   - a dispatch: "DD-2026-03" (month), "DD-2026-Q1", "DD-2026-H1", "DD-2026";
//   - an inspection: "DC-2026-<unit id>".

// OverdueCaseID returns the id of the n-th case (n ≥ 1) opened for an
// overdue assignment.
func OverdueCaseID(assignmentID string, n int) string {
	if n <= 1 {
		return "DB-A-" + assignmentID
	}
	return "DB-A-" + assignmentID + "-" + strconv.Itoa(n)
}

// FindingCaseID returns the id of the case opened for an inspection finding.
func FindingCaseID(findingID string) string { return "DB-F-" + findingID }

// ReminderID returns the id of the reminder offset working days before an
// assignment's due date.
func ReminderID(assignmentID string, offset int) string {
	return "TS-A-" + assignmentID + "-T" + strconv.Itoa(offset)
}

// CaseReminderID returns the id of the reminder offset working days before
// a case's deadline.
func CaseReminderID(caseID string, offset int) string {
	return "TS-C-" + caseID + "-T" + strconv.Itoa(offset)
}

// InspectionID returns the id of a unit's inspection in a year's plan.
func InspectionID(year int, unitID string) string {
	return "DC-" + strconv.Itoa(year) + "-" + unitID
}

// Directory names organisations and tasks and places organisations in their
// units, for the cases [Due] opens: the lead unit (主办单位) is the
// organisation's unit and the title names both. [NewDirectory] builds one
// from a hierarchy; implementations must be safe for concurrent use if Due
// is called concurrently.
type Directory interface {
	// UnitOf returns the id of the unit (单位) an organisation belongs to,
	// or "" when unknown.
	UnitOf(orgID string) string
	// OrganizationName returns an organisation's display name, or "".
	OrganizationName(orgID string) string
	// TaskTitle returns a task's title, or "".
	TaskTitle(taskID string) string
}

// NewDirectory returns a [Directory] over a hierarchy and the plan's tasks:
// organisations are named by their short name (else their name), tasks by
// their title. It is safe for concurrent use.
func NewDirectory(h *responsibility.Hierarchy, tasks []*zerenv1.Task) Directory {
	d := directory{h: h, tasks: make(map[string]string, len(tasks))}
	for _, t := range tasks {
		if t.GetId() != "" {
			d.tasks[t.GetId()] = t.GetTitle()
		}
	}
	return d
}

type directory struct {
	h     *responsibility.Hierarchy
	tasks map[string]string
}

func (d directory) org(id string) *zerenv1.Organization {
	if d.h == nil {
		return nil
	}
	o, _ := d.h.Organization(id)
	return o
}

func (d directory) UnitOf(orgID string) string { return d.org(orgID).GetUnitId() }

func (d directory) OrganizationName(orgID string) string {
	o := d.org(orgID)
	if o.GetShortName() != "" {
		return o.GetShortName()
	}
	return o.GetName()
}

func (d directory) TaskTitle(taskID string) string { return d.tasks[taskID] }

// CaseSpec describes a supervision case (督办单) to open.
type CaseSpec struct {
	// ID is the case's id (required); see [OverdueCaseID], [FindingCaseID].
	ID string
	// Title; default "关于<organisation>的督办通知".
	Title string
	// Source says why the case is opened. Default CASE_SOURCE_MANUAL.
	Source zerenv1.CaseSource
	// OrganizationID is the organisation that must act (required).
	OrganizationID string
	// LeadUnitID is the 主办单位, usually the organisation's unit.
	LeadUnitID string
	// AssistingUnitIDs are the 协办单位.
	AssistingUnitIDs []string
	// AssignmentIDs are the assignments concerned.
	AssignmentIDs []string
	// FindingID is the finding concerned.
	FindingID string
	// Urgency; default URGENCY_NORMAL (一般督办). A yellow-carded case is at
	// least URGENCY_HIGH.
	Urgency zerenv1.Urgency
	// YellowCard marks a repeat case (黄牌警告).
	YellowCard bool
	// Actor and Note go on the opening ledger entry.
	Actor, Note string
}

// OpenCase opens a supervision case (督办单) at an instant: state OPEN
// (已立案), deadline p.CaseDays working days after the day it opens (a
// deadline of 0 days is the opening day or, on a rest day, the next working
// day), and a ledger holding the opening event (from CASE_STATE_UNSPECIFIED
// to OPEN). It returns a [*CaseError] when the id, the organisation or the
// instant is missing.
func OpenCase(spec CaseSpec, at time.Time, cal *calendar.Calendar, p Policy) (*zerenv1.SupervisionCase, error) {
	var problems caseProblems
	if spec.ID == "" {
		problems.add("未填写编号", "id is missing")
	}
	if spec.OrganizationID == "" {
		problems.add("未填写党组织（organization_id）：督办单须指明承担整改的党组织",
			"organization_id is missing: a case needs the organisation that must act")
	}
	if at.IsZero() {
		problems.add("未填写立案时间", "the opening instant is missing")
	}
	if err := problems.err(spec.ID, "open"); err != nil {
		return nil, err
	}
	return openCase(spec, at, cal, p), nil
}

func openCase(spec CaseSpec, at time.Time, cal *calendar.Calendar, p Policy) *zerenv1.SupervisionCase {
	if spec.Source == zerenv1.CaseSource_CASE_SOURCE_UNSPECIFIED {
		spec.Source = zerenv1.CaseSource_CASE_SOURCE_MANUAL
	}
	if spec.Urgency == zerenv1.Urgency_URGENCY_UNSPECIFIED {
		spec.Urgency = zerenv1.Urgency_URGENCY_NORMAL
	}
	if spec.YellowCard {
		spec.Urgency = max(spec.Urgency, zerenv1.Urgency_URGENCY_HIGH)
	}
	if spec.Title == "" {
		spec.Title = "关于" + spec.OrganizationID + "的督办通知"
	}
	deadline := cal.NextWorkday(at)
	if n := clamp(p.CaseDays); n > 0 {
		deadline = cal.AddWorkdays(at, n)
	}
	return &zerenv1.SupervisionCase{
		Id:               spec.ID,
		Title:            spec.Title,
		Source:           spec.Source,
		AssignmentIds:    append([]string(nil), spec.AssignmentIDs...),
		FindingId:        spec.FindingID,
		OrganizationId:   spec.OrganizationID,
		LeadUnitId:       spec.LeadUnitID,
		AssistingUnitIds: append([]string(nil), spec.AssistingUnitIDs...),
		OpenedAt:         timestamppb.New(at),
		Deadline:         timestamppb.New(deadline),
		Urgency:          spec.Urgency,
		YellowCard:       spec.YellowCard,
		State:            zerenv1.CaseState_CASE_STATE_OPEN,
		Rectification:    &zerenv1.Rectification{},
		History: []*zerenv1.CaseEvent{{
			At:        timestamppb.New(at),
			FromState: zerenv1.CaseState_CASE_STATE_UNSPECIFIED,
			ToState:   zerenv1.CaseState_CASE_STATE_OPEN,
			Actor:     spec.Actor,
			Note:      spec.Note,
		}},
	}
}

// overdueUrgency grades a case for an assignment overdue by days.
func overdueUrgency(days int, p Policy) zerenv1.Urgency {
	switch {
	case p.CriticalAfter > 0 && days >= p.CriticalAfter:
		return zerenv1.Urgency_URGENCY_CRITICAL
	case p.HighAfter > 0 && days >= p.HighAfter:
		return zerenv1.Urgency_URGENCY_HIGH
	default:
		return zerenv1.Urgency_URGENCY_NORMAL
	}
}

// findingUrgency grades a case for a finding by its severity, one grade up
// when it was concealed (瞒报).
func findingUrgency(f *zerenv1.Finding) zerenv1.Urgency {
	u := zerenv1.Urgency_URGENCY_NORMAL
	switch f.GetSeverity() {
	case zerenv1.Severity_SEVERITY_MAJOR:
		u = zerenv1.Urgency_URGENCY_HIGH
	case zerenv1.Severity_SEVERITY_SEVERE:
		u = zerenv1.Urgency_URGENCY_CRITICAL
	}
	if f.GetConcealed() {
		u = min(u+1, zerenv1.Urgency_URGENCY_CRITICAL)
	}
	return u
}

func nameOr(name, id string) string {
	if name != "" {
		return name
	}
	return id
}

func overdueTitle(d Directory, orgID, taskID string) string {
	org, task := orgID, taskID
	if d != nil {
		org, task = nameOr(d.OrganizationName(orgID), orgID), nameOr(d.TaskTitle(taskID), taskID)
	}
	return "关于" + org + "“" + task + "”超期未完成的督办通知"
}

func findingTitle(d Directory, orgID string) string {
	org := orgID
	if d != nil {
		org = nameOr(d.OrganizationName(orgID), orgID)
	}
	return "关于" + org + "督查发现问题限期整改的督办通知"
}
