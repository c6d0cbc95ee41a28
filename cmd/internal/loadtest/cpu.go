package loadtest

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// CPU is the processor time spent while a run's calls were made, so that
// a report says how much of the machine the generator took from the
// server. Shares are in cores: 1.0 is one core busy for the whole run.
type CPU struct {
	// Wall is the run's elapsed time.
	Wall time.Duration `json:"wall"`
	// Generator is this process's user and system time (getrusage), the
	// load generator's; in an in-process run it includes the server.
	Generator time.Duration `json:"generator"`
	// Server is zerend's user and system time, from /proc/<pid>/stat, when
	// [Config.ServerPID] names it; 0 otherwise.
	Server time.Duration `json:"server"`
	// Machine is every processor's busy time (not idle, not waiting for
	// I/O) from /proc/stat: the generator, the server and anything else
	// running on a shared machine.
	Machine time.Duration `json:"machine"`
	// CPUs is the number of processors /proc/stat counted.
	CPUs int `json:"cpus"`
	// Pinned says where the generator ran, e.g. "CPU 1, GOMAXPROCS 1";
	// set by the caller that pinned it.
	Pinned string `json:"pinned,omitempty"`
}

// GeneratorShare, ServerShare and MachineShare are the cores used on
// average during the run; OtherShare is what neither the generator nor
// the server used (other processes on a shared machine).
func (c CPU) GeneratorShare() float64 { return c.share(c.Generator) }

// ServerShare is zerend's cores, on average.
func (c CPU) ServerShare() float64 { return c.share(c.Server) }

// MachineShare is the busy cores of the whole machine, on average.
func (c CPU) MachineShare() float64 { return c.share(c.Machine) }

// OtherShare is the busy cores used by neither the generator nor zerend.
func (c CPU) OtherShare() float64 {
	return max(0, c.MachineShare()-c.GeneratorShare()-c.ServerShare())
}

func (c CPU) share(d time.Duration) float64 {
	if c.Wall <= 0 {
		return 0
	}
	return d.Seconds() / c.Wall.Seconds()
}

// String renders the shares in one line. Without zerend's time (zerend in
// process, or elsewhere), the generator's is this process's.
func (c CPU) String() string {
	var s string
	if c.Server == 0 {
		s = fmt.Sprintf("CPU (cores): this process %.2f (the generator, and zerend if in process), others %.2f, machine %.2f of %d", c.GeneratorShare(), c.OtherShare(), c.MachineShare(), c.CPUs)
	} else {
		s = fmt.Sprintf("CPU (cores): generator %.2f, zerend %.2f, others %.2f, machine %.2f of %d", c.GeneratorShare(), c.ServerShare(), c.OtherShare(), c.MachineShare(), c.CPUs)
	}
	if c.Pinned != "" {
		s += "; generator on " + c.Pinned
	}
	return s
}

// cpuSample is one reading of the counters CPU is made from.
type cpuSample struct {
	at                    time.Time
	self, server, machine time.Duration
	cpus                  int
}

// sampleCPU reads the counters; counters it cannot read stay 0.
func sampleCPU(serverPID int) cpuSample {
	s := cpuSample{at: time.Now(), self: selfCPU()}
	if serverPID > 0 {
		s.server, _ = processCPU(serverPID)
	}
	s.machine, s.cpus, _ = machineCPU()
	return s
}

// since is the CPU spent from an earlier sample to this one.
func (s cpuSample) since(before cpuSample) CPU {
	return CPU{Wall: s.at.Sub(before.at), Generator: s.self - before.self, Server: s.server - before.server,
		Machine: s.machine - before.machine, CPUs: s.cpus}
}

// clockTick is the unit of /proc's CPU times, USER_HZ: 100 per second on
// every Linux architecture Go supports (sysconf(_SC_CLK_TCK) needs cgo).
const clockTick = 10 * time.Millisecond

// parseStat reads utime + stime from the text of /proc/<pid>/stat. The
// command name (field 2) is in parentheses and may hold spaces and
// parentheses itself, so fields are counted from the last ')'.
func parseStat(text string) (time.Duration, error) {
	i := strings.LastIndexByte(text, ')')
	if i < 0 {
		return 0, fmt.Errorf("loadtest: /proc stat %q: no command name", text)
	}
	f := strings.Fields(text[i+1:])
	// f[0] is field 3 (state); utime and stime are fields 14 and 15.
	if len(f) < 13 {
		return 0, fmt.Errorf("loadtest: /proc stat: %d fields after the command name, want at least 13", len(f))
	}
	var total time.Duration
	for _, v := range f[11:13] {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("loadtest: /proc stat: utime/stime %q: %w", v, err)
		}
		total += time.Duration(n) * clockTick
	}
	return total, nil
}

// parseMachineStat reads the busy time of every processor, and their
// number, from the text of /proc/stat: the "cpu" line's user, nice,
// system, irq, softirq and steal ticks (not idle, not iowait).
func parseMachineStat(text string) (time.Duration, int, error) {
	var busy time.Duration
	cpus, found := 0, false
	for line := range strings.Lines(text) {
		f := strings.Fields(line)
		if len(f) == 0 || !strings.HasPrefix(f[0], "cpu") {
			continue
		}
		if f[0] != "cpu" {
			cpus++
			continue
		}
		if len(f) < 9 {
			return 0, 0, fmt.Errorf("loadtest: /proc/stat: cpu line %q too short", strings.TrimSpace(line))
		}
		for _, i := range []int{1, 2, 3, 6, 7, 8} { // user nice system [idle iowait] irq softirq steal
			n, err := strconv.ParseInt(f[i], 10, 64)
			if err != nil {
				return 0, 0, fmt.Errorf("loadtest: /proc/stat: %q: %w", f[i], err)
			}
			busy += time.Duration(n) * clockTick
		}
		found = true
	}
	if !found {
		return 0, 0, fmt.Errorf("loadtest: /proc/stat has no cpu line")
	}
	return busy, cpus, nil
}
