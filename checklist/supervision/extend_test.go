package supervision_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/checklist/supervision"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

func TestExtendReplansEveryDependentDate(t *testing.T) {
	t.Parallel()
	cal := sampleCalendar(t)
	p := supervision.DefaultPolicy()
	c, err := supervision.OpenCase(supervision.CaseSpec{
		ID: "DB-A-a", OrganizationID: "czj-b1", AssignmentIDs: []string{"a", "b", "done", "late"},
	}, at(time.September, 17, 10), cal, p)
	require.NoError(t, err)
	require.Equal(t, day(time.October, 8), c.GetDeadline().AsTime().In(cst), "ten working days, the make-up Sunday counted and 中秋 and 国庆 skipped")
	done := assignment("done", "czj-b1", "t1", day(time.September, 30))
	done.Status = statusDone
	assignments := []*zerenv1.Assignment{
		assignment("a", "czj-b1", "t1", day(time.September, 30)),
		assignment("b", "czj-b1", "t2", day(time.October, 9)),
		done,
		assignment("late", "czj-b1", "t3", day(time.November, 30)),
		assignment("unrelated", "czj-b1", "t4", day(time.September, 30)),
	}
	before := proto.Clone(c)

	// 10月17日 is a Saturday: the new deadline moves to Monday 10月19日.
	r, err := supervision.Extend(c, supervision.ExtensionRequest{
		NewDeadline: day(time.October, 17), Reason: "涉及跨部门协调", ApprovedBy: "p-gw-01",
		At: at(time.October, 12, 9), Assignments: assignments,
	}, cal, p)
	require.NoError(t, err)
	assert.True(t, proto.Equal(before, c), "the input is not modified")

	assert.Equal(t, day(time.October, 19), r.Case.GetDeadline().AsTime().In(cst))
	require.Len(t, r.Case.GetRectification().GetExtensions(), 1)
	ext := r.Case.GetRectification().GetExtensions()[0]
	assert.Equal(t, day(time.October, 19), ext.GetNewDeadline().AsTime().In(cst))
	assert.Equal(t, "涉及跨部门协调", ext.GetReason())
	assert.Equal(t, "p-gw-01", ext.GetApprovedBy())

	assert.Equal(t, []string{"a", "b"}, ids(r.Assignments), "open, listed by the case, due before the new deadline")
	for _, a := range r.Assignments {
		assert.Equal(t, day(time.October, 19), a.GetDue().AsTime().In(cst))
		assert.Equal(t, day(time.October, 19), a.GetExtendedDue().AsTime().In(cst), "the extension is recorded so a re-decomposition keeps it")
	}
	assert.Equal(t, day(time.September, 30), assignments[0].GetDue().AsTime().In(cst), "the input assignment is not modified")

	var got []string
	for _, rem := range r.Reminders {
		got = append(got, rem.GetId()+"@"+rem.GetRemindOn().AsTime().In(cst).Format("01-02"))
		assert.Equal(t, day(time.October, 19), rem.GetDue().AsTime().In(cst))
	}
	// Case reminders T-3 (10月14日) and T-1 (10月16日); the assignments'
	// T-7 (10月9日) is before the approval, T-1 is 10月16日.
	assert.Equal(t, []string{
		"TS-C-DB-A-a-T3@10-14", "TS-C-DB-A-a-T1@10-16",
		"TS-A-a-T1@10-16", "TS-A-b-T1@10-16",
	}, got)

	// The re-planned case is what Due sees from then on.
	s := supervision.State{Cases: []*zerenv1.SupervisionCase{r.Case}}
	assert.Equal(t, []string{"TS-C-DB-A-a-T3"}, ids(supervision.Due(at(time.October, 14, 9), s, cal, p).Reminders))
	assert.Empty(t, supervision.Due(at(time.October, 19, 9), s, cal, p).Urges)
	assert.Len(t, supervision.Due(at(time.October, 20, 9), s, cal, p).Urges, 1)
}

func TestExtendRefusesWhatItCannotDo(t *testing.T) {
	t.Parallel()
	cal := sampleCalendar(t)
	p := supervision.DefaultPolicy()
	open := openedCase(t, at(time.March, 19, 10)) // deadline 4月2日
	closed := proto.Clone(open).(*zerenv1.SupervisionCase)
	closed.State = stClosed
	verified := proto.Clone(open).(*zerenv1.SupervisionCase)
	verified.State = stVerified
	ok := supervision.ExtensionRequest{NewDeadline: day(time.April, 20), Reason: "r", ApprovedBy: "p", At: at(time.March, 30, 9)}
	with := func(f func(*supervision.ExtensionRequest)) supervision.ExtensionRequest {
		r := ok
		f(&r)
		return r
	}
	tests := []struct {
		name string
		c    *zerenv1.SupervisionCase
		req  supervision.ExtensionRequest
		want string
	}{
		{"a closed case", closed, ok, `extend case "DB-A-a": cannot extend a closed-out case (已办结销号)`},
		{"a verified case", verified, ok, `extend case "DB-A-a": cannot extend a verified case (已验收)`},
		{"to an earlier date", open, with(func(r *supervision.ExtensionRequest) { r.NewDeadline = day(time.March, 31) }),
			`extend case "DB-A-a": the new deadline 2026-03-31 is not after the current deadline 2026-04-02`},
		{"to the same date", open, with(func(r *supervision.ExtensionRequest) { r.NewDeadline = day(time.April, 2).Add(5 * time.Hour) }),
			`the new deadline 2026-04-02 is not after the current deadline 2026-04-02`},
		{"to a holiday that moves back onto the deadline", open, with(func(r *supervision.ExtensionRequest) {
			r.NewDeadline = day(time.April, 4)
		}), ""},
		{"everything missing at once", closed, supervision.ExtensionRequest{},
			`extend case "DB-A-a": cannot extend a closed-out case (已办结销号); the new deadline is missing; the reason for the extension is missing; who approved the extension is missing; the approval instant is missing`},
		{"approved before the case opened", open, with(func(r *supervision.ExtensionRequest) { r.At = at(time.March, 1, 9) }),
			"is before the case opened"},
		{"a nil case", nil, ok, `extend case "": case is nil`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, err := supervision.Extend(tt.c, tt.req, cal, p)
			if tt.want == "" {
				require.NoError(t, err)
				assert.Equal(t, day(time.April, 7), r.Case.GetDeadline().AsTime().In(cst), "清明 4月4日–6日 顺延 to 4月7日")
				return
			}
			var cerr *supervision.CaseError
			require.ErrorAs(t, err, &cerr)
			assert.Contains(t, err.Error(), tt.want)
			assert.Nil(t, r)
		})
	}
}
