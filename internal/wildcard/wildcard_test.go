package wildcard_test

import (
	"testing"

	"github.com/sekisho/sekisho/internal/wildcard"
)

func TestMatch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern, s string
		mode       wildcard.Mode
		want       bool
	}{
		{"*", "", wildcard.Plain, true},
		{"*", "anything:at/all", wildcard.Plain, true},
		{"abc", "abc", wildcard.Plain, true},
		{"abc", "ABC", wildcard.Plain, false},
		{"abc", "ABC", wildcard.Fold, true},
		{"s3:get*", "S3:GetObject", wildcard.Fold, true},
		{"s3:*object*", "s3:PutObjectAcl", wildcard.Fold, true},
		{"s3:?etObject", "s3:GetObject", wildcard.Fold, true},
		{"s3:?etObject", "s3:etObject", wildcard.Fold, false},
		{"a*b*c", "aXXbYYc", wildcard.Plain, true},
		{"a*b*c", "aXXbYY", wildcard.Plain, false},
		{"a*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", wildcard.Plain, false},
		{"??", "日本", wildcard.Plain, true},
		// ARN mode: a star inside a segment stays inside it...
		{"arn:aws:s3:::b*t", "arn:aws:s3:::bucket", wildcard.ARN, true},
		{"arn:aws:logs:us-east-1:1:log-group:a*b", "arn:aws:logs:us-east-1:1:log-group:a:b", wildcard.ARN, false},
		// ...but a star that ends a segment crosses colons.
		{"arn:aws:*", "arn:aws:s3:::bucket/key", wildcard.ARN, true},
		{"arn:aws:iam::*:role/x", "arn:aws:iam::111111111111:role/x", wildcard.ARN, true},
		{"arn:aws:logs:*:*:log-group:x*", "arn:aws:logs:us-east-1:1:log-group:x:log-stream:y", wildcard.ARN, true},
		{"arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket", wildcard.ARN, false},
		{"arn:aws:s3:::bucket*", "arn:aws:s3:::bucket", wildcard.ARN, true},
		{"arn:aws:s3:::Bucket", "arn:aws:s3:::bucket", wildcard.ARN, false},
		{"arn:aws:ec2:?s-east-1:*", "arn:aws:ec2:us-east-1:1:instance/i-1", wildcard.ARN, true},
	}
	for _, tt := range tests {
		p := wildcard.Compile(tt.pattern, tt.mode)
		if got := p.Match(tt.s); got != tt.want {
			t.Errorf("Compile(%q, %d).Match(%q) = %v, want %v", tt.pattern, tt.mode, tt.s, got, tt.want)
		}
	}
}

func TestLiteralTokens(t *testing.T) {
	t.Parallel()
	// ${*} in a policy yields a literal star that must not act as a wildcard.
	toks := []wildcard.Token{'a', wildcard.Literal('*'), 'b'}
	p := wildcard.CompileTokens("a${*}b", toks, wildcard.Plain)
	if !p.Match("a*b") || p.Match("axb") {
		t.Fatal("a literal star must match only '*'")
	}
}

func TestLongPattern(t *testing.T) {
	t.Parallel()
	long := make([]byte, 600)
	for i := range long {
		long[i] = 'a'
	}
	p := wildcard.Compile(string(long)+"*", wildcard.Plain)
	if !p.Match(string(long) + "zzz") {
		t.Fatal("long prefix pattern must match")
	}
	g := wildcard.Compile("*"+string(long)+"?", wildcard.Plain)
	if !g.Match("x" + string(long) + "y") {
		t.Fatal("long general pattern must match")
	}
}

func BenchmarkMatchGeneral(b *testing.B) {
	p := wildcard.Compile("arn:aws:s3:::*-logs/*/2024/*", wildcard.ARN)
	for b.Loop() {
		p.Match("arn:aws:s3:::prod-logs/app/2024/01/01/file.gz")
	}
}
