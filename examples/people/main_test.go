package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/internal/golden"
)

// TestPeopleOutput keeps the demo honest: its output is checked against a
// golden file that a reviewer can read (go test -update rewrites it).
func TestPeopleOutput(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, run(&buf))
	golden.Assert(t, "people.golden", buf.Bytes())
}
