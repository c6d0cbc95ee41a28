package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCommittedDataMatchesTheTables fails when tables.go was edited without
// running `go generate ./sample`.
func TestCommittedDataMatchesTheTables(t *testing.T) {
	t.Parallel()
	files, err := render()
	require.NoError(t, err)
	require.Len(t, files, 2)
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join("..", "..", "data", name))
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got), "%s is stale: run go generate ./sample", name)
	}
}

func TestRenderIsDeterministic(t *testing.T) {
	t.Parallel()
	a, err := render()
	require.NoError(t, err)
	b, err := render()
	require.NoError(t, err)
	assert.Equal(t, a, b)
}
