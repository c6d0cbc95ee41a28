package cel_test

import (
	"context"
	"errors"
	"fmt"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/cel"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// A rule with a typo is rejected when it is saved, with its position and a
// message an administrator can act on.
func ExampleEnv_Compile_error() {
	env, err := cel.NewEnv()
	if err != nil {
		panic(err)
	}
	_, err = env.Compile("completion_rate(facts.assignments) * 0.6 +\n    on_time_rate(facts.assignments, now) * 0.3 +\n    metrics.party_fee_rate * 0.1 +\n    complete_rate(facts.cases) * 0.0", cel.KindRatio, cel.WithRuleID("2.3"))
	var ce *cel.CompileError
	if errors.As(err, &ce) {
		for _, issue := range ce.Issues {
			fmt.Println(issue.Zh())
			fmt.Println(issue)
		}
	}
	// Output:
	// 第4行第5列：未定义的名称 'complete_rate'，是否要写 'completion_rate'？
	// line 4, column 5: undeclared reference to 'complete_rate' (did you mean 'completion_rate'?)
}

// A wrong result type is a compile error too: a veto must be a condition.
func ExampleEnv_Compile_resultType() {
	env, err := cel.NewEnv()
	if err != nil {
		panic(err)
	}
	_, err = env.Compile("double(size(facts.findings))", cel.KindBool)
	fmt.Println(errors.Is(err, cel.ErrResultType))
	var ce *cel.CompileError
	if errors.As(err, &ce) {
		fmt.Println(ce.Zh())
	}
	// Output:
	// true
	// 第1行第1列：条件型规则（否决、触发、修正条件）的结果应为真假值（bool），此规则的结果却是 double
}

// Compile an indicator once and evaluate it for a unit, with the trace of
// the facts it read.
func ExampleProgram_Eval() {
	env, err := cel.NewEnv()
	if err != nil {
		panic(err)
	}
	prg, err := env.Compile(
		"clamp(completion_rate(facts.assignments) * 0.7 + metrics.party_fee_rate * 0.3, 0.0, 1.0)",
		cel.KindRatio, cel.WithRuleID("2.3"))
	if err != nil {
		panic(err)
	}
	facts := &zerenv1.UnitFacts{
		Assignments: []*zerenv1.Assignment{
			{Id: "A1", Target: 12, Actual: 12, Comparison: zerenv1.Comparison_COMPARISON_AT_LEAST},
			{Id: "A2", Target: 12, Actual: 9, Comparison: zerenv1.Comparison_COMPARISON_AT_LEAST},
		},
		Metrics: map[string]float64{"party_fee_rate": 1},
		Now:     timestamppb.Now(),
	}
	v, err := prg.Eval(context.Background(), facts, cel.WithTrace())
	if err != nil {
		panic(err)
	}
	fmt.Printf("ratio %.2f\n", v.Number)
	for _, in := range v.Inputs {
		fmt.Printf("%s = %s\n", in.GetPath(), in.GetValue())
	}
	// Output:
	// ratio 0.65
	// facts.assignments = 2 项 items: A1, A2
	// facts.metrics.party_fee_rate = 1
}

// An accountability trigger reads the unit's result as well as its facts.
func ExampleWithResult() {
	env, err := cel.NewEnv()
	if err != nil {
		panic(err)
	}
	prg, err := env.Compile(`result.grade_id == "poor" || count_open_cases(facts.cases) >= 3`, cel.KindBool)
	if err != nil {
		panic(err)
	}
	v, err := prg.Eval(context.Background(), &zerenv1.UnitFacts{},
		cel.WithResult(&zerenv1.Result{UnitId: "U1", GradeId: "poor"}))
	if err != nil {
		panic(err)
	}
	fmt.Println(v.Bool)
	// Output: true
}

// A missing metric is an evaluation error with its position; the run goes
// on for the other units.
func ExampleEvalError() {
	env, err := cel.NewEnv()
	if err != nil {
		panic(err)
	}
	prg, err := env.Compile("metrics.party_fee_rate", cel.KindRatio, cel.WithRuleID("2.4"))
	if err != nil {
		panic(err)
	}
	_, err = prg.Eval(context.Background(), &zerenv1.UnitFacts{})
	var ee *cel.EvalError
	if errors.As(err, &ee) {
		fmt.Println(ee.RuleID, ee.Line, ee.Column)
		fmt.Println(ee.Zh())
	}
	// Output:
	// 2.4 1 8
	// 第1行第8列：没有键 'party_fee_rate'（指标可能缺失，可写 metrics[?'party_fee_rate'].orValue(0.0) 给出缺省值）
}

// A run's budget is shared by all its evaluations.
func ExampleBudget() {
	env, err := cel.NewEnv()
	if err != nil {
		panic(err)
	}
	prg, err := env.Compile("completion_rate(facts.assignments)", cel.KindRatio)
	if err != nil {
		panic(err)
	}
	budget := cel.NewBudget(4) // the native evaluator charges 1 for this rule over no assignments
	for i := range 5 {
		v, err := prg.Eval(context.Background(), &zerenv1.UnitFacts{}, cel.WithBudget(budget))
		fmt.Println(i, v.Cost, errors.Is(err, cel.ErrBudgetExhausted))
	}
	fmt.Println(budget.Spent(), budget.Exhausted())
	// Output:
	// 0 1 false
	// 1 1 false
	// 2 1 false
	// 3 1 false
	// 4 0 true
	// 4 true
}
