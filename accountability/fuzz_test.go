package accountability_test

import (
	"context"
	"testing"

	"google.golang.org/protobuf/encoding/protojson"

	"github.com/zerenlab/zeren/accountability"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
)

// FuzzPropose feeds arbitrary facts and results to the sample triggers:
// never a panic, every proposal PROPOSED and addressed.
func FuzzPropose(f *testing.F) {
	f.Add([]byte(`{"unit":{"id":"czj"},"period":{"kind":"PERIOD_KIND_YEAR","year":2026},"cases":[{"overdueCount":3}]}`), int32(12), int32(12))
	f.Add([]byte(`{"unit":{"id":"nope"},"period":{"kind":"PERIOD_KIND_MONTH","year":2026,"index":13}}`), int32(1), int32(1))
	f.Add([]byte(`{}`), int32(-5), int32(0))
	f.Add([]byte(`{"unit":{"id":"czj"},"period":{"kind":"PERIOD_KIND_YEAR","year":2026},"cases":[{"id":"c","overdueCount":2,"organizationId":"czj-b1","openedAt":"2026-03-01T00:00:00Z"},{"yellowCard":true,"openedAt":"9999-12-31T00:00:00Z"}]}`), int32(12), int32(12))
	f.Fuzz(func(t *testing.T, data []byte, rank, ranked int32) {
		env, h := setup(t)
		p, err := accountability.New(env, h, append(triggers(), sample.Triggers()...))
		if err != nil {
			t.Fatal(err)
		}
		facts := &zerenv1.UnitFacts{}
		if protojson.Unmarshal(data, facts) != nil {
			return
		}
		res := &zerenv1.Result{UnitId: facts.GetUnit().GetId(), Rank: rank, Ranked: ranked}
		props, _, err := p.Propose(context.Background(), []*zerenv1.UnitFacts{facts}, []*zerenv1.Result{res})
		if err != nil {
			t.Fatal(err)
		}
		for _, pr := range props {
			if pr.GetStatus() != zerenv1.ProposalStatus_PROPOSAL_STATUS_PROPOSED || pr.GetId() == "" {
				t.Fatalf("bad proposal %v", pr)
			}
		}
	})
}
