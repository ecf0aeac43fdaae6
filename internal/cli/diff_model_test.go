package cli_test

import (
	"encoding/json"
	"testing"
)

const diffModels = "../../modeldiff/testdata/models/"

// TestDiffModels: sekisho diff --model BEFORE --model-after AFTER.
func TestDiffModels(t *testing.T) {
	t.Parallel()
	base := diffModels + "base"
	tests := []struct {
		name   string
		args   []string
		code   int
		golden string
	}{
		{"trust widened", []string{"--model", base, "--model-after", diffModels + "trust-widened"}, 0, "diff_models_trust.txt"},
		{"fail on new access", []string{"--fail-on-new-access", "--model", base, "--model-after", diffModels + "bucket-other-account"}, 3, ""},
		{"same meaning", []string{"--fail-on-new-access", "--model", base, "--model-after", diffModels + "same-meaning"}, 0, "diff_models_same.txt"},
		{"removed with --both", []string{"--both", "--model", diffModels + "new-user", "--model-after", base}, 0, "diff_models_removed.txt"},
		{"must not grant", []string{"--must-not-grant", "ec2:TerminateInstances", "--model", base, "--model-after", diffModels + "scp-removed"}, 3, ""},
		{"must not grant, not granted", []string{"--must-not-grant", "ec2:TerminateInstances", "--model", base, "--model-after", diffModels + "role-widened"}, 0, ""},
		{"SARIF", []string{"--format", "sarif", "--model", base, "--model-after", diffModels + "role-widened"}, 0, "diff_models.sarif.json"},
		{"one model", []string{"--model", base}, 2, ""},
		{"models and files", []string{"--model", base, "--model-after", base, "a.json", "b.json"}, 2, ""},
		{"principal does not apply", []string{"--principal", "arn:aws:iam::111111111111:role/app", "--model", base, "--model-after", base}, 2, ""},
		{"missing model", []string{"--model", base, "--model-after", diffModels + "missing"}, 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, out, errOut := run(append([]string{"diff", "--now", "2026-01-01T00:00:00Z"}, tt.args...)...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, out, errOut)
			}
			if tt.golden != "" {
				checkGolden(t, tt.golden, out)
			}
		})
	}
}

// TestDiffModelsJSON: the witness of an SCP detached from an OU, with the
// pairs compared.
func TestDiffModelsJSON(t *testing.T) {
	t.Parallel()
	code, out, errOut := run("diff", "--format", "json", "--model", diffModels+"base", "--model-after", diffModels+"scp-removed")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		Added []struct {
			Principal, Action, Resource, NewDecision, OldDecision string
		} `json:"added"`
		Report struct {
			Models struct {
				Compared int `json:"pairsCompared"`
				Verified int `json:"witnessesVerified"`
			} `json:"models"`
		} `json:"report"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Added) != 1 || got.Added[0].Principal != "arn:aws:iam::111111111111:role/ops" || got.Added[0].Action != "ec2:TerminateInstances" ||
		got.Added[0].NewDecision != "Allow" || got.Added[0].OldDecision != "ExplicitDeny" {
		t.Errorf("added %+v: want ops ec2:TerminateInstances, Allow now, ExplicitDeny before", got.Added)
	}
	if got.Report.Models.Compared == 0 || got.Report.Models.Verified != 1 {
		t.Errorf("models %+v", got.Report.Models)
	}
}
