// Package benchcases writes the random case files of the case-runner
// benchmarks (BenchmarkTestCommand in internal/cli) and of the comparison
// with iam-simulate (scripts/iam-simulate-bench): the same cases for the
// same seed and count, so that both sides read one file.
package benchcases

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/policy"
)

// Random writes n random cases as one JSON case file, the same for
// the same seed: identity policies of one to three statements (Allow and
// Deny, exact and wildcard actions and resources, conditions on tags,
// addresses, transport and prefixes), sometimes a bucket policy, a
// permissions boundary or SCP levels (written inline, or naming one of a
// few SCP files that many cases share, as an organization's cases do),
// and a request context. Each case expects the decision the engine gives
// it, as a suite kept green does, except every failEvery-th case (0:
// none), which expects another. files are the SCP files (name → content),
// to be written beside the case file.
func Random(seed uint64, n, failEvery int) (src []byte, files map[string][]byte, err error) {
	g := &caseGen{r: rand.New(rand.NewPCG(seed, 0x5eca)), files: map[string]any{"full-access.json": fullAccess}}
	for i := range 4 {
		g.files[fmt.Sprintf("scp-%d.json", i)] = g.policy(genActions[i].service, "*", false)
	}
	cases := make([]map[string]any, n)
	for i := range cases {
		c, err := g.oneCase(i)
		if err != nil {
			return nil, nil, err
		}
		if failEvery > 0 && i%failEvery == failEvery-1 {
			c["expect"] = otherDecision(c["expect"].(string))
		}
		cases[i] = c
	}
	files = map[string][]byte{}
	for name, doc := range g.files {
		if files[name], err = json.Marshal(doc); err != nil {
			return nil, nil, err
		}
	}
	src, err = json.Marshal(cases)
	return src, files, err
}

type caseGen struct {
	r     *rand.Rand
	files map[string]any // policy files by name
}

var genActions = []struct{ action, service, resource string }{
	{"s3:GetObject", "s3", "arn:aws:s3:::%s/data/%d.csv"},
	{"s3:PutObject", "s3", "arn:aws:s3:::%s/data/%d.csv"},
	{"s3:DeleteObject", "s3", "arn:aws:s3:::%s/tmp/%d"},
	{"s3:ListBucket", "s3", "arn:aws:s3:::%s"},
	{"sqs:SendMessage", "sqs", "arn:aws:sqs:us-east-1:%s:queue-%d"},
	{"sqs:ReceiveMessage", "sqs", "arn:aws:sqs:us-east-1:%s:queue-%d"},
	{"kms:Decrypt", "kms", "arn:aws:kms:us-east-1:%s:key/k-%d"},
	{"dynamodb:GetItem", "dynamodb", "arn:aws:dynamodb:us-east-1:%s:table/t%d"},
	{"dynamodb:PutItem", "dynamodb", "arn:aws:dynamodb:us-east-1:%s:table/t%d"},
	{"iam:PassRole", "iam", "arn:aws:iam::%s:role/svc-%d"},
	{"ec2:TerminateInstances", "ec2", "arn:aws:ec2:us-east-1:%s:instance/i-%017d"},
	{"lambda:InvokeFunction", "lambda", "arn:aws:lambda:us-east-1:%s:function:fn-%d"},
}

var genAccounts = []string{"111111111111", "222222222222", "333333333333"}

func (g *caseGen) pick(xs []string) string { return xs[g.r.IntN(len(xs))] }

func (g *caseGen) oneCase(i int) (map[string]any, error) {
	a := genActions[g.r.IntN(len(genActions))]
	account := g.pick(genAccounts)
	owner := account
	if g.r.IntN(4) == 0 {
		owner = g.pick(genAccounts)
	}
	res := fmt.Sprintf(a.resource, owner, g.r.IntN(5))
	if a.service == "s3" {
		res = fmt.Sprintf(a.resource, "bucket-"+owner, g.r.IntN(5))
		if a.action == "s3:ListBucket" {
			res = "arn:aws:s3:::bucket-" + owner
		}
	}
	principal := fmt.Sprintf("arn:aws:iam::%s:user/u%d", account, g.r.IntN(4))
	if g.r.IntN(2) == 0 {
		principal = fmt.Sprintf("arn:aws:sts::%s:assumed-role/r%d/s", account, g.r.IntN(4))
	}
	ctx := map[string]any{
		"aws:SecureTransport":   g.pick([]string{"true", "false"}),
		"aws:SourceIp":          g.pick([]string{"203.0.113.7", "198.51.100.20", "10.1.2.3"}),
		"aws:PrincipalTag/team": g.pick([]string{"red", "blue"}),
	}
	if a.action == "s3:ListBucket" {
		ctx["s3:prefix"] = g.pick([]string{"home/", "data/", ""})
	}
	policies := map[string]any{"identity": []any{g.policy(a.service, res, false), g.policy(a.service, res, false)}[:1+g.r.IntN(2)]}
	if g.r.IntN(3) == 0 && a.service == "s3" {
		policies["resource"] = g.policy(a.service, res, true)
	}
	if g.r.IntN(4) == 0 {
		policies["boundary"] = []any{g.policy(a.service, res, false)}
	}
	switch g.r.IntN(3) {
	case 0:
		policies["scp"] = []any{[]any{fullAccess}, []any{g.policy(a.service, res, false)}}
	case 1:
		policies["scp"] = []any{[]any{"full-access.json"}, []any{fmt.Sprintf("scp-%d.json", g.r.IntN(4))}}
	}
	c := map[string]any{
		"name":     fmt.Sprintf("random/%05d", i),
		"request":  map[string]any{"principal": principal, "action": a.action, "resource": res, "context": ctx},
		"policies": policies,
	}
	d, err := g.decide(c)
	if err != nil {
		return nil, fmt.Errorf("case %d: %w", i, err)
	}
	c["expect"] = d
	return c, nil
}

var fullAccess = map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{"Effect": "Allow", "Action": "*", "Resource": "*"}}}

func (g *caseGen) policy(service, res string, withPrincipal bool) map[string]any {
	stmts := make([]any, 1+g.r.IntN(3))
	for i := range stmts {
		st := map[string]any{
			"Effect": g.pick([]string{"Allow", "Allow", "Allow", "Deny"}),
			"Action": g.pick([]string{service + ":*", service + ":Get*", service + ":Put*", "*", service + ":List*", service + ":Decrypt"}),
		}
		if g.r.IntN(5) == 0 {
			st["Action"] = []string{service + ":Get*", service + ":Send*", service + ":Invoke*"}
		}
		st["Resource"] = g.pick([]string{"*", res, res[:len(res)-1] + "*"})
		if withPrincipal {
			st["Principal"] = map[string]any{"AWS": g.pick([]string{"*", "arn:aws:iam::111111111111:root", "arn:aws:iam::222222222222:root"})}
		}
		switch g.r.IntN(6) {
		case 0:
			st["Condition"] = map[string]any{"StringEquals": map[string]any{"aws:PrincipalTag/team": g.pick([]string{"red", "blue"})}}
		case 1:
			st["Condition"] = map[string]any{"IpAddress": map[string]any{"aws:SourceIp": g.pick([]string{"203.0.113.0/24", "10.0.0.0/8"})}}
		case 2:
			st["Condition"] = map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}}
		case 3:
			st["Condition"] = map[string]any{"StringLike": map[string]any{"s3:prefix": []string{"home/*", ""}}}
		}
		stmts[i] = st
	}
	return map[string]any{"Version": "2012-10-17", "Statement": stmts}
}

// decide decides a generated case with the engine directly.
func (g *caseGen) decide(c map[string]any) (string, error) {
	req := c["request"].(map[string]any)
	who, err := arn.ParsePrincipal(req["principal"].(string))
	if err != nil {
		return "", err
	}
	ctx := map[string][]string{}
	for k, v := range req["context"].(map[string]any) {
		ctx[k] = []string{v.(string)}
	}
	pols := c["policies"].(map[string]any)
	parse := func(v any, kind policy.Kind) (*policy.Policy, error) {
		if name, ok := v.(string); ok {
			v = g.files[name]
		}
		src, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		return policy.Parse(src, policy.Source{Kind: kind, Name: "generated"})
	}
	var set eval.PolicySet
	for _, p := range pols["identity"].([]any) {
		pol, err := parse(p, policy.Identity)
		if err != nil {
			return "", err
		}
		set.Identity = append(set.Identity, pol)
	}
	if b, ok := pols["boundary"]; ok {
		pol, err := parse(b.([]any)[0], policy.Boundary)
		if err != nil {
			return "", err
		}
		set.Boundary = []*policy.Policy{pol}
	}
	if r, ok := pols["resource"]; ok {
		if set.Resource, err = parse(r, policy.Resource); err != nil {
			return "", err
		}
	}
	if levels, ok := pols["scp"]; ok {
		for _, level := range levels.([]any) {
			pol, err := parse(level.([]any)[0], policy.SCP)
			if err != nil {
				return "", err
			}
			set.SCP = append(set.SCP, []*policy.Policy{pol})
		}
	}
	d, err := eval.Decide(set, eval.RequestInput{Principal: who, Action: req["action"].(string), Resource: req["resource"].(string), Context: ctx},
		time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		return "", err
	}
	return d.Result.Decision.String(), nil
}

func otherDecision(d string) string {
	if d == "Allow" {
		return "ImplicitDeny"
	}
	return "Allow"
}

// Write writes Random's cases into dir as name (a .json file) with the SCP
// files beside it, and returns the case file's path.
func Write(dir, name string, seed uint64, n, failEvery int) (string, error) {
	src, files, err := Random(seed, n, failEvery)
	if err != nil {
		return "", err
	}
	for f, doc := range files {
		if err := os.WriteFile(filepath.Join(dir, f), doc, 0o644); err != nil {
			return "", err
		}
	}
	file := filepath.Join(dir, name)
	return file, os.WriteFile(file, src, 0o644)
}
