package assessment

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// MarshalJSON renders a message (a result, typically) as stable JSON:
// protojson field names and order, indented by two spaces, byte-identical
// for equal messages on every platform and protobuf build.
func MarshalJSON(m proto.Message) ([]byte, error) {
	raw, err := protojson.MarshalOptions{}.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("assessment: marshal %s: %w", m.ProtoReflect().Descriptor().FullName(), err)
	}
	// protojson varies its whitespace on purpose; encoding/json fixes it.
	var out bytes.Buffer
	if err := json.Indent(&out, raw, "", "  "); err != nil {
		return nil, fmt.Errorf("assessment: indent JSON: %w", err)
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}

// Render renders one result as a derivation a reviewer in a 机关工委 can
// retrace, in Chinese with English labels: the score and how it is made, the
// grade and rank, the review, the vetoes, every indicator with its points,
// maximum, formula, value and the facts it read, the bonuses and deductions
// with their modifiers, the diagnostics and the provenance. The text is
// stable: the same result renders to the same bytes.
func (e *Engine) Render(r *zerenv1.Result) string { return e.render(r, both) }

// RenderIn is [Engine.Render] in one language: lang "zh" (Chinese labels
// only), "en" (English labels only) or "" (both, as Render). Names from the
// data (units, indicators, grades) are as written.
func (e *Engine) RenderIn(r *zerenv1.Result, lang string) string { return e.render(r, labelsFor(lang)) }

// labels picks the labels of a rendering: Chinese, English or both.
type labels int

const (
	both labels = iota
	zhOnly
	enOnly
)

func labelsFor(lang string) labels {
	switch lang {
	case "zh":
		return zhOnly
	case "en":
		return enOnly
	}
	return both
}

// l joins a label's Chinese and English as the rendering asks.
func (l labels) l(zh, en string) string {
	switch l {
	case zhOnly:
		return zh
	case enOnly:
		return en
	}
	return zh + " " + en
}

// f picks one of three whole texts: both languages (as Render has always
// written it), Chinese, English.
func (l labels) f(both, zh, en string) string {
	switch l {
	case zhOnly:
		return zh
	case enOnly:
		return en
	}
	return both
}

func (e *Engine) render(r *zerenv1.Result, L labels) string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("%s: %s\n", L.l("考核结果", "Assessment result"), e.sys.GetName())
	w("%s: %s    %s: %s\n", L.l("单位", "Unit"), r.GetUnitId(), L.l("期间", "Period"), periodText(r.GetPeriod(), L))
	w("%s: %s = %s %s + %s %s − %s %s%s\n", L.l("总分", "Score"),
		r.GetScore(), L.l("基础分", "base"), r.GetBaseScore(), L.l("加分", "bonuses"), sumPoints(r.GetBonuses(), e.prec),
		L.l("扣分", "deductions"), sumPoints(r.GetDeductions(), e.prec),
		L.f("（满分 max "+e.MaxScore()+"）", "（满分 "+e.MaxScore()+"）", " (max "+e.MaxScore()+")"))
	grade, rank := L.l("等次", "Grade"), L.l("排名", "Rank")
	switch {
	case r.GetIncomplete():
		w("%s: -    %s: -%s\n", grade, rank, L.f("（无法计分：有指标无数据，按规则不评定等次、不参加排名 incomplete: not graded, not ranked）",
			"（无法计分：有指标无数据，按规则不评定等次、不参加排名）", " (incomplete: not graded, not ranked)"))
	case r.GetGradeId() != "" && r.GetRank() == 0 && len(r.GetVetoIds()) > 0:
		w("%s: %s (%s)    %s: -%s\n", grade, e.GradeName(r.GetGradeId()), r.GetGradeId(), rank, L.f("（一票否决，不参加排名 vetoed, not ranked）", "（一票否决，不参加排名）", " (vetoed, not ranked)"))
	case r.GetGradeId() != "" || r.GetRank() != 0:
		w("%s: %s (%s)    %s: %d\n", grade, e.GradeName(r.GetGradeId()), r.GetGradeId(), rank, r.GetRank())
	}
	if rv := r.GetReview(); rv != nil {
		valid := L.l("有效", "valid")
		if !rv.GetValid() {
			valid = L.l("无效", "invalid")
		}
		w("%s: %s %s, %s %s%%, %s", L.l("述职评议", "Review"), L.l("得分", "score"), e.figure(rv.GetScore()),
			L.l("满意度", "satisfaction"), e.figure(rv.GetSatisfaction()), valid)
		if len(rv.GetGroupsBelowQuorum()) > 0 {
			w(", %s: %s", L.l("未达法定人数", "below quorum"), strings.Join(rv.GetGroupsBelowQuorum(), ", "))
		}
		if sc := e.review; sc != nil && sc.weight.Sign() > 0 {
			w(", %s %s%%", L.l("计入基础分", "counts"), num(e.sys.GetReview().GetWeightPercent()))
		}
		b.WriteString("\n")
	}
	if len(r.GetVetoIds()) > 0 {
		w("%s:\n", L.l("一票否决", "Vetoes"))
		for _, id := range r.GetVetoIds() {
			w("  %s %s\n", id, e.vetoText(id, L))
		}
	}
	w("%s:\n", L.f("指标 Indicators（得分/分值 points/max）", "指标（得分/分值）", "Indicators (points/max)"))
	for _, ir := range r.GetIndicators() {
		e.renderIndicator(&b, ir, 1, L)
	}
	for _, part := range []struct {
		title string
		items []*zerenv1.IndicatorResult
	}{{L.l("加分", "Bonuses"), r.GetBonuses()}, {L.l("扣分", "Deductions"), r.GetDeductions()}} {
		if len(part.items) == 0 {
			continue
		}
		w("%s:\n", part.title)
		for _, ir := range part.items {
			e.renderAdjustment(&b, ir, L)
		}
	}
	if len(r.GetDiagnostics()) > 0 {
		w("%s:\n", L.l("问题", "Diagnostics"))
		for _, d := range r.GetDiagnostics() {
			w("  %s\n", diagText(d, L))
		}
	}
	if p := r.GetProvenance(); p != nil {
		w("%s:\n", L.l("来源", "Provenance"))
		w("  %s sha256: %s\n  %s sha256: %s\n  %s: %s    %s: %s\n",
			L.l("规则", "rules"), p.GetRulesDigest(), L.l("数据", "facts"), p.GetFactsDigest(),
			L.l("规则环境", "environment"), p.GetEnvironment(), L.l("引擎", "engine"), p.GetEngine())
	}
	return b.String()
}

func (e *Engine) renderIndicator(b *strings.Builder, ir *zerenv1.IndicatorResult, depth int, L labels) {
	pad := strings.Repeat("  ", depth)
	note := ""
	if ir.GetExcluded() {
		note = L.f("  （不计入 left out）", "  （不计入）", "  (left out)")
	}
	fmt.Fprintf(b, "%s%s %s  %s/%s%s\n", pad, ir.GetIndicatorId(), ir.GetName(), ir.GetPoints(), ir.GetMaxPoints(), note)
	if len(ir.GetChildren()) > 0 {
		for _, c := range ir.GetChildren() {
			e.renderIndicator(b, c, depth+1, L)
		}
		return
	}
	renderRule(b, pad+"    ", ir, L)
}

func (e *Engine) renderAdjustment(b *strings.Builder, ir *zerenv1.IndicatorResult, L labels) {
	capText := ""
	if c := ir.GetMaxPoints(); c != "" {
		capText = L.f("（封顶 cap "+c+"）", "（封顶 "+c+"）", " (cap "+c+")")
	}
	fmt.Fprintf(b, "  %s %s  %s%s\n", ir.GetIndicatorId(), ir.GetName(), ir.GetPoints(), capText)
	renderRule(b, "      ", ir, L)
	for _, m := range ir.GetChildren() {
		held := L.l("不成立", "not held")
		if m.GetValue() != 0 {
			held = L.l("成立", "held")
		}
		fmt.Fprintf(b, "      %s %s ×%s: %s\n", L.l("修正", "modifier"), m.GetName(), e.factorText(m.GetIndicatorId()), held)
		renderRule(b, "        ", m, L)
	}
}

// renderRule writes a rule's formula, value, inputs and diagnostic.
func renderRule(b *strings.Builder, pad string, ir *zerenv1.IndicatorResult, L labels) {
	formula := strings.ReplaceAll(ir.GetFormula(), "\n", "\n"+pad+"  ")
	fmt.Fprintf(b, "%s%s: %s\n", pad, L.l("公式", "formula"), formula)
	if d := ir.GetDiagnostic(); d != nil {
		fmt.Fprintf(b, "%s%s: %s\n", pad, L.l("问题", "problem"), diagText(d, L))
	} else {
		fmt.Fprintf(b, "%s%s: %s\n", pad, L.l("取值", "value"), num(ir.GetValue()))
	}
	for _, in := range ir.GetInputs() {
		fmt.Fprintf(b, "%s%s: %s = %s\n", pad, L.l("依据", "input"), in.GetPath(), in.GetValue())
	}
}

func diagText(d *zerenv1.Diagnostic, L labels) string {
	pos := ""
	if d.GetLine() > 0 {
		pos = L.f(fmt.Sprintf(" 第%d行第%d列 line %d, column %d", d.GetLine(), d.GetColumn(), d.GetLine(), d.GetColumn()),
			fmt.Sprintf(" 第%d行第%d列", d.GetLine(), d.GetColumn()), fmt.Sprintf(" line %d, column %d", d.GetLine(), d.GetColumn()))
	}
	zh, en := d.GetMessageZh(), d.GetMessage()
	if zh == "" {
		zh = en
	}
	return fmt.Sprintf("[%s]%s: %s", d.GetRuleId(), pos, L.f(d.GetMessageZh()+" / "+en, zh, en))
}

func (e *Engine) vetoText(id string, L labels) string {
	if id == ReviewVetoID && e.review != nil && e.review.capGrade >= 0 {
		t, g := formatTicks(e.review.threshold, e.prec), e.grades[e.review.capGrade].name
		return L.f(fmt.Sprintf("述职评议满意度低于 %s%%，等次不高于%s (satisfaction below threshold)", t, g),
			fmt.Sprintf("述职评议满意度低于 %s%%，等次不高于%s", t, g),
			fmt.Sprintf("review satisfaction below %s%%: grade at most %s", t, g))
	}
	for _, v := range e.vetoes {
		if v.id != id || v.grade < 0 {
			continue
		}
		g := e.grades[v.grade].name
		if v.action == zerenv1.VetoAction_VETO_ACTION_FORCE_GRADE {
			return L.f(fmt.Sprintf("%s：等次定为%s (force grade)", v.name, g), fmt.Sprintf("%s：等次定为%s", v.name, g),
				fmt.Sprintf("%s: grade set to %s", v.name, g))
		}
		return L.f(fmt.Sprintf("%s：等次不高于%s (cap grade)", v.name, g), fmt.Sprintf("%s：等次不高于%s", v.name, g),
			fmt.Sprintf("%s: grade at most %s", v.name, g))
	}
	return ""
}

func (e *Engine) factorText(ruleID string) string {
	for _, list := range [][]*adjustment{e.bonuses, e.deductions} {
		for _, a := range list {
			for _, m := range a.mods {
				if m.ruleID == ruleID {
					return m.factorText
				}
			}
		}
	}
	return "?"
}

// sumPoints adds the points of adjustments.
func sumPoints(items []*zerenv1.IndicatorResult, prec int) string {
	var t int64
	for _, ir := range items {
		p, _ := parseTicks(ir.GetPoints(), prec)
		t += p
	}
	return formatTicks(t, prec)
}

// num renders a formula's value: the shortest decimal of the float64, which
// is exactly the decimal scoring used (see quantize).
func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// figure renders a score or review figure at the system's precision, e.g.
// 90.5 as "90.50".
func (e *Engine) figure(f float64) string {
	t, ok := decOf(f).ticks(e.prec, e.rule)
	if !ok {
		return num(f)
	}
	return formatTicks(t, e.prec)
}

func periodText(p *zerenv1.Period, L labels) string {
	if L == enOnly {
		switch p.GetKind() {
		case zerenv1.PeriodKind_PERIOD_KIND_YEAR:
			return fmt.Sprintf("%d", p.GetYear())
		case zerenv1.PeriodKind_PERIOD_KIND_HALF:
			return fmt.Sprintf("%d H%d", p.GetYear(), p.GetIndex())
		case zerenv1.PeriodKind_PERIOD_KIND_QUARTER:
			return fmt.Sprintf("%d Q%d", p.GetYear(), p.GetIndex())
		case zerenv1.PeriodKind_PERIOD_KIND_MONTH:
			return fmt.Sprintf("%d-%02d", p.GetYear(), p.GetIndex())
		}
		return "-"
	}
	switch p.GetKind() {
	case zerenv1.PeriodKind_PERIOD_KIND_YEAR:
		return fmt.Sprintf("%d年度", p.GetYear())
	case zerenv1.PeriodKind_PERIOD_KIND_HALF:
		return fmt.Sprintf("%d年%s半年", p.GetYear(), map[int32]string{1: "上", 2: "下"}[p.GetIndex()])
	case zerenv1.PeriodKind_PERIOD_KIND_QUARTER:
		return fmt.Sprintf("%d年第%d季度", p.GetYear(), p.GetIndex())
	case zerenv1.PeriodKind_PERIOD_KIND_MONTH:
		return fmt.Sprintf("%d年%d月", p.GetYear(), p.GetIndex())
	}
	return "-"
}

// RenderRun renders a run as a ranking table (排名): rank, unit (its name
// with its id, or the id when the facts gave no name), score,
// base score, review score, grade and vetoes, one line per unit in rank
// order; then, under their own headings, the units with a veto that
// VETO_RANKING_APART leaves out and the incomplete units; then the use of
// each grade's quota. Scores and review figures show the system's
// precision.
func (e *Engine) RenderRun(run *Run) string { return e.renderRun(run, both) }

// RenderRunIn is [Engine.RenderRun] in one language: lang "zh", "en" or ""
// (both, as RenderRun).
func (e *Engine) RenderRunIn(run *Run, lang string) string { return e.renderRun(run, labelsFor(lang)) }

func (e *Engine) renderRun(run *Run, L labels) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n", L.l("考核排名", "Ranking"), e.sys.GetName())
	b.WriteString(L.f("排名 rank | 单位 unit | 总分 score | 基础分 base | 评议 review | 等次 grade | 否决 vetoes\n",
		"排名 | 单位 | 总分 | 基础分 | 评议 | 等次 | 否决\n", "rank | unit | score | base | review | grade | vetoes\n"))
	apart := map[*zerenv1.Result]string{}
	if len(run.Apart) > 0 {
		apart[run.Apart[0]] = L.f("一票否决单位（不参加排名）Vetoed units, not ranked:\n", "一票否决单位（不参加排名）：\n", "Vetoed units, not ranked:\n")
	}
	if len(run.Incomplete) > 0 {
		apart[run.Incomplete[0]] = L.f("无法计分单位（有指标无数据，不评定等次、不参加排名）Incomplete units, not graded or ranked:\n",
			"无法计分单位（有指标无数据，不评定等次、不参加排名）：\n", "Incomplete units, not graded or ranked:\n")
	}
	for _, r := range run.Results {
		b.WriteString(apart[r])
		rank := "-"
		if r.GetRank() > 0 {
			rank = strconv.Itoa(int(r.GetRank()))
		}
		rv := "-"
		if r.GetReview().GetValid() {
			rv = e.figure(r.GetReview().GetScore())
		}
		grade := "-"
		if r.GetGradeId() != "" {
			grade = e.GradeName(r.GetGradeId())
		}
		vetoes := "-"
		if len(r.GetVetoIds()) > 0 {
			vetoes = strings.Join(r.GetVetoIds(), ",")
		}
		unit := r.GetUnitId()
		if n := r.GetUnitName(); n != "" && n != unit {
			unit = n + "（" + unit + "）"
		}
		fmt.Fprintf(&b, "%s | %s | %s | %s | %s | %s | %s\n", rank, unit, r.GetScore(), r.GetBaseScore(), rv, grade, vetoes)
	}
	if len(run.Quotas) > 0 {
		b.WriteString(L.f("等次 grades:", "等次：", "grades:"))
		for _, q := range run.Quotas {
			fmt.Fprintf(&b, " %s %d", e.GradeName(q.GradeID), q.Count)
			if q.Limit >= 0 {
				fmt.Fprint(&b, L.f(fmt.Sprintf("（上限 limit %d）", q.Limit), fmt.Sprintf("（上限 %d）", q.Limit), fmt.Sprintf(" (limit %d)", q.Limit)))
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}
