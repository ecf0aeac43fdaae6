package lint

import (
	"path/filepath"
	"strings"

	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/policy"
)

// trustActions are the actions a role trust policy grants: only these, with
// a Principal, make a document a trust policy (IAM User Guide, "Role trust
// policies"; sts:TagSession and sts:SetSourceIdentity go with AssumeRole).
var trustActions = []string{"sts:assumerole*", "sts:tagsession", "sts:setsourceidentity", "sts:setcontext"}

// InferKind guesses the kind of a policy when none is given. A statement
// with Principal makes it a resource policy, a trust policy when it grants
// nothing but assuming the role; otherwise it is an identity policy. The
// file name may say more: "*trust*", "*scp*", "*rcp*", "*endpoint*" or
// "*vpce*", when the content does not contradict it. A name or place that
// says identity ("*identity*", "*inline*", "*boundary*",
// or a policy file in a users/, groups/ or roles/ folder that is not a
// trust policy) decides even against the content: such a policy is
// attached to a principal, where a Principal element is an error.
func InferKind(p *policy.Policy, file string) policy.Kind {
	if k, ok := identityFromName(file); ok {
		return k
	}
	withPrincipal := hasPrincipal(p)
	if k, ok := kindFromName(file); ok && withPrincipal == isResourceKind(k) {
		return k
	}
	if !withPrincipal {
		return policy.Identity
	}
	if onlyTrustActions(p) {
		return policy.Trust
	}
	return policy.Resource
}

func kindFromName(file string) (policy.Kind, bool) {
	base := strings.ToLower(filepath.Base(file))
	for _, h := range []struct {
		word string
		kind policy.Kind
	}{
		{"trust", policy.Trust}, {"rcp", policy.RCP}, {"scp", policy.SCP},
		{"endpoint", policy.Endpoint}, {"vpce", policy.Endpoint},
	} {
		if strings.Contains(base, h.word) {
			return h.kind, true
		}
	}
	return policy.AnyKind, false
}

// identityFromName reports a kind attached to a principal, from the file's
// name or folder.
func identityFromName(file string) (policy.Kind, bool) {
	base := strings.ToLower(filepath.Base(file))
	if _, other := kindFromName(file); other {
		return policy.AnyKind, false
	}
	switch {
	case strings.Contains(base, "boundary"):
		return policy.Boundary, true
	case strings.Contains(base, "identity"), strings.Contains(base, "inline"):
		return policy.Identity, true
	}
	for _, dir := range strings.Split(filepath.ToSlash(filepath.Dir(file)), "/") {
		switch strings.ToLower(dir) {
		case "users", "groups", "roles":
			return policy.Identity, true
		}
	}
	return policy.AnyKind, false
}

func hasPrincipal(p *policy.Policy) bool {
	for _, st := range p.Statements {
		if st.Principal != nil {
			return true
		}
	}
	return false
}

func onlyTrustActions(p *policy.Policy) bool {
	for _, st := range p.Statements {
		if st.NotAction {
			return false
		}
		for _, a := range st.Actions {
			if !matchesAny(trustActions, strings.ToLower(a)) {
				return false
			}
		}
	}
	return true
}

func matchesAny(patterns []string, s string) bool {
	for _, p := range patterns {
		if ok, _ := filepath.Match(p, s); ok {
			return true
		}
	}
	return false
}

// kindOfNode infers the kind from a document that has not been parsed
// with a kind yet: it parses it without one first.
func kindOfNode(doc *node.Node, src policy.Source) (policy.Kind, error) {
	src.Kind = policy.AnyKind
	p, err := policy.FromNode(doc, src)
	if err != nil {
		return policy.AnyKind, err
	}
	return InferKind(p, src.File), nil
}
