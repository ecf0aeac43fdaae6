// Package guardrail generates the guardrails that the seed documents
// recommend: each is a policy document ready to deploy, plus a suite of
// cases (docs/casefile.md) that the policy must allow and deny, so that
// `sekisho test` proves the generated policy does what it says.
//
// # Usage
//
//	r, err := guardrail.Generate("region-lock", map[string]string{"regions": "ap-northeast-1"})
//	os.Stdout.Write(r.Policy.JSON())  // the policy, indented JSON
//	os.Stdout.Write(r.SuiteYAML())    // its cases, a YAML case file
//
// All lists the generators and their parameters (Param). Generation is
// deterministic: the same name and parameters give the same bytes.
//
// # Generators
//
//	instance-credentials-pin  SCP (seed 000): deny every action when the instance credentials'
//	                          aws:ec2InstanceSourceVpc differs from ${aws:SourceVpc} (key=vpc), or
//	                          aws:ec2InstanceSourcePrivateIPv4 from ${aws:VpcSourceIp} (key=ip), or both;
//	                          a Null guard spares other credentials; BoolIfExists aws:ViaAWSService
//	                          false spares calls AWS services make on the role's behalf.
//	region-lock               seed 001's identity policy denying EC2 mutating actions (ec2:Run*,
//	                          ec2:Create*, ...) outside the Regions; scope=scp: AWS Organizations'
//	                          example SCP denying everything but global services outside them.
//	endpoint-own-principals   VPC endpoint policy (seed 002): only principals of the accounts
//	                          (aws:PrincipalAccount) or organization (aws:PrincipalOrgID).
//	endpoint-own-resources    VPC endpoint policy (seed 004): only resources of the accounts
//	                          (aws:ResourceAccount) or organization (aws:ResourceOrgID).
//	                          Both endpoint policies take public-buckets: anonymous s3:GetObject on
//	                          the named public buckets (package repositories on S3 gateway endpoints).
//	require-imdsv2            SCP: deny ec2:RunInstances unless ec2:MetadataHttpTokens is "required",
//	                          and deny every request signed with IMDSv1 role credentials
//	                          (ec2:RoleDelivery < 2.0); optionally a hop limit and who may change
//	                          the metadata options.
//
// # Limits
//
// The cases prove the policy's logic with Sekisho's engine, not that AWS
// sends the keys the policy relies on for every action: the pin needs VPC
// endpoints for every service the instances call (aws:SourceVpc exists
// only through one), and data-plane actions that never carry it (such as
// EFS client mounts or RDS IAM authentication) are denied too. The
// region-lock SCP's global-service list is AWS's example as published; add
// the global services your organization uses. An identity region-lock
// covers EC2 only and can be removed by anyone allowed
// iam:DeleteUserPolicy. Resource-account endpoint policies also deny
// AWS-owned resources (public ECR images, AWS-managed buckets) unless they
// are listed.
package guardrail
