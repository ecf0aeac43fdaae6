package node_test

import (
	"strings"
	"testing"

	"github.com/sekisho/sekisho/internal/node"
)

func TestPositions(t *testing.T) {
	t.Parallel()
	src := "{\"a\": [1, \"é\", {\"b\": true}],\n  \"c\": null}"
	n, err := node.ParseJSON([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	arr := n.Get("a")
	if got := arr.Items[2].Get("b").Pos; got != (node.Pos{Line: 1, Col: 22}) {
		t.Errorf("b at %v, want 1:22 (columns count characters)", got)
	}
	if got := n.Get("c").Pos; got != (node.Pos{Line: 2, Col: 8}) {
		t.Errorf("c at %v, want 2:8", got)
	}
	if got := n.Fields[1].KeyPos; got != (node.Pos{Line: 2, Col: 3}) {
		t.Errorf("key c at %v, want 2:3", got)
	}
}

// BenchmarkLongLine: minified JSON on one line parses in linear time.
func BenchmarkLongLine(b *testing.B) {
	src := []byte("[" + strings.Repeat(`{"k":"v"},`, 20000) + `{}]`)
	for b.Loop() {
		if _, err := node.ParseJSON(src); err != nil {
			b.Fatal(err)
		}
	}
}
