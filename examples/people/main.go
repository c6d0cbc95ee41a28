// Command people shows what 2026 meant for the two 党组书记 of 示例市财政局
// — 周启明, who handed over on 1 July, and 叶思远, who took over — and carries
// the 约谈 of 住建局's 党组书记 through to its 回头看.
//
// It scores the year, the 述职评议 at every level of the sample's review
// plan (including the stationed unit's 专项述职评议), computes each person's
// outcome, evaluates the eligibility rules over it, and runs the talk loop:
// the decision opens the talk, the commitments become supervision cases,
// the 回头看 falls due, and the talk closes once the cases do.
//
//	go run ./examples/people
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/accountability"
	"github.com/zerenlab/zeren/assessment"
	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/cel"
	"github.com/zerenlab/zeren/checklist/supervision"
	"github.com/zerenlab/zeren/people"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
	"github.com/zerenlab/zeren/sample"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func date(t time.Time) string { return t.In(sample.Location).Format("2006-01-02") }

func run(w io.Writer) error {
	ctx := context.Background()
	h := sample.Hierarchy()
	env, err := cel.NewEnv(cel.WithLocation(sample.Location))
	if err != nil {
		return err
	}
	eng, err := assessment.New(ctx, sample.IndicatorSystem(), env)
	if err != nil {
		return err
	}
	facts := sample.Facts2026()
	run, err := eng.Run(ctx, facts, assessment.WithReviews(sample.Reviews2026()...))
	if err != nil {
		return err
	}
	in := sample.Input2026()

	// 述职评议 at every level.
	plan, err := people.NewPlan(sample.ReviewPlan2026(), h)
	if err != nil {
		return err
	}
	reviews, err := plan.Score(sample.PostReviews2026(), in.Findings)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "一、%s\n", sample.ReviewPlan2026().GetName())
	for _, r := range reviews {
		sc, _ := plan.Scheme(r.GetSchemeId())
		p, _ := h.Person(r.GetPersonId())
		acting := ""
		if r.GetActing() {
			acting = "（代理）"
		}
		fmt.Fprintf(w, "  · %s — %s%s，%s 至 %s：%.2f 分，满意度 %.2f%%", sc.GetName(), p.GetName(), acting,
			date(r.GetFrom().AsTime()), date(r.GetTo().AsTime().Add(-time.Nanosecond)), r.GetScore(), r.GetSatisfaction())
		if len(r.GetFindingIds()) > 0 {
			fmt.Fprintf(w, "，督查发现 %s", strings.Join(r.GetFindingIds(), "、"))
		}
		fmt.Fprintln(w)
		if c := r.GetComment(); c != nil {
			fmt.Fprintf(w, "      点评（%s）：%s", c.GetAuthor(), c.GetText())
			if len(c.GetFindingIds()) > 0 {
				fmt.Fprintf(w, "〔依据 %s〕", strings.Join(c.GetFindingIds(), "、"))
			}
			fmt.Fprintln(w)
		}
	}

	// Proposals, one decided 约谈 for the rotated post.
	prop, err := accountability.New(env, h, sample.Triggers())
	if err != nil {
		return err
	}
	proposals, _, err := prop.Propose(ctx, facts, run.Results)
	if err != nil {
		return err
	}
	talkProp := slices.IndexFunc(proposals, func(p *zerenv1.Proposal) bool { return p.GetId() == sample.Talk2026().GetProposalId() })
	if talkProp < 0 {
		return fmt.Errorf("the sample's 约谈 proposal %q was not proposed", sample.Talk2026().GetProposalId())
	}
	decided := proposals[talkProp]
	decided.Status, decided.DecidedBy = zerenv1.ProposalStatus_PROPOSAL_STATUS_CONFIRMED, "市直机关工委"
	decided.DecidedAt = timestamppb.New(time.Date(2027, 2, 1, 0, 0, 0, 0, sample.Location))

	rules, err := people.NewRules(env, sample.EligibilityRules2026())
	if err != nil {
		return err
	}
	rec := people.Record{Results: run.Results, Reviews: reviews, Findings: in.Findings, Cases: in.Cases,
		Proposals: proposals, GradeName: eng.GradeName}
	fmt.Fprintf(w, "\n二、%s党组书记的年度画像（期中轮换）\n", unitName(h, sample.RotationUnitID))
	for _, id := range []string{sample.RotationOldSecretaryID, sample.RotationNewSecretaryID} {
		o, err := people.Outcome(h, id, &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_YEAR, Year: sample.Year}, rec)
		if err != nil {
			return err
		}
		o.Eligibility = rules.Evaluate(ctx, o)
		printOutcome(w, h, o)
	}

	// The 约谈 loop.
	cal, err := calendar.New(sample.Calendar(), sample.Location)
	if err != nil {
		return err
	}
	talk, cases, err := people.OpenTalk(h, decided, people.SpecOf(sample.Talk2026(), "市直机关工委"), cal)
	if err != nil {
		return err
	}
	who, _ := h.Person(talk.GetPersonId())
	fmt.Fprintf(w, "\n三、约谈：%s %s（%s）\n", date(talk.GetHeldAt().AsTime()), who.GetName(), unitName(h, "zjj"))
	fmt.Fprintf(w, "  约谈人：%s\n", strings.Join(talk.GetTalkers(), "、"))
	for _, p := range talk.GetPoints() {
		fmt.Fprintf(w, "  指出问题：%s\n", p)
	}
	for _, c := range talk.GetCommitments() {
		fmt.Fprintf(w, "  整改承诺 %s：%s（时限 %s，督办单 %s）\n", c.GetId(), c.GetText(), date(c.GetDeadline().AsTime()), c.GetCaseId())
	}
	fmt.Fprintf(w, "  回头看：%s\n", date(talk.GetFollowUpAt().AsTime()))
	for i, at := range []time.Time{time.Date(2027, 3, 25, 0, 0, 0, 0, sample.Location), time.Date(2027, 4, 28, 0, 0, 0, 0, sample.Location)} {
		for _, s := range []zerenv1.CaseState{zerenv1.CaseState_CASE_STATE_RECTIFYING, zerenv1.CaseState_CASE_STATE_SUBMITTED,
			zerenv1.CaseState_CASE_STATE_VERIFIED, zerenv1.CaseState_CASE_STATE_CLOSED} {
			if cases[i], err = supervision.Transition(cases[i], s, supervision.Event{At: at, Actor: "市直机关工委"}); err != nil {
				return err
			}
		}
		fmt.Fprintf(w, "  %s 督办单 %s %s\n", date(at), cases[i].GetId(), supervision.StateName(cases[i].GetState()))
	}
	due, _ := people.FollowUp(talk, time.Date(2027, 6, 1, 0, 0, 0, 0, sample.Location), "市直机关工委")
	fmt.Fprintf(w, "  2027-06-01 %s\n", people.TalkStateName(due.GetState()))
	closed, err := people.Close(due, cases, time.Date(2027, 6, 1, 0, 0, 0, 0, sample.Location), "市直机关工委", "回头看：承诺事项均已办结")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  2027-06-01 %s\n", people.TalkStateName(closed.GetState()))
	return nil
}

func unitName(h *responsibility.Hierarchy, id string) string {
	u, _ := h.Unit(id)
	return u.GetShortName()
}

func printOutcome(w io.Writer, h *responsibility.Hierarchy, o *zerenv1.PersonOutcome) {
	fmt.Fprintf(w, "  %s\n", o.GetPersonName())
	for _, p := range o.GetPosts() {
		post, _ := h.Post(p.GetPostId())
		end := ""
		if p.GetAtPeriodEnd() {
			end = "，期末在岗"
		}
		fmt.Fprintf(w, "    任职：%s%s %s 至 %s（%d 天%s）\n", unitName(h, p.GetUnitId()), post.GetTitle(),
			date(p.GetStart().AsTime()), date(p.GetEnd().AsTime().Add(-time.Nanosecond)), p.GetDays(), end)
	}
	for _, g := range o.GetUnitGrades() {
		fmt.Fprintf(w, "    单位等次：%s %d年度 %s（%.2f 分；任内 %d 天）\n", unitName(h, g.GetUnitId()), g.GetPeriod().GetYear(), g.GetGradeName(), g.GetScore(), g.GetTenureDays())
	}
	for _, r := range o.GetReviews() {
		fmt.Fprintf(w, "    述职评议：%s %.2f 分，满意度 %.2f%%\n", r.GetReviewId(), r.GetScore(), r.GetSatisfaction())
	}
	fmt.Fprintf(w, "    督查发现：%s；督办：%s\n", listOr(o.GetFindingIds()), listOr(o.GetCaseIds()))
	for _, p := range o.GetProposals() {
		as := "本人"
		if p.GetAsPredecessor() {
			as = "前任（期内在岗）"
		}
		fmt.Fprintf(w, "    问责建议：%s %s〔%s〕%s\n", p.GetProposalId(), accountability.MeasureName(p.GetMeasure(), ""), as, p.GetStatus())
	}
	if len(o.GetProposals()) == 0 {
		fmt.Fprintln(w, "    问责建议：无")
	}
	for _, e := range o.GetEligibility() {
		fmt.Fprintf(w, "    %s：%s\n", e.GetRuleName(), yesNo(e.GetMet()))
	}
}

func listOr(ids []string) string {
	if len(ids) == 0 {
		return "无"
	}
	return strings.Join(ids, "、")
}

func yesNo(b bool) string {
	if b {
		return "符合"
	}
	return "不符合"
}
