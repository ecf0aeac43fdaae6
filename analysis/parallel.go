package analysis

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// parallel runs f(i) for i in [0, n) on every CPU and returns the first
// error. The decisions of an analysis are independent; the model and the
// compiler are safe for concurrent use.
func parallel(n int, f func(i int) error) error {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := 0; i < n; i++ {
			if err := f(i); err != nil {
				return err
			}
		}
		return nil
	}
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		next     int
		firstErr error
	)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				stop := firstErr != nil
				mu.Unlock()
				if i >= n || stop {
					return
				}
				if err := f(i); err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	return firstErr
}

// progress returns a function to call once per step of a stage of total
// steps; it reports to a.Progress, if set, at most every 1% of the way.
func (a *Analyzer) progress(stage string, total int) func() {
	if a.Progress == nil || total == 0 {
		return func() {}
	}
	var done atomic.Int64
	step := int64(max(total/100, 1))
	return func() {
		if n := done.Add(1); n%step == 0 || n == int64(total) {
			a.Progress(stage, int(n), total)
		}
	}
}
