package caserun_test

import (
	"runtime/debug"
	"syscall"
	"testing"
	"time"

	"github.com/sekisho/sekisho/casefile"
	"github.com/sekisho/sekisho/internal/benchcases"
	"github.com/sekisho/sekisho/internal/caserun"
	"github.com/sekisho/sekisho/internal/readfile"
)

// BenchmarkRandomCases splits the case runner's work on the 10,000
// random cases of BenchmarkTestCommand (internal/cli; benchcases.Random,
// seed 1) into its steps, each on one goroutine so that ns/op is close to
// CPU time and allocs/op does not depend on the machine's load: "read" is
// parsing the file and building its cases (casefile.Each), "decide" is
// compiling each case's policies and deciding it, on cases read before,
// and "both" is the two as sekisho test does them, one case at a time.
// Cases are decided as sekisho test decides them (result.RunCase):
// DecideTransient, reading the result.
func BenchmarkRandomCases(b *testing.B) {
	file, err := benchcases.Write(b.TempDir(), "cases.json", 1, 10_000, 0)
	if err != nil {
		b.Fatal(err)
	}
	src, err := readfile.Read(file, readfile.Cases)
	if err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	// The garbage collector's target of sekisho test (batchGCPercent in
	// internal/cli).
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	b.Run("read", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			if err := casefile.Each(src, file, func(*casefile.Case) error { return nil }); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decide", func(b *testing.B) {
		cases, err := casefile.Parse(src, file)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			run := caserun.New(now)
			for _, c := range cases {
				if err := run.DecideTransient(c, readResult); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("both", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			run := caserun.New(now)
			if err := casefile.Each(src, file, func(c *casefile.Case) error {
				return run.DecideTransient(c, readResult)
			}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// decisions counts the decisions of a benchmark, so that reading one is
// not optimised away.
var decisions [3]int

func readResult(d *caserun.Decided) error {
	decisions[d.Result.Decision]++
	return nil
}

// reportCPU reports the process's CPU time (user and system, garbage
// collection included) per iteration as cpu-ms/op, the figure to compare
// on a loaded machine, where ns/op is wall time.
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() {
		b.ReportMetric(float64((cpuTime()-start).Microseconds())/1e3/float64(b.N), "cpu-ms/op")
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
