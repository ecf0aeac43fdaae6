// Package policy reads IAM policy documents into typed values with source
// positions. It knows the policy language — elements, condition operators,
// policy variables, value syntax — and nothing of evaluation.
//
// Usage:
//
//	p, err := policy.Parse(src, policy.Source{File: "scp.json", Kind: policy.SCP})
//
// Every error is a *node.Error naming the file, the JSON path, the line and
// column, and what was expected.
//
// Limits: the grammar is AWS's "IAM JSON policy grammar" (IAM User Guide);
// checks that need the service authorization reference (is this a real
// action, does this key exist) belong to lint, not here.
package policy
