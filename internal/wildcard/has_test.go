package wildcard

import (
	"strings"
	"testing"
)

// HasWildcard tells what strings.ContainsAny(s, "*?") tells.
func TestHasWildcard(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "s3:GetObject", "s3:Get*", "s3:?et", "*", "?", "a b", "ü*", "\xff?", "s3:Get\u2217"} {
		if got, want := HasWildcard(s), strings.ContainsAny(s, "*?"); got != want {
			t.Errorf("HasWildcard(%q) = %v, want %v", s, got, want)
		}
	}
}
