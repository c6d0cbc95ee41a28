package responsibility

import (
	"slices"
	"sync/atomic"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// LiabilityOption narrows a Liability question.
type LiabilityOption interface {
	applyLiability(*liabilityConfig)
}

type liabilityConfig struct {
	area         string
	participants []string
}

type liabilityOptionFunc func(*liabilityConfig)

func (f liabilityOptionFunc) applyLiability(c *liabilityConfig) { f(c) }

// InDutyArea says the failure lies in a duty area (分管领域): the leadership
// member who oversaw that area on the date is the 直接主管的班子成员 and bears
// 主要领导责任. Default: no area, in which case the holders of posts carrying
// 直接责任 (the 机关党委书记 for Party building) are taken as directly in
// charge.
func InDutyArea(dutyAreaID string) LiabilityOption {
	return liabilityOptionFunc(func(c *liabilityConfig) { c.area = dutyAreaID })
}

// WithParticipants names the leadership members who took part in the decision
// or work that failed (参与决策和工作的班子成员); they bear 重要领导责任 as a
// finding (ground PARTICIPANT). Default: nobody is known, and every other
// member of the leadership bodies concerned is listed under 重要领导责任 as a
// candidate to verify (ground CANDIDATE, to_verify), for a person to confirm
// or strike out — a presumption, never presented as a finding.
func WithParticipants(personIDs ...string) LiabilityOption {
	ids := append([]string{}, personIDs...) // non-nil even when empty: "nobody else took part"
	return liabilityOptionFunc(func(c *liabilityConfig) { c.participants = ids })
}

// The regulations Liability cites. No article number is given where it
// could not be checked against the text (see frameworks' citation test).
const (
	basisLeadership = "《中国共产党问责条例》（2019）：全面领导责任、主要领导责任、重要领导责任的划分"
	basisSupervisor = "《中国共产党党和国家机关基层组织工作条例》（2019）：机关纪委的监督责任"
)

// Liability answers, for a failure at an organisation at an instant, who
// bears which grade of leadership responsibility under 《中国共产党问责条例》
// — always the people who held the posts then (终身问责), not today's holders.
//
// The scope is the organisation and its ancestors up to and including the
// nearest organisation whose level carries 主体责任 (the 党组（党委）); a
// supervising level such as the 机关工委 is outside it. Within that scope:
//
//   - 全面领导责任: the leadership body of the organisation where the failure
//     happened and of the 党组（党委） carrying 主体责任;
//   - 主要领导责任: the principal leader (书记) of the organisation, the
//     principal leader of the 党组（党委） (第一责任人), and the member directly
//     in charge — the one whose duty area (InDutyArea) covers the failure, or
//     else the holders of posts carrying 直接责任 on the chain;
//   - 重要领导责任: the other leadership members in scope who took part
//     (WithParticipants); without it, all of them, each marked as a
//     candidate to verify (to_verify, ground CANDIDATE);
//   - 监督责任: the holder of the post carrying 监督责任 for the organisation
//     (the 机关纪委书记), marked to_verify: whether supervision failed is for
//     a person to establish.
//
// Each party's ground says how it was identified (the post held, the duty
// area, named participation, or a presumption), so a reviewer can tell
// findings from candidates.
//
// A person appears once, under the highest grade. Acting holders answer as
// holders; delegated holders (委托) answer beside the holder who delegated.
//
// The report is new on every call, but its Liability messages are built once
// per appointment and wording and shared by every reply, like the holders:
// treat them as read-only.
func (h *Hierarchy) Liability(orgID string, at time.Time, opts ...LiabilityOption) (*zerenv1.LiabilityReport, error) {
	o, ok := h.orgIdx[orgID]
	if !ok {
		return nil, notFound("organization", orgID)
	}
	var cfg liabilityConfig
	for _, opt := range opts {
		if opt != nil {
			opt.applyLiability(&cfg)
		}
	}
	area := int32(-1)
	if cfg.area != "" {
		a, ok := h.areaIdx[cfg.area]
		if !ok {
			return nil, notFound("duty area", cfg.area)
		}
		area = a
	}
	t := nanos(at)
	var seen [32]int32
	r := liabilityReport{h: h, seen: seen[:0]}
	r.report = &zerenv1.LiabilityReport{OrganizationId: orgID, At: timestamppb.New(at), DutyAreaId: cfg.area,
		Liabilities: make([]*zerenv1.Liability, 0, 16)}

	var scope [16]int32
	path := h.liabilityScope(o, scope[:0])
	top := path[len(path)-1]

	// 全面领导责任: the bodies.
	r.report.Liabilities = append(r.report.Liabilities, h.bodyLiability(o))
	if top != o && h.isPrincipalOrg(top) {
		r.report.Liabilities = append(r.report.Liabilities, h.bodyLiability(top))
	}

	// 主要领导责任: principal leaders and the member directly in charge.
	var buf [16]int32
	for _, a := range h.principals(buf[:0], o, t) {
		r.add(a, slotPrincipal)
	}
	if top != o && h.isPrincipalOrg(top) {
		for _, a := range h.principals(buf[:0], top, t) {
			r.add(a, slotFirst)
		}
	}
	inCharge := false
	if area >= 0 {
		for _, i := range path {
			for _, p := range h.orgs[i].posts {
				for _, a := range h.posts[p].apps {
					if !h.active(a, t) {
						continue
					}
					if j := slices.Index(h.apps[a].areas, area); j >= 0 {
						r.add(a, slotAreas+j)
						inCharge = true
					}
				}
			}
		}
	}
	if !inCharge {
		for _, hd := range h.postsOfKind(o, zerenv1.ResponsibilityKind_RESPONSIBILITY_KIND_DIRECT, t) {
			r.add(h.appIdx[hd.GetAppointmentId()], slotDirect)
		}
	}

	// 重要领导责任: other leadership members in scope, the decision-making
	// body (党组) first.
	for k := len(path) - 1; k >= 0; k-- {
		i := path[k]
		for _, hd := range h.link(i, t).GetHolders() { // precomputed: no allocation
			kind := h.kinds[h.kindIdx[hd.GetPostKindId()]]
			if kind.GetRole() == zerenv1.LeadershipRole_LEADERSHIP_ROLE_NONE ||
				kind.GetRole() == zerenv1.LeadershipRole_LEADERSHIP_ROLE_UNSPECIFIED ||
				kind.GetResponsibility() == zerenv1.ResponsibilityKind_RESPONSIBILITY_KIND_SUPERVISORY {
				continue
			}
			if cfg.participants == nil {
				r.add(h.appIdx[hd.GetAppointmentId()], slotCandidate)
				continue
			}
			if slices.Contains(cfg.participants, hd.GetPersonId()) {
				r.add(h.appIdx[hd.GetAppointmentId()], slotParticipant)
			}
		}
	}

	// 监督责任.
	for _, hd := range h.postsOfKind(o, zerenv1.ResponsibilityKind_RESPONSIBILITY_KIND_SUPERVISORY, t) {
		r.add(h.appIdx[hd.GetAppointmentId()], slotSupervisory)
	}
	return r.report, nil
}

// liabilityScope returns o and its ancestors up to the nearest organisation
// carrying 主体责任, stopping before a supervising level.
func (h *Hierarchy) liabilityScope(o int32, path []int32) []int32 {
	path = append(path, o)
	if h.isPrincipalOrg(o) {
		return path
	}
	for i := h.orgs[o].parent; i >= 0; i = h.orgs[i].parent {
		if l := h.orgs[i].level; l >= 0 && h.levels[l].GetSupervising() {
			break
		}
		path = append(path, i)
		if h.isPrincipalOrg(i) {
			break
		}
	}
	return path
}

func (h *Hierarchy) isPrincipalOrg(o int32) bool {
	l := h.orgs[o].level
	return l >= 0 && h.principalLevel[l]
}

// principals appends the appointments in force at t to principal-role
// posts at o, in the order of appendHolders.
func (h *Hierarchy) principals(out []int32, o int32, t int64) []int32 {
	for _, p := range h.orgs[o].posts {
		if h.kinds[h.posts[p].kind].GetRole() == zerenv1.LeadershipRole_LEADERSHIP_ROLE_PRINCIPAL {
			out = h.appendApps(out, p, t)
		}
	}
	return out
}

// appendApps appends the appointments in force at t to post p, in the order
// of appendHolders: regular and acting first, then delegated.
func (h *Hierarchy) appendApps(out []int32, p int32, t int64) []int32 {
	apps := h.posts[p].apps
	for pass := 0; pass < 2; pass++ {
		for _, a := range apps {
			if h.active(a, t) && (h.apps[a].kind == zerenv1.AppointmentKind_APPOINTMENT_KIND_DELEGATED) == (pass == 1) {
				out = append(out, a)
			}
		}
	}
	return out
}

type liabilityReport struct {
	h      *Hierarchy
	report *zerenv1.LiabilityReport
	seen   []int32 // people already listed
}

// add lists appointment a's holder under slot, unless the person is listed.
func (r *liabilityReport) add(a int32, slot int) {
	person := r.h.apps[a].person
	if slices.Contains(r.seen, person) {
		return
	}
	r.seen = append(r.seen, person)
	r.report.Liabilities = append(r.report.Liabilities, r.h.liability(a, slot))
}

// The slots of an appointment's Liability messages: one per grade, ground
// and wording Liability uses, then one per duty area of the appointment
// (slotAreas+j for its j-th area).
const (
	slotPrincipal = iota
	slotFirst
	slotDirect
	slotCandidate
	slotParticipant
	slotSupervisory
	slotAreas
)

const principalPost = zerenv1.LiabilityGround_LIABILITY_GROUND_PRINCIPAL_POST

var liabilitySlots = [slotAreas]struct {
	kind   zerenv1.LiabilityKind
	ground zerenv1.LiabilityGround
	role   string
}{
	slotPrincipal:   {zerenv1.LiabilityKind_LIABILITY_KIND_PRINCIPAL, principalPost, "（主要负责人）"},
	slotFirst:       {zerenv1.LiabilityKind_LIABILITY_KIND_PRINCIPAL, principalPost, "（第一责任人）"},
	slotDirect:      {zerenv1.LiabilityKind_LIABILITY_KIND_PRINCIPAL, zerenv1.LiabilityGround_LIABILITY_GROUND_DIRECT_POST, "（直接责任，直接主管的班子成员）"},
	slotCandidate:   {zerenv1.LiabilityKind_LIABILITY_KIND_IMPORTANT, zerenv1.LiabilityGround_LIABILITY_GROUND_CANDIDATE, "（班子成员，是否参与决策和工作待核实）"},
	slotParticipant: {zerenv1.LiabilityKind_LIABILITY_KIND_IMPORTANT, zerenv1.LiabilityGround_LIABILITY_GROUND_PARTICIPANT, "（参与决策和工作的班子成员）"},
	slotSupervisory: {zerenv1.LiabilityKind_LIABILITY_KIND_SUPERVISORY, zerenv1.LiabilityGround_LIABILITY_GROUND_SUPERVISORY_POST, "（监督责任，是否失职待核实）"},
}

// liabilityCache holds the Liability messages of Liability replies, built on
// first use and then shared by every reply (read-only, like the holders):
// bodies per organisation, and per appointment one per slot.
type liabilityCache struct {
	off    []int32 // off[a]: appointment a's first slot in apps
	apps   []atomic.Pointer[zerenv1.Liability]
	bodies []atomic.Pointer[zerenv1.Liability]
}

func (c *liabilityCache) init(h *Hierarchy) {
	c.off = make([]int32, len(h.apps)+1)
	n := int32(0)
	for a := range h.apps {
		c.off[a] = n
		n += slotAreas + int32(len(h.apps[a].areas))
	}
	c.off[len(h.apps)] = n
	c.apps = make([]atomic.Pointer[zerenv1.Liability], n)
	c.bodies = make([]atomic.Pointer[zerenv1.Liability], len(h.orgs))
}

// cached returns the message in p, storing build()'s first.
func cached(p *atomic.Pointer[zerenv1.Liability], build func() *zerenv1.Liability) *zerenv1.Liability {
	if l := p.Load(); l != nil {
		return l
	}
	l := build()
	if p.CompareAndSwap(nil, l) {
		return l
	}
	return p.Load()
}

// liability returns appointment a's Liability message for slot, shared.
func (h *Hierarchy) liability(a int32, slot int) *zerenv1.Liability {
	if h.liab.apps == nil {
		return h.newLiability(a, slot)
	}
	return cached(&h.liab.apps[h.liab.off[a]+int32(slot)], func() *zerenv1.Liability { return h.newLiability(a, slot) })
}

// bodyLiability returns organisation o's 全面领导责任 message, shared.
func (h *Hierarchy) bodyLiability(o int32) *zerenv1.Liability {
	if h.liab.bodies == nil {
		return h.newBodyLiability(o)
	}
	return cached(&h.liab.bodies[o], func() *zerenv1.Liability { return h.newBodyLiability(o) })
}

func (h *Hierarchy) newBodyLiability(o int32) *zerenv1.Liability {
	org := h.orgs[o].pb
	return &zerenv1.Liability{
		Kind:           zerenv1.LiabilityKind_LIABILITY_KIND_OVERALL,
		OrganizationId: org.GetId(),
		Reason:         displayOrg(org) + "领导班子（全面领导责任）",
		Basis:          basisLeadership,
		Ground:         zerenv1.LiabilityGround_LIABILITY_GROUND_BODY,
	}
}

// newLiability builds appointment a's Liability message for slot.
func (h *Hierarchy) newLiability(a int32, slot int) *zerenv1.Liability {
	var kind zerenv1.LiabilityKind
	var ground zerenv1.LiabilityGround
	var role string
	if slot < slotAreas {
		d := liabilitySlots[slot]
		kind, ground, role = d.kind, d.ground, d.role
	} else {
		kind, ground = zerenv1.LiabilityKind_LIABILITY_KIND_PRINCIPAL, zerenv1.LiabilityGround_LIABILITY_GROUND_DUTY_AREA
		role = "（分管" + h.areas[h.apps[a].areas[slot-slotAreas]].GetName() + "，直接主管的班子成员）"
	}
	hd := h.holder(a)
	pk := h.kinds[h.kindIdx[hd.GetPostKindId()]]
	reason := pk.GetName() + role
	switch hd.GetAppointmentKind() {
	case zerenv1.AppointmentKind_APPOINTMENT_KIND_ACTING:
		reason = "代理" + reason
	case zerenv1.AppointmentKind_APPOINTMENT_KIND_DELEGATED:
		reason = "受委托履行" + reason
	}
	basis := basisLeadership
	if kind == zerenv1.LiabilityKind_LIABILITY_KIND_SUPERVISORY {
		basis = basisSupervisor
	}
	return &zerenv1.Liability{
		Kind:           kind,
		OrganizationId: hd.GetOrganizationId(),
		PersonId:       hd.GetPersonId(),
		PostId:         hd.GetPostId(),
		AppointmentId:  hd.GetAppointmentId(),
		Reason:         reason,
		Basis:          basis,
		Ground:         ground,
		ToVerify: ground == zerenv1.LiabilityGround_LIABILITY_GROUND_CANDIDATE ||
			ground == zerenv1.LiabilityGround_LIABILITY_GROUND_SUPERVISORY_POST,
	}
}
