package model

import (
	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/policy"
)

// PutUser adds inline policies to a user of the model, adding the user
// (path /, as IAM's CreateUser without a path) when the account has no
// user of that name; it returns the user and whether it was added. It is
// the one change a loaded model takes, for a remediation's dry run to
// apply its plan (CreateUser, PutUserPolicy) to the model and ask the
// model again; it must not run while the model answers queries.
func (m *Model) PutUser(account, userName string, inline ...*policy.Policy) (*User, bool, error) {
	acct := m.Accounts[account]
	if acct == nil {
		return nil, false, NotInModel("account %s is not in the model", account)
	}
	u := acct.Users[userName]
	created := u == nil
	if created {
		u = &User{Principal: Principal{ARN: arn.IAM(account, "user", "/", userName), Name: userName, Path: "/", Account: account}}
		if acct.Users == nil {
			acct.Users = map[string]*User{}
		}
		acct.Users[userName] = u
	}
	u.Inline = append(u.Inline, inline...)
	return u, created, nil
}
