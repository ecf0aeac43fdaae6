package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestErrorCodes: bad input is reported with its stable code
// (docs/errors.md) after "sekisho: error".
func TestErrorCodes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, src string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"syntax", []string{"test", write("syntax.json", `{"name": `)}, "sekisho: error SE1001: "},
		{"schema", []string{"test", write("schema.json", `{"name": "a", "request": {"action": "s3:GetObject"}, "bogus": 1}`)}, "sekisho: error SE1002: "},
		{"request", []string{"test", write("request.json", `{"name": "a", "request": {"principal": "anonymous", "action": "s3:Get*"}, "expect": "Allow"}`)}, "sekisho: error SE2001: "},
		{"missing file", []string{"test", filepath.Join(dir, "none.json")}, "sekisho: error SE1004: "},
		{"usage", []string{"test", "--no-such-flag", "x"}, "sekisho: error SE4001: "},
		{"instance not in the model", []string{"leak", "--model", seedModel("000-instance-credentials"), "i-0000000000nothere"}, "sekisho: error SE3002: "},
		{"account not in the model", []string{"whatcan", "--model", seedModel("000-instance-credentials"), "arn:aws:iam::999999999999:role/nobody"}, "sekisho: error SE3002: "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, _, errOut := run(tc.args...)
			if code != 2 || !strings.HasPrefix(errOut, tc.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, errOut, tc.want)
			}
		})
	}
}
