// Package eval decides an AWS request against every policy that applies to
// it, in the order the IAM User Guide's "Policy evaluation logic" gives:
// explicit deny anywhere; resource control policies; service control
// policies; the VPC endpoint policy; then resource-based policy, identity
// policies, permissions boundary and session policies, with the documented
// differences between same-account and cross-account requests.
//
// Usage:
//
//	prepared, err := eval.Prepare(eval.PolicySet{Identity: ids, SCP: levels})
//	req, err := eval.NewRequest(eval.RequestInput{Principal: ..., Action: ..., Resource: ...})
//	res := prepared.Evaluate(req)          // no allocation; names the deciding statement
//	res, exp := prepared.Explain(req)      // with every statement's outcome and reason
//
// A Prepared policy set is immutable and safe for concurrent use.
//
// Limits: the engine decides what the policies say. It does not know which
// condition keys a service actually sends for an action; the request's
// context is taken as given, with the principal-derived keys filled in
// (see NewRequest).
package eval
