// Package caserun decides the cases of case files (docs/casefile.md): a
// plain case against the policies it lists, a model case against the
// policies its organization model gathers for it. It is the runner behind
// "sekisho test", "sekisho eval CASE_FILE" and "sekisho bench", so that
// the case-file reader (casefile) needs no model and the engine's own
// corpus test needs no organization.
//
// Usage:
//
//	r := caserun.New(now)             // now: the request time when a case gives none (zero: the clock)
//	files, err := caserun.Collect(paths, skip)
//	d, err := r.Decide(c)             // d.Result; d.Explain() on demand; d.Principal, d.Route for model cases
//
// Each hands over the cases one at a time as they are read (a JSON list of
// cases is never whole in memory), Load returns them all. A Runner loads
// each model a case names once, and compiles each policy document once
// while it keeps its last 2,048 compiled documents; it is safe for
// concurrent use.
package caserun
