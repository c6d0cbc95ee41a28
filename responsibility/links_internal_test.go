package responsibility

import (
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/frameworks"
	"github.com/zerenlab/zeren/internal/province"
)

// The precomputed chain links hold, at every instant around every
// appointment change, exactly the holders computed from the appointments.
func TestPrecomputedLinksMatchTheAppointments(t *testing.T) {
	t.Parallel()
	h, err := New(frameworks.SanjiWugang(), province.Generate(province.Default))
	require.NoError(t, err)
	checked := 0
	for o := 0; o < len(h.orgs); o += 37 {
		for _, c := range append([]int64{0, maxInstant - 1}, h.links[o].cuts...) {
			for _, t0 := range []int64{c - 1, c, c + 1} {
				got := h.link(int32(o), t0)
				want := h.orgHolders(nil, int32(o), t0)
				require.Equal(t, len(want), len(got.GetHolders()), "org %d at %d", o, t0)
				for k := range want {
					require.True(t, proto.Equal(want[k], got.GetHolders()[k]))
				}
				require.Equal(t, h.orgs[o].pb.GetId(), got.GetOrganizationId())
				checked++
			}
		}
	}
	require.Greater(t, checked, 500)
}
