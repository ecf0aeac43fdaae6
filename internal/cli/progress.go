package cli

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/sekisho/sekisho/analysis"
)

// showProgress makes a long question report how far it has got on stderr,
// when stderr is a terminal: never into a file or a pipe, where it would
// be noise in the answer or in a CI log.
func showProgress(a *analysis.Analyzer, stderr io.Writer) {
	if !isTerminal(stderr) {
		return
	}
	var mu sync.Mutex
	start, last := time.Now(), time.Time{}
	a.Progress = func(stage string, done, total int) {
		mu.Lock()
		defer mu.Unlock()
		now := time.Now()
		if done < total && (now.Sub(start) < time.Second || now.Sub(last) < 200*time.Millisecond) {
			return // quick questions show nothing
		}
		last = now
		fmt.Fprintf(stderr, "\r%s: %d of %d", stage, done, total)
		if done == total && now.Sub(start) >= time.Second {
			fmt.Fprintln(stderr)
		}
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
