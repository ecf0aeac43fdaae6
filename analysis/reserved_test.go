package analysis_test

import (
	"strings"
	"testing"
	"time"

	"github.com/sekisho/sekisho/analysis"
	modelload "github.com/sekisho/sekisho/model/load"
)

// reservedOrg holds roles AWS reserves (a service-linked role and an IAM
// Identity Center role, both with broad permissions) and a user allowed to
// rewrite exactly those roles. AWS refuses the changes whatever the user's
// policy says, so the user is neither an escalation path nor someone who
// can change the roles.
const reservedOrg = `
accounts:
  - id: "111111111111"
    name: workloads
    roles:
      - name: AWSServiceRoleForECS
        path: /aws-service-role/ecs.amazonaws.com/
        trust: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs.amazonaws.com}, Action: sts:AssumeRole}]}
        inline:
          all: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "*", Resource: "*"}]}
      - name: AWSReservedSSO_Admin_0123456789abcdef
        path: /aws-reserved/sso.amazonaws.com/
        trust: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Federated: "arn:aws:iam::111111111111:saml-provider/AWSSSO_0123456789abcdef_DO_NOT_DELETE"}, Action: ["sts:AssumeRoleWithSAML", "sts:TagSession"]}]}
        inline:
          all: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "*", Resource: "*"}]}
    users:
      - name: tinkerer
        inline:
          reserved: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: ["iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:UpdateAssumeRolePolicy"], Resource: ["arn:aws:iam::111111111111:role/aws-service-role/*", "arn:aws:iam::111111111111:role/aws-reserved/*"]}]}
`

func loadReserved(t *testing.T) *analysis.Analyzer {
	t.Helper()
	m, err := modelload.LoadFiles(map[string][]byte{"org.yaml": []byte(reservedOrg)}, modelload.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := analysis.New(m)
	a.Now = time.Date(2026, 1, 31, 12, 0, 0, 0, time.UTC)
	return a
}

// TestPrivescIgnoresReservedRoles: no escalation edge into a service-linked
// or IAM Identity Center role, so the user is not effectively administrator.
func TestPrivescIgnoresReservedRoles(t *testing.T) {
	t.Parallel()
	g, err := loadReserved(t).PrivescGraph()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range g.Edges {
		if strings.Contains(e.From, "user/tinkerer") {
			t.Errorf("escalation edge %s -%s-> %s: AWS refuses changes to reserved roles", e.From, e.Via, e.To)
		}
	}
	for _, r := range g.Remarks {
		if strings.Contains(r.Principal, "user/tinkerer") {
			t.Errorf("%s reported: %s", r.Principal, r.Message)
		}
	}
}

// TestWhoCanReservedRole: nobody can rewrite a reserved role; with
// --show-denied the witness names the reserved-resource gate.
func TestWhoCanReservedRole(t *testing.T) {
	t.Parallel()
	a := loadReserved(t)
	for _, role := range []string{
		"arn:aws:iam::111111111111:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS",
		"arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef",
	} {
		res, err := a.WhoCan("iam:PutRolePolicy", role, analysis.WhoCanOptions{ShowDenied: true})
		if err != nil {
			t.Fatal(err)
		}
		if got := principals(res.Allowed); strings.Contains(got, "user/tinkerer") {
			t.Errorf("%s: allowed = %s, want nobody outside AWS", role, got)
		}
		found := false
		for _, f := range res.Denied {
			if strings.Contains(f.Principal, "user/tinkerer") {
				found = true
				if f.Gate != "reservedResource" || f.Decision != "ImplicitDeny" || f.Reason == "" {
					t.Errorf("%s: tinkerer denied at %s (%s, %q), want ImplicitDeny at reservedResource with the reason", role, f.Gate, f.Decision, f.Reason)
				}
			}
		}
		if !found {
			t.Errorf("%s: tinkerer not among the denied: %s", role, principals(res.Denied))
		}
	}
}

// TestWitnessFilledIn: a who-can answer that rests on a value Sekisho
// assumed (the time, taken from the clock when the run gives none) names it
// in the witness, with where it came from.
func TestWitnessFilledIn(t *testing.T) {
	t.Parallel()
	src := `
accounts:
  - id: "111111111111"
    name: workloads
    users:
      - name: contractor
        inline:
          s3: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "s3:GetObject", Resource: "*", Condition: {DateLessThan: {aws:CurrentTime: "2099-01-01T00:00:00Z"}}}]}
`
	m, err := modelload.LoadFiles(map[string][]byte{"org.yaml": []byte(src)}, modelload.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := analysis.New(m).WhoCan("s3:GetObject", "arn:aws:s3:::data/a.txt", analysis.WhoCanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Allowed) != 1 {
		t.Fatalf("allowed = %s, want contractor", principals(res.Allowed))
	}
	w := res.Allowed[0]
	if len(w.FilledIn) != 1 || w.FilledIn[0].Key != "aws:CurrentTime" || w.FilledIn[0].From != "from the clock" {
		t.Errorf("filled in = %+v, want aws:CurrentTime from the clock", w.FilledIn)
	}
}
