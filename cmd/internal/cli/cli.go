package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/zerenlab/zeren/cmd/internal/daemon"
)

// Exit codes.
const (
	ExitOK       = 0 // done, nothing wrong
	ExitProblems = 1 // the input has problems (a rule, a plan, a broken audit log)
	ExitUsage    = 2 // a usage error, or a file or database that could not be read
)

// Env is what a run of the command sees of its process.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Getenv reads an environment variable (os.Getenv).
	Getenv func(string) string
	// Terminal tells whether Stderr is a terminal: the progress bar is
	// shown only then, or with -progress.
	Terminal bool
}

// Main runs `zeren` with args (without the program name) and returns the
// process exit code.
func Main(ctx context.Context, args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = func(string) string { return "" }
	}
	if env.Stdin == nil {
		env.Stdin = strings.NewReader("")
	}
	if len(args) == 0 {
		usage(env.Stderr)
		return ExitUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "check":
		return runCheck(ctx, rest, env)
	case "decompose":
		return runDecompose(ctx, rest, env)
	case "assess":
		return runAssess(ctx, rest, env)
	case "audit":
		return runAudit(ctx, rest, env)
	case "person":
		return runPerson(ctx, rest, env)
	case "serve":
		return daemon.Main(ctx, "zeren serve", rest, env.Getenv, env.Stderr)
	case "help", "-h", "-help", "--help":
		usage(env.Stdout)
		return ExitOK
	}
	fmt.Fprintf(env.Stderr, "zeren: unknown command %q\n\n", cmd)
	usage(env.Stderr)
	return ExitUsage
}

func usage(w io.Writer) {
	fmt.Fprint(w, `Usage: zeren <command> [flags]

Zeren (责任) for administrators and scripts: 机关党建主体责任 rules, lists and assessment.

Commands:
  check      compile CEL rule files and report problems with positions (规则检查)
  decompose  break a year's lists down to assignments (任务分解)
  assess     score the units and rank them (综合考核)
  audit      verify the hash-chained audit log of a zerend database (审计日志校验)
  person     what a year meant for one cadre: posts, grades, 述职评议, proposals, eligibility (个人年度画像)
  serve      run zerend, the server (the same flags as zerend)

Each command takes -lang zh|en (default zh, or $ZEREN_LANG); "zeren <command> -h" lists its flags.
Without input files, decompose and assess use 示例市, the sample city.
Exit codes: 0 ok, 1 problems found, 2 usage or I/O error.
`)
}

// lang is the language of a command's messages.
type lang string

// t picks the message in the language.
func (l lang) t(zh, en string) string {
	if l == "en" {
		return en
	}
	return zh
}

// langFlag registers -lang on fs.
func langFlag(fs *flag.FlagSet, env Env) *string {
	def := env.Getenv("ZEREN_LANG")
	if def != "en" {
		def = "zh"
	}
	return fs.String("lang", def, "language of messages: zh or en (env ZEREN_LANG)")
}

// parse parses a command's flags; it returns the language and an exit code
// with ok false when the command must stop.
func parse(fs *flag.FlagSet, l *string, args []string, env Env) (lang, int, bool) {
	fs.SetOutput(env.Stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return "", ExitOK, false
		}
		return "", ExitUsage, false
	}
	if *l != "zh" && *l != "en" {
		fmt.Fprintf(env.Stderr, "%s: -lang %q: want zh or en\n", fs.Name(), *l)
		return "", ExitUsage, false
	}
	return lang(*l), ExitOK, true
}

// readInput reads a file, or standard input for "-".
func readInput(name string, env Env) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(env.Stdin)
	}
	return os.ReadFile(name)
}
