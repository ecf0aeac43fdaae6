package synth

import (
	"fmt"
)

func doc(stmts ...obj) obj {
	list := make([]any, len(stmts))
	for i, s := range stmts {
		list[i] = s
	}
	return obj{"Version": "2012-10-17", "Statement": list}
}

// orgPolicies are the SCPs and RCPs of the organization, in the spirit of
// AWS's published guardrails.
func orgPolicies() []any {
	return []any{
		obj{"name": "deny-leave-organization", "type": "scp", "document": doc(
			obj{"Sid": "DenyLeave", "Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"})},
		obj{"name": "deny-outside-regions", "type": "scp", "document": doc(
			obj{"Sid": "DenyOutsideRegions", "Effect": "Deny",
				"NotAction": []string{"iam:*", "sts:*", "organizations:*", "support:*", "cloudfront:*", "route53:*"}, "Resource": "*",
				"Condition": obj{"StringNotEquals": obj{"aws:RequestedRegion": []string{"ap-northeast-1", "us-east-1"}},
					"ArnNotLike": obj{"aws:PrincipalArn": "arn:aws:iam::*:role/break-glass"}}})},
		obj{"name": "pin-instance-credentials", "type": "scp", "document": doc(
			obj{"Sid": "PinCredentials", "Effect": "Deny", "Action": "*", "Resource": "*",
				"Condition": obj{"StringNotEquals": obj{"aws:ec2InstanceSourceVpc": "${aws:SourceVpc}"},
					"Null": obj{"aws:ec2InstanceSourceVpc": "false"}, "BoolIfExists": obj{"aws:ViaAWSService": "false"}}})},
		obj{"name": "deny-root-user", "type": "scp", "document": doc(
			obj{"Sid": "DenyRoot", "Effect": "Deny", "Action": "*", "Resource": "*",
				"Condition": obj{"StringLike": obj{"aws:PrincipalArn": "arn:aws:iam::*:root"}}})},
		obj{"name": "s3-org-principals-only", "type": "rcp", "document": doc(
			obj{"Sid": "EnforceOrgIdentities", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
				"Condition": obj{"StringNotEqualsIfExists": obj{"aws:PrincipalOrgID": OrgID},
					"BoolIfExists": obj{"aws:PrincipalIsAWSService": "false"}}})},
	}
}

// awsManaged are stand-ins for a few AWS managed policies (the real
// documents are not embedded in Sekisho).
func awsManaged() []any {
	return []any{
		obj{"name": "ReadOnlyAccess", "document": doc(obj{"Effect": "Allow",
			"Action": []string{"ec2:Describe*", "s3:Get*", "s3:List*", "iam:Get*", "iam:List*", "logs:Get*", "logs:Describe*", "dynamodb:Describe*", "dynamodb:List*"}, "Resource": "*"})},
		obj{"name": "AmazonSSMManagedInstanceCore", "document": doc(obj{"Effect": "Allow",
			"Action": []string{"ssm:DescribeAssociation", "ssm:GetDocument", "ssm:UpdateInstanceInformation", "ssmmessages:*", "ec2messages:*"}, "Resource": "*"})},
		obj{"name": "AWSLambdaBasicExecutionRole", "path": "/service-role/", "document": doc(obj{"Effect": "Allow",
			"Action": []string{"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"}, "Resource": "*"})},
		obj{"name": "AdministratorAccess", "document": doc(obj{"Effect": "Allow", "Action": "*", "Resource": "*"})},
	}
}

var awsManagedARNs = []string{
	"arn:aws:iam::aws:policy/ReadOnlyAccess",
	"arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
	"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
}

func bucketName(acct string, i int) string { return fmt.Sprintf("synth-%s-data-%d", acct, i) }

func (g *gen) account(i int) obj {
	id := AccountID(i)
	a := obj{"id": id, "name": fmt.Sprintf("account-%d", i)}
	if len(g.ous) > 0 {
		a["ou"] = g.path(i % len(g.ous))
	}
	a["policies"] = g.customerPolicies(id)
	a["roles"] = g.roles(i, id)
	a["groups"] = []any{
		obj{"name": "developers", "managed": []string{awsManagedARNs[0]}},
		obj{"name": "admins", "managed": []string{"arn:aws:iam::aws:policy/AdministratorAccess"}},
	}
	a["users"] = g.users(id)
	a["instanceProfiles"] = []any{obj{"name": "app-profile", "role": "app-0"}}
	a["buckets"] = g.buckets(id)
	a["vpcs"] = []any{g.vpc(i, id)}
	a["instances"] = g.instances(i)
	return a
}

func (g *gen) customerPolicies(acct string) []any {
	var out []any
	for p := 0; p < g.cfg.PoliciesPerAcct; p++ {
		b := bucketName(acct, p%g.cfg.BucketsPerAccount)
		var d obj
		switch p % 5 {
		case 0:
			d = doc(obj{"Sid": "ReadData", "Effect": "Allow", "Action": []string{"s3:GetObject", "s3:ListBucket"},
				"Resource": []string{"arn:aws:s3:::" + b, "arn:aws:s3:::" + b + "/*"}})
		case 1:
			d = doc(obj{"Sid": "WriteData", "Effect": "Allow", "Action": []string{"s3:PutObject", "s3:DeleteObject"},
				"Resource": "arn:aws:s3:::" + b + "/${aws:PrincipalTag/team}/*"},
				obj{"Sid": "DenyUnencrypted", "Effect": "Deny", "Action": "s3:PutObject", "Resource": "*",
					"Condition": obj{"StringNotEqualsIfExists": obj{"s3:x-amz-server-side-encryption": "aws:kms"}}})
		case 2:
			d = doc(obj{"Effect": "Allow", "Action": []string{"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"},
				"Resource": fmt.Sprintf("arn:aws:dynamodb:ap-northeast-1:%s:table/orders-%d", acct, p)})
		case 3:
			d = doc(obj{"Effect": "Allow", "Action": []string{"sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"},
				"Resource": fmt.Sprintf("arn:aws:sqs:ap-northeast-1:%s:queue-%d", acct, p)},
				obj{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*",
					"Condition": obj{"StringEquals": obj{"kms:ViaService": "sqs.ap-northeast-1.amazonaws.com"}}})
		default:
			d = doc(obj{"Effect": "Allow", "Action": []string{"ec2:Describe*", "ec2:StartInstances", "ec2:StopInstances"}, "Resource": "*",
				"Condition": obj{"StringEquals": obj{"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}}})
		}
		out = append(out, obj{"name": fmt.Sprintf("app-policy-%d", p), "document": d})
	}
	out = append(out, obj{"name": "workload-boundary", "document": doc(
		obj{"Effect": "Allow", "NotAction": []string{"iam:*", "organizations:*", "account:*"}, "Resource": "*"},
		obj{"Effect": "Allow", "Action": []string{"iam:Get*", "iam:List*", "iam:PassRole"}, "Resource": "*"})})
	return out
}

func (g *gen) policyARN(acct string, p int) string {
	return fmt.Sprintf("arn:aws:iam::%s:policy/app-policy-%d", acct, p)
}

// roles: instance roles, Lambda roles, cross-account roles assumed from a
// tooling account with an external id, and people's roles trusting the
// account root with MFA.
func (g *gen) roles(i int, acct string) []any {
	tooling := AccountID(0)
	var out []any
	for r := 0; r < g.cfg.RolesPerAccount; r++ {
		role := obj{"tags": obj{"team": fmt.Sprintf("team-%d", r%7), "cost-center": fmt.Sprintf("cc-%d", g.rnd.IntN(50))}}
		managed := []string{g.policyARN(acct, g.rnd.IntN(g.cfg.PoliciesPerAcct))}
		if g.rnd.IntN(2) == 0 {
			managed = append(managed, g.policyARN(acct, g.rnd.IntN(g.cfg.PoliciesPerAcct)))
		}
		switch r % 4 {
		case 0:
			role["name"] = fmt.Sprintf("app-%d", r)
			role["trust"] = doc(obj{"Effect": "Allow", "Principal": obj{"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"})
			managed = append(managed, awsManagedARNs[1])
		case 1:
			role["name"] = fmt.Sprintf("fn-%d", r)
			role["trust"] = doc(obj{"Effect": "Allow", "Principal": obj{"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole",
				"Condition": obj{"StringEquals": obj{"aws:SourceAccount": acct}}})
			managed = append(managed, awsManagedARNs[2])
		case 2:
			role["name"] = fmt.Sprintf("deploy-%d", r)
			role["trust"] = doc(obj{"Effect": "Allow", "Principal": obj{"AWS": "arn:aws:iam::" + tooling + ":role/deployer"},
				"Action":    []string{"sts:AssumeRole", "sts:TagSession"},
				"Condition": obj{"StringEquals": obj{"sts:ExternalId": fmt.Sprintf("ext-%d-%d", i, r), "aws:PrincipalOrgID": OrgID}}})
			role["boundary"] = fmt.Sprintf("arn:aws:iam::%s:policy/workload-boundary", acct)
			role["maxSessionDuration"] = 7200
		default:
			role["name"] = fmt.Sprintf("person-%d", r)
			role["trust"] = doc(obj{"Effect": "Allow", "Principal": obj{"AWS": "arn:aws:iam::" + acct + ":root"}, "Action": "sts:AssumeRole",
				"Condition": obj{"Bool": obj{"aws:MultiFactorAuthPresent": "true"}}})
			managed = append(managed, awsManagedARNs[0])
		}
		role["managed"] = managed
		if r%3 == 0 {
			role["inline"] = obj{"assume-deployer": doc(obj{"Effect": "Allow", "Action": "sts:AssumeRole",
				"Resource": fmt.Sprintf("arn:aws:iam::*:role/deploy-%d", (r/4)*4+2)})}
		}
		out = append(out, role)
	}
	if i == 0 {
		out = append(out, obj{"name": "deployer", "trust": doc(obj{"Effect": "Allow",
			"Principal": obj{"Service": "codebuild.amazonaws.com"}, "Action": "sts:AssumeRole"}),
			"inline": obj{"assume": doc(obj{"Effect": "Allow", "Action": []string{"sts:AssumeRole", "sts:TagSession"}, "Resource": "arn:aws:iam::*:role/deploy-*"})}})
	}
	return out
}

func (g *gen) users(acct string) []any {
	var out []any
	for u := 0; u < g.cfg.UsersPerAccount; u++ {
		user := obj{"name": fmt.Sprintf("user-%d", u), "groups": []string{"developers"},
			"accessKeys": []string{fmt.Sprintf("AKIA%s%04d", acct, u)}, "tags": obj{"team": fmt.Sprintf("team-%d", u%7)}}
		if u == 0 {
			user["groups"] = []string{"developers", "admins"}
			user["boundary"] = fmt.Sprintf("arn:aws:iam::%s:policy/workload-boundary", acct)
		}
		out = append(out, user)
	}
	return out
}

func (g *gen) buckets(acct string) []any {
	var out []any
	for b := 0; b < g.cfg.BucketsPerAccount; b++ {
		name := bucketName(acct, b)
		out = append(out, obj{"name": name, "region": regions[b%2], "tags": obj{"team": fmt.Sprintf("team-%d", b%7)},
			"policy": doc(
				obj{"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
					"Resource":  []string{"arn:aws:s3:::" + name, "arn:aws:s3:::" + name + "/*"},
					"Condition": obj{"Bool": obj{"aws:SecureTransport": "false"}}},
				obj{"Sid": "OrgRead", "Effect": "Allow", "Principal": "*", "Action": []string{"s3:GetObject", "s3:ListBucket"},
					"Resource":  []string{"arn:aws:s3:::" + name, "arn:aws:s3:::" + name + "/*"},
					"Condition": obj{"StringEquals": obj{"aws:PrincipalOrgID": OrgID}}})})
	}
	return out
}

func vpcID(i int) string { return fmt.Sprintf("vpc-%017x", i+1) }

func (g *gen) vpc(i int, acct string) obj {
	return obj{"id": vpcID(i), "region": "ap-northeast-1", "internetGateway": fmt.Sprintf("igw-%017x", i+1),
		"endpoints": []any{
			obj{"id": fmt.Sprintf("vpce-s3%014x", i+1), "service": "s3", "type": "gateway", "policy": doc(
				obj{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*",
					"Condition": obj{"StringEquals": obj{"aws:PrincipalOrgID": OrgID}}})},
			obj{"id": fmt.Sprintf("vpce-sts%013x", i+1), "service": "sts", "type": "interface"},
		}}
}

// InstanceID is the id of instance n of member account i.
func InstanceID(i, n int) string { return fmt.Sprintf("i-%08x%09x", i+1, n) }

func (g *gen) instances(i int) []any {
	var out []any
	for n := 0; n < g.cfg.InstancesPerVPC; n++ {
		imds := "v2"
		if n%2 == 1 {
			imds = "v1+v2"
		}
		out = append(out, obj{"id": InstanceID(i, n), "vpc": vpcID(i), "privateIp": fmt.Sprintf("10.%d.%d.%d", i%250, n/250, n%250+4),
			"instanceProfile": "app-profile", "imds": imds})
	}
	return out
}
