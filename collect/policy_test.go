package collect_test

import (
	"encoding/json"
	"slices"
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
