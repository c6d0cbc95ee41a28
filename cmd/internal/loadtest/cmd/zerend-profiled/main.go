// Command zerend-profiled is zerend (same flags, same daemon) that writes
// a CPU profile of a window of its run, so that a load test profiles the
// server alone, apart from its load generator: SIGUSR1 starts profiling,
// SIGUSR2 stops it and writes the profile to the file named by
// ZEREN_CPUPROFILE. BenchmarkLoadSeparate runs it when ZEREN_LOAD_CPUPROFILE
// is set:
//
//	ZEREN_LOAD_CPUPROFILE=/tmp/zerend.prof ZEREN_LOAD_MIX=100/0/0 go test -run '^$' -bench 'LoadSeparate/sqlite' ./internal/loadtest
//	go tool pprof -top /tmp/zerend.prof
//
// It is a tool for measuring, not for serving.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"

	"github.com/zerenlab/zeren/cmd/internal/daemon"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	path := os.Getenv("ZEREN_CPUPROFILE")
	if path == "" {
		fmt.Fprintln(os.Stderr, "zerend-profiled: ZEREN_CPUPROFILE must name the profile's file")
		os.Exit(2)
	}
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, syscall.SIGUSR1, syscall.SIGUSR2)
	done := make(chan struct{})
	go profile(path, sig, done)
	code := daemon.Main(ctx, "zerend", os.Args[1:], os.Getenv, os.Stderr)
	stop()
	signal.Stop(sig)
	close(done)
	os.Exit(code)
}

// profile starts and stops the CPU profile on SIGUSR1 and SIGUSR2.
func profile(path string, sig <-chan os.Signal, done <-chan struct{}) {
	var f *os.File
	for {
		select {
		case <-done:
			return
		case s := <-sig:
			switch {
			case s == syscall.SIGUSR1 && f == nil:
				var err error
				if f, err = os.Create(path); err != nil {
					fmt.Fprintln(os.Stderr, "zerend-profiled:", err)
					continue
				}
				if err := pprof.StartCPUProfile(f); err != nil {
					fmt.Fprintln(os.Stderr, "zerend-profiled:", err)
					_ = f.Close()
					f = nil
				}
			case s == syscall.SIGUSR2 && f != nil:
				pprof.StopCPUProfile()
				if err := f.Close(); err != nil {
					fmt.Fprintln(os.Stderr, "zerend-profiled:", err)
				}
				f = nil
				fmt.Fprintln(os.Stderr, "zerend-profiled: wrote", path)
			}
		}
	}
}
