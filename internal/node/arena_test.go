package node_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/internal/readfile"
)

// TestArena: trees parsed into an arena, reset between parses, are the
// trees parsed without one (values and positions), from a document of one
// value to one of more nodes, members and items than a slab holds; after
// Reset, an earlier tree's memory is cleared, not left to read as valid,
// and a clone taken before it is intact.
func TestArena(t *testing.T) {
	t.Parallel()
	var big strings.Builder
	big.WriteString(`{"list": [`)
	for i := range 3000 {
		if i > 0 {
			big.WriteString(",\n ")
		}
		fmt.Fprintf(&big, `{"k%d": "é%d", "n": [%d, true, null]}`, i, i, i)
	}
	big.WriteString("],\n")
	for i := range 700 {
		fmt.Fprintf(&big, `"m%d": %d, `, i, i)
	}
	big.WriteString(`"end": {}}`)
	docs := []string{`1`, `{"a": ["b", {"c": null}], "d": "\u00e9"}`, big.String(), `[]`, big.String(), `{"x": [1, 2]}`}
	var a node.Arena
	for round := range 3 {
		for i, src := range docs {
			got, err := node.ParseJSONIn([]byte(src), readfile.Model, &a)
			if err != nil {
				t.Fatalf("round %d, document %d: %v", round, i, err)
			}
			want, err := node.ParseJSONAs([]byte(src), readfile.Model)
			if err != nil {
				t.Fatal(err)
			}
			if !node.Equal(got, want) || !samePositions(got, want) {
				t.Fatalf("round %d, document %d: the tree parsed into the arena differs", round, i)
			}
			kept := node.Clone(got)
			a.Reset()
			if !node.Equal(kept, want) || !samePositions(kept, want) || kept.PrintableASCII() != want.PrintableASCII() {
				t.Fatalf("round %d, document %d: the tree cloned before Reset differs", round, i)
			}
			if got.Kind != node.Null || got.Fields != nil || got.Items != nil || got.Text != "" {
				t.Fatalf("round %d, document %d: the tree's root is still a %s after Reset", round, i, got.Kind)
			}
		}
	}
}

// samePositions reports whether a and b, equal trees, have their values
// and member names at the same places.
func samePositions(a, b *node.Node) bool {
	if a.Pos != b.Pos {
		return false
	}
	for i := range a.Items {
		if !samePositions(a.Items[i], b.Items[i]) {
			return false
		}
	}
	for i := range a.Fields {
		if a.Fields[i].KeyPos != b.Fields[i].KeyPos || !samePositions(a.Fields[i].Value, b.Fields[i].Value) {
			return false
		}
	}
	return true
}
