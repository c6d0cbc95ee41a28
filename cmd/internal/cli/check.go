package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/zerenlab/zeren/cel"
)

// kinds are the rule kinds -kind accepts.
var kinds = map[string]cel.Kind{
	"number": cel.KindNumber, "ratio": cel.KindRatio, "bool": cel.KindBool, "condition": cel.KindBool,
}

var checkCommand = &command{
	name:       "zeren check",
	synopsisZh: "zeren check [-kind number|ratio|bool] [-lang zh|en] 文件…",
	synopsis:   "zeren check [-kind number|ratio|bool] [-lang zh|en] FILE...",
	aboutZh: `把每个文件当作一条 CEL 规则编译（与保存规则时相同），对每处问题打印
“文件:行:列: 说明”（行、列从 1 起算）；“-”读标准输入。`,
	about: `Compiles each file as one CEL rule, as it would be saved, and prints
FILE:LINE:COLUMN: message for every problem (lines and columns from 1);
"-" reads standard input.`,
	flagsZh: map[string]string{
		"kind": "每条规则计算什么：number（分值、加分、扣分）、ratio（[0, 1] 之间的比例）或 bool（否决、触发条件）",
		"lang": "消息语言：zh 或 en（环境变量 ZEREN_LANG）",
	},
	examples: []string{
		"zeren check rules/*.cel",
		"zeren check -kind ratio rules/rate.cel",
		"zeren check rules/veto.cel -kind bool -lang en",
		"echo 'facts.business_score >= 60.0' | zeren check -kind bool -",
	},
	exitZh: "0 全部规则无问题；1 有规则有问题；2 用法错误或有文件无法读取。",
	exit:   "0 every rule compiles; 1 a rule has problems; 2 usage error or a file could not be read.",
}

func runCheck(_ context.Context, args []string, env Env) int {
	fs, l := newFlags(checkCommand, args, env)
	kindName := fs.String("kind", "number", "what each rule computes: number (points, bonus, deduction), ratio (a share in [0, 1]) or bool (a veto, trigger or condition)")
	lg, code, ok := parse(checkCommand, fs, l, args, env)
	if !ok {
		return code
	}
	kind, ok := kinds[*kindName]
	if !ok {
		fmt.Fprintf(env.Stderr, "zeren check%s-kind %q%s%s\n", lg.t("：", ": "), *kindName, lg.t("：", ": "), lg.t("应为 number、ratio 或 bool", "want number, ratio or bool"))
		return ExitUsage
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(env.Stderr, lg.t("zeren check：请给出规则文件（“-”读标准输入）；用 “zeren check -h” 查看用法",
			`zeren check: give the rule files ("-" reads standard input); run "zeren check -h" for its usage`))
		return ExitUsage
	}
	e, err := cel.NewEnv()
	if err != nil {
		fmt.Fprintln(env.Stderr, "zeren check:", err)
		return ExitUsage
	}
	code = ExitOK
	var files, bad, problems, unread int
	for _, name := range fs.Args() {
		src, err := readInput(name, env)
		if err != nil {
			fmt.Fprintf(env.Stderr, "zeren check%s%s\n", lg.t("：", ": "), readError(lg, name, err))
			code = ExitUsage
			unread++
			continue
		}
		files++
		if _, err := e.Compile(string(src), kind, cel.WithRuleID(name)); err != nil {
			var cerr *cel.CompileError
			if !errors.As(err, &cerr) {
				fmt.Fprintf(env.Stderr, "zeren check%s%s: %s\n", lg.t("：", ": "), name, localize(lg, err))
				code = ExitUsage
				unread++
				continue
			}
			bad++
			for _, is := range cerr.Issues {
				problems++
				msg := is.MessageZh
				if lg == "en" || msg == "" {
					msg = is.Message
				}
				if is.Line > 0 {
					fmt.Fprintf(env.Stdout, "%s:%d:%d: %s\n", name, is.Line, is.Column, msg)
				} else {
					fmt.Fprintf(env.Stdout, "%s: %s\n", name, msg)
				}
			}
			if code == ExitOK {
				code = ExitProblems
			}
		}
	}
	if files+unread == 0 {
		return code
	}
	plural := func(n int, word string) string {
		if n == 1 {
			return fmt.Sprintf("%d %s", n, word)
		}
		return fmt.Sprintf("%d %ss", n, word)
	}
	// The summary agrees with the exit code: "no problems" only when every
	// file was read and compiles.
	var zh, en string
	switch {
	case bad == 0 && unread == 0:
		zh = fmt.Sprintf("检查了 %d 个规则文件，未发现问题", files)
		en = fmt.Sprintf("checked %s: no problems", plural(files, "rule file"))
	case bad == 0:
		zh = fmt.Sprintf("检查了 %d 个规则文件，均可编译；%d 个文件无法读取，未检查", files, unread)
		en = fmt.Sprintf("checked %s, all compile; %s could not be read and were not checked", plural(files, "rule file"), plural(unread, "file"))
	default:
		zh = fmt.Sprintf("检查了 %d 个规则文件，%d 个有问题，共 %d 处", files, bad, problems)
		en = fmt.Sprintf("checked %s: %d with problems, %s in all", plural(files, "rule file"), bad, plural(problems, "problem"))
		if unread > 0 {
			zh += fmt.Sprintf("；%d 个文件无法读取，未检查", unread)
			en += fmt.Sprintf("; %s could not be read and were not checked", plural(unread, "file"))
		}
	}
	fmt.Fprintln(env.Stderr, lg.t(zh, en))
	return code
}
