package checklist_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/zerenlab/zeren/checklist"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// rollupCase is a hand-made ledger as of 2026-04-01 00:00, when the first
// quarter's due days have just ended.
func rollupCase() []*zerenv1.Assignment {
	mk := func(id, org, person string, dueM, dueD int, weight float64, status zerenv1.AssignmentStatus, doneAt *[3]int) *zerenv1.Assignment {
		a := &zerenv1.Assignment{Id: id, TaskId: "T" + id[1:], OrganizationId: org, PersonId: person,
			Due: ts(2026, time.Month(dueM), dueD), Weight: weight, Status: status}
		if doneAt != nil {
			a.CompletedAt = ts(doneAt[0], time.Month(doneAt[1]), doneAt[2])
		}
		return a
	}
	return []*zerenv1.Assignment{
		mk("A1", "b1", "jia", 3, 31, 2, statusDone, &[3]int{2026, 3, 20}),  // on time
		mk("A2", "b1", "jia", 2, 28, 0, statusDone, &[3]int{2026, 3, 5}),   // late; weight 0 counts as 1
		mk("A3", "b2", "bing", 3, 31, 3, statusOpen, nil),                  // overdue
		mk("A4", "b2", "bing", 6, 30, 1, statusOpen, nil),                  // not yet due
		mk("A5", "b2", "bing", 6, 30, 1, statusDone, &[3]int{2026, 3, 25}), // done early, not yet due
		mk("A6", "vb1", "vb", 3, 31, 1, statusRetired, nil),                // left out
		mk("A7", "vb1", "vb", 1, 31, 2, statusDone, &[3]int{2026, 5, 1}),   // completed after the date: overdue then
		mk("A8", "pg", "sec", 3, 31, 1, statusDone, nil),                   // done, time unknown: on time
	}
}

func TestRollupFiguresOnAHandMadeLedger(t *testing.T) {
	t.Parallel()
	h := smallHierarchy(t)
	asOf := day(2026, 4, 1)
	type fig struct {
		Key                  string
		N, Done              int
		Weight, DoneW, Compl float64
		Due, OnTime          int
		OnTimeRate           float64
		Overdue              int
	}
	cases := []struct {
		by   checklist.Grouping
		want []fig
	}{
		{checklist.ByOrganization, []fig{
			{"pg", 1, 1, 1, 1, 1, 1, 1, 1, 0},
			{"b1", 2, 2, 3, 3, 1, 2, 1, 0.5, 0},
			{"b2", 3, 1, 5, 1, 0.2, 1, 0, 0, 1},
			{"vb1", 1, 0, 2, 0, 0, 1, 0, 0, 1},
		}},
		{checklist.ByUnit, []fig{
			{"u", 6, 4, 9, 5, 5.0 / 9, 4, 2, 0.5, 1},
			{"v", 1, 0, 2, 0, 0, 1, 0, 0, 1},
		}},
		{checklist.ByLevel, []fig{
			{"party-group", 1, 1, 1, 1, 1, 1, 1, 1, 0},
			{"branch", 6, 3, 10, 4, 0.4, 4, 1, 0.25, 2},
		}},
		{checklist.ByPerson, []fig{
			{"bing", 3, 1, 5, 1, 0.2, 1, 0, 0, 1},
			{"jia", 2, 2, 3, 3, 1, 2, 1, 0.5, 0},
			{"sec", 1, 1, 1, 1, 1, 1, 1, 1, 0},
			{"vb", 1, 0, 2, 0, 0, 1, 0, 0, 1},
		}},
		{checklist.ByAssignment, []fig{
			{"A1", 1, 1, 2, 2, 1, 1, 1, 1, 0},
			{"A2", 1, 1, 1, 1, 1, 1, 0, 0, 0},
			{"A3", 1, 0, 3, 0, 0, 1, 0, 0, 1},
			{"A4", 1, 0, 1, 0, 0, 0, 0, 0, 0},
			{"A5", 1, 1, 1, 1, 1, 0, 0, 0, 0},
			{"A7", 1, 0, 2, 0, 0, 1, 0, 0, 1},
			{"A8", 1, 1, 1, 1, 1, 1, 1, 1, 0},
		}},
	}
	for _, tc := range cases {
		t.Run("by "+tc.by.String(), func(t *testing.T) {
			t.Parallel()
			rows := checklist.Rollup(h, rollupCase(), asOf, tc.by)
			var got []fig
			for _, r := range rows {
				got = append(got, fig{r.Key, r.Assignments, r.Done, r.Weight, r.DoneWeight, r.Completion, r.Due, r.OnTime, r.OnTimeRate, r.Overdue})
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestRollupNamesGroupsFromTheHierarchy(t *testing.T) {
	t.Parallel()
	h := smallHierarchy(t)
	ledger := append(rollupCase(), &zerenv1.Assignment{Id: "Z", OrganizationId: "nowhere", Status: statusOpen})
	rows := checklist.Rollup(h, ledger, day(2026, 4, 1), checklist.ByOrganization)
	var names []string
	for _, r := range rows {
		names = append(names, r.Key+"="+r.Name)
	}
	assert.Equal(t, []string{"pg=示例局党组", "b1=第一支部", "b2=第二支部", "vb1=另一局第一支部", "="}, names,
		"an organisation the hierarchy does not know comes last, under an empty key")
	units := checklist.Rollup(h, rollupCase(), day(2026, 4, 1), checklist.ByUnit)
	assert.Equal(t, "示例局", units[0].Name)
	levels := checklist.Rollup(h, rollupCase(), day(2026, 4, 1), checklist.ByLevel)
	assert.Equal(t, "党支部", levels[1].Name)
}

func TestRollupCountsOverdueFromTheDayAfterTheDueDay(t *testing.T) {
	t.Parallel()
	h := smallHierarchy(t)
	a := []*zerenv1.Assignment{{Id: "A", OrganizationId: "b1", Due: ts(2026, 3, 31), Status: statusOpen}}
	onDueDay := checklist.Rollup(h, a, day(2026, 3, 31).Add(23*3600e9), checklist.ByOrganization)
	assert.Zero(t, onDueDay[0].Overdue, "still the due day")
	after := checklist.Rollup(h, a, day(2026, 4, 1), checklist.ByOrganization)
	assert.Equal(t, 1, after[0].Overdue)
}
