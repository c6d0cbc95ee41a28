// Command zeren-load drives a running zerend with concurrent mixed calls
// (package loadtest) and prints calls per second, the p50 and p99 latency
// of each kind of call and the CPU shares of the generator, of zerend (with
// -server-pid) and of the rest of the machine. With -cpu it pins itself to
// one processor and GOMAXPROCS 1, so that on a small machine it does not
// starve the server it measures; -json prints the report as JSON, which is
// how BenchmarkLoadSeparate reads it.
//
//	go build -o /tmp/zeren-load ./internal/loadtest/cmd/zeren-load
//	zerend -dev -seed-sample &
//	ZEREN_LOAD_TOKEN=… /tmp/zeren-load -mix 100/0/0 -workers 16 -duration 10s -cpu 1 -server-pid $!
//
// Exit codes: 0 when every call succeeded or lost a conflict, 1 when a
// call failed, 2 for a usage error.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"

	"github.com/zerenlab/zeren/cmd/internal/loadtest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("zeren-load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg loadtest.Config
	fs.StringVar(&cfg.BaseURL, "url", "http://127.0.0.1:8080", "zerend's base URL")
	fs.StringVar(&cfg.Token, "token", getenv("ZEREN_LOAD_TOKEN"), "bearer token seeing every organisation (the 机关工委's); env ZEREN_LOAD_TOKEN")
	fs.IntVar(&cfg.Workers, "workers", 16, "concurrent clients")
	fs.DurationVar(&cfg.Duration, "duration", 0, "how long to make calls (default 10s)")
	fs.IntVar(&cfg.MaxOps, "max-ops", 0, "most calls to make (default 1,000,000)")
	fs.StringVar(&cfg.Protocol, "protocol", "grpc", "grpc (h2c), connect or grpcweb")
	fs.IntVar(&cfg.Connections, "conns", 1, "clients the workers are spread over: over gRPC, HTTP/2 connections")
	mix := fs.String("mix", "80/15/5", "percentages of GetChain / RecordProgress / RunAssessment calls")
	fs.Uint64Var(&cfg.Seed, "seed", 1, "seed of the sequence of calls")
	fs.IntVar(&cfg.ServerPID, "server-pid", 0, "zerend's process id on this machine, to report its CPU time")
	cpu := fs.Int("cpu", -1, "pin the generator to this processor with GOMAXPROCS 1 (-1: do not pin)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "zeren-load: unexpected arguments %q\n", fs.Args())
		return 2
	}
	var err error
	if cfg.ReadPercent, cfg.WritePercent, err = loadtest.ParseMix(*mix); err != nil {
		fmt.Fprintln(stderr, "zeren-load:", err)
		return 2
	}
	if cfg.ReadPercent == 0 && cfg.WritePercent == 0 {
		fmt.Fprintln(stderr, "zeren-load: a mix of assessment runs only is not supported; give some reads or writes")
		return 2
	}
	pinned := ""
	if *cpu >= 0 {
		if err := loadtest.PinToCPU(*cpu); err != nil {
			fmt.Fprintln(stderr, "zeren-load: warning:", err)
			pinned = fmt.Sprintf("GOMAXPROCS %d, not pinned", runtime.GOMAXPROCS(0))
		} else {
			pinned = fmt.Sprintf("CPU %d, GOMAXPROCS %d", *cpu, runtime.GOMAXPROCS(0))
		}
	}
	if err := loadtest.Discover(ctx, &cfg); err != nil {
		fmt.Fprintln(stderr, "zeren-load:", err)
		return 1
	}
	rep, err := loadtest.Run(ctx, cfg)
	if err != nil {
		fmt.Fprintln(stderr, "zeren-load:", err)
		return 2
	}
	rep.CPU.Pinned = pinned
	if *asJSON {
		if err := json.NewEncoder(stdout).Encode(rep); err != nil {
			fmt.Fprintln(stderr, "zeren-load:", err)
			return 1
		}
	} else {
		fmt.Fprint(stdout, rep)
	}
	if rep.Errors() > 0 {
		return 1
	}
	return 0
}
