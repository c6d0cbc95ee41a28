package assessment

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/big"

	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/cel"
	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// Version is the version of the scoring semantics, recorded in every
// result's provenance (zeren.v1.Provenance.engine). It changes whenever the
// same rules and facts could score differently.
const Version = "zeren-assessment/1"

// ReviewVetoID is the id recorded among a result's veto ids when the
// 述职评议 satisfaction fell below the scheme's threshold and capped the
// grade. No item of a system may use it.
const ReviewVetoID = "review.satisfaction"

// Engine is a compiled indicator system (指标体系): every formula compiled
// once, the tree validated, ready to score any number of units. Build it
// with [New]. An Engine is immutable and safe for concurrent use.
type Engine struct {
	// texts[t] is formatTicks(t, prec), for the points a leaf can score
	// (see cacheTexts): shared strings instead of one per result.
	texts       []string
	sys         *zerenv1.IndicatorSystem
	env         *cel.Env
	cfg         config
	prec        int
	rule        zerenv1.ScoreRounding
	maxScore    int64 // ticks
	roots       []*node
	weighted    bool // the 一级指标 combine by weight
	bonuses     []*adjustment
	deductions  []*adjustment
	vetoes      []*veto
	grades      []grade
	tie         zerenv1.TieRule
	vetoRanking zerenv1.VetoRanking
	gradeIndex  map[string]int
	review      *scheme
	rulesDigest string
	ids         map[string]string // every item id → its display name
}

// node is a compiled indicator.
type node struct {
	id, name, formula string
	prg               *cel.Program // leaves only
	points            bool         // the formula yields points
	max               dec          // exact maximum points
	maxF              float64      // the same, as given
	maxTicks          int64
	maxText           string               // maxTicks as decimal text
	weight            *big.Rat             // effective weight among siblings
	weighted          bool                 // children combine by weight
	noData            zerenv1.NoDataPolicy // leaves only; never UNSPECIFIED
	children          []*node
}

// adjustment is a compiled bonus (加分项) or deduction (扣分项).
type adjustment struct {
	id, name, formula string
	prg               *cel.Program
	cap               *big.Rat // nil: no cap
	capTicks          int64
	mods              []modifier
}

// modifier is a compiled Modifier.
type modifier struct {
	ruleID, name, condition string
	prg                     *cel.Program
	factor                  *big.Rat
	factorText              string
}

// veto is a compiled 一票否决 item.
type veto struct {
	id, name, condition string
	prg                 *cel.Program
	action              zerenv1.VetoAction
	grade               int
}

// grade is one 等次 with its band and quota.
type grade struct {
	id, name string
	minTicks int64    // lowest score, rounded up to a tick
	quota    *big.Rat // percent; nil: no quota
}

// New validates an indicator system and compiles every formula in env (nil
// means cel.NewEnv() with its defaults): leaf formulas and adjustments as
// numbers, modifiers and vetoes as conditions. It reports every problem at
// once in a [*ValidationError], each naming the item and field; a formula
// that does not compile yields one [Problem] per issue, with its line,
// column and Chinese message, wrapping the [*cel.CompileError]. It returns
// ctx.Err() if ctx is done before it finishes. The system is copied: later
// changes to it do not affect the engine.
func New(ctx context.Context, system *zerenv1.IndicatorSystem, env *cel.Env, opts ...Option) (*Engine, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if system == nil {
		return nil, problem.New("assessment", []Problem{{Code: problem.MissingField, Record: "system",
			Message: "no indicator system given", MessageZh: "未提供指标体系"}})
	}
	if env == nil {
		var err error
		if env, err = cel.NewEnv(); err != nil {
			return nil, fmt.Errorf("assessment: %w", err)
		}
	}
	e := &Engine{sys: proto.Clone(system).(*zerenv1.IndicatorSystem), env: env, cfg: defaultConfig()}
	for _, o := range opts {
		if o != nil {
			o.apply(&e.cfg)
		}
	}
	b := &builder{ctx: ctx, e: e, ids: map[string]string{}}
	if e.cfg.plan != nil {
		b.plan = newPlanIndex(e.cfg.plan)
	}
	b.build()
	e.cfg.plan = nil // only New reads it
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := b.ps.err(); err != nil {
		return nil, err
	}
	e.ids = b.ids
	e.cacheTexts()
	raw, err := proto.MarshalOptions{Deterministic: true}.Marshal(e.sys)
	if err != nil {
		return nil, fmt.Errorf("assessment: digest the indicator system: %w", err)
	}
	sum := sha256.Sum256(raw)
	e.rulesDigest = hex.EncodeToString(sum[:])
	return e, nil
}

// System returns a copy of the indicator system the engine was built from.
func (e *Engine) System() *zerenv1.IndicatorSystem {
	return proto.Clone(e.sys).(*zerenv1.IndicatorSystem)
}

// RulesDigest returns the SHA-256 (hex) of the deterministic protobuf
// encoding of the indicator system, as recorded in each result's
// provenance.
func (e *Engine) RulesDigest() string { return e.rulesDigest }

// Precision returns the decimal places kept in scores.
func (e *Engine) Precision() int { return e.prec }

// GradeName returns the display name of a grade id, or the id itself when
// the scale has no such grade.
func (e *Engine) GradeName(id string) string {
	if i, ok := e.gradeIndex[id]; ok {
		return e.grades[i].name
	}
	return id
}

// MaxScore returns the points a unit can score before bonuses, as decimal
// text at the system's precision.
func (e *Engine) MaxScore() string { return formatTicks(e.maxScore, e.prec) }

// FactsDigest returns the SHA-256 (hex) of the deterministic protobuf
// encoding of a unit's facts, followed by that of its 述职评议 ballots when
// review is not nil: the facts_digest of the unit's result.
func FactsDigest(facts *zerenv1.UnitFacts, review *zerenv1.Review) string {
	return factsDigest(nil, facts, review)
}

// maxDigestBuffer bounds the encoding buffer a worker keeps between units.
const maxDigestBuffer = 1 << 20

// factsDigest is FactsDigest encoding into *buf, which a run's worker keeps
// from one unit to the next, so that hashing a unit's facts does not
// allocate a copy of them; buf may be nil.
func factsDigest(buf *[]byte, facts *zerenv1.UnitFacts, review *zerenv1.Review) string {
	var scratch []byte
	if buf != nil {
		scratch = (*buf)[:0]
	}
	h := sha256.New()
	opt := proto.MarshalOptions{Deterministic: true}
	raw, _ := opt.MarshalAppend(scratch, facts)
	h.Write(raw)
	if review != nil {
		raw, _ = opt.MarshalAppend(raw[:0], review)
		h.Write(raw)
	}
	if buf != nil && cap(raw) <= maxDigestBuffer {
		*buf = raw[:0]
	}
	var sum [sha256.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0]))
}

// cacheTexts renders, once, the points from 0 to the largest leaf maximum
// (at most 4,096 ticks), which most indicator results show.
func (e *Engine) cacheTexts() {
	var most int64
	var walk func([]*node)
	walk = func(ns []*node) {
		for _, n := range ns {
			if len(n.children) == 0 {
				most = max(most, n.maxTicks)
			}
			walk(n.children)
		}
	}
	walk(e.roots)
	e.texts = make([]string, min(most, 4095)+1)
	for t := range e.texts {
		e.texts[t] = formatTicks(int64(t), e.prec)
	}
}

// format is formatTicks at the engine's precision, shared for small points.
func (e *Engine) format(t int64) string {
	if t >= 0 && t < int64(len(e.texts)) {
		return e.texts[t]
	}
	return formatTicks(t, e.prec)
}
