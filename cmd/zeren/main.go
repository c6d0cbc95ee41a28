// Command zeren is Zeren's command line for administrators and scripts:
// check CEL rule files, decompose a year's lists, run the assessment,
// verify a zerend database's audit log, and serve (the same as zerend).
//
//	zeren check -kind ratio rules/*.cel
//	zeren decompose -json > assignments.jsonl
//	zeren assess -unit czj
//	zeren audit verify -db ./zeren.db
//	zeren serve -dev -seed-sample
//	zeren version
//
// Help and messages are in Chinese by default; -lang en switches to English
// ("zeren <command> -h" prints a command's help and examples). Exit codes: 0
// ok, 1 problems found, 2 usage or I/O error. See cmd/README.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/zerenlab/zeren/cmd/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], cli.Env{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		Getenv: os.Getenv, Terminal: isTerminal(os.Stderr),
	})
	stop()
	os.Exit(code)
}

// isTerminal reports whether f is a character device, as a terminal is.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
