package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTestErrorOrder: sekisho test decides each case as soon as it is
// read, and reports the first error met in that order: a case that cannot be decided (its model is
// missing) before a syntax error further on, a syntax error before a case
// that comes after it, and the passing cases before them change nothing.
func TestTestErrorOrder(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ok := `{"name":"ok-%d","request":{"principal":"arn:aws:iam::111111111111:user/a","action":"s3:GetObject","resource":"arn:aws:s3:::b/k"},"policies":{"identity":[{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}]},"expect":"Allow"}`
	var passing []string
	for i := range 300 {
		passing = append(passing, strings.ReplaceAll(ok, "%d", string(rune('a'+i%26))+strings.Repeat("x", i/26)))
	}
	missingModel := `{"name":"needs-a-model","model":"no-such-model","request":{"principal":"arn:aws:iam::111111111111:user/a","action":"s3:GetObject","resource":"arn:aws:s3:::b/k"},"expect":"Allow"}`
	for _, tc := range []struct {
		name, src, want string
		code            int
	}{
		{"all-pass", "[" + strings.Join(passing, ",") + "]", "300 passed, 0 failed", 0},
		{"undecidable-then-syntax", "[" + strings.Join(passing, ",") + "," + missingModel + "," + passing[0] + ", oops]", "no-such-model", 2},
		{"syntax-then-undecidable", "[" + strings.Join(passing, ",") + ", oops," + missingModel + "]", "expected a JSON value", 2},
		{"duplicate-name", "[" + strings.Join(passing, ",") + "," + passing[7] + "]", "duplicate case name", 2},
	} {
		file := filepath.Join(dir, tc.name+".json")
		if err := os.WriteFile(file, []byte(tc.src), 0o600); err != nil {
			t.Fatal(err)
		}
		code, out, errOut := run("test", file)
		if code != tc.code || !strings.Contains(out+errOut, tc.want) {
			t.Errorf("%s: exit %d, want %d with %q:\n%s%s", tc.name, code, tc.code, tc.want, tail(out), errOut)
		}
	}
}

func tail(s string) string { return s[max(0, len(s)-300):] }
