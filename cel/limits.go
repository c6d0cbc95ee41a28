package cel

import (
	"math"
	"sync/atomic"

	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/cost"
	"cel.dev/cel-go/common/types"
)

// Budget is a cost budget shared by many evaluations, e.g. every rule of one
// scoring run. Each evaluation given the budget (see [WithBudget]) is charged
// its actual cost when it ends, whether it succeeded or not; once the budget
// is spent, further evaluations fail at once with [ErrBudgetExhausted].
//
// An evaluation is admitted while anything remains, so the budget can be
// overdrawn by at most one evaluation's cost limit per evaluation running at
// the moment it runs out. A Budget is safe for concurrent use.
type Budget struct {
	limit uint64
	spent atomic.Uint64
}

// NewBudget returns a budget of limit cost units.
func NewBudget(limit uint64) *Budget {
	return &Budget{limit: limit}
}

// Limit returns the budget's size.
func (b *Budget) Limit() uint64 { return b.limit }

// Spent returns the cost charged so far.
func (b *Budget) Spent() uint64 { return b.spent.Load() }

// Remaining returns the cost left, 0 once spent or overdrawn.
func (b *Budget) Remaining() uint64 {
	s := b.spent.Load()
	if s >= b.limit {
		return 0
	}
	return b.limit - s
}

// Exhausted reports whether the budget is spent.
func (b *Budget) Exhausted() bool { return b.spent.Load() >= b.limit }

// charge adds n to the cost spent, saturating at the largest uint64.
func (b *Budget) charge(n uint64) {
	for {
		old := b.spent.Load()
		next := old + n
		if next < old {
			next = math.MaxUint64
		}
		if b.spent.CompareAndSwap(old, next) {
			return
		}
	}
}

// sizeEstimator gives the static cost estimate the size of each list, map and
// string a rule can reach from its variables, from the environment's size
// hints.
type sizeEstimator struct {
	sizes           Sizes
	maxRegexProgram int
	maxMatchWork    uint64
}

// EstimateSize implements cost.Estimator.
func (s sizeEstimator) EstimateSize(node cost.AstNode) *cost.SizeEstimate {
	path := node.Path()
	if len(path) == 0 || node.Type() == nil {
		return nil
	}
	root, rest := path[0], path[1:]
	if field, ok := aliasField(root); ok {
		root, rest = varFacts, append([]string{field}, rest...)
	}
	if root != varFacts && root != varResult && root != varPerson {
		return nil
	}
	var n int
	switch node.Type().Kind() {
	case types.StringKind, types.BytesKind:
		n = s.sizes.StringBytes
	case types.ListKind, types.MapKind:
		n = s.sizes.Items
		if root == varFacts && len(rest) == 1 {
			switch rest[0] {
			case "assignments":
				n = s.sizes.Assignments
			case "findings":
				n = s.sizes.Findings
			case "cases":
				n = s.sizes.Cases
			case "organizations":
				n = s.sizes.Organizations
			case "metrics":
				n = s.sizes.Metrics
			}
		}
		if root == varPerson && len(rest) == 1 {
			switch rest[0] {
			case "finding_ids":
				n = s.sizes.Findings
			case "case_ids":
				n = s.sizes.Cases
			}
		}
	case types.StructKind:
		// A message has no length: the runtime charges its comparisons as
		// size 1, and so does the estimate.
		e := cost.FixedSizeEstimate(1)
		return &e
	default:
		return nil
	}
	e := cost.RangedSizeEstimate(0, uint64(n))
	return &e
}

// EstimateCallCost implements cost.Estimator. The domain functions' cost
// models price their calls; matches is priced here, by the size of its
// pattern's program times the longest input it may be given (see regex.go).
func (s sizeEstimator) EstimateCallCost(function, overloadID string, target *cost.AstNode, args []cost.AstNode) *cost.CallEstimate {
	if function != fnMatches {
		return nil
	}
	var input, pattern cost.AstNode
	switch {
	case target != nil && len(args) == 1:
		input, pattern = *target, args[0]
	case target == nil && len(args) == 2:
		input, pattern = args[0], args[1]
	default:
		return nil
	}
	// Env.Compile has checked that the pattern is a constant within the
	// limit; anything else is priced at the limit.
	size := s.maxRegexProgram
	if e := pattern.Expr(); e != nil && e.Kind() == celast.LiteralKind {
		if p, ok := e.AsLiteral().Value().(string); ok {
			if n, over, err := regexProgramSize(p, s.maxRegexProgram); err == nil && !over {
				size = n
			}
		}
	}
	// An input longer than the work limit allows fails without matching.
	longest := s.maxMatchWork/uint64(size) - 1
	in := cost.EstimateSize(s, input)
	lo, hi := min(in.Min, longest), min(in.Max, longest)
	return cost.NewCallEstimate(cost.Estimate{
		Min: regexCost(uint64(size) * (lo + 1)),
		Max: regexCost(uint64(size) * (hi + 1)),
	}, nil)
}
