package people

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/calendar"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
)

// Record is what a person outcome is computed from: the period's records as
// an OA or zerend keeps them. Every field may be empty.
type Record struct {
	// Results are the units' assessment results (综合考核).
	Results []*zerenv1.Result
	// Reviews are scored 述职评议 ([Plan.Score]).
	Reviews []*zerenv1.ReviewResult
	// Findings are the 督查 findings.
	Findings []*zerenv1.Finding
	// Cases are the supervision cases (督办单).
	Cases []*zerenv1.SupervisionCase
	// Proposals are the accountability proposals, with their decisions.
	Proposals []*zerenv1.Proposal
	// Talks are the 约谈 records.
	Talks []*zerenv1.Talk
	// GradeName names a grade id (e.g. assessment.Engine.GradeName); by
	// default the id is its own name.
	GradeName func(gradeID string) string
}

// Outcome computes what a period meant for one person (a
// [zerenv1.PersonOutcome]):
//
//   - the posts held within the period — regular, acting (代理) and
//     delegated (委托) — with their dates and days, by start;
//   - the grade of the unit of each post, for every assessment period that
//     overlaps the person's time in it, with the days of overlap;
//   - the person's 述职评议 results of periods that overlap the period;
//   - the findings and supervision cases under each post ([Watched]) dated
//     within the person's time in it;
//   - the proposals addressed to the person, as the holder found liable or,
//     through the proposal's tenures, as a predecessor (终身问责), with the
//     decision recorded on each;
//   - the talks held with the person.
//
// It fails when the person is not in the hierarchy (wrapping [ErrNotFound])
// or the period is invalid. Eligibility is added by [Rules.Evaluate].
func Outcome(h *responsibility.Hierarchy, personID string, period *zerenv1.Period, rec Record) (*zerenv1.PersonOutcome, error) {
	posts, err := PostsHeld(h, personID, period)
	if err != nil {
		return nil, err
	}
	person, _ := h.Person(personID)
	loc := h.Location()
	from, to, _ := calendar.PeriodBounds(period, loc)
	out := &zerenv1.PersonOutcome{PersonId: personID, PersonName: person.GetName(), Period: proto.Clone(period).(*zerenv1.Period), Posts: posts}

	grade := rec.GradeName
	if grade == nil {
		grade = func(id string) string { return id }
	}
	seenFinding, seenCase := map[string]bool{}, map[string]bool{}
	for _, ph := range out.Posts {
		s, e := ph.GetStart().AsTime(), ph.GetEnd().AsTime()
		for _, r := range rec.Results {
			if r.GetUnitId() != ph.GetUnitId() {
				continue
			}
			rs, re, ok := calendar.PeriodBounds(r.GetPeriod(), loc)
			if !ok {
				continue
			}
			os, oe := later(s, rs), earlier(e, re)
			if !os.Before(oe) {
				continue
			}
			out.UnitGrades = append(out.UnitGrades, &zerenv1.UnitGrade{
				UnitId: r.GetUnitId(), PostId: ph.GetPostId(), Period: r.GetPeriod(),
				GradeId: r.GetGradeId(), GradeName: grade(r.GetGradeId()), Score: parseScore(r.GetScore()),
				TenureDays: int32(calendar.DaysTouched(os, oe, loc)),
			})
		}
		for _, f := range rec.Findings {
			at := f.GetFoundAt().AsTime()
			if f.GetFoundAt() == nil || seenFinding[f.GetId()] || at.Before(s) || !at.Before(e) || !Watched(h, ph.GetOrganizationId(), f.GetOrganizationId()) {
				continue
			}
			seenFinding[f.GetId()] = true
			out.FindingIds = append(out.FindingIds, f.GetId())
		}
		for _, c := range rec.Cases {
			at := c.GetOpenedAt().AsTime()
			if c.GetOpenedAt() == nil || seenCase[c.GetId()] || at.Before(s) || !at.Before(e) || !Watched(h, ph.GetOrganizationId(), c.GetOrganizationId()) {
				continue
			}
			seenCase[c.GetId()] = true
			out.CaseIds = append(out.CaseIds, c.GetId())
		}
	}
	for _, r := range rec.Reviews {
		if r.GetPersonId() != personID || !overlaps(r.GetPeriod(), loc, from, to) {
			continue
		}
		out.Reviews = append(out.Reviews, proto.Clone(r).(*zerenv1.ReviewResult))
	}
	for _, p := range rec.Proposals {
		if !overlaps(p.GetPeriod(), loc, from, to) {
			continue
		}
		d := &zerenv1.ProposalDecision{ProposalId: p.GetId(), Measure: p.GetMeasure(), Status: p.GetStatus(),
			DecidedAt: p.GetDecidedAt(), MeasureBasis: p.GetMeasureBasis(), UnitId: p.GetUnitId()}
		switch l := p.GetLiability(); {
		case l.GetPersonId() == personID:
			d.PostId = l.GetPostId()
		default:
			i := slices.IndexFunc(p.GetTenures(), func(t *zerenv1.Tenure) bool { return t.GetPersonId() == personID })
			if i < 0 {
				continue
			}
			d.PostId, d.AsPredecessor = p.GetTenures()[i].GetPostId(), true
		}
		out.Proposals = append(out.Proposals, d)
	}
	for _, t := range rec.Talks {
		if t.GetPersonId() == personID {
			out.TalkIds = append(out.TalkIds, t.GetId())
		}
	}
	return out, nil
}

// PostsHeld returns the person's spells in every post within the period,
// as [Outcome] lists them (its Posts), for a caller that reads the records
// of those posts before asking for the outcome. It fails as Outcome does
// for a person not in the hierarchy or an invalid period.
func PostsHeld(h *responsibility.Hierarchy, personID string, period *zerenv1.Period) ([]*zerenv1.PostHeld, error) {
	if _, ok := h.Person(personID); !ok {
		return nil, fmt.Errorf("people: person %q（人员不在组织架构中）: %w", personID, ErrNotFound)
	}
	from, to, ok := calendar.PeriodBounds(period, h.Location())
	if !ok {
		return nil, fmt.Errorf("people: person %q: the period %v is invalid（期间无效）", personID, period)
	}
	return postsHeld(h, personID, from, to), nil
}

// postsHeld returns the person's spells in every post within [from, to).
func postsHeld(h *responsibility.Hierarchy, personID string, from, to time.Time) []*zerenv1.PostHeld {
	var out []*zerenv1.PostHeld
	for o := range h.Organizations() {
		posts, _ := h.Posts(o.GetId())
		for _, p := range posts {
			ts, _ := h.Tenures(p.GetId(), from, to)
			for _, t := range ts {
				if t.GetPersonId() != personID {
					continue
				}
				out = append(out, &zerenv1.PostHeld{
					PostId: p.GetId(), PostKindId: p.GetPostKindId(), OrganizationId: o.GetId(), UnitId: o.GetUnitId(),
					AppointmentId: t.GetAppointmentId(), AppointmentKind: t.GetAppointmentKind(),
					Start: t.GetStart(), End: t.GetEnd(), Days: t.GetDays(), AtPeriodEnd: t.GetAtPeriodEnd(),
				})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b *zerenv1.PostHeld) int {
		if c := a.GetStart().AsTime().Compare(b.GetStart().AsTime()); c != 0 {
			return c
		}
		return compareStrings(a.GetPostId(), b.GetPostId())
	})
	return out
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func overlaps(p *zerenv1.Period, loc *time.Location, from, to time.Time) bool {
	s, e, ok := calendar.PeriodBounds(p, loc)
	return ok && s.Before(to) && from.Before(e)
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func parseScore(s string) float64 {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0 // a result without a score (incomplete) has none to show
	}
	return f
}
