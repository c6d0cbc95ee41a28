package cli_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/assessment"
	"github.com/zerenlab/zeren/sample"

	"github.com/zerenlab/zeren/cmd/internal/cli"
)

var hanRe = regexp.MustCompile(`\p{Han}`)

// commands are every command's words, with a subcommand where it has one.
var commands = [][]string{{"check"}, {"decompose"}, {"assess"}, {"template"}, {"import"}, {"export"}, {"person"}, {"audit"}, {"audit", "verify"}, {"serve"}, {"version"}}

func TestEveryCommandsHelpExitsZeroWithExamplesInBothLanguages(t *testing.T) {
	t.Parallel()
	for _, c := range commands {
		for _, h := range []string{"-h", "--help", "-help"} {
			name := strings.Join(c, " ") + " " + h
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				zh := zeren(t, "", append(append([]string{}, c...), h)...)
				assert.Equal(t, cli.ExitOK, zh.code, zh.stderr)
				assert.Empty(t, zh.stderr, "help asked for is not an error")
				assert.True(t, strings.HasPrefix(zh.stdout, "用法："), zh.stdout)
				assert.Contains(t, zh.stdout, "示例：")
				assert.Contains(t, zh.stdout, "zeren "+c[0], "an example of the command")
				assert.Contains(t, zh.stdout, "退出码：")

				en := zeren(t, "", append(append([]string{}, c...), h, "-lang", "en")...)
				assert.Equal(t, cli.ExitOK, en.code, en.stderr)
				assert.True(t, strings.HasPrefix(en.stdout, "Usage: "), en.stdout)
				assert.Contains(t, en.stdout, "Examples:")
				assert.NotContains(t, en.stdout, "用法")
				assert.NotContains(t, en.stdout, "示例：")
			})
		}
	}
	// zeren help CMD is CMD's help; -lang before or after the command.
	for _, args := range [][]string{{"help", "check"}, {"-lang", "en", "check", "-h"}, {"check", "-h", "-lang=en"}} {
		r := zeren(t, "", args...)
		assert.Equal(t, cli.ExitOK, r.code, "%v", args)
		assert.Contains(t, r.stdout, "zeren check", "%v", args)
	}
	// The top-level help in both languages.
	zh := zeren(t, "", "help")
	assert.Equal(t, cli.ExitOK, zh.code)
	assert.Contains(t, zh.stdout, "version    显示版本")
	en := zeren(t, "", "--help", "-lang", "en")
	assert.Equal(t, cli.ExitOK, en.code)
	assert.Contains(t, en.stdout, "version    print the version")
	assert.False(t, hanRe.MatchString(strings.Split(en.stdout, "\n")[0]))
}

func TestHelpListsFlagsInTheLanguage(t *testing.T) {
	t.Parallel()
	zh := zeren(t, "", "check", "-h")
	assert.Contains(t, zh.stdout, "  -kind 文本\n    \t每条规则计算什么")
	en := zeren(t, "", "check", "-h", "-lang", "en")
	assert.Contains(t, en.stdout, "  -kind string\n    \twhat each rule computes")
	assert.Contains(t, en.stdout, "(default number)")
}

func TestVersion(t *testing.T) {
	t.Parallel()
	run := func(bi *debug.BuildInfo, args ...string) (int, string) {
		var out, errOut bytes.Buffer
		code := cli.Main(context.Background(), append([]string{"version"}, args...), cli.Env{
			Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" },
			BuildInfo: func() (*debug.BuildInfo, bool) { return bi, bi != nil },
		})
		return code, out.String() + errOut.String()
	}
	bi := &debug.BuildInfo{
		GoVersion: "go1.24.3",
		Main:      debug.Module{Path: "github.com/zerenlab/zeren/cmd", Version: "v0.9.0"},
		Deps:      []*debug.Module{{Path: "github.com/zerenlab/zeren", Version: "v0.9.0"}, {Path: "cel.dev/cel-go", Version: "v0.1"}},
		Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "23e01d9c0ffee"}, {Key: "vcs.time", Value: "2026-11-29T05:00:00Z"}, {Key: "vcs.modified", Value: "true"},
		},
	}
	code, out := run(bi, "-lang", "en")
	assert.Equal(t, cli.ExitOK, code)
	assert.Equal(t, "zeren v0.9.0\nrevision: 23e01d9c0ffee (modified)\ncommitted: 2026-11-29T05:00:00Z\nlibrary: github.com/zerenlab/zeren v0.9.0\ngo: go1.24.3\n", out)
	code, out = run(bi)
	assert.Equal(t, cli.ExitOK, code)
	assert.Contains(t, out, "修订： 23e01d9c0ffee（有未提交的修改）")

	bi.Main.Version, bi.Settings = "", nil
	_, out = run(bi, "-lang", "en")
	assert.Contains(t, out, "zeren (devel)\nrevision: unknown")
	code, out = run(nil)
	assert.Equal(t, cli.ExitOK, code)
	assert.Contains(t, out, "无构建信息")
	code, out = run(bi, "extra")
	assert.Equal(t, cli.ExitUsage, code)
	assert.Contains(t, out, "多余的参数")

	// The real build information of the test binary.
	r := zeren(t, "", "version")
	assert.Equal(t, cli.ExitOK, r.code)
	assert.True(t, strings.HasPrefix(r.stdout, "zeren "), r.stdout)
	assert.Contains(t, r.stdout, "Go： go1.")
}

func TestFlagsMayFollowArguments(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.cel")
	require.NoError(t, os.WriteFile(empty, nil, 0o644))
	ok := filepath.Join("testdata", "rules", "ok.cel")

	// The case: a flag after the file is a flag, not a file.
	r := zeren(t, "", "check", empty, "-lang", "en")
	assert.Equal(t, cli.ExitProblems, r.code, r.stderr)
	assert.Equal(t, empty+":1:1: Syntax error: mismatched input '<EOF>' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}\n", r.stdout, "an empty rule is at column 1")
	assert.Equal(t, "checked 1 rule file: 1 with problems, 1 problem in all\n", r.stderr)

	r = zeren(t, "", "check", ok, "-kind=ratio", "-lang", "en")
	assert.Equal(t, cli.ExitOK, r.code, r.stderr)
	assert.Equal(t, "checked 1 rule file: no problems\n", r.stderr)

	// After "--" everything is a file, and "-" is standard input.
	r = zeren(t, "facts.business_score >= 60.0", "check", "-kind", "bool", "--", "-")
	assert.Equal(t, cli.ExitOK, r.code, r.stderr)
	r = zeren(t, "", "check", "--", "-lang")
	assert.Equal(t, cli.ExitUsage, r.code)
	assert.Contains(t, r.stderr, "-lang：文件不存在")

	// Boolean flags take no value; flags after decompose's nothing.
	r = zeren(t, "", "decompose", "-json", "-as-of", "2026-07-01", "-lang", "en")
	assert.Equal(t, cli.ExitOK, r.code, r.stderr)

	// An unknown flag is refused clearly, in the language.
	r = zeren(t, "", "check", ok, "-knid", "ratio")
	assert.Equal(t, cli.ExitUsage, r.code)
	assert.Equal(t, "zeren check：未知参数 -knid\n用 “zeren check -h” 查看用法\n", r.stderr)
	r = zeren(t, "", "check", ok, "-knid", "ratio", "-lang", "en")
	assert.Equal(t, "zeren check: flag provided but not defined: -knid\nrun \"zeren check -h\" for its usage\n", r.stderr)
	r = zeren(t, "", "check", ok, "-kind")
	assert.Equal(t, cli.ExitUsage, r.code)
	assert.Contains(t, r.stderr, "参数 -kind 缺少值")
	r = zeren(t, "", "decompose", "stray.json")
	assert.Equal(t, cli.ExitUsage, r.code)
	assert.Contains(t, r.stderr, `多余的参数 ["stray.json"]`)
}

func TestSummaryAgreesWithTheExitCode(t *testing.T) {
	t.Parallel()
	ok := filepath.Join("testdata", "rules", "ok.cel")
	bad := filepath.Join("testdata", "rules", "syntax.cel")
	missing := filepath.Join(t.TempDir(), "missing.cel")
	for _, tt := range []struct {
		args    []string
		code    int
		summary string
	}{
		{[]string{ok}, cli.ExitOK, "检查了 1 个规则文件，未发现问题\n"},
		{[]string{ok, missing}, cli.ExitUsage, "检查了 1 个规则文件，均可编译；1 个文件无法读取，未检查\n"},
		{[]string{bad, missing}, cli.ExitUsage, "检查了 1 个规则文件，1 个有问题，共 1 处；1 个文件无法读取，未检查\n"},
		{[]string{ok, bad}, cli.ExitProblems, "检查了 2 个规则文件，1 个有问题，共 1 处\n"},
		{[]string{missing}, cli.ExitUsage, "检查了 0 个规则文件，均可编译；1 个文件无法读取，未检查\n"},
		{[]string{ok, missing, "-lang", "en"}, cli.ExitUsage, "checked 1 rule file, all compile; 1 file could not be read and were not checked\n"},
	} {
		r := zeren(t, "", append([]string{"check"}, tt.args...)...)
		assert.Equal(t, tt.code, r.code, "%v: %s", tt.args, r.stderr)
		assert.True(t, strings.HasSuffix(r.stderr, tt.summary), "%v:\n%s", tt.args, r.stderr)
		if r.code != cli.ExitOK {
			assert.NotContains(t, r.stderr, "未发现问题")
			assert.NotContains(t, r.stderr, "no problems")
		}
	}
}

func TestMessagesAreChineseByDefault(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	plan := filepath.Join(dir, "plan.json")

	// A validation error: the count and every problem in Chinese.
	require.NoError(t, os.WriteFile(plan, []byte(`{"year":2026,"tasks":[{"id":"T1","title":"x","ownerPostKindId":"nobody"}]}`), 0o644))
	r := zeren(t, "", "decompose", "-plan", plan)
	assert.Equal(t, cli.ExitProblems, r.code)
	assert.Regexp(t, `^zeren decompose：输入中有 \d+ 处问题：\n  任务“T1”（x）：`, r.stderr)
	assert.NotContains(t, r.stderr, "problem(s) in the input")
	r = zeren(t, "", "decompose", "-plan", plan, "-lang", "en")
	assert.Contains(t, r.stderr, "problem(s) in the input")

	// A document that does not decode, and a bad date in it.
	require.NoError(t, os.WriteFile(plan, []byte(`{"year":2026,"tasks":[{"id":"T1","deadline":"2026/06/30"}]}`), 0o644))
	r = zeren(t, "", "decompose", "-plan", plan)
	assert.Equal(t, cli.ExitProblems, r.code, r.stderr)
	assert.Contains(t, r.stderr, `无法解析年度清单（json），位置 tasks[0].deadline：日期 "2026/06/30" 无法识别：应为日期 YYYY-MM-DD`)
	r = zeren(t, "", "decompose", "-plan", plan, "-lang", "en")
	assert.Contains(t, r.stderr, `decode plan (json): at tasks[0].deadline: date "2026/06/30" is not understood: want a date YYYY-MM-DD`)

	// A missing file and a bad -as-of.
	r = zeren(t, "", "decompose", "-structure", filepath.Join(dir, "nope.json"))
	assert.Equal(t, cli.ExitUsage, r.code)
	assert.Contains(t, r.stderr, "nope.json：文件不存在")
	r = zeren(t, "", "decompose", "-as-of", "2026-02-30")
	assert.Equal(t, cli.ExitUsage, r.code)
	assert.Contains(t, r.stderr, `zeren decompose：-as-of: 日期 "2026-02-30" 无效（day out of range）：应为日期 YYYY-MM-DD`)
	r = zeren(t, "", "assess", "-unit", "nope")
	assert.Contains(t, r.stderr, "zeren assess：-unit \"nope\": 不在参加考核的单位之中")
}

func TestDatesAreReadAndPrintedInLocalTime(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// A plan whose deadline is written as a date: it is the local day, and
	// prints as that day.
	plan := filepath.Join(dir, "plan.json")
	r := zeren(t, "", "decompose", "-json")
	require.Equal(t, cli.ExitOK, r.code)
	first := strings.SplitN(r.stdout, "\n", 2)[0]
	assert.Contains(t, first, `"due":"2026-`)
	assert.Contains(t, first, `T00:00:00+08:00"`, "instants in local time: %s", first)
	assert.NotContains(t, r.stdout, `T16:00:00Z"`, "no due date reads as the day before")

	js, err := assessment.MarshalJSON(sample.Plan())
	require.NoError(t, err)
	// Every instant of the plan that begins a day in UTC+8, written as that
	// day: 2026-03-30T16:00:00Z is "2026-03-31".
	n := 0
	dated := regexp.MustCompile(`"(\d{4}-\d{2}-\d{2}T16:00:00Z)"`).ReplaceAllFunc(js, func(m []byte) []byte {
		ts, err := time.Parse(time.RFC3339, string(m[1:len(m)-1]))
		require.NoError(t, err)
		n++
		return []byte(`"` + ts.In(sample.Location).Format(time.DateOnly) + `"`)
	})
	require.Positive(t, n)
	require.NoError(t, os.WriteFile(plan, dated, 0o644))
	r = zeren(t, "", "decompose", "-plan", plan)
	require.Equal(t, cli.ExitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "T04        12  2026-03-31  ")
}

func TestAssessInEnglish(t *testing.T) {
	t.Parallel()
	r := zeren(t, "", "assess", "-unit", "czj", "-lang", "en")
	require.Equal(t, cli.ExitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "rank | unit | score | base | review | grade | vetoes\n")
	assert.Contains(t, r.stdout, "Unit: czj    Period: 2026")
	for _, label := range []string{"考核排名", "总分", "公式", "单位 Unit"} {
		assert.NotContains(t, r.stdout, label)
	}
	zh := zeren(t, "", "assess", "-unit", "czj")
	assert.Contains(t, zh.stdout, "单位 Unit: czj", "Chinese first, with English labels, by default")
	assert.NotEqual(t, zh.stdout, r.stdout)
}
