package node_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sekisho/sekisho/internal/node"
)

// FuzzParseJSON: never panic; accept only valid JSON; when encoding/json
// accepts the input, so do we, unless an object repeats a member name or
// the nesting is deeper than our limit, or a string is not UTF-8 (which
// encoding/json accepts and we reject: policies are UTF-8 text), or longer
// than MaxString. What we accept decodes to the same values as with
// encoding/json (escapes, surrogates included), and every value and
// member name is at its line and column (checkPositions).
func FuzzParseJSON(f *testing.F) {
	f.Add([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`))
	f.Add([]byte("{\n \"é\": [\n          \"日本\", 1,\n  {\"k\":\t\"\\u00e9x\"}],\r\n\"b\": \"ab\"}"))
	f.Add([]byte(`[1, -2.5e3, true, false, null, "a\u00e9\ud83d\ude00"]`))
	f.Add([]byte(`"\ud800\u002a"`))
	f.Fuzz(func(t *testing.T, src []byte) {
		n, err := node.ParseJSON(src)
		valid := json.Valid(src)
		if err == nil && !valid {
			t.Fatalf("accepted invalid JSON %q", src)
		}
		if err != nil && valid {
			e, ok := err.(*node.Error)
			if !ok || !(contains(e.Msg, "duplicate member") || contains(e.Msg, "nesting deeper") || contains(e.Msg, "invalid UTF-8") || contains(e.Msg, "string longer than")) {
				t.Fatalf("rejected valid JSON %q: %v", src, err)
			}
		}
		if err == nil && n == nil {
			t.Fatal("nil node without error")
		}
		if err == nil {
			dec := json.NewDecoder(bytes.NewReader(src))
			dec.UseNumber()
			var want any
			if err := dec.Decode(&want); err != nil {
				t.Fatalf("encoding/json: %v", err)
			}
			if got := plain(n); !reflect.DeepEqual(got, want) {
				t.Fatalf("%q decodes to %#v, encoding/json to %#v", src, got, want)
			}
			checkPositions(t, src, n)
		}
	})
}

// checkPositions fails unless each value of n, and each member name, is
// at its Pos in src (a line, then a column counting characters, from 1):
// the byte there starts a value of its kind, or the name's quote, and
// the places are in the order of the tree.
func checkPositions(t *testing.T, src []byte, n *node.Node) {
	t.Helper()
	last := -1
	var walk func(v *node.Node)
	at := func(p node.Pos, first string) {
		off, line := 0, 1
		for line < p.Line {
			i := bytes.IndexByte(src[off:], '\n')
			if i < 0 {
				t.Fatalf("%q: position %v past the last line", src, p)
			}
			off, line = off+i+1, line+1
		}
		for col := 1; col < p.Col && off < len(src) && src[off] != '\n'; col++ {
			_, size := utf8.DecodeRune(src[off:])
			off += size
		}
		if off <= last || off >= len(src) || !strings.ContainsRune(first, rune(src[off])) {
			t.Fatalf("%q: position %v (offset %d, the last %d) is not that of a value starting with one of %q", src, p, off, last, first)
		}
		last = off
	}
	walk = func(v *node.Node) {
		at(v.Pos, map[node.Kind]string{node.Null: "n", node.Bool: "tf", node.Number: "-0123456789", node.String: `"`, node.Array: "[", node.Object: "{"}[v.Kind])
		for _, it := range v.Items {
			walk(it)
		}
		for _, f := range v.Fields {
			at(f.KeyPos, `"`)
			walk(f.Value)
		}
	}
	walk(n)
}

// plain converts a tree to the values encoding/json decodes (UseNumber).
func plain(n *node.Node) any {
	switch n.Kind {
	case node.Null:
		return nil
	case node.Bool:
		return n.Text == "true"
	case node.Number:
		return json.Number(n.Text)
	case node.String:
		return n.Text
	case node.Array:
		out := make([]any, len(n.Items))
		for i, it := range n.Items {
			out[i] = plain(it)
		}
		return out
	}
	out := make(map[string]any, len(n.Fields))
	for _, f := range n.Fields {
		out[f.Key] = plain(f.Value)
	}
	return out
}

// FuzzParseYAML: never panic. Most seeds are whole case files (4-23 KB),
// and the fuzzer minimises each new input it finds interesting, one
// execution per byte removed or replaced, for up to -fuzzminimizetime
// (60 s by default) without counting them: a run seems stalled (4,454
// execs in 60 s here, every one in the first 3 s) while it minimises.
// With -fuzzminimizetime 0 the same minute made 711,647 execs; no input
// of that corpus parses super-linearly.
func FuzzParseYAML(f *testing.F) {
	f.Add([]byte("name: a\nrequest: {principal: x, action: 's3:GetObject'}\n"))
	f.Add([]byte("- &a [*a]\n"))
	f.Add([]byte("a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n---\nname: second\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		n, err := node.ParseYAML(src)
		docs, derr := node.ParseYAMLDocuments(src)
		if err == nil && (derr != nil || len(docs) != 1 || n == nil) {
			t.Fatalf("ParseYAML accepted %q, ParseYAMLDocuments: %d documents, %v", src, len(docs), derr)
		}
	})
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
