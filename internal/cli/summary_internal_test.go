package cli

import (
	"fmt"
	"testing"
)

// TestCounterLine: a summary line names the largest counts first, ties by
// name, and past counterShown keys says how many more there are and what
// they count, so that it stays one line over a thousand accounts.
func TestCounterLine(t *testing.T) {
	c := counter{"b": 2, "a": 2, "c": 5}
	if got, want := c.line(), "c 5, a 2, b 2"; got != want {
		t.Errorf("line() = %q, want %q", got, want)
	}
	many := counter{}
	for i := range counterShown + 3 {
		many[fmt.Sprintf("k%02d", i)] = 100 - i
	}
	want := "k00 100, k01 99, k02 98, k03 97, k04 96, k05 95, k06 94, k07 93, k08 92, k09 91, 3 more with 267 in all"
	if got := many.line(); got != want {
		t.Errorf("line() = %q, want %q", got, want)
	}
}
