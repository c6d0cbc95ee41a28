package cel_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/cel"
)

func TestFieldLiteralsFindsTheConstantsAFieldIsComparedWith(t *testing.T) {
	t.Parallel()
	env, err := cel.NewEnv()
	require.NoError(t, err)
	tests := []struct {
		name, src string
		want      []cel.Literal
	}{
		{"equality", `completion_rate(facts.assignments.filter(a, a.task_id == "T19"))`, []cel.Literal{{"T19", 1, 58}}},
		{"a constant on the left and inequality", `facts.assignments.exists(a, "T01" == a.task_id) && facts.assignments.all(a, a.task_id != "T02")`,
			[]cel.Literal{{"T01", 1, 29}, {"T02", 1, 90}}},
		{"a list over lines", "completion_rate(facts.assignments.filter(a,\n  a.task_id in [\"T19\", \"T20\"]))", []cel.Literal{{"T19", 2, 17}, {"T20", 2, 24}}},
		{"a constant in a repeated field", `completion_rate(facts.assignments.filter(a, "三会一课" in a.tags))`, nil},
		{"a field of another message", `facts.findings.exists(f, f.id == "T19")`, nil},
		{"text inside a string", `facts.metrics[?"a.task_id == 'T19'"].orValue(0.0) > 0.0`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			kind := cel.KindNumber
			if tt.name != "equality" && tt.name != "a list over lines" && tt.name != "a constant in a repeated field" {
				kind = cel.KindBool
			}
			p, err := env.Compile(tt.src, kind)
			require.NoError(t, err)
			assert.Equal(t, tt.want, p.FieldLiterals("zeren.v1.Assignment", "task_id"))
		})
	}
	p, err := env.Compile(`completion_rate(facts.assignments.filter(a, "三会一课" in a.tags))`, cel.KindNumber)
	require.NoError(t, err)
	assert.Equal(t, []cel.Literal{{"三会一课", 1, 45}}, p.FieldLiterals("zeren.v1.Assignment", "tags"))
}
