package loadtest

import (
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseStat(t *testing.T) {
	t.Parallel()
	// A command name with spaces and parentheses; utime 250, stime 50 ticks.
	line := "4242 (zer end) (x)) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 50 0 0 20 0 12 0 100 1000000 500 18446744073709551615\n"
	d, err := parseStat(line)
	require.NoError(t, err)
	assert.Equal(t, 3*time.Second, d)

	_, err = parseStat("4242 (zerend) S 1 2")
	assert.ErrorContains(t, err, "fields")
	_, err = parseStat("no name here")
	assert.ErrorContains(t, err, "command name")
	_, err = parseStat("1 (z) S 1 1 1 0 -1 0 0 0 0 0 x 5 0")
	assert.ErrorContains(t, err, "utime/stime")
}

func TestParseMachineStat(t *testing.T) {
	t.Parallel()
	text := "cpu  100 10 50 900 40 5 5 2 0 0\ncpu0 50 5 25 450 20 3 2 1 0 0\ncpu1 50 5 25 450 20 2 3 1 0 0\nintr 1 2 3\n"
	busy, cpus, err := parseMachineStat(text)
	require.NoError(t, err)
	assert.Equal(t, 2, cpus)
	assert.Equal(t, (100+10+50+5+5+2)*clockTick, busy, "idle and iowait are not busy")
	_, _, err = parseMachineStat("intr 1\n")
	assert.ErrorContains(t, err, "no cpu line")
	_, _, err = parseMachineStat("cpu 1 2 3\n")
	assert.ErrorContains(t, err, "too short")
}

func TestCPUShares(t *testing.T) {
	t.Parallel()
	c := CPU{Wall: 10 * time.Second, Generator: 5 * time.Second, Server: 12 * time.Second, Machine: 19 * time.Second, CPUs: 2}
	assert.InDelta(t, 0.5, c.GeneratorShare(), 1e-9)
	assert.InDelta(t, 1.2, c.ServerShare(), 1e-9)
	assert.InDelta(t, 0.2, c.OtherShare(), 1e-9)
	assert.Contains(t, c.String(), "generator 0.50, zerend 1.20, others 0.20, machine 1.90 of 2")
	assert.Zero(t, CPU{}.GeneratorShare(), "no wall time, no share")
	c.Server = 0
	assert.Contains(t, c.String(), "this process 0.50 (the generator, and zerend if in process), others 1.40")
}

// The counters move with this process's own work.
func TestSampleCPU(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("/proc is Linux's")
	}
	t.Parallel()
	before := sampleCPU(os.Getpid())
	deadline := time.Now().Add(300 * time.Millisecond)
	for n := 0; time.Now().Before(deadline); n++ {
		_ = n * n
	}
	c := sampleCPU(os.Getpid()).since(before)
	assert.Positive(t, c.Generator)
	assert.Positive(t, c.Server, "this process read through /proc")
	assert.Positive(t, c.Machine)
	assert.GreaterOrEqual(t, c.CPUs, runtime.NumCPU(), "/proc/stat counts every processor")
	last := LastCPU()
	assert.GreaterOrEqual(t, last, runtime.NumCPU()-1, "the highest allowed processor")
}
