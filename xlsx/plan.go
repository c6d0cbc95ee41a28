package xlsx

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/checklist"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// The sheets of the three-lists workbook.
const (
	SheetInstructions   = "说明"
	SheetProblems       = "问题清单"
	SheetTasks          = "任务清单"
	SheetResponsibility = "责任清单"
)

// Headers of the three lists, in column order.
const (
	hID, hNumber, hDimension                   = "编号", "序号", "维度"
	hProblem, hProblemDesc, hOrigin, hSeverity = "问题", "问题描述", "来源", "严重程度"
	hTask, hTaskDesc, hProblemIDs              = "任务", "任务描述", "针对问题"
	hOwnerPost, hLead, hAssisting              = "责任岗位", "牵头部门", "配合部门"
	hScopeLevels, hScopeUnits, hScopeOrgs      = "范围层级", "范围单位", "范围组织"
	hKeyOnly, hMetric, hMetricUnit, hTarget    = "仅重点单位", "量化指标", "计量单位", "目标值"
	hComparison, hFrequency, hSplit, hRounding = "比较方式", "频次", "分解方式", "取整方式"
	hPrecision, hDeadline, hWeight             = "小数位数", "完成时限", "权重"
	hTaskID, hDepartment, hUnits, hNote        = "任务编号", "责任部门", "责任单位", "备注"
	hPlanID, hPlanName, hYear, hFramework      = "计划编号", "计划名称", "年度", "责任体系"
	hTaskKind, hTags                           = "任务类别", "标签"
)

var problemCols = []col{
	{header: hID}, {header: hNumber}, {header: hDimension, list: hDimension},
	{header: hProblem}, {header: hProblemDesc}, {header: hOrigin, list: hOrigin}, {header: hSeverity, list: hSeverity},
}

var taskCols = []col{
	{header: hID}, {header: hNumber}, {header: hDimension, list: hDimension},
	{header: hTask}, {header: hTaskDesc}, {header: hProblemIDs},
	{header: hOwnerPost, list: hOwnerPost}, {header: hLead}, {header: hAssisting},
	{header: hScopeLevels}, {header: hScopeUnits}, {header: hScopeOrgs}, {header: hKeyOnly, list: hKeyOnly},
	{header: hMetric}, {header: hMetricUnit}, {header: hTarget, prec: -1}, {header: hComparison, list: hComparison},
	{header: hFrequency, list: hFrequency}, {header: hSplit, list: hSplit}, {header: hRounding, list: hRounding},
	{header: hPrecision, prec: -1}, {header: hDeadline}, {header: hWeight, prec: -1},
	{header: hTaskKind}, {header: hTags},
}

var respCols = []col{
	{header: hID}, {header: hTaskID}, {header: hDepartment}, {header: hUnits},
	{header: hOwnerPost, list: hOwnerPost}, {header: hDeadline}, {header: hNote},
}

// required headers: the id and the title of each list.
func importCols(cols []col, required ...string) []column {
	req := map[string]bool{}
	for _, r := range required {
		req[r] = true
	}
	out := make([]column, len(cols))
	for i, c := range cols {
		out[i] = column{header: c.header, required: req[c.header]}
	}
	return out
}

// postKinds names post kinds from the framework, if any.
type postKinds struct{ fw *zerenv1.Framework }

func (p postKinds) label(id string) string {
	for _, k := range p.fw.GetPostKinds() {
		if k.GetId() == id {
			return k.GetName()
		}
	}
	return id
}

func (p postKinds) choices() []string {
	var out []string
	for _, k := range p.fw.GetPostKinds() {
		out = append(out, k.GetName())
	}
	return out
}

// parse accepts a post kind's name or id; without a framework any id.
func (p postKinds) parse(s string) (string, bool) {
	if s == "" || p.fw == nil {
		return s, true
	}
	for _, k := range p.fw.GetPostKinds() {
		if k.GetName() == s || k.GetId() == s {
			return k.GetId(), true
		}
	}
	return "", false
}

// WritePlan writes the three lists (问题清单, 任务清单, 责任清单) as a
// workbook: an instructions sheet (说明) that also holds the plan's id,
// name, year and framework, then one sheet per list with Chinese headers, a
// frozen header row, widths that fit Chinese text and drop-downs for
// dimension, origin, severity, post kind, comparison, frequency, split rule
// and rounding. A nil or empty plan gives the blank template. [ReadPlan]
// reads it back into an identical plan (proto.Equal), provided ids hold no
// list separator (、 , ; and their full-width forms) and no task has an empty
// but present scope or measure.
func WritePlan(w io.Writer, plan *zerenv1.Plan, opts ...Option) error {
	c := newConfig(opts)
	pk := postKinds{c.framework}
	if err := checkIDs(plan); err != nil {
		return err
	}
	b, err := newBook()
	if err != nil {
		return err
	}
	if err := instructions(b, plan); err != nil {
		return err
	}
	for _, l := range []struct {
		name    string
		choices []string
	}{
		{hDimension, dimensions.choices()}, {hOrigin, origins.choices()}, {hSeverity, severities.choices()},
		{hOwnerPost, pk.choices()}, {hKeyOnly, []string{"是", "否"}}, {hComparison, comparisons.choices()},
		{hFrequency, frequencies.choices()}, {hSplit, splits.choices()}, {hRounding, roundings.choices()},
	} {
		if err := b.list(l.name, l.choices); err != nil {
			return err
		}
	}
	var rows [][]any
	for _, p := range plan.GetProblems() {
		rows = append(rows, []any{p.GetId(), p.GetNumber(), dimensions.label(int32(p.GetDimension())),
			p.GetTitle(), p.GetDescription(), origins.label(int32(p.GetOrigin())), severities.label(int32(p.GetSeverity()))})
	}
	if err := b.table(SheetProblems, problemCols, rows); err != nil {
		return err
	}
	rows = nil
	for _, t := range plan.GetTasks() {
		row := []any{t.GetId(), t.GetNumber(), dimensions.label(int32(t.GetDimension())),
			t.GetTitle(), t.GetDescription(), strings.Join(t.GetProblemIds(), listSep),
			pk.label(t.GetOwnerPostKindId()), t.GetLeadDepartment(), strings.Join(t.GetAssistingDepartments(), listSep),
			strings.Join(t.GetScope().GetLevelIds(), listSep), strings.Join(t.GetScope().GetUnitIds(), listSep),
			strings.Join(t.GetScope().GetOrganizationIds(), listSep), yesNo(t.GetScope().GetKeyUnitsOnly())}
		if m := t.GetMeasure(); m != nil {
			row = append(row, m.GetMetric(), m.GetUnit(), num{m.GetTarget(), -1}, comparisons.label(int32(m.GetComparison())),
				frequencies.label(int32(m.GetPeriodKind())), splits.label(int32(m.GetSplit())), roundings.label(int32(m.GetRounding())),
				nonZero(m.GetPrecision()))
		} else {
			row = append(row, nil, nil, nil, nil, nil, nil, nil, nil)
		}
		row = append(row, stamp(t.GetDeadline()), nonZeroF(t.GetWeight()), t.GetKind(), strings.Join(t.GetTags(), listSep))
		rows = append(rows, row)
	}
	if err := b.table(SheetTasks, taskCols, rows); err != nil {
		return err
	}
	rows = nil
	for _, r := range plan.GetResponsibilities() {
		rows = append(rows, []any{r.GetId(), r.GetTaskId(), r.GetResponsibleDepartment(),
			strings.Join(r.GetResponsibleUnitIds(), listSep), pk.label(r.GetPostKindId()), stamp(r.GetDeadline()), r.GetNote()})
	}
	if err := b.table(SheetResponsibility, respCols, rows); err != nil {
		return err
	}
	return b.write(w)
}

func nonZero(n int32) any {
	if n == 0 {
		return nil
	}
	return int(n)
}

func nonZeroF(v float64) any {
	if v == 0 {
		return nil
	}
	return num{v, -1}
}

func stamp(ts *timestamppb.Timestamp) any {
	if ts == nil {
		return nil
	}
	return date{ts.AsTime()}
}

// checkIDs refuses a plan whose list cells could not be read back.
func checkIDs(plan *zerenv1.Plan) error {
	var bad []string
	check := func(what string, ids ...string) {
		for _, id := range ids {
			if len(splitList(id)) != 1 || strings.TrimSpace(id) != id {
				bad = append(bad, fmt.Sprintf("%s %q", what, id))
			}
		}
	}
	for _, p := range plan.GetProblems() {
		check("problem", p.GetId())
	}
	for _, t := range plan.GetTasks() {
		check("task "+t.GetId()+" problem_ids", t.GetProblemIds()...)
		check("task "+t.GetId()+" assisting_departments", t.GetAssistingDepartments()...)
		check("task "+t.GetId()+" scope", t.GetScope().GetLevelIds()...)
		check("task "+t.GetId()+" scope", t.GetScope().GetUnitIds()...)
		check("task "+t.GetId()+" scope", t.GetScope().GetOrganizationIds()...)
	}
	for _, r := range plan.GetResponsibilities() {
		check("responsibility "+r.GetId()+" responsible_unit_ids", r.GetResponsibleUnitIds()...)
	}
	if len(bad) > 0 {
		return fmt.Errorf("xlsx: list values that contain a separator (、 , ; or blanks at the ends) cannot be written as a list cell: %s", strings.Join(bad, "; "))
	}
	return nil
}

var instructionText = []string{
	"填写说明",
	"1. 本工作簿包含问题清单、任务清单、责任清单三张表，每行一条记录，第一行为表头，请勿修改表头。",
	"2. “编号”在本表内不得重复；任务的“针对问题”填写问题清单的编号，责任清单的“任务编号”填写任务清单的编号。",
	"3. 维度、来源、严重程度、责任岗位、比较方式、频次、分解方式、取整方式请从下拉列表中选择。",
	"4. 多个值（针对问题、配合部门、范围、责任单位）用顿号“、”分隔。",
	"5. 日期按北京时间填写，如 2026-12-31；数字请填写数值，不要使用公式，不要合并单元格。",
	"6. 导入时会一次列出所有问题（工作表!单元格）；有任何问题时不导入任何数据。",
}

// instructions writes the 说明 sheet: the plan's header fields in A2:B5 and
// the instructions below.
func instructions(b *book, plan *zerenv1.Plan) error {
	if err := b.addSheet(SheetInstructions); err != nil {
		return err
	}
	f := b.f
	set := func(cell string, v any) error { return f.SetCellValue(SheetInstructions, cell, v) }
	if err := set("A1", "三个清单（问题清单、任务清单、责任清单）"); err != nil {
		return err
	}
	fields := [][2]any{{hPlanID, plan.GetId()}, {hPlanName, plan.GetName()}, {hYear, nil}, {hFramework, plan.GetFrameworkId()}}
	if plan.GetYear() != 0 {
		fields[2][1] = int(plan.GetYear())
	}
	for i, kv := range fields {
		if err := set(fmt.Sprintf("A%d", i+2), kv[0]); err != nil {
			return err
		}
		if kv[1] != nil && kv[1] != "" {
			if err := set(fmt.Sprintf("B%d", i+2), kv[1]); err != nil {
				return err
			}
		}
	}
	for i, line := range instructionText {
		if err := set(fmt.Sprintf("A%d", i+8), line); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(SheetInstructions, "A2", "A5", b.header); err != nil {
		return err
	}
	if err := f.SetColWidth(SheetInstructions, "A", "A", 14); err != nil {
		return err
	}
	return f.SetColWidth(SheetInstructions, "B", "B", 60)
}

// ReadPlan reads a three-lists workbook written by [WritePlan] (or filled in
// from its template) into a plan. It returns an [*ImportError] listing every
// problem, each located by sheet and cell, and no plan, when anything is
// wrong: a hostile or oversized file, a missing sheet or header, merged
// cells, formulas, values of the wrong kind, missing ids, duplicate ids and
// references between the sheets that do not resolve; with [WithHierarchy],
// also everything checklist.Validate finds. A plan is returned only whole.
func ReadPlan(r io.Reader, opts ...Option) (_ *zerenv1.Plan, err error) {
	defer recoverFormat(&err)
	c := newConfig(opts)
	f, err := open(r, c.limits)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var ps problems
	plan := &zerenv1.Plan{}
	headerCells := readHeader(f, plan, &ps)
	pk := postKinds{c.framework}
	rowOf := map[string]map[string]int{} // record kind → id → row
	locate := map[string]*table{}

	problemsT, ok1 := readTable(f, SheetProblems, importCols(problemCols, hID, hProblem), c.limits, &ps)
	tasksT, ok2 := readTable(f, SheetTasks, importCols(taskCols, hID, hTask), c.limits, &ps)
	respT, ok3 := readTable(f, SheetResponsibility, importCols(respCols, hID, hTaskID), c.limits, &ps)
	if !ok1 || !ok2 || !ok3 {
		return nil, ps.err()
	}
	ids := func(kind string, t *table, rr rowReader, id string) {
		if rowOf[kind] == nil {
			rowOf[kind] = map[string]int{}
			locate[kind] = t
		}
		if id == "" {
			return
		}
		if prev, dup := rowOf[kind][id]; dup {
			rr.add(hID, CodeDuplicate, fmt.Sprintf("编号“%s”与第 %d 行重复", id, prev), fmt.Sprintf("id %q repeats row %d", id, prev))
			return
		}
		rowOf[kind][id] = rr.r.n
	}
	for _, row := range problemsT.rows {
		rr := problemsT.row(row, &ps)
		p := &zerenv1.Problem{
			Id: rr.required(hID), Number: rr.str(hNumber), Dimension: zerenv1.Dimension(rr.enum(hDimension, dimensions)),
			Title: rr.required(hProblem), Description: rr.str(hProblemDesc),
			Origin: zerenv1.ProblemOrigin(rr.enum(hOrigin, origins)), Severity: zerenv1.Severity(rr.enum(hSeverity, severities)),
		}
		ids("problem", problemsT, rr, p.Id)
		plan.Problems = append(plan.Problems, p)
	}
	for _, row := range tasksT.rows {
		rr := tasksT.row(row, &ps)
		t := &zerenv1.Task{
			Id: rr.required(hID), Number: rr.str(hNumber), Dimension: zerenv1.Dimension(rr.enum(hDimension, dimensions)),
			Title: rr.required(hTask), Description: rr.str(hTaskDesc), ProblemIds: rr.list(hProblemIDs),
			OwnerPostKindId: rr.postKind(hOwnerPost, pk), LeadDepartment: rr.str(hLead),
			AssistingDepartments: rr.list(hAssisting), Deadline: rr.time(hDeadline), Weight: rr.float(hWeight),
			Kind: rr.str(hTaskKind), Tags: rr.list(hTags),
		}
		for _, pid := range t.ProblemIds {
			if _, ok := rowOf["problem"][pid]; !ok {
				rr.add(hProblemIDs, CodeReference, fmt.Sprintf("问题清单中没有编号为“%s”的问题", pid),
					fmt.Sprintf("no problem with id %q in %s", pid, SheetProblems))
			}
		}
		if rr.str(hScopeLevels)+rr.str(hScopeUnits)+rr.str(hScopeOrgs)+rr.str(hKeyOnly) != "" {
			t.Scope = &zerenv1.Scope{LevelIds: rr.list(hScopeLevels), UnitIds: rr.list(hScopeUnits),
				OrganizationIds: rr.list(hScopeOrgs), KeyUnitsOnly: rr.bool(hKeyOnly)}
		}
		if rr.str(hMetric)+rr.str(hMetricUnit)+rr.str(hTarget)+rr.str(hComparison)+rr.str(hFrequency)+
			rr.str(hSplit)+rr.str(hRounding)+rr.str(hPrecision) != "" {
			t.Measure = &zerenv1.Measure{
				Metric: rr.str(hMetric), Unit: rr.str(hMetricUnit), Target: rr.float(hTarget),
				Comparison: zerenv1.Comparison(rr.enum(hComparison, comparisons)),
				PeriodKind: zerenv1.PeriodKind(rr.enum(hFrequency, frequencies)),
				Split:      zerenv1.SplitRule(rr.enum(hSplit, splits)), Rounding: zerenv1.Rounding(rr.enum(hRounding, roundings)),
				Precision: rr.int32(hPrecision),
			}
		}
		ids("task", tasksT, rr, t.Id)
		plan.Tasks = append(plan.Tasks, t)
	}
	for _, row := range respT.rows {
		rr := respT.row(row, &ps)
		e := &zerenv1.ResponsibilityEntry{
			Id: rr.required(hID), TaskId: rr.required(hTaskID), ResponsibleDepartment: rr.str(hDepartment),
			ResponsibleUnitIds: rr.list(hUnits), PostKindId: rr.postKind(hOwnerPost, pk),
			Deadline: rr.time(hDeadline), Note: rr.str(hNote),
		}
		if _, ok := rowOf["task"][e.TaskId]; e.TaskId != "" && !ok {
			rr.add(hTaskID, CodeReference, fmt.Sprintf("任务清单中没有编号为“%s”的任务", e.TaskId),
				fmt.Sprintf("no task with id %q in %s", e.TaskId, SheetTasks))
		}
		ids("responsibility entry", respT, rr, e.Id)
		plan.Responsibilities = append(plan.Responsibilities, e)
	}
	if len(ps) == 0 && c.h != nil {
		var ve *checklist.ValidationError
		if err := checklist.Validate(plan, c.h); errors.As(err, &ve) {
			for _, p := range ve.Problems {
				locateProblem(p, rowOf, locate, headerCells, &ps)
			}
		} else if err != nil {
			return nil, err
		}
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	return plan, nil
}

func (rr rowReader) postKind(h string, pk postKinds) string {
	s := rr.str(h)
	id, ok := pk.parse(s)
	if !ok {
		rr.add(h, CodeReference, fmt.Sprintf("“%s”不是责任体系中的岗位（%s）", s, strings.Join(pk.choices(), "、")),
			fmt.Sprintf("%q is not a post kind of the framework", s))
	}
	return id
}

// readHeader reads the plan's fields from the labels in column A of the 说明
// sheet (rows 1–20).
func readHeader(f *excelize.File, plan *zerenv1.Plan, ps *problems) map[string]string {
	cells := map[string]string{}
	if idx, _ := f.GetSheetIndex(SheetInstructions); idx < 0 {
		ps.add(SheetInstructions, "", "", CodeFormat, "缺少工作表“"+SheetInstructions+"”", "the sheet "+strconv.Quote(SheetInstructions)+" is missing")
		return cells
	}
	for n := 1; n <= 20; n++ {
		label, _ := f.GetCellValue(SheetInstructions, fmt.Sprintf("A%d", n))
		cell := fmt.Sprintf("B%d", n)
		v, _ := f.GetCellValue(SheetInstructions, cell, excelize.Options{RawCellValue: true})
		v = strings.TrimSpace(v)
		if fm, _ := f.GetCellFormula(SheetInstructions, cell); fm != "" {
			fm = "=" + strings.TrimPrefix(fm, "=")
			ps.add(SheetInstructions, cell, label, CodeFormula, "应填写数值，不能使用公式（"+fm+"）", "a value is expected, not a formula ("+fm+")")
			continue
		}
		switch strings.TrimSpace(label) {
		case hPlanID, hPlanName, hFramework, hYear:
			cells[strings.TrimSpace(label)] = cell
		}
		switch strings.TrimSpace(label) {
		case hPlanID:
			plan.Id = v
		case hPlanName:
			plan.Name = v
		case hFramework:
			plan.FrameworkId = v
		case hYear:
			if v == "" {
				continue
			}
			y, err := strconv.Atoi(v)
			if err != nil || y < 1900 || y > 9999 {
				ps.add(SheetInstructions, cell, hYear, CodeValue, fmt.Sprintf("不是年份：“%s”", v), fmt.Sprintf("not a year: %q", v))
				continue
			}
			plan.Year = int32(y)
		}
	}
	return cells
}

// fieldHeaders maps the schema's field names (as checklist.Validate spells
// them) to the column that holds them.
var fieldHeaders = map[string]string{
	"id": hID, "number": hNumber, "dimension": hDimension, "title": hTask, "description": hTaskDesc,
	"origin": hOrigin, "severity": hSeverity, "problem_ids": hProblemIDs, "owner_post_kind_id": hOwnerPost,
	"lead_department": hLead, "assisting_departments": hAssisting, "scope": hScopeLevels,
	"scope.level_ids": hScopeLevels, "scope.unit_ids": hScopeUnits, "scope.organization_ids": hScopeOrgs,
	"scope.key_units_only": hKeyOnly, "measure": hTarget, "measure.metric": hMetric, "measure.unit": hMetricUnit,
	"measure.target": hTarget, "measure.comparison": hComparison, "measure.period_kind": hFrequency,
	"measure.split": hSplit, "measure.rounding": hRounding, "measure.precision": hPrecision,
	"deadline": hDeadline, "weight": hWeight, "task_id": hTaskID, "responsible_department": hDepartment,
	"responsible_unit_ids": hUnits, "post_kind_id": hOwnerPost, "note": hNote,
	"kind": hTaskKind, "tags": hTags,
	"year": hYear, "name": hPlanName, "framework_id": hFramework,
}

// locateProblem places a problem checklist.Validate found at its row and
// column, keeping the library's problem as its Cause.
func locateProblem(p checklist.Problem, rowOf map[string]map[string]int, tables map[string]*table, headerCells map[string]string, ps *problems) {
	field := p.Field
	if i := strings.IndexAny(field, "[("); i >= 0 {
		field = field[:i]
	}
	h := fieldHeaders[field]
	if p.Record == "problem" && field == "title" {
		h = hProblem
	} else if p.Record == "problem" && field == "description" {
		h = hProblemDesc
	}
	zh, en := "未通过校验："+p.MessageOrCodeZh(), p.Message
	sheet, cell := SheetInstructions, headerCells[h]
	switch t, n := tables[p.Record], rowOf[p.Record][p.ID]; {
	case p.Record == "plan":
	case t == nil || n == 0:
		// Not a row of the workbook: the sheet, and the record in full.
		if t != nil {
			sheet = t.sheet
		}
		cell, zh, en = "", "未通过校验："+p.Zh(), p.String()
	default:
		sheet, cell = t.sheet, t.row(tableRow{n: n}, ps).cell(h)
	}
	cause := p
	*ps = append(*ps, Problem{Sheet: sheet, Cell: cell, Column: h, Code: CodeInvalid, Zh: zh, En: en, Cause: &cause})
}
