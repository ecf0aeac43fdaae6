package server

import (
	"net/http"
	"time"

	"github.com/sekisho/sekisho/internal/render"
)

// routes is every route of the server.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.Handle("GET /metrics", s.api("metrics", styleJSON, s.metrics.handler))
	query := s.cooperative("query", styleXML, s.queryAPI)
	ui := s.ui()
	mux.Handle("POST /{$}", query)
	mux.Handle("GET /{$}", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The Query API may also come as GET with the parameters in the
		// query string; anything else at "/" is the web UI.
		if r.URL.Query().Has("Action") {
			query.ServeHTTP(w, r)
			return
		}
		ui.ServeHTTP(w, r)
	}))
	mux.Handle("GET /ui/", ui)
	s.jsonRoutes(mux)
	return mux
}

type health struct {
	Status     string    `json:"status"`
	Model      string    `json:"model"`
	Generation uint64    `json:"generation"`
	LoadedAt   time.Time `json:"loadedAt"`
}

// healthz is open to everyone (no token): it says only that the server
// serves and which model generation.
func (s *Server) healthz(w http.ResponseWriter, _ *http.Request) {
	st := s.state.Load()
	writeJSON(w, http.StatusOK, health{Status: "ok", Model: s.cfg.ModelDir, Generation: st.generation, LoadedAt: st.loaded.UTC()})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = render.JSON(w, v)
}
