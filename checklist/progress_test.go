package checklist_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/checklist"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// open builds an open assignment due on 2026-03-31.
func open(id string, target float64, c zerenv1.Comparison) *zerenv1.Assignment {
	return &zerenv1.Assignment{
		Id: id, TaskId: "T1", OrganizationId: "b1", PostId: "b1-sec", PersonId: "jia",
		Period: &zerenv1.Period{Kind: quarter, Year: 2026, Index: 1},
		Target: target, Comparison: c, Due: ts(2026, 3, 31), Status: statusOpen,
	}
}

func TestRecordCompletesAnAssignmentWhenItsMeasureIsMet(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name       string
		a          *zerenv1.Assignment
		records    []*zerenv1.ProgressRecord
		wantStatus zerenv1.AssignmentStatus
		wantActual float64
		wantDoneAt string // "" when not done
	}{
		{"at least: short of the target stays open", open("A", 3, atLeast),
			[]*zerenv1.ProgressRecord{{AssignmentId: "A", Value: 2, At: ts(2026, 3, 10)}}, statusOpen, 2, ""},
		{"at least: reaching the target completes it", open("A", 3, atLeast),
			[]*zerenv1.ProgressRecord{{AssignmentId: "A", Value: 1, At: ts(2026, 2, 1)}, {AssignmentId: "A", Value: 3, At: ts(2026, 3, 10)}},
			statusDone, 3, "2026-03-10"},
		{"reports apply in time order, not input order", open("A", 3, atLeast),
			[]*zerenv1.ProgressRecord{{AssignmentId: "A", Value: 3, At: ts(2026, 3, 10)}, {AssignmentId: "A", Value: 1, At: ts(2026, 2, 1)}},
			statusDone, 3, "2026-03-10"},
		{"a later correction below the target reopens it", open("A", 3, atLeast),
			[]*zerenv1.ProgressRecord{{AssignmentId: "A", Value: 3, At: ts(2026, 3, 10)}, {AssignmentId: "A", Value: 2, At: ts(2026, 3, 12)}},
			statusOpen, 2, ""},
		{"a further report keeps the first completion time", open("A", 3, atLeast),
			[]*zerenv1.ProgressRecord{{AssignmentId: "A", Value: 3, At: ts(2026, 3, 10)}, {AssignmentId: "A", Value: 4, At: ts(2026, 3, 12)}},
			statusDone, 4, "2026-03-10"},
		{"done: a value of 1 means done", open("A", 1, doneCmp),
			[]*zerenv1.ProgressRecord{{AssignmentId: "A", Value: 1, At: ts(2026, 1, 5)}}, statusDone, 1, "2026-01-05"},
		{"at most: a report before the due day cannot close it", open("A", 0, atMost),
			[]*zerenv1.ProgressRecord{{AssignmentId: "A", Value: 0, At: ts(2026, 3, 30)}}, statusOpen, 0, ""},
		{"at most: the closing report on the due day closes it", open("A", 0, atMost),
			[]*zerenv1.ProgressRecord{{AssignmentId: "A", Value: 0, At: ts(2026, 3, 31)}}, statusDone, 0, "2026-03-31"},
		{"at most: over the limit at the close stays open", open("A", 0, atMost),
			[]*zerenv1.ProgressRecord{{AssignmentId: "A", Value: 2, At: ts(2026, 4, 2)}}, statusOpen, 2, ""},
		{"equal: exactly the target at the close", open("A", 100, equal),
			[]*zerenv1.ProgressRecord{{AssignmentId: "A", Value: 100, At: ts(2026, 4, 1)}}, statusDone, 100, "2026-04-01"},
		{"equal: above the target is not equal", open("A", 100, equal),
			[]*zerenv1.ProgressRecord{{AssignmentId: "A", Value: 101, At: ts(2026, 4, 1)}}, statusOpen, 101, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			require.NoError(t, checklist.Record([]*zerenv1.Assignment{tc.a}, tc.records))
			assert.Equal(t, tc.wantStatus, tc.a.GetStatus())
			assert.Equal(t, tc.wantActual, tc.a.GetActual())
			if tc.wantDoneAt == "" {
				assert.Nil(t, tc.a.GetCompletedAt())
			} else {
				assert.Equal(t, tc.wantDoneAt, tc.a.GetCompletedAt().AsTime().In(cst).Format("2006-01-02"))
			}
		})
	}
}

func TestRecordCopiesEvidenceWithDefaults(t *testing.T) {
	t.Parallel()
	a := open("A", 1, atLeast)
	ev := &zerenv1.Evidence{Ref: "oa://1", Title: "学习记录"}
	signed := &zerenv1.Evidence{Ref: "oa://2", RecordedBy: "clerk", RecordedAt: ts(2026, 3, 1)}
	require.NoError(t, checklist.Record([]*zerenv1.Assignment{a}, []*zerenv1.ProgressRecord{
		{AssignmentId: "A", Value: 1, At: ts(2026, 3, 9), ReportedBy: "jia", Evidence: []*zerenv1.Evidence{ev, nil, signed}},
	}))
	require.Len(t, a.GetEvidence(), 2)
	assert.Equal(t, "jia", a.GetEvidence()[0].GetRecordedBy())
	assert.Equal(t, day(2026, 3, 9), a.GetEvidence()[0].GetRecordedAt().AsTime().In(cst))
	assert.Equal(t, "clerk", a.GetEvidence()[1].GetRecordedBy())
	assert.Empty(t, ev.GetRecordedBy(), "the report's evidence is copied, not changed")
}

func TestRecordReportsEveryBadRecordAndAppliesTheRest(t *testing.T) {
	t.Parallel()
	a, b := open("A", 3, atLeast), open("B", 3, atLeast)
	retired := open("R", 3, atLeast)
	retired.Status = statusRetired
	before := proto.CloneOf(b)
	records := []*zerenv1.ProgressRecord{
		{AssignmentId: "A", Value: 3, At: ts(2026, 3, 1)},
		{AssignmentId: "X", Value: 1, At: ts(2026, 3, 1)},
		{AssignmentId: "R", Value: 1, At: ts(2026, 3, 1)},
		{AssignmentId: "B", Value: math.NaN(), At: ts(2026, 3, 1)},
		{AssignmentId: "B", Value: -1, At: ts(2026, 3, 1)},
		{AssignmentId: "B", Value: 1},
		{Value: 1, At: ts(2026, 3, 1)},
		nil,
	}
	err := checklist.Record([]*zerenv1.Assignment{a, b, retired}, records)
	var verr *checklist.ValidationError
	require.ErrorAs(t, err, &verr)
	type row struct {
		kind            checklist.ProblemKind
		id, name, field string
	}
	var got []row
	for _, p := range verr.Problems {
		assert.Equal(t, "progress record", p.Record)
		got = append(got, row{p.Code, p.ID, p.Name, p.Field})
	}
	assert.Equal(t, []row{
		{checklist.ProblemDanglingReference, "X", "#2", "assignment_id"},
		{checklist.ProblemConflict, "R", "#3", "assignment_id"},
		{checklist.ProblemInvalidValue, "B", "#4", "value"},
		{checklist.ProblemInvalidValue, "B", "#5", "value"},
		{checklist.ProblemMissingField, "B", "#6", "at"},
		{checklist.ProblemMissingField, "#7", "#7", "assignment_id"},
		{checklist.ProblemMissingField, "#8", "#8", ""},
	}, got)
	assert.Equal(t, statusDone, a.GetStatus(), "the valid record is applied")
	assert.True(t, proto.Equal(before, b), "an assignment with only bad records is unchanged")
	assert.Equal(t, statusRetired, retired.GetStatus())
	assert.Contains(t, err.Error(), `progress record "X" (#2): assignment_id: assignment "X" does not exist`)
}
