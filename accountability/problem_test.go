package accountability_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/accountability"
	"github.com/zerenlab/zeren/cel"
	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// A trigger's problems are the library's one problem shape: a condition
// that does not compile is a bad rule at its line and column, whose cause
// is the *cel.CompileError; a repeated id is a duplicate id.
func TestTriggerProblemsHaveTheOneShape(t *testing.T) {
	t.Parallel()
	env, h := setup(t)
	_, err := accountability.New(env, h, []*zerenv1.Trigger{
		{Id: "T1", Name: "排名末位", Condition: "result.rank > 10", Measure: mTalk, Target: tPerson},
		{Id: "T2", Name: "条件有误", Condition: "result.rank > 10 &&\n  result.nosuch", Measure: mTalk, Target: tPerson},
		{Id: "T1", Name: "重复", Condition: "true", Measure: mTalk, Target: tPerson},
	})
	require.Error(t, err)
	var ve *accountability.ValidationError
	require.True(t, errors.As(err, &ve), "%v", err)
	var pve *problem.ValidationError
	require.ErrorAs(t, err, &pve, "accountability.ValidationError is problem.ValidationError")
	assert.Equal(t, "accountability", ve.Source)
	require.Len(t, ve.Problems, 2, ve.Error())

	rule := ve.Problems[0]
	assert.Equal(t, problem.BadRule, rule.Code)
	assert.Equal(t, "trigger", rule.Record)
	assert.Equal(t, "T2", rule.ID)
	assert.Equal(t, "条件有误", rule.Name)
	assert.Equal(t, "condition", rule.Field)
	assert.Equal(t, 2, rule.Line)
	assert.Equal(t, 9, rule.Column, "the '.' before nosuch")
	assert.Contains(t, rule.MessageZh, "nosuch")
	assert.Contains(t, rule.Message, "nosuch")
	assert.Contains(t, rule.Zh(), "触发规则“T2”（条件有误）：condition：第2行第9列：")
	assert.Contains(t, rule.En(), `trigger "T2" (条件有误): condition: line 2, column 9: `)
	var ce *cel.CompileError
	require.True(t, errors.As(err, &ce), "the cause is the compile error")
	assert.Same(t, ce, rule.Err)

	dup := ve.Problems[1]
	assert.Equal(t, problem.DuplicateID, dup.Code)
	assert.Equal(t, "trigger", dup.Record)
	assert.Equal(t, "T1", dup.ID)
	assert.Equal(t, "重复", dup.Name)
	assert.Equal(t, "id", dup.Field)
	assert.Zero(t, dup.Line)
	assert.Equal(t, "编号重复", dup.MessageZh)
	assert.Equal(t, "id is used twice", dup.Message)

	assert.ErrorIs(t, err, problem.BadRule)
	assert.ErrorIs(t, err, problem.DuplicateID)
	assert.Contains(t, ve.Zh(), "输入中有 2 处问题")
	assert.Contains(t, err.Error(), "accountability: 2 problem(s) in the input")
}
