package collect_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"github.com/sekisho/sekisho/awsref"
	"github.com/sekisho/sekisho/collect"
	"github.com/sekisho/sekisho/internal/fakeaws"
	"github.com/sekisho/sekisho/lint"
	"github.com/sekisho/sekisho/policy"
)

// TestPolicyIsReadOnly: every action of the collector's policy is a List
// or Read action of the service authorization reference, and the policy
// lints clean as an identity policy; with --org, the only addition is
// sts:AssumeRole on the collection role.
func TestPolicyIsReadOnly(t *testing.T) {
	t.Parallel()
	for _, org := range []bool{false, true} {
		src, err := collect.Policy(org, "OrganizationAccountAccessRole", "aws")
		if err != nil {
			t.Fatal(err)
		}
		findings, err := lint.File("collector-policy.json", src, policy.Identity)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range findings {
			t.Errorf("org=%v: %s", org, f)
		}
		var doc struct {
			Statement []struct {
				Sid      string
				Action   any
				Resource any
			}
		}
		if err := json.Unmarshal(src, &doc); err != nil {
			t.Fatal(err)
		}
		read := doc.Statement
		if org {
			last := read[len(read)-1]
			read = read[:len(read)-1]
			if last.Action != "sts:AssumeRole" || last.Resource != "arn:aws:iam::*:role/OrganizationAccountAccessRole" {
				t.Errorf("assume statement: %+v", last)
			}
		}
		var actions []string
		for _, s := range read {
			list, ok := s.Action.([]any)
			if !ok {
				t.Fatalf("%s: Action is not a list", s.Sid)
			}
			for _, a := range list {
				actions = append(actions, a.(string))
			}
		}
		slices.Sort(actions)
		if !slices.Equal(actions, collect.Actions()) {
			t.Errorf("read statements grant\n%v\nthe calls need\n%v", actions, collect.Actions())
		}
		for _, a := range actions {
			ref, ok := awsref.LookupAction(a)
			if !ok {
				t.Errorf("%s: not in the service authorization reference", a)
				continue
			}
			if ref.Access != awsref.List && ref.Access != awsref.Read {
				t.Errorf("%s: access level %s, want List or Read", a, ref.Access)
			}
		}
	}
}

// TestEveryCallHasItsActions: each call names at least one action.
func TestEveryCallHasItsActions(t *testing.T) {
	t.Parallel()
	for _, c := range collect.Calls {
		if len(c.Actions) == 0 || c.Stem == "" || c.Command == "" {
			t.Errorf("%+v: incomplete", c)
		}
	}
}

// TestPolicyCoversEveryRequest: every request a whole collection makes
// (the fake logs each as the IAM action it needs) is allowed by the
// printed policy's actions, so a call added without its table entry, or a
// service the policy forgets (EventBridge, API Gateway, EFS, OpenSearch,
// Backup, Glacier, Kinesis, Glue, older Lambda layer versions), fails here.
func TestPolicyCoversEveryRequest(t *testing.T) {
	t.Parallel()
	srv := fakeaws.Start(fakeaws.SampleOrg(2), fakeaws.Faults{})
	defer srv.Close()
	o := options(srv, t.TempDir())
	o.Org = true
	if err := collect.Run(context.Background(), baseConfig(), o); err != nil {
		t.Fatal(err)
	}
	granted := map[string]bool{}
	for _, a := range collect.Actions() {
		granted[a] = true
	}
	// GetCallerIdentity needs no permission (STS API Reference); AssumeRole
	// is the policy's own statement with --org.
	free := map[string]bool{"sts:GetCallerIdentity": true, "sts:AssumeRole": true}
	seen := map[string]bool{}
	for _, r := range srv.Requests() {
		seen[r.Op] = true
		if !granted[r.Op] && !free[r.Op] {
			t.Errorf("the collector asked for %s, which its policy does not grant", r.Op)
		}
	}
	for _, a := range []string{"events:ListEventBuses", "apigateway:GET", "elasticfilesystem:DescribeFileSystems",
		"elasticfilesystem:DescribeFileSystemPolicy", "es:ListDomainNames", "es:DescribeDomain", "backup:ListBackupVaults",
		"backup:GetBackupVaultAccessPolicy", "glacier:ListVaults", "glacier:GetVaultAccessPolicy", "kinesis:ListStreams",
		"kinesis:ListStreamConsumers", "kinesis:GetResourcePolicy", "glue:GetResourcePolicy", "lambda:ListLayerVersions"} {
		if !seen[a] || !granted[a] {
			t.Errorf("%s: requested %v, granted %v", a, seen[a], granted[a])
		}
	}
}
