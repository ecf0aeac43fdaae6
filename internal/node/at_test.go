package node_test

import (
	"testing"

	"github.com/sekisho/sekisho/internal/node"
)

// TestAt: a place written out is the path built step by step.
func TestAt(t *testing.T) {
	t.Parallel()
	root := node.AtPath(node.Root.Key("accounts"))
	item := root.Index(3)
	member := item.Key("a b")
	deeper := member.Key("Statement")
	last := deeper.Index(0)
	want := node.Root.Key("accounts").Index(3).Key("a b").Key("Statement").Index(0)
	if got := last.Path(); got != want || got != `$.accounts[3]["a b"].Statement[0]` {
		t.Errorf("got %s, want %s", got, want)
	}
	if got := root.Path(); got != "$.accounts" {
		t.Errorf("root: got %s", got)
	}
}

// TestAtAllocates: places made on a walk's stack and not written out
// allocate nothing.
func TestAtAllocates(t *testing.T) {
	root := node.AtPath(node.Root)
	allocs := testing.AllocsPerRun(100, func() {
		a := root.Key("Statement")
		i := a.Index(2)
		k := i.Key("Condition")
		if walk(&k, 5) == "" {
			t.Fatal("no path")
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations, want 0", allocs)
	}
}

// walk goes depth places down and writes out nothing.
func walk(a *node.At, depth int) string {
	if depth == 0 {
		return "end"
	}
	next := a.Index(depth)
	return walk(&next, depth-1)
}
