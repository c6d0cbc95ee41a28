package sample

import (
	"fmt"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// AssessmentNow is the instant the 2026 assessment is run: 2027-01-11 09:00
// in [Location], after every 2026 deadline.
var AssessmentNow = time.Date(Year+1, time.January, 11, 9, 0, 0, 0, Location)

// factTask is one task of the 2026 任务清单 as far as the assessment facts
// need it: the indicators of [IndicatorSystem] select assignments by task
// id.
type factTask struct {
	id, title string
	level     string // level of the organisations it applies to
	kind      zerenv1.PeriodKind
	target    float64
	cmp       zerenv1.Comparison
}

func factTasks() []factTask {
	const (
		pg, oc, br = "party-group", "organ-committee", "branch"
		y, h, q    = zerenv1.PeriodKind_PERIOD_KIND_YEAR, zerenv1.PeriodKind_PERIOD_KIND_HALF, zerenv1.PeriodKind_PERIOD_KIND_QUARTER
		atLeast    = zerenv1.Comparison_COMPARISON_AT_LEAST
		done       = zerenv1.Comparison_COMPARISON_DONE
	)
	return []factTask{
		{"T01", "落实“第一议题”制度", pg, q, 3, atLeast},
		{"T02", "重大事项请示报告", pg, h, 1, done},
		{"T03", "贯彻落实中央和市委决策部署情况报告", pg, y, 1, done},
		{"T04", "党组理论学习中心组学习", pg, q, 2, atLeast},
		{"T05", "青年理论学习小组学习", oc, q, 1, atLeast},
		{"T06", "落实“三会一课”制度", br, q, 3, atLeast},
		{"T07", "开展主题党日活动", br, q, 3, atLeast},
		{"T08", "作风效能建设专项行动", oc, h, 1, done},
		{"T09", "机关联系基层、干部联系群众“双联系”", pg, q, 1, atLeast},
		{"T10", "党务干部培训", oc, y, 2, atLeast},
		{"T11", "工会、共青团、妇委会工作", oc, h, 1, done},
		{"T12", "“模范机关”创建", oc, y, 1, done},
		{"T13", "党建与业务同谋划同部署", pg, h, 1, done},
		{"T14", "打造党建特色品牌", oc, y, 1, done},
	}
}

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

// profile is how a unit did in 2026.
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
		"sws": {miss: map[string]int{"T05": 1}, metrics: m(0.92, 1, 1, "brand_awards", 1.0), business: 85,
			findings: []finding{{org, minor, true, false, "党员教育管理台账不完整（已自查整改）"}}},
		"czj": {late: map[string]int{"T02": 1}, metrics: m(0.95, 1, 1, "experience_adopted", 1.0), business: 90},
		// 市民政局 and 市审计局 end tied on score; 市审计局 has the better review.
		"mzj": {miss: map[string]int{"T09": 1}, metrics: m(0.9, 0.5, 1), business: 86,
			findings: []finding{{org, minor, true, false, "党支部换届资料归档不及时（已自查整改）"}}},
		"sjj": {miss: map[string]int{"T09": 1}, metrics: m(0.9, 0.5, 1), business: 86,
			findings: []finding{{org, minor, true, false, "“三会一课”记录不够规范（已自查整改）"}}},
		"fgw": {miss: map[string]int{"T04": 1, "T13": 1}, late: map[string]int{"T03": 1}, metrics: m(0.93, 0.75, 1, "experience_adopted", 1.0), business: 94,
			findings: []finding{{ide, minor, false, false, "中心组学习研讨不够深入"}}},
		"jyj": {miss: map[string]int{"T06": 1, "T09": 1}, late: map[string]int{"T02": 1}, metrics: m(0.9, 0.67, 0.99), business: 88,
			findings: []finding{{org, minor, false, false, "个别支部主题党日内容单一"}}},
		"wjw": {miss: map[string]int{"T07": 2, "T13": 1}, late: map[string]int{"T03": 1}, metrics: m(0.88, 0.67, 1), business: 91,
			findings: []finding{{con, minor, false, false, "会议文件精简不到位"}}},
		"zrzyj": {miss: map[string]int{"T01": 1, "T05": 1}, metrics: m(0.86, 0.67, 0.98), business: 85,
			findings: []finding{{pol, minor, false, false, "请示报告不够及时"}, {org, minor, false, false, "党员发展程序不够规范"}},
			cases:    []supervisionCase{{overdue: 1, what: "党员发展程序整改超期"}}},
		"rsj": {miss: map[string]int{"T01": 1, "T06": 2, "T11": 1, "T12": 1}, late: map[string]int{"T02": 1}, metrics: m(0.85, 0.67, 0.97), business: 82,
			findings: []finding{{org, major, false, false, "党支部组织生活会流于形式"}, {con, minor, false, false, "调研走过场"}},
			cases:    []supervisionCase{{overdue: 1, what: "组织生活会整改超期"}}},
		// 市交通运输局: a good year, but a severe integrity case.
		"jtj": {miss: map[string]int{"T05": 1, "T14": 1}, metrics: m(0.92, 1, 1), business: 89,
			findings: []finding{{itg, severe, false, false, "下属单位负责人严重违纪违法被立案审查"}}},
		// 市住房城乡建设局: the weak unit.
		"zjj": {miss: map[string]int{"T01": 1, "T04": 1, "T06": 2, "T07": 1, "T09": 1, "T13": 1},
			late:     map[string]int{"T02": 1},
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

// periodsOf returns the periods of a kind in the year, with each period's
// due date: the last day of the period, in Location.
func periodsOf(kind zerenv1.PeriodKind) ([]*zerenv1.Period, []time.Time) {
	n := map[zerenv1.PeriodKind]int{zerenv1.PeriodKind_PERIOD_KIND_YEAR: 1,
		zerenv1.PeriodKind_PERIOD_KIND_HALF: 2, zerenv1.PeriodKind_PERIOD_KIND_QUARTER: 4}[kind]
	var ps []*zerenv1.Period
	var dues []time.Time
	for i := 1; i <= n; i++ {
		ps = append(ps, &zerenv1.Period{Kind: kind, Year: Year, Index: int32(i)})
		end := time.Date(Year, time.Month(12/n*i+1), 1, 0, 0, 0, 0, Location)
		dues = append(dues, end.AddDate(0, 0, -1))
	}
	return ps, dues
}

// Facts2026 returns the facts of each unit assessed in 2026 — the eleven
// units other than the 工委, in unit order — as the OA would hand them to
// the assessment: the unit and its organisations; the assignments of
// fourteen tasks (T01–T14, the subset of the 任务清单 the indicators read)
// at the organisations of their level, each period's assignment bound to the
// post and to the person holding it on its due date; the inspection
// findings and supervision cases of the year; the custom metrics
// (theory_study_rate, branch_standardization_rate, party_fee_rate,
// brand_awards, experience_adopted, ideology_circulars); the business score
// from 绩效考核; the period (the year 2026) and "now" ([AssessmentNow]).
//
// The data are generated deterministically from per-unit profiles (not
// from package checklist, so that they stay small and stable): the same
// call always returns the same facts. One unit is clearly weak
// ([WeakUnitID]), one is vetoed ([VetoUnitID]), two are tied at the quota
// boundary ([TiedUnitA], [TiedUnitB]). Each call returns new values.
func Facts2026() []*zerenv1.UnitFacts {
	st := Structure()
	profs := profiles()
	holder := holders(st)
	now := timestamppb.New(AssessmentNow)
	var out []*zerenv1.UnitFacts
	for _, u := range st.GetUnits() {
		p, ok := profs[u.GetId()]
		if !ok {
			continue
		}
		f := &zerenv1.UnitFacts{Unit: u, BusinessScore: p.business, Metrics: p.metrics, Now: now,
			Period: &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_YEAR, Year: Year}}
		for _, o := range st.GetOrganizations() {
			if o.GetUnitId() != u.GetId() {
				continue
			}
			if o.GetParentId() == "" {
				f.Organization = o
			}
			f.Organizations = append(f.Organizations, o)
		}
		for _, t := range factTasks() {
			f.Assignments = append(f.Assignments, assignments(t, f.Organizations, p, holder)...)
		}
		for i, fd := range p.findings {
			f.Findings = append(f.Findings, &zerenv1.Finding{
				Id: fmt.Sprintf("F-%s-%d", u.GetId(), i+1), InspectionId: fmt.Sprintf("I-%d-%s", Year, u.GetId()),
				OrganizationId: f.GetOrganization().GetId(), Dimension: fd.dim, Description: fd.what, Severity: fd.sev,
				FoundAt:      timestamppb.New(time.Date(Year, time.October, 15+i, 0, 0, 0, 0, Location)),
				SelfReported: fd.self, Concealed: fd.concealed,
			})
		}
		for i, c := range p.cases {
			opened := time.Date(Year, time.October, 20, 0, 0, 0, 0, Location)
			f.Cases = append(f.Cases, &zerenv1.SupervisionCase{
				Id: fmt.Sprintf("C-%s-%d", u.GetId(), i+1), Title: fmt.Sprintf("关于%s%s的督办通知", u.GetShortName(), c.what),
				Source: zerenv1.CaseSource_CASE_SOURCE_FINDING, OrganizationId: f.GetOrganization().GetId(), LeadUnitId: u.GetId(),
				OpenedAt: timestamppb.New(opened), Deadline: timestamppb.New(opened.AddDate(0, 0, 30)),
				Urgency: zerenv1.Urgency_URGENCY_NORMAL, YellowCard: c.yellow, OverdueCount: c.overdue,
				State: zerenv1.CaseState_CASE_STATE_RECTIFYING,
			})
		}
		out = append(out, f)
	}
	return out
}

// assignments generates one task's assignments at a unit's organisations.
func assignments(t factTask, orgs []*zerenv1.Organization, p profile, holder func(post string, at time.Time) (string, string)) []*zerenv1.Assignment {
	periods, dues := periodsOf(t.kind)
	var list []*zerenv1.Assignment
	for _, o := range orgs {
		if o.GetLevelId() != t.level {
			continue
		}
		post := o.GetId() + "-sec"
		for i, per := range periods {
			due := dues[i]
			person, appt := holder(post, due)
			list = append(list, &zerenv1.Assignment{
				Id:     fmt.Sprintf("%s-%s-%d%s%d", t.id, o.GetId(), Year, map[zerenv1.PeriodKind]string{zerenv1.PeriodKind_PERIOD_KIND_YEAR: "Y", zerenv1.PeriodKind_PERIOD_KIND_HALF: "H", zerenv1.PeriodKind_PERIOD_KIND_QUARTER: "Q"}[t.kind], per.GetIndex()),
				TaskId: t.id, OrganizationId: o.GetId(), PostId: post, PersonId: person, AppointmentId: appt,
				Period: per, Target: t.target, Due: timestamppb.New(due), Weight: 1, Comparison: t.cmp,
			})
		}
	}
	miss, late := p.miss[t.id], p.late[t.id]
	for i, a := range list {
		switch {
		case i >= len(list)-miss:
			a.Actual = a.GetTarget() - 1
			a.Status = zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_OPEN
		case i < late:
			a.Actual, a.Status = a.GetTarget(), zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_DONE
			a.CompletedAt = timestamppb.New(a.GetDue().AsTime().AddDate(0, 0, 12))
		default:
			a.Actual, a.Status = a.GetTarget(), zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_DONE
			a.CompletedAt = timestamppb.New(a.GetDue().AsTime().AddDate(0, 0, -5))
		}
	}
	return list
}

// holders returns a lookup of who held a post on a date, and by which
// appointment: the regular holder, or else an acting (代理) one.
func holders(st *zerenv1.Structure) func(post string, at time.Time) (string, string) {
	return func(post string, at time.Time) (string, string) {
		var person, appt string
		for _, a := range st.GetAppointments() {
			if a.GetPostId() != post || a.GetStart().AsTime().After(at) || (a.GetEnd() != nil && !a.GetEnd().AsTime().After(at)) {
				continue
			}
			if a.GetKind() == zerenv1.AppointmentKind_APPOINTMENT_KIND_REGULAR {
				return a.GetPersonId(), a.GetId()
			}
			if person == "" { // an acting holder, when no regular one
				person, appt = a.GetPersonId(), a.GetId()
			}
		}
		return person, appt
	}
}
