package eval_test

import (
	"strings"
	"testing"

	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/policy"
)

// TestDerivedKeysThatDecide: a key Sekisho filled in, tested by a
// statement that applies to the request, is named in the explanation with
// where its value came from; a key the request gives, or one only
// statements for other requests test, is not.
func TestDerivedKeysThatDecide(t *testing.T) {
	t.Parallel()
	regionLock := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},
		{"Effect":"Deny","Action":"ec2:Copy*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"ap-northeast-1"}}}]}`
	epochWindow := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*",
		"Condition":{"DateLessThan":{"aws:EpochTime":"1893456000"}}}]}`
	homeDir := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::home/${aws:username}/*"}]}`
	sameRegion := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:StartInstances","Resource":"arn:aws:ec2:${aws:RequestedRegion}:111111111111:instance/*"}]}`
	rolePath := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/app"}}}]}`
	s3Only := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},
		{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"ap-northeast-1"}}}]}`
	snapshot := "arn:aws:ec2:us-east-1::snapshot/snap-0abc"
	tests := []struct {
		name     string
		policy   string
		in       eval.RequestInput
		want     eval.Decision
		derived  string // "key=from-substring", or "" for none
		notnamed string
	}{
		{"region-from-resource-arn", regionLock,
			eval.RequestInput{Principal: mustPrincipal(t, "arn:aws:iam::111111111111:user/alice"), Action: "ec2:CopySnapshot", Resource: snapshot},
			eval.ExplicitDeny, "aws:RequestedRegion=resource ARN's Region", ""},
		{"region-given", regionLock,
			eval.RequestInput{Principal: mustPrincipal(t, "arn:aws:iam::111111111111:user/alice"), Action: "ec2:CopySnapshot", Resource: snapshot,
				Context: map[string][]string{"aws:RequestedRegion": {"ap-northeast-1"}}},
			eval.Allow, "", "aws:RequestedRegion"},
		// Taken from the given aws:CurrentTime: a consequence, not an assumption.
		{"epoch-from-current-time", epochWindow,
			eval.RequestInput{Principal: mustPrincipal(t, "arn:aws:iam::111111111111:user/alice"), Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k",
				Context: map[string][]string{"aws:CurrentTime": {"2031-01-01T00:00:00Z"}}},
			eval.ImplicitDeny, "", "aws:EpochTime"},
		{"epoch-from-the-clock", epochWindow,
			eval.RequestInput{Principal: mustPrincipal(t, "arn:aws:iam::111111111111:user/alice"), Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k"},
			eval.Allow, "aws:EpochTime=from the clock", ""},
		{"region-in-resource", sameRegion,
			eval.RequestInput{Principal: mustPrincipal(t, "arn:aws:iam::111111111111:user/alice"), Action: "ec2:StartInstances", Resource: "arn:aws:ec2:us-east-1:111111111111:instance/i-0abc"},
			eval.Allow, "aws:RequestedRegion=resource ARN's Region", ""},
		{"role-path-assumed", rolePath,
			eval.RequestInput{Principal: mustPrincipal(t, "arn:aws:sts::111111111111:assumed-role/app/s1"), Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k"},
			eval.Allow, "aws:PrincipalArn=path taken as /", ""},
		// Taken from the principal's own ARN: a consequence, not named.
		{"username-in-resource", homeDir,
			eval.RequestInput{Principal: mustPrincipal(t, "arn:aws:iam::111111111111:user/alice"), Action: "s3:GetObject", Resource: "arn:aws:s3:::home/alice/notes.txt"},
			eval.Allow, "", "aws:username"},
		// Given by a model that assumed it: named with the model's reason.
		{"region-assumed-by-the-giver", regionLock,
			eval.RequestInput{Principal: mustPrincipal(t, "arn:aws:iam::111111111111:user/alice"), Action: "ec2:CopySnapshot", Resource: snapshot,
				Context: map[string][]string{"aws:RequestedRegion": {"us-east-1"}}, Assumed: map[string]string{"aws:RequestedRegion": "from the model's guess"}},
			eval.ExplicitDeny, "aws:RequestedRegion=from the model's guess", ""},
		{"statement-for-another-service", s3Only,
			eval.RequestInput{Principal: mustPrincipal(t, "arn:aws:iam::111111111111:user/alice"), Action: "ec2:CopySnapshot", Resource: snapshot},
			eval.Allow, "", "aws:RequestedRegion"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := mustPrepare(t, eval.PolicySet{Identity: []*policy.Policy{mustParse(t, tt.policy, policy.Identity)}})
			res, exp := p.Explain(mustRequest(t, tt.in))
			if res.Decision != tt.want {
				t.Fatalf("decision %s, want %s: %s", res.Decision, tt.want, exp.Summary)
			}
			if tt.derived == "" && len(exp.DerivedKeys) > 0 && tt.notnamed == "" {
				t.Errorf("derived keys %+v, want none", exp.DerivedKeys)
			}
			if tt.derived != "" {
				key, from, _ := strings.Cut(tt.derived, "=")
				found := false
				for _, d := range exp.DerivedKeys {
					if d.Key == key && strings.Contains(d.From, from) && len(d.Values) == 1 {
						found = true
					}
				}
				if !found {
					t.Errorf("derived keys %+v, want %s taken %q", exp.DerivedKeys, key, from)
				}
			}
			for _, d := range exp.DerivedKeys {
				if tt.notnamed != "" && strings.EqualFold(d.Key, tt.notnamed) {
					t.Errorf("%s named as derived: %+v", d.Key, d)
				}
			}
		})
	}
}

// TestListWarning: a plain operator meeting a list is named in the
// explanation's warnings, in an Allow that does not apply and in a Deny
// that does.
func TestListWarning(t *testing.T) {
	t.Parallel()
	tests := []struct {
		policy string
		want   eval.Decision
		says   string
	}{
		{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:TagKeys":"env"}}}]}`,
			eval.ImplicitDeny, "in an Allow it never holds"},
		{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:TagKeys":"env"}}}]}`,
			eval.ExplicitDeny, "in a Deny it is read as holding if it holds for any one value"},
	}
	for _, tt := range tests {
		p := mustPrepare(t, eval.PolicySet{Identity: []*policy.Policy{mustParse(t, tt.policy, policy.Identity)}})
		req := mustRequest(t, eval.RequestInput{Principal: mustPrincipal(t, "arn:aws:iam::111111111111:user/alice"), Action: "ec2:CreateTags",
			Resource: "arn:aws:ec2:us-east-1:111111111111:instance/i-0abc",
			Context:  map[string][]string{"aws:TagKeys": {"env"}}, Lists: map[string]bool{"aws:TagKeys": true}})
		res, exp := p.Explain(req)
		if res.Decision != tt.want || p.Evaluate(req).Decision != tt.want {
			t.Errorf("decision %s, want %s: %s", res.Decision, tt.want, exp.Summary)
		}
		if !strings.Contains(strings.Join(exp.Warnings, "\n"), tt.says) {
			t.Errorf("warnings %q do not say %q", exp.Warnings, tt.says)
		}
	}
}
