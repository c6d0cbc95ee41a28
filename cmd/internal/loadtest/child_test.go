package loadtest_test

import (
	"context"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
)

// buildCommand builds a command of this module into a temporary directory
// and returns its path.
func buildCommand(tb testing.TB, pkg string) string {
	tb.Helper()
	bin := filepath.Join(tb.TempDir(), filepath.Base(pkg))
	if out, err := exec.Command("go", "build", "-o", bin, pkg).CombinedOutput(); err != nil {
		tb.Fatalf("go build %s: %v\n%s", pkg, err, out)
	}
	return bin
}

// child is a zerend running as a process of its own.
type child struct {
	base string
	auth connect.ClientOption
	pid  int
	log  string // its stderr
}

// startZerend starts the zerend binary bin on a loopback port over db (an
// SQLite path or a PostgreSQL DSN) with the test token and extra flags,
// and waits until it answers /healthz. Its log goes to a file, shown when
// the test fails.
func startZerend(tb testing.TB, bin, db string, extra ...string) *child {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	logPath := filepath.Join(tb.TempDir(), "zerend.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		tb.Fatal(err)
	}
	args := append([]string{"-addr", addr, "-db", db, "-tokens", token + "=load-test"}, extra...)
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "ZEREN_AUDIT_KEY=load test audit key 0123456789abcdef")
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		_ = logFile.Close()
		if tb.Failed() {
			if b, err := os.ReadFile(logPath); err == nil {
				tb.Logf("zerend's log (last 4 KiB):\n%s", tail(string(b), 4096))
			}
		}
	})
	base := "http://" + addr
	for i := 0; ; i++ {
		r, err := http.Get(base + "/healthz")
		if err == nil {
			r.Body.Close()
			break
		}
		if i > 600 {
			b, _ := os.ReadFile(logPath)
			tb.Fatalf("zerend did not start: %v\n%s", err, tail(string(b), 4096))
		}
		time.Sleep(100 * time.Millisecond)
	}
	return &child{base: base, pid: cmd.Process.Pid, log: logPath, auth: connect.WithInterceptors(connect.UnaryInterceptorFunc(
		func(next connect.UnaryFunc) connect.UnaryFunc {
			return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
				req.Header().Set("Authorization", "Bearer "+token)
				return next(ctx, req)
			}
		}))}
}

// signal sends zerend a signal.
func (c *child) signal(tb testing.TB, sig os.Signal) {
	p, err := os.FindProcess(c.pid)
	if err == nil {
		err = p.Signal(sig)
	}
	if err != nil {
		tb.Errorf("signal zerend: %v", err)
	}
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[len(s)-n:]
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	return s
}
