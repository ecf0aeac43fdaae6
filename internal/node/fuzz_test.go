package node_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/sekisho/sekisho/internal/node"
)

// FuzzParseJSON: never panic; accept only valid JSON; when encoding/json
// accepts the input, so do we, unless an object repeats a member name or
// the nesting is deeper than our limit, or a string is not UTF-8 (which
// encoding/json accepts and we reject: policies are UTF-8 text), or longer
// than MaxString. What we accept decodes to the same values as with
// encoding/json (escapes, surrogates included).
func FuzzParseJSON(f *testing.F) {
	f.Add([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`))
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
		}
	})
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
