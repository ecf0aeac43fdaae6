package node_test

import (
	"fmt"
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

// TestPrintableASCII: only a value read as itself, every byte of its
// strings and member names from U+0020 to U+007F, is marked; an escape, a
// character past U+007F (in a value or a member name, at any depth) and a
// YAML string are not.
func TestPrintableASCII(t *testing.T) {
	t.Parallel()
	src := "[\"arn:aws:s3:::b/*\", \"\", \"~\x7f\", \"a\\nb\", \"\\u0041\", \"\\/\", \"é\", \"a\u200bb\", 1, true, null, " +
		"{\"k\": \"v\", \"l\": [1, {}]}, {\"k\": [\"v\", \"é\"]}, {\"é\": 1}, {\"k\\u0041\": 1}, [[{\"a\": {\"b\": \"\\n\"}}]], [], {}]"
	n, err := node.ParseJSON([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []bool{true, true, true, false, false, false, false, false, true, true, true,
		true, false, false, false, false, true, true}
	if len(n.Items) != len(want) {
		t.Fatalf("%d items, want %d", len(n.Items), len(want))
	}
	for i, it := range n.Items {
		if got := it.PrintableASCII(); got != want[i] {
			t.Errorf("item %d (%s): PrintableASCII %v, want %v", i, node.Describe(it), got, want[i])
		}
	}
	if n.PrintableASCII() {
		t.Error("the list holding unmarked items is marked")
	}
	if v := n.Items[11].Fields[0].Value; !v.PrintableASCII() {
		t.Errorf("member value %q not marked", v.Text)
	}
	y, err := node.ParseYAML([]byte("- abc\n"))
	if err != nil {
		t.Fatal(err)
	}
	if y.PrintableASCII() || y.Items[0].PrintableASCII() {
		t.Error("a YAML value is marked: only the JSON reader knows")
	}
}

// TestMemberNamesShared: member names alike in length and first and last
// byte (one slot of the parser's recent names) are read each as itself,
// in every object, in any order.
func TestMemberNamesShared(t *testing.T) {
	t.Parallel()
	names := []string{"aXz", "aYz", "aZz", "aXz", "a.z", "aYz", "aXz"}
	var b strings.Builder
	b.WriteString("[")
	for i := range names {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"%s": %d, "%s": 0}`, names[i], i, names[(i+1)%len(names)]+"_")
	}
	b.WriteString("]")
	n, err := node.ParseJSON([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	for i, it := range n.Items {
		if got := it.Fields[0].Key; got != names[i] {
			t.Errorf("object %d: first member %q, want %q", i, got, names[i])
		}
		if got, want := it.Fields[1].Key, names[(i+1)%len(names)]+"_"; got != want {
			t.Errorf("object %d: second member %q, want %q", i, got, want)
		}
	}
}

// TestStringValuesShared: string values alike in length and first and
// last byte (one slot of the parser's recent values), and values past the
// shared length, are read each as itself, in any order.
func TestStringValuesShared(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 70)
	vals := []string{"aXz", "aYz", "aXz", "a\\u0041z", "aZz", "aYz", long + "1", long + "2", long + "1", "", "aXz"}
	want := []string{"aXz", "aYz", "aXz", "aAz", "aZz", "aYz", long + "1", long + "2", long + "1", "", "aXz"}
	n, err := node.ParseJSON([]byte(`["` + strings.Join(vals, `", "`) + `"]`))
	if err != nil {
		t.Fatal(err)
	}
	for i, it := range n.Items {
		if it.Text != want[i] {
			t.Errorf("item %d: %q, want %q", i, it.Text, want[i])
		}
	}
}
