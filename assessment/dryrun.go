package assessment

import (
	"context"
	"fmt"
	"iter"
	"math/big"
	"slices"
	"strconv"
	"strings"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// DryRunReport compares two rule sets on the same snapshot of facts, unit by
// unit: what a new indicator system would change before it is adopted.
type DryRunReport struct {
	// OldRules and NewRules are the rules digests of the two systems.
	OldRules, NewRules string
	// Added and Removed are the ids of the indicators, bonuses and
	// deductions only the new, or only the old, system has.
	Added, Removed []string
	// Units in unit id order, every unit of the snapshot.
	Units []UnitChange
}

// UnitChange is one unit's outcome under the old and the new rules.
type UnitChange struct {
	// UnitID is the unit.
	UnitID string
	// OldScore and NewScore are decimal text; Delta is new − old.
	OldScore, NewScore, Delta string
	// OldGrade and NewGrade are grade ids; OldGradeName and NewGradeName
	// their display names.
	OldGrade, NewGrade, OldGradeName, NewGradeName string
	// OldRank and NewRank are the ranks; 0 for a unit not ranked (a veto
	// under VETO_RANKING_APART, or an incomplete result).
	OldRank, NewRank int32
	// OldVetoes and NewVetoes are the vetoes that fired.
	OldVetoes, NewVetoes []string
	// Items lists the indicators, bonuses and deductions whose points
	// differ, in the new system's order followed by items the new system
	// dropped; an item added or dropped shows only where it scores points.
	Items []ItemChange
}

// Changed reports whether anything of the unit's outcome differs.
func (u UnitChange) Changed() bool {
	return u.OldScore != u.NewScore || u.OldGrade != u.NewGrade || u.OldRank != u.NewRank ||
		!slices.Equal(u.OldVetoes, u.NewVetoes) || len(u.Items) > 0
}

// ItemChange is the change of one indicator, bonus or deduction.
type ItemChange struct {
	// ID and Name of the item.
	ID, Name string
	// Old and New points as decimal text; empty where the item does not
	// exist. Delta is new − old.
	Old, New, Delta string
}

// DryRun runs the old and the new engine on the same snapshot (for example
// last year's facts) and reports, unit by unit, how scores, grades, ranks,
// vetoes and item points would change. It returns the first error either
// run returns. It is [DryRunBatches] over one batch.
func DryRun(ctx context.Context, old, next *Engine, snapshot []*zerenv1.UnitFacts, opts ...RunOption) (*DryRunReport, error) {
	return DryRunBatches(ctx, old, next, func(yield func([]*zerenv1.UnitFacts, error) bool) {
		yield(snapshot, nil)
	}, opts...)
}

// DryRunBatches is [DryRun] for a snapshot too large to hold at once, as
// [Engine.RunBatches] is [Engine.Run]: it reads batches once, scores each
// batch with the old and then the new engine, keeps only the two results
// of each unit, and ranks, grades and compares them at the end. A batch's
// facts may be dropped once the next batch is asked for. The report is the
// one DryRun gives for all the batches' units in the same order, whatever
// the batch size. Errors come as DryRun's do: the old rules' first, then
// the new rules'; an error batches yields stops the dry run and is
// returned as it is.
func DryRunBatches(ctx context.Context, old, next *Engine, batches iter.Seq2[[]*zerenv1.UnitFacts, error], opts ...RunOption) (*DryRunReport, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	ra, rb := old.newBatchRun(opts), next.newBatchRun(opts)
	var nextErr error // the new rules' error, reported only if the old rules' run succeeds
	for units, err := range batches {
		if err != nil {
			return nil, err
		}
		if err := ra.add(ctx, units); err != nil {
			return nil, fmt.Errorf("assessment: dry run with the old rules: %w", err)
		}
		if nextErr == nil {
			nextErr = rb.add(ctx, units)
		}
	}
	a, err := ra.finish()
	if err != nil {
		return nil, fmt.Errorf("assessment: dry run with the old rules: %w", err)
	}
	if nextErr != nil {
		return nil, fmt.Errorf("assessment: dry run with the new rules: %w", nextErr)
	}
	b, err := rb.finish()
	if err != nil {
		return nil, fmt.Errorf("assessment: dry run with the new rules: %w", err)
	}
	rep := &DryRunReport{OldRules: old.rulesDigest, NewRules: next.rulesDigest}
	for id := range next.ids {
		if _, ok := old.ids[id]; !ok && !next.isVeto(id) {
			rep.Added = append(rep.Added, id)
		}
	}
	for id := range old.ids {
		if _, ok := next.ids[id]; !ok && !old.isVeto(id) {
			rep.Removed = append(rep.Removed, id)
		}
	}
	slices.Sort(rep.Added)
	slices.Sort(rep.Removed)
	for _, nr := range b.Results {
		or := a.Result(nr.GetUnitId())
		u := UnitChange{UnitID: nr.GetUnitId(),
			OldScore: or.GetScore(), NewScore: nr.GetScore(), Delta: delta(or.GetScore(), nr.GetScore()),
			OldGrade: or.GetGradeId(), NewGrade: nr.GetGradeId(), OldRank: or.GetRank(), NewRank: nr.GetRank(),
			OldGradeName: old.GradeName(or.GetGradeId()), NewGradeName: next.GradeName(nr.GetGradeId()),
			OldVetoes: or.GetVetoIds(), NewVetoes: nr.GetVetoIds()}
		u.Items = itemChanges(flatten(or), flatten(nr))
		rep.Units = append(rep.Units, u)
	}
	slices.SortFunc(rep.Units, func(x, y UnitChange) int { return strings.Compare(x.UnitID, y.UnitID) })
	return rep, nil
}

// item is one scored item of a result.
type item struct{ id, name, points string }

// flatten lists a result's indicators (depth first), bonuses and
// deductions.
func flatten(r *zerenv1.Result) []item {
	var out []item
	var walk func([]*zerenv1.IndicatorResult)
	walk = func(list []*zerenv1.IndicatorResult) {
		for _, ir := range list {
			out = append(out, item{ir.GetIndicatorId(), ir.GetName(), ir.GetPoints()})
			walk(ir.GetChildren())
		}
	}
	walk(r.GetIndicators())
	for _, ir := range r.GetBonuses() {
		out = append(out, item{ir.GetIndicatorId(), ir.GetName(), "+" + ir.GetPoints()})
	}
	for _, ir := range r.GetDeductions() {
		out = append(out, item{ir.GetIndicatorId(), ir.GetName(), "-" + ir.GetPoints()})
	}
	return out
}

func itemChanges(old, next []item) []ItemChange {
	byID := make(map[string]item, len(old))
	for _, it := range old {
		byID[it.id] = it
	}
	seen := make(map[string]bool, len(next))
	var out []ItemChange
	for _, it := range next {
		seen[it.id] = true
		o, ok := byID[it.id]
		switch {
		case !ok:
			if decimalRat(it.points).Sign() != 0 {
				out = append(out, ItemChange{ID: it.id, Name: it.name, New: it.points, Delta: delta("", it.points)})
			}
		case o.points != it.points:
			out = append(out, ItemChange{ID: it.id, Name: it.name, Old: o.points, New: it.points, Delta: delta(o.points, it.points)})
		}
	}
	for _, it := range old {
		if !seen[it.id] && decimalRat(it.points).Sign() != 0 {
			out = append(out, ItemChange{ID: it.id, Name: it.name, Old: it.points, Delta: delta(it.points, "")})
		}
	}
	return out
}

// delta returns b − a for decimal texts (empty reads as 0), with as many
// decimal places as the longer of the two.
func delta(a, b string) string {
	ra, rb := decimalRat(a), decimalRat(b)
	places := max(fracDigits(a), fracDigits(b))
	d := new(big.Rat).Sub(rb, ra)
	s := d.FloatString(places)
	if d.Sign() >= 0 {
		s = "+" + s
	}
	return s
}

func decimalRat(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(strings.TrimPrefix(s, "+"))
	if !ok {
		return new(big.Rat)
	}
	return r
}

func fracDigits(s string) int {
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}

// String renders the report as text: one line per unit that changes, with
// its indicator-level changes below it, then a count of the unchanged.
func (r *DryRunReport) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "规则试算 Dry run: 原规则 old %.12s… → 新规则 new %.12s…\n", r.OldRules, r.NewRules)
	if len(r.Added) > 0 {
		fmt.Fprintf(&b, "新增项目 added: %s\n", strings.Join(r.Added, ", "))
	}
	if len(r.Removed) > 0 {
		fmt.Fprintf(&b, "删除项目 removed: %s\n", strings.Join(r.Removed, ", "))
	}
	same := 0
	for _, u := range r.Units {
		if !u.Changed() {
			same++
			continue
		}
		fmt.Fprintf(&b, "%s: 总分 score %s → %s (%s), 等次 grade %s → %s, 排名 rank %s → %s\n",
			u.UnitID, u.OldScore, u.NewScore, u.Delta, orDash(u.OldGradeName), orDash(u.NewGradeName), rankText(u.OldRank), rankText(u.NewRank))
		if !slices.Equal(u.OldVetoes, u.NewVetoes) {
			fmt.Fprintf(&b, "  一票否决 vetoes: [%s] → [%s]\n", strings.Join(u.OldVetoes, ", "), strings.Join(u.NewVetoes, ", "))
		}
		for _, it := range u.Items {
			fmt.Fprintf(&b, "  %s %s: %s → %s (%s)\n", it.ID, it.Name, orDash(it.Old), orDash(it.New), it.Delta)
		}
	}
	fmt.Fprintf(&b, "未变化 unchanged: %d / %d\n", same, len(r.Units))
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func (e *Engine) isVeto(id string) bool {
	for _, v := range e.vetoes {
		if v.id == id {
			return true
		}
	}
	return false
}

// rankText renders a rank, "-" for a unit not ranked.
func rankText(r int32) string {
	if r == 0 {
		return "-"
	}
	return strconv.Itoa(int(r))
}
