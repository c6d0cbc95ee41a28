package frameworks_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zerenlab/zeren/frameworks"
)

// verifiedCitations lists, per regulation, the only subdivisions a basis may
// name: the articles and chapters checked against the regulation's text.
// Anything else must cite the regulation alone — a wrong article is worse
// than none. Adding an entry means having checked it.
var verifiedCitations = map[string][]string{
	"《中国共产党问责条例》":                   {"第八条"}, // 问责方式
	"《党委（党组）落实全面从严治党主体责任规定》":        {"“责任内容”一章", "“责任落实”一章", "“监督追责”一章", "“责任落实”“监督追责”两章"},
	"《中国共产党支部工作条例（试行）》":             {"“基本任务”一章", "“组织生活”一章", "“支部委员会建设”一章"},
	"《中国共产党党和国家机关基层组织工作条例》":         nil,
	"《党委（党组）书记抓基层党建工作述职评议考核办法（试行）》": nil,
}

var (
	citationRe    = regexp.MustCompile(`(《[^》]+》)(（\d{4}）)?([^；《、]*)`)
	subdivisionRe = regexp.MustCompile(`第[一二三四五六七八九十百]+[条章]|“[^”]+”(“[^”]+”)?[一两]章`)
)

func TestEveryClauseCitesOnlyVerifiedArticles(t *testing.T) {
	t.Parallel()
	for _, fw := range frameworks.All() {
		for _, c := range fw.GetClauses() {
			basis := c.GetBasis()
			name := fw.GetId() + "/" + c.GetPostKindId() + c.GetLevelId() + c.GetNumber()
			if basis == "" {
				continue
			}
			for _, m := range citationRe.FindAllStringSubmatch(basis, -1) {
				reg, rest := m[1], strings.TrimSpace(m[3])
				allowed, known := verifiedCitations[reg]
				if !assert.True(t, known, "%s: unknown regulation %s", name, reg) {
					continue
				}
				for _, sub := range subdivisionRe.FindAllString(rest, -1) {
					assert.Contains(t, allowed, sub, "%s: %s%s is not a verified citation", name, reg, sub)
				}
			}
		}
	}
}

func TestTheCitationCheckCatchesAnUnverifiedArticle(t *testing.T) {
	t.Parallel()
	tests := []struct {
		basis string
		ok    bool
	}{
		{"《中国共产党问责条例》（2019）第八条", true},
		{"《中国共产党问责条例》（2019）第六条", false},
		{"《中国共产党党和国家机关基层组织工作条例》（2019）第二章“组织设置”", false},
		{"《中国共产党支部工作条例（试行）》“组织生活”一章", true},
		{"《党委（党组）落实全面从严治党主体责任规定》（2020）第九条", false},
	}
	for _, tt := range tests {
		m := citationRe.FindStringSubmatch(tt.basis)
		ok := true
		for _, sub := range subdivisionRe.FindAllString(m[3], -1) {
			found := false
			for _, a := range verifiedCitations[m[1]] {
				found = found || a == sub
			}
			ok = ok && found
		}
		assert.Equal(t, tt.ok, ok, tt.basis)
	}
}
