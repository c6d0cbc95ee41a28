package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/internal/golden"
)

// TestQuickstartOutput keeps the demo honest: its output is checked against a
// golden file that a reviewer can read (go test -update rewrites it).
func TestQuickstartOutput(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, run(&buf))
	golden.Assert(t, "quickstart.golden", buf.Bytes())
}
