// Package eval decides an AWS request against every policy that applies to
// it, in the order the IAM User Guide's "Policy evaluation logic" gives:
// explicit deny anywhere; resource control policies; service control
// policies; the VPC endpoint policy; then resource-based policy, identity
// policies, permissions boundary and session policies, with the documented
// differences between same-account and cross-account requests. Over the
// policies' decision, the service rules (servicerules.go) decide at their
// own gates: sts:GetCallerIdentity needs no permission, and AWS refuses
// changes to the resources it reserves (AWS managed policies, alias/aws/
// KMS aliases, IAM Identity Center and service-linked roles).
//
// Usage:
//
//	d, err := eval.Decide(eval.PolicySet{Identity: ids, SCP: levels},
//		eval.RequestInput{Principal: ..., Action: ..., Resource: ...}, now)
//	d.Result                               // the decision and the deciding statement
//	d.Explain()                            // every statement's outcome and reason, on demand
//
// Decide is the one pipeline every command and analysis uses; a Compiler's
// Decide shares compiled documents between many decisions. To evaluate one
// policy set many times, Prepare it once and Evaluate prepared requests:
//
//	prepared, err := eval.Prepare(set)
//	req, err := eval.NewRequest(in, now)
//	res := prepared.Evaluate(req)          // no allocation
//
// A Prepared policy set is immutable and safe for concurrent use.
//
// Limits: the engine decides what the policies say. It does not know which
// condition keys a service actually sends for an action; the request's
// context is taken as given, with the principal-derived keys filled in
// (see NewRequest); the explanation names the filled-in keys whose value
// is an assumption when a statement that applies tests them.
package eval
