package load

import (
	"os"
	"runtime/debug"
	"testing"
)

// TestLoadGC: a load turns GOGC off under a memory limit of the live heap
// plus five times its files' size (at least loadFloor); overlapping loads
// add their limits; the last one to end restores the settings before the
// first. Not parallel: no load runs beside it.
func TestLoadGC(t *testing.T) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("GOGC or GOMEMLIMIT set: loads leave the collector alone")
	}
	percent := func() int { p := debug.SetGCPercent(0); debug.SetGCPercent(p); return p }
	limit := func() int64 { return debug.SetMemoryLimit(-1) }
	defer debug.SetGCPercent(debug.SetGCPercent(150))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(8 << 30))

	live := liveHeap()
	first := loadGC(100 << 20)
	if percent() != -1 {
		t.Errorf("GOGC %d during a load, want off", percent())
	}
	if got, want := limit(), live+500<<20; got < want || got > want+64<<20 {
		t.Errorf("memory limit %d during a load of 100 MiB of files, want about %d", got, want)
	}
	second := loadGC(1 << 10) // a small model: the floor
	if got, want := limit(), 2*live+(500+64)<<20; got < want || got > want+128<<20 {
		t.Errorf("memory limit %d during two loads, want about %d", got, want)
	}
	first()
	if percent() != -1 || limit() > 2*live+(64+64)<<20 {
		t.Errorf("after the first load ended: GOGC %d, limit %d", percent(), limit())
	}
	second()
	if percent() != 150 || limit() != 8<<30 {
		t.Errorf("after both loads: GOGC %d, limit %d, want 150 and %d", percent(), limit(), int64(8<<30))
	}
	// A lower limit in force stays.
	debug.SetMemoryLimit(32 << 20)
	restore := loadGC(100 << 20)
	if limit() != 32<<20 {
		t.Errorf("limit %d during a load, want the lower one in force (%d)", limit(), 32<<20)
	}
	restore()
}
