package assessment_test

import (
	"context"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/assessment"
	"github.com/zerenlab/zeren/sample"
)

// han matches a Chinese character.
var han = regexp.MustCompile(`\p{Han}`)

func TestRenderInOneLanguage(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e, err := assessment.New(ctx, sample.IndicatorSystem(), nil)
	require.NoError(t, err)
	run, err := e.Run(ctx, sample.Facts2026(), assessment.WithReviews(sample.Reviews2026()...))
	require.NoError(t, err)
	r := run.Results[0]

	assert.Equal(t, e.Render(r), e.RenderIn(r, ""), "no language is both, as Render")
	assert.Equal(t, e.RenderRun(run), e.RenderRunIn(run, ""))

	en := e.RenderIn(r, "en")
	assert.Contains(t, en, "Assessment result: ")
	assert.Contains(t, en, "Score: "+r.GetScore()+" = base ")
	assert.Contains(t, en, "formula: ")
	for _, label := range []string{"考核结果", "总分", "公式", "取值", "依据", "来源", "期间"} {
		assert.NotContains(t, en, label)
	}
	zh := e.RenderIn(r, "zh")
	assert.Contains(t, zh, "考核结果: ")
	assert.Contains(t, zh, "公式: ")
	for _, label := range []string{"Assessment result", "Score", "formula", "value:", "Provenance"} {
		assert.NotContains(t, zh, label)
	}

	runEn := e.RenderRunIn(run, "en")
	assert.Contains(t, runEn, "rank | unit | score | base | review | grade | vetoes\n")
	assert.Contains(t, runEn, "Ranking: ")
	assert.NotContains(t, runEn, "考核排名")
	assert.NotContains(t, runEn, "排名 rank")
	runZh := e.RenderRunIn(run, "zh")
	assert.Contains(t, runZh, "排名 | 单位 | 总分 | 基础分 | 评议 | 等次 | 否决\n")
	assert.NotContains(t, runZh, "Ranking")
	assert.True(t, han.MatchString(runZh))
}
