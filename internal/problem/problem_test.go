package problem

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestValidationError(t *testing.T) {
	t.Parallel()
	assert.NoError(t, New("x", nil))
	var l List
	l.Add(MissingField, "task", RecordID("", 2), "", "title", "title is %s", "empty")
	l.Add(Cycle, "organization", "b1", "第一支部", "parent_id", "cycle")
	err := New("checklist", l)
	assert.Equal(t, "checklist: 2 problem(s) in the input\n  task \"#3\": title: title is empty\n  organization \"b1\" (第一支部): parent_id: cycle", err.Error())
	assert.ErrorIs(t, err, &ValidationError{})
	var verr *ValidationError
	assert.True(t, errors.As(err, &verr))
	assert.Equal(t, "cycle", verr.Problems[1].Kind.String())
	assert.Equal(t, "ProblemKind(99)", Kind(99).String())
	assert.Equal(t, "zeren: 0 problem(s) in the input", (&ValidationError{}).Error())
}
