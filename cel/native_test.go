package cel_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/cel"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
)

// nativeEnvs are the corpus environment twice: native where supported, and
// cel-go everywhere.
func nativeEnvs(t testing.TB) (native, celOnly *cel.Env) {
	t.Helper()
	cal := sample.Calendar()
	var err error
	native, err = cel.NewEnv(cel.WithCalendar(cal))
	require.NoError(t, err)
	celOnly, err = cel.NewEnv(cel.WithCalendar(cal), cel.WithCELOnly())
	require.NoError(t, err)
	return native, celOnly
}

// rule is a formula to compare, with its kind.
type rule struct {
	src  string
	kind cel.Kind
	from string
}

// differentialRules collects every formula of the corpus, of the sample
// indicator system and triggers, and of the examples.
func differentialRules(t testing.TB) []rule {
	t.Helper()
	var out []rule
	files, err := filepath.Glob(filepath.Join("testdata", "rules", "*.json"))
	require.NoError(t, err)
	for _, file := range files {
		b, err := os.ReadFile(file)
		require.NoError(t, err)
		var cases []corpusCase
		require.NoError(t, json.Unmarshal(b, &cases))
		for _, c := range cases {
			out = append(out, rule{c.Rule, kinds[c.Kind], file + ": " + c.Name})
		}
	}
	var walk func(m protoreflect.Message, from string)
	walk = func(m protoreflect.Message, from string) {
		m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
			switch {
			case fd.Kind() == protoreflect.StringKind && !fd.IsList() && !fd.IsMap():
				switch fd.Name() {
				case "formula":
					out = append(out, rule{v.String(), cel.KindNumber, from})
				case "condition":
					out = append(out, rule{v.String(), cel.KindBool, from})
				}
			case fd.Kind() == protoreflect.MessageKind && fd.IsList():
				for i := range v.List().Len() {
					walk(v.List().Get(i).Message(), from)
				}
			case fd.Kind() == protoreflect.MessageKind && !fd.IsMap():
				walk(v.Message(), from)
			}
			return true
		})
	}
	walk(sample.IndicatorSystem().ProtoReflect(), "sample system")
	for _, tr := range sample.Triggers() {
		walk(tr.ProtoReflect(), "sample trigger")
	}
	// The examples' rules: every string literal of their programs that
	// compiles as a rule.
	mains, _ := filepath.Glob(filepath.Join("..", "examples", "*", "*.go"))
	lit := regexp.MustCompile("`[^`]*`|\"(?:[^\"\\\\\n]|\\\\.)*\"")
	for _, m := range mains {
		b, err := os.ReadFile(m)
		require.NoError(t, err)
		for _, s := range lit.FindAllString(string(b), -1) {
			if s[0] == '"' {
				var u string
				if json.Unmarshal([]byte(s), &u) != nil {
					continue
				}
				s = u
			} else {
				s = s[1 : len(s)-1]
			}
			if !strings.Contains(s, "(") && !strings.Contains(s, ".") {
				continue
			}
			out = append(out, rule{s, cel.KindNumber, m}, rule{s, cel.KindBool, m})
		}
	}
	return out
}

// genFacts makes facts for the differential test: empty lists, absent
// metrics, NaN and infinite numbers, unset times, and lists of up to n items.
func genFacts(rng *rand.Rand, n int) *zerenv1.UnitFacts {
	loc := sample.Location
	pick := func(xs ...float64) float64 { return xs[rng.IntN(len(xs))] }
	ts := func() *timestamppb.Timestamp {
		if rng.IntN(4) == 0 {
			return nil
		}
		return timestamppb.New(time.Date(2026, time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, loc))
	}
	f := &zerenv1.UnitFacts{Unit: &zerenv1.Unit{Id: "u1"}, Now: ts(),
		BusinessScore: pick(0, 85, 100, 120, math.NaN(), math.Inf(1), -3)}
	if rng.IntN(3) > 0 {
		f.Period = &zerenv1.Period{Kind: zerenv1.PeriodKind(rng.IntN(5)), Year: 2026, Index: int32(rng.IntN(5))}
	}
	kinds := []string{"第一议题", "三会一课", "主题党日", "决策部署", "请示报告", "中心组学习", "双联系", "机关效能", "党建业务融合", "党建品牌", ""}
	if rng.IntN(2) == 0 {
		f.Metrics = map[string]float64{}
		for _, k := range []string{"theory_study_rate", "branch_standardization_rate", "party_fee_rate", "brand_awards",
			"experience_adopted", "ideology_circulars", "m0", "m1", "m2", "x"} {
			if rng.IntN(2) == 0 {
				f.Metrics[k] = pick(0, 0.5, 1, 1.5, -1, math.NaN(), math.Inf(-1), 3)
			}
		}
	}
	for i := range rng.IntN(n + 1) {
		a := &zerenv1.Assignment{Id: fmt.Sprintf("A%02d", i+1), TaskId: fmt.Sprintf("T%02d", 1+rng.IntN(22)),
			TaskKind: kinds[rng.IntN(len(kinds))], Dimension: zerenv1.Dimension(rng.IntN(10)),
			Target: pick(0, 1, 2, 12, math.NaN()), Actual: pick(0, 1, 2, 3, 12, math.NaN(), math.Inf(1)),
			Weight: pick(0, 1, 1, 2, 0.5, -1, math.NaN(), math.Inf(1)), Comparison: zerenv1.Comparison(rng.IntN(5)),
			Status: zerenv1.AssignmentStatus(rng.IntN(6)), Due: ts(), CompletedAt: ts()}
		if rng.IntN(3) == 0 {
			a.CompletedAt = nil
		}
		if rng.IntN(3) == 0 {
			a.Tags = []string{"重点", "年度"}[:1+rng.IntN(2)]
		}
		f.Assignments = append(f.Assignments, a)
	}
	for i := range rng.IntN(n/4 + 2) {
		f.Findings = append(f.Findings, &zerenv1.Finding{Id: fmt.Sprintf("F%d", i+1), Dimension: zerenv1.Dimension(rng.IntN(10)),
			Severity: zerenv1.Severity(rng.IntN(4)), SelfReported: rng.IntN(2) == 0, Concealed: rng.IntN(5) == 0})
	}
	for i := range rng.IntN(n/4 + 2) {
		f.Cases = append(f.Cases, &zerenv1.SupervisionCase{Id: fmt.Sprintf("C%d", i+1), State: zerenv1.CaseState(rng.IntN(7)),
			OverdueCount: int32(rng.IntN(3)), YellowCard: rng.IntN(4) == 0})
	}
	return f
}

// sameOutcome asserts that two evaluations agree bit for bit: the value,
// the error (message in both languages, position, class) and the trace.
func sameOutcome(t testing.TB, what string, nv cel.Value, nerr error, cv cel.Value, cerr error) {
	t.Helper()
	if (nerr == nil) != (cerr == nil) {
		t.Fatalf("%s: native error %v, cel error %v", what, nerr, cerr)
	}
	if nerr != nil {
		var ne, ce *cel.EvalError
		require.True(t, errors.As(nerr, &ne), what)
		require.True(t, errors.As(cerr, &ce), what)
		assert.Equal(t, ce.Message, ne.Message, what)
		assert.Equal(t, ce.MessageZh, ne.MessageZh, what)
		assert.Equal(t, [2]int{ce.Line, ce.Column}, [2]int{ne.Line, ne.Column}, what)
		assert.Equal(t, ce.Error(), ne.Error(), what)
		for name, s := range sentinels {
			assert.Equal(t, errors.Is(cerr, s), errors.Is(nerr, s), "%s: errors.Is %s", what, name)
		}
	}
	if math.Float64bits(nv.Number) != math.Float64bits(cv.Number) || nv.Bool != cv.Bool {
		t.Fatalf("%s: native %v/%v, cel %v/%v", what, nv.Number, nv.Bool, cv.Number, cv.Bool)
	}
	require.Equal(t, len(cv.Inputs), len(nv.Inputs), what)
	for i := range cv.Inputs {
		assert.True(t, proto.Equal(cv.Inputs[i], nv.Inputs[i]), "%s: input %v vs %v", what, nv.Inputs[i], cv.Inputs[i])
	}
	assert.LessOrEqual(t, nv.Cost, cv.Cost, "%s: the native cost is at most cel-go's", what)
}

func TestNativeMatchesCELOverEveryKnownRule(t *testing.T) {
	t.Parallel()
	native, celOnly := nativeEnvs(t)
	rules := differentialRules(t)
	rng := rand.New(rand.NewPCG(11, 2026))
	facts := []*zerenv1.UnitFacts{nil, {}}
	for i := range 60 {
		facts = append(facts, genFacts(rng, []int{3, 12, 52, 300}[i%4]))
	}
	facts = append(facts, sample.Facts2026()...)
	ctx := context.Background()
	compiled, nativeRules := 0, 0
	for _, r := range rules {
		np, nerr := native.Compile(r.src, r.kind)
		cp, cerr := celOnly.Compile(r.src, r.kind)
		require.Equal(t, cerr == nil, nerr == nil, "%s: %s", r.from, r.src)
		if cerr != nil {
			assert.Equal(t, cerr.Error(), nerr.Error())
			continue
		}
		compiled++
		require.Equal(t, cel.EvaluatorCEL, cp.Evaluator(), "WithCELOnly")
		if np.Evaluator() != cel.EvaluatorCEL {
			nativeRules++
			_, hi := np.EstimatedCost()
			_, chi := cp.EstimatedCost()
			assert.Equal(t, chi, hi)
		}
		for i, f := range facts {
			what := fmt.Sprintf("%s: %q on facts %d", r.from, r.src, i)
			nv, nerr := np.Eval(ctx, f, cel.WithTrace())
			cv, cerr := cp.Eval(ctx, f, cel.WithTrace())
			sameOutcome(t, what, nv, nerr, cv, cerr)
			nv, nerr = np.Eval(ctx, f)
			cv, cerr = cp.Eval(ctx, f)
			sameOutcome(t, what+" untraced", nv, nerr, cv, cerr)
			assert.Nil(t, nv.Inputs)
		}
	}
	t.Logf("%d rules compiled, %d evaluated natively (in whole or in part), over %d sets of facts", compiled, nativeRules, len(facts))
	assert.Greater(t, nativeRules, compiled/3, "most rules take the native path")
}

func TestSampleIndicatorsAllTakeTheNativePath(t *testing.T) {
	t.Parallel()
	native, _ := nativeEnvs(t)
	var walk func(ind *zerenv1.Indicator)
	walk = func(ind *zerenv1.Indicator) {
		if ind.GetFormula() != "" {
			p, err := native.Compile(ind.GetFormula(), cel.KindNumber)
			require.NoError(t, err)
			assert.Equal(t, cel.EvaluatorNative, p.Evaluator(), "%s %s", ind.GetId(), ind.GetFormula())
		}
		for _, c := range ind.GetChildren() {
			walk(c)
		}
	}
	for _, ind := range sample.IndicatorSystem().GetIndicators() {
		walk(ind)
	}
}

func TestNativeEvaluatorsAreNamed(t *testing.T) {
	t.Parallel()
	native, celOnly := nativeEnvs(t)
	for _, c := range []struct {
		src  string
		kind cel.Kind
		env  *cel.Env
		want cel.Evaluator
	}{
		{`completion_rate(facts.assignments.filter(a, a.task_id == "T01"))`, cel.KindRatio, native, cel.EvaluatorNative},
		{`completion_rate(facts.assignments.filter(a, a.task_id == "T01"))`, cel.KindRatio, celOnly, cel.EvaluatorCEL},
		{`2.0 * double(facts.assignments.filter(a, a.id.startsWith("A")).size())`, cel.KindNumber, native, cel.EvaluatorMixed},
		{`facts.unit.name.startsWith("示例")`, cel.KindBool, native, cel.EvaluatorCEL},
	} {
		p, err := c.env.Compile(c.src, c.kind)
		require.NoError(t, err)
		assert.Equal(t, c.want, p.Evaluator(), c.src)
	}
}

func TestNativeHonoursTheCostLimitAndTheContext(t *testing.T) {
	t.Parallel()
	env, err := cel.NewEnv(cel.WithCostLimit(1000), cel.WithSizes(cel.Sizes{Assignments: 10, Findings: 10, Cases: 10, Organizations: 1, Metrics: 1, Items: 1, StringBytes: 10}))
	require.NoError(t, err)
	p, err := env.Compile(`completion_rate(facts.assignments.filter(a, a.task_id == "T01"))`, cel.KindRatio)
	require.NoError(t, err)
	require.Equal(t, cel.EvaluatorNative, p.Evaluator())
	big := genFacts(rand.New(rand.NewPCG(1, 1)), 0)
	for i := range 1000 {
		big.Assignments = append(big.Assignments, &zerenv1.Assignment{Id: fmt.Sprint(i), TaskId: "T01"})
	}
	_, err = p.Eval(context.Background(), big)
	assert.ErrorIs(t, err, cel.ErrCostLimit)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = p.Eval(ctx, &zerenv1.UnitFacts{})
	assert.ErrorIs(t, err, context.Canceled)

	b := cel.NewBudget(5)
	_, _ = p.Eval(context.Background(), &zerenv1.UnitFacts{Assignments: big.Assignments[:3]}, cel.WithBudget(b))
	_, err = p.Eval(context.Background(), &zerenv1.UnitFacts{}, cel.WithBudget(b))
	assert.ErrorIs(t, err, cel.ErrBudgetExhausted)
}
