package assessment

import (
	"fmt"
	"math"
	"math/big"
	"slices"

	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// defaultChoiceScores are the points of each ballot choice when a scheme
// does not set them: 好 100, 较好 80, 一般 60, 差 40.
var defaultChoiceScores = [...]float64{
	zerenv1.ReviewChoice_REVIEW_CHOICE_GOOD:        100,
	zerenv1.ReviewChoice_REVIEW_CHOICE_FAIRLY_GOOD: 80,
	zerenv1.ReviewChoice_REVIEW_CHOICE_AVERAGE:     60,
	zerenv1.ReviewChoice_REVIEW_CHOICE_POOR:        40,
}

// numChoices is the number of ReviewChoice values, unspecified included.
const numChoices = 5

// scheme is a compiled ReviewScheme (述职评议).
type scheme struct {
	groups     []raterGroup
	groupIndex map[string]int
	scores     [numChoices]*big.Rat // by choice
	scoreText  [numChoices]string
	// intScores: every choice score is a whole number of at most 10^9, in
	// intScore, so that mean can sum them in an int64.
	intScores bool
	intScore  [numChoices]int64
	order     []zerenv1.ReviewChoice // choices by score, highest first
	maxChoice *big.Rat
	trim      *big.Rat // percent of ballots dropped at each end
	threshold int64    // satisfaction in ticks; 0: none
	capGrade  int
	weight    *big.Rat // share of the review in the base score, 0–1
}

type raterGroup struct {
	id, name string
	weight   *big.Rat
	quorum   int64
}

func (b *builder) scheme() {
	rs := b.e.sys.GetReview()
	if rs == nil {
		return
	}
	b.e.review = b.compileScheme(rs, "review", false)
}

// compileScheme validates and compiles one review scheme found at path. A
// scheme of a review plan (standalone) has no grade scale to cap.
func (b *builder) compileScheme(rs *zerenv1.ReviewScheme, path string, standalone bool) *scheme {
	sc := &scheme{groupIndex: map[string]int{}, capGrade: -1}
	p := Problem{Record: "review", Path: path, ID: rs.GetId(), Name: rs.GetName()}
	if len(rs.GetRaterGroups()) == 0 {
		p.Code, p.Field, p.Message, p.MessageZh = problem.MissingField, "rater_groups", "the review scheme has no rater groups", "述职评议没有设置评议组"
		b.add(p)
	}
	for i, g := range rs.GetRaterGroups() {
		q := Problem{Record: "rater group", Path: fmt.Sprintf("%s.rater_groups[%d]", path, i), ID: g.GetId(), Name: g.GetName()}
		if _, dup := sc.groupIndex[g.GetId()]; dup || g.GetId() == "" {
			q.Code, q.Field, q.Message, q.MessageZh = problem.DuplicateID, "id", "rater group ids must be present and unique", "评议组编号不能为空且不能重复"
			b.add(q)
		} else {
			sc.groupIndex[g.GetId()] = len(sc.groups)
		}
		rg := raterGroup{id: g.GetId(), name: g.GetName(), quorum: int64(g.GetQuorum())}
		q.Field = "weight"
		if b.number(q, g.GetWeight(), maxPoints) {
			if g.GetWeight() == 0 {
				q.Message, q.MessageZh = "a rater group needs a weight above 0", "评议组的权重必须大于 0"
				b.add(q)
			}
			rg.weight = decOf(g.GetWeight()).rat()
		}
		if g.GetQuorum() < 0 {
			q.Field, q.Message, q.MessageZh = "quorum", "the quorum is negative", "法定人数不能为负数"
			b.add(q)
		}
		sc.groups = append(sc.groups, rg)
	}
	set := [numChoices]bool{}
	for i, cs := range rs.GetChoiceScores() {
		q := Problem{Record: "choice score", Path: fmt.Sprintf("%s.choice_scores[%d]", path, i)}
		c := cs.GetChoice()
		if c <= 0 || c >= numChoices || set[c] {
			q.Code, q.Field, q.Message, q.MessageZh = problem.InvalidValue, "choice", fmt.Sprintf("choice %v is unknown or listed twice", c), fmt.Sprintf("评议选项 %v 未知或重复", c)
			b.add(q)
			continue
		}
		set[c] = true
		q.Field = "score"
		if b.number(q, cs.GetScore(), maxPoints) {
			sc.scores[c] = decOf(cs.GetScore()).rat()
		}
	}
	sc.maxChoice = new(big.Rat)
	for c := 1; c < numChoices; c++ {
		if sc.scores[c] == nil {
			sc.scores[c] = decOf(defaultChoiceScores[c]).rat()
		}
		sc.scoreText[c] = sc.scores[c].FloatString(b.e.prec)
		sc.order = append(sc.order, zerenv1.ReviewChoice(c))
		if sc.scores[c].Cmp(sc.maxChoice) > 0 {
			sc.maxChoice = sc.scores[c]
		}
	}
	slices.SortStableFunc(sc.order, func(x, y zerenv1.ReviewChoice) int { return sc.scores[y].Cmp(sc.scores[x]) })
	sc.intScores = true
	for c := 1; c < numChoices; c++ {
		r := sc.scores[c]
		if !r.IsInt() || !r.Num().IsInt64() || abs64(r.Num().Int64()) > maxPoints {
			sc.intScores = false
			break
		}
		sc.intScore[c] = r.Num().Int64()
	}
	p.Field = "trim_percent"
	sc.trim = new(big.Rat)
	if b.number(p, rs.GetTrimPercent(), 100) {
		if rs.GetTrimPercent() >= 50 {
			p.Message, p.MessageZh = "trimming must drop less than half of the ballots at each end", "去掉最高、最低票的比例必须小于 50%"
			b.add(p)
		}
		sc.trim = decOf(rs.GetTrimPercent()).rat()
	}
	p.Field = "satisfaction_threshold"
	if t := rs.GetSatisfactionThreshold(); b.number(p, t, 100) && t > 0 {
		sc.threshold, _ = ratTicks(decOf(t).rat(), b.e.prec, zerenv1.ScoreRounding_SCORE_ROUNDING_HALF_UP)
		q := p
		q.Field = "below_threshold_grade_id"
		if !standalone {
			sc.capGrade = b.gradeRef(q, rs.GetBelowThresholdGradeId())
		}
	}
	p.Field = "weight_percent"
	sc.weight = new(big.Rat)
	if b.number(p, rs.GetWeightPercent(), 100) {
		sc.weight = new(big.Rat).Quo(decOf(rs.GetWeightPercent()).rat(), big.NewRat(100, 1))
		if sc.weight.Sign() > 0 && sc.maxChoice.Sign() == 0 {
			p.Message, p.MessageZh = "the review cannot count in the score when every choice scores 0", "各评议选项分值均为 0，评议得分无法计入总分"
			b.add(p)
		}
	}
	return sc
}

// reviewScore is a scored 述职评议 in exact ticks.
type reviewScore struct {
	res          *zerenv1.ReviewResult
	score, satis int64 // ticks
}

// checkReview reports what is wrong with one unit's ballots.
func (e *Engine) checkReview(rv *zerenv1.Review, path string) []Problem {
	var ps []Problem
	for i, bl := range rv.GetBallots() {
		p := Problem{Code: problem.InvalidValue, Record: "ballot", Path: fmt.Sprintf("%s.ballots[%d]", path, i), ID: rv.GetUnitId()}
		switch {
		case bl == nil:
			p.Code, p.Message, p.MessageZh = problem.MissingField, "the ballot is empty", "票数记录为空"
		case !e.hasGroup(bl.GetRaterGroupId()):
			p.Code, p.Field = problem.DanglingReference, "rater_group_id"
			p.Message = fmt.Sprintf("rater group %q is not in the review scheme", bl.GetRaterGroupId())
			p.MessageZh = fmt.Sprintf("评议组“%s”不在述职评议方案中", problem.Printable(bl.GetRaterGroupId()))
		case bl.GetChoice() <= 0 || bl.GetChoice() >= numChoices:
			p.Field, p.Message, p.MessageZh = "choice", fmt.Sprintf("unknown choice %v", bl.GetChoice()), fmt.Sprintf("未知的评议选项 %v", bl.GetChoice())
		case bl.GetCount() < 0:
			p.Field, p.Message, p.MessageZh = "count", "the count is negative", "票数不能为负数"
		default:
			continue
		}
		ps = append(ps, p)
	}
	return ps
}

func (e *Engine) hasGroup(id string) bool {
	_, ok := e.review.groupIndex[id]
	return ok
}

// scoreReview scores one unit's ballots. Ballots that checkReview rejects
// are skipped.
func (e *Engine) scoreReview(rv *zerenv1.Review) reviewScore {
	sc := e.review
	tallies := make([][numChoices]int64, len(sc.groups))
	for _, bl := range rv.GetBallots() {
		g, ok := sc.groupIndex[bl.GetRaterGroupId()]
		if !ok || bl.GetChoice() <= 0 || bl.GetChoice() >= numChoices || bl.GetCount() < 0 {
			continue
		}
		tallies[g][bl.GetChoice()] += int64(bl.GetCount())
	}
	res := &zerenv1.ReviewResult{}
	sum, weights := new(big.Rat), new(big.Rat)
	var satisfied, all int64
	for g, grp := range sc.groups {
		t := tallies[g]
		var n int64
		for _, c := range t {
			n += c
		}
		if n < max(grp.quorum, 1) {
			res.GroupsBelowQuorum = append(res.GroupsBelowQuorum, grp.id)
			continue
		}
		all += n
		satisfied += t[zerenv1.ReviewChoice_REVIEW_CHOICE_GOOD] + t[zerenv1.ReviewChoice_REVIEW_CHOICE_FAIRLY_GOOD]
		sum.Add(sum, new(big.Rat).Mul(grp.weight, sc.mean(t, n)))
		weights.Add(weights, grp.weight)
	}
	out := reviewScore{res: res}
	if weights.Sign() == 0 {
		return out
	}
	res.Valid = true
	out.score, _ = ratTicks(sum.Quo(sum, weights), e.prec, e.rule)
	out.satis, _ = ratTicks(big.NewRat(satisfied*100, all), e.prec, e.rule)
	res.Score, res.Satisfaction = ticksFloat(out.score, e.prec), ticksFloat(out.satis, e.prec)
	return out
}

// mean returns the mean score of one group's n ballots after dropping
// floor(n × trim%) ballots at each end (fewer when that would leave none).
func (sc *scheme) mean(t [numChoices]int64, n int64) *big.Rat {
	var k int64
	if tn, td := sc.trim.Num(), sc.trim.Denom(); tn.IsInt64() && td.IsInt64() && tn.Int64() <= math.MaxInt32 && td.Int64() <= math.MaxInt32 &&
		n <= math.MaxInt32 {
		k = n * tn.Int64() / (td.Int64() * 100) // no overflow: each factor < 2^31
	} else {
		k = new(big.Int).Quo(new(big.Int).Mul(big.NewInt(n), tn), new(big.Int).Mul(td, big.NewInt(100))).Int64()
	}
	if 2*k >= n {
		k = (n - 1) / 2
	}
	// Drop k ballots from the best choices down, and k from the worst up.
	left := k
	for _, c := range sc.order {
		d := min(left, t[c])
		t[c] -= d
		left -= d
	}
	left = k
	for i := len(sc.order) - 1; i >= 0; i-- {
		c := sc.order[i]
		d := min(left, t[c])
		t[c] -= d
		left -= d
	}
	// Whole choice scores and counts below 2^31 (the usual case) sum
	// exactly in an int64.
	if sc.intScores && n <= math.MaxInt32 {
		var sum int64
		for c := 1; c < numChoices; c++ {
			sum += sc.intScore[c] * t[c]
		}
		return new(big.Rat).SetFrac64(sum, n-2*k)
	}
	total := new(big.Rat)
	for c := 1; c < numChoices; c++ {
		total.Add(total, new(big.Rat).Mul(sc.scores[c], big.NewRat(t[c], 1)))
	}
	return total.Quo(total, big.NewRat(n-2*k, 1))
}

// givenReview reads a review the OA scored itself (UnitFacts.review).
func (e *Engine) givenReview(r *zerenv1.ReviewResult) reviewScore {
	s, _ := decOf(r.GetScore()).ticks(e.prec, e.rule)
	sat, _ := decOf(r.GetSatisfaction()).ticks(e.prec, e.rule)
	return reviewScore{res: r, score: s, satis: sat}
}
