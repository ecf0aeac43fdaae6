package lint

import "strings"

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
	a, b := armTokens(format, true), armTokens(value, false)
	w := len(b) + 1
	seen := make([]bool, (len(a)+1)*w)
	var visit func(i, j int) bool
	visit = func(i, j int) bool {
		if seen[i*w+j] {
			return false
		}
		seen[i*w+j] = true
		switch {
		case i == len(a) && j == len(b):
			return true
		case i < len(a) && a[i] == starTok && visit(i+1, j):
			return true
		case j < len(b) && b[j] == starTok && visit(i, j+1):
			return true
		case i == len(a) || j == len(b):
			return false
		case a[i] == starTok:
			return visit(i, j+1)
		case b[j] == starTok:
			return visit(i+1, j)
		}
		return (a[i] == b[j] || a[i] == anyTok || b[j] == anyTok) && visit(i+1, j+1)
	}
	return visit(0, 0)
}

const (
	starTok = -1
	anyTok  = -2
)

// armTokens splits a format (placeholders are ${Name}) or a value
// (wildcards and policy variables) into lower-case bytes and wildcards.
func armTokens(s string, format bool) []int {
	var out []int
	for i := 0; i < len(s); i++ {
		c := s[i]
		if strings.HasPrefix(s[i:], "${") {
			if end := strings.IndexByte(s[i:], '}'); end > 0 {
				inner := s[i+2 : i+end]
				i += end
				if !format && len(inner) == 1 && strings.Contains("*?$", inner) {
					out = append(out, int(inner[0]))
					continue
				}
				out = append(out, starTok)
				continue
			}
		}
		switch {
		case c == '*':
			out = append(out, starTok)
		case c == '?' && !format:
			out = append(out, anyTok)
		case c >= 'A' && c <= 'Z':
			out = append(out, int(c+'a'-'A'))
		default:
			out = append(out, int(c))
		}
	}
	return out
}
