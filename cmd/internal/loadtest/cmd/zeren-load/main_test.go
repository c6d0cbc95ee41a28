package main

import (
	"bytes"
	"context"
	"net"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	env := func(string) string { return "" }
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-mix", "90/20/0"}, 2, "adding up to 100"},
		{[]string{"-mix", "0/0/100"}, 2, "assessment runs only"},
		{[]string{"extra"}, 2, "unexpected arguments"},
		{[]string{"-workers", "x"}, 2, "invalid value"},
	} {
		var out, errb bytes.Buffer
		assert.Equal(t, c.code, run(context.Background(), c.args, env, &out, &errb), "%v", c.args)
		assert.Contains(t, errb.String(), c.want, "%v", c.args)
		assert.Empty(t, out.String())
	}
}

// Without a zerend to discover, it says so and fails.
func TestNoServer(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"-url", "http://" + addr, "-duration", "1s"}, func(string) string { return "t" }, &out, &errb)
	assert.Equal(t, 1, code)
	assert.Contains(t, errb.String(), "GetStructure")
}
