package responsibility

import (
	"fmt"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/calendar"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// TopOrganization returns a unit's top organisation: the one that carries
// its 主体责任 (the 党组（党委）), found from the hierarchy and never from the
// order the organisations were given in. Among the unit's organisations it
// takes those whose level carries 主体责任, else all of them, and of these
// the shallowest; equally shallow ones are told apart by id. It is the one
// function that package accountability, package analytics and the server
// use to find whom a unit's outcome concerns.
//
// The organisations of a unit do not change over time in a Hierarchy, so
// the answer holds for any date. A unit the hierarchy does not know, or one
// without organisations, is an error wrapping [ErrNotFound].
func (h *Hierarchy) TopOrganization(unitID string) (*zerenv1.Organization, error) {
	u, ok := h.unitIdx[unitID]
	if !ok {
		return nil, notFound("unit", unitID)
	}
	best := int32(-1)
	better := func(i int32) bool {
		if best < 0 {
			return true
		}
		pi, pb := h.isPrincipalOrg(i), h.isPrincipalOrg(best)
		if pi != pb {
			return pi
		}
		if di, db := h.orgs[i].depth, h.orgs[best].depth; di != db {
			return di < db
		}
		return h.orgs[i].pb.GetId() < h.orgs[best].pb.GetId()
	}
	for _, i := range h.unitOrgs[u] {
		if better(i) {
			best = i
		}
	}
	if best < 0 {
		return nil, fmt.Errorf("unit %q has no organisation: %w", unitID, ErrNotFound)
	}
	return h.orgs[best].pb, nil
}

// Tenures returns everyone who held a post within [from, to) — regular,
// acting and delegated appointments alike — ordered by start, each clipped
// to the window with its calendar days counted in the hierarchy's time zone
// ([WithLocation]). The holder in force at the window's last instant is
// marked AtPeriodEnd. A window that is empty or inverted yields nothing.
func (h *Hierarchy) Tenures(postID string, from, to time.Time) ([]*zerenv1.Tenure, error) {
	p, ok := h.postIdx[postID]
	if !ok {
		return nil, notFound("post", postID)
	}
	lo, hi := nanos(from), nanos(to)
	var out []*zerenv1.Tenure
	for _, a := range h.posts[p].apps {
		n := &h.apps[a]
		s, e := max(n.start, lo), min(n.end, hi)
		if s >= e {
			continue
		}
		start, end := time.Unix(0, s).In(h.loc), time.Unix(0, e).In(h.loc)
		out = append(out, &zerenv1.Tenure{
			PersonId:        h.people[n.person].GetId(),
			PersonName:      h.people[n.person].GetName(),
			PostId:          h.posts[p].pb.GetId(),
			AppointmentId:   n.pb.GetId(),
			AppointmentKind: n.kind,
			Start:           timestamppb.New(start),
			End:             timestamppb.New(end),
			Days:            int32(calendar.DaysTouched(start, end, h.loc)),
			AtPeriodEnd:     e == hi && h.active(a, hi-1),
		})
	}
	return out, nil
}
