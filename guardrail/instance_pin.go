package guardrail

import "github.com/sekisho/sekisho/policy"

// The accounts, principals and networks of the generated cases.
const (
	ownAccount     = "111111111111"
	foreignAccount = "222222222222"
	instanceRole   = "arn:aws:sts::111111111111:assumed-role/app-instance-role/i-0abc123def4567890"
	instanceARN    = "arn:aws:ec2:ap-northeast-1:111111111111:instance/i-0abc123def4567890"
	ownUser        = "arn:aws:iam::111111111111:user/alice"
	ownVPC         = "vpc-abc123"
	attackerVPC    = "vpc-xyz789"
	instanceIP     = "10.0.1.23"
	internetIP     = "203.0.113.50"
	appBucket      = "arn:aws:s3:::app-bucket"
)

const credentialsDoc = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-ec2instancesourcevpc"

func init() {
	register(&Generator{
		Name:    InstancePin,
		Summary: "SCP: EC2 instance role credentials work only from their own VPC or private IP (seed 000)",
		Doc:     credentialsDoc,
		Params: []Param{
			{Name: "key", Default: "vpc", Choices: []string{"vpc", "ip", "both"},
				Help: "vpc: aws:ec2InstanceSourceVpc must equal ${aws:SourceVpc}; ip: aws:ec2InstanceSourcePrivateIPv4 must equal ${aws:VpcSourceIp}; both: two statements"},
			{Name: "exempt-aws-service-calls", Default: "true", Choices: []string{"true", "false"},
				Help: "true: requests AWS services make on the role's behalf (aws:ViaAWSService) are not denied, as in AWS's example"},
		},
		build: buildInstancePin,
	})
}

// pinStatement denies every action when the instance credentials' key
// differs from the request's variable; the Null guard limits it to
// requests signed with credentials delivered by the instance metadata service.
func pinStatement(sid, key, variable string, exemptService bool) Statement {
	c := Conditions{
		"StringNotEquals": {key: "${" + variable + "}"},
		"Null":            {key: "false"},
	}
	if exemptService {
		c["BoolIfExists"] = map[string]any{"aws:ViaAWSService": "false"}
	}
	return Statement{Sid: sid, Effect: "Deny", Action: "*", Resource: "*", Condition: c}
}

func buildInstancePin(a args) (*Result, error) {
	key, exempt := a.str("key"), a.flag("exempt-aws-service-calls")
	var st []Statement
	if key != "ip" {
		st = append(st, pinStatement("PinInstanceCredentialsToVpc", "aws:ec2InstanceSourceVpc", "aws:SourceVpc", exempt))
	}
	if key != "vpc" {
		st = append(st, pinStatement("PinInstanceCredentialsToPrivateIp", "aws:ec2InstanceSourcePrivateIPv4", "aws:VpcSourceIp", exempt))
	}
	r := &Result{Kind: policy.SCP, Policy: newDocument(st...)}
	r.Cases = instancePinCases(r, key, exempt)
	return r, nil
}

// instanceContext is what a request signed with the instance's credentials
// carries, plus the given network keys.
func instanceContext(extra map[string]any) map[string]any {
	ctx := map[string]any{
		"aws:ec2InstanceSourceVpc":         ownVPC,
		"aws:ec2InstanceSourcePrivateIPv4": instanceIP,
		"ec2:SourceInstanceARN":            instanceARN,
		"aws:ViaAWSService":                "false",
	}
	for k, v := range extra {
		ctx[k] = v
	}
	return ctx
}

func instancePinCases(r *Result, key string, exempt bool) []Case {
	scp := func() Policies {
		return Policies{
			Identity: []NamedPolicy{adminAccess()},
			SCP:      [][]NamedPolicy{{fullAccess()}, {fullAccess(), r.self()}},
		}
	}
	list := func(req Request) Request {
		if req.Principal == "" {
			req.Principal = instanceRole
		}
		if req.Action == "" {
			req.Action, req.Resource, req.ResourceAccount = "s3:ListBucket", appBucket, ownAccount
		}
		return req
	}
	cases := []Case{
		{
			Name: "legit-call-from-instance", Doc: credentialsDoc, Expect: "Allow",
			Description: "The instance calls S3 through its VPC's endpoint: the credentials' VPC and private IP are the request's.",
			Request:     list(Request{Context: instanceContext(map[string]any{"aws:SourceVpc": ownVPC, "aws:VpcSourceIp": instanceIP})}),
		},
		{
			Name: "stolen-credentials-from-internet", Doc: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-no-value", Expect: "ExplicitDeny",
			Description: "Seed 000 case 2: the stolen credentials used from the internet; the request has no aws:SourceVpc or aws:VpcSourceIp, and a negated operator matches a variable without a value.",
			Request:     list(Request{Context: instanceContext(map[string]any{"aws:SourceIp": internetIP})}),
		},
		{
			Name: "stolen-credentials-from-attacker-vpc", Doc: credentialsDoc, Expect: "ExplicitDeny",
			Description: "Seed 000 case 3: the stolen credentials used in the attacker's own VPC, through an endpoint there.",
			Request:     list(Request{Context: instanceContext(map[string]any{"aws:SourceVpc": attackerVPC, "aws:VpcSourceIp": "172.31.5.9"})}),
		},
		{
			Name: "iam-user-unaffected", Doc: credentialsDoc, Expect: "Allow",
			Description: "An IAM user's access keys carry no aws:ec2InstanceSource* key: the Null guard keeps the statement from applying.",
			Request:     list(Request{Principal: ownUser, Context: map[string]any{"aws:SourceIp": internetIP, "aws:ViaAWSService": "false"}}),
		},
		{
			Name: "instance-without-vpc-endpoint-denied", Doc: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourcevpc", Expect: "ExplicitDeny",
			Description: "aws:SourceVpc and aws:VpcSourceIp are present only for requests through a VPC endpoint: the instance itself is denied when it reaches the service through a NAT or internet gateway. Deploy endpoints for every service the instances call.",
			Request:     list(Request{Context: instanceContext(map[string]any{"aws:SourceIp": "198.51.100.7"})}),
		},
	}
	replay := Case{
		Name: "replay-from-other-host-in-same-vpc", Doc: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-ec2instancesourceprivateip4",
		Description: "The credentials copied to another host of the same VPC: aws:SourceVpc matches, the private IP does not. Only the private-IP statement catches it.",
		Request:     list(Request{Context: instanceContext(map[string]any{"aws:SourceVpc": ownVPC, "aws:VpcSourceIp": "10.0.1.99"})}),
		Expect:      "ExplicitDeny",
	}
	if key == "vpc" {
		replay.Expect = "Allow"
	}
	cases = append(cases, replay)
	onBehalf := Case{
		Name: "aws-service-call-on-behalf-of-instance", Doc: credentialsDoc,
		Description: "A CloudFormation stack created from the instance creates a DynamoDB table with the instance role's credentials: that request has aws:ViaAWSService true and no aws:SourceVpc.",
		Request: Request{
			Principal: instanceRole, Action: "dynamodb:CreateTable",
			Resource: "arn:aws:dynamodb:ap-northeast-1:111111111111:table/app-table",
			Context:  instanceContext(map[string]any{"aws:ViaAWSService": "true", "aws:CalledVia": []string{"cloudformation.amazonaws.com"}}),
		},
		Expect: "Allow",
	}
	if !exempt {
		onBehalf.Name = "aws-service-call-on-behalf-of-instance-denied"
		onBehalf.Description += " Without the aws:ViaAWSService exception the guardrail denies it."
		onBehalf.Expect = "ExplicitDeny"
	}
	cases = append(cases, onBehalf)
	for i := range cases {
		cases[i].Name = InstancePin + "/" + cases[i].Name
		cases[i].Policies = scp()
	}
	return cases
}
