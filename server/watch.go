package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/sekisho/sekisho/internal/readfile"
)

// Watch reloads the model whenever its files change, polling every
// interval until ctx is done. Polling (a fingerprint of every file's name,
// size and modification time) needs no platform file-event API and sees
// edits on any file system; a model is small enough to walk each second.
func (s *Server) Watch(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		stamp, err := fingerprint(s.cfg.ModelDir)
		if err != nil {
			s.cfg.Logger.Warn("model watch: cannot read the model directory", "model", s.cfg.ModelDir, "error", err.Error())
			continue
		}
		if stamp == s.state.Load().stamp || stamp == s.lastFailed() {
			continue
		}
		if err := s.Reload(); err != nil {
			s.failedStamp.Store(&stamp)
		}
	}
}

func (s *Server) lastFailed() string {
	if p := s.failedStamp.Load(); p != nil {
		return *p
	}
	return ""
}

// fingerprint identifies the state of the files under path.
func fingerprint(path string) (string, error) {
	h := sha256.New()
	err := eachModelFile(path, func(p string) error {
		info, err := os.Lstat(p)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00%d\n", p, info.Size(), info.ModTime().UnixNano())
		return nil
	})
	if err != nil {
		if os.IsNotExist(err) {
			return "", fmt.Errorf("model %s: %w", path, err)
		}
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// eachModelFile calls fn with path, or with every file under it when it
// is a directory, in walk order. The walk has the model directory's
// bounds (readfile.ModelDir) but for bytes: no content is read.
func eachModelFile(path string, fn func(string) error) error {
	files := []string{path}
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		l := readfile.ModelDir
		l.Bytes = 0
		if files, _, err = readfile.Walk(path, l, func(_ string, d fs.DirEntry) bool { return !d.IsDir() }); err != nil {
			return err
		}
	}
	for _, f := range files {
		if err := fn(f); err != nil {
			return err
		}
	}
	return nil
}
