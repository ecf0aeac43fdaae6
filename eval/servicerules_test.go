package eval_test

import (
	"strings"
	"testing"
	"time"

	"github.com/sekisho/sekisho/awsref"
	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/policy"
)

// TestReservedChangesFollowTheReference checks the reading of "a change to
// a reserved resource" against the service authorization reference: every
// action acting on the resource's type whose access level is Write,
// Permissions management or Tagging is refused, except the ones AWS
// documents as allowed (listed here with the page that allows them), even
// for a caller that policies allow everything. Every other action is
// decided by the policies alone.
func TestReservedChangesFollowTheReference(t *testing.T) {
	t.Parallel()
	allowed := map[string]bool{"iam:passrole": true} // uses the role, does not change it
	serviceLinked := map[string]bool{
		"iam:passrole":                true,
		"iam:createservicelinkedrole": true, // "Using service-linked roles"
		"iam:deleteservicelinkedrole": true,
		"iam:updateroledescription":   true, // "Update a service-linked role"
		"iam:updaterole":              true,
		"iam:tagrole":                 true, // TagRole: "a regular role or a service-linked role"
		"iam:untagrole":               true,
	}
	kinds := []struct {
		service, typ, resource string
		reason                 eval.Reason
		exceptions             map[string]bool
	}{
		{"iam", "policy", "arn:aws:iam::aws:policy/AdministratorAccess", eval.ReasonAWSManagedPolicy, nil},
		{"kms", "alias", "arn:aws:kms:us-east-1:111111111111:alias/aws/ebs", eval.ReasonAWSAlias, nil},
		{"iam", "role", "arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef", eval.ReasonReservedRole, allowed},
		{"iam", "role", "arn:aws:iam::111111111111:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling", eval.ReasonServiceLinkedRole, serviceLinked},
	}
	prepared := mustPrepare(t, eval.PolicySet{Identity: []*policy.Policy{mustParse(t, allowAll, policy.Identity)}})
	for _, k := range kinds {
		refused := 0
		for _, a := range awsref.Actions() {
			if a.Service != k.service || !actsOn(a, k.typ) {
				continue
			}
			name := strings.ToLower(a.String())
			change := a.Access == awsref.Write || a.Access == awsref.PermissionsManagement || a.Access == awsref.Tagging
			wantRefused := change && !k.exceptions[name]
			req := mustRequest(t, eval.RequestInput{Principal: mustPrincipal(t, "arn:aws:iam::111111111111:user/admin"), Action: a.String(), Resource: k.resource})
			res := prepared.Evaluate(req)
			if wantRefused {
				refused++
				if res.Decision != eval.ImplicitDeny || res.Gate != eval.GateReserved || res.Reason != k.reason {
					t.Errorf("%s on %s (%s): got %s at %s (%s), want ImplicitDeny at the reserved-resource gate", a, k.resource, a.Access, res.Decision, res.Gate, res.Reason)
				}
				continue
			}
			if res.Decision != eval.Allow {
				t.Errorf("%s on %s (%s): got %s (%s), want Allow: not a change AWS refuses", a, k.resource, a.Access, res.Decision, res.Reason)
			}
		}
		if refused == 0 {
			t.Errorf("%s: no action of the reference is refused: the reference lookup is broken", k.resource)
		}
	}
}

func actsOn(a awsref.Action, typ string) bool {
	for _, r := range a.Resources {
		if r.Type == typ {
			return true
		}
	}
	return false
}

const allowAll = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`

// TestServiceRuleGates: the rules decide at their own gate, in Evaluate and
// Explain alike, and the explanation names the rule and what the policies
// alone would have decided.
func TestServiceRuleGates(t *testing.T) {
	t.Parallel()
	denyAll := `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*"}}`
	tests := []struct {
		name      string
		policies  []string
		principal string
		action    string
		resource  string
		want      eval.Decision
		gate      eval.Gate
		summary   []string
	}{
		{"get-caller-identity-despite-deny", []string{allowAll, denyAll}, "arn:aws:iam::111111111111:user/alice", "sts:GetCallerIdentity", "",
			eval.Allow, eval.GateNoPermission, []string{"needs no permission", "would decide ExplicitDeny", "does not apply to this action"}},
		{"service-linked-role-put-policy", []string{allowAll}, "arn:aws:iam::111111111111:user/alice", "iam:PutRolePolicy",
			"arn:aws:iam::111111111111:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS",
			eval.ImplicitDeny, eval.GateReserved, []string{"can be changed only by their service", "the policies alone would allow it", "statement #0"}},
		{"managed-policy-denied-by-policy-first", []string{allowAll, denyAll}, "arn:aws:iam::111111111111:user/alice", "iam:DeletePolicy",
			"arn:aws:iam::aws:policy/ReadOnlyAccess", eval.ExplicitDeny, eval.GateIdentity, []string{"ExplicitDeny"}},
		{"read-of-service-linked-role-allowed", []string{allowAll}, "arn:aws:iam::111111111111:user/alice", "iam:GetRole",
			"arn:aws:iam::111111111111:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS", eval.Allow, eval.GateIdentity, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var ids []*policy.Policy
			for _, src := range tt.policies {
				ids = append(ids, mustParse(t, src, policy.Identity))
			}
			p := mustPrepare(t, eval.PolicySet{Identity: ids})
			req := mustRequest(t, eval.RequestInput{Principal: mustPrincipal(t, tt.principal), Action: tt.action, Resource: tt.resource})
			res := p.Evaluate(req)
			traced, exp := p.Explain(req)
			if res.Decision != tt.want || res.Gate != tt.gate || traced.Decision != res.Decision || traced.Gate != res.Gate {
				t.Fatalf("Evaluate %s at %s, Explain %s at %s; want %s at %s", res.Decision, res.Gate, traced.Decision, traced.Gate, tt.want, tt.gate)
			}
			for _, s := range tt.summary {
				if !strings.Contains(exp.Summary, s) {
					t.Errorf("summary %q does not say %q", exp.Summary, s)
				}
			}
			if exp.Gate != tt.gate.String() {
				t.Errorf("explanation gate %q, want %q", exp.Gate, tt.gate)
			}
		})
	}
	// A request prepared for another action and turned into a change by
	// WithAction is classified again.
	p := mustPrepare(t, eval.PolicySet{Identity: []*policy.Policy{mustParse(t, allowAll, policy.Identity)}})
	read := mustRequest(t, eval.RequestInput{Principal: mustPrincipal(t, "arn:aws:iam::111111111111:user/alice"), Action: "iam:GetRole",
		Resource: "arn:aws:iam::111111111111:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS"})
	change, err := read.WithAction("iam:PutRolePolicy")
	if err != nil {
		t.Fatal(err)
	}
	if res := p.Evaluate(change); res.Gate != eval.GateReserved {
		t.Errorf("WithAction(iam:PutRolePolicy): decided at %s, want the reserved-resource gate", res.Gate)
	}
}

func mustPrepare(tb testing.TB, ps eval.PolicySet) *eval.Prepared {
	tb.Helper()
	p, err := eval.Prepare(ps)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

func mustRequest(tb testing.TB, in eval.RequestInput) *eval.Request {
	tb.Helper()
	r, err := eval.NewRequest(in, time.Time{})
	if err != nil {
		tb.Fatal(err)
	}
	return r
}
