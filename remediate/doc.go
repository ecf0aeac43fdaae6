// Package remediate keeps guardrails attached as an organization changes
// (seed 001's automation): it reads CloudTrail events in the EventBridge
// envelope, matches them against rules with EventBridge event patterns,
// and applies the remediation through the AWS SDK for Go v2.
//
// # Usage
//
//	client, err := remediate.NewIAMClient(ctx, remediate.ClientOptions{})
//	r, err := remediate.New(remediate.Config{Regions: []string{"ap-northeast-1"}}, client)
//	events, err := remediate.ReadEvents(os.Stdin, "stdin") // one event, a JSON array, JSON lines,
//	                                                        // or CloudTrail records, a trail log file,
//	                                                        // lookup-events output
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
// call, not made), finding, failed, skipped (the CreateUser, CreateRole or
// UpdateAssumeRolePolicy call the record shows failed, with its errorCode:
// nothing to remediate) or ignored (no rule matches). An event that cannot
// be read (JSON that is not an event), a user or role name that breaks
// IAM's rules (IAM API Reference, CreateUser: 1-64 characters of
// [\w+=,.@-]), or a record that names the user ambiguously (userName and
// UserName, or request and response disagreeing) fails on its own, with
// the reason; the other events are processed. Summary escapes what came
// from the event (Printable), so that a name cannot forge a report line.
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
// Input is at most 64 MiB and 4,194,304 values, all its events together
// (internal/readfile.Events, counted by a scan before any event is
// decoded, refused with SE1003 at the first value past it); a syntax error in it
// stops the reading (where the next event starts is then unknown).
// The user name comes from the CloudTrail record (responseElements, then
// requestParameters); a user deleted before the event is processed makes
// the call fail with NoSuchEntity, which is reported, not retried.
// CloudTrail delivers IAM events to EventBridge in us-east-1 only.
package remediate
