// Package analysis answers organization-wide questions over a model:
// who can do an action on a resource (whocan), what a principal can do
// (whatcan), what stolen credentials allow from elsewhere (leak), by which
// paths data can leave a VPC (exfil), and the graphs of role assumption and
// privilege escalation.
//
// Every answer carries a witness: the request that was evaluated and the
// statement that decided it. Answers that depend on condition keys the
// model cannot know (MFA, source IP, tags the request would carry) say
// which keys were assumed absent; callers set them with assumptions
// (Analyzer.Assume), which are reported with every answer.
//
// Approach: the model gathers, for each question, exactly the policies that
// apply (model.Gather), and the engine decides (eval). Policy documents are
// compiled once per organization (eval.Compiler). Candidates are pruned by
// what the policies can allow before anything is evaluated: a principal none
// of whose identity policies has an Allow statement for the action, and that
// no resource policy names, is not evaluated; an account whose SCPs allow
// nothing for the action is skipped whole.
//
// Limits: the model's resources are the only resources enumerated; a
// permission on "*" is reported as such. Conditions on keys that the model
// does not derive are evaluated as absent unless assumed.
package analysis
