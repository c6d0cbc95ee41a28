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
func (e *Engine) Render(r *zerenv1.Result) string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("考核结果 Assessment result: %s\n", e.sys.GetName())
	w("单位 Unit: %s    期间 Period: %s\n", r.GetUnitId(), periodText(r.GetPeriod()))
	w("总分 Score: %s = 基础分 base %s + 加分 bonuses %s − 扣分 deductions %s（满分 max %s）\n",
		r.GetScore(), r.GetBaseScore(), sumPoints(r.GetBonuses(), e.prec), sumPoints(r.GetDeductions(), e.prec), e.MaxScore())
	switch {
	case r.GetIncomplete():
		b.WriteString("等次 Grade: -    排名 Rank: -（无法计分：有指标无数据，按规则不评定等次、不参加排名 incomplete: not graded, not ranked）\n")
	case r.GetGradeId() != "" && r.GetRank() == 0 && len(r.GetVetoIds()) > 0:
		w("等次 Grade: %s (%s)    排名 Rank: -（一票否决，不参加排名 vetoed, not ranked）\n", e.GradeName(r.GetGradeId()), r.GetGradeId())
	case r.GetGradeId() != "" || r.GetRank() != 0:
		w("等次 Grade: %s (%s)    排名 Rank: %d\n", e.GradeName(r.GetGradeId()), r.GetGradeId(), r.GetRank())
	}
	if rv := r.GetReview(); rv != nil {
		valid := "有效 valid"
		if !rv.GetValid() {
			valid = "无效 invalid"
		}
		w("述职评议 Review: 得分 score %s, 满意度 satisfaction %s%%, %s", e.figure(rv.GetScore()), e.figure(rv.GetSatisfaction()), valid)
		if len(rv.GetGroupsBelowQuorum()) > 0 {
			w(", 未达法定人数 below quorum: %s", strings.Join(rv.GetGroupsBelowQuorum(), ", "))
		}
		if sc := e.review; sc != nil && sc.weight.Sign() > 0 {
			w(", 计入基础分 counts %s%%", num(e.sys.GetReview().GetWeightPercent()))
		}
		b.WriteString("\n")
	}
	if len(r.GetVetoIds()) > 0 {
		b.WriteString("一票否决 Vetoes:\n")
		for _, id := range r.GetVetoIds() {
			w("  %s %s\n", id, e.vetoText(id))
		}
	}
	b.WriteString("指标 Indicators（得分/分值 points/max）:\n")
	for _, ir := range r.GetIndicators() {
		e.renderIndicator(&b, ir, 1)
	}
	for _, part := range []struct {
		title string
		items []*zerenv1.IndicatorResult
	}{{"加分 Bonuses", r.GetBonuses()}, {"扣分 Deductions", r.GetDeductions()}} {
		if len(part.items) == 0 {
			continue
		}
		w("%s:\n", part.title)
		for _, ir := range part.items {
			e.renderAdjustment(&b, ir)
		}
	}
	if len(r.GetDiagnostics()) > 0 {
		b.WriteString("问题 Diagnostics:\n")
		for _, d := range r.GetDiagnostics() {
			w("  %s\n", diagText(d))
		}
	}
	if p := r.GetProvenance(); p != nil {
		b.WriteString("来源 Provenance:\n")
		w("  规则 rules sha256: %s\n  数据 facts sha256: %s\n  规则环境 environment: %s    引擎 engine: %s\n",
			p.GetRulesDigest(), p.GetFactsDigest(), p.GetEnvironment(), p.GetEngine())
	}
	return b.String()
}

func (e *Engine) renderIndicator(b *strings.Builder, ir *zerenv1.IndicatorResult, depth int) {
	pad := strings.Repeat("  ", depth)
	note := ""
	if ir.GetExcluded() {
		note = "  （不计入 left out）"
	}
	fmt.Fprintf(b, "%s%s %s  %s/%s%s\n", pad, ir.GetIndicatorId(), ir.GetName(), ir.GetPoints(), ir.GetMaxPoints(), note)
	if len(ir.GetChildren()) > 0 {
		for _, c := range ir.GetChildren() {
			e.renderIndicator(b, c, depth+1)
		}
		return
	}
	renderRule(b, pad+"    ", ir)
}

func (e *Engine) renderAdjustment(b *strings.Builder, ir *zerenv1.IndicatorResult) {
	capText := ""
	if ir.GetMaxPoints() != "" {
		capText = "（封顶 cap " + ir.GetMaxPoints() + "）"
	}
	fmt.Fprintf(b, "  %s %s  %s%s\n", ir.GetIndicatorId(), ir.GetName(), ir.GetPoints(), capText)
	renderRule(b, "      ", ir)
	for _, m := range ir.GetChildren() {
		held := "不成立 not held"
		if m.GetValue() != 0 {
			held = "成立 held"
		}
		fmt.Fprintf(b, "      修正 modifier %s ×%s: %s\n", m.GetName(), e.factorText(m.GetIndicatorId()), held)
		renderRule(b, "        ", m)
	}
}

// renderRule writes a rule's formula, value, inputs and diagnostic.
func renderRule(b *strings.Builder, pad string, ir *zerenv1.IndicatorResult) {
	formula := strings.ReplaceAll(ir.GetFormula(), "\n", "\n"+pad+"  ")
	fmt.Fprintf(b, "%s公式 formula: %s\n", pad, formula)
	if d := ir.GetDiagnostic(); d != nil {
		fmt.Fprintf(b, "%s问题 problem: %s\n", pad, diagText(d))
	} else {
		fmt.Fprintf(b, "%s取值 value: %s\n", pad, num(ir.GetValue()))
	}
	for _, in := range ir.GetInputs() {
		fmt.Fprintf(b, "%s依据 input: %s = %s\n", pad, in.GetPath(), in.GetValue())
	}
}

func diagText(d *zerenv1.Diagnostic) string {
	pos := ""
	if d.GetLine() > 0 {
		pos = fmt.Sprintf(" 第%d行第%d列 line %d, column %d", d.GetLine(), d.GetColumn(), d.GetLine(), d.GetColumn())
	}
	return fmt.Sprintf("[%s]%s: %s / %s", d.GetRuleId(), pos, d.GetMessageZh(), d.GetMessage())
}

func (e *Engine) vetoText(id string) string {
	if id == ReviewVetoID && e.review != nil && e.review.capGrade >= 0 {
		return fmt.Sprintf("述职评议满意度低于 %s%%，等次不高于%s (satisfaction below threshold)",
			formatTicks(e.review.threshold, e.prec), e.grades[e.review.capGrade].name)
	}
	for _, v := range e.vetoes {
		if v.id != id || v.grade < 0 {
			continue
		}
		if v.action == zerenv1.VetoAction_VETO_ACTION_FORCE_GRADE {
			return fmt.Sprintf("%s：等次定为%s (force grade)", v.name, e.grades[v.grade].name)
		}
		return fmt.Sprintf("%s：等次不高于%s (cap grade)", v.name, e.grades[v.grade].name)
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

func periodText(p *zerenv1.Period) string {
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
func (e *Engine) RenderRun(run *Run) string {
	var b strings.Builder
	fmt.Fprintf(&b, "考核排名 Ranking: %s\n", e.sys.GetName())
	b.WriteString("排名 rank | 单位 unit | 总分 score | 基础分 base | 评议 review | 等次 grade | 否决 vetoes\n")
	apart := map[*zerenv1.Result]string{}
	if len(run.Apart) > 0 {
		apart[run.Apart[0]] = "一票否决单位（不参加排名）Vetoed units, not ranked:\n"
	}
	if len(run.Incomplete) > 0 {
		apart[run.Incomplete[0]] = "无法计分单位（有指标无数据，不评定等次、不参加排名）Incomplete units, not graded or ranked:\n"
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
		b.WriteString("等次 grades:")
		for _, q := range run.Quotas {
			fmt.Fprintf(&b, " %s %d", e.GradeName(q.GradeID), q.Count)
			if q.Limit >= 0 {
				fmt.Fprintf(&b, "（上限 limit %d）", q.Limit)
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}
