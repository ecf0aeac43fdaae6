//go:build unix

package collect_test

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/sekisho/sekisho/collect"
	"github.com/sekisho/sekisho/internal/fakeaws"
)

// BenchmarkCollect100Accounts collects an organization of 100 accounts in
// two Regions from the fake AWS (every service, about 70 calls per
// account), reporting the peak heap the run reached (sampled every 5 ms).
// The fake runs in the same process, so its own memory and CPU time are in
// the figures.
func BenchmarkCollect100Accounts(b *testing.B) {
	w := fakeaws.SampleOrg(100)
	srv := fakeaws.Start(w, fakeaws.Faults{})
	defer srv.Close()
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
				runtime.ReadMemStats(&ms)
				if ms.HeapInuse > peak.Load() {
					peak.Store(ms.HeapInuse)
				}
			}
		}
	}()
	cpu := func() time.Duration {
		var ru syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	cpu0 := cpu()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		o := options(srv, b.TempDir())
		o.Org = true
		if err := collect.Run(context.Background(), baseConfig(), o); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	close(stop)
	wg.Wait()
	// CPU seconds of the process (collector and fake together): on a
	// shared machine the wall time says more about the neighbours.
	b.ReportMetric((cpu()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(len(srv.Requests()))/float64(b.N), "requests/op")
}
