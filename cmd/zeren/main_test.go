package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMain lets the test binary run as zeren itself, so that the tests below
// see the real process: its exit status and its output streams.
func TestMain(m *testing.M) {
	if os.Getenv("ZEREN_TEST_RUN_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// run runs the test binary as zeren with args.
func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	exe, err := os.Executable()
	require.NoError(t, err)
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), "ZEREN_TEST_RUN_MAIN=1", "ZEREN_LANG=")
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode(), out.String(), errOut.String()
	}
	require.NoError(t, err)
	return 0, out.String(), errOut.String()
}

func TestTheProcessExitsAsTheSummarySays(t *testing.T) {
	for _, args := range [][]string{
		{"--help"}, {"check", "--help"}, {"decompose", "-h"}, {"assess", "-h", "-lang", "en"},
		{"audit", "--help"}, {"audit", "verify", "-h"}, {"serve", "--help"}, {"version", "-h"},
	} {
		code, stdout, stderr := run(t, args...)
		assert.Equal(t, 0, code, "%v: %s", args, stderr)
		assert.Contains(t, stdout, "zeren", "%v", args)
		assert.Empty(t, stderr, "%v", args)
	}

	code, stdout, _ := run(t, "version")
	assert.Equal(t, 0, code)
	assert.True(t, strings.HasPrefix(stdout, "zeren "), stdout)

	code, _, stderr := run(t, "check", "-knid", "x")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "未知参数 -knid")

	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.cel")
	require.NoError(t, os.WriteFile(empty, nil, 0o644))
	code, stdout, stderr = run(t, "check", empty, "-lang", "en")
	assert.Equal(t, 1, code, stderr)
	assert.Contains(t, stdout, "empty.cel:1:1: ")
	assert.Equal(t, "checked 1 rule file: 1 with problems, 1 problem in all\n", stderr)

	code, _, stderr = run(t, "check", filepath.Join(dir, "missing.cel"))
	assert.Equal(t, 2, code)
	assert.NotContains(t, stderr, "未发现问题")
	assert.Contains(t, stderr, "1 个文件无法读取")
}
