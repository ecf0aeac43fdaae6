package collect_test

import (
	"encoding/json"
	"testing"

	"github.com/sekisho/sekisho/awsref"
	"github.com/sekisho/sekisho/collect"
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
				Resource string
			}
		}
		if err := json.Unmarshal(src, &doc); err != nil {
			t.Fatal(err)
		}
		want := 1
		if org {
			want = 2
		}
		if len(doc.Statement) != want {
			t.Fatalf("org=%v: %d statements, want %d", org, len(doc.Statement), want)
		}
		actions, _ := doc.Statement[0].Action.([]any)
		if len(actions) != len(collect.Actions()) {
			t.Errorf("read statement has %d actions, the calls need %d", len(actions), len(collect.Actions()))
		}
		for _, a := range actions {
			ref, ok := awsref.LookupAction(a.(string))
			if !ok {
				t.Errorf("%s: not in the service authorization reference", a)
				continue
			}
			if ref.Access != awsref.List && ref.Access != awsref.Read {
				t.Errorf("%s: access level %s, want List or Read", a, ref.Access)
			}
		}
		if org {
			s := doc.Statement[1]
			if s.Action != "sts:AssumeRole" || s.Resource != "arn:aws:iam::*:role/OrganizationAccountAccessRole" {
				t.Errorf("assume statement: %+v", s)
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
