package server

import (
	"testing"

	"connectrpc.com/connect"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/checklist/supervision"
	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
)

// A decode error reaches the client as a ValidationProblem with its code,
// path and position, and any error that reads in both languages answers in
// the caller's.
func TestBilingualErrorsFollowTheLanguage(t *testing.T) {
	t.Parallel()
	_, derr := responsibility.ParseStructure([]byte("{\n  \"posts\": [{\"id\": 7}]\n}"))
	require.Error(t, derr)
	for _, en := range []bool{false, true} {
		var ce *connect.Error
		require.ErrorAs(t, localise(toConnect(derr), en), &ce)
		assert.Equal(t, connect.CodeInvalidArgument, ce.Code())
		require.Len(t, ce.Details(), 1)
		v, err := ce.Details()[0].Value()
		require.NoError(t, err)
		p := v.(*zerenv1.ValidationProblem)
		assert.Equal(t, string(problem.BadDocument), p.GetCode())
		assert.Equal(t, "structure", p.GetRecord())
		assert.Equal(t, "posts[0].id", p.GetPath())
		assert.Equal(t, int32(2), p.GetLine())
		assert.Positive(t, p.GetColumn())
		assert.Contains(t, p.GetMessageZh(), "格式错误")
		if en {
			assert.Equal(t, p.GetMessageEn(), p.GetMessage())
			assert.Contains(t, ce.Message(), "decode structure (json): at posts[0].id")
		} else {
			assert.Equal(t, p.GetMessageZh(), p.GetMessage())
			assert.Contains(t, ce.Message(), "无法解析组织结构（json），位置 posts[0].id，第2行")
		}
	}

	terr := &supervision.TransitionError{CaseID: "DB-1", From: zerenv1.CaseState_CASE_STATE_OPEN, To: zerenv1.CaseState_CASE_STATE_CLOSED}
	assert.Equal(t, terr.Zh(), localise(toConnect(terr), false).(*connect.Error).Message())
	assert.Equal(t, terr.En(), localise(toConnect(terr), true).(*connect.Error).Message())
}

// WireProblem carries every field and puts `message` in the language asked
// for, falling back to Chinese when a problem has no English message; the
// Accept-Language header chooses English only when English comes first.
func TestWireProblemAnswersInTheLanguageAskedFor(t *testing.T) {
	t.Parallel()
	p := problem.Problem{Code: problem.MissingField, Record: "task", ID: "T1", Name: "落实", Path: "任务清单!D14",
		Field: "deadline", Line: 2, Column: 3, MessageZh: "缺少完成时限", Message: "no deadline"}
	zh := WireProblem(p, false)
	assert.Equal(t, &zerenv1.ValidationProblem{Record: "task", Id: "T1", Name: "落实", Path: "任务清单!D14",
		Field: "deadline", Code: "missing_field", Line: 2, Column: 3,
		Message: "缺少完成时限", MessageZh: "缺少完成时限", MessageEn: "no deadline"}, zh)
	assert.Equal(t, "no deadline", WireProblem(p, true).GetMessage())
	p.Message = ""
	assert.Equal(t, "缺少完成时限", WireProblem(p, true).GetMessage(), "no English message: the Chinese one")

	for header, en := range map[string]bool{"": false, "en-US,en;q=0.9": true, "zh-CN,en;q=0.8": false,
		"fr, en-GB;q=0.5, zh;q=0.3": true, "de": false} {
		assert.Equal(t, en, PrefersEnglish(header), header)
	}
}
