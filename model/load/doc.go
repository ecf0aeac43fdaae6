// Package load builds an organization model (package model) from files.
//
// One table (formats.go) lists every input format: its name in messages,
// its file name in the collected layout that `sekisho collect` writes
// (docs/collect-layout.md: accounts/ACCOUNT/REGION|global/SERVICE.OPERATION[.ID].json,
// organizations/OPERATION[.ID].json, manifest.json), the name that
// announces it among loose files, the shape that recognizes it, the
// resource type it collects and its reader. A file of the collected layout
// is recognized by its name, and its account and Region come from its
// path; any other file by its shape (docs/model.md). Adding a format is
// one row and one reader function in the file of its source (native.go,
// awscli_iam.go, awscli_sqs.go, ...).
//
// A directory iam-collect wrote (aws/PARTITION/accounts|organizations/...,
// docs/iam-collect.md) is one row too: its files are recognized by their
// path, grouped by resource directory, and each kind of directory it holds
// is a row of its own table (icKinds in iamcollect.go) with its reader. A
// kind that table lacks becomes a model Gap with the reason "not read".
//
// The builder (builder.go) accumulates what the readers find; resolve
// (resolve.go) then links references, loads the AWS managed policies that
// principals attach (from the model files, Options.AWSManagedDir, or the
// built-in set of package awsmanaged), decides which subnets route to
// which gateway endpoint, and reports every dangling reference.
//
//	m, err := load.Load("org/", load.Options{})
//
// Loading reports every problem at once (Errors, sorted by file and
// position), each with the file, the JSON path, the line and column; a
// dangling reference is an error, never dropped.
package load
