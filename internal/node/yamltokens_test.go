package node_test

import (
	"strings"
	"testing"
	"time"

	"github.com/sekisho/sekisho/internal/errcode"
	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/internal/readfile"
)

// TestYAMLTokenLimit: a YAML file under MaxYAMLBytes but made of tiny
// values is refused by the token scan, before yaml.v3 builds its tree:
// at the real bounds, 4 MiB of one-letter values (2 million, under the
// model file's 8 million) took 9 s of CPU and 630 MiB to read.
func TestYAMLTokenLimit(t *testing.T) {
	src := []byte("[" + strings.Repeat("a,", node.MaxYAMLBytes/2-2) + "a]\n")
	if len(src) > node.MaxYAMLBytes {
		t.Fatalf("%d bytes, over the YAML bound", len(src))
	}
	start := time.Now()
	_, err := node.ParseYAMLAs(src, readfile.Model)
	want := "1:262145: more than 262144 YAML tokens (values, keys, indicators, words of comments and text), over the YAML limit of 262144 tokens: split it into several files, or write it as JSON"
	if errcode.Of(err) != errcode.Refused || err.Error() != want {
		t.Errorf("4 MiB of one-letter values: %v (code %s), want SE1003 %q", err, errcode.Of(err), want)
	}
	if d := time.Since(start); d > 5*time.Second { // the refusal scans bytes: milliseconds
		t.Errorf("refusing took %v", d)
	}

	defer node.SetMaxYAMLTokens(6)()
	if _, err := node.ParseYAML([]byte("{a: [b]}\n")); err != nil { // 6 tokens
		t.Errorf("6 tokens: %v", err)
	}
	_, err = node.ParseYAMLDocuments([]byte("a: [b]\n---\nc: d ééé\n"))
	if errcode.Of(err) != errcode.Refused || !strings.HasPrefix(err.Error(), "3:4: more than 6 YAML tokens") {
		t.Errorf("7 tokens (the 7th the d): %v", err)
	}
}

// TestYAMLTokensBoundValues: the scan never counts fewer than a third of
// the values yaml.v3 would build (before aliases), on tricky documents
// and on every YAML file of the repository, so a file within the token
// bound holds at most three times as many values; and the repository's
// files are far within the bound.
func TestYAMLTokensBoundValues(t *testing.T) {
	t.Parallel()
	check := func(name string, src []byte) {
		docs, err := node.ParseYAMLDocuments(src)
		if err != nil {
			return
		}
		values := 0
		for _, d := range docs {
			values += treeValues(d, 1) // a key is a value of yaml.v3's tree
		}
		if tok := node.YAMLTokens(src); values > 3*tok || tok > node.MaxYAMLTokens/16 {
			t.Errorf("%s: %d values, %d tokens", name, values, tok)
		}
	}
	for _, s := range []string{"a:\n b:\n  c:\n", "- - - -\n", "{a, b, c}\n", "{a: , b: }\n", "[{}, [], {a: }]\n",
		"? a\n: b\n", "a: |\n  x y\n", "- a:\n  b:\n- c\n", "!!map {}\n", "&x [a]\n", "'a b': \"c, d\"\n", "[a:]\n"} {
		check(s, []byte(s))
	}
	eachRepoFile([]string{"../../testdata", "../../examples"}, []string{".yaml", ".yml"}, 0, check)
}
