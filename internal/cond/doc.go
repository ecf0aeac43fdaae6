// Package cond evaluates the Condition element of IAM policy statements:
// every condition operator of the IAM User Guide's "IAM JSON policy
// elements: Condition operators", with ...IfExists, the set qualifiers
// ForAllValues and ForAnyValue, and policy variables in values.
//
// A condition is compiled once from its policy.Condition; evaluating it
// against a request context allocates nothing.
//
// The rules, with the documentation they come from:
//   - Several values for one key are OR-ed; for a negated operator they are
//     NOR-ed ("Conditions with multiple context keys or values").
//   - A key absent from the request makes a positive operator false and a
//     negated one true ("Condition operators", the note at the top).
//   - ...IfExists is true when the key is absent ("...IfExists condition
//     operators").
//   - ForAllValues is true when the key is absent or has no values;
//     ForAnyValue is false then ("Set operators for multivalued context keys").
//   - A policy variable whose key is absent has no value: it matches nothing,
//     so a negated operator against it is true ("IAM policy elements:
//     Variables and tags", section "Policy variables with no value").
//   - A multivalued key cannot be used as a variable ("Single-valued vs.
//     multivalued context keys"), a list of one value included.
//   - Without a set qualifier, an operator meeting a list of request values
//     (Context.SetList, or several values) does not hold in an Allow
//     statement, as AWS's simulator (SimulateCustomPolicy) decides for a
//     context entry of a list type; in a Deny statement it holds when it
//     holds for any one of the values, our fail-closed reading of what the
//     documentation leaves undefined (see Condition.plainOnList). A single
//     value is compared as written. Null tests presence only.
package cond
