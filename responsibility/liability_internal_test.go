package responsibility

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/frameworks"
	"github.com/zerenlab/zeren/internal/province"
)

// The Liability messages shared between replies equal freshly built ones,
// slot by slot, and a reply from the shared cache equals, message for
// message and in order, the reply built without it — also when many
// goroutines fill the cache at once.
func TestSharedLiabilitiesEqualFreshOnes(t *testing.T) {
	t.Parallel()
	s := province.Generate(province.Default)
	h, err := New(frameworks.SanjiWugang(), s)
	require.NoError(t, err)
	fresh := *h
	fresh.liab = liabilityCache{} // builds every message anew

	for a := 0; a < len(h.apps); a += 13 {
		for slot := range slotAreas + len(h.apps[a].areas) {
			got := h.liability(int32(a), slot)
			require.True(t, proto.Equal(fresh.newLiability(int32(a), slot), got), "appointment %d slot %d", a, slot)
			require.Same(t, got, h.liability(int32(a), slot), "shared on the second call")
		}
	}

	var areas []string
	for _, a := range h.areas {
		areas = append(areas, a.GetId())
	}
	require.NotEmpty(t, areas)
	dates := []time.Time{
		time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC),
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for o := w; o < len(h.orgs); o += 23 {
				id := h.orgs[o].pb.GetId()
				at := dates[o%len(dates)]
				var opts []LiabilityOption
				switch o % 3 {
				case 1:
					opts = append(opts, InDutyArea(areas[o%len(areas)]))
				case 2:
					opts = append(opts, WithParticipants(h.people[o%len(h.people)].GetId()))
				}
				got, err := h.Liability(id, at, opts...)
				assert.NoError(t, err)
				want, err := fresh.Liability(id, at, opts...)
				assert.NoError(t, err)
				assert.True(t, proto.Equal(want, got), "org %s at %s", id, at)
				assert.NotEmpty(t, got.GetLiabilities())
			}
		}()
	}
	wg.Wait()
}
