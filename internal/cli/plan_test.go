package cli_test

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const planDir = "testdata/plan/"

// TestPlan runs sekisho plan on the test plans: the exit code, and what
// the review must say (the witness of new access, the resource address,
// what is not reviewable).
func TestPlan(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"replaced bucket policy opens the bucket", []string{"plan", planDir + "bucket-policy-replace.json"}, 3, []string{
			"replace aws_s3_bucket_policy.reports.policy (resource policy on reports-bucket)",
			"lint security-warning SK6002 at $.Statement[0].Principal",
			"new access (allowed as planned, denied before): 3 action(s)",
			"anonymous (an anonymous caller)",
			"s3:GetObject on arn:aws:s3:::reports-bucket/x",
			"now Allow: resource-based policy statement PublicRead of aws_s3_bucket_policy.reports.policy",
		}},
		{"SCP attached and another detached", []string{"plan", planDir + "scp-attach.json"}, 3, []string{
			"create aws_organizations_policy_attachment.deny_leave_workloads: scp aws_organizations_policy.deny_leave to ou-abcd-11111111",
			"organizations:LeaveOrganization on *\n          now ExplicitDeny: service control policies statement DenyLeave",
			"delete aws_organizations_policy_attachment.protect_sandbox: scp aws_organizations_policy.protect_bucket_policies to ou-abcd-22222222",
			"s3:PutBucketPolicy on arn:aws:s3:::x\n          now Allow",
			"before ExplicitDeny: service control policies statement ProtectBucketPolicies of aws_organizations_policy.protect_bucket_policies.content (prior)",
			"summary: 2 new access, 0 undecided, 0 lint findings, 0 not reviewable",
		}},
		{"values known only after apply", []string{"plan", planDir + "unknown-values.json"}, 3, []string{
			"create aws_iam_role_policy.app_data.policy (identity policy on app)\n  not compared: the planned document is known only after apply",
			"not reviewable before apply: 1\n  aws_iam_role_policy.app_data.policy: the planned document is known only after apply",
			"create aws_iam_role_policy_attachment.app_readonly: identity aws_iam_policy.readonly to app",
			"s3:ListBucket on arn:aws:s3:::app-data",
			"create aws_iam_instance_profile.app: name=app role=app",
			"not read (resource types sekisho plan does not review): aws_s3_bucket (1)",
		}},
		{"narrowing only is clean", []string{"plan", planDir + "narrowing.json"}, 0, []string{
			"new access (allowed as planned, denied before): none",
			"sqs:ReceiveMessage on arn:aws:sqs:eu-west-1:111111111111:jobs\n          now ImplicitDeny",
			"summary: 0 new access, 0 undecided, 0 lint findings, 0 not reviewable",
		}},
		{"bad format", []string{"plan", "--format", "xml", planDir + "narrowing.json"}, 2, nil},
		{"missing file", []string{"plan", planDir + "missing.json"}, 2, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, out, errOut := run(tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, out, errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q\n%s", w, out)
				}
			}
		})
	}
}

// TestPlanBroken: a plan that cannot be read exits 2 naming the file,
// JSON path and line:column.
func TestPlanBroken(t *testing.T) {
	t.Parallel()
	tests := []struct{ file, want string }{
		{"broken-syntax.json", "broken-syntax.json:5:76: expected a JSON value"},
		{"broken-actions.json", `broken-actions.json:8:20: $.resource_changes[0].change.actions: expected a list of actions such as ["create"], found string "create"`},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			code, _, errOut := run("plan", planDir+tt.file)
			if code != 2 || !strings.Contains(errOut, planDir+tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, errOut, tt.want)
			}
		})
	}
}

// TestPlanJSON: the JSON review has a schema version, the witness, the
// lint finding by address, and what is not reviewable.
func TestPlanJSON(t *testing.T) {
	t.Parallel()
	code, out, errOut := run("plan", "--format", "json", planDir+"bucket-policy-replace.json")
	if code != 3 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	var got struct {
		SchemaVersion int `json:"schemaVersion"`
		Summary       struct {
			NewAccess    int `json:"newAccess"`
			LintFindings int `json:"lintFindings"`
		} `json:"summary"`
		Documents []struct {
			Address, Attribute, Action string
			Findings                   []struct{ Code, File string }
			Comparison                 struct {
				NewAccess []struct {
					Principal, Action, Resource, NewDecision, OldDecision string
				} `json:"newAccess"`
			} `json:"comparison"`
		} `json:"documents"`
		NotReviewable []any `json:"notReviewable"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.SchemaVersion != 1 || got.Summary.NewAccess != 3 || got.Summary.LintFindings != 1 || got.NotReviewable == nil {
		t.Errorf("got %+v", got)
	}
	d := got.Documents[0]
	if d.Address != "aws_s3_bucket_policy.reports" || d.Attribute != "policy" || d.Action != "replace" ||
		d.Findings[0].Code != "SK6002" || d.Findings[0].File != "aws_s3_bucket_policy.reports.policy" {
		t.Errorf("document %+v", d)
	}
	w := d.Comparison.NewAccess[0]
	if w.Principal != "anonymous" || w.Action != "s3:GetObject" || w.NewDecision != "Allow" || w.OldDecision != "ImplicitDeny" {
		t.Errorf("witness %+v", w)
	}
}

// TestPlanSARIF: every finding is a result at the plan file's line of
// the document, named by the resource address.
func TestPlanSARIF(t *testing.T) {
	t.Parallel()
	code, out, _ := run("plan", "--format", "sarif", planDir+"unknown-values.json")
	if code != 3 {
		t.Fatalf("exit %d", code)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct{ Rules []struct{ ID string } }
			}
			Results []struct {
				RuleID    string
				RuleIndex int
				Message   struct{ Text string }
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine int }
					}
					LogicalLocations []struct{ Name string }
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	rules := log.Runs[0].Tool.Driver.Rules
	byRule := map[string]int{}
	for _, r := range log.Runs[0].Results {
		byRule[r.RuleID]++
		if rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("result %s has rule index %d (%s)", r.RuleID, r.RuleIndex, rules[r.RuleIndex].ID)
		}
		loc := r.Locations[0]
		if loc.PhysicalLocation.ArtifactLocation.URI != planDir+"unknown-values.json" || loc.PhysicalLocation.Region.StartLine < 2 || loc.LogicalLocations[0].Name == "" {
			t.Errorf("result %s at %+v", r.RuleID, loc)
		}
	}
	// 1 trust + 2 policy + 2 attachment witnesses; the unknown document.
	if byRule["SKP001"] != 5 || byRule["SKP002"] != 1 {
		t.Errorf("results by rule: %v", byRule)
	}
}

// TestPlanTests: --policy-dir writes the planned documents named by
// address, and --tests runs cases that refer to them: the guardrail "no
// outsider reads the reports" fails against the planned bucket policy.
func TestPlanTests(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cases := `- name: outsiders cannot read reports
  request:
    principal: arn:aws:iam::222222222222:user/outsider
    action: s3:GetObject
    resource: arn:aws:s3:::reports-bucket/q3.csv
    resourceAccount: "111111111111"
  policies:
    identity:
      - {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "s3:*", Resource: "*"}]}
    resource: planned/aws_s3_bucket_policy.reports.policy.json
  expect: ImplicitDeny
- name: the app still reads reports
  request:
    principal: arn:aws:iam::111111111111:role/app
    action: s3:GetObject
    resource: arn:aws:s3:::reports-bucket/q3.csv
  policies:
    resource: planned/aws_s3_bucket_policy.reports.policy.json
  expect: Allow
`
	if err := os.WriteFile(filepath.Join(dir, "guardrails.yaml"), []byte(cases), 0o644); err != nil {
		t.Fatal(err)
	}
	planned := filepath.Join(dir, "planned")
	code, out, errOut := run("plan", "--policy-dir", planned, "--tests", dir, planDir+"bucket-policy-replace.json")
	if code != 1 {
		t.Fatalf("exit %d, want 1 (a failing case)\n%s\n%s", code, out, errOut)
	}
	for _, w := range []string{"FAIL outsiders cannot read reports", "expected ImplicitDeny, got Allow", "tests: 1 passed, 1 failed"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q\n%s", w, out)
		}
	}
	if _, err := os.Stat(filepath.Join(planned, "aws_s3_bucket_policy.reports.policy.json")); err != nil {
		t.Error(err)
	}
	code, out, _ = run("plan", "--policy-dir", planned, "--tests", dir, "--format", "junit", planDir+"bucket-policy-replace.json")
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Suites   []struct {
			Name string `xml:"name,attr"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal([]byte(out), &doc); err != nil || code != 1 {
		t.Fatalf("exit %d, %v\n%s", code, err, out)
	}
	// 2 cases, 1 lint case, 1 new-access case; the failing case, the lint
	// finding and the new access fail.
	if doc.Tests != 4 || doc.Failures != 3 || len(doc.Suites) != 3 {
		t.Errorf("junit: %+v\n%s", doc, out)
	}
}

// TestPlanNoCases: --tests that runs no case is a failure (exit 1), as in
// sekisho test (PRODUCT.md: a run that executed no test case is a failure).
func TestPlanNoCases(t *testing.T) {
	t.Parallel()
	code, _, errOut := run("plan", "--tests", t.TempDir(), planDir+"narrowing.json")
	if code != 1 || !strings.Contains(errOut, "no test case was run") {
		t.Errorf("exit %d, %s", code, errOut)
	}
}

// TestPlanWhoGains: an identity document is compared as the role or user
// holding it, and the new access of every change is grouped by principal.
func TestPlanWhoGains(t *testing.T) {
	t.Parallel()
	code, out, errOut := run("plan", "--format", "json", planDir+"model-changes.json")
	if code != 3 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	var got struct {
		WhoGains []struct {
			Principal string
			Actions   []string
			Through   []string
		} `json:"whoGains"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"arn:aws:iam::111111111111:role/app":   "aws_iam_role_policy.app_data.policy",
		"arn:aws:iam::111111111111:user/alice": "aws_iam_user_policy.alice_ec2.policy",
		"anonymous":                            "aws_s3_bucket_policy.data.policy",
	}
	for _, g := range got.WhoGains {
		if via, ok := want[g.Principal]; ok && len(g.Actions) > 0 && slices.Contains(g.Through, via) {
			delete(want, g.Principal)
		}
		if g.Principal == "arn:aws:iam::111111111111:role/sekisho-diff" && slices.Contains(g.Through, "aws_iam_role_policy.app_data.policy") {
			t.Errorf("the role's inline policy was compared as diff's default principal: %+v", g)
		}
	}
	if len(want) > 0 {
		t.Errorf("missing from whoGains: %v; got %+v", want, got.WhoGains)
	}
}
