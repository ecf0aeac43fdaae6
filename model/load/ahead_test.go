package load

import (
	"fmt"
	"runtime"
	"sync"
	"testing"

	"github.com/sekisho/sekisho/internal/node"
)

// TestParseAheadBounds: parseFiles hands every file to use in order, and
// never has more files read and not yet used than aheadFiles, nor more
// of their bytes than aheadBytes unless one file alone is larger; a file
// larger than the bound, or of no size, is parsed all the same.
func TestParseAheadBounds(t *testing.T) {
	sizes := map[string]int64{}
	var files []string
	for i := range 400 {
		f := fmt.Sprintf("f%03d.json", i)
		files = append(files, f)
		switch {
		case i%50 == 7:
			sizes[f] = aheadBytes + 1 // alone past the bound
		case i%3 == 0:
			sizes[f] = aheadBytes / 5
		case i%3 == 1:
			sizes[f] = 0
		default:
			sizes[f] = 100
		}
	}
	var mu sync.Mutex
	out, bytes, maxOut := 0, int64(0), 0
	weight := func(f string) int64 { return min(max(sizes[f], 1), aheadBytes) }
	read := func(f string, _ []byte) ([]byte, error) {
		mu.Lock()
		defer mu.Unlock()
		out, bytes = out+1, bytes+weight(f)
		maxOut = max(maxOut, out)
		if out > 1 && bytes > aheadBytes {
			t.Errorf("%d files of %d bytes out at once, over the bound of %d", out, bytes, int64(aheadBytes))
		}
		return []byte(`{}`), nil
	}
	var used []string
	use := func(f string, _ *node.Node, _ prepared, err error) bool {
		if err != nil {
			t.Error(err)
		}
		mu.Lock()
		out, bytes = out-1, bytes-weight(f)
		mu.Unlock()
		used = append(used, f)
		return true
	}
	if err := parseFiles(files, func(f string) int64 { return sizes[f] }, read, use); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(used) != fmt.Sprint(files) {
		t.Errorf("used out of order or not all: %v", used)
	}
	if limit := aheadFiles(min(len(files), runtime.GOMAXPROCS(0))); maxOut > limit {
		t.Errorf("%d files out at once, want at most %d", maxOut, limit)
	}
}
