package collect

import (
	"fmt"
	"sort"
	"strings"
)

// Policy is the identity policy the collector needs in each account it
// reads, derived from Calls: every action is a List or Read action of the
// service authorization reference. With assumeRole, a second statement lets
// the caller assume the collection role in the other accounts
// (sts:AssumeRole, which the reference classifies as Write).
func Policy(assumeRole bool, role, partition string) ([]byte, error) {
	if partition == "" {
		partition = "aws"
	}
	doc := object{{"Version", "2012-10-17"}}
	stmts := []any{object{
		{"Sid", "SekishoCollectRead"},
		{"Effect", "Allow"},
		{"Action", Actions()},
		{"Resource", "*"},
	}}
	if assumeRole {
		if role == "" {
			role = DefaultRoleName
		}
		if !roleName.MatchString(role) {
			return nil, fmt.Errorf("role name %q: expected an IAM role name", role)
		}
		stmts = append(stmts, object{
			{"Sid", "SekishoCollectAssumeRole"},
			{"Effect", "Allow"},
			{"Action", "sts:AssumeRole"},
			{"Resource", fmt.Sprintf("arn:%s:iam::*:role/%s", partition, strings.Trim(role, "/"))},
		})
	}
	doc = append(doc, member{"Statement", stmts})
	return encode(doc)
}

// Actions are the IAM actions of every call, sorted, each once.
func Actions() []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range Calls {
		for _, a := range c.Actions {
			if !seen[a] {
				seen[a] = true
				out = append(out, a)
			}
		}
	}
	sort.Strings(out)
	return out
}
