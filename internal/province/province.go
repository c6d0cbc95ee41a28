// Package province generates a synthetic province-sized structure for
// benchmarks and load tests: units with a 党组, a 机关党委 and branches under a
// 三级五岗 framework, people and appointments with rotations over the years.
// The output is deterministic for a given Config.
package province

import (
	"fmt"
	"math/rand/v2"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// Config sizes the province.
type Config struct {
	// Units is the number of units (单位); each has a 党组, a 机关党委 and
	// BranchesPerUnit branches.
	Units int
	// BranchesPerUnit is the number of 党支部 per unit.
	BranchesPerUnit int
	// People is the number of people, at least the number of appointments.
	People int
	// Appointments is the target number of appointments.
	Appointments int
	// Seed makes the generation reproducible.
	Seed uint64
}

// Default is the scale of one province: 250 units × 20 organisations =
// 5,000 organisations, 100,000 people, 20,000 appointments.
var Default = Config{Units: 250, BranchesPerUnit: 18, People: 100_000, Appointments: 20_000, Seed: 1}

// Framework ids used by the generated structure (those of 三级五岗).
const (
	LevelPartyGroup = "party-group"
	LevelOrgan      = "organ-committee"
	LevelBranch     = "branch"
)

var cst = time.FixedZone("CST", 8*3600)

// Generate builds the structure for a framework with the 三级五岗 ids.
func Generate(c Config) *zerenv1.Structure {
	r := rand.New(rand.NewPCG(c.Seed, 0x5eed))
	s := &zerenv1.Structure{FrameworkId: "sanji-wugang"}
	s.DutyAreas = []*zerenv1.DutyArea{{Id: "party-building", Name: "机关党建"}, {Id: "finance", Name: "财务"}, {Id: "personnel", Name: "人事"}}
	type postSpec struct {
		id, org, kind string
	}
	var posts []postSpec
	for u := range c.Units {
		uid := fmt.Sprintf("u%03d", u)
		s.Units = append(s.Units, &zerenv1.Unit{Id: uid, Name: fmt.Sprintf("第%d单位", u+1), KeyUnit: u%25 == 0})
		pg, oc := uid+"-pg", uid+"-oc"
		s.Organizations = append(s.Organizations,
			&zerenv1.Organization{Id: pg, Name: uid + "党组", LevelId: LevelPartyGroup, UnitId: uid},
			&zerenv1.Organization{Id: oc, Name: uid + "机关党委", LevelId: LevelOrgan, ParentId: pg, UnitId: uid, MemberCount: 200})
		posts = append(posts, postSpec{pg + "-sec", pg, "party-group-secretary"})
		for m := range 4 {
			posts = append(posts, postSpec{fmt.Sprintf("%s-m%d", pg, m+1), pg, "party-group-member"})
		}
		posts = append(posts, postSpec{oc + "-sec", oc, "organ-committee-secretary"}, postSpec{oc + "-dsec", oc, "discipline-secretary"})
		for b := range c.BranchesPerUnit {
			bid := fmt.Sprintf("%s-b%02d", uid, b+1)
			s.Organizations = append(s.Organizations, &zerenv1.Organization{
				Id: bid, Name: fmt.Sprintf("%s第%d支部", uid, b+1), LevelId: LevelBranch, ParentId: oc, UnitId: uid, MemberCount: int32(5 + r.IntN(40)),
			})
			posts = append(posts, postSpec{bid + "-sec", bid, "branch-secretary"})
		}
	}
	for _, p := range posts {
		s.Posts = append(s.Posts, &zerenv1.Post{Id: p.id, OrganizationId: p.org, PostKindId: p.kind})
	}
	for i := range c.People {
		s.People = append(s.People, &zerenv1.Person{Id: fmt.Sprintf("p%06d", i), Name: fmt.Sprintf("人员%06d", i)})
	}
	// Spread the appointments over the posts: each post gets a run of
	// consecutive terms ending in an open one, so every post is filled in 2026.
	perPost := max(1, c.Appointments/len(posts))
	extra := c.Appointments - perPost*len(posts)
	person := 0
	for i, p := range posts {
		n := perPost
		if i < extra {
			n++
		}
		start := time.Date(2026-2*n, time.Month(1+r.IntN(12)), 1, 0, 0, 0, 0, cst)
		for k := range n {
			a := &zerenv1.Appointment{
				Id: fmt.Sprintf("a%06d", len(s.Appointments)), PersonId: fmt.Sprintf("p%06d", person%c.People),
				PostId: p.id, Kind: zerenv1.AppointmentKind_APPOINTMENT_KIND_REGULAR, Start: timestamppb.New(start),
			}
			if p.kind == "party-group-member" {
				a.DutyAreaIds = []string{s.DutyAreas[r.IntN(len(s.DutyAreas))].GetId()}
			}
			person++
			end := start.AddDate(2, r.IntN(6), 0)
			if k < n-1 {
				a.End = timestamppb.New(end)
				start = end
			}
			s.Appointments = append(s.Appointments, a)
		}
	}
	return s
}
