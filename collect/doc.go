// Package collect reads an AWS organization through the AWS SDK for Go v2
// and writes it to a directory of AWS CLI output shapes, one file per call
// and account/Region, in the layout of docs/collect-layout.md, with a
// manifest of what was collected, denied and failed (docs/collect.md).
//
// # Usage
//
//	cfg, _ := config.LoadDefaultConfig(ctx)
//	err := collect.Run(ctx, cfg, collect.Options{Out: "org/", Org: true, RoleName: "OrganizationAccountAccessRole"})
//
// Every call the collector can make is listed in Calls, with the IAM
// actions it needs; Policy derives the read-only IAM policy from that list.
//
// # Results
//
// Each file holds exactly the JSON that `aws SERVICE OPERATION --output json`
// prints, with every page of a paginated answer merged. A file is written
// to a temporary name and renamed, so an interrupted run never leaves half
// a file. An answer that says "this resource has no policy" (NoSuchBucketPolicy
// and the like) writes no file; AccessDenied is recorded in the manifest
// and the run goes on.
//
// # Limitations
//
// The collector keeps at most one call's answer in memory per running task
// (the merged pages of that call); files are written as they come. Organizations
// data is read only with Options.Org, from the management account or a
// delegated administrator. Services are collected in the order of Calls;
// docs/collect.md says which are done.
package collect
