//go:build !unix

package synth_test

// cpuTime is not measured on this system.
func cpuTime() float64 { return 0 }
