package cel_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/cel"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// growing returns a rule that concatenates x with itself k times, n times
// over with cel.bind, and then applies final to the result (named r).
func growing(x string, n, k int, final string) string {
	var b strings.Builder
	prev := x
	for i := range n {
		fmt.Fprintf(&b, "cel.bind(v%d, %s, ", i, strings.TrimSuffix(strings.Repeat(prev+" + ", k), " + "))
		prev = fmt.Sprintf("v%d", i)
	}
	b.WriteString(strings.ReplaceAll(final, "r", prev))
	b.WriteString(strings.Repeat(")", n))
	return b.String()
}

// findings returns facts with n findings whose descriptions are distinct
// and of the given length.
func findingsOf(n, length int) *zerenv1.UnitFacts {
	f := &zerenv1.UnitFacts{Unit: &zerenv1.Unit{Name: strings.Repeat("a", length)}}
	for i := range n {
		d := fmt.Sprintf("%08d", i)
		f.Findings = append(f.Findings, &zerenv1.Finding{Id: d, Description: d + strings.Repeat("x", max(length-8, 0))})
	}
	return f
}

// TestFunctionsWhoseCostTheEstimatorUnderratesAreBounded reviews every
// cel-go function whose work or result can grow faster than the static
// estimate expects when the facts are larger than the size hints. Each rule
// compiles under small hints and is then given facts far beyond them: the
// evaluation must stop with ErrCostLimit (or, where the function is linear,
// be charged in proportion to its work), never run away or exhaust memory.
// Each rule with the default hints is refused when saved, where it says so.
func TestFunctionsWhoseCostTheEstimatorUnderratesAreBounded(t *testing.T) {
	t.Parallel()
	small := cel.Sizes{Assignments: 1, Findings: 1, Items: 1, StringBytes: 1}
	for _, tc := range []struct {
		name         string
		rule         string
		kind         cel.Kind
		facts        *zerenv1.UnitFacts
		refusedSaved bool // refused with the default hints
	}{
		{
			// 4 KiB quadrupled 10 times would be 4 GiB; the runtime charge
			// of each concatenation stops it at about 10 MB.
			name: "string concatenation", kind: cel.KindBool,
			rule:  growing("facts.unit.name", 10, 4, "size(r) > 0"),
			facts: findingsOf(0, 4096), refusedSaved: true,
		},
		{
			// 64 KiB with every 'a' replaced by 64 KiB is 4 GiB: charged
			// before it is built.
			name: "replace", kind: cel.KindBool,
			rule:  `facts.unit.name.replace("a", facts.unit.name).size() > 0`,
			facts: findingsOf(0, 64<<10), refusedSaved: true,
		},
		{
			name: "replace with an empty pattern", kind: cel.KindBool,
			rule:  `facts.unit.name.replace("", facts.unit.name).size() > 0`,
			facts: findingsOf(0, 64<<10), refusedSaved: true,
		},
		{
			// 8 MiB split into 8 million one-byte strings: charged before
			// the list is built.
			name: "split", kind: cel.KindBool,
			rule:  `facts.unit.name.split("").size() > 0`,
			facts: findingsOf(0, 8<<20),
		},
		{
			// 1,000 findings joined with a 64 KiB separator is 64 MiB.
			name: "join", kind: cel.KindBool,
			rule:  `facts.findings.map(f, f.id).join(facts.unit.name).size() > 0`,
			facts: findingsOf(1000, 64<<10), refusedSaved: true,
		},
		{
			// Concatenated lists are lazy; walking 4^8 copies of the
			// findings is charged element by element.
			name: "list concatenation", kind: cel.KindBool,
			rule:  growing("facts.findings", 8, 4, "r.exists(f, f.id == 'none')"),
			facts: findingsOf(1000, 8), refusedSaved: true,
		},
		{
			name: "map nested in map", kind: cel.KindBool,
			rule:  `facts.findings.map(a, facts.findings.map(b, a.id + b.id)).size() > 0`,
			facts: findingsOf(5000, 8), refusedSaved: true,
		},
		{
			name: "comprehensions nested three deep", kind: cel.KindBool,
			rule:  `facts.findings.all(a, facts.findings.all(b, facts.findings.all(c, a.id != 'x')))`,
			facts: findingsOf(500, 8), refusedSaved: true,
		},
		{
			// 200,000 distinct descriptions compared pairwise.
			name: "distinct", kind: cel.KindBool,
			rule:  `facts.findings.map(f, f.description).distinct().size() > 0`,
			facts: findingsOf(200000, 8), refusedSaved: true,
		},
		{
			name: "sort", kind: cel.KindBool,
			rule:  `facts.unit.name.split("").sort().size() > 0`,
			facts: findingsOf(0, 4<<20), refusedSaved: true,
		},
		{
			name: "sets.intersects", kind: cel.KindBool,
			rule:  `sets.intersects(facts.findings.map(f, f.id), facts.findings.map(f, f.description))`,
			facts: findingsOf(200000, 8), refusedSaved: true,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			def, err := cel.NewEnv()
			require.NoError(t, err)
			_, err = def.Compile(tc.rule, tc.kind)
			if tc.refusedSaved {
				assert.ErrorIs(t, err, cel.ErrCostLimit, "refused when saved with the default hints")
			} else {
				assert.NoError(t, err, "accepted with the default hints")
			}

			env, err := cel.NewEnv(cel.WithSizes(small))
			require.NoError(t, err)
			prg, err := env.Compile(tc.rule, tc.kind)
			require.NoError(t, err)
			v, err := prg.Eval(context.Background(), tc.facts)
			require.ErrorIs(t, err, cel.ErrCostLimit)
			// Stopped at the first charge over the limit: the cost reported
			// is that of the work done, not of the work the rule asked for.
			assert.Less(t, v.Cost, uint64(1<<40))
		})
	}
}

func TestSizeOfAStringIsLinearAndCheap(t *testing.T) {
	t.Parallel()
	// size() counts code points: linear in a string already in the facts,
	// charged as one call. It creates nothing, so it needs no limit.
	env, err := cel.NewEnv()
	require.NoError(t, err)
	prg, err := env.Compile(`size(facts.unit.name) == 4194304`, cel.KindBool)
	require.NoError(t, err)
	v, err := prg.Eval(context.Background(), findingsOf(0, 4<<20))
	require.NoError(t, err)
	assert.True(t, v.Bool)
	assert.Less(t, v.Cost, uint64(10))
}

func TestFormatIsLinearInItsArguments(t *testing.T) {
	t.Parallel()
	// Each verb consumes one argument, so the result is at most the format
	// string plus the formatted arguments: format cannot amplify. Its
	// result size is unknown to the estimate, so growing it further is
	// refused when saved.
	env, err := cel.NewEnv()
	require.NoError(t, err)
	prg, err := env.Compile(`"%s-%s".format([facts.unit.name, facts.unit.name]).size() == 131073`, cel.KindBool)
	require.NoError(t, err)
	v, err := prg.Eval(context.Background(), findingsOf(0, 64<<10))
	require.NoError(t, err)
	assert.True(t, v.Bool)
	_, err = env.Compile(growing(`"%s%s".format([facts.unit.name, facts.unit.name])`, 2, 2, "size(r) > 0"), cel.KindBool)
	assert.ErrorIs(t, err, cel.ErrCostLimit)
}

func TestDeeplyNestedBindIsRefusedBeforeItsCostIsEstimated(t *testing.T) {
	t.Parallel()
	// cel-go's estimate of 30 nested cel.bind would take minutes.
	env, err := cel.NewEnv()
	require.NoError(t, err)
	_, err = env.Compile(growing("facts.unit.name", 30, 1, "size(r) > 0"), cel.KindBool)
	require.ErrorIs(t, err, cel.ErrSourceLimit)
	var ce *cel.CompileError
	require.ErrorAs(t, err, &ce)
	require.Len(t, ce.Issues, 1)
	assert.Equal(t, cel.CodeTooDeep, ce.Issues[0].Code)
	assert.Contains(t, ce.Issues[0].MessageZh, "cel.bind 嵌套 30 层，超过上限 10 层")
	_, err = env.Compile(growing("facts.unit.name", 10, 1, "size(r) > 0"), cel.KindBool)
	require.NoError(t, err)
}

func TestRangeBeyondTheLimitIsRefusedWhenSaved(t *testing.T) {
	t.Parallel()
	env, err := cel.NewEnv()
	require.NoError(t, err)
	_, err = env.Compile(`lists.range(100000000).size() > 0`, cel.KindBool)
	assert.ErrorIs(t, err, cel.ErrCostLimit)
	_, err = env.Compile(`lists.range(int(facts.business_score)).size() > 0`, cel.KindBool)
	assert.ErrorIs(t, err, cel.ErrCostLimit, "a range from the facts has no bound")
}

func TestPreChargedFunctionsKeepTheirResults(t *testing.T) {
	t.Parallel()
	env, err := cel.NewEnv(cel.WithSizes(cel.Sizes{Findings: 10, StringBytes: 10}))
	require.NoError(t, err)
	facts := &zerenv1.UnitFacts{Unit: &zerenv1.Unit{Id: "czj", Name: "示例市财政局"},
		Findings: []*zerenv1.Finding{{Id: "b"}, {Id: "a"}, {Id: "b"}}}
	for _, src := range []string{
		`facts.unit.name.replace("财政", "税务") == "示例市税务局"`,
		`facts.unit.name.replace("市", "", 1) == "示例财政局"`,
		`"a,b,c".split(",") == ["a", "b", "c"]`,
		`"a,b,c".split(",", 2) == ["a", "b,c"]`,
		`facts.findings.map(f, f.id).join("-") == "b-a-b"`,
		`facts.findings.map(f, f.id).join() == "bab"`,
		`facts.findings.map(f, f.id).distinct() == ["b", "a"]`,
		`facts.findings.map(f, f.id).sort() == ["a", "b", "b"]`,
		`facts.findings.sortBy(f, f.id).map(f, f.id) == ["a", "b", "b"]`,
		`sets.contains(["a", "b"], facts.findings.map(f, f.id))`,
		`sets.equivalent(["a", "b"], facts.findings.map(f, f.id))`,
		`sets.intersects(["z", "a"], facts.findings.map(f, f.id))`,
		`lists.range(3) == [0, 1, 2]`,
	} {
		prg, err := env.Compile(src, cel.KindBool)
		require.NoError(t, err, src)
		v, err := prg.Eval(context.Background(), facts)
		require.NoError(t, err, src)
		assert.True(t, v.Bool, src)
	}
}
