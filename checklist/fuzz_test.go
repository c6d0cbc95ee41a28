package checklist_test

import (
	"encoding/binary"
	"math"
	"testing"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/checklist"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
)

// FuzzParsePlan feeds arbitrary documents to ParsePlan and checks whatever
// decodes against the sample hierarchy. Nothing may panic; a plan that
// validates must decompose, and its assignments must roll up.
func FuzzParsePlan(f *testing.F) {
	small := sample.Plan()
	small.Tasks, small.Responsibilities = small.Tasks[:3], nil
	b, _ := protojson.Marshal(small)
	f.Add(b)
	f.Add([]byte(`{"year":2026,"tasks":[{"id":"T1","measure":{"target":"NaN","periodKind":"PERIOD_KIND_MONTH"}}]}`))
	f.Add([]byte(`{"year":2026,"tasks":[{"id":"T1","title":"x","dimension":"DIMENSION_POLITICAL","ownerPostKindId":"branch-secretary","measure":{"metric":"m","unit":"次","target":1e12,"comparison":"COMPARISON_AT_LEAST","periodKind":"PERIOD_KIND_MONTH","split":"SPLIT_RULE_PER_PERIOD","rounding":"ROUNDING_HALF_EVEN","precision":6},"deadline":"2026-12-31T00:00:00+08:00"}]}`))
	f.Add([]byte("year: 2026 tasks { id: \"T/1\" scope { level_ids: \"branch\" key_units_only: true } }"))
	f.Add([]byte(`{"year":-5,"tasks":[{"deadline":"0001-01-01T00:00:00Z","weight":-1}]}`))
	f.Add([]byte{})
	h := sampleHierarchy()
	f.Fuzz(func(t *testing.T, data []byte) {
		pb, err := checklist.ParsePlan(data)
		if err != nil {
			return
		}
		p, err := checklist.NewPlan(pb, h)
		if err != nil {
			return
		}
		if p.Len() > 20_000 {
			return
		}
		d, err := checklist.Decompose(t.Context(), p)
		if err != nil {
			t.Fatalf("Decompose of a valid plan: %v", err)
		}
		if len(d.Assignments) != p.Len() {
			t.Fatalf("Decompose gave %d assignments, Len says %d", len(d.Assignments), p.Len())
		}
		seen := map[string]bool{}
		for _, a := range d.Assignments {
			if seen[a.GetId()] {
				t.Fatalf("duplicate assignment id %q", a.GetId())
			}
			seen[a.GetId()] = true
			if math.IsNaN(a.GetTarget()) || a.GetTarget() < 0 {
				t.Fatalf("assignment %q has target %v", a.GetId(), a.GetTarget())
			}
		}
		again, err := checklist.Decompose(t.Context(), p, checklist.WithPrevious(d.Assignments))
		if err != nil || !again.Diff.Empty() {
			t.Fatalf("re-decomposition: %v, %+v", err, again.Diff)
		}
		for _, g := range []checklist.Grouping{checklist.ByOrganization, checklist.ByLevel} {
			_ = checklist.Rollup(h, d.Assignments, sample.RotationDate, g)
		}
		if _, err := checklist.Rebind(h, d.Assignments, sample.RotationDate); err != nil {
			t.Fatalf("Rebind: %v", err)
		}
	})
}

// FuzzRecord applies random progress records to a few assignments of the
// sample plan. Nothing may panic; every assignment stays consistent: DONE
// with a completion time, OPEN without, retired ones untouched, actual
// values finite and non-negative.
func FuzzRecord(f *testing.F) {
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 10, 0, 1})
	f.Add([]byte{1, 0, 0, 0, 0, 0, 0, 0xf8, 0x7f, 10, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0xf0, 0xbf, 0, 0, 0})
	f.Add([]byte{3, 0, 0, 0, 0, 0, 0, 0x24, 0x40, 0xff, 0xff, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 100, 0, 1})
	p, err := checklist.NewPlan(sample.Plan(), sampleHierarchy())
	if err != nil {
		f.Fatal(err)
	}
	base, err := checklist.Decompose(f.Context(), p)
	if err != nil {
		f.Fatal(err)
	}
	pick := []string{"T01/czj-pg/2026-M01", "T44/czj-oc/2026-Q1", "T04/czj-pg/2026", "T23/czj-oc/2026", "retired", "", "unknown"}
	f.Fuzz(func(t *testing.T, data []byte) {
		all := byID(base.Assignments)
		var as []*zerenv1.Assignment
		for _, id := range pick[:4] {
			as = append(as, proto.CloneOf(all[id]))
		}
		retired := proto.CloneOf(all["T02/czj-b1/2026-M01"])
		retired.Id, retired.Status = "retired", statusRetired
		frozen := proto.CloneOf(retired)
		as = append(as, retired)
		var records []*zerenv1.ProgressRecord
		for len(data) >= 12 && len(records) < 64 {
			r := &zerenv1.ProgressRecord{
				AssignmentId: pick[int(data[0])%len(pick)],
				Value:        math.Float64frombits(binary.LittleEndian.Uint64(data[1:9])),
			}
			if data[11]&1 == 1 {
				days := int64(binary.LittleEndian.Uint16(data[9:11])) - 100
				r.At = timestamppb.New(day(2026, 1, 1).AddDate(0, 0, int(days)))
			}
			if data[11]&2 == 2 {
				r.Evidence = []*zerenv1.Evidence{{Ref: "oa://x"}}
			}
			records = append(records, r)
			data = data[12:]
		}
		_ = checklist.Record(as, records)
		for _, a := range as {
			switch a.GetStatus() {
			case statusDone:
				if a.GetCompletedAt() == nil {
					t.Fatalf("%s is DONE without a completion time", a.GetId())
				}
			case statusOpen:
				if a.GetCompletedAt() != nil {
					t.Fatalf("%s is OPEN with a completion time", a.GetId())
				}
			}
			if v := a.GetActual(); math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				t.Fatalf("%s has actual %v", a.GetId(), v)
			}
		}
		if !proto.Equal(frozen, retired) {
			t.Fatal("a retired assignment changed")
		}
	})
}
