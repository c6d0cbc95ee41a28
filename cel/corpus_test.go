package cel_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/zerenlab/zeren/cel"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// corpusCase is one case of testdata/rules/*.json: a rule, the facts it is
// evaluated against and what must come out.
type corpusCase struct {
	Name   string          `json:"name"`
	Rule   string          `json:"rule"`
	Kind   string          `json:"kind"`
	Facts  json.RawMessage `json:"facts"`
	Result json.RawMessage `json:"result"`

	WantNumber *float64   `json:"want_number"`
	WantBool   *bool      `json:"want_bool"`
	WantInputs []string   `json:"want_inputs"` // "path=value", with WithTrace
	WantError  *wantError `json:"want_error"`
}

// wantError describes an expected compile or evaluation error.
type wantError struct {
	Phase      string `json:"phase"` // "compile" or "eval"
	Code       string `json:"code"`  // compile issue code, e.g. "undeclared"
	Contains   string `json:"contains"`
	ContainsZh string `json:"contains_zh"`
	Line       int    `json:"line"`
	Column     int    `json:"column"`
	Is         string `json:"is"` // sentinel: cost_limit, out_of_range, result_type, source_limit, no_data
}

var kinds = map[string]cel.Kind{"number": cel.KindNumber, "ratio": cel.KindRatio, "bool": cel.KindBool}

var sentinels = map[string]error{
	"cost_limit":       cel.ErrCostLimit,
	"budget_exhausted": cel.ErrBudgetExhausted,
	"out_of_range":     cel.ErrOutOfRange,
	"result_type":      cel.ErrResultType,
	"source_limit":     cel.ErrSourceLimit,
	"no_data":          cel.ErrNoData,
}

// corpusEnv is the environment of the corpus: the defaults plus a sample
// calendar around 2026's National Day.
func corpusEnv(t testing.TB) *cel.Env {
	t.Helper()
	var cal zerenv1.Calendar
	require.NoError(t, protojson.Unmarshal([]byte(`{
		"id": "cn-2026-sample", "name": "示例日历", "sample": true,
		"holidays": ["2026-10-01T00:00:00+08:00", "2026-10-02T00:00:00+08:00", "2026-10-03T00:00:00+08:00",
			"2026-10-04T00:00:00+08:00", "2026-10-05T00:00:00+08:00", "2026-10-06T00:00:00+08:00",
			"2026-10-07T00:00:00+08:00"],
		"workdays": ["2026-09-27T00:00:00+08:00", "2026-10-10T00:00:00+08:00"]}`), &cal))
	env, err := cel.NewEnv(cel.WithCalendar(&cal))
	require.NoError(t, err)
	return env
}

func TestCorpus(t *testing.T) {
	t.Parallel()
	env := corpusEnv(t)
	files, err := filepath.Glob(filepath.Join("testdata", "rules", "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	total := 0
	for _, file := range files {
		data, err := os.ReadFile(file)
		require.NoError(t, err)
		var cases []corpusCase
		require.NoError(t, json.Unmarshal(data, &cases), file)
		total += len(cases)
		name := strings.TrimSuffix(filepath.Base(file), ".json")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			for _, c := range cases {
				t.Run(c.Name, func(t *testing.T) {
					t.Parallel()
					runCase(t, env, c)
				})
			}
		})
	}
	assert.GreaterOrEqual(t, total, 40, "the corpus should keep at least 40 cases")
}

func runCase(t *testing.T, env *cel.Env, c corpusCase) {
	kind, ok := kinds[c.Kind]
	require.True(t, ok, "unknown kind %q", c.Kind)
	facts := &zerenv1.UnitFacts{}
	if len(c.Facts) > 0 {
		require.NoError(t, protojson.Unmarshal(c.Facts, facts))
	}
	var opts []cel.EvalOption
	if len(c.Result) > 0 {
		result := &zerenv1.Result{}
		require.NoError(t, protojson.Unmarshal(c.Result, result))
		opts = append(opts, cel.WithResult(result))
	}
	if c.WantInputs != nil {
		opts = append(opts, cel.WithTrace())
	}

	prg, err := env.Compile(c.Rule, kind, cel.WithRuleID(c.Name))
	if c.WantError != nil && c.WantError.Phase == "compile" {
		require.Error(t, err, "the rule should not compile")
		var ce *cel.CompileError
		require.ErrorAs(t, err, &ce)
		require.NotEmpty(t, ce.Issues)
		checkIssue(t, c.WantError, ce)
		return
	}
	require.NoError(t, err)

	v, err := prg.Eval(context.Background(), facts, opts...)
	if c.WantError != nil {
		require.Equal(t, "eval", c.WantError.Phase, "phase must be compile or eval")
		var ee *cel.EvalError
		require.ErrorAs(t, err, &ee)
		w := c.WantError
		assert.Contains(t, ee.Message, w.Contains)
		assert.Contains(t, ee.MessageZh, w.ContainsZh)
		if w.Line > 0 {
			assert.Equal(t, w.Line, ee.Line, "line")
			assert.Equal(t, w.Column, ee.Column, "column")
		}
		if w.Is != "" {
			assert.ErrorIs(t, err, sentinels[w.Is])
		}
		return
	}
	require.NoError(t, err)
	switch {
	case c.WantNumber != nil:
		assert.InDelta(t, *c.WantNumber, v.Number, 1e-12)
	case c.WantBool != nil:
		assert.Equal(t, *c.WantBool, v.Bool)
	default:
		t.Fatal("a case needs want_number, want_bool or want_error")
	}
	if c.WantInputs != nil {
		got := make([]string, len(v.Inputs))
		for i, in := range v.Inputs {
			got[i] = in.GetPath() + "=" + in.GetValue()
		}
		assert.Equal(t, c.WantInputs, got)
	}
}

func checkIssue(t *testing.T, w *wantError, ce *cel.CompileError) {
	t.Helper()
	// The first issue is the one a case describes.
	i := ce.Issues[0]
	if w.Code != "" {
		assert.Equal(t, w.Code, i.Code.String(), "issue code")
	}
	assert.Contains(t, i.Message, w.Contains)
	assert.Contains(t, i.MessageZh, w.ContainsZh)
	if w.Line > 0 {
		assert.Equal(t, w.Line, i.Line, "line")
		assert.Equal(t, w.Column, i.Column, "column")
	}
	if w.Is != "" {
		assert.True(t, errors.Is(ce, sentinels[w.Is]), "errors.Is(%v, %s)", ce, w.Is)
	}
}
