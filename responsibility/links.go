package responsibility

import (
	"math"
	"slices"
	"sort"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// orgLinks are an organisation's chain links (责任链条的一环), one for every
// interval between changes of its posts' appointments: links[k] holds over
// [cuts[k-1], cuts[k]), links[0] before cuts[0] and the last after the last
// cut. They are built once with the hierarchy and shared by every reply, so
// that Chain allocates only the slice it returns.
type orgLinks struct {
	cuts  []int64
	links []*zerenv1.ChainLink
}

// precompute builds every appointment's Holder message and every
// organisation's chain links. It runs once, after a successful build.
func (h *Hierarchy) precompute() {
	h.holders = make([]*zerenv1.Holder, len(h.apps))
	for a := range h.apps {
		h.holders[a] = h.newHolder(int32(a))
	}
	h.liab.init(h)
	h.links = make([]orgLinks, len(h.orgs))
	for i := range h.orgs {
		n := &h.orgs[i]
		var cuts []int64
		for _, p := range n.posts {
			for _, a := range h.posts[p].apps {
				cuts = append(cuts, h.apps[a].start)
				// An open appointment ends at maxInstant, the instant
				// a far-future date saturates to, where it no longer holds.
				cuts = append(cuts, h.apps[a].end)
			}
		}
		slices.Sort(cuts)
		cuts = slices.Compact(cuts)
		ol := orgLinks{cuts: cuts, links: make([]*zerenv1.ChainLink, len(cuts)+1)}
		for k := range ol.links {
			// A representative instant of the interval.
			var t int64
			switch {
			case k > 0:
				t = cuts[k-1]
			case len(cuts) > 0 && cuts[0] > math.MinInt64:
				t = cuts[0] - 1
			case len(cuts) > 0:
				t = cuts[0]
			}
			link := &zerenv1.ChainLink{
				OrganizationId:   n.pb.GetId(),
				OrganizationName: n.pb.GetName(),
				LevelId:          n.pb.GetLevelId(),
				Holders:          h.orgHolders(nil, int32(i), t),
			}
			if n.level >= 0 {
				link.Responsibilities = h.levels[n.level].GetResponsibilities()
			}
			ol.links[k] = link
		}
		h.links[i] = ol
	}
}

// link returns organisation o's chain link at instant t.
func (h *Hierarchy) link(o int32, t int64) *zerenv1.ChainLink {
	ol := &h.links[o]
	k := sort.Search(len(ol.cuts), func(j int) bool { return ol.cuts[j] > t })
	return ol.links[k]
}
