package analysis

import (
	"slices"
	"strings"
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

	callerOnce sync.Once
	caller     *model.Caller // its own credentials, resolved once (gatherSubject)

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
			out = append(out, &subject{arn: u.ARN, account: acct, user: u})
		}
		for _, r := range acct.Roles {
			out = append(out, &subject{arn: r.ARN, account: acct, role: r})
		}
	}
	// Each subject's documents, on every CPU: a question's first step at
	// 100,000 principals.
	_ = parallel(len(out), func(i int) error {
		s := out[i]
		if s.user != nil {
			s.docs = identityDocs(m, s.account, &s.user.Principal, s.user.Groups)
		} else {
			s.docs = identityDocs(m, s.account, &s.role.Principal, nil)
		}
		return nil
	})
	// A typed comparison, not sort.Slice's swaps through reflection: the
	// sort was most of this list's time at 100,000 principals.
	slices.SortFunc(out, func(x, y *subject) int { return strings.Compare(x.arn, y.arn) })
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
	subjects := a.subjects()
	ix := &index{byARN: make(map[string]*subject, len(subjects)), byKey: make(map[string]*subject, len(subjects)), byAccount: map[string][]*subject{}}
	_ = parallel(len(subjects), func(i int) error {
		if p, err := arn.ParsePrincipal(subjects[i].arn); err == nil {
			subjects[i].key = principalKey(p) // never "": it names the account, kind and name
		}
		return nil
	})
	for _, s := range subjects {
		ix.byARN[s.arn] = s
		if s.key != "" {
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
