package load

import (
	"runtime"

	"github.com/sekisho/sekisho/internal/readfile"
)

// SetDirLimit sets the model directory limit until the returned function
// restores it; a test calling it must not be parallel.
func SetDirLimit(l readfile.DirLimit) (restore func()) {
	old := dirLimit
	dirLimit = l
	return func() { dirLimit = old }
}

// SetSystemMemory sets the memory the process may use until the returned
// function runs.
func SetSystemMemory(n int64) (restore func()) {
	old := systemMemory
	systemMemory = func() int64 { return n }
	return func() { systemMemory = old }
}

// SystemMemory is the memory the process may use, as the load reads it.
func SystemMemory() int64 { return readSystemMemory() }

// NoTreeReuse makes every format keep its trees (no format.frees), so
// that no parse reuses a tree's memory, until the returned function
// restores the formats; a test calling it must not be parallel.
func NoTreeReuse() (restore func()) {
	old := make([]bool, len(formats))
	for i := range formats {
		old[i], formats[i].frees = formats[i].frees, false
	}
	return func() {
		for i := range formats {
			formats[i].frees = old[i]
		}
	}
}

// SetHeapInUse sets the heap the process holds already until the returned
// function runs.
func SetHeapInUse(n int64) (restore func()) {
	old := heapInUse
	heapInUse = func() int64 { return n }
	return func() { heapInUse = old }
}

// HeapInUse is the live heap, as the load reads it.
func HeapInUse() int64 { return liveHeap() }

// StartLoadGC sets the collector as a load of fileBytes of files does,
// until the returned function runs.
func StartLoadGC(fileBytes int64) (restore func()) { return loadGC(fileBytes) }

// ArenasMade is the number of arenas the loads have made so far.
func ArenasMade() int64 { return arenasMade.Load() }

// NoPlainLists makes the authorization details reader read every list
// with paths (no plainLists shortcut) until the returned function runs; a
// test calling it must not be parallel.
func NoPlainLists() (restore func()) {
	plainLists = false
	return func() { plainLists = true }
}

// AheadFiles is the most files a load parses ahead of their use.
func AheadFiles() int { return aheadFiles(runtime.GOMAXPROCS(0)) }
