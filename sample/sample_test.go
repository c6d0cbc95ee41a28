package sample

import (
	"slices"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/frameworks"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// These tests check the data independently of the responsibility package.

var (
	kindRegular   = zerenv1.AppointmentKind_APPOINTMENT_KIND_REGULAR
	kindActing    = zerenv1.AppointmentKind_APPOINTMENT_KIND_ACTING
	kindDelegated = zerenv1.AppointmentKind_APPOINTMENT_KIND_DELEGATED
)

// index is a lookup over one structure.
type index struct {
	s      *zerenv1.Structure
	units  map[string]*zerenv1.Unit
	orgs   map[string]*zerenv1.Organization
	posts  map[string]*zerenv1.Post
	people map[string]*zerenv1.Person
	appts  map[string]*zerenv1.Appointment
	areas  map[string]*zerenv1.DutyArea
	byPost map[string][]*zerenv1.Appointment
}

func indexOf(t *testing.T, s *zerenv1.Structure) *index {
	t.Helper()
	x := &index{
		s: s, units: map[string]*zerenv1.Unit{}, orgs: map[string]*zerenv1.Organization{},
		posts: map[string]*zerenv1.Post{}, people: map[string]*zerenv1.Person{},
		appts: map[string]*zerenv1.Appointment{}, areas: map[string]*zerenv1.DutyArea{},
		byPost: map[string][]*zerenv1.Appointment{},
	}
	put := func(kind, id string, add func() bool) {
		assert.NotEmpty(t, id, "%s id is set", kind)
		assert.True(t, add(), "%s id %q is unique", kind, id)
	}
	for _, u := range s.GetUnits() {
		put("unit", u.GetId(), func() bool { return add(x.units, u.GetId(), u) })
	}
	for _, o := range s.GetOrganizations() {
		put("organization", o.GetId(), func() bool { return add(x.orgs, o.GetId(), o) })
	}
	for _, p := range s.GetPosts() {
		put("post", p.GetId(), func() bool { return add(x.posts, p.GetId(), p) })
	}
	for _, p := range s.GetPeople() {
		put("person", p.GetId(), func() bool { return add(x.people, p.GetId(), p) })
	}
	for _, a := range s.GetAppointments() {
		put("appointment", a.GetId(), func() bool { return add(x.appts, a.GetId(), a) })
		x.byPost[a.GetPostId()] = append(x.byPost[a.GetPostId()], a)
	}
	for _, a := range s.GetDutyAreas() {
		put("duty area", a.GetId(), func() bool { return add(x.areas, a.GetId(), a) })
	}
	return x
}

func add[T any](m map[string]T, id string, v T) bool {
	if _, dup := m[id]; dup {
		return false
	}
	m[id] = v
	return true
}

// holds reports whether a covers the instant at: start <= at < end.
func holds(a *zerenv1.Appointment, at time.Time) bool {
	if at.Before(a.GetStart().AsTime()) {
		return false
	}
	return a.GetEnd() == nil || at.Before(a.GetEnd().AsTime())
}

// holders returns the people holding a post at an instant with one of the
// given appointment kinds.
func (x *index) holders(postID string, at time.Time, kinds ...zerenv1.AppointmentKind) []string {
	var out []string
	for _, a := range x.byPost[postID] {
		if slices.Contains(kinds, a.GetKind()) && holds(a, at) {
			out = append(out, a.GetPersonId())
		}
	}
	return out
}

// daysOf2026 returns the start of every day of [Year] in [Location].
func daysOf2026() []time.Time {
	var days []time.Time
	for d := time.Date(Year, time.January, 1, 0, 0, 0, 0, Location); d.Year() == Year; d = d.AddDate(0, 0, 1) {
		days = append(days, d)
	}
	return days
}

func midnight(t time.Time) bool {
	l := t.In(Location)
	return l.Hour() == 0 && l.Minute() == 0 && l.Second() == 0 && l.Nanosecond() == 0
}

// checkAgainstFramework checks what any structure must satisfy: references
// resolve, levels and post kinds agree with the framework, single-holder
// posts never have two holders, and every post is held on every day of 2026.
func checkAgainstFramework(t *testing.T, s *zerenv1.Structure, fw *zerenv1.Framework) {
	t.Helper()
	require.Equal(t, fw.GetId(), s.GetFrameworkId())
	x := indexOf(t, s)
	levels := map[string]*zerenv1.Level{}
	for _, l := range fw.GetLevels() {
		levels[l.GetId()] = l
	}
	kinds := map[string]*zerenv1.PostKind{}
	for _, k := range fw.GetPostKinds() {
		kinds[k.GetId()] = k
	}

	t.Run("units are named and classified", func(t *testing.T) {
		for _, u := range s.GetUnits() {
			assert.NotEmpty(t, u.GetName(), u.GetId())
			assert.NotEmpty(t, u.GetShortName(), u.GetId())
			assert.NotEqual(t, zerenv1.UnitKind_UNIT_KIND_UNSPECIFIED, u.GetKind(), u.GetId())
		}
	})

	t.Run("organisations reference existing units, levels and parents", func(t *testing.T) {
		for _, o := range s.GetOrganizations() {
			assert.NotEmpty(t, o.GetName(), o.GetId())
			assert.NotEmpty(t, o.GetShortName(), o.GetId())
			assert.Contains(t, x.units, o.GetUnitId(), "unit of org %q", o.GetId())
			lv, ok := levels[o.GetLevelId()]
			if !assert.True(t, ok, "level %q of org %q exists", o.GetLevelId(), o.GetId()) {
				continue
			}
			if o.GetParentId() == "" {
				assert.Empty(t, lv.GetParentLevelIds(), "org %q at level %q needs a parent", o.GetId(), lv.GetId())
				continue
			}
			parent, ok := x.orgs[o.GetParentId()]
			if !assert.True(t, ok, "parent %q of org %q exists", o.GetParentId(), o.GetId()) {
				continue
			}
			assert.Contains(t, lv.GetParentLevelIds(), parent.GetLevelId(), "org %q may have a parent at level %q", o.GetId(), parent.GetLevelId())
			if !levels[parent.GetLevelId()].GetSupervising() {
				assert.Equal(t, parent.GetUnitId(), o.GetUnitId(), "org %q is in its parent's unit", o.GetId())
			}
		}
	})

	t.Run("member counts are plausible", func(t *testing.T) {
		sums := map[string]int32{}
		for _, o := range s.GetOrganizations() {
			if o.GetLevelId() == "branch" {
				assert.GreaterOrEqual(t, o.GetMemberCount(), int32(3), "branch %q has at least 3 members", o.GetId())
				assert.LessOrEqual(t, o.GetMemberCount(), int32(50), "branch %q has at most 50 members", o.GetId())
				sums[o.GetParentId()] += o.GetMemberCount()
			}
		}
		for _, o := range s.GetOrganizations() {
			if o.GetLevelId() == "organ-committee" {
				assert.GreaterOrEqual(t, o.GetMemberCount(), int32(50), "organ committee %q has at least 50 members", o.GetId())
				assert.Equal(t, sums[o.GetId()], o.GetMemberCount(), "organ committee %q counts its branches' members", o.GetId())
			}
		}
	})

	t.Run("posts sit on organisations of their kind's level", func(t *testing.T) {
		for _, p := range s.GetPosts() {
			org, ok := x.orgs[p.GetOrganizationId()]
			if !assert.True(t, ok, "org %q of post %q exists", p.GetOrganizationId(), p.GetId()) {
				continue
			}
			kind, ok := kinds[p.GetPostKindId()]
			if !assert.True(t, ok, "post kind %q of post %q exists in %s", p.GetPostKindId(), p.GetId(), fw.GetId()) {
				continue
			}
			assert.Equal(t, kind.GetLevelId(), org.GetLevelId(), "post %q is on an org at its kind's level", p.GetId())
			assert.NotEmpty(t, p.GetTitle(), p.GetId())
		}
	})

	t.Run("every organisation has its required posts", func(t *testing.T) {
		have := map[string]map[string]int{}
		for _, p := range s.GetPosts() {
			if have[p.GetOrganizationId()] == nil {
				have[p.GetOrganizationId()] = map[string]int{}
			}
			have[p.GetOrganizationId()][p.GetPostKindId()]++
		}
		for _, o := range s.GetOrganizations() {
			for _, k := range fw.GetPostKinds() {
				if k.GetLevelId() != o.GetLevelId() {
					continue
				}
				n := have[o.GetId()][k.GetId()]
				if k.GetRequired() {
					assert.GreaterOrEqual(t, n, 1, "org %q has a %s post", o.GetId(), k.GetName())
				}
				if k.GetSingleHolder() {
					assert.LessOrEqual(t, n, 1, "org %q has one %s post", o.GetId(), k.GetName())
				}
			}
		}
	})

	t.Run("people have plausible names", func(t *testing.T) {
		names := map[string]string{}
		for _, p := range s.GetPeople() {
			n := utf8.RuneCountInString(p.GetName())
			assert.True(t, n == 2 || n == 3, "name %q of %q has 2 or 3 characters", p.GetName(), p.GetId())
			assert.NotEmpty(t, p.GetPosition(), p.GetId())
			if other, dup := names[p.GetName()]; dup {
				assert.Fail(t, "duplicate name", "%q and %q are both %s", other, p.GetId(), p.GetName())
			}
			names[p.GetName()] = p.GetId()
		}
	})

	t.Run("appointments reference existing people, posts and duty areas", func(t *testing.T) {
		used := map[string]bool{}
		for _, a := range s.GetAppointments() {
			used[a.GetPersonId()] = true
			assert.Contains(t, x.people, a.GetPersonId(), "person of appointment %q", a.GetId())
			assert.Contains(t, x.posts, a.GetPostId(), "post of appointment %q", a.GetId())
			assert.NotEqual(t, zerenv1.AppointmentKind_APPOINTMENT_KIND_UNSPECIFIED, a.GetKind(), a.GetId())
			assert.NotEmpty(t, a.GetDocument(), a.GetId())
			for _, d := range a.GetDutyAreaIds() {
				assert.Contains(t, x.areas, d, "duty area of appointment %q", a.GetId())
			}
			if assert.NotNil(t, a.GetStart(), "appointment %q has a start", a.GetId()) {
				assert.True(t, midnight(a.GetStart().AsTime()), "appointment %q starts at midnight", a.GetId())
			}
			if a.GetEnd() != nil {
				assert.True(t, midnight(a.GetEnd().AsTime()), "appointment %q ends at midnight", a.GetId())
				assert.True(t, a.GetEnd().AsTime().After(a.GetStart().AsTime()), "appointment %q ends after it starts", a.GetId())
			}
		}
		for _, p := range s.GetPeople() {
			assert.True(t, used[p.GetId()], "person %q (%s) holds a post", p.GetId(), p.GetName())
		}
	})

	t.Run("single-holder posts never have two holders at once", func(t *testing.T) {
		for _, p := range s.GetPosts() {
			if !kinds[p.GetPostKindId()].GetSingleHolder() {
				continue
			}
			var holding []*zerenv1.Appointment
			for _, a := range x.byPost[p.GetId()] {
				if a.GetKind() == kindRegular || a.GetKind() == kindActing {
					holding = append(holding, a)
				}
			}
			for i, a := range holding {
				for _, b := range holding[i+1:] {
					assert.False(t, overlap(a, b), "post %q: appointments %q and %q overlap", p.GetId(), a.GetId(), b.GetId())
				}
			}
		}
	})

	t.Run("every post is held on every day of 2026", func(t *testing.T) {
		for _, p := range s.GetPosts() {
			for _, day := range daysOf2026() {
				if !assert.NotEmpty(t, x.holders(p.GetId(), day, kindRegular, kindActing),
					"post %q is held on %s", p.GetId(), day.Format(time.DateOnly)) {
					break
				}
			}
		}
	})
}

func overlap(a, b *zerenv1.Appointment) bool {
	endBefore := func(x, y *zerenv1.Appointment) bool { // x ends at or before y starts
		return x.GetEnd() != nil && !x.GetEnd().AsTime().After(y.GetStart().AsTime())
	}
	return !endBefore(a, b) && !endBefore(b, a)
}

func TestEmbeddedFilesParse(t *testing.T) {
	t.Parallel()
	for name, b := range map[string][]byte{"structure.json": structureJSON, "structure-four-level.json": fourLevelJSON} {
		s, err := parse(b)
		require.NoError(t, err, name)
		assert.NotEmpty(t, s.GetUnits(), name)
	}
}

func TestStructureIsConsistentWithSanjiWugang(t *testing.T) {
	t.Parallel()
	checkAgainstFramework(t, Structure(), frameworks.SanjiWugang())
}

func TestStructureFourLevelIsConsistentWithSijiSigang(t *testing.T) {
	t.Parallel()
	s := StructureFourLevel()
	checkAgainstFramework(t, s, frameworks.SijiSigang())
	x := indexOf(t, s)
	wc, ok := x.orgs[WorkCommitteeOrgID]
	require.True(t, ok)
	assert.Equal(t, "work-committee", wc.GetLevelId())
	assert.Equal(t, WorkCommitteeUnitID, wc.GetUnitId())
	var tops []string
	for _, o := range s.GetOrganizations() {
		if o.GetParentId() == "" {
			tops = append(tops, o.GetId())
		}
		if o.GetLevelId() == "party-group" {
			assert.Equal(t, WorkCommitteeOrgID, o.GetParentId(), "党组 %q is led by the 工委", o.GetId())
		}
	}
	assert.Equal(t, []string{WorkCommitteeOrgID}, tops)
	assert.Len(t, s.GetUnits(), 4)

	full := indexOf(t, Structure())
	for _, p := range s.GetPeople() {
		if assert.Contains(t, full.people, p.GetId()) {
			assert.Equal(t, full.people[p.GetId()].GetName(), p.GetName(), "person %q is the same in both structures", p.GetId())
		}
	}
}

func TestUnitsOfTheCity(t *testing.T) {
	t.Parallel()
	s := Structure()
	count := map[zerenv1.UnitKind]int{}
	var keys []string
	for _, u := range s.GetUnits() {
		count[u.GetKind()]++
		if u.GetKeyUnit() {
			keys = append(keys, u.GetId())
		}
	}
	assert.GreaterOrEqual(t, count[zerenv1.UnitKind_UNIT_KIND_DIRECT], 8, "市直单位")
	assert.GreaterOrEqual(t, count[zerenv1.UnitKind_UNIT_KIND_STATIONED], 1, "中央驻市单位")
	assert.Equal(t, 1, count[zerenv1.UnitKind_UNIT_KIND_WORK_COMMITTEE], "市直机关工委")
	assert.ElementsMatch(t, []string{FinanceUnitID, DevelopmentUnitID}, keys, "exactly two key units")

	x := indexOf(t, s)
	assert.Equal(t, zerenv1.UnitKind_UNIT_KIND_WORK_COMMITTEE, x.units[WorkCommitteeUnitID].GetKind())
	assert.Equal(t, zerenv1.UnitKind_UNIT_KIND_STATIONED, x.units[StationedUnitID].GetKind())
	assert.Equal(t, "示例市财政局", x.units[FinanceUnitID].GetName())
	assert.Equal(t, "市财政局", x.units[FinanceUnitID].GetShortName())

	n := len(s.GetPeople())
	assert.GreaterOrEqual(t, n, 100)
	assert.LessOrEqual(t, n, 140)
}

func TestEveryUnitHasThreeLevelsAndFivePosts(t *testing.T) {
	t.Parallel()
	s := Structure()
	x := indexOf(t, s)
	perUnit := map[string]map[string][]*zerenv1.Organization{}
	for _, o := range s.GetOrganizations() {
		if perUnit[o.GetUnitId()] == nil {
			perUnit[o.GetUnitId()] = map[string][]*zerenv1.Organization{}
		}
		perUnit[o.GetUnitId()][o.GetLevelId()] = append(perUnit[o.GetUnitId()][o.GetLevelId()], o)
	}
	postsOf := map[string]map[string]int{}
	for _, p := range s.GetPosts() {
		if postsOf[p.GetOrganizationId()] == nil {
			postsOf[p.GetOrganizationId()] = map[string]int{}
		}
		postsOf[p.GetOrganizationId()][p.GetPostKindId()]++
	}
	for _, u := range s.GetUnits() {
		t.Run(u.GetShortName(), func(t *testing.T) {
			orgs := perUnit[u.GetId()]
			require.Len(t, orgs["party-group"], 1, "one 党组（党委）")
			require.Len(t, orgs["organ-committee"], 1, "one 机关党委")
			assert.GreaterOrEqual(t, len(orgs["branch"]), 2, "at least two 党支部")
			assert.LessOrEqual(t, len(orgs["branch"]), 4, "at most four 党支部")

			pg, oc := orgs["party-group"][0], orgs["organ-committee"][0]
			assert.Empty(t, pg.GetParentId())
			assert.Equal(t, pg.GetId(), oc.GetParentId())
			for _, b := range orgs["branch"] {
				assert.Equal(t, oc.GetId(), b.GetParentId())
			}
			assert.Equal(t, 1, postsOf[pg.GetId()]["party-group-secretary"])
			assert.GreaterOrEqual(t, postsOf[pg.GetId()]["party-group-member"], 3)
			assert.LessOrEqual(t, postsOf[pg.GetId()]["party-group-member"], 5)
			assert.Equal(t, int32(1+postsOf[pg.GetId()]["party-group-member"]), pg.GetMemberCount(), "党组 member count")
			assert.Equal(t, 1, postsOf[oc.GetId()]["organ-committee-secretary"])
			assert.Equal(t, 1, postsOf[oc.GetId()]["discipline-secretary"])
			for _, b := range orgs["branch"] {
				assert.Equal(t, 1, postsOf[b.GetId()]["branch-secretary"], b.GetId())
			}
		})
	}

	t.Run("party group members oversee one to three duty areas", func(t *testing.T) {
		for _, a := range s.GetAppointments() {
			if x.posts[a.GetPostId()].GetPostKindId() != "party-group-member" {
				continue
			}
			assert.GreaterOrEqual(t, len(a.GetDutyAreaIds()), 1, a.GetId())
			assert.LessOrEqual(t, len(a.GetDutyAreaIds()), 3, a.GetId())
		}
	})
}

func TestSomeOrganCommitteeSecretariesAreMembersOverseeingPartyBuilding(t *testing.T) {
	t.Parallel()
	s := Structure()
	x := indexOf(t, s)
	// unit → people who are 党组成员 with duty area 机关党建
	overseers := map[string]map[string]bool{}
	for _, a := range s.GetAppointments() {
		p := x.posts[a.GetPostId()]
		if p.GetPostKindId() == "party-group-member" && slices.Contains(a.GetDutyAreaIds(), "party-building") {
			u := x.orgs[p.GetOrganizationId()].GetUnitId()
			if overseers[u] == nil {
				overseers[u] = map[string]bool{}
			}
			overseers[u][a.GetPersonId()] = true
		}
	}
	dual := map[string]bool{}
	for _, a := range s.GetAppointments() {
		p := x.posts[a.GetPostId()]
		if p.GetPostKindId() == "organ-committee-secretary" && a.GetKind() == kindRegular {
			u := x.orgs[p.GetOrganizationId()].GetUnitId()
			if overseers[u][a.GetPersonId()] {
				dual[u] = true
			}
		}
	}
	assert.GreaterOrEqual(t, len(dual), 3, "units whose 机关党委书记 is a 党组成员 分管机关党建")
	assert.Less(t, len(dual), len(s.GetUnits()), "other units have a separate 机关党委书记")
	assert.True(t, overseers[FinanceUnitID][DualRolePersonID])
	assert.Equal(t, []string{DualRolePersonID}, x.holders("czj-oc-sec", RotationDate, kindRegular))
}

func TestRotationChangesThePartyGroupSecretary(t *testing.T) {
	t.Parallel()
	x := indexOf(t, Structure())
	post := x.posts[RotationPostID]
	require.NotNil(t, post)
	assert.Equal(t, RotationOrgID, post.GetOrganizationId())
	assert.Equal(t, "party-group-secretary", post.GetPostKindId())
	assert.Equal(t, RotationUnitID, x.orgs[RotationOrgID].GetUnitId())

	branch := x.orgs[RotationBranchID]
	require.NotNil(t, branch)
	assert.Equal(t, "branch", branch.GetLevelId())
	assert.Equal(t, RotationUnitID, branch.GetUnitId())

	before := time.Date(Year, time.June, 30, 0, 0, 0, 0, Location)
	assert.Equal(t, []string{RotationOldSecretaryID}, x.holders(RotationPostID, before, kindRegular, kindActing))
	assert.Equal(t, []string{RotationOldSecretaryID}, x.holders(RotationPostID, RotationDate.Add(-time.Nanosecond), kindRegular, kindActing))
	assert.Equal(t, []string{RotationNewSecretaryID}, x.holders(RotationPostID, RotationDate, kindRegular, kindActing))

	old, cur := x.appts[RotationOldAppointmentID], x.appts[RotationNewAppointmentID]
	require.NotNil(t, old)
	require.NotNil(t, cur)
	assert.Equal(t, RotationOldSecretaryID, old.GetPersonId())
	assert.Equal(t, RotationNewSecretaryID, cur.GetPersonId())
	assert.True(t, old.GetEnd().AsTime().Equal(RotationDate))
	assert.True(t, cur.GetStart().AsTime().Equal(RotationDate))
	assert.Nil(t, cur.GetEnd())
	assert.Equal(t, "2026-07-01T00:00:00+08:00", RotationDate.Format(time.RFC3339))
}

func TestActingSecretaryFillsTheVacancy(t *testing.T) {
	t.Parallel()
	x := indexOf(t, Structure())
	a := x.appts[ActingAppointmentID]
	require.NotNil(t, a)
	assert.Equal(t, kindActing, a.GetKind())
	assert.Equal(t, ActingPersonID, a.GetPersonId())
	assert.Equal(t, ActingPostID, a.GetPostId())
	assert.Equal(t, ActingOrgID, x.posts[ActingPostID].GetOrganizationId())
	assert.Equal(t, ActingUnitID, x.orgs[ActingOrgID].GetUnitId())
	assert.True(t, a.GetStart().AsTime().Equal(ActingStart))
	assert.True(t, a.GetEnd().AsTime().Equal(ActingEnd))

	all := []zerenv1.AppointmentKind{kindRegular, kindActing}
	assert.Equal(t, []string{ActingPreviousSecretaryID}, x.holders(ActingPostID, ActingStart.AddDate(0, 0, -1), all...))
	assert.Equal(t, []string{ActingPersonID}, x.holders(ActingPostID, ActingStart, all...))
	assert.Empty(t, x.holders(ActingPostID, ActingStart, kindRegular), "no regular holder while acting")
	assert.Equal(t, []string{ActingNextSecretaryID}, x.holders(ActingPostID, ActingEnd, all...))

	var acting int
	for _, a := range x.s.GetAppointments() {
		if a.GetKind() == kindActing {
			acting++
		}
	}
	assert.Equal(t, 1, acting, "one acting appointment in the sample")
}

func TestDelegatedSecretaryServesBesideTheRegularOne(t *testing.T) {
	t.Parallel()
	x := indexOf(t, Structure())
	a := x.appts[DelegatedAppointmentID]
	require.NotNil(t, a)
	assert.Equal(t, kindDelegated, a.GetKind())
	assert.Equal(t, DelegatedPersonID, a.GetPersonId())
	assert.Equal(t, DelegatedPostID, a.GetPostId())
	assert.Equal(t, "organ-committee-secretary", x.posts[DelegatedPostID].GetPostKindId())
	assert.Equal(t, DelegatedUnitID, x.orgs[x.posts[DelegatedPostID].GetOrganizationId()].GetUnitId())
	assert.True(t, a.GetStart().AsTime().Equal(DelegatedStart))
	assert.True(t, a.GetEnd().AsTime().Equal(DelegatedEnd))

	mid := DelegatedStart.AddDate(0, 0, 10)
	assert.Equal(t, []string{DelegatingPersonID}, x.holders(DelegatedPostID, mid, kindRegular, kindActing), "the regular holder stays")
	assert.Equal(t, []string{DelegatedPersonID}, x.holders(DelegatedPostID, mid, kindDelegated))
	assert.Empty(t, x.holders(DelegatedPostID, DelegatedEnd, kindDelegated))
	assert.Equal(t, "p-fgw-07", DelegatedPersonID)
	assert.Equal(t, "机关党委专职副书记", x.people[DelegatedPersonID].GetPosition())
}

func TestCallersGetIndependentCopies(t *testing.T) {
	t.Parallel()
	a := Structure()
	a.Units[0].Name = "changed"
	a.Appointments = nil
	b := Structure()
	assert.NotEqual(t, "changed", b.GetUnits()[0].GetName())
	assert.NotEmpty(t, b.GetAppointments())

	c := StructureFourLevel()
	c.FrameworkId = "changed"
	assert.Equal(t, "siji-sigang", StructureFourLevel().GetFrameworkId())
}

func TestDatesAreWrittenWithTheLocalOffset(t *testing.T) {
	t.Parallel()
	assert.Contains(t, string(structureJSON), `"start":"2026-07-01T00:00:00+08:00"`)
	assert.NotContains(t, string(structureJSON), `Z"`)
	_, offset := time.Date(Year, time.January, 1, 0, 0, 0, 0, Location).Zone()
	assert.Equal(t, 8*3600, offset)
}
