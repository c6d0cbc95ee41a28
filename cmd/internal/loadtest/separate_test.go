package loadtest_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/cmd/internal/loadtest"
	"github.com/zerenlab/zeren/cmd/internal/testdb"
)

// separate is zerend and the load generator built as commands of their
// own, to run as separate processes. With profile, zerend is
// zerend-profiled, writing a CPU profile of the load to that file.
type separate struct{ zerend, load, profile string }

func buildSeparate(tb testing.TB) separate {
	tb.Helper()
	s := separate{
		zerend:  "github.com/zerenlab/zeren/cmd/zerend",
		load:    buildCommand(tb, "github.com/zerenlab/zeren/cmd/internal/loadtest/cmd/zeren-load"),
		profile: os.Getenv("ZEREN_LOAD_CPUPROFILE"),
	}
	if s.profile != "" {
		s.zerend = "github.com/zerenlab/zeren/cmd/internal/loadtest/cmd/zerend-profiled"
	}
	s.zerend = buildCommand(tb, s.zerend)
	return s
}

// generatorCPU is the processor the generator is pinned to: the last one
// this process may use, so that zerend's threads have the others to
// themselves when they are busy (-1: not pinned, GOMAXPROCS 1 only).
func generatorCPU() int { return loadtest.LastCPU() }

// run starts zerend over db seeded with 示例市, then the generator pinned to
// one processor with GOMAXPROCS 1, and returns the generator's report.
func (s separate) run(tb testing.TB, db string, c loadtest.Config) *loadtest.Report {
	tb.Helper()
	if s.profile != "" {
		tb.Setenv("ZEREN_CPUPROFILE", s.profile) // for zerend-profiled
	}
	z := startZerend(tb, s.zerend, db, "-seed-sample")
	args := []string{"-url", z.base, "-server-pid", strconv.Itoa(z.pid), "-cpu", strconv.Itoa(generatorCPU()), "-json",
		"-workers", strconv.Itoa(c.Workers), "-duration", c.Duration.String(), "-max-ops", strconv.Itoa(c.MaxOps),
		"-mix", fmt.Sprintf("%d/%d/%d", c.ReadPercent, c.WritePercent, 100-c.ReadPercent-c.WritePercent)}
	if c.Protocol != "" {
		args = append(args, "-protocol", c.Protocol)
	}
	if c.Connections > 0 {
		args = append(args, "-conns", strconv.Itoa(c.Connections))
	}
	cmd := exec.Command(s.load, args...)
	cmd.Env = append(os.Environ(), "GOMAXPROCS=1", "ZEREN_LOAD_TOKEN="+token)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if s.profile != "" {
		z.signal(tb, syscall.SIGUSR1)
		defer z.signal(tb, syscall.SIGUSR2)
	}
	err := cmd.Run()
	if stderr.Len() > 0 {
		tb.Logf("zeren-load: %s", stderr.String())
	}
	var rep loadtest.Report
	if jerr := json.Unmarshal(stdout.Bytes(), &rep); jerr != nil {
		tb.Fatalf("zeren-load: %v; its report %q: %v", err, stdout.String(), jerr)
	}
	// Exit status 1 with a report means some calls failed; the caller
	// counts them.
	return &rep
}

// loadConfig is the benchmark's load: 16 workers, 10 s, 80/15/5, overridden
// by the ZEREN_LOAD_* variables.
func loadConfig(tb testing.TB) loadtest.Config {
	c := loadtest.Config{Workers: 16, ReadPercent: 80, WritePercent: 15}
	envConfig(tb, &c)
	return c
}

// BenchmarkLoadSeparate is BenchmarkLoad with zerend and the load generator
// in processes of their own: zerend built from this tree and seeded with
// 示例市, the generator (zeren-load) pinned to the last processor with
// GOMAXPROCS 1, so that it cannot take more than one core from the server.
// Besides calls per second and each kind's p50 and p99, it reports the
// cores used on average by the generator (gen-cores), zerend
// (zerend-cores) and everything else on the machine (other-cores), from
// getrusage and /proc. The load's shape comes from the ZEREN_LOAD_*
// variables, as for BenchmarkLoad:
//
//	ZEREN_LOAD_MIX=100/0/0 go test -run '^$' -bench LoadSeparate ./internal/loadtest
func BenchmarkLoadSeparate(b *testing.B) {
	if testing.Short() {
		b.Skip("builds zerend and zeren-load")
	}
	bins := buildSeparate(b)
	for _, target := range []struct {
		name string
		new  func(testing.TB) string
	}{{"sqlite", testdb.SQLite}, {"postgres", testdb.Postgres}} {
		b.Run(target.name, func(b *testing.B) {
			cfg := loadConfig(b)
			db := target.new(b)
			var rep *loadtest.Report
			for b.Loop() {
				rep = bins.run(b, db, cfg)
			}
			b.Logf("%s: %s", target.name, rep)
			if rep.Errors() > 0 {
				b.Errorf("%d calls failed", rep.Errors())
			}
			reportLoad(b, rep)
			b.ReportMetric(rep.CPU.GeneratorShare(), "gen-cores")
			b.ReportMetric(rep.CPU.ServerShare(), "zerend-cores")
			b.ReportMetric(rep.CPU.OtherShare(), "other-cores")
		})
	}
}

// A few hundred calls through separate processes: every kind is made and
// succeeds, and the CPU of the generator and of zerend is measured.
func TestLoadSeparate(t *testing.T) {
	if testing.Short() {
		t.Skip("builds zerend and zeren-load")
	}
	t.Parallel()
	bins := buildSeparate(t)
	rep := bins.run(t, testdb.SQLite(t), loadtest.Config{Workers: 4, Connections: 2, MaxOps: 300, ReadPercent: 50, WritePercent: 40})
	t.Logf("%s", rep)
	assert.Zero(t, rep.Errors(), "%s", rep)
	assert.Equal(t, 300, rep.Ops(), "bounded in count")
	assert.Equal(t, 2, rep.Connections)
	require.Len(t, rep.Kinds, 3)
	for _, k := range rep.Kinds {
		assert.Positive(t, k.OK+k.Conflicts, "%s calls", k.Kind)
		assert.Positive(t, k.P50, "%s p50", k.Kind)
		assert.GreaterOrEqual(t, k.P99, k.P50, k.Kind)
	}
	cpu := rep.CPU
	assert.Positive(t, cpu.Generator, "the generator's CPU time")
	assert.Positive(t, cpu.Server, "zerend's CPU time, from /proc")
	assert.GreaterOrEqual(t, cpu.Machine, cpu.Server, "the machine's busy time includes zerend's")
	assert.GreaterOrEqual(t, cpu.CPUs, runtime.NumCPU(), "/proc/stat counts every processor")
	if generatorCPU() >= 0 {
		assert.Contains(t, cpu.Pinned, "GOMAXPROCS 1")
	}
	// One core at most, with a little slack for the ticks of /proc.
	assert.LessOrEqual(t, cpu.GeneratorShare(), 1.1, "%s", cpu)
}
