package responsibility

import (
	"fmt"
	"time"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// Coverage returns the holes in the structure at an instant (无盲区), unit
// by unit in input order:
//
//   - LEVEL_MISSING: a unit has no organisation at a required level
//     (supervising levels such as the 机关工委 are not required of units, and
//     a unit made only of supervising organisations is not checked for them);
//   - NO_SECRETARY: an organisation's principal post (书记) is missing or
//     nobody holds it on the date (an acting holder counts);
//   - POST_MISSING: an organisation lacks another required post kind;
//   - POST_VACANT: a required post exists but nobody holds it on the date.
//
// An empty result means the structure is complete on that date.
func (h *Hierarchy) Coverage(at time.Time) []*zerenv1.Gap {
	t := nanos(at)
	var gaps []*zerenv1.Gap
	for u, unit := range h.units {
		orgs := h.unitOrgs[u]
		present := make([]bool, len(h.levels))
		onlySupervising := true
		for _, o := range orgs {
			if l := h.orgs[o].level; l >= 0 {
				present[l] = true
				if !h.levels[l].GetSupervising() {
					onlySupervising = false
				}
			}
		}
		if !onlySupervising || len(orgs) == 0 {
			for l, lv := range h.levels {
				if lv.GetRequired() && !lv.GetSupervising() && !present[l] {
					gaps = append(gaps, &zerenv1.Gap{
						Kind: zerenv1.GapKind_GAP_KIND_LEVEL_MISSING, UnitId: unit.GetId(), LevelId: lv.GetId(),
						Message: fmt.Sprintf("%s：缺少%s层级的党组织", displayUnit(unit), lv.GetName()),
					})
				}
			}
		}
		for _, o := range orgs {
			gaps = h.orgGaps(gaps, o, t)
		}
	}
	return gaps
}

func (h *Hierarchy) orgGaps(gaps []*zerenv1.Gap, o int32, t int64) []*zerenv1.Gap {
	org := &h.orgs[o]
	if org.level < 0 {
		return gaps
	}
	levelID := h.levels[org.level].GetId()
	unitID := ""
	if org.unit >= 0 {
		unitID = h.units[org.unit].GetId()
	}
	hasPrincipalKind, principalHeld := false, false
	var principalPost, principalKind string
	for k, kind := range h.kinds {
		if kind.GetLevelId() != levelID {
			continue
		}
		principal := kind.GetRole() == zerenv1.LeadershipRole_LEADERSHIP_ROLE_PRINCIPAL
		if principal && principalKind == "" {
			hasPrincipalKind, principalKind = true, kind.GetId()
		}
		posts, held := 0, false
		var firstPost string
		for _, p := range org.posts {
			if h.posts[p].kind != int32(k) {
				continue
			}
			posts++
			if firstPost == "" {
				firstPost = h.posts[p].pb.GetId()
			}
			for _, a := range h.posts[p].apps {
				if h.active(a, t) {
					held = true
					break
				}
			}
		}
		if principal {
			if held {
				principalHeld = true
			} else if principalPost == "" {
				principalPost = firstPost
			}
			continue
		}
		if !kind.GetRequired() {
			continue
		}
		gap := &zerenv1.Gap{UnitId: unitID, OrganizationId: org.pb.GetId(), LevelId: levelID, PostKindId: kind.GetId()}
		switch {
		case posts == 0:
			gap.Kind = zerenv1.GapKind_GAP_KIND_POST_MISSING
			gap.Message = fmt.Sprintf("%s：未设%s岗位", displayOrg(org.pb), kind.GetName())
		case !held:
			gap.Kind = zerenv1.GapKind_GAP_KIND_POST_VACANT
			gap.PostId = firstPost
			gap.Message = fmt.Sprintf("%s：%s空缺", displayOrg(org.pb), kind.GetName())
		default:
			continue
		}
		gaps = append(gaps, gap)
	}
	if hasPrincipalKind && !principalHeld {
		kind := h.kinds[h.kindIdx[principalKind]]
		gaps = append(gaps, &zerenv1.Gap{
			Kind: zerenv1.GapKind_GAP_KIND_NO_SECRETARY, UnitId: unitID, OrganizationId: org.pb.GetId(),
			LevelId: levelID, PostKindId: principalKind, PostId: principalPost,
			Message: fmt.Sprintf("%s：无%s（主要负责人）在岗", displayOrg(org.pb), kind.GetName()),
		})
	}
	return gaps
}

func displayOrg(o *zerenv1.Organization) string {
	if o.GetShortName() != "" {
		return o.GetShortName()
	}
	return o.GetName()
}

func displayUnit(u *zerenv1.Unit) string {
	if u.GetShortName() != "" {
		return u.GetShortName()
	}
	return u.GetName()
}
