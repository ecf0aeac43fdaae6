package server

import "net/http"

// jsonRoutes are the JSON API under /api/v1/.
func (s *Server) jsonRoutes(mux *http.ServeMux) {
	_ = mux
}
