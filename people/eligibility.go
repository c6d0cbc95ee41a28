package people

import (
	"context"
	"errors"
	"fmt"

	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/cel"
	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// Rules are compiled eligibility rules for 评先评优 and for flags into 干部考核:
// CEL conditions over a person's outcome, the variable `person` (a
// zeren.v1.PersonOutcome). They are checked when saved as indicator rules
// are — type-checked against the schema, bounded by the environment's cost
// limit and size limits — and evaluated with the same limits. Build them
// with [NewRules]. Rules are immutable and safe for concurrent use.
type Rules struct {
	rules []compiledRule
}

type compiledRule struct {
	pb  *zerenv1.EligibilityRule
	prg *cel.Program
}

// NewRules compiles eligibility rules in env (nil: a default environment).
// Each rule needs a unique id, a kind and a condition that evaluates to a
// bool. It returns a [*ValidationError] naming every problem; a condition
// that does not compile yields one [Problem] per issue with its line and
// column, wrapping the [*cel.CompileError].
func NewRules(env *cel.Env, rules []*zerenv1.EligibilityRule) (*Rules, error) {
	if env == nil {
		var err error
		if env, err = cel.NewEnv(); err != nil {
			return nil, fmt.Errorf("people: %w", err)
		}
	}
	out := &Rules{}
	var ps []Problem
	ids := map[string]bool{}
	for i, r := range rules {
		p := Problem{Record: "eligibility rule", Path: fmt.Sprintf("rules[%d]", i), ID: r.GetId(), Name: r.GetName()}
		if r.GetId() == "" || ids[r.GetId()] {
			q := p
			q.Code, q.Field, q.MessageZh, q.Message = problem.DuplicateID, "id", "规则编号不能为空且不能重复", "rule ids must be present and unique"
			ps = append(ps, q)
		}
		ids[r.GetId()] = true
		if r.GetKind() == zerenv1.EligibilityKind_ELIGIBILITY_KIND_UNSPECIFIED {
			q := p
			q.Code, q.Field, q.MessageZh, q.Message = problem.MissingField, "kind", "未指定规则用途（评先评优或干部考核）", "the rule's kind (commendation or cadre flag) is not set"
			ps = append(ps, q)
		}
		prg, err := env.Compile(r.GetCondition(), cel.KindBool, cel.WithRuleID(r.GetId()))
		if err != nil {
			var ce *cel.CompileError
			if !errors.As(err, &ce) {
				return nil, fmt.Errorf("people: rule %q: %w", r.GetId(), err)
			}
			for _, is := range ce.Issues {
				q := p
				q.Code, q.Field, q.Line, q.Column, q.MessageZh, q.Message, q.Err = problem.BadRule, "condition", is.Line, is.Column, is.MessageZh, is.Message, ce
				ps = append(ps, q)
			}
			continue
		}
		out.rules = append(out.rules, compiledRule{pb: proto.Clone(r).(*zerenv1.EligibilityRule), prg: prg})
	}
	if err := errOf(ps); err != nil {
		return nil, err
	}
	return out, nil
}

// Evaluate evaluates every rule over a person's outcome, in rule order. A
// rule that fails (cost limit, cancellation) is reported in its result,
// never met, and the others still run; "the condition is false" is a
// result, not an error. Each result carries its derivation: the paths of
// person the rule read, with their values.
func (r *Rules) Evaluate(ctx context.Context, o *zerenv1.PersonOutcome) []*zerenv1.EligibilityResult {
	out := make([]*zerenv1.EligibilityResult, 0, len(r.rules))
	for _, cr := range r.rules {
		res := &zerenv1.EligibilityResult{RuleId: cr.pb.GetId(), RuleName: cr.pb.GetName(), Kind: cr.pb.GetKind()}
		v, err := cr.prg.Eval(ctx, nil, cel.WithPerson(o), cel.WithTrace())
		res.Inputs = v.Inputs
		if err != nil {
			res.Error = err.Error()
			var ee *cel.EvalError
			if errors.As(err, &ee) {
				res.ErrorZh = ee.Zh()
			} else {
				res.ErrorZh = res.Error
			}
		} else {
			res.Met = v.Bool
		}
		out = append(out, res)
	}
	return out
}
