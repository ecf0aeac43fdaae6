package eval

import (
	"reflect"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/policy"
)

// literalFilterRunes is newLiteralFilter as it was, building each chunk
// rune by rune: the reference the substring version is held to.
func literalFilterRunes(t *policy.Template) literalFilter {
	var f literalFilter
	var cur strings.Builder
	gap := func() {
		if cur.Len() > 0 {
			f.chunks = append(f.chunks, cur.String())
			cur.Reset()
		}
	}
	parts := t.Parts
	if t.IsLiteral() {
		parts = []policy.Part{{Kind: policy.Text, Text: t.Raw}}
	}
	for _, p := range parts {
		switch p.Kind {
		case policy.Escape:
			cur.WriteString(p.Text)
		case policy.Variable:
			gap()
		case policy.Text:
			for _, r := range p.Text {
				if r == '*' || r == '?' {
					gap()
					continue
				}
				cur.WriteRune(r)
			}
		}
	}
	f.anchoredStart = startsLiteral(parts)
	f.anchoredEnd = endsLiteral(parts)
	gap()
	return f
}

// TestLiteralFilterChunks: the filter's chunks are those of reading the
// pattern rune by rune, escapes joining their neighbours, variables and
// wildcards splitting them, invalid UTF-8 read as U+FFFD.
func TestLiteralFilterChunks(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"", "*", "?", "**", "arn:aws:s3:::bucket/*", "arn:aws:s3:::b/${aws:username}/*", "a${*}b", "a${?}b${$}c",
		"*a?b*", "${aws:username}", "x${aws:PrincipalTag/team}y*z?", "arn:aws:s3:::b/\xff*\xfe\xfd", "a${*}", "${$}*${?}",
		"arn:aws:dynamodb:us-east-1:111111111111:table/t*", "日本*語?", "a${aws:userid",
	} {
		for _, vars := range []bool{true, false} {
			tmpl := policy.ParseTemplate(s, vars)
			got, want := newLiteralFilter(&tmpl), literalFilterRunes(&tmpl)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%q (variables %v): %#v, want %#v", s, vars, got, want)
			}
		}
	}
}
