package node_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/internal/readfile"
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

// BenchmarkIndented: a pretty-printed file (as the AWS CLI prints, about
// half of its bytes indentation), parsed into a reused arena as a model's
// load parses each file.
func BenchmarkIndented(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("{\n    \"RoleDetailList\": [")
	for i := range 100 {
		if i > 0 {
			sb.WriteString(",")
		}
		fmt.Fprintf(&sb, `
        {
            "Arn": "arn:aws:iam::200000000000:role/app-%d",
            "AssumeRolePolicyDocument": {
                "Statement": [
                    {
                        "Action": "sts:AssumeRole",
                        "Effect": "Allow",
                        "Principal": {
                            "Service": "ec2.amazonaws.com"
                        }
                    }
                ],
                "Version": "2012-10-17"
            },
            "Tags": [
                {
                    "Key": "team",
                    "Value": "team-%d"
                }
            ]
        }`, i, i%7)
	}
	sb.WriteString("\n    ]\n}\n")
	src := []byte(sb.String())
	var a node.Arena
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := node.ParseJSONIn(src, readfile.Model, &a); err != nil {
			b.Fatal(err)
		}
		a.Reset()
	}
}

// TestIndentPositions: values after indentations of every length from 0
// to 20 spaces (skipped eight at a time), and after a tab or a carriage
// return among them, are read at their line and column, the spaces after
// a value (one at the start of a line) skipped as the value's end.
func TestIndentPositions(t *testing.T) {
	t.Parallel()
	var sb strings.Builder
	sb.WriteString("[")
	type at struct{ line, col int }
	var want []at
	for n := range 21 {
		if n > 0 {
			sb.WriteString(",")
		}
		pad := strings.Repeat(" ", n)
		switch n % 5 {
		case 3:
			pad = pad[:n/2] + "\t" + pad[n/2+1:]
		case 4:
			pad = "\r" + pad[1:]
		}
		sb.WriteString("\n" + pad + fmt.Sprintf("%d", n) + strings.Repeat(" ", 20-n))
		want = append(want, at{n + 2, n + 1})
	}
	sb.WriteString("\n]")
	n, err := node.ParseJSON([]byte(sb.String()))
	if err != nil {
		t.Fatal(err)
	}
	if len(n.Items) != len(want) {
		t.Fatalf("%d items, want %d", len(n.Items), len(want))
	}
	for i, it := range n.Items {
		if it.Text != fmt.Sprint(i) || it.Pos != (node.Pos{Line: want[i].line, Col: want[i].col}) {
			t.Errorf("item %d: %s at %v, want %d at %d:%d", i, node.Describe(it), it.Pos, i, want[i].line, want[i].col)
		}
	}
}
