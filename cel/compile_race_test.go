package cel_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/cel"
)

// TestConcurrentCompilesOnOneEnv: administrators save rules at the same
// time; compiling them concurrently on one environment must be safe. (cel-go
// v0.33.2 races between a suggestion for an undeclared name and a
// comprehension's scope; Compile serialises its type check. Run with -race.)
func TestConcurrentCompilesOnOneEnv(t *testing.T) {
	t.Parallel()
	env, err := cel.NewEnv()
	require.NoError(t, err)
	rules := []string{
		`complete_rate(assignments)`,
		`assignments.filter(a, a.target > 1.0).size() > 2`,
		`facts.findings.exists(f, f.concealed) || unknown_name`,
		`cases.all(c, c.overdue_count < 2)`,
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				_, _ = env.Compile(rules[(g+i)%len(rules)], cel.KindBool)
			}
		}()
	}
	wg.Wait()
}
