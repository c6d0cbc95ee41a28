package cel_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"google.golang.org/protobuf/encoding/protojson"

	"github.com/zerenlab/zeren/cel"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// corpusSeeds returns the rules and facts of the conformance corpus.
func corpusSeeds(tb testing.TB) (rules []string, facts [][]byte) {
	files, _ := filepath.Glob(filepath.Join("testdata", "rules", "*.json"))
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			tb.Fatal(err)
		}
		var cases []corpusCase
		if err := json.Unmarshal(data, &cases); err != nil {
			tb.Fatal(err)
		}
		for _, c := range cases {
			rules = append(rules, c.Rule)
			if len(c.Facts) > 0 {
				facts = append(facts, c.Facts)
			}
		}
	}
	return rules, facts
}

// sampleFacts are facts every fuzzed rule is evaluated against.
func sampleFacts() *zerenv1.UnitFacts {
	f := manyAssignments(12)
	f.Metrics = map[string]float64{"party_fee_rate": 0.9}
	f.Period = &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_QUARTER, Year: 2026, Index: 2}
	f.Findings = []*zerenv1.Finding{{Id: "F1", Severity: zerenv1.Severity_SEVERITY_MAJOR}}
	f.Cases = []*zerenv1.SupervisionCase{{Id: "C1", State: zerenv1.CaseState_CASE_STATE_OPEN}}
	return f
}

// FuzzCompileRule feeds arbitrary text to Compile: it must never panic,
// every failure must be a *CompileError with issues, and a rule that
// compiles must evaluate to a value or an *EvalError.
func FuzzCompileRule(f *testing.F) {
	rules, _ := corpusSeeds(f)
	for i, r := range rules {
		f.Add(r, uint8(i))
	}
	env, err := cel.NewEnv()
	if err != nil {
		f.Fatal(err)
	}
	facts := sampleFacts()
	f.Fuzz(func(t *testing.T, src string, k uint8) {
		kind := cel.Kind(int(k)%3 + 1)
		prg, err := env.Compile(src, kind, cel.WithRuleID("fuzz"))
		if err != nil {
			var ce *cel.CompileError
			if !errors.As(err, &ce) {
				t.Fatalf("Compile(%q) failed with %T, not *CompileError: %v", src, err, err)
			}
			if len(ce.Issues) == 0 || ce.Error() == "" || ce.Zh() == "" {
				t.Fatalf("Compile(%q): a compile error without issues: %#v", src, ce)
			}
			for _, i := range ce.Issues {
				if i.Message == "" || i.MessageZh == "" || i.Line < 0 || i.Column < 0 {
					t.Fatalf("Compile(%q): incomplete issue %#v", src, i)
				}
			}
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if _, err := prg.Eval(ctx, facts, cel.WithTrace()); err != nil {
			var ee *cel.EvalError
			if !errors.As(err, &ee) {
				t.Fatalf("Eval(%q) failed with %T, not *EvalError: %v", src, err, err)
			}
			if ee.Message == "" || ee.MessageZh == "" {
				t.Fatalf("Eval(%q): incomplete error %#v", src, ee)
			}
		}
	})
}

// fuzzRules are evaluated against every fuzzed facts.
var fuzzRules = []struct {
	src  string
	kind cel.Kind
}{
	{"completion_rate(facts.assignments)", cel.KindRatio},
	{"on_time_rate(assignments, now) * 0.5 + completion_rate(assignments) * 0.5", cel.KindRatio},
	{"double(overdue_count(facts.assignments, now) + count_open_cases(facts.cases))", cel.KindNumber},
	{"working_days_between(period_start(period), period_end(period)) > 0 && is_working_day(now)", cel.KindBool},
	{"sum(facts.assignments.map(a, a.actual)) + avg(metrics.map(k, metrics[k]))", cel.KindNumber},
	{"clamp(metrics[?'party_fee_rate'].orValue(0.0), 0.0, 1.0)", cel.KindRatio},
	{"facts.findings.exists(f, f.severity == Severity.SEVERITY_SEVERE && !f.self_reported) || facts.review.score < 60.0", cel.KindBool},
	{"facts.assignments[0].actual / facts.assignments[0].target", cel.KindNumber},
	{"facts.unit.name.contains('局') && facts.organizations.all(o, o.member_count >= 3)", cel.KindBool},
}

// FuzzEvalFacts feeds arbitrary protojson as a unit's facts to fixed rules:
// evaluation must never panic and every failure must be an *EvalError.
func FuzzEvalFacts(f *testing.F) {
	_, facts := corpusSeeds(f)
	for _, data := range facts {
		f.Add([]byte(data))
	}
	sample, err := protojson.Marshal(sampleFacts())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(sample)
	env, err := cel.NewEnv()
	if err != nil {
		f.Fatal(err)
	}
	prgs := make([]*cel.Program, len(fuzzRules))
	for i, r := range fuzzRules {
		if prgs[i], err = env.Compile(r.src, r.kind); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		facts := &zerenv1.UnitFacts{}
		if err := (protojson.UnmarshalOptions{DiscardUnknown: true}).Unmarshal(data, facts); err != nil {
			return
		}
		for i, prg := range prgs {
			_, err := prg.Eval(context.Background(), facts, cel.WithTrace())
			var ee *cel.EvalError
			if err != nil && !errors.As(err, &ee) {
				t.Fatalf("rule %d on %s: %T is not *EvalError: %v", i, data, err, err)
			}
		}
	})
}
