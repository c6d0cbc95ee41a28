package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/zerenlab/zeren/cel"
)

// kinds are the rule kinds -kind accepts.
var kinds = map[string]cel.Kind{
	"number": cel.KindNumber, "ratio": cel.KindRatio, "bool": cel.KindBool, "condition": cel.KindBool,
}

func runCheck(_ context.Context, args []string, env Env) int {
	fs := flag.NewFlagSet("zeren check", flag.ContinueOnError)
	l := langFlag(fs, env)
	kindName := fs.String("kind", "number", "what each rule computes: number (points, bonus, deduction), ratio (a share in [0, 1]) or bool (a veto, trigger or condition)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: zeren check [-kind number|ratio|bool] [-lang zh|en] FILE...\n\nCompiles each file as one CEL rule, as it would be saved, and prints\nFILE:LINE:COLUMN: message for every problem (\"-\" reads standard input).\nExit 1 when a rule has problems.\n\nFlags:")
		fs.PrintDefaults()
	}
	lg, code, ok := parse(fs, l, args, env)
	if !ok {
		return code
	}
	kind, ok := kinds[*kindName]
	if !ok {
		fmt.Fprintf(env.Stderr, "zeren check: -kind %q: %s\n", *kindName, lg.t("应为 number、ratio 或 bool", "want number, ratio or bool"))
		return ExitUsage
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return ExitUsage
	}
	e, err := cel.NewEnv()
	if err != nil {
		fmt.Fprintln(env.Stderr, "zeren check:", err)
		return ExitUsage
	}
	code = ExitOK
	var files, bad, problems int
	for _, name := range fs.Args() {
		src, err := readInput(name, env)
		if err != nil {
			fmt.Fprintf(env.Stderr, "zeren check: %v\n", err)
			code = ExitUsage
			continue
		}
		files++
		if _, err := e.Compile(string(src), kind, cel.WithRuleID(name)); err != nil {
			var cerr *cel.CompileError
			if !errors.As(err, &cerr) {
				fmt.Fprintf(env.Stderr, "zeren check: %s: %v\n", name, err)
				code = ExitUsage
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
	if files == 0 {
		return code
	}
	plural := func(n int, word string) string {
		if n == 1 {
			return fmt.Sprintf("%d %s", n, word)
		}
		return fmt.Sprintf("%d %ss", n, word)
	}
	if bad == 0 {
		fmt.Fprint(env.Stderr, lg.t(fmt.Sprintf("检查了 %d 个规则文件，未发现问题\n", files),
			fmt.Sprintf("checked %s: no problems\n", plural(files, "rule file"))))
	} else {
		fmt.Fprint(env.Stderr, lg.t(fmt.Sprintf("检查了 %d 个规则文件，%d 个有问题，共 %d 处\n", files, bad, problems),
			fmt.Sprintf("checked %s: %d with problems, %s in all\n", plural(files, "rule file"), bad, plural(problems, "problem"))))
	}
	return code
}
