// Package model is the organization model: an AWS organization (root, OU
// tree, accounts, SCPs and RCPs), the IAM of each account (users, groups,
// roles, instance profiles, customer and AWS managed policies), resources
// with policies (S3 buckets, KMS keys, SQS queues, SNS topics, Lambda
// functions, Secrets Manager secrets) and the network (VPCs, VPC endpoints,
// EC2 instances, internet gateways). It answers one question: which
// policies apply when these credentials, from this vantage point, make this
// request, and with which condition keys. The engine (package eval) then
// decides.
//
// # Schema
//
// A model is read from a directory that may mix Sekisho's native files
// (YAML or JSON: organization, accounts, awsManagedPolicies) with the JSON
// the AWS CLI prints: iam get-account-authorization-details; organizations
// describe-organization, list-roots, list-organizational-units-for-parent,
// list-accounts-for-parent, list-policies, describe-policy,
// list-targets-for-policy; s3api get-bucket-policy; ec2
// describe-vpc-endpoints and describe-instances. Sniff recognizes each
// file from its shape; where a shape does not say enough, the file name
// does (accounts-for-parent.PARENT.json, ous-for-parent.PARENT.json,
// targets-for-policy.POLICY.json, bucket-policy.BUCKET.json). The schema,
// the naming conventions and examples are in docs/model.md.
//
// # Usage
//
//	m, err := model.Load("org/", model.Options{AWSManagedDir: "aws-managed-policies/"})
//	creds, _ := model.ParseCredentials("instance-profile:i-0abc")  // or an ARN, access-key:AKIA...
//	from, _ := model.ParseVantage("internet:203.0.113.5")          // instance:i-..., vpc:vpc-...
//	ps, in, err := m.Gather(model.Query{Credentials: creds, From: from,
//		Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket/key"})
//	d, err := eval.Decide(ps, in, time.Time{})  // d.Result; d.Explain() on demand
//
// AssumeRole decides an sts:AssumeRole call with its duration limits and
// returns the session principal for later queries. A loaded Model is
// read-only and safe for concurrent use.
//
// Loading reports every problem at once (Errors, sorted by file and
// position), each with the file, the JSON path, the line and column; a
// dangling reference is an error, never dropped.
//
// # Limits
//
// Session policies and session tags, source identity, service-to-service
// keys (aws:SourceArn, aws:SourceAccount), federated and web identity
// sessions, route tables and NAT gateways, and organization policy types
// other than SCPs and RCPs are not modelled; give such condition keys as
// extra context. Resource policies other than bucket policies are read
// from native files only.
package model
