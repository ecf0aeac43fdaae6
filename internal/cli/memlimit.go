package cli

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
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
// command such as sekisho test runs, once its heap has passed
// batchFirstGC: it reads its input, decides it and exits, and most of what
// it allocates is garbage at once (each case's parse tree, policies and
// compiled documents), so collecting at every doubling of a small live
// heap is mostly wasted work. At 800 the heap may grow to nine times what
// is live (the soft limit above still holds it): on the 10,000 random
// cases of BenchmarkTestCommand, the collections were a quarter of the
// instructions at 400 and the run had a fourth collection, marking 85-140
// MB, about one run in two; at 800 it has three, the last marking about 40
// MB, for 25 MiB more peak memory.
const batchGCPercent = 800

// batchFirstGC is about the heap a batch command grows to before its
// first collection. A run that allocates less (the 10,000 benchmark
// cases: about 100 MB) has no collection after the two of package
// initialisation: with GOGC at 800 from the start, the collection that
// began as sekisho started kept its mark phase, write barriers on,
// through the first 40 ms of reading and deciding (gctrace), and the run
// took 8 CPU-ms more (5 %). The first collection hands over to
// batchGCPercent, so a larger run is collected as before. It is below the
// heap goal the ballast sets (9 × 32 MiB and more).
const batchFirstGC = 256 << 20

// batch is the collector's state while batch commands run: cli.Main runs
// in tests and servers too, several at once, and the setting is the
// process's, so the first command to start saves it and the last to end
// restores it.
var batch struct {
	sync.Mutex
	running  int // batch commands running
	percent  int // GC percent before the first of them
	ballast  []byte
	era      int  // counts the times the setting was restored
	switched bool // the first collection came: batchGCPercent is set
}

// batchGC sets a GC percent that puts the first collection at about
// batchFirstGC, then batchGCPercent; unless the user chose GOGC. It
// returns the function that ends the batch. A percent, not a memory
// limit: the limit in force is what a model load measures its files
// against (model/load), and stays as it is.
func batchGC() (end func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	batch.Lock()
	defer batch.Unlock()
	batch.running++
	if batch.running == 1 {
		// Off first: SetGCPercent(-1) returns once a mark phase in
		// progress has ended, so none runs on at the new percent.
		batch.percent = debug.SetGCPercent(-1)
		debug.SetGCPercent(firstGCPercent(liveHeap()))
		batch.ballast = make([]byte, batchBallast)
		// The sentinel is garbage at once: its cleanup runs after the
		// first collection that follows.
		runtime.AddCleanup(new(gcSentinel), firstCollection, batch.era)
	}
	return sync.OnceFunc(endBatch)
}

// firstGCPercent is the GC percent whose goal, from a live heap of live
// bytes, is batchFirstGC: at most 6400, whose least goal (4 MiB × 64) is
// batchFirstGC, and at least batchGCPercent.
func firstGCPercent(live uint64) int {
	if live == 0 {
		return 6400
	}
	return int(min(6400, max(batchGCPercent, 100*(max(batchFirstGC, live)-live)/live)))
}

// liveHeap is the heap the last collection found live.
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// gcSentinel is an object that holds a pointer and is too large for the
// tiny allocator, which batches small pointer-free objects together and
// would delay its cleanup.
type gcSentinel struct{ _ [2]*byte }

// firstCollection sets batchGCPercent once the batch of era has been
// collected once.
func firstCollection(era int) {
	batch.Lock()
	defer batch.Unlock()
	if batch.running == 0 || batch.era != era || batch.switched {
		return
	}
	batch.switched = true
	debug.SetGCPercent(batchGCPercent)
}

func endBatch() {
	batch.Lock()
	defer batch.Unlock()
	batch.running--
	if batch.running > 0 {
		return
	}
	debug.SetGCPercent(batch.percent)
	batch.ballast = nil
	batch.era++
	batch.switched = false
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
