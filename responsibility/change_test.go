package responsibility_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
)

func rotation(appID string, y int, m int, d int, next *zerenv1.Appointment) *zerenv1.StructureChange {
	return &zerenv1.StructureChange{Change: &zerenv1.StructureChange_Rotation{Rotation: &zerenv1.Rotation{
		AppointmentId: appID, At: ts(y, time.Month(m), d), Next: next}}}
}

func TestApplyRecordsARotationSoThePostIsNeverVacant(t *testing.T) {
	t.Parallel()
	st := testStructure()
	before := proto.Clone(st)
	out, h, err := responsibility.Apply(testFramework(), st, []*zerenv1.StructureChange{
		rotation("a10", 2026, 10, 1, &zerenv1.Appointment{Id: "a12", PersonId: "zheng"}),
	})
	require.NoError(t, err)
	assert.True(t, proto.Equal(before, st), "the input is not modified")
	hs, err := h.Holders("b2-sec", day(2026, 9, 30))
	require.NoError(t, err)
	require.Len(t, hs, 1)
	assert.Equal(t, "chen", hs[0].GetPersonId())
	hs, err = h.Holders("b2-sec", day(2026, 10, 1))
	require.NoError(t, err)
	require.Len(t, hs, 1)
	assert.Equal(t, "zheng", hs[0].GetPersonId(), "on the day of the rotation the new holder answers")
	next, ok := h.Appointment("a12")
	require.True(t, ok)
	assert.Equal(t, "b2-sec", next.GetPostId(), "the post defaults to the ended appointment's")
	assert.Equal(t, regular, next.GetKind())
	assert.Len(t, out.GetAppointments(), len(st.GetAppointments())+1)
}

func TestApplyAddsANewBranchWithItsPostAndSecretary(t *testing.T) {
	t.Parallel()
	_, h, err := responsibility.Apply(testFramework(), testStructure(), []*zerenv1.StructureChange{
		{Change: &zerenv1.StructureChange_PutOrganization{PutOrganization: &zerenv1.Organization{Id: "b3", Name: "第三支部", LevelId: "branch", ParentId: "oc", UnitId: "czj"}}},
		{Change: &zerenv1.StructureChange_PutPost{PutPost: &zerenv1.Post{Id: "b3-sec", OrganizationId: "b3", PostKindId: "br-sec"}}},
		{Change: &zerenv1.StructureChange_PutAppointment{PutAppointment: &zerenv1.Appointment{Id: "a20", PersonId: "wu", PostId: "b3-sec", Kind: regular, Start: ts(2026, 10, 1)}}},
	})
	require.NoError(t, err)
	kids, err := h.Children("oc")
	require.NoError(t, err)
	assert.Len(t, kids, 3)
}

func TestApplyReportsEveryProblemInChineseAndEnglish(t *testing.T) {
	t.Parallel()
	_, _, err := responsibility.Apply(testFramework(), testStructure(), []*zerenv1.StructureChange{
		{Change: &zerenv1.StructureChange_RemoveOrganizationId{RemoveOrganizationId: "b2"}}, // b2-sec is left dangling
		{Change: &zerenv1.StructureChange_EndAppointment{EndAppointment: &zerenv1.EndAppointment{AppointmentId: "nope", End: ts(2026, 1, 1)}}},
		rotation("a1", 2026, 8, 1, &zerenv1.Appointment{Id: "a13", PersonId: "zheng"}), // a1 ended on 07-01
		{Change: &zerenv1.StructureChange_PutPost{PutPost: &zerenv1.Post{OrganizationId: "b1"}}},
		{},
	})
	var ve *responsibility.ValidationError
	require.True(t, errors.As(err, &ve), "%v", err)
	type key struct{ record, id, field string }
	var got []key
	for _, p := range ve.Problems {
		got = append(got, key{p.Record, p.ID, p.Field})
	}
	assert.Subset(t, got, []key{
		{"change", "#2", "end_appointment.appointment_id"},
		{"change", "#3", "rotation.at"},
		{"change", "#4", "put_post.id"},
		{"change", "#5", "change"},
		{"post", "b2-sec", "organization_id"},
	})
	for _, p := range ve.Problems[:4] {
		assert.Regexp(t, `^\p{Han}`, p.MessageZh, "a Chinese message: %s", p)
		assert.Regexp(t, `^[a-z]`, p.Message, "an English message: %s", p)
	}
	assert.Contains(t, ve.Zh(), `变更第2条：end_appointment.appointment_id：任职“nope”不存在`)
	assert.Contains(t, err.Error(), `change "#2": end_appointment.appointment_id: appointment "nope" does not exist`)
}

// An id that names nothing is raw input: the Chinese message quotes it with
// “…” and shows its control characters escaped, as the English %q does.
func TestApplyEscapesTheControlCharactersOfAnUnknownID(t *testing.T) {
	t.Parallel()
	_, _, err := responsibility.Apply(testFramework(), testStructure(), []*zerenv1.StructureChange{
		{Change: &zerenv1.StructureChange_EndAppointment{EndAppointment: &zerenv1.EndAppointment{AppointmentId: "no\npe\x1b[2J", End: ts(2026, 1, 1)}}},
	})
	ve, ok := problem.As(err)
	require.True(t, ok, "%v", err)
	require.Len(t, ve.Problems, 1)
	assert.Equal(t, `任职“no\npe\x1b[2J”不存在`, ve.Problems[0].MessageZh)
	assert.Equal(t, `appointment "no\npe\x1b[2J" does not exist`, ve.Problems[0].Message)
}

// sortByID orders every kind of a structure by id, for comparison as sets.
func sortByID(st *zerenv1.Structure) *zerenv1.Structure {
	st = proto.Clone(st).(*zerenv1.Structure)
	by := func(a, b interface{ GetId() string }) int { return strings.Compare(a.GetId(), b.GetId()) }
	slices.SortFunc(st.Units, func(a, b *zerenv1.Unit) int { return by(a, b) })
	slices.SortFunc(st.Organizations, func(a, b *zerenv1.Organization) int { return by(a, b) })
	slices.SortFunc(st.Posts, func(a, b *zerenv1.Post) int { return by(a, b) })
	slices.SortFunc(st.People, func(a, b *zerenv1.Person) int { return by(a, b) })
	slices.SortFunc(st.Appointments, func(a, b *zerenv1.Appointment) int { return by(a, b) })
	slices.SortFunc(st.DutyAreas, func(a, b *zerenv1.DutyArea) int { return by(a, b) })
	return st
}

func TestDiffThenApplyYieldsTheTarget(t *testing.T) {
	t.Parallel()
	from := testStructure()
	to := testStructure()
	to.Organizations = slices.DeleteFunc(to.Organizations, func(o *zerenv1.Organization) bool { return o.GetId() == "b2" })
	to.Posts = slices.DeleteFunc(to.Posts, func(p *zerenv1.Post) bool { return p.GetId() == "b2-sec" })
	to.Appointments = slices.DeleteFunc(to.Appointments, func(a *zerenv1.Appointment) bool { return a.GetId() == "a10" })
	to.Organizations[2].MemberCount = 55 // b1 took in b2's members
	for _, a := range to.Appointments {
		if a.GetId() == "a6" {
			a.End = ts(2026, 11, 1)
		}
	}
	to.Appointments = append(to.Appointments, &zerenv1.Appointment{Id: "a14", PersonId: "chen", PostId: "dc-sec", Kind: regular, Start: ts(2026, 11, 1)})
	to.People = append(to.People, &zerenv1.Person{Id: "qian", Name: "钱伟"})

	changes := responsibility.Diff(from, to)
	var kinds []string
	for _, c := range changes {
		kinds = append(kinds, string(c.ProtoReflect().WhichOneof(c.ProtoReflect().Descriptor().Oneofs().ByName("change")).Name()))
	}
	assert.Equal(t, []string{"put_person", "put_organization", "rotation", "remove_appointment_id", "remove_post_id", "remove_organization_id"}, kinds)
	out, _, err := responsibility.Apply(testFramework(), from, changes)
	require.NoError(t, err)
	assert.True(t, proto.Equal(sortByID(to), sortByID(out)), "Apply(Diff) gives the target")
	assert.Empty(t, responsibility.Diff(to, out), "and nothing is left to change")
}

func TestDiffOfEqualStructuresIsEmpty(t *testing.T) {
	t.Parallel()
	assert.Empty(t, responsibility.Diff(testStructure(), testStructure()))
}
