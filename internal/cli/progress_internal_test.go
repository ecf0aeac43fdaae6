package cli

import (
	"strings"
	"testing"
	"time"
)

// TestProgressLine: a quick question shows nothing; a long one shows its
// steps on one line, ended when every step is done; a question refused
// or failed half way has its open line ended by finish, so that the error
// message starts on a line of its own.
func TestProgressLine(t *testing.T) {
	var quick strings.Builder
	p := &progressLine{w: &quick, start: time.Now()}
	p.show("steps", 1, 2)
	p.show("steps", 2, 2)
	p.finish()
	if quick.Len() != 0 {
		t.Errorf("a quick question wrote %q", quick.String())
	}

	var long strings.Builder
	p = &progressLine{w: &long, start: time.Now().Add(-2 * time.Second)}
	p.show("steps", 1, 2)
	p.show("steps", 2, 2)
	p.finish()
	if got, want := long.String(), "\rsteps: 1 of 2\rsteps: 2 of 2\n"; got != want {
		t.Errorf("a long question wrote %q, want %q", got, want)
	}

	var refused strings.Builder
	p = &progressLine{w: &refused, start: time.Now().Add(-2 * time.Second)}
	p.show("roles", 22, 180)
	p.finish()
	p.finish()
	if got, want := refused.String(), "\rroles: 22 of 180\n"; got != want {
		t.Errorf("a question stopped half way wrote %q, want %q", got, want)
	}
}
