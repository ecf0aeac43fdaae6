package cli_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"gopkg.in/yaml.v3"
)

// binDir holds the sekisho binary built for the tests; TestMain removes it.
var binDir string

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// sekishoBinary builds cmd/sekisho once for the tests that run it as a
// program (the GitHub Action's script).
var sekishoBinary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "sekisho-bin")
	if err != nil {
		return "", err
	}
	binDir = dir
	bin := filepath.Join(dir, "sekisho")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/sekisho/sekisho/cmd/sekisho").CombinedOutput()
	if err != nil {
		return "", &exec.Error{Name: "go build: " + string(out), Err: err}
	}
	return bin, nil
})

// TestPlanActionScript runs the action's run step, scripts/plan-action.sh,
// as action.yml runs it: on the test plans, with each fail-on policy; it
// prints the text review, writes SARIF and sets the step's outputs.
func TestPlanActionScript(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Fatal("bash is needed to run the action's script:", err)
	}
	bin, err := sekishoBinary()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, plan, failOn string
		code               int
		output             string // in the log
		sarif              bool
	}{
		{"new access fails", "bucket-policy-replace.json", "", 3, "new access (allowed as planned, denied before): 3 action(s)", true},
		{"errors only", "bucket-policy-replace.json", "errors", 0, "anonymous (an anonymous caller)", true},
		{"report only", "bucket-policy-replace.json", "never", 0, "summary: 3 new access", true},
		{"clean plan", "narrowing.json", "", 0, "summary: 0 new access", true},
		{"broken plan", "broken-syntax.json", "never", 2, "::error file=", false},
		{"bad fail-on", "narrowing.json", "sometimes", 2, "fail-on must be findings, errors or never", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			sarif, outputs := filepath.Join(dir, "out.sarif"), filepath.Join(dir, "github-output")
			cmd := exec.Command("bash", filepath.Join("..", "..", "scripts", "plan-action.sh"))
			cmd.Env = append(os.Environ(), "SEKISHO_BIN="+bin, "SEKISHO_PLAN="+planDir+tt.plan, "SEKISHO_SARIF="+sarif,
				"SEKISHO_FAIL_ON="+tt.failOn, "GITHUB_OUTPUT="+outputs, "SEKISHO_ARGS=--format text")
			out, _ := cmd.CombinedOutput()
			if got := cmd.ProcessState.ExitCode(); got != tt.code {
				t.Fatalf("exit %d, want %d\n%s", got, tt.code, out)
			}
			if !strings.Contains(string(out), tt.output) {
				t.Errorf("log lacks %q\n%s", tt.output, out)
			}
			if !tt.sarif {
				return
			}
			var log struct {
				Version string
				Runs    []struct{ Results []struct{ RuleID string } }
			}
			src, err := os.ReadFile(sarif)
			if err != nil || json.Unmarshal(src, &log) != nil || log.Version != "2.1.0" {
				t.Fatalf("SARIF %s: %v\n%s", sarif, err, src)
			}
			if o, err := os.ReadFile(outputs); err != nil || !strings.Contains(string(o), "sarif="+sarif) || !strings.Contains(string(o), "exit-code=") {
				t.Errorf("step outputs: %q %v", o, err)
			}
		})
	}
}

// TestActionYAML: action.yml is a composite action that installs sekisho
// from its own source, runs the tested script and uploads the SARIF.
func TestActionYAML(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile(filepath.Join("..", "..", "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var action struct {
		Inputs map[string]struct {
			Required bool
		}
		Runs struct {
			Using string
			Steps []struct {
				ID, Run, Uses, If string
				Env               map[string]string
			}
		}
	}
	if err := yaml.Unmarshal(src, &action); err != nil {
		t.Fatal(err)
	}
	if action.Runs.Using != "composite" || !action.Inputs["plan"].Required {
		t.Fatalf("got %+v", action)
	}
	var uses, runs []string
	for _, s := range action.Runs.Steps {
		uses = append(uses, s.Uses)
		runs = append(runs, s.Run)
		if s.ID == "review" && s.Env["SEKISHO_PLAN"] != "${{ inputs.plan }}" {
			t.Errorf("the review step does not pass the plan: %v", s.Env)
		}
	}
	all := strings.Join(uses, " ") + " " + strings.Join(runs, " ")
	for _, w := range []string{"actions/setup-go@", "go install ./cmd/sekisho", "scripts/plan-action.sh", "github/codeql-action/upload-sarif@"} {
		if !strings.Contains(all, w) {
			t.Errorf("action.yml lacks %q", w)
		}
	}
}
