package analysis_test

import (
	"strings"
	"testing"
	"time"

	"github.com/sekisho/sekisho/analysis"
	"github.com/sekisho/sekisho/model"
	modelload "github.com/sekisho/sekisho/model/load"
)

// org is a small organization for seed scenarios 000, 002, 003 and 004: an
// SCP pinning instance credentials to their VPC, an instance whose VPC
// reaches S3 through a gateway endpoint, a role trusted by the whole
// account, and a user allowed to attach policies to itself.
const org = `
organization:
  id: o-test000000
  managementAccount: "000000000000"
  rootId: r-test
  scps: [FullAWSAccess]
  ous:
    - {name: Workloads, id: ou-test-workload, scps: [FullAWSAccess, PINNED]}
  policies:
    - name: pin-to-vpc
      id: p-pintovpc01
      type: scp
      document:
        Version: "2012-10-17"
        Statement:
          - Sid: PinInstanceCredentials
            Effect: Deny
            Action: "*"
            Resource: "*"
            Condition:
              StringNotEquals: {aws:ec2InstanceSourceVpc: "${aws:SourceVpc}"}
              "Null": {aws:ec2InstanceSourceVpc: "false"}
accounts:
  - id: "000000000000"
    name: management
  - id: "111111111111"
    name: workloads
    ou: Workloads
    scps: [FullAWSAccess]
    roles:
      - name: app-role
        trust: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]}
        inline:
          app: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: ["s3:GetObject", "s3:PutObject", "s3:ListBucket"], Resource: "*"}]}
      - name: broad-role
        trust: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {AWS: "arn:aws:iam::111111111111:root"}, Action: sts:AssumeRole}]}
        inline:
          read: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "s3:GetObject", Resource: "arn:aws:s3:::data-bucket/*"}]}
      - name: vendor-role
        trust: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {AWS: "arn:aws:iam::111111111111:user/alice"}, Action: sts:AssumeRole, Condition: {StringEquals: {sts:ExternalId: "vendor-secret"}}}]}
    instanceProfiles:
      - {name: app-profile, role: app-role}
    users:
      - name: alice
        inline:
          assume: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "sts:AssumeRole", Resource: "*"}]}
      - name: mallory
        inline:
          self: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "iam:AttachUserPolicy", Resource: "arn:aws:iam::111111111111:user/mallory"}]}
    buckets:
      - {name: data-bucket, region: ap-northeast-1}
    vpcs:
      - id: vpc-abc123
        region: ap-northeast-1
        internetGateway: igw-0abc
        endpoints:
          - id: vpce-0s3
            service: s3
            type: gateway
            ENDPOINT_POLICY
    instances:
      - {id: i-0app, vpc: vpc-abc123, privateIp: 10.0.1.23, publicIp: 198.51.100.23, instanceProfile: app-profile, imds: v2}
`

const ownPrincipalsOnly = `policy: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: "*", Action: "*", Resource: "*", Condition: {StringEquals: {aws:PrincipalAccount: "111111111111", aws:ResourceAccount: "111111111111"}}}]}`

// load builds the organization; guarded selects the twin with the
// guardrails (the pinning SCP and the endpoint policy) or without them.
func loadOrg(t *testing.T, guarded bool) *analysis.Analyzer {
	t.Helper()
	src := org
	if guarded {
		src = strings.Replace(src, "PINNED", "pin-to-vpc", 1)
		src = strings.Replace(src, "ENDPOINT_POLICY", ownPrincipalsOnly, 1)
	} else {
		src = strings.Replace(src, ", PINNED", "", 1)
		src = strings.Replace(src, "ENDPOINT_POLICY", "", 1)
	}
	m, err := modelload.LoadFiles(map[string][]byte{"org.yaml": []byte(src)}, modelload.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := analysis.New(m)
	a.Now = time.Date(2026, 1, 31, 12, 0, 0, 0, time.UTC)
	return a
}

func TestWhoCan(t *testing.T) {
	t.Parallel()
	a := loadOrg(t, true)
	res, err := a.WhoCan("s3:GetObject", "arn:aws:s3:::data-bucket/report.csv", analysis.WhoCanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := principals(res.Allowed)
	want := "arn:aws:iam::111111111111:role/app-role arn:aws:iam::111111111111:role/broad-role"
	if got != want {
		t.Errorf("allowed = %s, want %s", got, want)
	}
	if chains := principals(res.ViaChain); chains != "arn:aws:iam::111111111111:user/alice" {
		t.Errorf("through AssumeRole = %s, want alice (via broad-role)", chains)
	}
	if res.Evaluated >= res.Principals {
		t.Errorf("evaluated %d of %d principals: the pruning did nothing", res.Evaluated, res.Principals)
	}
	for _, f := range res.Allowed {
		if f.Statement == nil || f.Statement.Effect != "Allow" {
			t.Errorf("%s: no allowing statement in the witness", f.Principal)
		}
	}
}

func principals(fs []analysis.Finding) string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Principal)
	}
	return strings.Join(out, " ")
}

// TestLeak: the pinning SCP stops the stolen instance credentials from the
// internet and from a foreign VPC; without it (the twin) they work.
func TestLeak(t *testing.T) {
	t.Parallel()
	for _, guarded := range []bool{true, false} {
		res, err := loadOrg(t, guarded).Leak("i-0app", analysis.WhatCanOptions{Service: "s3"})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Legitimate.Allowed) == 0 {
			t.Fatal("the instance's own credentials allow nothing at the legitimate place")
		}
		for _, p := range res.Elsewhere[:2] { // the internet, a foreign VPC
			stoppedBySCP := len(p.Stopped) == len(res.Legitimate.Allowed) && p.Stopped[0].Gate == "scp"
			if stoppedBySCP != guarded {
				t.Errorf("guarded=%v, %s: %d stopped of %d (first: %+v)", guarded, p.Name, len(p.Stopped), len(res.Legitimate.Allowed), p.Stopped)
			}
		}
		if res.IMDSv1 == nil || res.IMDSv1.Error == "" {
			t.Errorf("an instance requiring IMDSv2 must make IMDSv1 credentials unusable: %+v", res.IMDSv1)
		}
	}
}

// TestExfil: the endpoint policy closes the insider's foreign-credentials
// path (seed 002) and the instance role's write to a foreign bucket (seed
// 004); the twin without it leaves them open.
func TestExfil(t *testing.T) {
	t.Parallel()
	for _, guarded := range []bool{true, false} {
		res, err := loadOrg(t, guarded).Exfil("vpc-abc123")
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Paths) != 3 {
			t.Fatalf("paths = %d, want 3", len(res.Paths))
		}
		for _, p := range res.Paths {
			if p.Open == guarded {
				t.Errorf("guarded=%v: path %q open=%v (%s)", guarded, p.Name, p.Open, p.Guardrail)
			}
		}
	}
}

// TestAssumeGraph: the role trusting the whole account is flagged, and
// alice reaches it.
func TestAssumeGraph(t *testing.T) {
	t.Parallel()
	g, err := loadOrg(t, true).AssumeGraph(model.Vantage{})
	if err != nil {
		t.Fatal(err)
	}
	edge := false
	for _, e := range g.Edges {
		edge = edge || e.From == "arn:aws:iam::111111111111:user/alice" && e.To == "arn:aws:iam::111111111111:role/broad-role"
	}
	if !edge {
		t.Errorf("no edge alice → broad-role in %+v", g.Edges)
	}
	broad := false
	for _, r := range g.Remarks {
		broad = broad || r.Principal == "arn:aws:iam::111111111111:role/broad-role" && strings.Contains(r.Message, "whole account")
	}
	if !broad {
		t.Errorf("broad trust not reported: %+v", g.Remarks)
	}
}

// TestPrivesc: mallory may attach any policy to herself: effectively
// administrator.
func TestPrivesc(t *testing.T) {
	t.Parallel()
	g, err := loadOrg(t, true).PrivescGraph()
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, r := range g.Remarks {
		msgs = append(msgs, r.Principal+": "+r.Message)
	}
	joined := strings.Join(msgs, "\n")
	if !strings.Contains(joined, "user/mallory: effectively administrator") {
		t.Errorf("mallory not reported as effectively administrator:\n%s", joined)
	}
	if strings.Contains(joined, "user/alice") {
		t.Errorf("alice reported as an administrator:\n%s", joined)
	}
}

// TestWhatCan: the role's permission on the bucket's objects is listed
// against the model's bucket.
func TestWhatCan(t *testing.T) {
	t.Parallel()
	a := loadOrg(t, true)
	res, err := a.WhatCan(model.Credentials{Type: model.ByPrincipal, Principal: "arn:aws:iam::111111111111:role/broad-role"}, analysis.WhatCanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, g := range res.Groups {
		for _, c := range g.Capabilities {
			found = found || c.Action == "s3:GetObject" && c.Resource == "arn:aws:s3:::data-bucket/*"
		}
	}
	if !found {
		t.Errorf("broad-role cannot read data-bucket/*: %+v", res.Groups)
	}
}

// TestAudit: with the guardrails in place the audit finds nothing; the
// twin without them fails the credential-pinning and endpoint checks.
func TestAudit(t *testing.T) {
	t.Parallel()
	guarded, err := loadOrg(t, true).Audit(analysis.AuditOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(guarded.Findings) != 0 {
		t.Errorf("guarded organization: %d findings, want none: %+v", len(guarded.Findings), guarded.Findings)
	}
	open, err := loadOrg(t, false).Audit(analysis.AuditOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checks := map[string]int{}
	for _, f := range open.Findings {
		checks[f.Check]++
		if f.Guardrail == "" {
			t.Errorf("finding without a guardrail: %+v", f)
		}
	}
	if checks[analysis.CheckPinned] != 2 || checks[analysis.CheckEndpoint] != 3 {
		t.Errorf("findings by check = %v, want 2 %s (internet, foreign VPC) and 3 %s", checks, analysis.CheckPinned, analysis.CheckEndpoint)
	}
}

// TestCallerSuppliedKeys: a trust requiring sts:ExternalId admits nobody
// unless the caller is assumed to send it; with the assumption, the edge
// appears and the assumption is reported.
func TestCallerSuppliedKeys(t *testing.T) {
	t.Parallel()
	edge := func(a *analysis.Analyzer) bool {
		g, err := a.AssumeGraph(model.Vantage{})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range g.Edges {
			if e.From == "arn:aws:iam::111111111111:user/alice" && e.To == "arn:aws:iam::111111111111:role/vendor-role" {
				return true
			}
		}
		return false
	}
	if edge(loadOrg(t, true)) {
		t.Error("alice assumes vendor-role without the external id")
	}
	a := loadOrg(t, true)
	a.Assume = map[string][]string{"sts:ExternalId": {"vendor-secret"}}
	if !edge(a) {
		t.Error("alice cannot assume vendor-role with the external id assumed")
	}
	wrong := loadOrg(t, true)
	wrong.Assume = map[string][]string{"sts:ExternalId": {"guess"}}
	if edge(wrong) {
		t.Error("alice assumes vendor-role with the wrong external id")
	}
}
