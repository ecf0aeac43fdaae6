package server

import (
	"embed"
	"io/fs"
	"net/http"
)

// The graph layout library is vendored from npm; go generate refreshes it.
//go:generate sh web/vendor/update.sh

//go:embed web
var webFiles embed.FS

// ui serves the embedded web UI: "/" is the app, "/ui/..." its assets.
// The assets hold no data (every answer comes from the API, which checks
// the token), so they are served without authentication.
func (s *Server) ui() http.Handler {
	sub, err := fs.Sub(webFiles, "web")
	if err != nil {
		panic(err) // the embedded tree is part of the binary
	}
	files := http.StripPrefix("/ui/", http.FileServer(http.FS(sub)))
	return s.logged("ui", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		if r.URL.Path == "/" {
			http.ServeFileFS(w, r, sub, "index.html")
			return
		}
		files.ServeHTTP(w, r)
	}))
}
