package cli_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/internal/cli"
)

const sourcesDir = "testdata/lint-sources/"

// located is where a finding must be: its code, the end of its file name,
// its JSON path, and its line (0: not checked).
type located struct {
	code, file, path string
	line             int
}

// TestLintSources lints a model directory, a collected layout, an
// authorization-details file and a Terraform plan, and checks that each
// expected finding is there with its file and JSON path (or address).
func TestLintSources(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		args    []string
		code    int
		want    []located
		absent  []string // codes that must not be reported
		stderr  string   // substring of stderr; "" means empty
		findNum int      // exact number of findings; -1 not checked
	}{
		{"GAAD: inline, trust in a URL-encoded string, managed default version", []string{sourcesDir + "authorization-details.json"}, cli.ExitFindings,
			[]located{
				{"SK2002", "authorization-details.json", "$.UserDetailList[0].UserPolicyList[0].PolicyDocument.Statement[0].Action", 11},
				// a document in a string: positions point at the string
				{"SK6001", "authorization-details.json", "$.RoleDetailList[0].AssumeRolePolicyDocument.Statement[0].Principal", 23},
				{"SK6003", "authorization-details.json", "$.Policies[0].PolicyVersionList[1].Document.Statement[0].Resource", 35},
			},
			// v1 of deploy is not the default version; ReadOnlyAccess is AWS managed
			[]string{"SK6012"}, "1 AWS managed policies not linted", 4},
		{"GAAD with AWS managed", []string{"--include-aws-managed", sourcesDir + "authorization-details.json"}, cli.ExitFindings,
			[]located{{"SK6012", "authorization-details.json", "$.Policies[1].PolicyVersionList[0].Document.Statement[0]", 43}},
			nil, "", -1},
		{"seed model, native YAML and policy files", []string{"../../examples/seeds-model/000-instance-credentials/model"}, cli.ExitWarnings,
			[]located{
				{"SK4003", "model/policies/app-instance-role.json", "$.Statement[0].Resource[0]", 0},
				{"SK6011", "model/workloads.yaml", `$.accounts[0].users[0].inline["list-and-assume"].Statement[0]`, 0},
				// the private-IP SCP alone does not pin the VPC; pin-to-vpc beside it in the OU does
				{"SK6014", "model/policies/scp-private-ip.json", `$.Statement[0].Condition.StringNotEquals["aws:ec2InstanceSourcePrivateIPv4"]`, 10},
			}, nil, "", 4},
		{"seed model, authorization details", []string{"../../examples/seeds-model/001-region-lock/model"}, cli.ExitWarnings,
			[]located{{"SK6010", "model/authorization-details.json", "$.RoleDetailList[0].RolePolicyList[0].PolicyDocument.Statement[0]", 110}},
			nil, "2 AWS managed policies not linted", -1},
		{"collected layout", []string{"../../model/load/testdata/collected"}, cli.ExitWarnings,
			[]located{
				{"SK4003", "111111111111/global/iam.get-account-authorization-details.json", "$.UserDetailList[0].UserPolicyList[0].PolicyDocument.Statement[0].Resource[0]", 15},
				{"SK6002", "111111111111/us-east-1/lambda.get-layer-version-policy.shared-libs.2.json", "$.Policy.Statement[0].Principal", 2},
			}, nil, "1 AWS managed policies not linted", -1},
		{"plan", []string{"testdata/plan/model-changes.json"}, cli.ExitWarnings,
			[]located{
				{"SK6002", "aws_s3_bucket_policy.data.policy", "$.Statement[1].Principal", 0},
				{"SK4003", "aws_iam_user_policy.alice_ec2.policy", "$.Statement[0].Resource", 0},
			}, nil, "", -1},
		{"plan with a document known after apply", []string{"testdata/plan/unknown-values.json"}, cli.ExitOK,
			nil, nil, "aws_iam_role_policy.app_data.policy not linted: the planned document is known only after apply", 0},
		{"malformed plan", []string{"testdata/plan/broken-actions.json"}, cli.ExitBadInput,
			nil, nil, "broken-actions.json:8:20: $.resource_changes[0].change.actions: expected a list of actions", 0},
		{"plan not JSON", []string{"testdata/plan/broken-syntax.json"}, cli.ExitBadInput, nil, nil, "broken-syntax.json:5:76", 0},
		{"GAAD of groups only (--filter Group)", []string{sourcesDir + "gaad-groups-only.json"}, cli.ExitWarnings,
			[]located{{"SK6003", "gaad-groups-only.json", "$.GroupDetailList[0].GroupPolicyList[0].PolicyDocument.Statement[0].Resource", 9}},
			nil, "", -1},
		{"GAAD of managed policies only (--filter LocalManagedPolicy)", []string{sourcesDir + "gaad-policies-only.json"}, cli.ExitFindings,
			[]located{{"SK2002", "gaad-policies-only.json", "$.Policies[0].PolicyVersionList[0].Document.Statement[0].Action", 8}},
			nil, "", -1},
		{"iam list-policies: no documents, not GAAD", []string{sourcesDir + "iam-list-policies.json"}, cli.ExitBadInput, nil, nil, "iam-list-policies.json:1:1: $: expected a policy document", 0},
		{"organizations list-policies: not GAAD", []string{sourcesDir + "orgs-list-policies.json"}, cli.ExitBadInput, nil, nil, "orgs-list-policies.json:1:1: $: expected a policy document", 0},
		{"malformed GAAD", []string{sourcesDir + "gaad-not-a-list.json"}, cli.ExitBadInput, nil, nil, "gaad-not-a-list.json:3:21: $.RoleDetailList: expected a list, got object", 0},
		{"ambiguous", []string{sourcesDir + "ambiguous.json"}, cli.ExitBadInput, nil, nil, "ambiguous.json:1:1: $: ambiguous", 0},
		{"neither", []string{sourcesDir + "neither.json"}, cli.ExitBadInput, nil, nil, "neither.json:1:1: $: expected a policy document", 0},
		{"broken model", []string{"testdata/model/broken"}, cli.ExitBadInput, nil, nil, "is read as a model", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := run(append([]string{"lint", "--format", "json"}, tt.args...)...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr %q", code, tt.code, stderr)
			}
			if (tt.stderr == "") != (stderr == "") || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stderr %q, want it to contain %q", stderr, tt.stderr)
			}
			var got []struct {
				Code, File, Path string
				Line             int
			}
			if err := json.Unmarshal([]byte(stdout), &got); err != nil {
				t.Fatalf("stdout is not JSON findings: %v\n%s", err, stdout)
			}
			if tt.findNum >= 0 && len(got) != tt.findNum {
				t.Errorf("%d findings, want %d:\n%s", len(got), tt.findNum, stdout)
			}
			for _, w := range tt.want {
				found := false
				for _, f := range got {
					if f.Code == w.code && strings.HasSuffix(f.File, w.file) && f.Path == w.path && (w.line == 0 || f.Line == w.line) {
						found = true
					}
				}
				if !found {
					t.Errorf("no %s at %s %s line %d in:\n%s", w.code, w.file, w.path, w.line, stdout)
				}
			}
			for _, c := range tt.absent {
				if strings.Contains(stdout, `"`+c+`"`) {
					t.Errorf("%s reported, want none:\n%s", c, stdout)
				}
			}
		})
	}
}

// TestLintCollectedGolden pins the text report of the collected layout.
func TestLintCollectedGolden(t *testing.T) {
	t.Parallel()
	code, stdout, _ := run("lint", "../../model/load/testdata/collected")
	if code != cli.ExitWarnings {
		t.Fatalf("exit %d, want %d", code, cli.ExitWarnings)
	}
	checkGolden(t, "lint_collected.txt", stdout)
}

// TestLintLocatesPolicyInFile: in text and SARIF, as in JSON, a finding in
// a file of many policies names the JSON path of the value, so that two
// policies of authorization details (or the values of a document stored
// as one string, which share its line:col) are told apart.
func TestLintLocatesPolicyInFile(t *testing.T) {
	t.Parallel()
	const (
		trust = "$.RoleDetailList[0].AssumeRolePolicyDocument.Statement[0].Principal"
		pass  = "$.Policies[0].PolicyVersionList[1].Document.Statement[0].Resource"
	)
	_, text, _ := run("lint", sourcesDir+"authorization-details.json")
	for _, want := range []string{"authorization-details.json:23:", ": " + trust + ": security-warning SK6001: ", ": " + pass + ": security-warning SK6003: "} {
		if !strings.Contains(text, want) {
			t.Errorf("text report lacks %q:\n%s", want, text)
		}
	}
	_, out, _ := run("lint", "--format", "sarif", sourcesDir+"authorization-details.json")
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID    string
				Message   struct{ Text string }
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine int }
					}
					LogicalLocations []struct{ Kind, Name, FullyQualifiedName string }
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatalf("not SARIF: %v", err)
	}
	found := false
	for _, r := range log.Runs[0].Results {
		loc := r.Locations[0]
		if r.RuleID != "SK6001" {
			continue
		}
		found = true
		if loc.PhysicalLocation.Region.StartLine != 23 || !strings.HasSuffix(loc.PhysicalLocation.ArtifactLocation.URI, "authorization-details.json") {
			t.Errorf("SK6001 at %+v, want authorization-details.json line 23", loc.PhysicalLocation)
		}
		if len(loc.LogicalLocations) != 1 || loc.LogicalLocations[0].FullyQualifiedName != trust || !strings.HasPrefix(r.Message.Text, trust+": ") {
			t.Errorf("SK6001 logical location %+v, message %q: want the JSON path %s", loc.LogicalLocations, r.Message.Text, trust)
		}
	}
	if !found {
		t.Fatalf("no SK6001 in:\n%s", out)
	}
}
