package eval

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/sekisho/sekisho/awsref"
)

// Action classes. An analysis asks one policy set, for one request, about
// thousands of actions (whatcan over ReadOnlyAccess, leak asking each
// again from other places; Decided.WithAction). The decision depends on
// the action only through
//
//   - which statements' Action or NotAction element matches it
//     (statement.matchAction; the Resource, Principal and Condition
//     elements read the request's resource, principal and context, which
//     WithAction keeps);
//   - its service (the statement index, whether RCPs apply);
//   - the few actions that service rules name (classifyRule: the changes
//     AWS refuses on reserved resources, sts:GetCallerIdentity) and those
//     whose resource policy must grant within an account
//     (requiresResourcePolicy).
//
// Two actions alike in all of these are decided alike: ActionClasses
// numbers the classes, so that a caller decides one action per class and
// gives its Result to the others.

// ActionClasses numbers actions by class for p, from 0 in order of first
// appearance: two actions with the same number get the same Result for
// any one request re-targeted to each (Decided.WithAction). A malformed
// action is -1 (WithAction reports its error).
func (p *Prepared) ActionClasses(actions []string) []int32 {
	return p.numberClasses(actions, map[string]int32{}, true)
}

// ActionClassesAcross is ActionClasses for the actions of many services
// at once, numbered into ids: a caller that keeps ids for one PolicyKey
// (and serializes its calls) gets numbers that agree across its lists.
// The service itself is not part of a class here, only what a decision
// reads of it besides the statements' Action elements: whether RCPs apply
// to it (rcpServices) and whether it is KMS (requiresResourcePolicy). Its
// place in the statement index does not matter: an index lists, in
// source order, every statement that can match an action of the service
// (statementIndex), and a statement whose Action element does not match
// never applies, so each gate meets the same statements in the same order
// for two actions whose every statement matches alike. Under ReadOnlyAccess
// one statement allows the actions of hundreds of services, which
// ActionClasses keeps apart, one class (and decision) per service at least.
func (p *Prepared) ActionClassesAcross(actions []string, ids map[string]int32) []int32 {
	return p.numberClasses(actions, ids, false)
}

// numberClasses numbers actions by class key into ids; byService puts the
// service in the key (ActionClasses), else only what decisions read of it.
func (p *Prepared) numberClasses(actions []string, ids map[string]int32, byService bool) []int32 {
	out := make([]int32, len(actions))
	var key []byte
	for i, action := range actions {
		if checkAction(action) != nil {
			out[i] = -1
			continue
		}
		lower := awsref.LowerActionName(action)
		r := &Request{action: lower, service: lower[:strings.IndexByte(lower, ':')]}
		if byService {
			key = append(append(key[:0], r.service...), 0, actionRuleBits(lower))
		} else {
			key = append(key[:0], serviceBits(r.service), actionRuleBits(lower))
		}
		p.eachGate(func(gp *gatePolicies) {
			for _, cp := range gp.policies {
				for _, s := range cp.all {
					key = append(key, matchBit(s.matchAction(r)))
				}
			}
		})
		id, ok := ids[string(key)]
		if !ok {
			id = int32(len(ids))
			ids[string(key)] = id
		}
		out[i] = id
	}
	return out
}

// serviceBits is what a decision reads of a lower-cased service prefix
// beyond statement matching (decidePolicies: applicability's RCP gate,
// requiresResourcePolicy's key policy).
func serviceBits(service string) byte {
	b := byte('0') // '0' to '3'
	if rcpServices[service] {
		b |= 1
	}
	if service == "kms" {
		b |= 2
	}
	return b
}

func matchBit(m bool) byte {
	if m {
		return '1'
	}
	return '0'
}

// actionRuleBits lists the rules that name a lower-cased action.
func actionRuleBits(lower string) byte {
	var b byte
	for i, named := range []bool{lower == "sts:getcalleridentity", managedPolicyChanges[lower], aliasChanges[lower],
		reservedRoleChanges[lower], serviceLinkedRoleChanges[lower], trustActions[lower]} {
		if named {
			b |= 1 << i
		}
	}
	return b
}

// PolicyKey names the compiled documents of p by their Action elements,
// gate by gate: two sets with the same key number actions alike
// (ActionClasses), so a caller may keep the numbers of one for the other.
// A Compiler names the documents of one shape (actionShape) alike, so
// the sets of an organization's roles that attach the same policies, or
// copies of them, under the same SCPs have the same key.
func (p *Prepared) PolicyKey() string {
	p.keyOnce.Do(func() {
		var b strings.Builder
		p.eachGate(func(gp *gatePolicies) {
			for _, cp := range gp.policies {
				fmt.Fprintf(&b, "%d,", p.compiler.actionsID(cp))
			}
			b.WriteByte(';')
		})
		p.key = b.String()
	})
	return p.key
}

// eachGate calls f for every gate and organization level of p, in one
// fixed order.
func (p *Prepared) eachGate(f func(*gatePolicies)) {
	f(&p.identity)
	f(&p.boundary)
	f(&p.session)
	for i := range p.scp {
		f(&p.scp[i])
	}
	for i := range p.rcp {
		f(&p.rcp[i])
	}
	f(&p.resource)
	f(&p.endpoint)
}

// compiledIDs numbers compiled documents: a number is never used twice,
// where an address could be once a document is dropped.
var compiledIDs atomic.Uint64

// preparedKey is PolicyKey's, made once.
type preparedKey struct {
	keyOnce sync.Once
	key     string
}
