package load

import (
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// A load allocates mostly what it keeps (the model grows to about 2.5
// times the size of its files) and the parse trees it drops file by file.
// At Go's default GOGC of 100 the collector ran at every doubling of the
// growing heap, sixteen times in a load of 1,000 accounts and 100,000
// roles, each marking the whole model read so far: a quarter of the load's
// CPU time. While a load runs, loadGC turns the proportional target off
// and gives the collector a memory limit instead (debug.SetMemoryLimit,
// "A Guide to the Go Garbage Collector", go.dev/doc/gc-guide): the heap
// live when the load starts plus five times the size of its files,
// about the heap GOGC=100 reaches by the end of the load anyway (twice
// the model), so the peak is about the same (414 MiB from the system
// instead of 360-400 at 1,000 accounts) and the collector runs three
// times instead of sixteen (GODEBUG=gctrace=1). As that bound is about
// twice the model, a collection frees room: the collector does not
// thrash, whatever the size of the model. Since the trees of native model
// files are parsed into reused memory (parseFiles, node.Arena), such a
// load allocates little more than the model, and at 1,000 accounts stays
// under the bound: it does not collect at all. Load and LoadFiles apply it, so
// every command that loads a model and the benchmarks measure the same.
// A GOGC or GOMEMLIMIT the user sets is left alone, as is a lower limit
// already in force; the previous settings come back when the load ends.

// loadFloor is the least memory limit of a load: a small model's load
// does not collect at all.
const loadFloor = 64 << 20

// filesFactor is the memory limit of a load per byte of its files.
const filesFactor = 5

var loadGCState struct {
	sync.Mutex
	loads   int   // loads running
	budget  int64 // the memory they may use, summed
	percent int   // the GOGC and memory limit before the first of them
	limit   int64
}

// loadGC sets the collector for a load of files of the given total size
// and returns the function that restores the previous settings. Loads
// may overlap (tests, a server reloading): the first saves the settings,
// the last restores them, and the limit covers all of them.
func loadGC(fileBytes int64) (restore func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	budget := liveHeap() + max(loadFloor, filesFactor*fileBytes)
	s := &loadGCState
	s.Lock()
	defer s.Unlock()
	if s.loads == 0 {
		s.limit = debug.SetMemoryLimit(-1)
		s.percent = debug.SetGCPercent(-1)
	}
	s.loads++
	s.budget += budget
	debug.SetMemoryLimit(min(s.limit, s.budget))
	return func() {
		s.Lock()
		defer s.Unlock()
		s.loads--
		s.budget -= budget
		if s.loads > 0 {
			debug.SetMemoryLimit(min(s.limit, s.budget))
			return
		}
		debug.SetGCPercent(s.percent)
		debug.SetMemoryLimit(s.limit)
	}
}

// liveHeap is the heap the last collection found live: what the process
// holds besides the load (a model a server serves while it loads the next).
func liveHeap() int64 {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(min(sample[0].Value.Uint64(), math.MaxInt64/2))
}

// userMemoryLimit is the Go runtime's soft memory limit as the user set it
// (GOMEMLIMIT, debug.SetMemoryLimit; math.MaxInt64 when unset), not the
// one a load running now has put in its place: a second load's memory
// check reading that temporary bound (the first load's budget, 64 MiB
// and up) refused even a model of a few kilobytes (SE1003 with "118.1 MiB
// the process may use" while loads overlapped in the tests).
func userMemoryLimit() int64 {
	s := &loadGCState
	s.Lock()
	defer s.Unlock()
	if s.loads > 0 {
		return s.limit
	}
	return debug.SetMemoryLimit(-1)
}
