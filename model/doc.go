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
// # Loading
//
// Package model/load builds a Model from files: Sekisho's native files,
// the AWS CLI output that `sekisho collect` writes in the collected layout
// (docs/collect-layout.md) and loose AWS CLI output (docs/model.md). This
// package holds the types and the read-only queries; it reads no file.
//
// # Usage
//
//	m, err := load.Load("org/", load.Options{})  // package model/load
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
// # Limits
//
// Session policies and session tags, source identity, service-to-service
// keys (aws:SourceArn, aws:SourceAccount), federated and web identity
// sessions, route tables and NAT gateways, and organization policy types
// other than SCPs and RCPs are not modelled; give such condition keys as
// extra context. Resource policies other than bucket policies are read
// from native files only.
package model
