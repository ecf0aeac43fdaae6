package server

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"sync"
	"time"
)

// errorStyle says how a route writes errors: JSON or IAM's XML.
type errorStyle uint8

const (
	styleJSON errorStyle = iota
	styleXML
)

type ctxKey uint8

const requestInfoKey ctxKey = 0

// requestInfo is the request's id, and what a handler adds to the access
// log line: the Query API action, for one. One context value holds both.
type requestInfo struct{ id, action string }

func requestID(r *http.Request) string {
	if info, ok := r.Context().Value(requestInfoKey).(*requestInfo); ok {
		return info.id
	}
	return ""
}

func setLogAction(r *http.Request, action string) {
	if info, ok := r.Context().Value(requestInfoKey).(*requestInfo); ok {
		info.action = action
	}
}

func writeError(w http.ResponseWriter, r *http.Request, style errorStyle, err error) {
	if style == styleXML {
		writeXMLError(w, requestID(r), err)
		return
	}
	writeJSONError(w, err)
}

// api wraps a route's handler with everything an API request goes
// through, outermost first: access log and metrics, the body limit,
// authentication, the request time limit, and the concurrency limit.
func (s *Server) api(route string, style errorStyle, h http.HandlerFunc) http.Handler {
	return s.wrap(route, style, s.timed(style, s.limited(style, h)))
}

// cooperative is api for a handler that checks its context's deadline
// itself (the simulations, between one simulation and the next): it runs
// on the connection's goroutine, without the buffer and goroutine that
// timed needs for handlers that cannot stop. The deadline is set where the
// request's id is, in one context and one copy of the request.
func (s *Server) cooperative(route string, style errorStyle, h http.HandlerFunc) http.Handler {
	return s.loggedWithin(route, s.cfg.RequestTimeout, s.held(style, s.limited(style, h)))
}

func (s *Server) wrap(route string, style errorStyle, inner http.Handler) http.Handler {
	return s.logged(route, s.held(style, inner))
}

// held reads and limits the body, authorizes the request, and gives
// inner the body held in memory.
func (s *Server) held(style errorStyle, inner http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := readBody(w, r, s.cfg.MaxBodyBytes)
		if err != nil {
			writeError(w, r, style, err)
			return
		}
		if err := s.authorize(r, body); err != nil {
			writeError(w, r, style, err)
			return
		}
		hb := &heldBody{b: body}
		hb.Reset(body)
		r.Body = hb
		inner.ServeHTTP(w, r)
	})
}

// heldBody is a body already read (and limited): handlers read it again
// from memory, or take the bytes themselves (queryForm).
type heldBody struct {
	bytes.Reader
	b []byte
}

func (*heldBody) Close() error { return nil }

// readBody reads the whole body, at most limit bytes, into a buffer of the
// size the request declares.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	size := int64(512)
	if r.ContentLength >= 0 && r.ContentLength <= limit {
		size = r.ContentLength + 1 // room to see the end without growing
	}
	b, err := readInto(http.MaxBytesReader(w, r.Body, limit), make([]byte, 0, size))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return nil, errorf(KindTooLarge, "the request body is over the limit of %d bytes", limit)
	}
	if err != nil {
		return nil, errorf(KindBadInput, "read the request body: %v", err)
	}
	return b, nil
}

// readInto is io.ReadAll into b.
func readInto(r io.Reader, b []byte) ([]byte, error) {
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}

// limited holds an evaluation slot while h runs.
func (s *Server) limited(style errorStyle, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := s.limit.acquire(r.Context()); err != nil {
			writeError(w, r, style, err)
			return
		}
		defer s.limit.release()
		h(w, r)
	})
}

// timed answers 503 when h runs past the request timeout. h writes into a
// buffer that is copied out only when h finished in time; the slot h holds
// is released when h returns, so late work still counts against the limit.
func (s *Server) timed(style errorStyle, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), s.cfg.RequestTimeout)
		defer cancel()
		bw := &bufferedWriter{header: http.Header{}}
		done := make(chan any, 1)
		go func() {
			defer func() { done <- recover() }()
			h.ServeHTTP(bw, r.WithContext(ctx))
		}()
		select {
		case p := <-done:
			if p != nil {
				s.cfg.Logger.Error("handler panic", "path", r.URL.Path, "panic", p)
				writeError(w, r, style, errorf(KindInternal, "internal error"))
				return
			}
			bw.copyTo(w)
		case <-ctx.Done():
			bw.abandon()
			writeError(w, r, style, errorf(KindTimeout, "the request ran past the time limit of %s", s.cfg.RequestTimeout))
		}
	})
}

// bufferedWriter is a ResponseWriter that keeps the response until it is
// copied out, and drops writes after abandon.
type bufferedWriter struct {
	mu        sync.Mutex
	header    http.Header
	status    int
	body      bytes.Buffer
	abandoned bool
}

func (b *bufferedWriter) Header() http.Header { return b.header }

func (b *bufferedWriter) WriteHeader(code int) {
	b.mu.Lock()
	if b.status == 0 {
		b.status = code
	}
	b.mu.Unlock()
}

func (b *bufferedWriter) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.abandoned {
		return 0, http.ErrHandlerTimeout
	}
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}

func (b *bufferedWriter) abandon() {
	b.mu.Lock()
	b.abandoned = true
	b.mu.Unlock()
}

func (b *bufferedWriter) copyTo(w http.ResponseWriter) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for k, v := range b.header {
		w.Header()[k] = v
	}
	if b.status == 0 {
		b.status = http.StatusOK
	}
	w.WriteHeader(b.status)
	_, _ = w.Write(b.body.Bytes())
}

// statusWriter records the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (sw *statusWriter) WriteHeader(code int) {
	if sw.status == 0 {
		sw.status = code
	}
	sw.ResponseWriter.WriteHeader(code)
}

func (sw *statusWriter) Write(p []byte) (int, error) {
	if sw.status == 0 {
		sw.status = http.StatusOK
	}
	n, err := sw.ResponseWriter.Write(p)
	sw.bytes += n
	return n, err
}

// logged gives the request an id, and records it in the access log and
// the metrics.
func (s *Server) logged(route string, h http.Handler) http.Handler {
	return s.loggedWithin(route, 0, h)
}

// loggedWithin is logged with a time limit on the request's context when
// timeout is positive.
func (s *Server) loggedWithin(route string, timeout time.Duration, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := newRequestID()
		// X-Amzn-RequestId in its canonical form, which Header.Set would
		// compute (and allocate) on every request.
		w.Header()["X-Amzn-Requestid"] = []string{id}
		sw := &statusWriter{ResponseWriter: w}
		info := &requestInfo{id: id}
		ctx := context.WithValue(r.Context(), requestInfoKey, info)
		if timeout > 0 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, timeout)
			defer cancel()
		}
		h.ServeHTTP(sw, r.WithContext(ctx))
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		d := time.Since(start)
		s.metrics.observe(route, sw.status, d)
		s.cfg.Logger.LogAttrs(r.Context(), levelOf(sw.status), "request",
			slogString("id", id), slogString("method", r.Method), slogString("path", r.URL.Path),
			slogString("route", route), slogInt("status", sw.status), slogInt("bytes", sw.bytes),
			slogDuration("duration", d), slogString("remote", r.RemoteAddr), slogString("action", info.action))
	})
}
