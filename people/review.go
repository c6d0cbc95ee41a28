package people

import (
	"fmt"
	"slices"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/assessment"
	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
)

// Plan is a compiled review plan (书记抓党建述职评议): one scheme per post kind
// and level, checked against a hierarchy. Build it with [NewPlan]. A Plan is
// immutable and safe for concurrent use.
type Plan struct {
	h       *responsibility.Hierarchy
	plan    *zerenv1.ReviewPlan
	schemes map[string]*compiledScheme
}

type compiledScheme struct {
	pb     *zerenv1.ReviewScheme
	scorer *assessment.ReviewScorer
}

// NewPlan validates a review plan against the hierarchy's framework and
// compiles each scheme. Each scheme needs a unique id and a post kind of the
// framework; its rater groups, weights, quorums and choice scores are
// checked as the indicator system's review is. It returns a
// [*ValidationError] naming every problem.
func NewPlan(plan *zerenv1.ReviewPlan, h *responsibility.Hierarchy) (*Plan, error) {
	if plan == nil || h == nil {
		return nil, errOf([]Problem{{Code: problem.MissingField, Record: "review plan", MessageZh: "未提供述职评议方案或组织架构", Message: "no review plan or hierarchy given"}})
	}
	pl := &Plan{h: h, plan: proto.Clone(plan).(*zerenv1.ReviewPlan), schemes: map[string]*compiledScheme{}}
	var ps []Problem
	if len(plan.GetSchemes()) == 0 {
		ps = append(ps, Problem{Code: problem.MissingField, Record: "review plan", ID: plan.GetId(), Name: plan.GetName(), Field: "schemes",
			MessageZh: "述职评议方案没有任何评议方案", Message: "the review plan has no schemes"})
	}
	for i, rs := range pl.plan.GetSchemes() {
		path := fmt.Sprintf("schemes[%d]", i)
		p := Problem{Record: "review scheme", Path: path, ID: rs.GetId(), Name: rs.GetName()}
		if rs.GetId() == "" || pl.schemes[rs.GetId()] != nil {
			q := p
			q.Code, q.Field, q.MessageZh, q.Message = problem.DuplicateID, "id", "评议方案编号不能为空且不能重复", "scheme ids must be present and unique"
			ps = append(ps, q)
		}
		if _, ok := h.PostKind(rs.GetPostKindId()); !ok {
			q := p
			q.Code, q.Field = problem.DanglingReference, "post_kind_id"
			q.MessageZh = fmt.Sprintf("岗位类型“%s”不在责任体系中", problem.Printable(rs.GetPostKindId()))
			q.Message = fmt.Sprintf("post kind %q is not in the framework", rs.GetPostKindId())
			ps = append(ps, q)
		}
		sc, err := assessment.NewReviewScorer(rs, path, plan.GetPrecision())
		if err != nil {
			var ve *assessment.ValidationError
			if !asValidation(err, &ve) {
				return nil, err
			}
			for _, ap := range ve.Problems {
				ps = append(ps, Problem{Code: ap.Code, Record: "review scheme", Path: ap.Path, ID: rs.GetId(), Name: rs.GetName(),
					Field: ap.Field, Line: ap.Line, Column: ap.Column, MessageZh: ap.MessageZh, Message: ap.Message, Err: ap.Err})
			}
			continue
		}
		if rs.GetId() != "" && pl.schemes[rs.GetId()] == nil {
			pl.schemes[rs.GetId()] = &compiledScheme{pb: rs, scorer: sc}
		}
	}
	if err := errOf(ps); err != nil {
		return nil, err
	}
	return pl, nil
}

// Scheme returns a scheme of the plan by id.
func (pl *Plan) Scheme(id string) (*zerenv1.ReviewScheme, bool) {
	s, ok := pl.schemes[id]
	if !ok {
		return nil, false
	}
	return proto.Clone(s.pb).(*zerenv1.ReviewScheme), true
}

// checked is a review that passed the checks, with what scoring needs.
type checked struct {
	rv       *zerenv1.Review
	sc       *compiledScheme
	post     *zerenv1.Post
	unitID   string
	acting   bool
	from, to time.Time
}

// Score checks every review and scores those of a valid set. findings are
// the 督查 findings known for the period: each result lists those at the
// reviewee's organisation (and the organisations under it) dated within
// the reviewee's time in the post, and a 点评 may cite only these.
//
// A review is checked against the hierarchy: its scheme exists; its post
// exists, is of the scheme's post kind, belongs to the review's unit, whose
// kind the scheme covers (the 专项述职评议 of 中央驻市单位 names
// UNIT_KIND_STATIONED); the reviewee is in the structure and is the regular
// or acting holder of the post on the review date (held_until's eve for a
// holder who left mid-period, else review_date, else the period's last
// day), and held it on some day of the period. A holder marked acting in
// the review must hold an acting appointment. The result spans the
// reviewee's days in the post within the period. Every problem is reported
// at once in a [*ValidationError] naming the review, the post and the date.
func (pl *Plan) Score(reviews []*zerenv1.Review, findings []*zerenv1.Finding) ([]*zerenv1.ReviewResult, error) {
	var ps []Problem
	ids := map[string]bool{}
	found := make(map[string]*zerenv1.Finding, len(findings))
	for _, f := range findings {
		found[f.GetId()] = f
	}
	var ok []checked
	for i, rv := range reviews {
		c, probs := pl.check(rv, fmt.Sprintf("reviews[%d]", i), ids, found)
		ps = append(ps, probs...)
		if len(probs) == 0 {
			ok = append(ok, c)
		}
	}
	if err := errOf(ps); err != nil {
		return nil, err
	}
	out := make([]*zerenv1.ReviewResult, len(ok))
	for i, c := range ok {
		res := c.sc.scorer.Score(c.rv)
		res.ReviewId, res.SchemeId, res.SchemeName, res.Kind = c.rv.GetId(), c.sc.pb.GetId(), c.sc.pb.GetName(), kindOf(c.sc.pb)
		res.UnitId, res.PostId, res.PersonId, res.Acting = c.unitID, c.post.GetId(), c.rv.GetPersonId(), c.acting
		res.From, res.To = timestamppb.New(c.from), timestamppb.New(c.to)
		res.Period = proto.Clone(c.rv.GetPeriod()).(*zerenv1.Period)
		if c.rv.GetComment() != nil {
			res.Comment = proto.Clone(c.rv.GetComment()).(*zerenv1.ReviewComment)
		}
		res.FindingIds = pl.findingsAt(c.post.GetOrganizationId(), c.from, c.to, findings)
		out[i] = res
	}
	return out, nil
}

func kindOf(rs *zerenv1.ReviewScheme) zerenv1.ReviewKind {
	if rs.GetKind() == zerenv1.ReviewKind_REVIEW_KIND_UNSPECIFIED {
		return zerenv1.ReviewKind_REVIEW_KIND_ANNUAL
	}
	return rs.GetKind()
}

// findingsAt returns the ids of the findings of the reviewee's watch
// (see [Watched]) found within [from, to).
func (pl *Plan) findingsAt(orgID string, from, to time.Time, findings []*zerenv1.Finding) []string {
	return findingsUnder(pl.h, orgID, from, to, findings)
}

// Watched reports whether a finding or case at organisation at falls under
// the post at organisation orgID: at is orgID or under it; or orgID has
// organisations under it (a 党组 or 机关党委, not a 党支部) and at is above
// it in the same unit, since the 机关党委 assists the 党组 (协助推进) in all
// it is responsible for.
func Watched(h *responsibility.Hierarchy, orgID, at string) bool {
	if h.InSubtree(orgID, at) {
		return true
	}
	kids, err := h.Children(orgID)
	if err != nil || len(kids) == 0 {
		return false
	}
	o, _ := h.Organization(orgID)
	a, ok := h.Organization(at)
	return ok && a.GetUnitId() == o.GetUnitId() && h.InSubtree(at, orgID)
}

// WatchedOrganizations lists every organisation at which a finding or case
// falls under the post at organisation orgID ([Watched]): orgID's subtree,
// depth first, then, when orgID has organisations under it, its ancestors
// in the same unit, nearest first. A reader that keeps many records
// (zerend) reads just these organisations' findings and cases for a
// person's outcome. It is empty for an organisation the hierarchy does not
// know.
func WatchedOrganizations(h *responsibility.Hierarchy, orgID string) []string {
	sub, err := h.Subtree(orgID)
	if err != nil {
		return nil
	}
	out := make([]string, 0, len(sub))
	for _, o := range sub {
		out = append(out, o.GetId())
	}
	if len(sub) == 1 {
		return out // no organisation under it: only its own
	}
	o, _ := h.Organization(orgID)
	anc, _ := h.Ancestors(orgID)
	for _, a := range anc {
		if a.GetUnitId() == o.GetUnitId() {
			out = append(out, a.GetId())
		}
	}
	return out
}

func findingsUnder(h *responsibility.Hierarchy, orgID string, from, to time.Time, findings []*zerenv1.Finding) []string {
	var ids []string
	for _, f := range findings {
		at := f.GetFoundAt().AsTime()
		if f.GetFoundAt() == nil || at.Before(from) || !at.Before(to) || !Watched(h, orgID, f.GetOrganizationId()) {
			continue
		}
		ids = append(ids, f.GetId())
	}
	return ids
}

func day(t time.Time, loc *time.Location) string { return t.In(loc).Format("2006-01-02") }

// reviewDay is the instant a review's reviewee is checked on: the eve of
// held_until, else the review date, else the period's last instant (to is
// the period's exclusive end).
func reviewDay(rv *zerenv1.Review, to time.Time) time.Time {
	switch {
	case rv.GetHeldUntil() != nil:
		return rv.GetHeldUntil().AsTime().Add(-time.Nanosecond)
	case rv.GetReviewDate() != nil:
		return rv.GetReviewDate().AsTime()
	}
	return to.Add(-time.Nanosecond)
}

func (pl *Plan) check(rv *zerenv1.Review, path string, ids map[string]bool, found map[string]*zerenv1.Finding) (checked, []Problem) {
	h := pl.h
	loc := h.Location()
	var ps []Problem
	base := Problem{Record: "review", Path: path, ID: rv.GetId()}
	bad := func(code problem.Code, field, zh, en string) {
		q := base
		q.Code, q.Field, q.MessageZh, q.Message = code, field, zh, en
		ps = append(ps, q)
	}
	c := checked{rv: rv}
	if rv == nil {
		bad(problem.MissingField, "", "述职评议记录为空", "the review is empty")
		return c, ps
	}
	if rv.GetId() == "" || ids[rv.GetId()] {
		bad(problem.DuplicateID, "id", "述职评议编号不能为空且不能重复", "review ids must be present and unique")
	}
	ids[rv.GetId()] = true
	sc, ok := pl.schemes[rv.GetSchemeId()]
	if !ok {
		bad(problem.DanglingReference, "scheme_id", fmt.Sprintf("评议方案“%s”不在述职评议方案中", problem.Printable(rv.GetSchemeId())),
			fmt.Sprintf("scheme %q is not in the review plan", rv.GetSchemeId()))
	}
	c.sc = sc
	from, to, okPeriod := calendar.PeriodBounds(rv.GetPeriod(), loc)
	if !okPeriod {
		bad(problem.InvalidValue, "period", "评议期间无效", "the period is missing or invalid")
	}
	post, okPost := h.Post(rv.GetPostId())
	if !okPost {
		bad(problem.DanglingReference, "post_id", fmt.Sprintf("岗位“%s”不在组织架构中", problem.Printable(rv.GetPostId())), fmt.Sprintf("post %q is not in the structure", rv.GetPostId()))
	}
	c.post = post
	if okPost {
		org, _ := h.Organization(post.GetOrganizationId())
		c.unitID = org.GetUnitId()
		if rv.GetUnitId() != "" && rv.GetUnitId() != c.unitID {
			bad(problem.Conflict, "unit_id", fmt.Sprintf("岗位“%s”属于单位“%s”，不属于“%s”", post.GetId(), c.unitID, problem.Printable(rv.GetUnitId())),
				fmt.Sprintf("post %q belongs to unit %q, not %q", post.GetId(), c.unitID, rv.GetUnitId()))
		}
		if sc != nil {
			if post.GetPostKindId() != sc.pb.GetPostKindId() {
				bad(problem.Conflict, "post_id", fmt.Sprintf("岗位“%s”的类型是“%s”，评议方案“%s”评议的是“%s”", post.GetId(), post.GetPostKindId(), problem.Printable(sc.pb.GetId()), sc.pb.GetPostKindId()),
					fmt.Sprintf("post %q is a %q, but scheme %q reviews %q", post.GetId(), post.GetPostKindId(), sc.pb.GetId(), sc.pb.GetPostKindId()))
			}
			if kinds := sc.pb.GetUnitKinds(); len(kinds) > 0 {
				u, _ := h.Unit(c.unitID)
				if !slices.Contains(kinds, u.GetKind()) {
					bad(problem.Conflict, "scheme_id", fmt.Sprintf("评议方案“%s”不适用于单位“%s”（%s）", problem.Printable(sc.pb.GetId()), c.unitID, unitKindName(u.GetKind())),
						fmt.Sprintf("scheme %q does not apply to unit %q (%v)", sc.pb.GetId(), c.unitID, u.GetKind()))
				}
			}
		}
	}
	person, okPerson := h.Person(rv.GetPersonId())
	if !okPerson {
		where, whereEn := "", ""
		if okPost && okPeriod {
			d := day(reviewDay(rv, to), loc)
			where = fmt.Sprintf("（述职岗位“%s”，%s）", post.GetId(), d)
			whereEn = fmt.Sprintf(" (post %q, %s)", post.GetId(), d)
		}
		bad(problem.DanglingReference, "person_id", fmt.Sprintf("人员“%s”不在组织架构中%s", problem.Printable(rv.GetPersonId()), where), fmt.Sprintf("person %q is not in the structure%s", rv.GetPersonId(), whereEn))
	}
	if okPost && okPerson && okPeriod {
		ps = append(ps, pl.checkHolder(rv, base, post, person, from, to, &c)...)
	}
	for j, fid := range rv.GetComment().GetFindingIds() {
		if found[fid] == nil {
			bad(problem.DanglingReference, fmt.Sprintf("comment.finding_ids[%d]", j), fmt.Sprintf("点评引用的督查发现“%s”不存在", problem.Printable(fid)),
				fmt.Sprintf("the comment cites finding %q, which is not among the period's findings", fid))
		}
	}
	if sc != nil {
		for _, ap := range sc.scorer.Check(rv, path) {
			ps = append(ps, Problem{Code: ap.Code, Record: "ballot", Path: ap.Path, ID: rv.GetId(), Field: ap.Field, MessageZh: ap.MessageZh, Message: ap.Message})
		}
	}
	return c, ps
}

// checkHolder checks that the reviewee held the post on the review date and
// within the period, and sets the span and the acting mark.
func (pl *Plan) checkHolder(rv *zerenv1.Review, base Problem, post *zerenv1.Post, person *zerenv1.Person, from, to time.Time, c *checked) []Problem {
	h := pl.h
	loc := h.Location()
	var ps []Problem
	bad := func(code problem.Code, field, zh, en string) {
		q := base
		q.Code, q.Field, q.MessageZh, q.Message = code, field, zh, en
		ps = append(ps, q)
	}
	at, field := to.Add(-time.Nanosecond), "period"
	switch {
	case rv.GetHeldUntil() != nil:
		hu := rv.GetHeldUntil().AsTime()
		if !hu.After(from) || hu.After(to) {
			bad(problem.Conflict, "held_until", fmt.Sprintf("离任日期 %s 不在评议期间内", day(hu, loc)),
				fmt.Sprintf("held_until %s is not within the period", day(hu, loc)))
			return ps
		}
		at, field = hu.Add(-time.Nanosecond), "held_until"
	case rv.GetReviewDate() != nil:
		at, field = rv.GetReviewDate().AsTime(), "review_date"
	}
	holders, _ := h.Holders(post.GetId(), at)
	holders = slices.DeleteFunc(holders, func(x *zerenv1.Holder) bool {
		return x.GetAppointmentKind() == zerenv1.AppointmentKind_APPOINTMENT_KIND_DELEGATED
	})
	d := day(at, loc)
	var mine *zerenv1.Holder
	for _, x := range holders {
		if x.GetPersonId() == person.GetId() {
			mine = x
		}
	}
	switch {
	case len(holders) == 0:
		bad(problem.Conflict, "post_id", fmt.Sprintf("岗位“%s”在 %s 空缺，无人述职", post.GetId(), d),
			fmt.Sprintf("post %q is vacant on %s (%s): nobody to review", post.GetId(), d, field))
		return ps
	case mine == nil:
		bad(problem.Conflict, "person_id", fmt.Sprintf("%s（%s）在 %s 不是岗位“%s”的任职人，当日任职人是 %s（%s）", person.GetName(), person.GetId(), d, post.GetId(), holders[0].GetPersonName(), holders[0].GetPersonId()),
			fmt.Sprintf("%s (%s) does not hold post %q on %s (%s); the holder is %s (%s)", person.GetName(), person.GetId(), post.GetId(), d, field, holders[0].GetPersonName(), holders[0].GetPersonId()))
		return ps
	}
	c.acting = mine.GetAppointmentKind() == zerenv1.AppointmentKind_APPOINTMENT_KIND_ACTING
	if rv.GetActing() && !c.acting {
		bad(problem.Conflict, "acting", fmt.Sprintf("%s 在 %s 是岗位“%s”的正式任职人，不是代理", person.GetName(), d, post.GetId()),
			fmt.Sprintf("%s holds post %q on %s as regular holder, not acting", person.GetName(), post.GetId(), d))
	}
	tenures, _ := h.Tenures(post.GetId(), from, to)
	for _, t := range tenures {
		if t.GetPersonId() != person.GetId() || t.GetAppointmentKind() == zerenv1.AppointmentKind_APPOINTMENT_KIND_DELEGATED {
			continue
		}
		s, e := t.GetStart().AsTime(), t.GetEnd().AsTime()
		if c.from.IsZero() || s.Before(c.from) {
			c.from = s
		}
		if e.After(c.to) {
			c.to = e
		}
	}
	if c.from.IsZero() {
		bad(problem.Conflict, "person_id", fmt.Sprintf("%s 在评议期间内未任岗位“%s”", person.GetName(), post.GetId()),
			fmt.Sprintf("%s held post %q on no day of the period", person.GetName(), post.GetId()))
	}
	return ps
}

// unitKindName is a unit kind in Chinese, for messages.
func unitKindName(k zerenv1.UnitKind) string {
	switch k {
	case zerenv1.UnitKind_UNIT_KIND_DIRECT:
		return "市直单位"
	case zerenv1.UnitKind_UNIT_KIND_STATIONED:
		return "中央驻市单位"
	case zerenv1.UnitKind_UNIT_KIND_WORK_COMMITTEE:
		return "机关工委"
	case zerenv1.UnitKind_UNIT_KIND_OTHER:
		return "其他单位"
	}
	return "未分类单位"
}
