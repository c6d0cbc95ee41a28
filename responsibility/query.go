package responsibility

import (
	"time"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// nanos converts a query date to Unix nanoseconds, clamped to the accepted
// range so that far-off dates answer sensibly instead of overflowing.
func nanos(at time.Time) int64 {
	switch {
	case at.Before(minAccepted):
		return minAccepted.UnixNano() - 1
	case !at.Before(maxAccepted):
		return maxAccepted.UnixNano()
	}
	return at.UnixNano()
}

// active reports whether appointment a is in force at instant t.
func (h *Hierarchy) active(a int32, t int64) bool {
	n := &h.apps[a]
	return n.start <= t && t < n.end
}

// Holders returns the people holding a post at an instant: the regular or
// acting holder first, then delegated holders (委托), each ordered by start.
// An appointment is in force from its start up to, not including, its end;
// on the day of a rotation the new holder answers.
func (h *Hierarchy) Holders(postID string, at time.Time) ([]*zerenv1.Holder, error) {
	p, ok := h.postIdx[postID]
	if !ok {
		return nil, notFound("post", postID)
	}
	return h.appendHolders(nil, p, nanos(at)), nil
}

func (h *Hierarchy) appendHolders(out []*zerenv1.Holder, p int32, t int64) []*zerenv1.Holder {
	apps := h.posts[p].apps
	for pass := 0; pass < 2; pass++ {
		for _, a := range apps {
			if !h.active(a, t) {
				continue
			}
			delegated := h.apps[a].kind == zerenv1.AppointmentKind_APPOINTMENT_KIND_DELEGATED
			if delegated != (pass == 1) {
				continue
			}
			out = append(out, h.holder(a))
		}
	}
	return out
}

// holder returns appointment a's Holder message, shared by every reply.
func (h *Hierarchy) holder(a int32) *zerenv1.Holder {
	if h.holders != nil {
		return h.holders[a]
	}
	return h.newHolder(a)
}

func (h *Hierarchy) newHolder(a int32) *zerenv1.Holder {
	n := &h.apps[a]
	post := &h.posts[n.post]
	kind := h.kinds[post.kind]
	return &zerenv1.Holder{
		PersonId:        h.people[n.person].GetId(),
		PersonName:      h.people[n.person].GetName(),
		PostId:          post.pb.GetId(),
		PostKindId:      kind.GetId(),
		OrganizationId:  h.orgs[post.org].pb.GetId(),
		AppointmentId:   n.pb.GetId(),
		AppointmentKind: n.kind,
		Responsibility:  kind.GetResponsibility(),
	}
}

// OrganizationHolders returns the holders of every post of an organisation at
// an instant, in framework post-kind order.
func (h *Hierarchy) OrganizationHolders(orgID string, at time.Time) ([]*zerenv1.Holder, error) {
	o, ok := h.orgIdx[orgID]
	if !ok {
		return nil, notFound("organization", orgID)
	}
	return h.orgHolders(nil, o, nanos(at)), nil
}

func (h *Hierarchy) orgHolders(out []*zerenv1.Holder, o int32, t int64) []*zerenv1.Holder {
	for _, p := range h.orgs[o].posts {
		out = h.appendHolders(out, p, t)
	}
	return out
}

// Responsible returns the people who carry a kind of responsibility for an
// organisation at an instant:
//
//   - for a kind the organisation's level carries as a body (主体责任 at a
//     党组, 具体责任 at a 党支部 …), the holders of its leadership posts
//     (principal and members), who answer for the body;
//   - otherwise the holders of posts of that kind at the organisation itself,
//     or failing that at its nearest ancestor in the same unit that has such
//     posts, or failing that at the unit's other organisations, shallowest
//     first (so the 机关纪委书记 answers 监督责任 for every organisation of
//     the organ), or failing that at the supervising organisations above the
//     unit (the 机关工委 answers 统一领导、指导督促).
//
// An empty result means nobody carries it on that date: a coverage gap.
func (h *Hierarchy) Responsible(orgID string, kind zerenv1.ResponsibilityKind, at time.Time) ([]*zerenv1.Holder, error) {
	o, ok := h.orgIdx[orgID]
	if !ok {
		return nil, notFound("organization", orgID)
	}
	return h.responsible(o, kind, nanos(at)), nil
}

func (h *Hierarchy) responsible(o int32, kind zerenv1.ResponsibilityKind, t int64) []*zerenv1.Holder {
	org := &h.orgs[o]
	if org.level >= 0 && hasKind(h.levels[org.level].GetResponsibilities(), kind) {
		var out []*zerenv1.Holder
		for _, p := range org.posts {
			switch h.kinds[h.posts[p].kind].GetRole() {
			case zerenv1.LeadershipRole_LEADERSHIP_ROLE_PRINCIPAL, zerenv1.LeadershipRole_LEADERSHIP_ROLE_MEMBER:
				out = h.appendHolders(out, p, t)
			}
		}
		return out
	}
	return h.postsOfKind(o, kind, t)
}

// postsOfKind returns the holders of posts carrying kind for organisation o:
// at o itself, else at its nearest ancestor in the same unit with such posts,
// else at the unit's shallowest organisation with such posts, else at the
// supervising organisations above the unit.
func (h *Hierarchy) postsOfKind(o int32, kind zerenv1.ResponsibilityKind, t int64) []*zerenv1.Holder {
	ofKind := func(i int32) (out []*zerenv1.Holder, has bool) {
		for _, p := range h.orgs[i].posts {
			if h.kinds[h.posts[p].kind].GetResponsibility() == kind {
				has = true
				out = h.appendHolders(out, p, t)
			}
		}
		return out, has
	}
	org := &h.orgs[o]
	i := o
	for ; i >= 0 && h.orgs[i].unit == org.unit; i = h.orgs[i].parent {
		if out, has := ofKind(i); has {
			return out
		}
	}
	if org.unit >= 0 {
		best, bestDepth := int32(-1), int32(1<<30)
		for _, j := range h.unitOrgs[org.unit] {
			if _, has := ofKind(j); has && h.orgs[j].depth < bestDepth {
				best, bestDepth = j, h.orgs[j].depth
			}
		}
		if best >= 0 {
			out, _ := ofKind(best)
			return out
		}
	}
	// Beyond the unit: the supervising organisations above it (机关工委).
	for ; i >= 0; i = h.orgs[i].parent {
		if out, has := ofKind(i); has {
			return out
		}
	}
	return nil
}

func hasKind(kinds []zerenv1.ResponsibilityKind, k zerenv1.ResponsibilityKind) bool {
	for _, x := range kinds {
		if x == k {
			return true
		}
	}
	return false
}

// Chain returns the responsibility chain (责任链条) from an organisation up
// to the top of the hierarchy, the organisation first, each link with the
// people holding its posts at the instant.
func (h *Hierarchy) Chain(orgID string, at time.Time) ([]*zerenv1.ChainLink, error) {
	o, ok := h.orgIdx[orgID]
	if !ok {
		return nil, notFound("organization", orgID)
	}
	t := nanos(at)
	out := make([]*zerenv1.ChainLink, 0, h.orgs[o].depth+1)
	for i := o; i >= 0; i = h.orgs[i].parent {
		out = append(out, h.link(i, t))
	}
	return out, nil
}

// Ancestors returns the organisations above one, nearest first.
func (h *Hierarchy) Ancestors(orgID string) ([]*zerenv1.Organization, error) {
	o, ok := h.orgIdx[orgID]
	if !ok {
		return nil, notFound("organization", orgID)
	}
	out := make([]*zerenv1.Organization, 0, h.orgs[o].depth)
	for i := h.orgs[o].parent; i >= 0; i = h.orgs[i].parent {
		out = append(out, h.orgs[i].pb)
	}
	return out, nil
}

// Children returns the organisations directly under one, in input order.
func (h *Hierarchy) Children(orgID string) ([]*zerenv1.Organization, error) {
	o, ok := h.orgIdx[orgID]
	if !ok {
		return nil, notFound("organization", orgID)
	}
	return h.orgList(h.orgs[o].children), nil
}

// Subtree returns an organisation and everything under it, depth first in
// input order, the organisation first.
func (h *Hierarchy) Subtree(orgID string) ([]*zerenv1.Organization, error) {
	o, ok := h.orgIdx[orgID]
	if !ok {
		return nil, notFound("organization", orgID)
	}
	var out []*zerenv1.Organization
	stack := []int32{o}
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		out = append(out, h.orgs[i].pb)
		ch := h.orgs[i].children
		for k := len(ch) - 1; k >= 0; k-- {
			stack = append(stack, ch[k])
		}
	}
	return out, nil
}

// InSubtree reports whether org lies in the subtree of root (root included).
func (h *Hierarchy) InSubtree(rootID, orgID string) bool {
	r, ok1 := h.orgIdx[rootID]
	o, ok2 := h.orgIdx[orgID]
	if !ok1 || !ok2 {
		return false
	}
	for i := o; i >= 0; i = h.orgs[i].parent {
		if i == r {
			return true
		}
	}
	return false
}
