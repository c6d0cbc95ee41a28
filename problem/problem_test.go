package problem_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/problem"
)

var errCause = errors.New("cel: compile rule \"1.1\": line 2, column 5: undeclared")

func TestValidationErrorInBothLanguages(t *testing.T) {
	t.Parallel()
	assert.NoError(t, problem.New("x", nil))
	var l problem.List
	l.Add(problem.MissingField, "task", problem.RecordID("", 2), "", "title", "标题为空", "title is empty")
	// A problem with an English message only renders the code's Chinese name.
	l = append(l, problem.Problem{Code: problem.Cycle, Record: "organization", ID: "b1", Name: "第一支部", Field: "parent_id",
		Message: "the organisation is its own parent"})
	l = append(l, problem.Problem{Code: problem.BadRule, Record: "indicator", ID: "1.1", Name: "第一议题",
		Path: "indicators[0].children[0]", Field: "formula", Line: 2, Column: 5,
		MessageZh: "未定义的字段", Message: "undefined field", Err: errCause})
	err := problem.New("checklist", l)

	assert.Equal(t, "checklist: 3 problem(s) in the input\n"+
		"  task \"#3\": title: title is empty\n"+
		"  organization \"b1\" (第一支部): parent_id: the organisation is its own parent\n"+
		"  indicator \"1.1\" (第一议题): formula: line 2, column 5: undefined field", err.Error())

	ve, ok := problem.As(err)
	require.True(t, ok)
	assert.Equal(t, err.Error(), ve.En())
	assert.Equal(t, "输入中有 3 处问题：\n"+
		"  任务第3条：title：标题为空\n"+
		"  党组织“b1”（第一支部）：parent_id：循环引用（the organisation is its own parent）\n"+
		"  指标“1.1”（第一议题）：formula：第2行第5列：未定义的字段", ve.Zh())
}

func TestCodesAndCausesUnwrap(t *testing.T) {
	t.Parallel()
	err := problem.New("assessment", []problem.Problem{
		{Code: problem.DuplicateID, Record: "indicator", ID: "1"},
		{Code: problem.DuplicateID, Record: "indicator", ID: "2"},
		{Code: problem.BadRule, Record: "veto", ID: "V1", Err: errCause},
	})
	assert.ErrorIs(t, err, problem.DuplicateID)
	assert.ErrorIs(t, err, problem.BadRule)
	assert.ErrorIs(t, err, errCause)
	assert.NotErrorIs(t, err, problem.Cycle)
	assert.ErrorIs(t, err, &problem.ValidationError{})
	ve, _ := problem.As(err)
	assert.Len(t, ve.Unwrap(), 3, "each code and cause once")
}

func TestAProblemWithoutAnIDIsNamedByItsPath(t *testing.T) {
	t.Parallel()
	p := problem.Problem{Code: problem.InvalidValue, Record: "modifier", Path: "deductions[0].modifiers[1]", Field: "factor", Message: "must be positive", MessageZh: "应为正数"}
	assert.Equal(t, "modifier deductions[0].modifiers[1]: factor: must be positive", p.String())
	assert.Equal(t, "扣分调整deductions[0].modifiers[1]：factor：应为正数", p.Zh())
}

func TestCodeNames(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "duplicate_id", problem.DuplicateID.String())
	assert.Equal(t, "编号重复", problem.DuplicateID.Zh())
	assert.Equal(t, "something_new", problem.Code("something_new").Zh(), "an unknown code shows its name")
	assert.Equal(t, "党组织", problem.RecordZh("organization"))
	assert.Equal(t, "widget", problem.RecordZh("widget"))
}

func TestPrintableEscapesOnlyWhatCannotBeShown(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"T23": "T23", "第一支部": "第一支部", `say "hi" \ ok`: `say "hi" \ ok`, "a b　c": "a b　c",
		"a\nb": `a\nb`, "\x1b[31mred": `\x1b[31mred`, "bad\xffbyte": `bad\xffbyte`, "\u202eevil": `\u202eevil`,
	} {
		assert.Equal(t, want, problem.Printable(in), "%q", in)
	}
}
