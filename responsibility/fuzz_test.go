package responsibility_test

import (
	"testing"

	"google.golang.org/protobuf/encoding/protojson"

	"github.com/zerenlab/zeren/responsibility"
)

// FuzzNewHierarchy feeds arbitrary documents to the loaders and to New, then
// asks every query of whatever hierarchy results. Nothing may panic; a
// document is either rejected with an error or answers every question.
func FuzzNewHierarchy(f *testing.F) {
	fw, _ := protojson.Marshal(testFramework())
	s, _ := protojson.Marshal(testStructure())
	f.Add(fw, s)
	f.Add(fw, []byte(`{"organizations":[{"id":"a","parentId":"a","levelId":"branch"}]}`))
	f.Add(fw, []byte(`{"appointments":[{"id":"a","postId":"p","start":"2026-01-01T00:00:00Z","end":"2025-01-01T00:00:00Z"}]}`))
	f.Add([]byte(`levels { id: "x" parent_level_ids: "x" }`), []byte(`units { id: "" }`))
	f.Add([]byte(`{}`), []byte(`{}`))
	f.Fuzz(func(t *testing.T, fwData, sData []byte) {
		h, err := responsibility.Load(fwData, sData)
		if err != nil {
			return
		}
		at := day(2026, 7, 1)
		_ = h.Coverage(at)
		for o := range h.Organizations() {
			id := o.GetId()
			if _, err := h.Chain(id, at); err != nil {
				t.Fatalf("Chain(%q): %v", id, err)
			}
			if _, err := h.Liability(id, at); err != nil {
				t.Fatalf("Liability(%q): %v", id, err)
			}
			if _, err := h.Subtree(id); err != nil {
				t.Fatalf("Subtree(%q): %v", id, err)
			}
			for k := range 9 {
				_, _ = h.Responsible(id, kindOf(k), at)
			}
			posts, _ := h.Posts(id)
			for _, p := range posts {
				if _, err := h.Tenures(p.GetId(), day(2026, 1, 1), day(2027, 1, 1)); err != nil {
					t.Fatalf("Tenures(%q): %v", p.GetId(), err)
				}
			}
		}
		for u := range h.Units() {
			top, err := h.TopOrganization(u.GetId())
			if err == nil && top.GetUnitId() != u.GetId() {
				t.Fatalf("TopOrganization(%q) = %q of unit %q", u.GetId(), top.GetId(), top.GetUnitId())
			}
		}
	})
}
