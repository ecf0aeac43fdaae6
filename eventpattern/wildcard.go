package eventpattern

import (
	"fmt"
	"strings"
)

// splitWildcard splits a wildcard pattern into its literal parts: n stars
// give n+1 parts. "\*" is a literal star and "\\" a literal backslash; any
// other escape, and two consecutive stars, are errors, as in EventBridge.
func splitWildcard(s string) ([]string, error) {
	var parts []string
	var cur strings.Builder
	prevStar := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\':
			if i+1 >= len(s) || (s[i+1] != '*' && s[i+1] != '\\') {
				return nil, fmt.Errorf("wildcard %q: a backslash escapes only \"*\" or \"\\\"", s)
			}
			i++
			cur.WriteByte(s[i])
			prevStar = false
		case '*':
			if prevStar {
				return nil, fmt.Errorf("wildcard %q: consecutive \"*\" characters are not allowed", s)
			}
			parts = append(parts, cur.String())
			cur.Reset()
			prevStar = true
		default:
			cur.WriteByte(c)
			prevStar = false
		}
	}
	return append(parts, cur.String()), nil
}

// matchWildcard reports whether s matches the parts: the first is a prefix,
// the last a suffix, the ones between occur in order.
func matchWildcard(parts []string, s string) bool {
	if len(parts) == 1 {
		return s == parts[0]
	}
	first, last := parts[0], parts[len(parts)-1]
	if len(s) < len(first)+len(last) || !strings.HasPrefix(s, first) || !strings.HasSuffix(s, last) {
		return false
	}
	mid := s[len(first) : len(s)-len(last)]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(mid, p)
		if i < 0 {
			return false
		}
		mid = mid[i+len(p):]
	}
	return true
}
