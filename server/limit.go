package server

import (
	"context"
	"sync/atomic"
	"time"
)

// limiter bounds the requests evaluated at once and those waiting for a
// slot. A request past a full queue is refused at once (429, so a client
// backs off); one that waits longer than wait gets 503.
type limiter struct {
	slots    chan struct{}
	maxQueue int64
	waiting  atomic.Int64
	wait     time.Duration
	closing  chan struct{}
	closed   atomic.Bool
	m        *metrics
}

func newLimiter(inFlight, queue int, wait time.Duration, m *metrics) *limiter {
	return &limiter{slots: make(chan struct{}, inFlight), maxQueue: int64(queue), wait: wait,
		closing: make(chan struct{}), m: m}
}

// acquire takes a slot; the caller must call release after a nil error.
func (l *limiter) acquire(ctx context.Context) error {
	if l.closed.Load() {
		return errorf(KindUnavailable, "the server is shutting down")
	}
	select {
	case l.slots <- struct{}{}:
		l.m.inFlight.Add(1)
		return nil
	default:
	}
	if l.waiting.Add(1) > l.maxQueue {
		l.waiting.Add(-1)
		l.m.rejected.busy.Add(1)
		return errorf(KindBusy, "too many requests: %d evaluating and %d waiting; retry later", cap(l.slots), l.maxQueue)
	}
	defer l.waiting.Add(-1)
	t := time.NewTimer(l.wait)
	defer t.Stop()
	select {
	case l.slots <- struct{}{}:
		l.m.inFlight.Add(1)
		return nil
	case <-t.C:
		l.m.rejected.wait.Add(1)
		return errorf(KindUnavailable, "no evaluation slot freed within %s; retry later", l.wait)
	case <-l.closing:
		return errorf(KindUnavailable, "the server is shutting down")
	case <-ctx.Done():
		l.m.rejected.wait.Add(1)
		return errorf(KindTimeout, "the request ran out of time waiting for an evaluation slot")
	}
}

func (l *limiter) release() {
	l.m.inFlight.Add(-1)
	<-l.slots
}

// close makes waiting and new requests fail with 503; requests holding a
// slot finish.
func (l *limiter) close() {
	if l.closed.CompareAndSwap(false, true) {
		close(l.closing)
	}
}
