package assessment_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/assessment"
	"github.com/zerenlab/zeren/cel"
	"github.com/zerenlab/zeren/problem"
	"github.com/zerenlab/zeren/sample"
)

// An indicator system's problems are the library's one problem shape: a
// code, the record, its id, name and path, the field, a formula's line and
// column, Chinese and English, and the causes behind errors.Is / errors.As.
func TestAssessmentProblemsHaveTheOneShape(t *testing.T) {
	t.Parallel()
	sys := sample.IndicatorSystem()
	first := sys.Indicators[0].Children[0]
	second := sys.Indicators[0].Children[1]
	// A syntax error on line 2: the "&&" has nothing after it, so the
	// rule ends unexpectedly at line 2, column 42, just after the source's
	// last character (the 41st of line 2).
	first.Formula = "completion_rate(facts.assignments)\n  + completion_rate(facts.assignments) &&"
	second.Id = first.GetId()
	_, err := assessment.New(context.Background(), sys, nil)
	require.Error(t, err)

	var ve *problem.ValidationError
	require.ErrorAs(t, err, &ve)
	var av *assessment.ValidationError
	require.ErrorAs(t, err, &av, "assessment.ValidationError is problem.ValidationError")
	assert.Equal(t, "assessment", ve.Source)
	require.Len(t, ve.Problems, 2, ve.Error())
	for _, p := range ve.Problems {
		assert.NotEmpty(t, p.Code, "every problem has a code: %v", p)
	}

	rule := ve.Problems[0]
	assert.Equal(t, problem.BadRule, rule.Code)
	assert.Equal(t, "indicator", rule.Record)
	assert.Equal(t, first.GetId(), rule.ID)
	assert.Equal(t, first.GetName(), rule.Name)
	assert.Equal(t, "indicators[0].children[0]", rule.Path)
	assert.Equal(t, "formula", rule.Field)
	assert.Equal(t, 2, rule.Line)
	assert.Equal(t, 42, rule.Column)
	assert.Contains(t, rule.Zh(), "指标“"+first.GetId()+"”（"+first.GetName()+"）：formula：第2行第42列：语法错误")
	assert.Contains(t, rule.En(), `indicator "`+first.GetId()+`" (`+first.GetName()+`): formula: line 2, column 42: Syntax error`)
	var ce *cel.CompileError
	require.True(t, errors.As(err, &ce), "the cause is the compile error")
	assert.Equal(t, 2, ce.Issues[0].Line)
	assert.Same(t, ce, rule.Err)

	dup := ve.Problems[1]
	assert.Equal(t, problem.DuplicateID, dup.Code)
	assert.Equal(t, "indicator", dup.Record)
	assert.Equal(t, first.GetId(), dup.ID)
	assert.Equal(t, second.GetName(), dup.Name)
	assert.Equal(t, "indicators[0].children[1]", dup.Path)
	assert.Equal(t, "id", dup.Field)
	assert.Zero(t, dup.Line)
	assert.Contains(t, dup.MessageZh, "编号必须唯一")
	assert.Contains(t, dup.Message, "ids must be unique")

	assert.ErrorIs(t, err, problem.BadRule)
	assert.ErrorIs(t, err, problem.DuplicateID)
	assert.NotErrorIs(t, err, problem.Cycle)
	assert.Contains(t, ve.Zh(), "输入中有 2 处问题")
	assert.Contains(t, err.Error(), "assessment: 2 problem(s) in the input")
}

// The units of a run are checked the same way: a unit given twice is a
// duplicate id, counted from 0 in its path.
func TestAssessmentRunProblemsHaveTheOneShape(t *testing.T) {
	t.Parallel()
	e, err := assessment.New(context.Background(), sample.IndicatorSystem(), nil)
	require.NoError(t, err)
	units := sample.Facts2026()
	require.NotEmpty(t, units)
	_, err = e.Run(context.Background(), append(units, units[0]))
	ve, ok := problem.As(err)
	require.True(t, ok, "%v", err)
	require.Len(t, ve.Problems, 1)
	p := ve.Problems[0]
	assert.Equal(t, problem.DuplicateID, p.Code)
	assert.Equal(t, "unit", p.Record)
	assert.Equal(t, units[0].GetUnit().GetId(), p.ID)
	assert.Equal(t, "unit.id", p.Field)
	assert.Equal(t, "单位重复出现", p.MessageZh)
	assert.Equal(t, "the unit appears twice", p.Message)
}
