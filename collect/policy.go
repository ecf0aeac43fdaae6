package collect

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/sekisho/sekisho/awsref"
)

// Policy is the identity policy the collector needs in each account it
// reads, derived from Calls: every action is a List or Read action of the
// service authorization reference, scoped to the ARN forms of the resource
// types the reference gives it (any account, Region and name), and to "*"
// when the action takes no resource. With assumeRole, one more statement
// lets the caller assume the collection role in the other accounts
// (sts:AssumeRole, which the reference classifies as Write).
func Policy(assumeRole bool, role, partition string) ([]byte, error) {
	if partition == "" {
		partition = "aws"
	}
	groups := map[string][]string{} // resources, joined → actions
	for _, a := range Actions() {
		res, err := actionResources(a, partition)
		if err != nil {
			return nil, err
		}
		key := strings.Join(res, "\n")
		groups[key] = append(groups[key], a)
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var stmts []any
	for i, k := range keys {
		var res any = strings.Split(k, "\n")
		if k == "*" {
			res = "*"
		}
		stmts = append(stmts, object{
			{"Sid", fmt.Sprintf("SekishoCollectRead%d", i+1)},
			{"Effect", "Allow"},
			{"Action", groups[k]},
			{"Resource", res},
		})
	}
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
	return encode(object{{"Version", "2012-10-17"}, {"Statement", stmts}})
}

var placeholder = regexp.MustCompile(`\$\{[^}]*\}`)

// actionResources are the ARN patterns an action is allowed on: the ARN
// formats of every resource type the reference gives it (all of them, not
// only the required ones: organizations:DescribePolicy must reach the AWS
// managed policies' "awspolicy" ARNs too), every placeholder but the
// partition a wildcard.
func actionResources(action, partition string) ([]string, error) {
	ref, ok := awsref.LookupAction(action)
	if !ok {
		return nil, fmt.Errorf("%s is not in the service authorization reference", action)
	}
	types := ref.Resources
	for _, t := range ref.Resources {
		if ref.Service == "organizations" && t.Type == "policy" {
			// The reference gives DescribePolicy and ListTargetsForPolicy only
			// the "policy" type, whose ARN has the organization's id; the AWS
			// managed SCPs and RCPs (p-FullAWSAccess) have the "awspolicy"
			// form arn:aws:organizations::aws:policy/TYPE/p-ID, which the
			// collector must read too.
			types = append(types, awsref.ActionResource{Type: "awspolicy"})
		}
	}
	seen := map[string]bool{}
	var out []string
	for _, t := range types {
		rt, ok := awsref.LookupResourceType(ref.Service, t.Type)
		if !ok {
			return nil, fmt.Errorf("%s: resource type %s is not in the service authorization reference", action, t.Type)
		}
		for _, f := range rt.ARNFormats {
			f = strings.ReplaceAll(f, "${Partition}", partition)
			f = placeholder.ReplaceAllString(f, "*")
			if !seen[f] {
				seen[f] = true
				out = append(out, f)
			}
		}
	}
	if len(out) == 0 {
		return []string{"*"}, nil
	}
	sort.Strings(out)
	return dropCovered(out), nil
}

// dropCovered leaves out the patterns that another one of the list
// already matches (table/*/stream/* under table/*).
func dropCovered(patterns []string) []string {
	var out []string
	for i, p := range patterns {
		covered := false
		for j, q := range patterns {
			if i != j && p != q && glob(q, p) {
				covered = true
			}
		}
		if !covered {
			out = append(out, p)
		}
	}
	return out
}

// glob reports whether pattern, where * matches any run of characters,
// matches s.
func glob(pattern, s string) bool {
	star, next := -1, 0
	i, j := 0, 0
	for j < len(s) {
		switch {
		case i < len(pattern) && pattern[i] == '*':
			star, next = i, j
			i++
		case i < len(pattern) && pattern[i] == s[j]:
			i++
			j++
		case star >= 0:
			next++
			i, j = star+1, next
		default:
			return false
		}
	}
	for i < len(pattern) && pattern[i] == '*' {
		i++
	}
	return i == len(pattern)
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
