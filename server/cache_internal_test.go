package server

import (
	"strings"
	"testing"

	"github.com/sekisho/sekisho/eval"
)

// TestPreparedCacheLRU: the cache keeps the most recently used sets,
// evicts the least recently used one past either bound, builds a set
// once for the same documents, and keys by the parameter each document
// came in (the same text as identity policy and as boundary is two sets).
func TestPreparedCacheLRU(t *testing.T) {
	t.Parallel()
	c := newPreparedCache(2, 1000)
	builds := 0
	get := func(in *simulateInput) *eval.Prepared {
		t.Helper()
		p, err := c.get(in, func() (*eval.Prepared, error) { builds++; return new(eval.Prepared), nil })
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	a := &simulateInput{policies: []string{"a"}}
	b := &simulateInput{policies: []string{"b"}}
	bAsBoundary := &simulateInput{boundaries: []string{"b"}}
	pa := get(a)
	get(b)
	if get(a) != pa || builds != 2 {
		t.Fatalf("a again: %d builds, want 2 and the same set", builds)
	}
	get(bAsBoundary) // evicts b, the least recently used
	if builds != 3 || c.len() != 2 {
		t.Fatalf("after a third set: %d builds, %d kept; want 3 and 2", builds, c.len())
	}
	if get(a) != pa || builds != 3 {
		t.Fatalf("a was evicted: %d builds", builds)
	}
	get(b)
	if builds != 4 {
		t.Fatalf("b was kept: %d builds, want 4", builds)
	}
	big := &simulateInput{policies: []string{strings.Repeat("x", 600)}}
	big2 := &simulateInput{policies: []string{strings.Repeat("y", 600)}}
	get(big)
	get(big2) // 1,200 bytes: over the 1,000-byte bound, big goes
	if c.len() != 1 || c.bytes != 600 {
		t.Fatalf("byte bound: %d kept, %d bytes; want 1 and 600", c.len(), c.bytes)
	}
	huge := &simulateInput{policies: []string{strings.Repeat("z", 1001)}}
	get(huge)
	if c.len() != 1 {
		t.Fatalf("a set over the byte bound was kept: %d sets", c.len())
	}
}
