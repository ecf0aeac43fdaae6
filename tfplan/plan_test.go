package tfplan_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/policy"
	"github.com/sekisho/sekisho/tfplan"
)

const plans = "../internal/cli/testdata/plan/"

func read(t *testing.T, name string) *tfplan.Plan {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(plans, name))
	if err != nil {
		t.Fatal(err)
	}
	p, err := tfplan.Read(name, src)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestReplacedBucketPolicy: ["delete","create"] is a replace, with the
// prior document from change.before and the planned one from change.after.
func TestReplacedBucketPolicy(t *testing.T) {
	t.Parallel()
	p := read(t, "bucket-policy-replace.json")
	if len(p.Documents) != 1 {
		t.Fatalf("documents: %d, want 1", len(p.Documents))
	}
	d := p.Documents[0]
	if d.Name() != "aws_s3_bucket_policy.reports.policy" || d.Action != tfplan.Replace || d.Kind != policy.Resource {
		t.Errorf("got %s %s %s", d.Name(), d.Action, d.Kind)
	}
	if d.Before == nil || !strings.Contains(*d.Before, "AppRead") || d.After == nil || !strings.Contains(*d.After, "PublicRead") {
		t.Errorf("before %v after %v", d.Before, d.After)
	}
	if d.Target != "reports-bucket" || d.Pos.Line == 0 || !strings.HasSuffix(string(d.Path), ".change.after.policy") {
		t.Errorf("target %q pos %v path %s", d.Target, d.Pos, d.Path)
	}
	if p.FormatVersion != "1.2" || p.TerraformVersion != "1.9.8" {
		t.Errorf("versions %s %s", p.FormatVersion, p.TerraformVersion)
	}
}

// TestSCPAttachments: an attachment whose policy_id is known only after
// apply is resolved through the configuration's reference; a detached
// policy through its prior ID.
func TestSCPAttachments(t *testing.T) {
	t.Parallel()
	p := read(t, "scp-attach.json")
	if len(p.Attachments) != 2 {
		t.Fatalf("attachments: %d, want 2", len(p.Attachments))
	}
	tests := []struct {
		addr     string
		action   tfplan.Action
		from     string
		old, new bool
	}{
		{"aws_organizations_policy_attachment.deny_leave_workloads", tfplan.Create, "aws_organizations_policy.deny_leave", false, true},
		{"aws_organizations_policy_attachment.protect_sandbox", tfplan.Delete, "aws_organizations_policy.protect_bucket_policies", true, false},
	}
	for i, tt := range tests {
		a := p.Attachments[i]
		if a.Address != tt.addr || a.Action != tt.action || a.From != tt.from || a.Kind != policy.SCP {
			t.Errorf("%d: got %s %s from %q kind %s", i, a.Address, a.Action, a.From, a.Kind)
		}
		if (a.Old != nil) != tt.old || (a.New != nil) != tt.new {
			t.Errorf("%s: old %v new %v", a.Address, a.Old != nil, a.New != nil)
		}
	}
	if len(p.NotReviewable) != 0 {
		t.Errorf("not reviewable: %v", p.NotReviewable)
	}
	// The no-op policy is not a changed document; the created one is.
	if len(p.Documents) != 1 || p.Documents[0].Address != "aws_organizations_policy.deny_leave" {
		t.Errorf("documents: %+v", p.Documents)
	}
}

// TestUnknownValues: a document known only after apply is not reviewable
// and has no planned text; a known one beside it is read.
func TestUnknownValues(t *testing.T) {
	t.Parallel()
	p := read(t, "unknown-values.json")
	var unknown, known []string
	for _, d := range p.Documents {
		if d.Unknown {
			if d.After != nil {
				t.Errorf("%s: unknown with a planned text", d.Name())
			}
			unknown = append(unknown, d.Name())
		} else {
			known = append(known, d.Name())
		}
	}
	if strings.Join(unknown, ",") != "aws_iam_role_policy.app_data.policy" {
		t.Errorf("unknown: %v", unknown)
	}
	if strings.Join(known, ",") != "aws_iam_role.app.assume_role_policy,aws_iam_policy.readonly.policy" {
		t.Errorf("known: %v", known)
	}
	if len(p.NotReviewable) != 1 || p.NotReviewable[0].Address != "aws_iam_role_policy.app_data.policy" {
		t.Errorf("not reviewable: %+v", p.NotReviewable)
	}
	if len(p.Attachments) != 1 || p.Attachments[0].From != "aws_iam_policy.readonly" || p.Attachments[0].New == nil {
		t.Errorf("attachment: %+v", p.Attachments)
	}
	if len(p.Others) != 1 || p.Others[0].Type != "aws_iam_instance_profile" || p.Others[0].Values["role"] != "app" {
		t.Errorf("others: %+v", p.Others)
	}
	if p.OtherTypes["aws_s3_bucket"] != 1 {
		t.Errorf("other types: %v", p.OtherTypes)
	}
}

// TestBroken: a plan that cannot be read is an error at a position.
func TestBroken(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src, path string
		line            int
	}{
		{"syntax", "{\n  \"format_version\": \"1.2\",\n  \"resource_changes\": [}\n", "", 3},
		{"not an object", "[]", "$", 1},
		{"no format version", "{}", "$", 1},
		{"unsupported format", `{"format_version": "2.0"}`, "$.format_version", 1},
		{"actions not a list", "{\"format_version\": \"1.2\", \"resource_changes\": [\n {\"address\": \"a.b\", \"type\": \"a\", \"change\": {\"actions\": \"create\"}}]}", "$.resource_changes[0].change.actions", 2},
		{"unknown action", `{"format_version": "1.2", "resource_changes": [{"address": "a.b", "type": "a", "change": {"actions": ["destroy"]}}]}`, "$.resource_changes[0].change.actions[0]", 1},
		{"no address", `{"format_version": "1.2", "resource_changes": [{"type": "a", "change": {"actions": ["create"]}}]}`, "$.resource_changes[0].address", 1},
		{"policy not a string", `{"format_version": "1.2", "resource_changes": [{"address": "aws_iam_policy.p", "type": "aws_iam_policy", "change": {"actions": ["create"], "after": {"policy": {"Statement": []}}}}]}`, "$.resource_changes[0].change.after.policy", 1},
		{"inline policy not a list", `{"format_version": "1.2", "resource_changes": [{"address": "aws_iam_role.r", "type": "aws_iam_role", "change": {"actions": ["create"], "after": {"inline_policy": "x"}}}]}`, "$.resource_changes[0].change.after.inline_policy", 1},
		// encoding/json would read these miscased names; Sekisho's own
		// tree would not see them (fuzz finding 0f3a5b5244004eec).
		{"miscased resource_changes", `{"format_version": "1", "resourCe_ChAnges": [{"change": {}}]}`, "$.resourCe_ChAnges", 1},
		{"miscased change", `{"format_version": "1.2", "resource_changes": [{"address": "a.b", "type": "a", "change": {"actions": ["create"]}, "CHANGE": {"actions": ["delete"]}}]}`, "$.resource_changes[0].CHANGE", 1},
		{"miscased after", `{"format_version": "1.2", "resource_changes": [{"address": "aws_iam_policy.p", "type": "aws_iam_policy", "change": {"actions": ["create"], "After": {"policy": {"Statement": []}}}}]}`, "$.resource_changes[0].change.After", 1},
		{"after not an object", `{"format_version": "1.2", "resource_changes": [{"address": "a.b", "type": "a", "change": {"actions": ["create"], "after": 3}}]}`, "$.resource_changes[0].change.after", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := tfplan.Read("plan.json", []byte(tt.src))
			var e *node.Error
			if !errors.As(err, &e) {
				t.Fatalf("got %v, want a positioned error", err)
			}
			if e.File != "plan.json" || string(e.Path) != tt.path || e.Pos.Line != tt.line {
				t.Errorf("got %s (path %q line %d), want path %q line %d", e, e.Path, e.Pos.Line, tt.path, tt.line)
			}
		})
	}
}

// TestInlinePolicies: a role's inline_policy blocks are documents by name;
// an unchanged block is not.
func TestInlinePolicies(t *testing.T) {
	t.Parallel()
	src := `{"format_version": "1.2", "resource_changes": [{"address": "aws_iam_role.r", "mode": "managed", "type": "aws_iam_role", "name": "r",
	  "change": {"actions": ["update"],
	    "before": {"name": "r", "assume_role_policy": "{}", "inline_policy": [{"name": "a", "policy": "{\"Statement\":[]}"}, {"name": "b", "policy": "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}"}]},
	    "after":  {"name": "r", "assume_role_policy": "{}", "inline_policy": [{"name": "a", "policy": "{\"Statement\":[]}"}, {"name": "c", "policy": "{\"Statement\":[]}"}]},
	    "after_unknown": {}}}]}`
	p, err := tfplan.Read("plan.json", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range p.Documents {
		got = append(got, string(d.Action)+" "+d.Name())
	}
	want := `delete aws_iam_role.r.inline_policy["b"].policy,create aws_iam_role.r.inline_policy["c"].policy`
	if strings.Join(got, ",") != want {
		t.Errorf("got %v\nwant %s", got, want)
	}
}

// TestNoPolicyNotes: an endpoint created without a policy gets AWS's
// default full-access policy, which the review says; a tag policy is no
// IAM policy document and is listed as not read.
func TestNoPolicyNotes(t *testing.T) {
	t.Parallel()
	src := `{"format_version": "1.2", "resource_changes": [{"address": "aws_vpc_endpoint.s3", "mode": "managed", "type": "aws_vpc_endpoint", "name": "s3",
	  "change": {"actions": ["create"], "before": null, "after": {"service_name": "com.amazonaws.eu-west-1.s3"}, "after_unknown": {"policy": false}}},
	  {"address": "aws_organizations_policy.tags", "mode": "managed", "type": "aws_organizations_policy", "name": "tags",
	  "change": {"actions": ["create"], "before": null, "after": {"type": "TAG_POLICY", "content": "{}"}, "after_unknown": {}}}]}`
	p, err := tfplan.Read("plan.json", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Documents) != 1 || p.Documents[0].After != nil || !strings.Contains(p.Documents[0].Note, "full access") {
		t.Errorf("documents: %+v", p.Documents)
	}
	if len(p.NotReviewable) != 0 || p.OtherTypes["aws_organizations_policy (TAG_POLICY)"] != 1 {
		t.Errorf("a tag policy is not an IAM policy: not reviewable %+v, not read %v", p.NotReviewable, p.OtherTypes)
	}
}
