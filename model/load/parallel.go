package load

import (
	"runtime"
	"sync"

	"github.com/sekisho/sekisho/internal/errcode"
	"github.com/sekisho/sekisho/internal/node"
)

// parseFiles reads and parses files on up to GOMAXPROCS goroutines and
// hands each tree (or its parse error), with its policy documents parsed
// ahead (prefetch.go), to use on the calling goroutine, in
// the order of files, so that what the builder sees, and so the model and
// the order of its errors, is that of reading the files one by one. A file
// that cannot be read, or is refused while parsed, stops the walk: its error is returned, the files
// before it having been used, none after it. At most a few trees more than
// the goroutines are parsed ahead of use, which bounds the memory held.
//
// read may read a file into buf, the bytes it returned before on the same
// goroutine: a tree holds copies of its strings, never the bytes it was
// parsed from, so that the next file's read reuses them.
//
// Each file is parsed into an arena (node.Arena) of a pool. When use
// reports the tree released (nothing keeps a reference into it), its
// arena is reset and parses a later file: the trees of a load are then
// in the memory of a few, instead of garbage the collector must reclaim
// (370 MB of them at 1,000 accounts). An arena whose tree is kept is
// dropped with it. The reset happens after use returns, on the calling
// goroutine, before the arena goes back to the pool: no parse writes
// into a tree that is still being read.
func parseFiles(files []string, read func(file string, buf []byte) ([]byte, error), use func(file string, n *node.Node, pre prepared, err error) (release bool)) error {
	type parsed struct {
		n       *node.Node
		arena   *node.Arena // that holds n
		pre     prepared    // its policy documents, parsed ahead (prefetch.go)
		err     error       // the file does not parse
		readErr error       // the file cannot be read
	}
	var pool struct {
		sync.Mutex
		free []*node.Arena
	}
	getArena := func() *node.Arena {
		pool.Lock()
		defer pool.Unlock()
		if n := len(pool.free); n > 0 {
			a := pool.free[n-1]
			pool.free = pool.free[:n-1]
			return a
		}
		return &node.Arena{}
	}
	putArena := func(a *node.Arena) {
		a.Reset()
		pool.Lock()
		defer pool.Unlock()
		pool.free = append(pool.free, a)
	}
	workers := min(runtime.GOMAXPROCS(0), len(files))
	results := make([]chan parsed, len(files))
	for i := range results {
		results[i] = make(chan parsed, 1)
	}
	jobs := make(chan int)
	ahead := make(chan struct{}, 2*workers) // a token per file handed out and not yet used
	done := make(chan struct{})
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte
			for i := range jobs {
				src, err := read(files[i], buf)
				if err != nil {
					results[i] <- parsed{readErr: err}
					continue
				}
				arena := getArena()
				n, err := parseTree(files[i], src, arena)
				if errcode.Of(err) == errcode.Refused {
					// past a bound of its kind (values, YAML bytes): as
					// a file too large to read, it stops the load
					putArena(arena)
					results[i] <- parsed{readErr: err}
					continue
				}
				var pre prepared
				if err == nil {
					pre = prefetch(files[i], n)
				}
				buf = src
				results[i] <- parsed{n: n, arena: arena, pre: pre, err: err}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := range files {
			select {
			case ahead <- struct{}{}:
			case <-done:
				return
			}
			select {
			case jobs <- i:
			case <-done:
				return
			}
		}
	}()
	defer wg.Wait()
	defer close(done)
	for i, f := range files {
		r := <-results[i]
		<-ahead
		if r.readErr != nil {
			return r.readErr
		}
		if use(f, r.n, r.pre, r.err) {
			putArena(r.arena)
		}
	}
	return nil
}
