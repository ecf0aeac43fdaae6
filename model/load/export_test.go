package load

import "github.com/sekisho/sekisho/internal/readfile"

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

// SetHeapInUse sets the heap the process holds already until the returned
// function runs.
func SetHeapInUse(n int64) (restore func()) {
	old := heapInUse
	heapInUse = func() int64 { return n }
	return func() { heapInUse = old }
}

// HeapInUse is the live heap, as the load reads it.
func HeapInUse() int64 { return readHeapInUse() }
