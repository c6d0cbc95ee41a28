package loadtest

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"syscall"
	"time"
	"unsafe"
)

// selfCPU is this process's user and system time.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// processCPU is another process's user and system time.
func processCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	return parseStat(string(b))
}

// machineCPU is every processor's busy time and their number.
func machineCPU() (time.Duration, int, error) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0, err
	}
	return parseMachineStat(string(b))
}

// PinToCPU confines this process to one processor and GOMAXPROCS 1, so
// that a load generator leaves the other processors to the server. Linux
// applies sched_setaffinity to one thread, so every thread of the process
// is pinned, repeating until a pass finds no thread it had not pinned
// (threads started later inherit their creator's affinity). It fails where
// the affinity may not be set (a container's cpuset without that
// processor); the caller may then go on with GOMAXPROCS 1 alone.
func PinToCPU(cpu int) error {
	runtime.GOMAXPROCS(1)
	if cpu < 0 || cpu >= 1024 {
		return fmt.Errorf("loadtest: CPU %d: want 0 to 1023", cpu)
	}
	var mask [1024 / 64]uint64
	mask[cpu/64] = 1 << (cpu % 64)
	pinned := map[int]bool{}
	for pass := 0; pass < 10; pass++ {
		tasks, err := os.ReadDir("/proc/self/task")
		if err != nil {
			return fmt.Errorf("loadtest: pin to CPU %d: %w", cpu, err)
		}
		fresh := 0
		for _, t := range tasks {
			tid, err := strconv.Atoi(t.Name())
			if err != nil || pinned[tid] {
				continue
			}
			_, _, e := syscall.RawSyscall(syscall.SYS_SCHED_SETAFFINITY, uintptr(tid), unsafe.Sizeof(mask), uintptr(unsafe.Pointer(&mask)))
			if e != 0 && e != syscall.ESRCH { // ESRCH: the thread has exited
				return fmt.Errorf("loadtest: pin to CPU %d: sched_setaffinity: %w", cpu, e)
			}
			pinned[tid] = true
			fresh++
		}
		if fresh == 0 {
			return nil
		}
	}
	return nil
}

// LastCPU is the highest-numbered processor this process may run on, where
// a generator pinned with PinToCPU leaves the others to the server; -1 when
// the affinity cannot be read.
func LastCPU() int {
	var mask [1024 / 64]uint64
	_, _, e := syscall.RawSyscall(syscall.SYS_SCHED_GETAFFINITY, 0, unsafe.Sizeof(mask), uintptr(unsafe.Pointer(&mask)))
	if e != 0 {
		return -1
	}
	for cpu := len(mask)*64 - 1; cpu >= 0; cpu-- {
		if mask[cpu/64]&(1<<(cpu%64)) != 0 {
			return cpu
		}
	}
	return -1
}
