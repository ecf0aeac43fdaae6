package awsref

import (
	"regexp"
	"strings"
	"testing"
)

func TestWildcardMatch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		p, s string
		want bool
	}{
		{"", "", true},
		{"*", "", true},
		{"*", "s3:getobject", true},
		{"s3:get*", "s3:getobject", true},
		{"s3:get*", "s3:putobject", false},
		{"*object*", "s3:getobjectacl", true},
		{"s3:*object", "s3:getobjectacl", false},
		{"s3:getobjec?", "s3:getobject", true},
		{"s3:getobjec?", "s3:getobjec", false},
		{"*:get*", "iam:getrole", true},
		{"a*b*c", "axxbyyc", true},
		{"a*b*c", "axxbyy", false},
		{"**", "x", true},
		{"?", "", false},
	}
	for _, tt := range tests {
		if got := wildcardMatch(tt.p, tt.s); got != tt.want {
			t.Errorf("wildcardMatch(%q, %q) = %v, want %v", tt.p, tt.s, got, tt.want)
		}
	}
}

// FuzzWildcardMatch checks the matcher against a regular expression.
func FuzzWildcardMatch(f *testing.F) {
	f.Add("s3:*object*", "s3:getobjectacl")
	f.Add("a*b?c", "axxbyc")
	f.Fuzz(func(t *testing.T, p, s string) {
		if !isASCII(p) || !isASCII(s) || len(p) > 64 || len(s) > 64 {
			return
		}
		var re strings.Builder
		re.WriteString(`^(?s)`)
		for _, c := range p {
			switch c {
			case '*':
				re.WriteString(".*")
			case '?':
				re.WriteString(".")
			default:
				re.WriteString(regexp.QuoteMeta(string(c)))
			}
		}
		re.WriteString("$")
		want := regexp.MustCompile(re.String()).MatchString(s)
		if got := wildcardMatch(p, s); got != want {
			t.Errorf("wildcardMatch(%q, %q) = %v, regexp says %v", p, s, got, want)
		}
	})
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func TestIntersects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		format, arn string
		want        bool
	}{
		{"arn:${Partition}:s3:::${BucketName}", "arn:aws:s3:::b", true},
		{"arn:${Partition}:s3:::${BucketName}", "arn:aws:s3:::b/k", false},
		{"arn:${Partition}:s3:::${BucketName}", "arn:aws:s3:::", false},
		{"arn:${Partition}:s3:::${BucketName}/${ObjectName}", "arn:aws:s3:::b/k/l:m", true},
		{"arn:${Partition}:s3:::${BucketName}/${ObjectName}", "arn:aws:s3:::b/", false},
		{"arn:${Partition}:s3:::${BucketName}/${ObjectName}", "*", true},
		{"arn:${Partition}:s3:::${BucketName}/${ObjectName}", "arn:*:s3:::*", true},
		{"arn:${Partition}:dms:${Region}:${Account}:rep:*", "arn:aws:dms:us-east-1:1:rep:x", true},
		{"arn:${Partition}:dms:${Region}:${Account}:rep:*", "arn:aws:dms:us-east-1:1:es:x", false},
		{"arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}", "arn:aws:iam::1:role/a/b", true},
		{"arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}", "arn:aws:iam::1:role/${aws:username}", true},
		{"arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}", "arn:aws:iam::1:role/a${*}", true},
	}
	for _, tt := range tests {
		if got := intersects(compileARNFormat(tt.format), compileARNPattern(tt.arn)); got != tt.want {
			t.Errorf("intersects(%q, %q) = %v, want %v", tt.format, tt.arn, got, tt.want)
		}
	}
}
