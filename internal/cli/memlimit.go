package cli

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
)

// softMemoryLimit is the heap size past which the Go runtime collects
// garbage harder (debug.SetMemoryLimit). Inputs are bounded by size
// (internal/readfile), string length, nesting and alias expansion, so a
// run stays well under it; the limit keeps the garbage of a large model or
// case file from piling up toward the machine's memory. It is soft: the
// run is never stopped by it.
const softMemoryLimit = 1 << 30

// setMemoryLimit sets the soft limit unless the user chose one with
// GOMEMLIMIT, or a lower one is already in force.
func setMemoryLimit() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	if cur := debug.SetMemoryLimit(-1); cur != math.MaxInt64 && cur <= softMemoryLimit {
		return
	}
	debug.SetMemoryLimit(softMemoryLimit)
}

// serveGCPercent is the GOGC of `sekisho serve`. The model is loaded once
// and stays live, and each garbage collection marks all of it; at Go's
// default of 100 a collection came every few thousand calls and was a
// fifth of a simulate call's CPU time (docs/serve.md, "Measured"). At 400
// the heap may grow to five times the live model between collections,
// still bounded by the soft memory limit above, past which the runtime
// collects sooner.
const serveGCPercent = 400

// setServeGC sets serveGCPercent unless the user chose a GOGC, and
// returns the function that restores the previous target.
func setServeGC() (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	old := debug.SetGCPercent(serveGCPercent)
	return func() { debug.SetGCPercent(old) }
}

// batchGCPercent is the garbage collector's target (GOGC) while a batch
// command such as sekisho test runs: it reads its input, decides it and
// exits, and most of what it allocates is garbage at once (each case's
// parse tree, policies and compiled documents), so collecting at every
// doubling of a small live heap is mostly wasted work. At 800 the heap may
// grow to nine times what is live (the soft limit above still holds it):
// on the 10,000 random cases of BenchmarkTestCommand, the collections
// were a quarter of the instructions at 400 and the run had a fourth
// collection, marking 85-140 MB, about one run in two; at 800 it has
// three, the last marking about 40 MB, for 25 MiB more peak memory.
const batchGCPercent = 800

// batchGC sets batchGCPercent unless the user chose GOGC, and returns the
// function that restores the previous target (cli.Main runs in tests and
// servers too).
func batchGC() (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	old := debug.SetGCPercent(batchGCPercent)
	ballast := make([]byte, batchBallast)
	return func() {
		debug.SetGCPercent(old)
		runtime.KeepAlive(ballast)
	}
}

// batchBallast is the size of a buffer a batch command holds and never
// reads, so that the garbage collector's target (live heap × (1 +
// GOGC/100)) starts from that much instead of the few MB live when the
// run starts. It holds no pointers, so a collection does not read it, and
// its pages, never written, are not in memory (RSS). Without it the goal
// is set early from a heap of 7-10 MB and sekisho test on the 10,000 random
// cases of BenchmarkTestCommand ran one collection near its end that
// marked 64-77 MB, a sixth of its CPU time; with it that run has none,
// and a run that keeps more live (models, explanations) is collected as
// before once its live heap is past the ballast.
const batchBallast = 32 << 20
