package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sekisho/sekisho/analysis"
	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/model/load"
)

// Config is how a Server runs. Zero values take the defaults below.
type Config struct {
	ModelDir     string       // the organization model (load.Load)
	ModelOptions load.Options // e.g. the AWS managed policies directory

	// Token, when set, is required as "Authorization: Bearer TOKEN" (or
	// a SigV4 signature by a configured key) on every API request.
	Token string
	// Keys are access key id → secret access key pairs. When there is at
	// least one, SigV4-signed requests must verify against it; without
	// keys a signature is not checked.
	Keys map[string]string

	MaxInFlight    int           // requests evaluated at once (default 4 × GOMAXPROCS)
	MaxQueue       int           // requests waiting for a slot (default 256; negative: none)
	QueueWait      time.Duration // longest wait for a slot before 503 (default 2 s)
	RequestTimeout time.Duration // longest request, queue included (default 30 s)
	MaxBodyBytes   int64         // request body limit (default 4 MiB)

	Logger *slog.Logger // access and reload logs (default: discard)
	// Now is the request time for aws:CurrentTime; nil means the clock.
	Now func() time.Time
}

func (c *Config) defaults() {
	if c.MaxInFlight <= 0 {
		c.MaxInFlight = 4 * runtime.GOMAXPROCS(0)
	}
	switch {
	case c.MaxQueue == 0:
		c.MaxQueue = 256
	case c.MaxQueue < 0:
		c.MaxQueue = 0
	}
	if c.QueueWait <= 0 {
		c.QueueWait = 2 * time.Second
	}
	if c.RequestTimeout <= 0 {
		c.RequestTimeout = 30 * time.Second
	}
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = 4 << 20
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
}

// Bounds of the cache of SimulateCustomPolicy policy sets (cache.go): at
// most this many sets, compiled from at most this much policy text.
const (
	customCacheEntries = 1024
	customCacheBytes   = 32 << 20
)

// Server serves one model. Create it with New.
type Server struct {
	cfg     Config
	state   atomic.Pointer[state]
	limit   *limiter
	metrics *metrics
	custom  *preparedCache
	handler http.Handler
	reload  sync.Mutex // one reload at a time
	// failedStamp is the fingerprint of the last model that failed to
	// load, so that Watch does not retry it until it changes again.
	failedStamp atomic.Pointer[string]
}

// state is one loaded model and what is prepared from it. It is never
// changed after it is published; a reload publishes a new one.
type state struct {
	model      *model.Model
	compiler   *eval.Compiler
	analyzer   *analysis.Analyzer
	analyzerMu sync.Mutex // the analyzer's caches are not safe for concurrent use
	infoOnce   sync.Once
	info       *modelInfo
	loaded     time.Time
	generation uint64
	stamp      string // the model files' fingerprint (watch.go)
}

// New loads the model and returns a server for it.
func New(cfg Config) (*Server, error) {
	cfg.defaults()
	s := &Server{cfg: cfg, metrics: newMetrics(), custom: newPreparedCache(customCacheEntries, customCacheBytes)}
	s.limit = newLimiter(cfg.MaxInFlight, cfg.MaxQueue, cfg.QueueWait, s.metrics)
	st, err := s.load(1)
	if err != nil {
		return nil, err
	}
	s.state.Store(st)
	s.metrics.modelLoaded(st)
	s.handler = s.routes()
	return s, nil
}

func (s *Server) load(gen uint64) (*state, error) {
	stamp, err := fingerprint(s.cfg.ModelDir)
	if err != nil {
		return nil, err
	}
	m, err := load.Load(s.cfg.ModelDir, s.cfg.ModelOptions)
	if err != nil {
		return nil, err
	}
	return &state{model: m, compiler: eval.NewCompiler(), analyzer: analysis.New(m),
		loaded: time.Now(), generation: gen, stamp: stamp}, nil
}

// Reload loads the model directory again and, when it loads without error,
// swaps it in; otherwise the current model keeps serving and the error is
// returned (and logged). Requests in flight finish on the model they
// started with.
func (s *Server) Reload() error {
	s.reload.Lock()
	defer s.reload.Unlock()
	old := s.state.Load()
	st, err := s.load(old.generation + 1)
	if err != nil {
		s.metrics.reloads.failed.Add(1)
		s.cfg.Logger.Error("model reload failed; the previous model keeps serving",
			"model", s.cfg.ModelDir, "generation", old.generation, "error", err.Error())
		return err
	}
	s.state.Store(st)
	s.metrics.reloads.ok.Add(1)
	s.metrics.modelLoaded(st)
	s.cfg.Logger.Info("model reloaded", "model", s.cfg.ModelDir, "generation", st.generation)
	return nil
}

// Generation is the number of the model serving now: 1 for the first
// load, one more for each successful reload.
func (s *Server) Generation() uint64 { return s.state.Load().generation }

// Handler is the server's HTTP handler (every route, with its limits).
func (s *Server) Handler() http.Handler { return s.handler }

// Serve serves on ln until ctx is done, then shuts down gracefully: it
// stops accepting, lets requests in flight finish (at most the request
// timeout) and returns.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       s.cfg.RequestTimeout,
		WriteTimeout:      s.cfg.RequestTimeout + 5*time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.cfg.Logger.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.limit.close()
	sctx, cancel := context.WithTimeout(context.Background(), s.cfg.RequestTimeout+5*time.Second)
	defer cancel()
	err := hs.Shutdown(sctx)
	if serr := <-errc; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	if err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// now is the request time.
func (s *Server) now() time.Time {
	if s.cfg.Now != nil {
		return s.cfg.Now()
	}
	return time.Time{}
}

func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
