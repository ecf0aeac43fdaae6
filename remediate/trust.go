package remediate

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/sekisho/sekisho/internal/wildcard"
	"github.com/sekisho/sekisho/policy"
)

// BroadTrust is one statement of a role trust policy that lets too many
// principals assume the role: it trusts "*" or an account root without a
// condition (seed 003: trusting arn:aws:iam::ACCT:root trusts every
// principal of that account whose own policies allow sts:AssumeRole).
type BroadTrust struct {
	Statement string // the statement's Sid or #index
	Principal string // "*" or the account root as written
	Account   string // the account a root principal names
}

func (b BroadTrust) String() string {
	if b.Principal == "*" {
		return fmt.Sprintf("statement %s trusts \"*\" (any principal of any account) with no condition", b.Statement)
	}
	return fmt.Sprintf("statement %s trusts %s (every principal of account %s whose own policies allow sts:AssumeRole) with no condition", b.Statement, b.Principal, b.Account)
}

var rootRE = regexp.MustCompile(`^(?:arn:aws[a-z-]*:iam::([0-9]{12}):root|([0-9]{12}))$`)

var assumeRole = "sts:assumerole"

// FindBroadTrust reads a trust policy document and returns its broad
// statements.
func FindBroadTrust(doc, file string) ([]BroadTrust, error) {
	p, err := policy.Parse([]byte(doc), policy.Source{File: file, Kind: policy.Trust})
	if err != nil {
		return nil, err
	}
	var out []BroadTrust
	for _, st := range p.Statements {
		if st.Effect != policy.Allow || st.Principal == nil || st.NotPrincipal || len(st.Conditions) > 0 || !coversAssumeRole(st) {
			continue
		}
		if st.Principal.Any {
			out = append(out, BroadTrust{Statement: st.Label(), Principal: "*"})
			continue
		}
		for _, a := range st.Principal.AWS {
			if m := rootRE.FindStringSubmatch(a); m != nil {
				out = append(out, BroadTrust{Statement: st.Label(), Principal: a, Account: m[1] + m[2]})
			}
		}
	}
	return out, nil
}

// coversAssumeRole reports whether the statement's actions include
// sts:AssumeRole.
func coversAssumeRole(st *policy.Statement) bool {
	matched := false
	for _, a := range st.Actions {
		pat := wildcard.Compile(a, wildcard.Fold)
		if pat.Match(assumeRole) {
			matched = true
			break
		}
	}
	return matched != st.NotAction
}

// policyText returns a policy document that CloudTrail recorded as a
// string: as written, or URL-encoded as the IAM query API receives it.
func policyText(s string) string {
	t := strings.TrimSpace(s)
	if strings.HasPrefix(t, "{") {
		return t
	}
	if u, err := url.QueryUnescape(t); err == nil && strings.HasPrefix(strings.TrimSpace(u), "{") {
		return strings.TrimSpace(u)
	}
	return t
}
