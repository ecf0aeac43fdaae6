package cli

import (
	"bufio"
	"io"
	"sync"
	"time"
)

// logBuffer holds what the server logs and passes it on when the buffer
// is full, at most every interval, and on Flush and Close, instead of one
// write system call per log line: with an access log line per request,
// that call (and, on a pipe, waking its reader) was a measurable part of
// a simulate call's cost (docs/serve.md, "Measured"). A line is at most
// interval late; none is lost on a clean stop.
type logBuffer struct {
	mu   sync.Mutex
	w    *bufio.Writer
	stop chan struct{}
	done chan struct{}
}

// logBufferSize is the buffer: about a hundred access log lines.
const logBufferSize = 32 << 10

func newLogBuffer(w io.Writer, interval time.Duration) *logBuffer {
	b := &logBuffer{w: bufio.NewWriterSize(w, logBufferSize), stop: make(chan struct{}), done: make(chan struct{})}
	go b.flushEvery(interval)
	return b
}

// Write buffers p whole: a log line is never split between two writers'.
func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.w.Write(p)
}

// Flush passes on what is buffered.
func (b *logBuffer) Flush() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.w.Flush()
}

// Close stops the periodic flush and flushes what is left.
func (b *logBuffer) Close() error {
	close(b.stop)
	<-b.done
	return b.Flush()
}

func (b *logBuffer) flushEvery(interval time.Duration) {
	defer close(b.done)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-b.stop:
			return
		case <-t.C:
			b.mu.Lock()
			if b.w.Buffered() > 0 {
				_ = b.w.Flush()
			}
			b.mu.Unlock()
		}
	}
}
