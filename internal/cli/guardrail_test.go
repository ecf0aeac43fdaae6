package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/guardrail"
	"github.com/sekisho/sekisho/internal/cli"
)

func TestGuardrailGolden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		golden string
		args   []string
	}{
		{"guardrail_list.txt", []string{"guardrail", "--list"}},
		{"guardrail_region_lock.json", []string{"guardrail", "region-lock", "--param", "regions=ap-northeast-1"}},
		{"guardrail_pin_both_tests.yaml", []string{"guardrail", "instance-credentials-pin", "--param", "key=both", "--tests"}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := run(tt.args...)
			if code != cli.ExitOK || stderr != "" {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			checkGolden(t, tt.golden, stdout)
		})
	}
}

// TestGuardrailSuitesPassSekishoTest writes each guardrail's suite to a
// file and runs `sekisho test` on it, as a user would.
func TestGuardrailSuitesPassSekishoTest(t *testing.T) {
	t.Parallel()
	params := map[string][]string{
		"endpoint-own-principals": {"--param", "accounts=111111111111", "--param", "public-buckets=amazonlinux-2-repos-ap-northeast-1"},
		"endpoint-own-resources":  {"--param", "org=o-a1b2c3d4e5"},
		"region-lock":             {"--param", "scope=scp", "--param", "regions=eu-central-1,eu-west-1"},
		"require-imdsv2":          {"--param", "hop-limit=1"},
	}
	dir := t.TempDir()
	for _, name := range guardrail.Names() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			args := append([]string{"guardrail", name, "--tests"}, params[name]...)
			code, suite, stderr := run(args...)
			if code != cli.ExitOK {
				t.Fatalf("guardrail: exit %d: %s", code, stderr)
			}
			file := filepath.Join(dir, name+".yaml")
			if err := os.WriteFile(file, []byte(suite), 0o644); err != nil {
				t.Fatal(err)
			}
			code, out, stderr := run("test", file)
			if code != cli.ExitOK || !strings.HasSuffix(out, " passed, 0 failed\n") {
				t.Errorf("sekisho test: exit %d\n%s%s", code, out, stderr)
			}
		})
	}
}

func TestGuardrailBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args   []string
		stderr string
	}{
		{[]string{"guardrail"}, "expected a guardrail name: one of endpoint-own-principals"},
		{[]string{"guardrail", "nope"}, `unknown guardrail "nope"`},
		{[]string{"guardrail", "region-lock", "--param", "regions"}, `--param "regions": expected KEY=VALUE`},
		{[]string{"guardrail", "region-lock", "--param", "regions=a", "--param", "regions=b"}, "given twice"},
		{[]string{"guardrail", "region-lock", "--param", "regions=tokyo"}, `parameter regions: got "tokyo"`},
		{[]string{"guardrail", "endpoint-own-resources"}, "expected --param accounts="},
		{[]string{"guardrail", "--list", "region-lock"}, "--list takes no guardrail name"},
	}
	for _, tt := range tests {
		code, stdout, stderr := run(tt.args...)
		if code != cli.ExitBadInput || stdout != "" || !strings.Contains(stderr, tt.stderr) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and %q", tt.args, code, stdout, stderr, tt.stderr)
		}
	}
}
