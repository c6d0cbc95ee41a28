package supervision_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/checklist/supervision"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
)

var cst = sample.Location

// day is a day of 2026 in 示例市.
func day(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, cst) }

// at is an instant of a day of 2026.
func at(m time.Month, d, hour int) time.Time { return day(m, d).Add(time.Duration(hour) * time.Hour) }

func ts(t time.Time) *timestamppb.Timestamp { return timestamppb.New(t) }

// fuzzCalendar is the sample calendar, built once for the fuzz targets.
var fuzzCalendar = func() *calendar.Calendar {
	c, err := calendar.New(sample.Calendar(), cst)
	if err != nil {
		panic(err)
	}
	return c
}()

func sampleCalendar(t testing.TB) *calendar.Calendar {
	t.Helper()
	c, err := calendar.New(sample.Calendar(), cst)
	require.NoError(t, err)
	return c
}

const (
	statusOpen = zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_OPEN
	statusDone = zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_DONE
)

var (
	stOpen       = zerenv1.CaseState_CASE_STATE_OPEN
	stRectifying = zerenv1.CaseState_CASE_STATE_RECTIFYING
	stSubmitted  = zerenv1.CaseState_CASE_STATE_SUBMITTED
	stVerified   = zerenv1.CaseState_CASE_STATE_VERIFIED
	stClosed     = zerenv1.CaseState_CASE_STATE_CLOSED
	stReturned   = zerenv1.CaseState_CASE_STATE_RETURNED
)

// assignment builds an open monthly assignment due on a day.
func assignment(id, org, task string, due time.Time) *zerenv1.Assignment {
	return &zerenv1.Assignment{
		Id: id, TaskId: task, OrganizationId: org, PersonId: "p-" + org, Status: statusOpen,
		Due: ts(due), Target: 1, Comparison: zerenv1.Comparison_COMPARISON_DONE,
		Period: &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_MONTH, Year: int32(due.Year()), Index: int32(due.Month())},
	}
}

// directory is a Directory over two tables.
type directory struct {
	units, names, tasks map[string]string
}

func (d directory) UnitOf(org string) string           { return d.units[org] }
func (d directory) OrganizationName(org string) string { return d.names[org] }
func (d directory) TaskTitle(task string) string       { return d.tasks[task] }

var testDirectory = directory{
	units: map[string]string{"czj-b1": "czj", "czj-b2": "czj", "fgw-b1": "fgw"},
	names: map[string]string{"czj-b1": "市财政局机关第一支部", "fgw-b1": "市发展改革委机关第一支部"},
	tasks: map[string]string{"t-first-topic": "落实“第一议题”制度"},
}

func ids[T interface{ GetId() string }](xs []T) []string {
	out := make([]string, 0, len(xs))
	for _, x := range xs {
		out = append(out, x.GetId())
	}
	return out
}

// apply stores an agenda's cases in a state, as an OA would.
func apply(s supervision.State, ag supervision.Agenda) supervision.State {
	cases := append([]*zerenv1.SupervisionCase(nil), s.Cases...)
	for _, u := range ag.Urges {
		for i, c := range cases {
			if c.GetId() == u.Case.GetId() {
				cases[i] = u.Case
			}
		}
	}
	s.Cases = append(cases, ag.Open...)
	return s
}

func newCalendar(doc *zerenv1.Calendar) (*calendar.Calendar, error) { return calendar.New(doc, cst) }

type calendarRule = calendar.Rule
