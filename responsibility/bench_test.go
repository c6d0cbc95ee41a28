package responsibility_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/zerenlab/zeren/frameworks"
	"github.com/zerenlab/zeren/internal/province"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
)

// The province of the design targets: 5,000 organisations, 100,000 people,
// 20,000 appointments.
var provinceOnce = sync.OnceValues(func() (*zerenv1.Framework, *zerenv1.Structure) {
	return frameworks.SanjiWugang(), province.Generate(province.Default)
})

func provinceHierarchy(b *testing.B) (*responsibility.Hierarchy, *zerenv1.Structure) {
	b.Helper()
	fw, s := provinceOnce()
	h, err := responsibility.New(fw, s)
	if err != nil {
		b.Fatal(err)
	}
	return h, s
}

func BenchmarkNewProvince(b *testing.B) {
	fw, s := provinceOnce()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := responsibility.New(fw, s); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(s.GetOrganizations())), "orgs")
	b.ReportMetric(float64(len(s.GetAppointments())), "appointments")
}

// mapBaseline is what an OA might write by hand: maps from ids to records,
// walking parents and filtering appointments by date.
type mapBaseline struct {
	people    map[string]*zerenv1.Person
	orgs      map[string]*zerenv1.Organization
	postsByOr map[string][]*zerenv1.Post
	appsByPos map[string][]*zerenv1.Appointment
}

func newMapBaseline(s *zerenv1.Structure) *mapBaseline {
	m := &mapBaseline{people: map[string]*zerenv1.Person{}, orgs: map[string]*zerenv1.Organization{}, postsByOr: map[string][]*zerenv1.Post{}, appsByPos: map[string][]*zerenv1.Appointment{}}
	for _, o := range s.GetOrganizations() {
		m.orgs[o.GetId()] = o
	}
	for _, p := range s.GetPeople() {
		m.people[p.GetId()] = p
	}
	for _, p := range s.GetPosts() {
		m.postsByOr[p.GetOrganizationId()] = append(m.postsByOr[p.GetOrganizationId()], p)
	}
	for _, a := range s.GetAppointments() {
		m.appsByPos[a.GetPostId()] = append(m.appsByPos[a.GetPostId()], a)
	}
	return m
}

// chain builds the same links as Hierarchy.Chain from the maps.
func (m *mapBaseline) chain(org string, t time.Time) []*zerenv1.ChainLink {
	var out []*zerenv1.ChainLink
	for id := org; id != ""; id = m.orgs[id].GetParentId() {
		o := m.orgs[id]
		link := &zerenv1.ChainLink{OrganizationId: id, OrganizationName: o.GetName(), LevelId: o.GetLevelId()}
		for _, p := range m.postsByOr[id] {
			for _, a := range m.appsByPos[p.GetId()] {
				if !a.GetStart().AsTime().After(t) && (a.GetEnd() == nil || a.GetEnd().AsTime().After(t)) {
					link.Holders = append(link.Holders, &zerenv1.Holder{
						PersonId: a.GetPersonId(), PersonName: m.people[a.GetPersonId()].GetName(),
						PostId: p.GetId(), PostKindId: p.GetPostKindId(), OrganizationId: id,
						AppointmentId: a.GetId(), AppointmentKind: a.GetKind(),
					})
				}
			}
		}
		out = append(out, link)
	}
	return out
}

func branchIDs(s *zerenv1.Structure) []string {
	var ids []string
	for _, o := range s.GetOrganizations() {
		if o.GetLevelId() == province.LevelBranch {
			ids = append(ids, o.GetId())
		}
	}
	return ids
}

// baselineNsPerOp times the map baseline over the same queries.
func baselineNsPerOp(m *mapBaseline, ids []string, at time.Time) float64 {
	const n = 20000
	start := time.Now()
	sink := 0
	for i := range n {
		sink += len(m.chain(ids[i%len(ids)], at))
	}
	if sink == 0 {
		panic("baseline found nobody")
	}
	return float64(time.Since(start).Nanoseconds()) / n
}

func BenchmarkChain(b *testing.B) {
	h, s := provinceHierarchy(b)
	ids := branchIDs(s)
	at := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	base := baselineNsPerOp(newMapBaseline(s), ids, at)
	b.ReportAllocs()
	i := 0
	b.ResetTimer()
	for b.Loop() {
		if _, err := h.Chain(ids[i%len(ids)], at); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.StopTimer()
	ours := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	b.ReportMetric(base, "map-ns/op")
	b.ReportMetric(ours/base, "x-vs-map")
}

func BenchmarkLiability(b *testing.B) {
	h, s := provinceHierarchy(b)
	ids := branchIDs(s)
	at := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	base := baselineNsPerOp(newMapBaseline(s), ids, at)
	b.ReportAllocs()
	i := 0
	b.ResetTimer()
	for b.Loop() {
		if _, err := h.Liability(ids[i%len(ids)], at, responsibility.InDutyArea("finance")); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.StopTimer()
	ours := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	b.ReportMetric(base, "map-ns/op")
	b.ReportMetric(ours/base, "x-vs-map-chain")
}

func BenchmarkCoverage(b *testing.B) {
	h, _ := provinceHierarchy(b)
	at := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		if gaps := h.Coverage(at); len(gaps) != 0 {
			b.Fatal(fmt.Sprint(gaps[0]))
		}
	}
}
