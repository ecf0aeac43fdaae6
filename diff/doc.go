// Package diff answers what access a change of policies adds or removes:
// every request one policy set allows that another denies, each with a
// concrete witness request that the engine decided on both sides.
//
// # Usage
//
//	in, _ := diff.Policies(policy.Identity, oldPolicy, newPolicy, "arn:aws:iam::111111111111:role/app")
//	rep, _ := diff.Compare(in) // rep.Added: one witness per principal and action
//
// Compare also takes two whole policy sets (Input.Old, Input.New), as two
// case files give them.
//
// Two organization models are compared by package modeldiff, which
// gathers each principal's and resource's policies and asks this package
// within a Scope.
//
// # How it is exact
//
// Actions range over the built-in service reference. For each action,
// only the statements that apply to it matter; their Resource patterns
// and the ARN formats of the action's resource types, their condition
// values on each key (Equals constants, Like patterns, ARN patterns) are
// run as automata side by side, and a breadth-first search over the
// product finds one shortest string for every combination of patterns
// that some string matches and no other does. Numeric and date conditions
// cut their key at their constants (a point at each, between each two, and
// beyond both ends, in exact decimals); address ranges at their first
// address and the one after their last. A key is also tried absent, and a
// multivalued key with every set of its classes. Within one such region
// every statement answers the same, so one witness per region decides the
// question; principals range over the identity-side principal and every
// principal the resource-side policies name (an account for another
// principal of it), the regions of aws:PrincipalArn conditions, a
// principal of an account no policy names, and anonymous callers. A
// witness no real request looks like is not compared (possible.go): an
// anonymous caller or an AWS service never carries aws:PrincipalOrgID or
// aws:PrincipalTag/, an IAM user no EC2 instance credentials' keys; the
// key absent is tried for them as for everyone, and the Report's
// assumptions name what was left out.
//
// # Limits
//
// What the search cannot decide exactly is returned as Undecided, with
// the statements involved: a policy variable whose value only a request
// supplies, conditions of two types on one key, more regions or requests
// than the Budget. Actions AWS adds after the reference's date are not
// compared. Principals whose own policies are not known (other accounts,
// account roots) are taken to allow everything, and the Report says so.
package diff
