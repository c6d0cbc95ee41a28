package responsibility_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/frameworks"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
	"github.com/zerenlab/zeren/sample"
)

// edit makes n random edits of the kinds an OA's org table sees between
// two nightly exports: rotations, ends, new people and branches, renames,
// removed branches with their posts and appointments.
func edit(st *zerenv1.Structure, r *rand.Rand, n int) {
	for i := range n {
		at := timestamppb.New(day(2026, 7, 1).AddDate(0, 0, r.IntN(60)))
		switch r.IntN(6) {
		case 0: // a rotation on a post held today
			a := st.Appointments[r.IntN(len(st.Appointments))]
			if a.GetEnd() != nil || !a.GetStart().AsTime().Before(at.AsTime()) {
				continue
			}
			a.End = at
			id := fmt.Sprintf("p-fz-%d", i)
			st.People = append(st.People, &zerenv1.Person{Id: id, Name: "新任" + id})
			st.Appointments = append(st.Appointments, &zerenv1.Appointment{Id: "a-" + id, PersonId: id, PostId: a.GetPostId(), Kind: a.GetKind(), Start: at})
		case 1: // an end
			a := st.Appointments[r.IntN(len(st.Appointments))]
			if a.GetEnd() == nil && a.GetStart().AsTime().Before(at.AsTime()) {
				a.End = at
			}
		case 2: // a rename
			o := st.Organizations[r.IntN(len(st.Organizations))]
			o.ShortName += "（更名）"
			o.MemberCount++
		case 3: // a new branch under an organ committee
			var oc *zerenv1.Organization
			for _, o := range st.Organizations {
				if o.GetLevelId() == "organ-committee" && r.IntN(3) == 0 {
					oc = o
				}
			}
			if oc == nil {
				continue
			}
			id := fmt.Sprintf("%s-fz%d", oc.GetUnitId(), i)
			st.Organizations = append(st.Organizations, &zerenv1.Organization{Id: id, Name: id, LevelId: "branch", ParentId: oc.GetId(), UnitId: oc.GetUnitId()})
			st.Posts = append(st.Posts, &zerenv1.Post{Id: id + "-sec", OrganizationId: id, PostKindId: "branch-secretary"})
		case 4: // a removed branch
			var b string
			for _, o := range st.Organizations {
				if o.GetLevelId() == "branch" && r.IntN(5) == 0 {
					b = o.GetId()
				}
			}
			posts := map[string]bool{}
			for _, p := range st.Posts {
				if p.GetOrganizationId() == b {
					posts[p.GetId()] = true
				}
			}
			st.Organizations = slices.DeleteFunc(st.Organizations, func(o *zerenv1.Organization) bool { return o.GetId() == b })
			st.Posts = slices.DeleteFunc(st.Posts, func(p *zerenv1.Post) bool { return posts[p.GetId()] })
			st.Appointments = slices.DeleteFunc(st.Appointments, func(a *zerenv1.Appointment) bool { return posts[a.GetPostId()] })
		case 5: // a person's position changes
			p := st.People[r.IntN(len(st.People))]
			p.Position = "调研员"
		}
	}
}

// FuzzDiffApplyRoundTrip checks Apply(from, Diff(from, to)) == to for
// random nightly edits of 示例市: it succeeds exactly when to is valid,
// and then holds the same records.
func FuzzDiffApplyRoundTrip(f *testing.F) {
	for seed := range uint64(12) {
		f.Add(seed, uint8(seed%6+1))
	}
	fw := frameworks.SanjiWugang()
	from := sample.Structure()
	f.Fuzz(func(t *testing.T, seed uint64, n uint8) {
		to := proto.Clone(from).(*zerenv1.Structure)
		edit(to, rand.New(rand.NewPCG(seed, 14)), int(n%16))
		_, wantErr := responsibility.New(fw, to)
		out, _, err := responsibility.Apply(fw, from, responsibility.Diff(from, to))
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("Apply(Diff) error %v, New(to) error %v", err, wantErr)
		}
		if err != nil {
			return
		}
		if !proto.Equal(sortByID(to), sortByID(out)) {
			t.Fatalf("Apply(Diff(from, to)) differs from to")
		}
		if d := responsibility.Diff(to, out); len(d) != 0 {
			t.Fatalf("%d changes left after the round trip: %v", len(d), d)
		}
	})
}
