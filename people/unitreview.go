package people

import (
	"fmt"
	"slices"
	"time"

	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
)

// CheckUnitReviews checks the reviewees of an indicator system's own
// 述职评议 (assessment.WithReviews: one review per unit, of its 党组（党委）
// 书记, without a post): each review's person must be in the structure and
// have held a post of the unit's top organisation whose kind carries the
// first responsibility (第一责任人) on some day of the review's period — the
// holder at the period's end or one who left during it. Every problem names
// the review's unit, the person and the period, in a [*ValidationError].
// Reviews that name a post (review plans) are left to [Plan.Score].
func CheckUnitReviews(h *responsibility.Hierarchy, reviews []*zerenv1.Review) error {
	loc := h.Location()
	var ps []Problem
	for i, rv := range reviews {
		if rv.GetPostId() != "" {
			continue
		}
		p := Problem{Record: "review", Path: fmt.Sprintf("reviews[%d]", i), ID: rv.GetUnitId()}
		bad := func(code problem.Code, field, zh, en string) {
			q := p
			q.Code, q.Field, q.MessageZh, q.Message = code, field, zh, en
			ps = append(ps, q)
		}
		from, to, ok := calendar.PeriodBounds(rv.GetPeriod(), loc)
		if !ok {
			bad(problem.InvalidValue, "period", "评议期间无效", "the period is missing or invalid")
			continue
		}
		person, ok := h.Person(rv.GetPersonId())
		if !ok {
			bad(problem.DanglingReference, "person_id", fmt.Sprintf("人员“%s”不在组织架构中", problem.Printable(rv.GetPersonId())), fmt.Sprintf("person %q is not in the structure", rv.GetPersonId()))
			continue
		}
		top, err := h.TopOrganization(rv.GetUnitId())
		if err != nil {
			bad(problem.DanglingReference, "unit_id", fmt.Sprintf("单位“%s”不在组织架构中或没有党组织", problem.Printable(rv.GetUnitId())), fmt.Sprintf("unit %q is not in the structure or has no organisation", rv.GetUnitId()))
			continue
		}
		if held, holders := heldFirstPost(h, top.GetId(), person.GetId(), from, to); !held {
			first, last := day(from, loc), day(to.Add(-time.Nanosecond), loc)
			bad(problem.Conflict, "person_id", fmt.Sprintf("%s（%s）在 %s 至 %s 未任 %s 的第一责任人岗位（期内任职：%s）", person.GetName(), person.GetId(), first, last, top.GetName(), holders),
				fmt.Sprintf("%s (%s) held no first-responsible post of %s from %s to %s (held by: %s)", person.GetName(), person.GetId(), top.GetName(), first, last, holders))
		}
	}
	return errOf(ps)
}

// heldFirstPost reports whether the person held a first-responsible post of
// the organisation within [from, to), and names who did.
func heldFirstPost(h *responsibility.Hierarchy, orgID, personID string, from, to time.Time) (bool, string) {
	posts, _ := h.Posts(orgID)
	var names []string
	for _, p := range posts {
		k, ok := h.PostKind(p.GetPostKindId())
		if !ok || k.GetResponsibility() != zerenv1.ResponsibilityKind_RESPONSIBILITY_KIND_FIRST_RESPONSIBLE {
			continue
		}
		ts, _ := h.Tenures(p.GetId(), from, to)
		for _, t := range ts {
			if t.GetAppointmentKind() == zerenv1.AppointmentKind_APPOINTMENT_KIND_DELEGATED {
				continue
			}
			if t.GetPersonId() == personID {
				return true, ""
			}
			if !slices.Contains(names, t.GetPersonName()) {
				names = append(names, t.GetPersonName())
			}
		}
	}
	if len(names) == 0 {
		return false, "无 none"
	}
	return false, fmt.Sprint(names)
}
