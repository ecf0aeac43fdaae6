package server

import (
	"log/slog"
	"time"
)

func levelOf(status int) slog.Level {
	switch {
	case status >= 500:
		return slog.LevelError
	case status >= 400:
		return slog.LevelWarn
	}
	return slog.LevelInfo
}

func slogString(k, v string) slog.Attr  { return slog.String(k, v) }
func slogInt(k string, v int) slog.Attr { return slog.Int(k, v) }

// slogDuration logs a duration in milliseconds, a number log tools sort.
func slogDuration(k string, d time.Duration) slog.Attr {
	return slog.Float64(k+"_ms", float64(d.Microseconds())/1000)
}
