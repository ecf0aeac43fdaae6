//go:build unix

package analysis_test

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time (user and system, every thread, the garbage
// collector's included) the process has used so far. Wall-clock time is
// meaningless on a machine shared with other jobs; CPU time is not.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
