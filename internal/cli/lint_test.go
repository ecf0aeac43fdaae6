package cli_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/internal/cli"
)

const lintDir = "testdata/lint/"

// lintInputs are linted together for the golden files: an error, security
// warnings, a document inside get-bucket-policy's escaped string.
var lintInputs = []string{lintDir + "scp-typo.json", lintDir + "trust-root.json", lintDir + "get-bucket-policy.json", lintDir + "clean.json"}

func TestLintGolden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		golden string
		format string
	}{
		{"lint_text.txt", "text"},
		{"lint_json.json", "json"},
		{"lint_sarif.json", "sarif"},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := run(append([]string{"lint", "--format", tt.format}, lintInputs...)...)
			if code != cli.ExitFindings || stderr != "" {
				t.Fatalf("exit %d, want %d; stderr %q", code, cli.ExitFindings, stderr)
			}
			checkGolden(t, tt.golden, stdout)
		})
	}
}

func TestLintExitCodes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string // substring; "" means stdout must be empty
		stderr string // substring; "" means stderr must be empty
	}{
		{"clean", []string{lintDir + "clean.json"}, cli.ExitOK, "", ""},
		{"clean as json", []string{"--format", "json", lintDir + "clean.json"}, cli.ExitOK, "[]", ""},
		{"error", []string{lintDir + "scp-typo.json"}, cli.ExitFindings, "error SK3001", ""},
		{"only security warnings", []string{lintDir + "trust-root.json"}, cli.ExitWarnings, "security-warning SK6001", ""},
		{"grammar error is a finding", []string{lintDir + "grammar.json"}, cli.ExitFindings, "error SK1000", ""},
		{"kind given", []string{"--kind", "identity", lintDir + "trust-root.json"}, cli.ExitFindings, "error SK1000", ""},
		{"not JSON", []string{lintDir + "clean.json", lintDir + "not-json.json"}, cli.ExitBadInput, "", "not-json.json:2:1"},
		{"missing file", []string{lintDir + "nope.json"}, cli.ExitBadInput, "", "nope.json"},
		{"directory", []string{lintDir}, cli.ExitBadInput, "error SK3001", "not-json.json"},
		{"bad kind", []string{"--kind", "bucket", lintDir + "clean.json"}, cli.ExitBadInput, "", `unknown --kind "bucket"`},
		{"bad attach", []string{"--attach", "team", lintDir + "clean.json"}, cli.ExitBadInput, "", `unknown attachment "team"`},
		{"bad format", []string{"--format", "xml", lintDir + "clean.json"}, cli.ExitBadInput, "", `unknown --format "xml"`},
		{"no file", nil, cli.ExitBadInput, "", "requires at least 1 arg"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := run(append([]string{"lint"}, tt.args...)...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stdout %q; stderr %q", code, tt.code, stdout, stderr)
			}
			if (tt.stdout == "") != (stdout == "") || !strings.Contains(stdout, tt.stdout) {
				t.Errorf("stdout %q, want it to contain %q", stdout, tt.stdout)
			}
			if (tt.stderr == "") != (stderr == "") || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stderr %q, want it to contain %q", stderr, tt.stderr)
			}
		})
	}
}

// TestLintSARIFShape checks the parts of SARIF 2.1.0 that code-scanning
// tools require, independently of the golden file.
func TestLintSARIFShape(t *testing.T) {
	t.Parallel()
	_, stdout, _ := run("lint", "--format", "sarif", lintDir+"scp-typo.json")
	var log struct {
		Schema  string `json:"$schema"`
		Version string
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string
					Rules []struct {
						ID                   string
						HelpURI              string
						DefaultConfiguration struct{ Level string }
					}
				}
			}
			Results []struct {
				RuleID    string
				RuleIndex int
				Level     string
				Message   struct{ Text string }
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine, StartColumn int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(stdout), &log); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if log.Version != "2.1.0" || !strings.Contains(log.Schema, "sarif-2.1.0") || len(log.Runs) != 1 {
		t.Fatalf("header: %q %q, %d runs", log.Version, log.Schema, len(log.Runs))
	}
	r := log.Runs[0]
	if r.Tool.Driver.Name != "sekisho" || len(r.Tool.Driver.Rules) == 0 || len(r.Results) == 0 {
		t.Fatalf("driver %q, %d rules, %d results", r.Tool.Driver.Name, len(r.Tool.Driver.Rules), len(r.Results))
	}
	for _, res := range r.Results {
		rule := r.Tool.Driver.Rules[res.RuleIndex]
		loc := res.Locations[0].PhysicalLocation
		if rule.ID != res.RuleID || rule.HelpURI == "" || res.Message.Text == "" || loc.ArtifactLocation.URI != lintDir+"scp-typo.json" || loc.Region.StartLine == 0 {
			t.Errorf("result %+v with rule %+v", res, rule)
		}
	}
}
