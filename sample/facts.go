package sample

import (
	"context"
	"fmt"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/checklist"
	"github.com/zerenlab/zeren/frameworks"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
	"github.com/zerenlab/zeren/unitfacts"
)

// AssessmentNow is the instant the 2026 assessment is run: 2027-01-11 09:00
// in [Location], after every 2026 deadline.
var AssessmentNow = time.Date(Year+1, time.January, 11, 9, 0, 0, 0, Location)

// finding and supervisionCase describe a unit's inspection findings and
// supervision cases for the year.
type finding struct {
	dim       zerenv1.Dimension
	sev       zerenv1.Severity
	self      bool
	concealed bool
	what      string
}

type supervisionCase struct {
	overdue int32
	yellow  bool
	what    string
}

// profile is how a unit did in 2026. Task ids are those of [Plan].
type profile struct {
	miss     map[string]int // task id → assignments not met, the latest first
	late     map[string]int // task id → assignments met after their due date, the earliest first
	metrics  map[string]float64
	business float64
	findings []finding
	cases    []supervisionCase
}

func profiles() map[string]profile {
	const (
		pol, ide, org, con, itg = zerenv1.Dimension_DIMENSION_POLITICAL, zerenv1.Dimension_DIMENSION_IDEOLOGICAL,
			zerenv1.Dimension_DIMENSION_ORGANIZATIONAL, zerenv1.Dimension_DIMENSION_CONDUCT, zerenv1.Dimension_DIMENSION_INTEGRITY
		minor, major, severe = zerenv1.Severity_SEVERITY_MINOR, zerenv1.Severity_SEVERITY_MAJOR, zerenv1.Severity_SEVERITY_SEVERE
	)
	m := func(study, std, fee float64, extra ...any) map[string]float64 {
		x := map[string]float64{"theory_study_rate": study, "branch_standardization_rate": std, "party_fee_rate": fee}
		for i := 0; i+1 < len(extra); i += 2 {
			x[extra[i].(string)] = extra[i+1].(float64)
		}
		return x
	}
	return map[string]profile{
		"sws": {miss: map[string]int{"T11": 1}, metrics: m(0.92, 1, 1, "brand_awards", 1.0), business: 85,
			findings: []finding{{org, minor, true, false, "党员教育管理台账不完整（已自查整改）"}}},
		"czj": {late: map[string]int{"T07": 1, "T20": 1}, metrics: m(0.95, 1, 1, "experience_adopted", 1.0), business: 90},
		// 市民政局 and 市审计局 end tied on score; 市审计局 has the better review.
		"mzj": {miss: map[string]int{"T34": 1}, metrics: m(0.9, 0.5, 1), business: 86,
			findings: []finding{{org, minor, true, false, "党支部换届资料归档不及时（已自查整改）"}}},
		"sjj": {miss: map[string]int{"T34": 1}, metrics: m(0.9, 0.5, 1), business: 86,
			findings: []finding{{org, minor, true, false, "“三会一课”记录不够规范（已自查整改）"}}},
		"fgw": {miss: map[string]int{"T10": 2, "T28": 1}, late: map[string]int{"T06": 1, "T22": 2}, metrics: m(0.93, 0.75, 1, "experience_adopted", 1.0), business: 94,
			findings: []finding{{ide, minor, false, false, "中心组学习研讨不够深入"}}},
		"jyj": {miss: map[string]int{"T20": 2, "T34": 1}, late: map[string]int{"T07": 1, "T19": 2}, metrics: m(0.9, 0.67, 0.99), business: 88,
			findings: []finding{{org, minor, false, false, "个别支部主题党日内容单一"}}},
		"wjw": {miss: map[string]int{"T22": 3, "T28": 1}, late: map[string]int{"T06": 1, "T21": 1}, metrics: m(0.88, 0.67, 1), business: 91,
			findings: []finding{{con, minor, false, false, "会议文件精简不到位"}}},
		"zrzyj": {miss: map[string]int{"T01": 2, "T11": 1}, metrics: m(0.86, 0.67, 0.98), business: 85,
			findings: []finding{{pol, minor, false, false, "请示报告不够及时"}, {org, minor, false, false, "党员发展程序不够规范"}},
			cases:    []supervisionCase{{overdue: 1, what: "党员发展程序整改超期"}}},
		"rsj": {miss: map[string]int{"T01": 4, "T02": 6, "T10": 3, "T19": 4, "T20": 8, "T21": 3, "T22": 4, "T30": 3, "T34": 1, "T46": 2, "T53": 2, "T55": 1}, late: map[string]int{"T07": 2, "T06": 1}, metrics: m(0.85, 0.67, 0.97), business: 82,
			findings: []finding{{org, major, false, false, "党支部组织生活会流于形式"}, {con, minor, false, false, "调研走过场"}},
			cases:    []supervisionCase{{overdue: 1, what: "组织生活会整改超期"}}},
		// 市交通运输局: a good year, but a severe integrity case.
		"jtj": {miss: map[string]int{"T11": 1, "T29": 1}, metrics: m(0.92, 1, 1), business: 89,
			findings: []finding{{itg, severe, false, false, "下属单位负责人严重违纪违法被立案审查"}}},
		// 市住房城乡建设局: the weak unit.
		"zjj": {miss: map[string]int{"T01": 3, "T10": 3, "T19": 3, "T20": 4, "T22": 2, "T30": 2, "T34": 1, "T28": 2, "T46": 2, "T53": 2},
			late:     map[string]int{"T07": 1, "T06": 1},
			metrics:  m(0.78, 0.33, 0.94, "ideology_circulars", 1.0),
			business: 78,
			findings: []finding{
				{pol, major, false, false, "“第一议题”学习后贯彻落实措施不具体"},
				{org, major, false, false, "两个党支部未按期换届"},
				{itg, major, false, true, "廉政风险排查问题未如实报告（瞒报）"},
			},
			cases: []supervisionCase{{overdue: 2, yellow: true, what: "党支部换届整改超期"}, {overdue: 1, what: "廉政风险排查整改超期"}}},
	}
}

// hierarchy2026 is 示例市 under 三级五岗, built once.
var hierarchy2026 = func() *responsibility.Hierarchy {
	h, err := responsibility.New(frameworks.SanjiWugang(), Structure(), responsibility.WithLocation(Location))
	if err != nil {
		panic(fmt.Sprintf("sample: the embedded structure does not validate: %v", err))
	}
	return h
}()

// Input2026 returns what 示例市's OA keeps about 2026, as package unitfacts
// reads it: the assignments of the decomposed [Plan] (checklist.Decompose),
// the progress reported on them, the inspection findings and supervision
// cases of the year, the custom metrics (theory_study_rate,
// branch_standardization_rate, party_fee_rate, brand_awards,
// experience_adopted, ideology_circulars) and the business scores from
// 绩效考核, for the year 2026 as of [AssessmentNow].
//
// The progress is generated deterministically from per-unit profiles: every
// assignment is reported met five days before its due date, except those a
// unit's profile lists as missed (reported short of the target on the due
// date) or late (met eight days after it). One unit is clearly weak
// ([WeakUnitID]), one is vetoed ([VetoUnitID]), two are tied at the quota
// boundary ([TiedUnitA], [TiedUnitB]). Each call returns new values.
func Input2026() unitfacts.Input {
	h := hierarchy2026
	p, err := checklist.NewPlan(Plan(), h)
	if err != nil {
		panic(fmt.Sprintf("sample: the embedded plan does not validate: %v", err))
	}
	d, err := checklist.Decompose(context.Background(), p)
	if err != nil {
		panic(fmt.Sprintf("sample: decompose the embedded plan: %v", err))
	}
	in := unitfacts.Input{
		Period: &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_YEAR, Year: Year},
		AsOf:   AssessmentNow, Plan: Plan(), Assignments: d.Assignments,
		Metrics: map[string]map[string]float64{}, BusinessScores: map[string]float64{},
	}
	profs := profiles()
	// The n-th assignment of a task at a unit, in decomposition order.
	seen := map[string]int{}
	count := map[string]int{}
	unitOf := func(a *zerenv1.Assignment) string {
		o, _ := h.Organization(a.GetOrganizationId())
		return o.GetUnitId()
	}
	for _, a := range d.Assignments {
		count[unitOf(a)+"/"+a.GetTaskId()]++
	}
	for _, a := range d.Assignments {
		u := unitOf(a)
		key := u + "/" + a.GetTaskId()
		i := seen[key]
		seen[key]++
		prof := profs[u]
		due := a.GetDue().AsTime()
		at, value := due.AddDate(0, 0, -5), a.GetTarget()
		switch c := a.GetComparison(); {
		case i >= count[key]-prof.miss[a.GetTaskId()]:
			at = due
			if c == zerenv1.Comparison_COMPARISON_AT_MOST {
				value = a.GetTarget() + 1
			} else {
				value = max(a.GetTarget()-1, 0)
			}
		case i < prof.late[a.GetTaskId()]:
			at = due.AddDate(0, 0, 8)
		case c == zerenv1.Comparison_COMPARISON_AT_MOST || c == zerenv1.Comparison_COMPARISON_EQUAL:
			at = due // such measures hold only on a report on or after the due day
		}
		in.Progress = append(in.Progress, &zerenv1.ProgressRecord{
			AssignmentId: a.GetId(), Value: value, At: timestamppb.New(at.Add(10 * time.Hour)), ReportedBy: a.GetPersonId(),
		})
	}
	for u := range h.Units() {
		prof, ok := profs[u.GetId()]
		if !ok {
			continue
		}
		in.Metrics[u.GetId()] = prof.metrics
		in.BusinessScores[u.GetId()] = prof.business
		top := u.GetId() + "-pg"
		for i, fd := range prof.findings {
			in.Findings = append(in.Findings, &zerenv1.Finding{
				Id: fmt.Sprintf("F-%s-%d", u.GetId(), i+1), InspectionId: fmt.Sprintf("I-%d-%s", Year, u.GetId()),
				OrganizationId: top, Dimension: fd.dim, Description: fd.what, Severity: fd.sev,
				FoundAt:      timestamppb.New(time.Date(Year, time.October, 15+i, 0, 0, 0, 0, Location)),
				SelfReported: fd.self, Concealed: fd.concealed,
			})
		}
		for i, c := range prof.cases {
			opened := time.Date(Year, time.October, 20, 0, 0, 0, 0, Location)
			in.Cases = append(in.Cases, &zerenv1.SupervisionCase{
				Id: fmt.Sprintf("C-%s-%d", u.GetId(), i+1), Title: fmt.Sprintf("关于%s%s的督办通知", u.GetShortName(), c.what),
				Source: zerenv1.CaseSource_CASE_SOURCE_FINDING, OrganizationId: top, LeadUnitId: u.GetId(),
				OpenedAt: timestamppb.New(opened), Deadline: timestamppb.New(opened.AddDate(0, 0, 30)),
				Urgency: zerenv1.Urgency_URGENCY_NORMAL, YellowCard: c.yellow, OverdueCount: c.overdue,
				State: zerenv1.CaseState_CASE_STATE_RECTIFYING,
			})
		}
	}
	return in
}

// Facts2026 returns the facts of each unit assessed in 2026 — the eleven
// units other than the 工委, in unit order — built by unitfacts.Build from
// [Input2026] as of [AssessmentNow]: the unit and its organisations; every
// assignment of the decomposed [Plan] at the unit's organisations, with its
// progress, dimension and tags; the inspection findings and supervision
// cases of the year; the custom metrics and the business score; the period
// (the year 2026) and "now". These are the facts zerend builds from the
// same records. The same call always returns the same facts; each call
// returns new values.
func Facts2026() []*zerenv1.UnitFacts {
	facts, err := unitfacts.Build(context.Background(), hierarchy2026, Input2026())
	if err != nil {
		panic(fmt.Sprintf("sample: build the 2026 facts: %v", err))
	}
	return facts
}

// Hierarchy returns 示例市 ([Structure]) under the 三级五岗 framework in
// [Location], the hierarchy the sample's plan and facts are built against.
// The hierarchy is immutable and shared.
func Hierarchy() *responsibility.Hierarchy { return hierarchy2026 }
