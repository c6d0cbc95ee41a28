package server_test

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
	"github.com/zerenlab/zeren/server"
)

// pages records, for one kind, how many records each List of it returned.
type pages struct {
	server.Store
	kind string
	mu   sync.Mutex
	lens []int
}

func (p *pages) List(ctx context.Context, kind string, q server.ListQuery) (server.Page, error) {
	page, err := p.Store.List(ctx, kind, q)
	if kind == p.kind && err == nil {
		p.mu.Lock()
		p.lens = append(p.lens, len(page.Records))
		p.mu.Unlock()
	}
	return page, err
}

func (p *pages) reset() []int {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := p.lens
	p.lens = nil
	return out
}

// DryRun reads the run's facts a batch of units at a time (WithUnitBatch),
// never the whole run's at once, and answers the same whatever the batch.
func TestDryRunReadsTheFactsInBatches(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	candidate := sample.IndicatorSystem()
	candidate.Bonuses = slices.DeleteFunc(candidate.Bonuses, func(b *zerenv1.Adjustment) bool { return b.GetId() == "B2" })
	candidate.Deductions[0].Cap = 4
	units := len(sample.Facts2026())
	var want *zerenv1.DryRunResponse
	for _, batch := range []int{0, 1, 4} {
		p := &pages{kind: server.KindFacts}
		opts := []server.Option{server.WithStoreWrapper(func(s server.Store) server.Store { p.Store = s; return p })}
		if batch > 0 {
			opts = append(opts, server.WithUnitBatch(batch))
		}
		c := assessedCityWith(t, opts...)
		run2026(t, c.gw)
		p.reset()
		r, err := c.gw.assessment.DryRun(ctx, req(&zerenv1.DryRunRequest{System: candidate, RunId: runID}))
		require.NoError(t, err, batch)
		lens := p.reset()
		total := 0
		for _, n := range lens {
			total += n
		}
		assert.Equal(t, units, total, "batch %d: every unit's facts are read once", batch)
		if batch > 0 {
			assert.LessOrEqual(t, slices.Max(lens), batch, "batch %d: pages of facts %v", batch, lens)
			assert.Greater(t, len(lens), 1, "batch %d: more than one page", batch)
		}
		if want == nil {
			want = r.Msg
			require.NotEmpty(t, want.GetChanges())
			continue
		}
		assert.True(t, proto.Equal(want, r.Msg), "batch %d:\n%v\nwant\n%v", batch, r.Msg, want)
	}
}
