//go:build unix

package synth_test

import "syscall"

// cpuTime is the CPU time the process has used, user and system, in
// seconds: on a shared machine it measures work where wall time does not.
func cpuTime() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
