package cli

import (
	"math"
	"os"
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
