package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"
)

// A line written to the log buffer reaches the writer behind it by
// itself (the periodic flush), on Flush, and on Close; lines written at
// once by many goroutines arrive whole, none lost.
func TestLogBuffer(t *testing.T) {
	t.Parallel()
	var out syncBuffer
	b := newLogBuffer(&out, 10*time.Millisecond)
	fmt.Fprintln(b, "first")
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), "first\n") {
		if time.Now().After(deadline) {
			t.Fatal("a buffered line was not flushed by the periodic flush")
		}
		time.Sleep(5 * time.Millisecond)
	}

	b2 := newLogBuffer(&out, time.Hour)
	fmt.Fprintln(b2, "second")
	if err := b2.Flush(); err != nil || !strings.Contains(out.String(), "second\n") {
		t.Fatalf("Flush: %v, out %q", err, out.String())
	}
	var wg sync.WaitGroup
	line := strings.Repeat("x", 700) // lines longer than the buffer splits, with many at once
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				fmt.Fprintf(b2, "%d %d %s\n", g, i, line)
			}
		}()
	}
	wg.Wait()
	if err := b2.Close(); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 2+8*200 {
		t.Fatalf("%d lines, want %d", len(lines), 2+8*200)
	}
	for _, l := range lines[2:] {
		if !strings.HasSuffix(l, " "+line) || strings.Count(l, " ") != 2 {
			t.Fatalf("a line arrived broken: %.100q", l)
		}
	}
}

// serve's GOGC: 400 unless the user set GOGC, whose value then stands.
func TestSetServeGC(t *testing.T) {
	checkGCPercent(t, setServeGC, serveGCPercent, nil)
}

// checkGCPercent checks that set, with GOGC unset, sets the GC percent to
// want (and check, if any, holds while it is set), that the function it
// returns restores the percent before, and that with GOGC set by the user
// set leaves the percent alone. Not parallel: the GC percent is the
// process's.
func checkGCPercent(t *testing.T, set func() (restore func()), want int, check func()) {
	t.Helper()
	old := debug.SetGCPercent(100)
	defer debug.SetGCPercent(old)
	t.Setenv("GOGC", "")
	restore := set()
	if check != nil {
		check()
	}
	if got := debug.SetGCPercent(want); got != want {
		t.Errorf("GOGC unset: GC percent %d, want %d", got, want)
	}
	restore()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("after restore: GC percent %d, want 100 again", got)
	}
	t.Setenv("GOGC", "100")
	set()()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC=100: GC percent %d, want 100 kept", got)
	}
}

// A batch command's GC percent puts its first collection at about
// batchFirstGC, then is 800 with a goal past the ballast; the last batch
// to end restores it; the memory limit is left alone; with GOGC set by
// the user nothing changes. Not parallel: the settings are the process's.
func TestBatchGC(t *testing.T) {
	oldPercent := debug.SetGCPercent(100)
	oldLimit := debug.SetMemoryLimit(1 << 40)
	defer func() {
		debug.SetGCPercent(oldPercent)
		debug.SetMemoryLimit(oldLimit)
	}()
	t.Setenv("GOGC", "")
	// Read, not set and set back: setting could undo the switch made at
	// the same time by the first collection's cleanup.
	settings := func() (int, int64) {
		s := []metrics.Sample{{Name: "/gc/gogc:percent"}, {Name: "/gc/gomemlimit:bytes"}}
		metrics.Read(s)
		return int(int64(s[0].Value.Uint64())), int64(s[1].Value.Uint64()) // off reads as -1
	}
	check := func(when string, wantPercent int) {
		t.Helper()
		if p, l := settings(); p != wantPercent || l != 1<<40 {
			t.Fatalf("%s: GC percent %d, memory limit %d; want %d, %d", when, p, l, wantPercent, int64(1<<40))
		}
	}
	end := batchGC()
	first, _ := settings()
	check("batch started", firstGCPercent(liveHeap()))
	if first < batchGCPercent || first > 6400 {
		t.Fatalf("batch started: GC percent %d, want %d to 6400", first, batchGCPercent)
	}
	end2 := batchGC() // a second batch at once (tests run cli.Main in parallel)
	check("second batch started", first)
	runtime.GC()
	deadline := time.Now().Add(10 * time.Second)
	for p, _ := settings(); p != batchGCPercent; p, _ = settings() {
		if time.Now().After(deadline) {
			t.Fatalf("after a collection: GC percent %d, want %d", p, batchGCPercent)
		}
		time.Sleep(time.Millisecond)
	}
	check("collected once", batchGCPercent)
	runtime.GC()
	goal := []metrics.Sample{{Name: "/gc/heap/goal:bytes"}}
	metrics.Read(goal)
	// 32 MiB, not batchBallast: a smaller ballast must fail here. The
	// 10,000 random cases' late collection marked 64-77 MB; a goal from
	// 32 MiB × 9 starts past it.
	if got, want := goal[0].Value.Uint64(), uint64(32<<20)*(1+batchGCPercent/100); got < want {
		t.Errorf("heap goal %d bytes, want at least %d (a 32 MiB ballast × %d)", got, want, 1+batchGCPercent/100)
	}
	end()
	end()                                             // ending twice counts once
	check("one of two batches ended", batchGCPercent) // the other still runs
	end2()
	check("both ended", 100)

	// A batch after a restore starts over.
	runtime.GC() // the ballast gone, the live heap is as before
	want := firstGCPercent(liveHeap())
	end = batchGC()
	check("next batch started", want)
	end()
	check("next batch ended", 100)

	t.Setenv("GOGC", "100")
	batchGC()()
	check("GOGC=100", 100)
}

func TestFirstGCPercent(t *testing.T) {
	for _, tc := range []struct {
		live uint64
		want int
	}{
		{0, 6400},
		{1 << 20, 6400},             // 256 × would be past the least goal of 6400
		{8 << 20, 3100},             // 8 MiB × 32 = 256 MiB
		{16 << 20, 1500},            // × 16
		{64 << 20, batchGCPercent},  // × 4 is less than 800 gives
		{512 << 20, batchGCPercent}, // past batchFirstGC already
	} {
		if got := firstGCPercent(tc.live); got != tc.want {
			t.Errorf("firstGCPercent(%d) = %d, want %d", tc.live, got, tc.want)
		}
	}
}
