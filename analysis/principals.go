package analysis

import (
	"sort"
	"sync"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/policy"
)

// subject is a user or role of the model, with its identity documents.
type subject struct {
	arn     string
	key     string // principalKey: what a policy naming it matches
	account *model.Account
	role    *model.Role // nil for a user
	user    *model.User // nil for a role
	docs    []*policy.Policy

	assumeOnce  sync.Once
	assumeStmts []*policy.Statement // Allow statements for sts:AssumeRole in docs, found once
}

// subjects lists every user and role of the model, sorted by ARN.
func (a *Analyzer) subjects() []*subject {
	a.subjectsOnce.Do(func() { a.subjectCache = a.listSubjects() })
	return a.subjectCache
}

func (a *Analyzer) listSubjects() []*subject {
	m := a.Model
	var out []*subject
	for _, id := range m.AccountIDs() {
		acct := m.Accounts[id]
		for _, u := range acct.Users {
			out = append(out, &subject{arn: u.ARN, account: acct, user: u, docs: identityDocs(m, acct, &u.Principal, u.Groups)})
		}
		for _, r := range acct.Roles {
			out = append(out, &subject{arn: r.ARN, account: acct, role: r, docs: identityDocs(m, acct, &r.Principal, nil)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].arn < out[j].arn })
	return out
}

// index finds subjects by ARN, by principal key (account, kind, name:
// what a policy names) and by account.
type index struct {
	byARN     map[string]*subject
	byKey     map[string]*subject
	byAccount map[string][]*subject
}

func (a *Analyzer) idx() *index {
	a.indexOnce.Do(func() { a.subjectIndex = a.buildIndex() })
	return a.subjectIndex
}

// buildIndex indexes the subjects, and sets each subject's key.
func (a *Analyzer) buildIndex() *index {
	ix := &index{byARN: map[string]*subject{}, byKey: map[string]*subject{}, byAccount: map[string][]*subject{}}
	for _, s := range a.subjects() {
		ix.byARN[s.arn] = s
		if p, err := arn.ParsePrincipal(s.arn); err == nil {
			s.key = principalKey(p)
			ix.byKey[s.key] = s
		}
		ix.byAccount[s.account.ID] = append(ix.byAccount[s.account.ID], s)
	}
	return ix
}

// roleByARN finds a role of the model.
func (a *Analyzer) roleByARN(arnStr string) *subject {
	if s := a.idx().byARN[arnStr]; s != nil && s.role != nil {
		return s
	}
	return nil
}

func (s *subject) mayAllow(f *actionFilter) bool {
	for _, d := range s.docs {
		if f.allows(d) {
			return true
		}
	}
	return false
}

func byPrincipal(arnStr string) model.Credentials {
	return model.Credentials{Type: model.ByPrincipal, Principal: arnStr}
}
