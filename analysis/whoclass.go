package analysis

import (
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/internal/cond"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/policy"
)

// Principals of one account that gather the same policies decide alike
// unless a policy in play tells them apart: whocan (worst case: an
// organization-wide grant, every principal allowed) decides one of them,
// the class's representative, and the others take its answer, each with
// its own ARN in the witness.
//
// Two gathered requests are alike (sameButPrincipal) when they hold the
// same documents, the same route and resource, and requests equal field
// for field but the principal's name and the condition keys that come
// from it (principalNamed): same kind, account, partition and path, so
// the keys AWS derives from those (aws:PrincipalAccount,
// aws:PrincipalType, aws:PrincipalOrgID, ...) and the engine's rules on
// them (same account, service-linked roles) are the same. What is left
// to tell them apart is read by a policy only as a condition key named
// in principalNamed, a policy variable, or a Principal element that
// names IAM identities (or federated / canonical users, which the engine
// compares with the principal as written): a set whose documents hold
// none of these (readsPrincipal false) decides every member as its
// representative. IAM User Guide, "AWS global condition context keys"
// (the principal keys) and "AWS JSON policy elements: Principal".

// principalNamed reports whether a condition key's value differs between
// two IAM principals of one kind, account and path: their ARN, name,
// unique id and tags (keys compare case-insensitively).
func principalNamed(key string) bool {
	for _, k := range [...]string{"aws:principalarn", "aws:username", "aws:userid", "aws:principalservicename", "aws:federatedprovider"} {
		if strings.EqualFold(key, k) {
			return true
		}
	}
	const tag = "aws:principaltag/"
	return len(key) >= len(tag) && strings.EqualFold(key[:len(tag)], tag)
}

// principalReads is what the documents of a set read of the principal
// beyond its kind, account and path: blocked when something tells
// principals apart that whocan does not compare (a Principal element
// naming IAM identities, federated or canonical users, which the engine
// compares with the principal as written; a policy variable of a key
// principalNamed covers; such a condition with a policy variable among
// its values), else the conditions on keys principalNamed covers, whose
// outcome for each principal is compared (signature).
type principalReads struct {
	blocked bool
	conds   []*cond.Condition
	keys    []string // the keys of conds, lower-cased, each once
}

// readsOf is the principalReads of a set's documents, in their order.
func (a *Analyzer) readsOf(set *policy.Set) principalReads {
	var out principalReads
	for d := range setDocuments(set) {
		r := a.docReads(d)
		if r.blocked {
			return principalReads{blocked: true}
		}
		out.conds = append(out.conds, r.conds...)
	}
	for _, c := range out.conds {
		if !slices.Contains(out.keys, c.Key()) {
			out.keys = append(out.keys, c.Key())
		}
	}
	return out
}

// setDocuments yields every document of a policy set (TestSetDocuments
// checks it knows every field of policy.Set).
func setDocuments(set *policy.Set) func(yield func(*policy.Policy) bool) {
	return func(yield func(*policy.Policy) bool) {
		for _, list := range [][]*policy.Policy{set.Identity, set.Boundary, set.Session, {set.Resource}, {set.Endpoint}} {
			for _, d := range list {
				if d != nil && !yield(d) {
					return
				}
			}
		}
		for _, levels := range [][][]*policy.Policy{set.SCP, set.RCP} {
			for _, l := range levels {
				for _, d := range l {
					if d != nil && !yield(d) {
						return
					}
				}
			}
		}
	}
}

// docReads is principalReads for one document, once per document for
// the Analyzer.
func (a *Analyzer) docReads(d *policy.Policy) principalReads {
	if v, ok := a.readsName.Load(d); ok {
		return v
	}
	return a.readsName.Store(d, docReads(d))
}

func docReads(d *policy.Policy) principalReads {
	blocked := principalReads{blocked: true}
	var out principalReads
	for _, st := range d.Statements {
		if p := st.Principal; p != nil {
			if len(p.Federated) > 0 || len(p.CanonicalUser) > 0 {
				return blocked
			}
			for _, s := range p.AWS {
				if s == "*" {
					continue
				}
				if pp, err := arn.ParsePrincipal(s); err != nil || pp.Kind != arn.Account {
					return blocked
				}
			}
		}
		for _, r := range st.Resources {
			if readsNamedVariable(r) {
				return blocked
			}
		}
		for _, c := range st.Conditions {
			named := principalNamed(c.Key)
			for _, v := range c.Values {
				if readsNamedVariable(v) || named && !v.IsLiteral() {
					return blocked
				}
			}
			if named {
				cc, err := cond.CompileFor(c, st.Effect)
				if err != nil {
					return blocked // the engine fails on it: each principal decides alone
				}
				out.conds = append(out.conds, cc)
			}
		}
	}
	return out
}

// readsNamedVariable reports whether a value holds a policy variable of
// a key principalNamed covers.
func readsNamedVariable(t policy.Template) bool {
	for _, p := range t.Parts {
		if p.Kind == policy.Variable && principalNamed(p.Key) {
			return true
		}
	}
	return false
}

// A signer signs the requests of one group (a group is read by one
// goroutine), reusing its room from one request to the next: a group
// may hold thousands of principals.
type signer struct {
	reads principalReads
	got   []foundKey
	ctx   cond.Context // the keys of reads, set again for each request
	sig   []byte
}

// foundKey is a key a condition reads, as a request writes it, and its
// values.
type foundKey struct {
	key string
	vs  []string
}

func newSigner(reads principalReads) *signer {
	return &signer{reads: reads, got: make([]foundKey, len(reads.keys)), ctx: cond.NewContextSize(len(reads.keys)),
		sig: make([]byte, len(reads.conds))}
}

// signature is, for each condition of the reads, whether it holds for
// the request: principals alike whose signatures are equal decide alike.
// ok is false when a key is not in the gathered request, or without
// values (the engine may derive it from the principal's name:
// aws:PrincipalArn of a user, aws:username): the principal is then
// decided alone. The signature is valid until the next call.
func (s *signer) signature(r *policy.Request) (sig []byte, ok bool) {
	if len(s.reads.conds) == 0 {
		return nil, true
	}
	// The keys the conditions read, as eval.NewRequest reads them: keys
	// compare case-insensitively, and a key given again (Context over the
	// layers, a later layer over an earlier: policy.Request.All's order)
	// replaces the one before.
	clear(s.got)
	for _, l := range r.Layers {
		s.find(l)
	}
	s.find(r.Context)
	for _, f := range s.got {
		if len(f.vs) == 0 { // absent, or without values: the engine may derive it
			return nil, false
		}
		if r.Lists[f.key] {
			s.ctx.SetList(f.key, f.vs...)
		} else {
			s.ctx.Set(f.key, f.vs...)
		}
	}
	sc := cond.GetScratch()
	defer cond.PutScratch(sc)
	for i, c := range s.reads.conds {
		s.sig[i] = '0'
		if c.Eval(s.ctx, sc) {
			s.sig[i] = '1'
		}
	}
	return s.sig, true
}

// find notes the keys of one layer the conditions read.
func (s *signer) find(l map[string][]string) {
	for k, v := range l {
		for j, want := range s.reads.keys {
			if len(k) == len(want) && strings.EqualFold(k, want) {
				s.got[j] = foundKey{k, v}
			}
		}
	}
}

// classKey is what two alike gathered requests have in common, to find
// the candidates to compare with sameButPrincipal.
type classKey struct {
	kind            arn.PrincipalKind
	account, path   string
	identity        int
	first, boundary *policy.Policy
	route           *model.Route
}

func classKeyOf(g *model.Gathered) classKey {
	k := classKey{kind: g.Request.Principal.Kind, account: g.Request.Principal.Account, path: g.Request.Principal.Path,
		identity: len(g.Set.Identity), route: g.Route}
	if len(g.Set.Identity) > 0 {
		k.first = g.Set.Identity[0]
	}
	if len(g.Set.Boundary) > 0 {
		k.boundary = g.Set.Boundary[0]
	}
	return k
}

// sameButPrincipal reports whether two gathered requests differ at most
// in the principal's name (and its raw ARN) and in the condition keys
// principalNamed covers. TestSameButPrincipalFields checks that it knows
// every field of the types it compares.
func sameButPrincipal(x, y *model.Gathered) bool {
	if x.Route != y.Route || x.Resource != y.Resource || !slices.Equal(x.Assumed, y.Assumed) || !sameSet(&x.Set, &y.Set) {
		return false
	}
	p, q := x.Request.Principal, y.Request.Principal
	if p.Kind != q.Kind || p.Partition != q.Partition || p.Account != q.Account || p.Path != q.Path || p.Session != q.Session {
		return false
	}
	r, s := &x.Request, &y.Request
	if r.Action != s.Action || r.Resource != s.Resource || r.ResourceAccount != s.ResourceAccount ||
		!maps.Equal(r.Lists, s.Lists) || !maps.Equal(r.Assumed, s.Assumed) || !sameValues(r.Context, s.Context, false) {
		return false
	}
	if len(r.Layers) != len(s.Layers) {
		return false
	}
	for i := range r.Layers {
		if !sameValues(r.Layers[i], s.Layers[i], true) {
			return false
		}
	}
	return true
}

// sameValues reports whether two maps of condition keys hold the same
// keys with the same values, leaving out, if unnamed, the keys
// principalNamed covers.
func sameValues(x, y map[string][]string, unnamed bool) bool {
	if len(x) == 0 && len(y) == 0 {
		return true
	}
	if reflect.ValueOf(x).UnsafePointer() == reflect.ValueOf(y).UnsafePointer() {
		return true // one map (maps are references)
	}
	for _, m := range [2][2]map[string][]string{{x, y}, {y, x}} {
		for k, v := range m[0] {
			// Compared first, named only when they differ: most keys
			// (the organization's) are alike.
			if w, ok := m[1][k]; ok && slices.Equal(v, w) || unnamed && principalNamed(k) {
				continue
			}
			return false
		}
	}
	return true
}

func sameSet(x, y *policy.Set) bool {
	same := func(a, b []*policy.Policy) bool { return slices.Equal(a, b) }
	return x.Resource == y.Resource && x.Endpoint == y.Endpoint && same(x.Identity, y.Identity) &&
		same(x.Boundary, y.Boundary) && same(x.Session, y.Session) &&
		slices.EqualFunc(x.SCP, y.SCP, same) && slices.EqualFunc(x.RCP, y.RCP, same)
}
