package policy

import "github.com/sekisho/sekisho/arn"

// Set is every policy that applies to one request, by the gate it is
// evaluated at (IAM User Guide, "Policy evaluation logic"). It is what an
// organization model gathers and what the engine (eval) decides against.
type Set struct {
	Identity []*Policy   // identity-based policies (user, its groups, or role)
	Boundary []*Policy   // permissions boundary (empty: none)
	Session  []*Policy   // session policies (empty: none)
	SCP      [][]*Policy // one list per organization level, root first (empty: no SCPs apply)
	RCP      [][]*Policy // likewise for RCPs
	Resource *Policy     // resource-based policy, or the role trust policy
	Endpoint *Policy     // VPC endpoint policy
}

// Request is a request as it is given to the engine: who asks (parsed
// once, where it is read), what, on what, and the condition keys given.
// The engine derives the keys AWS sets from these (eval.NewRequest).
type Request struct {
	Principal       arn.Principal
	Action          string              // service:Action
	Resource        string              // ARN or "*"; "" means "*"
	ResourceAccount string              // "" means the principal's account
	Context         map[string][]string // condition keys as given
	// Lists are the context keys given as lists (a JSON or YAML list, even
	// of one element): multivalued. A key with one value not listed here
	// is a single value; a key with several values is always a list.
	Lists map[string]bool
	// Assumed are context keys whose value the giver of the request
	// assumed rather than knew (an organization model takes
	// aws:RequestedRegion from the resource ARN), with where each value
	// came from: the explanation names them when the decision rests on them.
	Assumed map[string]string
}
