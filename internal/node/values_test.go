package node_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/internal/errcode"
	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/internal/readfile"
)

// small is a kind of file of at most 10 values.
var small = readfile.Limit{What: "tiny file", Max: 1 << 20, Values: 10, Why: "split it"}

// refused checks that err is the refusal of a file past small's bound,
// at pos.
func refused(t *testing.T, name string, err error, pos string) {
	t.Helper()
	var e *node.Error
	if !errors.As(err, &e) || errcode.Of(err) != errcode.Refused || e.Pos.String() != pos ||
		e.Msg != "more than 10 values, over the tiny file limit of 10 values: split it" {
		t.Errorf("%s: got %v (code %s), want SE1003 at %s, more than 10 values", name, err, errcode.Of(err), pos)
	}
}

// TestValueLimit: a file holds at most its kind's number of values, in
// JSON and YAML, whatever the values; the one past it is refused with
// SE1003 at its position, and nothing after it is read: the rest of the
// file here is not even JSON, and a syntax error there would win if the
// reader went on.
func TestValueLimit(t *testing.T) {
	t.Parallel()
	ten := `[1, "a", null, true, {"k": [{}]}, [], 2]` // 10 values
	if n, err := node.ParseJSONAs([]byte(ten), small); err != nil || len(n.Items) != 7 {
		t.Errorf("10 values: %v", err)
	}
	_, err := node.ParseJSONAs([]byte(`[1, "a", null, true, {"k": [{}]}, [], 2, 3, ]]] not JSON`), small)
	refused(t, "JSON", err, "1:42")
	_, err = node.ParseJSONAs([]byte("{\"a\": {\"b\": {\"c\": {\"d\": {\"e\": {\"f\": {\"g\": {\"h\": {\"i\": {\"j\": {\"k\": }"), small)
	refused(t, "JSON objects", err, "1:61")

	tenYAML := "- 1\n- a\n- ~\n- true\n- k: [{}]\n- []\n- 2\n"
	if _, err := node.ParseYAMLAs([]byte(tenYAML), small); err != nil {
		t.Errorf("10 YAML values: %v", err)
	}
	_, err = node.ParseYAMLAs([]byte(tenYAML+"- 3\n"), small)
	refused(t, "YAML", err, "8:3")
	// the values of every document of a stream count
	_, err = node.ParseYAMLDocumentsAs([]byte("[1, 2, 3, 4]\n---\n[5, 6, 7, 8]\n---\n[9]\n"), small)
	refused(t, "YAML stream", err, "5:1")
	// an alias's copy is values of the tree too
	_, err = node.ParseYAMLAs([]byte("a: &x [1, 2, 3]\nb: *x\nc: *x\n"), small)
	refused(t, "YAML alias", err, "1:8")

	// a streamed list counts the values of all its items
	var got []int
	_, err = node.EachJSONItemAs([]byte(`[[1, 2], [3, 4, 5], [6, 7, 8], [9, 10] `), small, func(i int, _ *node.Node) error {
		got = append(got, i)
		return nil
	})
	refused(t, "streamed list", err, "1:28")
	if fmt.Sprint(got) != "[0 1]" {
		t.Errorf("streamed list: items %v handed out, want [0 1]", got)
	}
}

// TestValueLimitDefault: parsing without a kind bounds the values too, by
// the model file's number, and every kind of file bounds its values.
func TestValueLimitDefault(t *testing.T) {
	t.Parallel()
	if node.DefaultValues() != readfile.Model.Values || readfile.Model.Values == 0 {
		t.Errorf("default bound %d, want the model file's %d", node.DefaultValues(), readfile.Model.Values)
	}
	// A kind without Values is read with the default bound, never without one.
	if _, err := node.ParseJSONAs([]byte(`[1]`), readfile.Limit{What: "file"}); err != nil {
		t.Error(err)
	}
	for _, l := range []readfile.Limit{readfile.Policy, readfile.Cases, readfile.Model, readfile.Plan, readfile.Shard, readfile.Events} {
		// denser than any real file of the kind: a value per 16 bytes (8 for a plan)
		density := int64(16)
		if l.What == readfile.Plan.What {
			density = 8
		}
		if l.Values <= 0 || int64(l.Values) < l.Max/density {
			t.Errorf("%s: %d values for %d bytes, want at least one per %d bytes", l.What, l.Values, l.Max, density)
		}
	}
}

// TestYAMLSizeLimit: YAML past MaxYAMLBytes is refused before yaml.v3
// reads it (it builds its whole tree before a value can be counted).
func TestYAMLSizeLimit(t *testing.T) {
	defer node.SetMaxYAMLBytes(16)()
	if _, err := node.ParseYAML([]byte("[a, b, c, d, e]\n")); err != nil { // 16 bytes
		t.Errorf("16 bytes: %v", err)
	}
	for name, parse := range map[string]func([]byte) error{
		"ParseYAML":          func(b []byte) error { _, err := node.ParseYAML(b); return err },
		"ParseYAMLDocuments": func(b []byte) error { _, err := node.ParseYAMLDocuments(b); return err },
		"ParseYAMLAs":        func(b []byte) error { _, err := node.ParseYAMLAs(b, readfile.Cases); return err },
	} {
		err := parse([]byte("[a, b, c, d, ef]\n"))
		if errcode.Of(err) != errcode.Refused || !strings.Contains(err.Error(), "17 bytes of YAML, over the YAML limit of 16 bytes") {
			t.Errorf("%s: 17 bytes: %v", name, err)
		}
	}
}

// TestCheckJSONValues: the byte scan that bounds the values of JSON read
// by another decoder counts them as the JSON reader does, on tricky texts
// and on every JSON file of testdata: a bound of n values refuses a file
// of n+1 at the same position, and JSON lines count together.
func TestCheckJSONValues(t *testing.T) {
	t.Parallel()
	check := func(name string, src []byte) {
		n, err := node.ParseJSON(src)
		if err != nil {
			return
		}
		c := countJSON(n)
		if got := node.JSONValues(src); got != c {
			t.Errorf("%s: %d values scanned, %d read", name, got, c)
			return
		}
		if l := (readfile.Limit{What: "f", Values: c - 1, Why: "w"}); c > 1 { // 0: the default bound
			_, want := node.ParseJSONAs(src, l)
			if got := node.CheckJSONValues(src, l); fmt.Sprint(got) != fmt.Sprint(want) || errcode.Of(got) != errcode.Refused {
				t.Errorf("%s: %v, want %v", name, got, want)
			}
		}
		if err := node.CheckJSONValues(src, readfile.Limit{What: "f", Values: c}); err != nil {
			t.Errorf("%s: %v at the bound", name, err)
		}
	}
	for _, s := range []string{`1`, `"a"`, `[]`, `{}`, `{"a" : "b"}`, `["a\"", "é:", -1.5e3, true, null]`, "{\"k\\\\\":\n [{\"x\": {}}]}", `[{"":""}]`} {
		check(s, []byte(s))
	}
	if n := node.JSONValues([]byte("{\"a\": 1}\n[2, 3]\n\"x\"")); n != 6 {
		t.Errorf("JSON lines: %d values, want 6", n)
	}
	eachRepoFile([]string{"../../testdata"}, []string{".json"}, 2000, check)
}

// countJSON is the values of a tree read from JSON (member names are not).
func countJSON(n *node.Node) int { return treeValues(n, 0) }

// treeValues is the values of a tree, each member name counted as perName
// values (0 for the JSON reader's count, 1 for yaml.v3's tree, whose keys
// are nodes).
func treeValues(n *node.Node, perName int) int {
	c := 1
	for _, it := range n.Items {
		c += treeValues(it, perName)
	}
	for _, f := range n.Fields {
		c += perName + treeValues(f.Value, perName)
	}
	return c
}

// eachRepoFile calls f with the name and bytes of each file under roots
// whose name ends in one of suffixes, at most max of them (0: all).
func eachRepoFile(roots, suffixes []string, max int, f func(name string, src []byte)) {
	files := 0
	for _, root := range roots {
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || (max > 0 && files >= max) || !hasAnySuffix(p, suffixes) {
				return nil
			}
			if src, err := os.ReadFile(p); err == nil {
				files++
				f(p, src)
			}
			return nil
		})
	}
}

func hasAnySuffix(s string, suffixes []string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}

// TestStringDocumentValues: the documents a file's strings hold (JSON, or
// URL-encoded JSON, as AWS CLI output and Terraform plans hold policies)
// count toward the file's bound of values, in JSON and YAML; the string
// that passes it is refused with SE1003 at its position. A parse without
// a kind does not count them.
func TestStringDocumentValues(t *testing.T) {
	t.Parallel()
	doc := `{\"Statement\": [{\"Action\": [\"a\", \"b\"]}]}` // 6 values
	four := `{"P": "` + doc + `", "Q": "x"}`                 // 3 values, 9 with the document
	if _, err := node.ParseJSONAs([]byte(four), small); err != nil {
		t.Errorf("9 values: %v", err)
	}
	for name, src := range map[string]string{
		"JSON":        `{"P": "` + doc + `", "Q": " {\"a\": 1}"}`,
		"URL-encoded": `{"P": "` + doc + `", "Q": "%7B%22a%22%3A1%7D"}`,
	} {
		_, err := node.ParseJSONAs([]byte(src), small)
		if errcode.Of(err) != errcode.Refused || !strings.HasPrefix(fmt.Sprint(err), "1:63: more than 10 values with those of the policy documents its strings hold (this string's: 2)") {
			t.Errorf("%s: %v", name, err)
		}
		if _, err := node.ParseJSON([]byte(src)); err != nil {
			t.Errorf("%s without a kind: %v", name, err)
		}
	}
	// Strings without an escape: the parser's note that a string may
	// hold a document is taken on both of its paths.
	plain := `{"P": "%7B%22Statement%22%3A%5B%7B%22Action%22%3A%5B%22a%22%2C%22b%22%5D%7D%5D%7D", "Q": "%7B%22a%22%3A1%7D"}`
	at := fmt.Sprintf("1:%d: more than 10 values with those of the policy documents its strings hold (this string's: 2)", strings.LastIndex(plain, `"%7B`)+1)
	if _, err := node.ParseJSONAs([]byte(plain), small); errcode.Of(err) != errcode.Refused || !strings.HasPrefix(fmt.Sprint(err), at) {
		t.Errorf("URL-encoded without an escape: %v, want %s", err, at)
	}
	_, err := node.ParseYAMLAs([]byte("P: '"+strings.ReplaceAll(doc, `\"`, `"`)+"'\nQ: '{\"a\": 1}'\n"), small)
	if errcode.Of(err) != errcode.Refused || !strings.HasPrefix(fmt.Sprint(err), "2:4: more than 10 values") {
		t.Errorf("YAML: %v", err)
	}
}
