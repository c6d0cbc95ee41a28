package responsibility_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
)

func TestNewAcceptsAValidStructure(t *testing.T) {
	t.Parallel()
	h, err := responsibility.New(testFramework(), testStructure())
	require.NoError(t, err)
	assert.Equal(t, 4, h.Len())
}

type want struct {
	kind    responsibility.ProblemKind
	record  string
	id      string
	field   string
	message string
}

func TestNewReportsEveryProblem(t *testing.T) {
	t.Parallel()
	org := func(s *zerenv1.Structure, id string) *zerenv1.Organization {
		for _, o := range s.Organizations {
			if o.Id == id {
				return o
			}
		}
		panic(id)
	}
	app := func(s *zerenv1.Structure, id string) *zerenv1.Appointment {
		for _, a := range s.Appointments {
			if a.Id == id {
				return a
			}
		}
		panic(id)
	}
	tests := []struct {
		name   string
		fw     func(*zerenv1.Framework)
		mutate func(*zerenv1.Structure)
		want   []want
	}{
		{
			name:   "a parent that does not exist is named",
			mutate: func(s *zerenv1.Structure) { org(s, "b1").ParentId = "nowhere" },
			want:   []want{{responsibility.ProblemDanglingReference, "organization", "b1", "parent_id", `parent "nowhere" does not exist`}},
		},
		{
			name: "a cycle of parents is reported once with its members",
			mutate: func(s *zerenv1.Structure) {
				org(s, "b1").ParentId = "b2"
				org(s, "b2").ParentId = "b1"
				org(s, "b1").LevelId = "branch"
			},
			want: []want{
				{responsibility.ProblemWrongLevel, "organization", "b1", "parent_id", `is at level "党支部"`},
				{responsibility.ProblemWrongLevel, "organization", "b2", "parent_id", `is at level "党支部"`},
				{responsibility.ProblemCycle, "organization", "b1", "parent_id", "cycle of parents: [b1 b2]"},
			},
		},
		{
			name:   "an organisation that is its own parent",
			mutate: func(s *zerenv1.Structure) { org(s, "b2").ParentId = "b2" },
			want:   []want{{responsibility.ProblemCycle, "organization", "b2", "parent_id", "its own parent"}},
		},
		{
			name: "duplicate ids of organisations, people and posts",
			mutate: func(s *zerenv1.Structure) {
				s.Organizations = append(s.Organizations, &zerenv1.Organization{Id: "b2", Name: "重复支部", LevelId: "branch", ParentId: "oc", UnitId: "czj"})
				s.People = append(s.People, &zerenv1.Person{Id: "li", Name: "李华二"})
			},
			want: []want{
				{responsibility.ProblemDuplicateID, "person", "li", "id", "also used by person #2 (李华)"},
				{responsibility.ProblemDuplicateID, "organization", "b2", "id", "also used by organization #4"},
			},
		},
		{
			name: "a post kind placed on the wrong level",
			mutate: func(s *zerenv1.Structure) {
				s.Posts = append(s.Posts, &zerenv1.Post{Id: "b2-dc", OrganizationId: "b2", PostKindId: "dc-sec"})
			},
			want: []want{{responsibility.ProblemWrongLevel, "post", "b2-dc", "post_kind_id", `post kind "机关纪委书记" belongs at level "机关党委"`}},
		},
		{
			name:   "a branch directly under the party group breaks the level order",
			mutate: func(s *zerenv1.Structure) { org(s, "b2").ParentId = "pg" },
			want:   []want{{responsibility.ProblemWrongLevel, "organization", "b2", "parent_id", `level "党支部" allows a parent at level "机关党委"`}},
		},
		{
			name:   "a lower level without a parent",
			mutate: func(s *zerenv1.Structure) { org(s, "b2").ParentId = "" },
			want:   []want{{responsibility.ProblemWrongLevel, "organization", "b2", "parent_id", "needs a parent"}},
		},
		{
			name: "overlapping appointments to a single-holder post",
			mutate: func(s *zerenv1.Structure) {
				app(s, "a2").Start = ts(2026, 6, 1)
			},
			want: []want{{responsibility.ProblemOverlap, "appointment", "a2", "start", `overlaps appointment "a1" of 张明 (2021-03-01 to 2026-07-01)`}},
		},
		{
			name: "an acting appointment overlapping the regular holder",
			mutate: func(s *zerenv1.Structure) {
				app(s, "a8").End = ts(2026, 9, 2)
			},
			want: []want{{responsibility.ProblemOverlap, "appointment", "a9", "start", `overlaps appointment "a8" of 吴静`}},
		},
		{
			name:   "an appointment ending before it starts",
			mutate: func(s *zerenv1.Structure) { app(s, "a7").End = ts(2022, 1, 1) },
			want:   []want{{responsibility.ProblemBadInterval, "appointment", "a7", "end", "ends 2022-01-01, not after it starts 2023-01-01"}},
		},
		{
			name:   "an appointment without a start",
			mutate: func(s *zerenv1.Structure) { app(s, "a10").Start = nil },
			want:   []want{{responsibility.ProblemMissingField, "appointment", "a10", "start", "start date is empty"}},
		},
		{
			name: "references to people, posts and duty areas that do not exist",
			mutate: func(s *zerenv1.Structure) {
				app(s, "a3").PersonId = "ghost"
				app(s, "a4").PostId = "nopost"
				app(s, "a6").DutyAreaIds = []string{"space"}
			},
			want: []want{
				{responsibility.ProblemDanglingReference, "appointment", "a3", "person_id", `person "ghost" does not exist`},
				{responsibility.ProblemDanglingReference, "appointment", "a4", "post_id", `post "nopost" does not exist`},
				{responsibility.ProblemDanglingReference, "appointment", "a6", "duty_area_ids", `duty area "space" does not exist`},
			},
		},
		{
			name: "unknown level, unit and post kind",
			mutate: func(s *zerenv1.Structure) {
				org(s, "b2").LevelId = "cell"
				org(s, "b1").UnitId = "mars"
				s.Posts[0].PostKindId = "king"
			},
			want: []want{
				{responsibility.ProblemDanglingReference, "organization", "b1", "unit_id", `unit "mars" does not exist`},
				{responsibility.ProblemDanglingReference, "organization", "b2", "level_id", `level "cell" does not exist`},
				{responsibility.ProblemDanglingReference, "post", "pg-sec", "post_kind_id", `post kind "king" does not exist`},
			},
		},
		{
			name: "two secretary posts at one organisation",
			mutate: func(s *zerenv1.Structure) {
				s.Posts = append(s.Posts, &zerenv1.Post{Id: "b2-sec2", OrganizationId: "b2", PostKindId: "br-sec"})
			},
			want: []want{{responsibility.ProblemOverlap, "post", "b2-sec2", "post_kind_id", `already has a "党支部书记" post ("b2-sec")`}},
		},
		{
			name:   "empty ids are named by position",
			mutate: func(s *zerenv1.Structure) { s.People = append(s.People, &zerenv1.Person{Name: "无名"}) },
			want:   []want{{responsibility.ProblemMissingField, "person", "#10", "id", "id is empty"}},
		},
		{
			name:   "a structure of another framework",
			mutate: func(s *zerenv1.Structure) { s.FrameworkId = "siji-sigang" },
			want:   []want{{responsibility.ProblemFrameworkMismatch, "structure", "siji-sigang", "framework_id", `built with framework "sanji-wugang"`}},
		},
		{
			name: "an organisation of another unit under a non-supervising parent",
			mutate: func(s *zerenv1.Structure) {
				s.Units = append(s.Units, &zerenv1.Unit{Id: "fgw", Name: "示例市发展和改革委员会"})
				org(s, "b2").UnitId = "fgw"
			},
			want: []want{{responsibility.ProblemWrongLevel, "organization", "b2", "unit_id", "differs from its parent's unit"}},
		},
		{
			name: "framework problems: a post kind on a level that does not exist and a level cycle",
			fw: func(fw *zerenv1.Framework) {
				fw.PostKinds[1].LevelId = "nowhere"
				fw.Levels[0].ParentLevelIds = []string{"branch"}
			},
			mutate: func(s *zerenv1.Structure) {},
			want: []want{
				{responsibility.ProblemCycle, "level", "party-group", "parent_level_ids", "cycle"},
				{responsibility.ProblemDanglingReference, "post kind", "pg-mem", "level_id", `level "nowhere" does not exist`},
				{responsibility.ProblemWrongLevel, "organization", "pg", "parent_id", `needs a parent at level "党支部"`},
			},
		},
		{
			name:   "dates outside the accepted years",
			mutate: func(s *zerenv1.Structure) { app(s, "a10").Start.Seconds = -1e10 },
			want:   []want{{responsibility.ProblemInvalidValue, "appointment", "a10", "start", "outside the years 1900–2199"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fw, s := testFramework(), testStructure()
			if tt.fw != nil {
				tt.fw(fw)
			}
			tt.mutate(s)
			h, err := responsibility.New(fw, s)
			require.Error(t, err)
			assert.Nil(t, h)
			var verr *responsibility.ValidationError
			require.True(t, errors.As(err, &verr), "error is %T", err)
			for _, w := range tt.want {
				found := false
				for _, p := range verr.Problems {
					if p.Code == w.kind && p.Record == w.record && p.ID == w.id && p.Field == w.field && strings.Contains(p.Message, w.message) {
						found = true
						break
					}
				}
				assert.True(t, found, "missing problem %+v in:\n%v", w, err)
			}
			assert.Len(t, verr.Problems, len(tt.want), "unexpected problems:\n%v", err)
		})
	}
}

func TestValidationErrorNamesTheRecordInItsText(t *testing.T) {
	t.Parallel()
	s := testStructure()
	s.Organizations[2].ParentId = "x"
	_, err := responsibility.New(testFramework(), s)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `organization "b1" (中共示例市财政局机关第一支部委员会): parent_id: parent "x" does not exist`)
	assert.ErrorIs(t, err, &responsibility.ValidationError{})
}

func TestNewCopiesItsInput(t *testing.T) {
	t.Parallel()
	s := testStructure()
	h, err := responsibility.New(testFramework(), s)
	require.NoError(t, err)
	s.Organizations[0].Name = "changed"
	o, ok := h.Organization("pg")
	require.True(t, ok)
	assert.Equal(t, "中共示例市财政局党组", o.GetName())
}

func TestNewOnNilInputIsEmptyButReportsTheMissingFrameworkID(t *testing.T) {
	t.Parallel()
	_, err := responsibility.New(nil, nil)
	var verr *responsibility.ValidationError
	require.ErrorAs(t, err, &verr)
	require.Len(t, verr.Problems, 1)
	assert.Equal(t, "framework", verr.Problems[0].Record)
}
