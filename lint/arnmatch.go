package lint

import (
	"strings"

	"github.com/sekisho/sekisho/internal/wildcard"
)

// arnIntersects reports whether some ARN matches both a reference ARN
// format ("arn:${Partition}:ssm:${Region}:${Account}:document/${DocumentName}")
// and a policy's Resource value ("arn:aws:ssm:*::document/AWS-*").
//
// It is deliberately lenient, because a mismatch is reported: a format's
// placeholder matches any text, empty or not, with '/' and ':' (real names
// hold them: log groups "/aws/eks/x", SSM service settings
// "ssm/opsdata/x", Glue tables "aws:cloudtrail"; AWS-owned SSM documents
// have an empty account), a '*' of the value matches any text, a '?' one
// character, a policy variable any text, and letters compare without case.
// So only the literal parts decide: the service, and the resource type's
// prefix such as "document/" or "table/".
func arnIntersects(format, value string) bool {
	return wildcard.Intersects(armTokens(format, true), armTokens(value, false))
}

var (
	star = wildcard.GlobToken{Set: wildcard.AnyByte, Repeat: true}
	one  = wildcard.GlobToken{Set: wildcard.AnyByte}
)

func lit(c byte) wildcard.GlobToken { return wildcard.GlobToken{Set: wildcard.Byte(c)} }

// armTokens splits a format (placeholders are ${Name}) or a value
// (wildcards and policy variables) into lower-case bytes and wildcards.
func armTokens(s string, format bool) []wildcard.GlobToken {
	var out []wildcard.GlobToken
	for i := 0; i < len(s); i++ {
		c := s[i]
		if strings.HasPrefix(s[i:], "${") {
			if end := strings.IndexByte(s[i:], '}'); end > 0 {
				inner := s[i+2 : i+end]
				i += end
				if !format && len(inner) == 1 && strings.Contains("*?$", inner) {
					out = append(out, lit(inner[0]))
					continue
				}
				out = append(out, star)
				continue
			}
		}
		switch {
		case c == '*':
			out = append(out, star)
		case c == '?' && !format:
			out = append(out, one)
		case c >= 'A' && c <= 'Z':
			out = append(out, lit(c+'a'-'A'))
		default:
			out = append(out, lit(c))
		}
	}
	return out
}
