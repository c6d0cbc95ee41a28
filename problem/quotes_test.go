package problem_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
)

// rawQuoted lists the Chinese messages that keep Go's %q on purpose: the
// value is raw input not yet validated (a value a decoder is rejecting), and
// %q escapes the control characters it may carry. Elsewhere raw input shown
// as “%s” goes through [problem.Printable]. Each entry is a file and a piece
// of the literal.
var rawQuoted = map[string][]string{
	// The date a document holds, rejected because it does not parse.
	"internal/codec/date.go": {"日期 %q 无效", "日期 %q 无法识别"},
}

var (
	verb  = regexp.MustCompile(`%[-+# 0-9.*\[\]]*[a-zA-Z%]`)
	quote = regexp.MustCompile(`%[-+# 0-9.*]*(\[[0-9]+\])?q`) // %q, %[2]q
)

// chinesePart is the part of a literal before its English gloss, and
// whether it is Chinese. The gloss starts at the first （ or ( after which
// the rest of the literal is English; a literal that opens in English is
// English throughout. Text is Chinese when its Han characters, each counted
// as a three-letter word, outnumber its ASCII letters outside format verbs (`%q 不在 findings 中`), and English when
// its letters outnumber them (`the 约谈 proposal %q`, `talk %q is %s; its
// 回头看 is not due`).
func chinesePart(s string) (string, bool) {
	if i := strings.IndexAny(s, "（("); i >= 0 && weight(s[:i]) < 0 {
		return "", false // English with a Chinese gloss: `person %q（人员不在组织架构中）`
	}
	part := s
	for i, r := range s {
		if (r == '（' || r == '(') && weight(s[i:]) < 0 {
			part = s[:i]
			break
		}
	}
	return part, weight(part) > 0
}

// weight is 3 × the Han characters less the ASCII letters of s, outside
// format verbs: above 0 for Chinese, below for English.
func weight(s string) int {
	w := 0
	for _, r := range verb.ReplaceAllString(s, "") {
		switch {
		case isHan(r):
			w += 3
		case r < unicode.MaxASCII && unicode.IsLetter(r):
			w--
		}
	}
	return w
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// Chinese messages quote ids and names with Chinese quotation marks (“%s”),
// not Go's %q, whose ASCII quotes and escapes do not belong in a Chinese
// sentence; the English gloss keeps %q. The check reads every string literal
// of the root module's non-test Go sources, as a lint would.
func TestChineseMessagesQuoteWithChineseQuotationMarks(t *testing.T) {
	t.Parallel()
	root := ".."
	fset := token.NewFileSet()
	var bad []string
	kept := map[string]bool{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel == "clients" || rel == "testdata" || strings.HasSuffix(rel, "/testdata") || strings.HasPrefix(d.Name(), ".") && rel != "." {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil && rel != "." {
				return filepath.SkipDir // another module (cmd, xlsx, tools)
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			part, zh := chinesePart(s)
			if !zh || !quote.MatchString(part) {
				return true
			}
			for _, allowed := range rawQuoted[rel] {
				if strings.Contains(s, allowed) {
					kept[rel+": "+allowed] = true
					return true
				}
			}
			bad = append(bad, fset.Position(lit.Pos()).String()+": "+lit.Value)
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(bad) > 0 {
		t.Errorf("Chinese messages quoting with %%q; write “%%s” (and keep %%q in the English gloss), "+
			"or, for raw input that may hold control characters, list the message in rawQuoted:\n  %s", strings.Join(bad, "\n  "))
	}
	for file, pieces := range rawQuoted {
		for _, p := range pieces {
			if !kept[file+": "+p] {
				t.Errorf("rawQuoted lists %s: %q, which no longer quotes with %%q: drop it", file, p)
			}
		}
	}
}

func TestTheQuoteCheckTellsChineseFromItsEnglishGloss(t *testing.T) {
	t.Parallel()
	for s, flagged := range map[string]bool{
		"单位 %q 不在组织架构中":                                     true,
		"%q 不在 findings 中（%q is not among the findings）":    true,
		"（述职岗位 %q，%s）":                                      true,
		"任职 %[1]q 不存在":                                      true,
		"日期 %q 无效（%s）：%s":                                   true,
		"谈话记录 %q 处于“%s”（talk %q is %s; its 回头看 is not due）": true,
		"单位“%s”不在组织架构中":                                     false,
		"谈话记录“%s”已存在（talk %q already exists）":               false,
		"the sample's 约谈 proposal %q was not proposed":      false,
		"people: person %q（人员不在组织架构中）: %w":                  false,
		"want 是 or 否 (yes or no): %q":                       false,
	} {
		part, zh := chinesePart(s)
		assert.Equal(t, flagged, zh && quote.MatchString(part), "%s", s)
	}
}
