package cli_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestDiff runs sekisho diff on policy pairs: the text answer is a golden
// file, the exit code follows --fail-on-new-access and --must-not-grant.
func TestDiff(t *testing.T) {
	t.Parallel()
	const dir = "testdata/diff/"
	tests := []struct {
		name   string
		args   []string
		code   int
		golden string
	}{
		{"bucket policy widened to an account", []string{"diff", dir + "bucket-old.json", dir + "bucket-new.json"}, 0, "diff_bucket.txt"},
		{"fail on new access", []string{"diff", "--fail-on-new-access", dir + "bucket-old.json", dir + "bucket-new.json"}, 3, ""},
		{"no new access", []string{"diff", "--fail-on-new-access", dir + "bucket-new.json", dir + "bucket-old.json"}, 0, ""},
		{"removed access with --both", []string{"diff", "--both", dir + "bucket-new.json", dir + "bucket-old.json"}, 0, "diff_bucket_removed.txt"},
		{"region lock narrowed", []string{"diff", "--kind", "scp", dir + "region-lock-old.json", dir + "region-lock-new.json"}, 0, ""},
		{"an SCP level removed", []string{"diff", dir + "scp-levels-old.yaml", dir + "scp-levels-new.yaml"}, 0, "diff_scp_level.txt"},
		{"must not grant", []string{"diff", "--must-not-grant", "s3:GetObject", dir + "bucket-old.json", dir + "bucket-new.json"}, 3, ""},
		{"must not grant, not granted", []string{"diff", "--must-not-grant", "s3:Put*", dir + "bucket-old.json", dir + "bucket-new.json"}, 0, ""},
		{"SARIF", []string{"diff", "--format", "sarif", dir + "bucket-old.json", dir + "bucket-new.json"}, 0, "diff_bucket.sarif.json"},
		{"bad kind", []string{"diff", "--kind", "bucket", dir + "bucket-old.json", dir + "bucket-new.json"}, 2, ""},
		{"not a policy", []string{"diff", dir + "bucket-old.json", "testdata/diff/missing.json"}, 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, out, errOut := run(tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, out, errOut)
			}
			if tt.golden != "" {
				checkGolden(t, tt.golden, out)
			}
		})
	}
}

// TestDiffJSON checks the JSON answer's shape and its witness.
func TestDiffJSON(t *testing.T) {
	t.Parallel()
	code, out, errOut := run("diff", "--format", "json", "--kind", "scp", "testdata/diff/region-lock-old.json", "testdata/diff/region-lock-new.json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		SchemaVersion int `json:"schemaVersion"`
		Added         []struct {
			Action      string              `json:"action"`
			Context     map[string][]string `json:"context"`
			NewDecision string              `json:"newDecision"`
			OldDecision string              `json:"oldDecision"`
		} `json:"added"`
		Report struct {
			Undecided []any `json:"undecided"`
		} `json:"report"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.SchemaVersion != 1 || len(got.Report.Undecided) != 0 {
		t.Errorf("schemaVersion %d, undecided %v", got.SchemaVersion, got.Report.Undecided)
	}
	found := false
	for _, a := range got.Added {
		if a.Action == "ec2:RunInstances" {
			found = true
			if r := a.Context["aws:RequestedRegion"]; len(r) != 1 || r[0] != "us-east-1" || a.NewDecision != "Allow" || a.OldDecision != "ExplicitDeny" {
				t.Errorf("RunInstances witness %+v: want us-east-1, Allow now, ExplicitDeny before", a)
			}
		}
		if strings.HasPrefix(a.Action, "ec2:Describe") {
			t.Errorf("%s is not new access", a.Action)
		}
	}
	if !found {
		t.Errorf("ec2:RunInstances in us-east-1 is new access; got %+v", got.Added)
	}
}
