package guardrail

import (
	"fmt"
	"strconv"

	"github.com/sekisho/sekisho/policy"
)

const (
	imdsPolicyDoc = "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ExamplePolicies_EC2.html#iam-example-instance-metadata"
	imdsv2Doc     = "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-new-instances.html"
	instancesARN  = "arn:aws:ec2:*:*:instance/*"
)

func init() {
	register(&Generator{
		Name:    RequireIMDSv2,
		Summary: "SCP: instances launch only with IMDSv2 required, and role credentials fetched through IMDSv1 are refused (seed 000's caveat)",
		Doc:     imdsPolicyDoc,
		Params: []Param{
			{Name: "hop-limit", check: checkHopLimit,
				Help: "also deny launching with a metadata PUT response hop limit above this (1-64)"},
			{Name: "admin-roles", List: true, check: checkRole,
				Help: "also deny ec2:ModifyInstanceMetadataOptions to every role but these (names or paths with *)"},
		},
		build: buildIMDSv2,
	})
}

func checkHopLimit(v string) error {
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 64 {
		return fmt.Errorf("got %q: expected a whole number from 1 to 64", v)
	}
	return nil
}

func buildIMDSv2(a args) (*Result, error) {
	st := []Statement{
		{Sid: "RequireImdsV2", Effect: "Deny", Action: "ec2:RunInstances", Resource: instancesARN,
			Condition: Conditions{"StringNotEquals": {"ec2:MetadataHttpTokens": "required"}}},
		{Sid: "DenyImdsV1RoleCredentials", Effect: "Deny", Action: "*", Resource: "*",
			Condition: Conditions{"NumericLessThan": {"ec2:RoleDelivery": "2.0"}}},
	}
	hop := a.str("hop-limit")
	if hop != "" {
		st = append(st, Statement{Sid: "LimitImdsHopCount", Effect: "Deny", Action: "ec2:RunInstances", Resource: instancesARN,
			Condition: Conditions{"NumericGreaterThan": {"ec2:MetadataHttpPutResponseHopLimit": hop}}})
	}
	if err := checkRolePatterns(a.list("admin-roles")); err != nil {
		return nil, fmt.Errorf("parameter admin-roles: %w", err)
	}
	var admins []string
	for _, role := range a.list("admin-roles") {
		admins = append(admins, "arn:aws:iam::*:role/"+role)
	}
	if len(admins) > 0 {
		st = append(st, Statement{Sid: "RestrictImdsOptionChanges", Effect: "Deny", Action: "ec2:ModifyInstanceMetadataOptions", Resource: "*",
			Condition: Conditions{"ArnNotLike": {"aws:PrincipalARN": admins}}})
	}
	r := &Result{Kind: policy.SCP, Policy: newDocument(st...)}
	r.Cases = imdsCases(r, hop, a.list("admin-roles"))
	return r, nil
}

func imdsCases(r *Result, hop string, adminRoles []string) []Case {
	devName := unexemptRole(adminRoles)
	dev := "arn:aws:sts::111111111111:assumed-role/" + devName + "/alice"
	launch := func(tokens string, extra map[string]any) Request {
		ctx := map[string]any{"ec2:MetadataHttpTokens": tokens, "aws:RequestedRegion": "ap-northeast-1"}
		for k, v := range extra {
			ctx[k] = v
		}
		return Request{Principal: dev, Action: "ec2:RunInstances",
			Resource: "arn:aws:ec2:ap-northeast-1:111111111111:instance/*", Context: ctx}
	}
	hopCtx := map[string]any{}
	if hop != "" {
		hopCtx["ec2:MetadataHttpPutResponseHopLimit"] = hop
	}
	withRole := func(delivery string) Request {
		ctx := instanceContext(map[string]any{"aws:SourceVpc": ownVPC})
		if delivery != "" {
			ctx["ec2:RoleDelivery"] = delivery
		}
		return Request{Principal: instanceRole, Action: "s3:GetObject", Resource: appBucket + "/data.csv",
			ResourceAccount: ownAccount, Context: ctx}
	}
	cases := []Case{
		{Name: "launch-with-imdsv2-required", Doc: imdsPolicyDoc, Expect: "Allow", Request: launch("required", hopCtx)},
		{Name: "launch-with-imdsv1-enabled-denied", Doc: imdsPolicyDoc, Expect: "ExplicitDeny",
			Description: "HttpTokens optional leaves IMDSv1 on: the launch is denied.",
			Request:     launch("optional", hopCtx)},
		{Name: "launch-other-resources-unaffected", Doc: imdsPolicyDoc, Expect: "Allow",
			Description: "RunInstances is authorized once per resource; the statement names the instance resource only, where ec2:MetadataHttpTokens is present.",
			Request: Request{Principal: dev, Action: "ec2:RunInstances",
				Resource: "arn:aws:ec2:ap-northeast-1:111111111111:subnet/subnet-0abc", Context: map[string]any{"aws:RequestedRegion": "ap-northeast-1"}}},
		{Name: "imdsv1-role-credentials-denied", Doc: imdsPolicyDoc, Expect: "ExplicitDeny",
			Description: "Credentials an instance fetched through IMDSv1 carry ec2:RoleDelivery 1.0: every request with them is denied.",
			Request:     withRole("1.0")},
		{Name: "imdsv2-role-credentials-allowed", Doc: imdsv2Doc, Expect: "Allow", Request: withRole("2.0")},
		{Name: "credentials-not-from-imds-unaffected", Doc: imdsPolicyDoc, Expect: "Allow",
			Description: "An IAM user's keys have no ec2:RoleDelivery; NumericLessThan is false for a missing key.",
			Request: Request{Principal: ownUser, Action: "s3:GetObject", Resource: appBucket + "/data.csv",
				ResourceAccount: ownAccount}},
	}
	if hop != "" {
		n, _ := strconv.Atoi(hop)
		cases = append(cases, Case{Name: "launch-with-higher-hop-limit-denied", Doc: imdsPolicyDoc, Expect: "ExplicitDeny",
			Request: launch("required", map[string]any{"ec2:MetadataHttpPutResponseHopLimit": strconv.Itoa(n + 1)})})
	}
	if len(adminRoles) > 0 {
		pathName, name := exampleRole(adminRoles[0])
		modify := func(principal, arn string) Request {
			return Request{Principal: principal, Action: "ec2:ModifyInstanceMetadataOptions",
				Resource: "arn:aws:ec2:ap-northeast-1:111111111111:instance/i-0abc123def4567890",
				Context:  map[string]any{"aws:PrincipalArn": arn}}
		}
		cases = append(cases,
			Case{Name: "admin-role-modifies-metadata-options", Doc: imdsPolicyDoc, Expect: "Allow",
				Request: modify("arn:aws:sts::111111111111:assumed-role/"+name+"/admin", "arn:aws:iam::111111111111:role/"+pathName)},
			Case{Name: "other-role-modifies-metadata-options-denied", Doc: imdsPolicyDoc, Expect: "ExplicitDeny",
				Description: "Without the restriction, anyone allowed ec2:ModifyInstanceMetadataOptions could turn IMDSv1 back on.",
				Request:     modify(dev, "arn:aws:iam::111111111111:role/"+devName)})
	}
	for i := range cases {
		cases[i].Name = RequireIMDSv2 + "/" + cases[i].Name
		cases[i].Policies = Policies{
			Identity: []NamedPolicy{adminAccess()},
			SCP:      [][]NamedPolicy{{fullAccess()}, {fullAccess(), r.self()}},
		}
	}
	return cases
}
