//go:build !linux

package loadtest

import (
	"errors"
	"runtime"
	"time"
)

var errNoProc = errors.New("loadtest: CPU times are read from /proc, on Linux only")

func selfCPU() time.Duration                  { return 0 }
func processCPU(int) (time.Duration, error)   { return 0, errNoProc }
func machineCPU() (time.Duration, int, error) { return 0, 0, errNoProc }

// PinToCPU sets GOMAXPROCS 1; pinning to a processor needs Linux.
func PinToCPU(int) error {
	runtime.GOMAXPROCS(1)
	return errors.New("loadtest: pinning to a CPU needs Linux; running with GOMAXPROCS 1 only")
}

// LastCPU is -1: affinity is read on Linux only.
func LastCPU() int { return -1 }
