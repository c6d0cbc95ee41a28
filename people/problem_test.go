package people_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/cel"
	"github.com/zerenlab/zeren/people"
	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
)

// An eligibility rule whose condition does not compile is a bad rule at
// its line and column, in the library's one problem shape.
func TestEligibilityRuleProblemsHaveTheOneShape(t *testing.T) {
	t.Parallel()
	y := sampleYear(t)
	rules := sample.EligibilityRules2026()
	rules[0].Condition = "size(person.unit_grades) > 0\n  && person.unit_grade.all(g, g.grade_id == 'good')"
	rules[1].Id = rules[0].GetId()
	_, err := people.NewRules(y.env, rules)
	require.Error(t, err)
	var ve *people.ValidationError
	require.ErrorAs(t, err, &ve)
	var pve *problem.ValidationError
	require.ErrorAs(t, err, &pve, "people.ValidationError is problem.ValidationError")
	assert.Equal(t, "people", ve.Source)
	require.Len(t, ve.Problems, 2, ve.Error())

	rule := ve.Problems[0]
	assert.Equal(t, problem.BadRule, rule.Code)
	assert.Equal(t, "eligibility rule", rule.Record)
	assert.Equal(t, rules[0].GetId(), rule.ID)
	assert.Equal(t, rules[0].GetName(), rule.Name)
	assert.Equal(t, "rules[0]", rule.Path)
	assert.Equal(t, "condition", rule.Field)
	assert.Equal(t, 2, rule.Line)
	assert.Equal(t, 12, rule.Column, "the '.' before unit_grade")
	assert.Contains(t, rule.MessageZh, "未定义的字段 'unit_grade'")
	assert.Contains(t, rule.Message, "undefined field 'unit_grade'")
	assert.Contains(t, rule.Zh(), "资格规则“"+rules[0].GetId()+"”（"+rules[0].GetName()+"）：condition：第2行第12列：")
	assert.Contains(t, rule.En(), `eligibility rule "`+rules[0].GetId()+`" (`+rules[0].GetName()+`): condition: line 2, column 12: `)
	var ce *cel.CompileError
	require.True(t, errors.As(err, &ce), "the cause is the compile error")
	assert.Same(t, ce, rule.Err)

	dup := ve.Problems[1]
	assert.Equal(t, problem.DuplicateID, dup.Code)
	assert.Equal(t, "eligibility rule", dup.Record)
	assert.Equal(t, "rules[1]", dup.Path)
	assert.Equal(t, "id", dup.Field)

	assert.ErrorIs(t, err, problem.BadRule)
	assert.ErrorIs(t, err, problem.DuplicateID)
	assert.Contains(t, ve.Zh(), "输入中有 2 处问题")
	assert.Contains(t, err.Error(), "people: 2 problem(s) in the input")
}

// A 述职评议 of someone who did not hold the post is a conflict naming the
// review, its path and the field, in both languages.
func TestRevieweeMismatchHasTheOneShape(t *testing.T) {
	t.Parallel()
	pl := samplePlan(t)
	var rv *zerenv1.Review
	for _, r := range sample.PostReviews2026() {
		if r.GetId() == "R-2026-czj-pg-2" {
			rv = r
		}
	}
	require.NotNil(t, rv)
	rv.PersonId = sample.RotationOldSecretaryID
	_, err := pl.Score([]*zerenv1.Review{rv}, sample.Input2026().Findings)
	ve, ok := problem.As(err)
	require.True(t, ok, "%v", err)
	require.Len(t, ve.Problems, 1, ve.Error())
	p := ve.Problems[0]
	assert.Equal(t, problem.Conflict, p.Code)
	assert.Equal(t, "review", p.Record)
	assert.Equal(t, "R-2026-czj-pg-2", p.ID)
	assert.Equal(t, "reviews[0]", p.Path)
	assert.Equal(t, "person_id", p.Field)
	assert.Zero(t, p.Line)
	assert.Contains(t, p.MessageZh, "在 2027-01-20 不是岗位“czj-pg-sec”的任职人，当日任职人是 叶思远")
	assert.Contains(t, p.Message, "does not hold post \"czj-pg-sec\" on 2027-01-20")
	assert.Contains(t, p.Zh(), "述职评议“R-2026-czj-pg-2”：person_id：")
	assert.Contains(t, p.En(), `review "R-2026-czj-pg-2": person_id: `)
	assert.ErrorIs(t, err, problem.Conflict)
	assert.NotErrorIs(t, err, problem.BadRule)
}
