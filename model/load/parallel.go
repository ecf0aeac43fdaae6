package load

import (
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/sekisho/sekisho/internal/errcode"
	"github.com/sekisho/sekisho/internal/node"
)

// parseFiles reads and parses files on up to GOMAXPROCS goroutines and
// hands each tree (or its parse error), with its policy documents parsed
// ahead (prefetch.go), to use on the calling goroutine, in
// the order of files, so that what the builder sees, and so the model and
// the order of its errors, is that of reading the files one by one. A file
// that cannot be read, or is refused while parsed, stops the walk: its error is returned, the files
// before it having been used, none after it.
//
// The files parsed ahead of use are bounded by their bytes (size, the
// walk's figure) and their number (aheadBytes, aheadFiles), which bounds
// the memory held. A bound of a few files, whatever their size, kept the
// goroutines from parsing two large files at once: a collected account
// is one large get-account-authorization-details among eight small
// files, so while one goroutine parsed an account's, the next one's was
// past the bound, and the other goroutine waited (a load of 1,000
// accounts ran its parsing on one core of two).
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
// dropped with it. So a file whose place in the collected layout names a
// format that keeps its tree (keepsTree) is parsed without an arena:
// an arena of the pool grown by an authorization-details file, given
// to the next account's describe-instances, was dropped with that small
// tree, and the pool made an arena (and its slabs) for nearly every file
// (8,121 for 9,121 files, 405 MB of slabs at 1,000 accounts of `sekisho synth`). The reset happens after use returns, on the calling
// goroutine, before the arena goes back to the pool: no parse writes
// into a tree that is still being read.
func parseFiles(files []string, size func(file string) int64, read func(file string, buf []byte) ([]byte, error), use func(file string, n *node.Node, pre prepared, err error) (release bool)) error {
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
		arenasMade.Add(1)
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
	weight := func(i int) int64 { return min(max(size(files[i]), 1), aheadBytes) }
	maxAhead := aheadFiles(workers)
	used := make(chan int64, maxAhead) // the weight of each file used, back to the feeder
	done := make(chan struct{})
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte
			var sc scratch
			for i := range jobs {
				src, err := read(files[i], buf)
				if err != nil {
					results[i] <- parsed{readErr: err}
					continue
				}
				var arena *node.Arena
				if !keepsTree(files[i]) {
					arena = getArena()
				}
				n, err := parseTree(files[i], src, arena)
				if errcode.Of(err) == errcode.Refused {
					// past a bound of its kind (values, YAML bytes): as
					// a file too large to read, it stops the load
					if arena != nil {
						putArena(arena)
					}
					results[i] <- parsed{readErr: err}
					continue
				}
				var pre prepared
				if err == nil {
					pre = prefetch(files[i], n, &sc)
				}
				buf = src
				results[i] <- parsed{n: n, arena: arena, pre: pre, err: err}
			}
		}()
	}
	go func() {
		defer close(jobs)
		var bytes int64 // of the files handed out and not yet used
		count := 0      // those files
		for i := range files {
			w := weight(i)
			for count > 0 && (bytes+w > aheadBytes || count == maxAhead) {
				select {
				case u := <-used:
					bytes, count = bytes-u, count-1
				case <-done:
					return
				}
			}
			bytes, count = bytes+w, count+1
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
		if r.readErr != nil {
			return r.readErr
		}
		if use(f, r.n, r.pre, r.err) && r.arena != nil {
			putArena(r.arena)
		}
		used <- weight(i) // never blocks: at most maxAhead are handed out and not counted back
	}
	return nil
}

// aheadBytes bounds the bytes of the files parseFiles parses ahead of
// their use; a larger file is parsed ahead alone. It holds dozens of the
// largest files of a collected organization (an account's
// get-account-authorization-details is 120 KB at 100 roles); the trees in
// flight are about twice their files' size.
const aheadBytes = 8 << 20

// aheadFiles bounds the number of files parsed ahead: each is parsed into
// an arena of the pool, which grows to the largest tree it held and keeps
// that memory (256 held 60 MiB more at 1,000 accounts on a busy machine,
// where the builder lags). 32 spans three accounts of `sekisho synth`'s
// layout, nine files each, so that both goroutines of two cores parse
// authorization details at once.
func aheadFiles(workers int) int { return max(32, 4*workers) }

// arenasMade counts the arenas parseFiles has made, for the test that the
// pool reuses them.
var arenasMade atomic.Int64

// keepsTree reports that a file's tree will be kept past its use, as far
// as its place tells before it is parsed: a file of the collected layout
// whose format does not free its tree (format.frees), or a file of an
// iam-collect directory. Such a file is parsed without an arena, as the
// arena would be dropped with the tree. A file whose format only its
// shape tells (a loose file) takes an arena: use says afterwards whether
// it is kept. Only the memory depends on the answer, never the model:
// an arena goes back to the pool only when use reports the tree released.
func keepsTree(file string) bool {
	pl, err := placeOf(file)
	switch {
	case err != nil:
		return false // addTree refuses the file before reading it
	case pl.ic != nil:
		return !iamCollectFormat.frees
	case pl.layout == "":
		return false
	}
	f := byLayout[pl.layout]
	return f != nil && !f.frees
}
