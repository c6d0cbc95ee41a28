package report

import (
	"cmp"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zerenlab/zeren/accountability"
	"github.com/zerenlab/zeren/analytics"
	"github.com/zerenlab/zeren/assessment"
	"github.com/zerenlab/zeren/checklist"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
)

// Input is the year's data the report is drawn from. Hierarchy, AsOf and
// Results are required; every other list may be empty, and its section then
// says there is nothing to report.
type Input struct {
	// Title heads the page, e.g. 2026年度示例市直机关党建工作责任制落实情况报告.
	Title string
	// Author is the body issuing the report, e.g. 中共示例市直属机关工作委员会.
	Author string
	// AsOf is the date the figures are taken at (coverage, progress); it is
	// printed as a Beijing date in the hierarchy's location.
	AsOf time.Time
	// Hierarchy names units, organisations and people, and gives coverage.
	Hierarchy *responsibility.Hierarchy
	// Plan is the year's three lists; Assignments their decomposition with
	// progress.
	Plan        *zerenv1.Plan
	Assignments []*zerenv1.Assignment
	// Findings and Cases are the year's 督查 findings and 督办 cases.
	Findings []*zerenv1.Finding
	Cases    []*zerenv1.SupervisionCase
	// System is the indicator system the Results were scored on; Facts the
	// units' facts (for business scores, 两张皮); Reviews the 述职评议 ballots.
	System  *zerenv1.IndicatorSystem
	Results []*zerenv1.Result
	Facts   []*zerenv1.UnitFacts
	Reviews []*zerenv1.Review
	// Triggers and Proposals are the accountability rules and what they
	// proposed (with decisions, when taken).
	Triggers  []*zerenv1.Trigger
	Proposals []*zerenv1.Proposal
}

//go:embed report.html.tmpl
var pageSource string

var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"pct": func(v float64) string { return strconv.FormatFloat(100*v, 'f', 1, 64) + "%" },
	"f2":  func(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) },
}).Parse(pageSource))

// Render writes the report. It returns an error only when the input lacks
// what every section needs (a hierarchy, a date) or the writer fails.
func Render(w io.Writer, in Input) error {
	if in.Hierarchy == nil {
		return fmt.Errorf("report: no hierarchy")
	}
	if in.AsOf.IsZero() {
		return fmt.Errorf("report: no date (AsOf)")
	}
	m := build(in)
	return page.Execute(w, m)
}

// model is what the template shows.
type model struct {
	Title, Author, Date, Year string
	Overview                  []string
	CoverageNote              string
	Gaps                      []string
	Levels                    []analytics.LevelFigures
	Ratios                    string
	LevelChart                template.HTML
	Dimensions                []dimRow
	DimChart                  template.HTML
	Ranking                   []rankRow
	Spread                    string
	GradeRows                 []gradeRow
	GradeChart                template.HTML
	Gap                       string
	GapChart                  template.HTML
	GapRows                   []gapRow
	ReviewRows                []reviewRow
	ProposalRows              []proposalRow
	ProposalNote              string
	Units                     []unitPage
}

type dimRow struct {
	Name                  string
	Findings, Severe, Own int
}

type rankRow struct {
	UnitID, Rank, Name, Score, Grade, Veto, Review string
}

type gradeRow struct {
	Name, Share string
	Count       int
}

type gapRow struct {
	Name                   string
	Party, Business, Delta string
}

type reviewRow struct {
	Unit, Person, Score, Satisfaction, Valid string
	Good, Fair, Average, Poor                int
	HasBallots                               bool // the tallies are known
}

type proposalRow struct {
	Unit, Trigger, Measure, Who, Basis, Status string
}

type unitPage struct {
	Anchor, Heading string
	Lines           []lineRow
	Review          string
}

type lineRow struct {
	Kind, Name, Points, Max, Formula, Value, Inputs, Note string
	Depth                                                 int
}

func build(in Input) *model {
	h := in.Hierarchy
	loc := h.Location()
	if loc == nil {
		loc = time.UTC
	}
	at := in.AsOf.In(loc)
	m := &model{Title: cmp.Or(in.Title, "机关党建工作责任制落实情况年度报告"), Author: in.Author,
		Date: at.Format("2006年1月2日"), Year: strconv.Itoa(int(in.Plan.GetYear()))}

	unitName := func(id string) string {
		if u, ok := h.Unit(id); ok {
			return cmp.Or(u.GetShortName(), u.GetName())
		}
		if o, ok := h.Organization(id); ok {
			return o.GetName()
		}
		return id
	}
	personName := func(id string) string {
		if p, ok := h.Person(id); ok {
			return p.GetName()
		}
		return id
	}
	units, orgs := 0, h.Len()
	for range h.Units() {
		units++
	}

	// 总体情况: counts only.
	total := checklist.Rollup(h, in.Assignments, in.AsOf, checklist.ByUnit)
	var all checklist.Row
	for _, r := range total {
		all.Assignments += r.Assignments
		all.Done += r.Done
		all.Due += r.Due
		all.OnTime += r.OnTime
		all.Overdue += r.Overdue
		all.Weight += r.Weight
		all.DoneWeight += r.DoneWeight
	}
	closed := 0
	for _, c := range in.Cases {
		if c.GetState() == zerenv1.CaseState_CASE_STATE_CLOSED {
			closed++
		}
	}
	m.Overview = append(m.Overview,
		fmt.Sprintf("责任体系（%s）覆盖 %d 个单位、%d 个党组织。", h.Framework().GetName(), units, orgs))
	if in.Plan != nil {
		m.Overview = append(m.Overview, fmt.Sprintf("《%s》列问题 %d 项、任务 %d 项、责任条目 %d 项，分解为分解任务 %d 项；截至%s，已完成 %d 项，加权完成率 %s，到期 %d 项中按时完成 %d 项，逾期未完成 %d 项。",
			in.Plan.GetName(), len(in.Plan.GetProblems()), len(in.Plan.GetTasks()), len(in.Plan.GetResponsibilities()),
			all.Assignments, m.Date, all.Done, pctOf(all.DoneWeight, all.Weight), all.Due, all.OnTime, all.Overdue))
	}
	m.Overview = append(m.Overview, fmt.Sprintf("全年督查发现问题 %d 个；立案督办 %d 件，已销号 %d 件。", len(in.Findings), len(in.Cases), closed))
	if len(in.Results) > 0 {
		system := ""
		if in.System.GetName() != "" {
			system = "（" + in.System.GetName() + "）"
		}
		m.Overview = append(m.Overview, fmt.Sprintf("参加综合考核单位 %d 个%s；提出问责建议 %d 条。",
			len(in.Results), system, len(in.Proposals)))
	}

	// 责任体系覆盖.
	for _, g := range h.Coverage(in.AsOf) {
		m.Gaps = append(m.Gaps, g.GetMessage())
	}
	if len(m.Gaps) == 0 {
		m.CoverageNote = fmt.Sprintf("截至%s，%d 个党组织的必设岗位均有人在岗，未发现空缺。", m.Date, orgs)
	} else {
		m.CoverageNote = fmt.Sprintf("截至%s，发现空缺或覆盖缺口 %d 处：", m.Date, len(m.Gaps))
	}

	// 任务分解与完成, 上热中温下冷.
	att := analytics.PressureAttenuation(h, in.Assignments, in.Results, in.AsOf)
	m.Levels = att.Levels
	var bars []bar
	for _, l := range att.Levels {
		bars = append(bars,
			bar{Label: l.Name, Value: l.Progress.Completion, Text: pct(l.Progress.Completion), Color: colorA},
			bar{Label: l.Name, Value: l.Progress.OnTimeRate, Text: pct(l.Progress.OnTimeRate), Color: colorC})
	}
	m.LevelChart = hbars("chart-levels", "分层级完成情况（上热中温下冷）", bars, 1,
		[]series{{"完成率", colorA}, {"按时完成率", colorC}}, 2)
	if len(att.Levels) >= 2 {
		m.Ratios = fmt.Sprintf("最下层级与最上层级之比：完成率 %s，按时完成率 %s。", f2(att.CompletionRatio), f2(att.OnTimeRatio))
	}

	// 督查发现 by dimension.
	dims := map[zerenv1.Dimension]*dimRow{}
	for _, f := range in.Findings {
		d := dims[f.GetDimension()]
		if d == nil {
			d = &dimRow{Name: dimensionName(f.GetDimension())}
			dims[f.GetDimension()] = d
		}
		d.Findings++
		if f.GetSeverity() == zerenv1.Severity_SEVERITY_SEVERE || f.GetSeverity() == zerenv1.Severity_SEVERITY_MAJOR {
			d.Severe++
		}
		if f.GetSelfReported() {
			d.Own++
		}
	}
	keys := make([]zerenv1.Dimension, 0, len(dims))
	for k := range dims {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	bars = nil
	maxF := 0
	for _, k := range keys {
		m.Dimensions = append(m.Dimensions, *dims[k])
		maxF = max(maxF, dims[k].Findings)
	}
	for _, d := range m.Dimensions {
		bars = append(bars, bar{Label: d.Name, Value: float64(d.Findings), Text: strconv.Itoa(d.Findings), Color: colorB})
	}
	m.DimChart = hbars("chart-dimensions", "督查发现问题（按维度）", bars, float64(maxF), nil, 1)

	// 考核结果.
	grades := map[string]string{}
	for _, g := range in.System.GetGradeScale().GetGrades() {
		grades[g.GetId()] = g.GetName()
	}
	vetoes := map[string]string{assessment.ReviewVetoID: "述职评议满意度未达标"}
	for _, v := range in.System.GetVetoes() {
		vetoes[v.GetId()] = v.GetName()
	}
	ranked := slices.Clone(in.Results)
	slices.SortStableFunc(ranked, func(a, b *zerenv1.Result) int {
		return cmp.Or(cmp.Compare(rankKey(a), rankKey(b)), cmp.Compare(a.GetUnitId(), b.GetUnitId()))
	})
	counts := map[string]int{}
	for _, r := range ranked {
		var vs []string
		for _, id := range r.GetVetoIds() {
			vs = append(vs, cmp.Or(vetoes[id], id))
		}
		rank := ""
		if r.GetRank() > 0 {
			rank = strconv.Itoa(int(r.GetRank()))
		}
		review := ""
		if rv := r.GetReview(); rv != nil {
			review = strconv.FormatFloat(rv.GetScore(), 'f', int(in.System.GetPrecision()), 64)
		}
		m.Ranking = append(m.Ranking, rankRow{UnitID: r.GetUnitId(), Rank: rank, Name: unitName(r.GetUnitId()), Score: r.GetScore(),
			Grade: cmp.Or(grades[r.GetGradeId()], r.GetGradeId()), Veto: strings.Join(vs, "、"), Review: review})
		counts[r.GetGradeId()]++
	}
	bars = nil
	maxG := 0
	for _, g := range in.System.GetGradeScale().GetGrades() {
		n := counts[g.GetId()]
		maxG = max(maxG, n)
		m.GradeRows = append(m.GradeRows, gradeRow{Name: g.GetName(), Count: n, Share: pctOf(float64(n), float64(len(in.Results)))})
		bars = append(bars, bar{Label: g.GetName(), Value: float64(n), Text: fmt.Sprintf("%d 个", n), Color: colorA})
	}
	m.GradeChart = hbars("chart-grades", "等次分布", bars, float64(maxG), nil, 1)
	spread := analytics.Differentiation(in.Results, in.System.GetGradeScale())
	if spread.N > 0 {
		m.Spread = fmt.Sprintf("得分最高 %s，最低 %s，极差 %s，标准差 %s；“%s”等次 %s。", f2(spread.Max), f2(spread.Min), f2(spread.Range),
			f2(spread.StdDev), cmp.Or(grades[spread.TopGrade], spread.TopGrade), pct(spread.TopShare))
	}
	gap := analytics.PartyBusinessGap(in.Results, in.Facts)
	var pts []point
	for _, u := range gap.Units {
		pts = append(pts, point{Label: unitName(u.UnitID), X: u.Party, Y: u.Business})
		m.GapRows = append(m.GapRows, gapRow{Name: unitName(u.UnitID), Party: f2(u.Party), Business: f2(u.Business), Delta: f2(u.Delta)})
	}
	m.GapChart = scatter("chart-gap", "党建得分与业务得分（两张皮）", "党建得分", "业务得分", pts)
	if len(gap.Units) >= 3 {
		m.Gap = fmt.Sprintf("%d 个单位党建得分与业务得分的相关系数为 %s。", len(gap.Units), f2(gap.Correlation))
	}

	// 述职评议.
	results := map[string]*zerenv1.Result{}
	for _, r := range in.Results {
		results[r.GetUnitId()] = r
	}
	for _, rv := range in.Reviews {
		row := reviewRow{Unit: unitName(rv.GetUnitId()), Person: personName(rv.GetPersonId()), HasBallots: true}
		for _, b := range rv.GetBallots() {
			switch b.GetChoice() {
			case zerenv1.ReviewChoice_REVIEW_CHOICE_GOOD:
				row.Good += int(b.GetCount())
			case zerenv1.ReviewChoice_REVIEW_CHOICE_FAIRLY_GOOD:
				row.Fair += int(b.GetCount())
			case zerenv1.ReviewChoice_REVIEW_CHOICE_AVERAGE:
				row.Average += int(b.GetCount())
			case zerenv1.ReviewChoice_REVIEW_CHOICE_POOR:
				row.Poor += int(b.GetCount())
			}
		}
		if res := results[rv.GetUnitId()].GetReview(); res != nil {
			p := int(in.System.GetPrecision())
			row.Score = strconv.FormatFloat(res.GetScore(), 'f', p, 64)
			row.Satisfaction = strconv.FormatFloat(res.GetSatisfaction(), 'f', p, 64) + "%"
			row.Valid = "有效"
			if !res.GetValid() {
				row.Valid = "无效"
			}
		}
		m.ReviewRows = append(m.ReviewRows, row)
	}
	if len(in.Reviews) == 0 { // no ballots at hand: the scored reviews of the results
		for _, r := range ranked {
			res := r.GetReview()
			if res == nil {
				continue
			}
			p := int(in.System.GetPrecision())
			row := reviewRow{Unit: unitName(r.GetUnitId()), Score: strconv.FormatFloat(res.GetScore(), 'f', p, 64),
				Satisfaction: strconv.FormatFloat(res.GetSatisfaction(), 'f', p, 64) + "%", Valid: "有效"}
			if !res.GetValid() {
				row.Valid = "无效"
			}
			m.ReviewRows = append(m.ReviewRows, row)
		}
	}

	// 问责建议与处理.
	triggers := map[string]*zerenv1.Trigger{}
	for _, t := range in.Triggers {
		triggers[t.GetId()] = t
	}
	byStatus := map[zerenv1.ProposalStatus]int{}
	for _, p := range in.Proposals {
		t := triggers[p.GetTriggerId()]
		who := unitName(p.GetUnitId()) + "党组织"
		if l := p.GetLiability(); l != nil {
			who = unitName(p.GetUnitId()) + " " + personName(l.GetPersonId()) + "（" + responsibility.LiabilityName(l.GetKind()) + "）"
		}
		m.ProposalRows = append(m.ProposalRows, proposalRow{Unit: unitName(p.GetUnitId()), Trigger: cmp.Or(t.GetName(), p.GetTriggerId()),
			Measure: accountability.MeasureName(p.GetMeasure(), p.GetCustomMeasure()), Who: who, Basis: t.GetBasis(),
			Status: statusName(p.GetStatus())})
		byStatus[p.GetStatus()]++
	}
	m.ProposalNote = fmt.Sprintf("共 %d 条问责建议：待决定 %d 条，已确认 %d 条，已否决 %d 条，已撤回 %d 条。建议由系统依规则提出，由机关工委研究决定。",
		len(in.Proposals), byStatus[zerenv1.ProposalStatus_PROPOSAL_STATUS_PROPOSED], byStatus[zerenv1.ProposalStatus_PROPOSAL_STATUS_CONFIRMED],
		byStatus[zerenv1.ProposalStatus_PROPOSAL_STATUS_REJECTED], byStatus[zerenv1.ProposalStatus_PROPOSAL_STATUS_WITHDRAWN])

	// Per-unit derivations.
	for i, r := range ranked {
		row := m.Ranking[i]
		pg := unitPage{Anchor: "unit-" + r.GetUnitId(),
			Heading: fmt.Sprintf("%s：%s 分，%s", row.Name, r.GetScore(), row.Grade)}
		if row.Rank != "" {
			pg.Heading += "，第 " + row.Rank + " 名"
		}
		var walk func(kind string, depth int, irs []*zerenv1.IndicatorResult)
		walk = func(kind string, depth int, irs []*zerenv1.IndicatorResult) {
			for _, ir := range irs {
				var inputs []string
				for _, x := range ir.GetInputs() {
					inputs = append(inputs, x.GetPath()+" = "+x.GetValue())
				}
				note := ""
				if d := ir.GetDiagnostic(); d != nil {
					note = cmp.Or(d.GetMessageZh(), d.GetMessage())
				}
				pg.Lines = append(pg.Lines, lineRow{Kind: kind, Name: ir.GetName(), Depth: depth, Points: ir.GetPoints(),
					Max: ir.GetMaxPoints(), Formula: ir.GetFormula(), Value: strconv.FormatFloat(ir.GetValue(), 'g', 6, 64),
					Inputs: strings.Join(inputs, "；"), Note: note})
				walk(kind, depth+1, ir.GetChildren())
			}
		}
		walk("指标", 0, r.GetIndicators())
		walk("加分", 0, r.GetBonuses())
		walk("扣分", 0, r.GetDeductions())
		for _, id := range r.GetVetoIds() {
			pg.Lines = append(pg.Lines, lineRow{Kind: "否决", Name: cmp.Or(vetoes[id], id)})
		}
		if rv := r.GetReview(); rv != nil {
			p := int(in.System.GetPrecision())
			pg.Review = fmt.Sprintf("述职评议得分 %s，满意度 %s%%。", strconv.FormatFloat(rv.GetScore(), 'f', p, 64),
				strconv.FormatFloat(rv.GetSatisfaction(), 'f', p, 64))
		}
		m.Units = append(m.Units, pg)
	}
	return m
}

func rankKey(r *zerenv1.Result) int32 {
	if r.GetRank() == 0 {
		return 1 << 30
	}
	return r.GetRank()
}

func pct(v float64) string { return strconv.FormatFloat(100*v, 'f', 1, 64) + "%" }

func pctOf(a, b float64) string {
	if b == 0 {
		return "—"
	}
	return pct(a / b)
}

func f2(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

var dimensionNames = []string{"未分类", "政治建设", "思想建设", "组织建设", "作风建设", "党风廉政建设", "队伍建设", "群团建设", "制度建设", "其他"}

func dimensionName(d zerenv1.Dimension) string {
	if int(d) < len(dimensionNames) {
		return dimensionNames[d]
	}
	return d.String()
}

func statusName(s zerenv1.ProposalStatus) string {
	switch s {
	case zerenv1.ProposalStatus_PROPOSAL_STATUS_PROPOSED:
		return "待决定"
	case zerenv1.ProposalStatus_PROPOSAL_STATUS_CONFIRMED:
		return "已确认"
	case zerenv1.ProposalStatus_PROPOSAL_STATUS_REJECTED:
		return "已否决"
	case zerenv1.ProposalStatus_PROPOSAL_STATUS_WITHDRAWN:
		return "已撤回"
	}
	return ""
}
