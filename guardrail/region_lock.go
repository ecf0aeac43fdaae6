package guardrail

import (
	"fmt"
	"slices"
	"strings"

	"github.com/sekisho/sekisho/policy"
)

const (
	regionKeyDoc   = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-requestedregion"
	regionSCPDoc   = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html#example-scp-deny-region"
	regionLockSeed = "seed 001 (001_e1a910b21d33822a.txt)"
)

// ec2MutatingActions are seed 001's action patterns: every EC2 action that
// changes something, leaving Describe*, Get* and List* allowed.
var ec2MutatingActions = []string{
	"ec2:Release*", "ec2:Reboot*", "ec2:Attach*", "ec2:Update*", "ec2:Modify*", "ec2:Reset*",
	"ec2:Assign*", "ec2:Disable*", "ec2:Delete*", "ec2:Create*", "ec2:Register*", "ec2:Purchase*",
	"ec2:Request*", "ec2:Run*", "ec2:Copy*", "ec2:Revoke*", "ec2:Stop*", "ec2:Allocate*",
	"ec2:Restore*", "ec2:Start*", "ec2:Terminate*", "ec2:Import*", "ec2:Associate*", "ec2:Enable*",
}

// globalServiceActions is the NotAction list of AWS Organizations' example
// SCP "Deny access to AWS based on the requested AWS Region": global
// services whose endpoints are in us-east-1, and a few global operations.
var globalServiceActions = []string{
	"a4b:*", "acm:*", "aws-marketplace-management:*", "aws-marketplace:*", "aws-portal:*",
	"budgets:*", "ce:*", "chime:*", "cloudfront:*", "config:*", "cur:*", "directconnect:*",
	"ec2:DescribeRegions", "ec2:DescribeTransitGateways", "ec2:DescribeVpnGateways",
	"fms:*", "globalaccelerator:*", "health:*", "iam:*", "importexport:*", "kms:*",
	"mobileanalytics:*", "networkmanager:*", "organizations:*", "pricing:*",
	"route53:*", "route53domains:*", "route53-recovery-cluster:*",
	"route53-recovery-control-config:*", "route53-recovery-readiness:*",
	"s3:GetAccountPublic*", "s3:ListAllMyBuckets", "s3:ListMultiRegionAccessPoints",
	"s3:PutAccountPublic*", "shield:*", "sts:*", "support:*", "trustedadvisor:*",
	"waf-regional:*", "waf:*", "wafv2:*", "wellarchitected:*",
}

func init() {
	register(&Generator{
		Name:    RegionLock,
		Summary: "deny EC2 changes (identity policy, seed 001) or every regional service (SCP) outside the given Regions",
		Doc:     regionSCPDoc,
		Params: []Param{
			{Name: "regions", Default: "ap-northeast-1", List: true, check: checkRegion,
				Help: "the Regions that stay allowed, comma-separated"},
			{Name: "scope", Default: "identity", Choices: []string{"identity", "scp"},
				Help: "identity: seed 001's inline policy denying EC2 mutating actions; scp: deny every action but AWS's global-service exceptions"},
			{Name: "exempt-roles", List: true, check: checkRole,
				Help: "scope=scp only: role names (or paths with *) that may act in any Region, e.g. OrgAdmin"},
		},
		build: buildRegionLock,
	})
}

// RegionLockPolicy is seed 001's identity policy for the given Regions: the
// document `sekisho remediate` attaches to new users.
func RegionLockPolicy(regions []string) (Document, error) {
	r, err := Generate(RegionLock, map[string]string{"regions": strings.Join(regions, ","), "scope": "identity"})
	if err != nil {
		return Document{}, err
	}
	return r.Policy, nil
}

func buildRegionLock(a args) (*Result, error) {
	regions := a.list("regions")
	if len(regions) == 0 {
		return nil, fmt.Errorf("parameter regions: expected at least one Region")
	}
	if a.str("scope") == "identity" {
		if len(a.list("exempt-roles")) > 0 {
			return nil, fmt.Errorf("parameter exempt-roles: applies to scope=scp only (an identity policy is attached to the principals it restricts)")
		}
		r := &Result{Kind: policy.Identity, Policy: newDocument(Statement{
			Sid: "DenyEc2ChangesOutsideAllowedRegions", Effect: "Deny",
			Action: ec2MutatingActions, Resource: "*",
			Condition: Conditions{"StringNotEquals": {"aws:RequestedRegion": regions}},
		})}
		r.Cases = regionIdentityCases(r, regions)
		return r, nil
	}
	if err := checkRolePatterns(a.list("exempt-roles")); err != nil {
		return nil, fmt.Errorf("parameter exempt-roles: %w", err)
	}
	c := Conditions{"StringNotEquals": {"aws:RequestedRegion": regions}}
	var exempt []string
	for _, role := range a.list("exempt-roles") {
		exempt = append(exempt, "arn:aws:iam::*:role/"+role)
	}
	if len(exempt) > 0 {
		c["ArnNotLike"] = map[string]any{"aws:PrincipalARN": exempt}
	}
	r := &Result{Kind: policy.SCP, Policy: newDocument(Statement{
		Sid: "DenyAllOutsideAllowedRegions", Effect: "Deny",
		NotAction: globalServiceActions, Resource: "*", Condition: c,
	})}
	r.Cases = regionSCPCases(r, regions, a.list("exempt-roles"))
	return r, nil
}

// outsideRegion returns a Region that is not allowed.
func outsideRegion(allowed []string) string {
	for _, r := range []string{"us-east-1", "us-west-2", "eu-west-1", "sa-east-1", "ap-south-1"} {
		if !slices.Contains(allowed, r) {
			return r
		}
	}
	return "me-south-1"
}

// regionalRequest is a request to a regional action in the given Region.
func regionalRequest(principal, action, resource, region string) Request {
	return Request{Principal: principal, Action: action, Resource: resource,
		Context: map[string]any{"aws:RequestedRegion": region}}
}

func instanceResource(region string) string {
	return "arn:aws:ec2:" + region + ":111111111111:instance/*"
}

func regionIdentityCases(r *Result, regions []string) []Case {
	out := outsideRegion(regions)
	in := regions[0]
	cases := []Case{
		{Name: "run-instances-outside-denied", Doc: regionLockSeed, Expect: "ExplicitDeny",
			Description: "Seed 001: launching an instance in " + out + " is denied (the crypto-mining attacker's first move).",
			Request:     regionalRequest(ownUser, "ec2:RunInstances", instanceResource(out), out)},
		{Name: "run-instances-allowed-region", Doc: regionLockSeed, Expect: "Allow",
			Description: "Seed 001: launching in " + in + " succeeds.",
			Request:     regionalRequest(ownUser, "ec2:RunInstances", instanceResource(in), in)},
		{Name: "terminate-instances-outside-denied", Doc: regionKeyDoc, Expect: "ExplicitDeny",
			Description: "ec2:Terminate* is one of the mutating patterns.",
			Request:     regionalRequest(ownUser, "ec2:TerminateInstances", "arn:aws:ec2:"+out+":111111111111:instance/i-0abc", out)},
		{Name: "describe-instances-outside-allowed", Doc: regionLockSeed, Expect: "Allow",
			Description: "Read-only actions stay allowed everywhere, so the console still shows what runs where.",
			Request:     regionalRequest(ownUser, "ec2:DescribeInstances", "*", out)},
		{Name: "other-service-outside-not-covered", Doc: regionKeyDoc, Expect: "Allow",
			Description: "The gap of the identity policy: it covers EC2 only. Use scope=scp to deny every regional service.",
			Request:     regionalRequest(ownUser, "lambda:CreateFunction", "arn:aws:lambda:"+out+":111111111111:function:miner", out)},
	}
	for _, extra := range regions[1:] {
		cases = append(cases, Case{Name: "run-instances-in-" + extra, Doc: regionKeyDoc, Expect: "Allow",
			Description: extra + " is allowed too.",
			Request:     regionalRequest(ownUser, "ec2:RunInstances", instanceResource(extra), extra)})
	}
	for i := range cases {
		cases[i].Name = RegionLock + "/" + cases[i].Name
		cases[i].Policies = Policies{Identity: []NamedPolicy{adminAccess(), r.self()}}
	}
	return cases
}

func regionSCPCases(r *Result, regions, exemptRoles []string) []Case {
	out, in := outsideRegion(regions), regions[0]
	admin := "arn:aws:sts::111111111111:assumed-role/" + unexemptRole(exemptRoles) + "/alice"
	cases := []Case{
		{Name: "run-instances-outside-denied", Doc: regionSCPDoc, Expect: "ExplicitDeny",
			Request: regionalRequest(admin, "ec2:RunInstances", instanceResource(out), out)},
		{Name: "other-regional-service-outside-denied", Doc: regionSCPDoc, Expect: "ExplicitDeny",
			Description: "Unlike the identity policy, the SCP covers every regional service.",
			Request:     regionalRequest(admin, "lambda:CreateFunction", "arn:aws:lambda:"+out+":111111111111:function:miner", out)},
		{Name: "run-instances-allowed-region", Doc: regionSCPDoc, Expect: "Allow",
			Request: regionalRequest(admin, "ec2:RunInstances", instanceResource(in), in)},
		{Name: "global-service-iam-allowed", Doc: regionSCPDoc, Expect: "Allow",
			Description: "IAM is a global service served from us-east-1: it is in the NotAction list.",
			Request:     regionalRequest(admin, "iam:CreateRole", "arn:aws:iam::111111111111:role/app", "us-east-1")},
		{Name: "global-service-sts-allowed", Doc: regionSCPDoc, Expect: "Allow",
			Request: regionalRequest(admin, "sts:GetCallerIdentity", "*", out)},
		{Name: "describe-regions-allowed", Doc: regionSCPDoc, Expect: "Allow",
			Description: "ec2:DescribeRegions is exempt so that tools can list the Regions from anywhere.",
			Request:     regionalRequest(admin, "ec2:DescribeRegions", "*", out)},
	}
	for i, role := range exemptRoles {
		pathName, name := exampleRole(role)
		label := fmt.Sprintf("exempt-role-%d-%s", i+1, strings.ReplaceAll(pathName, "/", "-"))
		req := regionalRequest("arn:aws:sts::111111111111:assumed-role/"+name+"/admin-session", "ec2:RunInstances", instanceResource(out), out)
		req.Context["aws:PrincipalArn"] = "arn:aws:iam::111111111111:role/" + pathName
		cases = append(cases, Case{Name: label, Doc: regionSCPDoc, Expect: "Allow",
			Description: "The role " + role + " is exempt (ArnNotLike aws:PrincipalARN).",
			Request:     req})
	}
	for i := range cases {
		cases[i].Name = RegionLock + "/" + cases[i].Name
		cases[i].Policies = Policies{
			Identity: []NamedPolicy{adminAccess()},
			SCP:      [][]NamedPolicy{{fullAccess()}, {fullAccess(), r.self()}},
		}
	}
	return cases
}

// exampleRole turns a role pattern (name or path/name, with "*") into the
// path and name of a role it matches, and that role's name.
func exampleRole(pattern string) (pathName, name string) {
	pathName = strings.ReplaceAll(pattern, "*", "x")
	return pathName, pathName[strings.LastIndex(pathName, "/")+1:]
}
