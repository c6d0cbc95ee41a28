package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/zerenlab/zeren/accountability"
	"github.com/zerenlab/zeren/assessment"
	"github.com/zerenlab/zeren/cel"
	"github.com/zerenlab/zeren/people"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/proto/zeren/v1/zerenv1connect"
	"github.com/zerenlab/zeren/responsibility"
	"github.com/zerenlab/zeren/sample"
)

var personCommand = &command{
	name:       "zeren person",
	synopsisZh: "zeren person [-person 人员] [-year 年度] [-server 地址 [-run 考核批次] [-rules 规则集]] [-format text|json] [-lang zh|en]",
	synopsis:   "zeren person [-person ID] [-year N] [-server URL [-run ID] [-rules ID]] [-format text|json] [-lang zh|en]",
	aboutZh: `打印一名干部一年的情况（个人年度画像）：任职岗位及起止日期、所领导单位的等次、述职评议、
任期内所辖组织的督查发现和督办事项、针对本人的问责建议及处理、谈话记录，以及评先评优、干部考核资格规则的结果。
不给 -server 时按示例市计算。`,
	about: `Prints a person's outcome for a year: the posts held with dates, the grades
of the units led, the 述职评议, the findings and cases on their watch, the
proposals addressed to them, the talks and the eligibility rules (评先评优、干部考核).
Without -server it is computed over 示例市.`,
	flagsZh: map[string]string{
		"person": "人员编号；默认周启明（示例市财政局原党组书记）",
		"year":   "年度",
		"server": "向该 zerend 地址查询（GetPersonOutcome），令牌取自环境变量 ZEREN_TOKEN；默认按示例市计算",
		"run":    "与 -server 同用：显示哪一次考核的等次",
		"rules":  "与 -server 同用：计算哪一套资格规则",
		"format": "text 或 json（zeren.v1.PersonOutcome）",
		"lang":   "消息的语言：zh 或 en（环境变量 ZEREN_LANG）",
	},
	examples: []string{
		"zeren person",
		"zeren person -person p-czj-02 -lang en",
		"zeren person -server https://zerend.example -run sz-2026/2026 -format json",
	},
	exitZh: "0 正常；1 输入有问题；2 用法错误或无法读取输入。",
	exit:   "0 ok; 1 the input has problems; 2 usage error or unreadable input.",
}

// runPerson prints what a period meant for one person (个人年度画像): from a
// zerend server (-server), or computed over 示例市.
func runPerson(ctx context.Context, args []string, env Env) int {
	const cmd = "zeren person"
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	l := langFlag(fs, env)
	person := fs.String("person", sample.RotationOldSecretaryID, "the person's id; default 周启明, 示例市财政局's outgoing 党组书记")
	year := fs.Int("year", sample.Year, "the calendar year")
	server := fs.String("server", "", "a zerend URL to ask (GetPersonOutcome), with the token in $ZEREN_TOKEN; default: compute over 示例市")
	runID := fs.String("run", "", "with -server: the assessment run whose grades to show")
	rulesID := fs.String("rules", "", "with -server: the eligibility rule set to evaluate")
	format := fs.String("format", "text", "text or json (zeren.v1.PersonOutcome)")
	lg, code, ok := parse(personCommand, fs, l, args, env)
	if !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "%s: unexpected arguments %q\n", cmd, fs.Args())
		return ExitUsage
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(env.Stderr, "%s: -format %q: %s\n", cmd, *format, lg.t("应为 text 或 json", "want text or json"))
		return ExitUsage
	}
	period := &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_YEAR, Year: int32(*year)}
	var o *zerenv1.PersonOutcome
	h := sample.Hierarchy()
	if *server != "" {
		c := zerenv1connect.NewPeopleServiceClient(http.DefaultClient, strings.TrimRight(*server, "/"),
			connect.WithInterceptors(connect.UnaryInterceptorFunc(func(next connect.UnaryFunc) connect.UnaryFunc {
				return func(ctx context.Context, r connect.AnyRequest) (connect.AnyResponse, error) {
					if tok := env.Getenv("ZEREN_TOKEN"); tok != "" {
						r.Header().Set("Authorization", "Bearer "+tok)
					}
					return next(ctx, r)
				}
			})))
		resp, err := c.GetPersonOutcome(ctx, connect.NewRequest(&zerenv1.GetPersonOutcomeRequest{PersonId: *person, Period: period, RunId: *runID, RulesId: *rulesID}))
		if err != nil {
			fmt.Fprintf(env.Stderr, "%s: %v\n", cmd, err)
			return ExitProblems
		}
		o, h = resp.Msg.GetOutcome(), nil
	} else {
		var err error
		if o, err = sampleOutcome(ctx, *person, period); err != nil {
			return fail(env, lg, cmd, err)
		}
	}
	if *format == "json" {
		js, err := protojson.MarshalOptions{Multiline: true, Indent: "  "}.Marshal(o)
		if err != nil {
			return fail(env, lg, cmd, err)
		}
		fmt.Fprintln(env.Stdout, string(js))
		return ExitOK
	}
	renderOutcome(env.Stdout, o, h, lg)
	return ExitOK
}

// sampleOutcome computes a person's outcome over 示例市's year: the
// assessment, the 述职评议 of the review plan, the proposals and the
// eligibility rules.
func sampleOutcome(ctx context.Context, personID string, period *zerenv1.Period) (*zerenv1.PersonOutcome, error) {
	h := sample.Hierarchy()
	env, err := cel.NewEnv(cel.WithLocation(sample.Location))
	if err != nil {
		return nil, err
	}
	eng, err := assessment.New(ctx, sample.IndicatorSystem(), env)
	if err != nil {
		return nil, err
	}
	facts := sample.Facts2026()
	run, err := eng.Run(ctx, facts, assessment.WithReviews(sample.Reviews2026()...))
	if err != nil {
		return nil, err
	}
	in := sample.Input2026()
	plan, err := people.NewPlan(sample.ReviewPlan2026(), h)
	if err != nil {
		return nil, err
	}
	reviews, err := plan.Score(sample.PostReviews2026(), in.Findings)
	if err != nil {
		return nil, err
	}
	p, err := accountability.New(env, h, sample.Triggers())
	if err != nil {
		return nil, err
	}
	proposals, _, err := p.Propose(ctx, facts, run.Results)
	if err != nil {
		return nil, err
	}
	rules, err := people.NewRules(env, sample.EligibilityRules2026())
	if err != nil {
		return nil, err
	}
	o, err := people.Outcome(h, personID, period, people.Record{Results: run.Results, Reviews: reviews, Findings: in.Findings,
		Cases: in.Cases, Proposals: proposals, GradeName: eng.GradeName})
	if err != nil {
		return nil, err
	}
	o.Eligibility = rules.Evaluate(ctx, o)
	return o, nil
}

// renderOutcome prints an outcome; h, when known, names posts and units.
func renderOutcome(w io.Writer, o *zerenv1.PersonOutcome, h *responsibility.Hierarchy, lg lang) {
	day := func(t time.Time) string { return t.In(sample.Location).Format("2006-01-02") }
	name := func(kind, id string) string {
		if h == nil {
			return id
		}
		switch kind {
		case "unit":
			if u, ok := h.Unit(id); ok {
				return u.GetShortName()
			}
		case "post":
			if p, ok := h.Post(id); ok && p.GetTitle() != "" {
				return p.GetTitle()
			}
		}
		return id
	}
	fmt.Fprintf(w, lg.t("%s（%s）%d年度\n", "%s (%s), %d\n"), o.GetPersonName(), o.GetPersonId(), o.GetPeriod().GetYear())
	for _, p := range o.GetPosts() {
		mark := ""
		switch p.GetAppointmentKind() {
		case zerenv1.AppointmentKind_APPOINTMENT_KIND_ACTING:
			mark = lg.t("，代理", ", acting")
		case zerenv1.AppointmentKind_APPOINTMENT_KIND_DELEGATED:
			mark = lg.t("，委托", ", delegated")
		}
		if p.GetAtPeriodEnd() {
			mark += lg.t("，期末在岗", ", in post at the period's end")
		}
		fmt.Fprintf(w, lg.t("  任职  %s %s  %s 至 %s（%d 天%s）\n", "  post     %s %s  %s to %s (%d days%s)\n"), name("unit", p.GetUnitId()), name("post", p.GetPostId()),
			day(p.GetStart().AsTime()), day(p.GetEnd().AsTime().Add(-time.Nanosecond)), p.GetDays(), mark)
	}
	for _, g := range o.GetUnitGrades() {
		fmt.Fprintf(w, lg.t("  等次  %s %d年度 %s（%.2f 分，任内 %d 天）\n", "  grade    %s %d %s (%.2f, %d days in post)\n"), name("unit", g.GetUnitId()), g.GetPeriod().GetYear(), g.GetGradeName(), g.GetScore(), g.GetTenureDays())
	}
	for _, r := range o.GetReviews() {
		acting := ""
		if r.GetActing() {
			acting = lg.t("（代理）", " (acting)")
		}
		scheme := r.GetSchemeName()
		if scheme == "" {
			scheme = r.GetSchemeId()
		}
		fmt.Fprintf(w, lg.t("  述职  %s %s%s：%.2f 分，满意度 %.2f%%\n", "  review   %s %s%s: %.2f, satisfaction %.2f%%\n"), r.GetReviewId(), scheme, acting, r.GetScore(), r.GetSatisfaction())
	}
	list := func(ids []string) string {
		if len(ids) == 0 {
			return lg.t("无", "none")
		}
		return strings.Join(ids, lg.t("、", ", "))
	}
	fmt.Fprintf(w, lg.t("  督查发现  %s\n  督办  %s\n", "  findings %s\n  cases    %s\n"), list(o.GetFindingIds()), list(o.GetCaseIds()))
	for _, p := range o.GetProposals() {
		as := ""
		if p.GetAsPredecessor() {
			as = lg.t("（前任，期内在岗）", " (as predecessor)")
		}
		fmt.Fprintf(w, lg.t("  问责建议  %s %s%s：%s\n", "  proposal %s %s%s: %s\n"), p.GetProposalId(), accountability.MeasureName(p.GetMeasure(), ""), as, p.GetStatus())
	}
	if len(o.GetTalkIds()) > 0 {
		fmt.Fprintf(w, lg.t("  谈话  %s\n", "  talks    %s\n"), list(o.GetTalkIds()))
	}
	for _, e := range o.GetEligibility() {
		v := lg.t("符合", "met")
		switch {
		case e.GetError() != "":
			v = lg.t("无法判断："+e.GetErrorZh(), "could not be evaluated: "+e.GetError())
		case !e.GetMet():
			v = lg.t("不符合", "not met")
		}
		fmt.Fprintf(w, "  %s  %s: %s\n", e.GetRuleId(), e.GetRuleName(), v)
	}
}
