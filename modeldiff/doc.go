// Package modeldiff compares two models of an organization: every
// request the after model allows that the before model denies (and the
// reverse), as `sekisho eval --model` decides each one.
//
// # Usage
//
//	rep, err := modeldiff.Compare(modeldiff.Input{Before: before, After: after})
//	// rep.Added: one witness per principal, action and resource
//
// # How
//
// For each user and role of either model, and each resource of either
// model (with the ARNs that share its policy, such as a bucket's objects),
// each role (for the trust actions) and "*" (every other resource), the
// policy sets model.Gather collects from each model are compared by
// package diff within that resource; a pair whose sets are the same on
// both sides is skipped. The condition keys the model derives (principal
// and resource tags, organization ids and paths) take the model's values.
// Principals outside both models that resource policies name are asked
// about on those resources, their own policies taken to allow. Every
// witness of a model principal is decided again through both models; one
// they decide otherwise is reported as undecided.
//
// # Limits
//
// No vantage point: no network path, no VPC endpoint policy. A principal
// or resource that one model lacks is absent there (denied). Each model
// is taken to hold every principal of its accounts. Trust actions on a
// role neither model holds are not compared (the model cannot decide
// them). Root users and role sessions other than the role's are not
// enumerated.
package modeldiff
