package responsibility

import (
	"slices"
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
	r := &liabilityReport{h: h, seen: map[string]bool{}}
	r.report = &zerenv1.LiabilityReport{OrganizationId: orgID, At: timestamppb.New(at), DutyAreaId: cfg.area}

	path := h.liabilityScope(o)
	top := path[len(path)-1]

	// 全面领导责任: the bodies.
	r.body(o)
	if top != o && h.isPrincipalOrg(top) {
		r.body(top)
	}

	// 主要领导责任: principal leaders and the member directly in charge.
	r.addAll(zerenv1.LiabilityKind_LIABILITY_KIND_PRINCIPAL, principalPost, h.principals(o, t), "（主要负责人）")
	if top != o && h.isPrincipalOrg(top) {
		r.addAll(zerenv1.LiabilityKind_LIABILITY_KIND_PRINCIPAL, principalPost, h.principals(top, t), "（第一责任人）")
	}
	var inCharge []*zerenv1.Holder
	if area >= 0 {
		for _, i := range path {
			for _, p := range h.orgs[i].posts {
				for _, a := range h.posts[p].apps {
					if h.active(a, t) && slices.Contains(h.apps[a].areas, area) {
						inCharge = append(inCharge, h.holder(a))
					}
				}
			}
		}
	}
	if len(inCharge) > 0 {
		r.addAll(zerenv1.LiabilityKind_LIABILITY_KIND_PRINCIPAL, zerenv1.LiabilityGround_LIABILITY_GROUND_DUTY_AREA, inCharge,
			"（分管"+h.areas[area].GetName()+"，直接主管的班子成员）")
	} else {
		r.addAll(zerenv1.LiabilityKind_LIABILITY_KIND_PRINCIPAL, zerenv1.LiabilityGround_LIABILITY_GROUND_DIRECT_POST,
			h.postsOfKind(o, zerenv1.ResponsibilityKind_RESPONSIBILITY_KIND_DIRECT, t), "（直接责任，直接主管的班子成员）")
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
				r.add(zerenv1.LiabilityKind_LIABILITY_KIND_IMPORTANT, zerenv1.LiabilityGround_LIABILITY_GROUND_CANDIDATE, hd,
					"（班子成员，是否参与决策和工作待核实）")
				continue
			}
			if slices.Contains(cfg.participants, hd.GetPersonId()) {
				r.add(zerenv1.LiabilityKind_LIABILITY_KIND_IMPORTANT, zerenv1.LiabilityGround_LIABILITY_GROUND_PARTICIPANT, hd,
					"（参与决策和工作的班子成员）")
			}
		}
	}

	// 监督责任.
	r.addAll(zerenv1.LiabilityKind_LIABILITY_KIND_SUPERVISORY, zerenv1.LiabilityGround_LIABILITY_GROUND_SUPERVISORY_POST,
		h.postsOfKind(o, zerenv1.ResponsibilityKind_RESPONSIBILITY_KIND_SUPERVISORY, t), "（监督责任，是否失职待核实）")
	return r.report, nil
}

// liabilityScope returns o and its ancestors up to the nearest organisation
// carrying 主体责任, stopping before a supervising level.
func (h *Hierarchy) liabilityScope(o int32) []int32 {
	path := []int32{o}
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

// principals returns the holders of principal-role posts at o.
func (h *Hierarchy) principals(o int32, t int64) []*zerenv1.Holder {
	var out []*zerenv1.Holder
	for _, p := range h.orgs[o].posts {
		if h.kinds[h.posts[p].kind].GetRole() == zerenv1.LeadershipRole_LEADERSHIP_ROLE_PRINCIPAL {
			out = h.appendHolders(out, p, t)
		}
	}
	return out
}

type liabilityReport struct {
	h      *Hierarchy
	report *zerenv1.LiabilityReport
	seen   map[string]bool
}

func (r *liabilityReport) body(o int32) {
	org := r.h.orgs[o].pb
	r.report.Liabilities = append(r.report.Liabilities, &zerenv1.Liability{
		Kind:           zerenv1.LiabilityKind_LIABILITY_KIND_OVERALL,
		OrganizationId: org.GetId(),
		Reason:         displayOrg(org) + "领导班子（全面领导责任）",
		Basis:          basisLeadership,
		Ground:         zerenv1.LiabilityGround_LIABILITY_GROUND_BODY,
	})
}

const principalPost = zerenv1.LiabilityGround_LIABILITY_GROUND_PRINCIPAL_POST

func (r *liabilityReport) addAll(kind zerenv1.LiabilityKind, ground zerenv1.LiabilityGround, holders []*zerenv1.Holder, role string) {
	for _, hd := range holders {
		r.add(kind, ground, hd, role)
	}
}

func (r *liabilityReport) add(kind zerenv1.LiabilityKind, ground zerenv1.LiabilityGround, hd *zerenv1.Holder, role string) {
	if r.seen[hd.GetPersonId()] {
		return
	}
	r.seen[hd.GetPersonId()] = true
	pk := r.h.kinds[r.h.kindIdx[hd.GetPostKindId()]]
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
	r.report.Liabilities = append(r.report.Liabilities, &zerenv1.Liability{
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
	})
}
