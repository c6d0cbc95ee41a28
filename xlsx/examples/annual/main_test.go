package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTheYearRunsFromTemplateToReport runs the example: template → filled
// workbook → import → decompose → export → report.
func TestTheYearRunsFromTemplateToReport(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), dir, &out), out.String())
	for _, name := range []string{"三个清单-模板.xlsx", "三个清单-已填写.xlsx", "分解表.xlsx", "督办台账.xlsx", "考核评分表.xlsx",
		"问责建议.xlsx", "述职评议测评表.xlsx", "年度报告.html"} {
		st, err := os.Stat(filepath.Join(dir, name))
		require.NoError(t, err, name)
		assert.Positive(t, st.Size(), name)
	}
	assert.Contains(t, out.String(), "与录入内容一致")
	page, err := os.ReadFile(filepath.Join(dir, "年度报告.html"))
	require.NoError(t, err)
	assert.True(t, strings.Contains(string(page), "八、各单位计分依据"))
}
