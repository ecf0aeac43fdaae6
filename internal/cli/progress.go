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
// be noise in the answer or in a CI log. The function it returns ends a
// progress line left open (a question refused or failed half way), so
// that an error message starts on a line of its own.
func showProgress(a *analysis.Analyzer, stderr io.Writer) (finish func()) {
	if !isTerminal(stderr) {
		return func() {}
	}
	p := &progressLine{w: stderr, start: time.Now()}
	a.Progress = p.show
	return p.finish
}

// progressLine is the one line a question's progress is written on.
type progressLine struct {
	mu    sync.Mutex
	w     io.Writer
	start time.Time
	last  time.Time
	open  bool // a line is written and not yet ended
}

func (p *progressLine) show(stage string, done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if done < total && (now.Sub(p.start) < time.Second || now.Sub(p.last) < 200*time.Millisecond) {
		return // quick questions show nothing
	}
	p.last = now
	if done == total && !p.open && now.Sub(p.start) < time.Second {
		return
	}
	fmt.Fprintf(p.w, "\r%s: %d of %d", stage, done, total)
	p.open = true
	if done == total {
		fmt.Fprintln(p.w)
		p.open = false
	}
}

func (p *progressLine) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.open {
		fmt.Fprintln(p.w)
		p.open = false
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
