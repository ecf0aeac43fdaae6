package policy

import (
	"iter"
	"reflect"
	"slices"

	"github.com/sekisho/sekisho/arn"
)

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
	Context         map[string][]string // condition keys as given; they replace those of Layers
	// Layers are condition keys shared, read only, by many requests (an
	// organization model's keys of the caller, of the resource, of the
	// route), a later layer's key replacing an earlier's: a model gathers
	// a request from maps it keeps instead of building one map per
	// request, which was a fifth of an organization-wide audit's
	// allocation. The request's keys are the layers', then Context's (All).
	Layers []map[string][]string
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

// All yields the request's condition keys: those of each layer in order,
// then Context's. A key yielded again replaces its value before (the same
// key as written: keys of different case are different entries, as in one
// map).
func (r *Request) All() iter.Seq2[string, []string] {
	return func(yield func(string, []string) bool) {
		for _, l := range r.Layers {
			for k, v := range l {
				if !yield(k, v) {
					return
				}
			}
		}
		for k, v := range r.Context {
			if !yield(k, v) {
				return
			}
		}
	}
}

// Value returns the values of a condition key as written, and whether the
// request holds it: Context's, else the last layer's that holds it.
func (r *Request) Value(key string) ([]string, bool) {
	if v, ok := r.Context[key]; ok {
		return v, true
	}
	for i := len(r.Layers) - 1; i >= 0; i-- {
		if v, ok := r.Layers[i][key]; ok {
			return v, true
		}
	}
	return nil, false
}

// Flat returns the request's condition keys as one new map: Context as it
// would be without Layers.
func (r *Request) Flat() map[string][]string {
	n := len(r.Context)
	for _, l := range r.Layers {
		n += len(l)
	}
	out := make(map[string][]string, n)
	for k, v := range r.All() {
		out[k] = v
	}
	return out
}

// SameContext reports whether two requests hold the same condition keys
// with the same values, however they are layered (equal Flat maps).
// Requests gathered alike share their layers, which are then not read.
func SameContext(x, y *Request) bool {
	if len(x.Layers) == len(y.Layers) && slices.EqualFunc(x.Layers, y.Layers, sameMap) {
		return equalKeys(x.Context, y.Context)
	}
	// Every key of each is the other's with the same values.
	for _, r := range [2][2]*Request{{x, y}, {y, x}} {
		for k := range r[0].All() {
			a, _ := r[0].Value(k)
			b, ok := r[1].Value(k)
			if !ok || !slices.Equal(a, b) {
				return false
			}
		}
	}
	return true
}

func equalKeys(x, y map[string][]string) bool {
	if len(x) != len(y) {
		return false
	}
	for k, a := range x {
		b, ok := y[k]
		if !ok || !slices.Equal(a, b) {
			return false
		}
	}
	return true
}

// sameMap reports whether two maps are one (maps are references; the same
// reference holds the same keys).
func sameMap(a, b map[string][]string) bool {
	return reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer()
}
