// Package remediate keeps guardrails attached as an organization changes
// (seed 001's automation): it reads CloudTrail events in the EventBridge
// envelope, matches them against rules with EventBridge event patterns,
// and applies the remediation through the AWS SDK for Go v2.
//
// # Usage
//
//	client, err := remediate.NewIAMClient(ctx, remediate.ClientOptions{})
//	r, err := remediate.New(remediate.Config{Regions: []string{"ap-northeast-1"}}, client)
//	events, err := remediate.ReadEvents(os.Stdin, "stdin") // one event, a JSON array, or JSON lines
//	report := r.Process(ctx, events)
//	if err := report.Err(); err != nil { ... } // names each failed user and its error
//
// As an AWS Lambda function (cmd/sekisho-remediate-lambda), Remediator.Handle
// takes the event an EventBridge rule delivers.
//
// # Rules
//
//	attach-region-lock  CreateUser (source aws.iam, detail-type "AWS API Call via CloudTrail",
//	                    no errorCode): iam:PutUserPolicy puts the region-lock guardrail
//	                    (guardrail.RegionLockPolicy) inline on the new user.
//	broad-trust         CreateRole, UpdateAssumeRolePolicy: reports a trust policy statement
//	                    that trusts "*" or an account root without a condition (seed 003);
//	                    nothing is changed.
//
// # Results
//
// Each event gets an Outcome: applied, planned (Config.DryRun: the exact
// call, not made), finding, failed or ignored (no rule matches).
//
// PutUserPolicy is an upsert: it creates the inline policy or replaces the
// one with the same name, so processing the same event twice (EventBridge
// delivers at least once; a re-run) makes the same call and leaves the
// same state. A failed call is retried by the SDK's standard retryer
// (throttling, 5xx and connection errors, exponential back-off with
// jitter, ClientOptions.MaxAttempts tries) and then reported as failed with
// the user and the error: Report.Err is non-nil, the CLI exits non-zero,
// and the Lambda handler returns the error so that Lambda retries the
// invocation and then sends the event to its dead-letter queue.
//
// # Limits
//
// A dry run prints the calls; it does not update an organization model.
// The user name comes from the CloudTrail record (responseElements, then
// requestParameters); a user deleted before the event is processed makes
// the call fail with NoSuchEntity, which is reported, not retried.
// CloudTrail delivers IAM events to EventBridge in us-east-1 only.
package remediate
