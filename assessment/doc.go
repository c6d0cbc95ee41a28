// Package assessment is the 综合考核 engine: it scores the units of a city
// or province on an indicator system (指标体系) whose formulas an
// administrator writes in CEL, blends in the 述职评议 of their Party
// secretaries, applies bonuses, deductions and vetoes (一票否决), grades the
// units with quotas (等次比例) and ranks them — so that the 机关党建 "软任务"
// becomes a "硬指标", as the seed report asks, and every number can be
// retraced by a reviewer in a 机关工委 and reproduced on appeal (申诉/复核).
//
// # Use
//
// [New] validates an indicator system (a zerenv1.IndicatorSystem) and
// compiles every formula once in a rule environment from package
// github.com/zerenlab/zeren/cel, reporting every problem at once in a
// [*ValidationError]. The [Engine] it returns is immutable and safe for
// concurrent use. [Engine.Run] scores every unit of a period in parallel
// (see [WithWorkers]) and then grades and ranks them; [Engine.Score] scores
// one unit without grade or rank. [WithReviews] supplies the ballots.
// [Engine.Render] and [MarshalJSON] render a result as a derivation and as
// stable JSON; [Engine.RenderRun] renders the ranking; [DryRun] compares two
// rule sets on the same snapshot, and [DryRunBatches] does so batch by
// batch, as [Engine.RunBatches] scores, for a snapshot too large to hold. [ParseIndicatorSystem], [ParseReviewScheme]
// and [ParseReviews] read the documents from JSON or textproto, naming the
// field at fault in a [*DecodeError]. The facts a run scores are built by
// package github.com/zerenlab/zeren/unitfacts.
//
// # Bound to a plan
//
// An indicator system names the plan (三个清单) it scores: plan_id and
// plan_year. [WithPlan] gives [New] that plan: the binding must match, and
// every task id, task kind and tag a formula compares an assignment with —
// found in the type-checked expression, not in the text — must be on the
// plan, or it is a [Problem] at the constant's line and column. Formulas
// should select work by what it is (`a.task_kind == "三会一课"`,
// `a.dimension == Dimension.DIMENSION_ORGANIZATIONAL`, `"组织生活" in
// a.tags`) rather than by task ids, so that next year's plan, with new ids,
// does not silently leave a rule reading nothing.
//
// # Points of an indicator
//
// A leaf's formula is evaluated against the unit's facts (zerenv1.UnitFacts)
// as a number. Its value v becomes points:
//
//	ratio leaf (default):     points = clamp(v, 0, 1) × max_points
//	points leaf (points_formula): points = clamp(v, 0, max_points)
//
// A formula that finds no data is scored by the leaf's no-data policy (see
// No data below).
//
// An indicator with children (一级指标) is scored from them; it has no
// formula. Its max_points, when unset, is the sum of its children's. Without
// weights, its points are the sum of its children's points, and its
// max_points must equal the sum of theirs (a mismatch is a validation
// problem: it is almost always a typo). When any child has a weight, each
// child i weighs wᵢ = weight, or its max_points when its weight is unset
// (the schema's rule), and
//
//	points = max_points × Σ wᵢ·(pointsᵢ / maxᵢ) / Σ wᵢ
//
// The 一级指标 combine in the same way into the indicator total, on the
// system's max_score (default: the sum of the 一级指标's max_points). Every
// leaf needs max_points above 0; maxima, caps and min scores are at most
// 10⁹, and maxima and caps have at most `precision` decimal places.
//
// # No data (无数据)
//
// A formula that finds nothing to score fails with an error matching
// cel.ErrNoData: completion_rate or on_time_rate given an empty selection
// (say, a filter on a task id the unit was never assigned, or only retired
// work), or a metric read without a default (facts.metrics["x"] for a
// metric the OA did not supply). A formula that means to default writes it
// down — facts.metrics[?"x"].orValue(0.0), or
// size(sel) == 0 ? 1.0 : completion_rate(sel) — and then has data. No data
// is never a silent score: the leaf's no_data policy decides, and the
// derivation marks the leaf no_data, keeps its inputs and carries a
// diagnostic naming the unit and the indicator and what was done (also
// listed in the result's diagnostics):
//
//   - NO_DATA_POLICY_ZERO (the default, also when unset): 0 points.
//   - NO_DATA_POLICY_EXCLUDE: the leaf is left out (excluded) and its parent
//     is scored over its other children, renormalised to its full maximum:
//     points = Σ kept points × (max_points / Σ kept maxima), or by weight
//     over the kept children; a parent whose children are all left out is
//     left out in turn, up to the 一级指标 and the total.
//   - NO_DATA_POLICY_FULL_MARKS: max_points.
//   - NO_DATA_POLICY_FAIL_UNIT: the result is marked incomplete; the unit is
//     neither graded nor ranked (rank 0), and is listed after the ranked
//     units and in [Run].Incomplete. Its points are computed as under ZERO,
//     for the record only.
//
// Only leaves have a policy; one set on an indicator with children is a
// validation problem. A failure other than no data (a type error, the cost
// limit, a non-finite value) still counts 0 whatever the policy.
//
// # Review (述职评议)
//
// Each rater group's ballots (tallies of 好/较好/一般/差, scoring 100/80/60/40
// unless the scheme sets other scores) count when the group has at least
// max(quorum, 1) ballots; groups below quorum are left out and listed in
// groups_below_quorum, and the review is valid when at least one group
// counts. With trim_percent t, k = floor(n·t/100) ballots are dropped at the
// top and at the bottom of a group of n (fewer if that would leave none).
//
//	group score  = mean of the group's remaining ballot scores
//	review score = Σ weight_g·score_g / Σ weight_g   over the groups that count
//	satisfaction = 100 × (好 + 较好) / all ballots   of the groups that count, untrimmed
//
// With weight_percent w > 0 the review counts in the base score, rescaled
// from the best choice score to max_score:
//
//	base = (1 − w/100)·indicator total + (w/100)·(review score / best choice score)·max_score
//
// A unit without a valid review then counts 0 for it, with a diagnostic.
// With weight_percent 0 the review is reported only (base = indicator
// total). Without ballots for a unit, the review already in its facts
// (UnitFacts.review, scored by the OA) is taken as it is. Rules see the
// scored review as facts.review. A valid review whose satisfaction (rounded
// as shown) is below satisfaction_threshold caps the grade at
// below_threshold_grade_id, like a veto, and adds [ReviewVetoID] to the
// result's veto ids.
//
// # Bonuses, deductions and the total
//
// An adjustment's formula yields points (a negative value reads as 0). Its
// modifiers are evaluated in order; each whose condition holds multiplies
// the points by its factor (e.g. 主动自查 ×0.5, 瞒报 ×2). Then the cap
// applies (0 means no cap), then the rounding:
//
//	item = round(min(max(v, 0) × Π factors of the modifiers that hold, cap))
//	score = max(0, base + Σ bonuses − Σ deductions)
//
// A modifier's condition is a rule over the unit's facts (not over one
// finding): "every finding was self-reported", "a finding was concealed".
// Adjustments, modifiers and vetoes also see the result so far as the
// variable result (indicators, base_score and review; vetoes also the
// bonuses, deductions and score). In a result, an adjustment's children are
// its modifiers, with value 1 where the condition held and 0 where not.
//
// # Vetoes, grades, quotas, ties and ranks
//
// A veto whose condition holds forces the grade (FORCE_GRADE; the worst
// forced grade wins) or caps it (CAP_GRADE: the grade is no better than the
// one named). Grades are listed best first with strictly decreasing
// min_score; a unit's band is the first grade whose min_score its score
// reaches, the last grade taking everything below. Units are then graded in
// score order (higher first, ties by the tie rule below): each starts from
// its band, no better than its caps; a grade
// with a quota admits at most
//
//	limit = floor(n × quota_percent / 100)
//
// of the n units of the run (a ceiling, "不超过": 0 when n is small; forced
// units take seats too). A unit that reaches a full grade drops to the next.
// Units with equal scores are ordered by the tie rule:
//
//   - TIE_RULE_REVIEW_THEN_ID (the default): higher review score first (a
//     unit with a valid review before one without), then unit id.
//   - TIE_RULE_ID: unit id.
//   - TIE_RULE_SHARED: tied units share a rank (1, 2, 2, 4) and are listed by
//     unit id; for quotas a tie group enters a grade whole or not at all:
//     if it would straddle the limit, the whole group drops to the next
//     grade.
//
// Once units have been dropped from a grade for its quota, the grade stays
// closed to every unit that scored below them, so a quota never gives a
// unit a better grade than one that scored above it.
//
// Ranks then order units by grade first, then score, then the tie rule
// (the grade scale's veto_ranking says where vetoed units go):
//
//   - VETO_RANKING_BY_GRADE (the default, also when unset): a unit whose
//     grade a veto forced or capped never ranks above a unit with a better
//     grade — a unit with 100 points and a 一票否决 that forces 差 ranks
//     first among the 差 units, below every 好, 较好 and 一般. Without vetoes
//     the order is the score order, since grades follow scores.
//   - VETO_RANKING_APART: units with any veto (the review's satisfaction
//     cap included) are left out of the ranking: rank 0, listed after the
//     ranked units and in [Run].Apart, in score order. They are still
//     graded, and take their seats in the quotas. result.ranked counts the
//     ranked units only.
//
// # Exact scores
//
// Every float the rules or the system supply is read once as its shortest
// decimal representation (strconv's, so 89.995 is 89.995 and not the binary
// 89.99499999…), and all arithmetic after that is exact (integers and
// big.Rat): no float chain, so no FMA or platform difference. A formula's
// value is first rounded half up to 10 decimal places (and 15 significant
// digits), which removes the noise of its float arithmetic
// (6.0 − 50.0 × (1.0 − 0.94) = 2.9999999999999973 is used as 3); the
// derivation shows exactly that decimal as the value. Each number a
// person sees — a leaf's or parent's points, an adjustment, the review score
// and satisfaction, the base score — is rounded once to the system's
// precision (default 2) by its rounding rule (HALF_UP 四舍五入, the default;
// HALF_EVEN; DOWN toward zero) from exact inputs, and a parent adds its
// children's points as shown, so the derivation adds up. Scores are decimal
// text ("90.00"); grade bands and thresholds compare the shown values; the
// renderings print review scores and satisfaction at the same precision
// (90.50, not 90.5).
//
// # Derivation inputs
//
// With [WithInputs] (the default) each formula's derivation lists the facts
// it read: a scalar with its value, a list with its items named by id (at
// most 20, "… 共 52 项" for the rest), and for each filter over the facts
// (facts.assignments.filter(a, …)) the items the filter kept, so that a
// reviewer sees which tasks, findings, cases or vetoes counted.
//
// Each formula's derivation (IndicatorResult.evaluator) and each rule's
// diagnostic (Diagnostic.evaluator) name how the rule ran: "native" (compiled
// to Go by package cel), "native+cel" (Go with some sub-expressions left to
// cel-go) or "cel". The results are the same either way; build the engine on
// an environment made with cel.WithCELOnly to use cel-go throughout.
//
// # Diagnostics and provenance
//
// A rule that fails for a unit (an evaluation error, the cost limit, a
// non-finite result) becomes a zerenv1.Diagnostic on its indicator or
// adjustment and in the result's diagnostics — with the rule id, the line
// and column when known, and English and Chinese messages — and counts 0
// (a failing modifier or veto does not hold); the run goes on. Only a
// cancelled context (ctx.Err()) or a spent run budget ([WithRunBudget])
// stops [Engine.Run]. Each result's provenance records the SHA-256 of the
// deterministic protobuf encoding of the indicator system, of the unit's
// facts followed by its ballots ([FactsDigest]), the rule environment's
// version and [Version]: re-running a frozen snapshot with the same rules
// reproduces every result byte for byte.
package assessment
