package node_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/internal/errcode"
	"github.com/sekisho/sekisho/internal/node"
)

// TestSurrogateEscapes: \uXXXX escapes decode as RFC 8259 section 7 and
// encoding/json read them. A lone surrogate is U+FFFD and never swallows
// the escape after it.
func TestSurrogateEscapes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ src, want string }{
		{`"\ud800\u002a"`, "\uFFFD*"},
		{`"\ud83d\ude00"`, "\U0001F600"},
		{`"\ude00\ud83d"`, "\uFFFD\uFFFD"},
		{`"\ud800\ud800\udc00"`, "\uFFFD\U00010000"},
		{`"\ud800"`, "\uFFFD"},
		{`"\ud800x"`, "\uFFFDx"},
		{`"\ud800\n"`, "\uFFFD\n"},
		{`"a\udbff\udfffb"`, "a\U0010FFFFb"},
	} {
		t.Run(tc.src, func(t *testing.T) {
			t.Parallel()
			n, err := node.ParseJSON([]byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			var std string
			if err := json.Unmarshal([]byte(tc.src), &std); err != nil {
				t.Fatal(err)
			}
			if n.Text != tc.want || std != tc.want {
				t.Errorf("got %q, encoding/json %q, want %q", n.Text, std, tc.want)
			}
		})
	}
}

func manyKeys(n int, yaml bool, dupAtEnd bool) []byte {
	var b strings.Builder
	if !yaml {
		b.WriteString("{")
	}
	for i := range n {
		k := fmt.Sprintf("k%d", i)
		if dupAtEnd && i == n-1 {
			k = "k0"
		}
		if yaml {
			fmt.Fprintf(&b, "%s: 1\n", k)
			continue
		}
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "%q:1", k)
	}
	if !yaml {
		b.WriteString("}")
	}
	return []byte(b.String())
}

// TestDuplicateKeysLinear: duplicate detection in an object of 100,000
// members takes a number of steps linear in the members (it was quadratic:
// 5e9 comparisons), and still finds the duplicate.
func TestDuplicateKeysLinear(t *testing.T) {
	t.Parallel()
	const n = 100_000
	for _, yaml := range []bool{false, true} {
		t.Run(fmt.Sprintf("yaml=%v", yaml), func(t *testing.T) {
			t.Parallel()
			steps, err := node.KeyProbes(manyKeys(n, yaml, false), yaml)
			if err != nil {
				t.Fatal(err)
			}
			if steps > 2*n {
				t.Errorf("%d steps for %d keys: want at most %d", steps, n, 2*n)
			}
			_, err = node.KeyProbes(manyKeys(n, yaml, true), yaml)
			if err == nil || !strings.Contains(err.Error(), `duplicate`) || !strings.Contains(err.Error(), `"k0"`) {
				t.Errorf("repeated key: got %v, want a duplicate error naming k0", err)
			}
		})
	}
}

// TestYAMLAliasBomb: nested aliases that would expand to 10^9 nodes are
// refused once expansion has built MaxAliasNodes nodes.
func TestYAMLAliasBomb(t *testing.T) {
	t.Parallel()
	src := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	prev := "a"
	for _, name := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		src += fmt.Sprintf("%s: &%s [*%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s]\n", name, name, prev, prev, prev, prev, prev, prev, prev, prev, prev, prev)
		prev = name
	}
	_, err := node.ParseYAML([]byte(src))
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("more than %d nodes", node.MaxAliasNodes)) {
		t.Fatalf("alias bomb of %d bytes: got %v, want the alias budget error", len(src), err)
	}
	// Aliases within the budget are expanded as before.
	n, err := node.ParseYAML([]byte("a: &a {k: v}\nb: *a\n"))
	if err != nil || n.Get("b").Get("k").Text != "v" {
		t.Fatalf("plain alias: %v", err)
	}
}

// TestYAMLDocuments: ParseYAML refuses a stream of several documents (the
// rest would be lost); ParseYAMLDocuments returns each. A bare trailing
// "---" holds nothing and is not a document.
func TestYAMLDocuments(t *testing.T) {
	t.Parallel()
	two := []byte("a: 1\n---\nb: 2\n")
	if _, err := node.ParseYAML(two); err == nil || !strings.Contains(err.Error(), "2 YAML documents") || !strings.HasPrefix(err.Error(), "3:1:") {
		t.Errorf("ParseYAML of two documents: got %v, want an error at 3:1 naming 2 documents", err)
	}
	docs, err := node.ParseYAMLDocuments(two)
	if err != nil || len(docs) != 2 || docs[1].Get("b") == nil {
		t.Errorf("ParseYAMLDocuments: %d documents, %v", len(docs), err)
	}
	if n, err := node.ParseYAML([]byte("a: 1\n---\n")); err != nil || n.Get("a") == nil {
		t.Errorf("trailing ---: %v", err)
	}
	if _, err := node.ParseYAML([]byte("a: 1\n---\n~\n")); err == nil {
		t.Error("an explicit null document after the first was accepted")
	}
}

// TestYAMLDocumentLimit: a stream of more than MaxYAMLDocuments documents
// (empty ones too) is refused at the first past the limit, not decoded to
// its end; a stream at the limit is read.
func TestYAMLDocumentLimit(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		doc   string
		parse func([]byte) error
	}{
		{"--- a\n", func(src []byte) error { _, err := node.ParseYAMLDocuments(src); return err }},
		{"---\n", func(src []byte) error { _, err := node.ParseYAML(src); return err }},
	} {
		src := []byte(strings.Repeat(tc.doc, node.MaxYAMLDocuments+1) + strings.Repeat("--- {", 1<<14)) // under MaxYAMLBytes and MaxYAMLTokens
		err := tc.parse(src)
		want := fmt.Sprintf("%d:1: the file holds more than 100000 YAML documents (separated by ---): split it into several files", node.MaxYAMLDocuments+1)
		if err == nil || err.Error() != want || errcode.Of(err) != errcode.Syntax {
			t.Errorf("%q stream: got %v, want %s", tc.doc, err, want)
		}
	}
	docs, err := node.ParseYAMLDocuments([]byte(strings.Repeat("--- a\n", node.MaxYAMLDocuments)))
	if err != nil || len(docs) != node.MaxYAMLDocuments {
		t.Errorf("at the limit: %d documents, %v", len(docs), err)
	}
}

// TestStringLimit: a string longer than MaxString is refused, in JSON and
// YAML, without building it further.
func TestStringLimit(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", node.MaxString+1)
	for name, parse := range map[string]func([]byte) (*node.Node, error){
		"json": node.ParseJSON, "yaml": node.ParseYAML,
	} {
		_, err := parse([]byte(`["` + long + `"]`))
		if err == nil || !strings.Contains(err.Error(), "string longer than") {
			t.Errorf("%s: got %v, want the string limit error", name, err)
		}
		if _, err := parse([]byte(`["` + long[:node.MaxString] + `"]`)); err != nil {
			t.Errorf("%s: a string of exactly MaxString bytes: %v", name, err)
		}
	}
}

// TestStringLimitPosition: the limit error points at the first byte past
// the limit, escapes counted as the bytes they stand for, however the
// string is scanned.
func TestStringLimitPosition(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		src string
		col int
	}{
		{`"` + strings.Repeat("a", node.MaxString+5) + `"`, node.MaxString + 3},
		{`"\n` + strings.Repeat("a", node.MaxString+5) + `"`, node.MaxString + 4},
		{`"` + strings.Repeat("a", node.MaxString-1) + `\n\n\n"`, node.MaxString + 5},
		{`"é` + strings.Repeat("a", node.MaxString+5) + `"`, node.MaxString + 2},
	} {
		_, err := node.ParseJSON([]byte(tc.src))
		var e *node.Error
		if !errors.As(err, &e) || !strings.Contains(e.Msg, "string longer than") || e.Pos.Line != 1 || e.Pos.Col != tc.col {
			t.Errorf("%.12q...: %v, want the string limit error at 1:%d", tc.src, err, tc.col)
		}
	}
}
