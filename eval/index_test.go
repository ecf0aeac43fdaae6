package eval

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/awsref"
	"github.com/sekisho/sekisho/policy"
)

// TestStatementIndexCandidates checks the index, in its slice form and
// past smallIndexMax services in its map form, against its definition:
// for each service, the statements in source order that are wild or name
// it; for a service none names, the wild ones. Up to unindexedMax
// statements it is every statement (TestUnindexedStatementsMissNoMatch
// checks that the ones an index would pass over never match).
func TestStatementIndexCandidates(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 1; n <= 3*smallIndexMax; n++ {
		for range 20 {
			services := newServiceTable()
			var stmts []*statement
			for range 1 + rng.IntN(2*n) {
				s := &statement{statementBody: &statementBody{}}
				switch rng.IntN(4) {
				case 0:
					// wild: a wildcard service
				case 1:
					s.notAction = true
					s.services = []string{"svc0"}
				default:
					for range 1 + rng.IntN(3) {
						svc := fmt.Sprintf("svc%d", rng.IntN(n))
						if !slices.Contains(s.services, svc) {
							s.services = append(s.services, svc)
							s.serviceIDs = append(s.serviceIDs, services.intern(svc))
						}
					}
				}
				stmts = append(stmts, s)
			}
			idx := newStatementIndex(stmts)
			for k := range n + 1 {
				svc := fmt.Sprintf("svc%d", k) // svc<n> is named by none
				id := services.lookup(svc)
				var want []*statement
				for _, s := range stmts {
					if s.isWild() || slices.Contains(s.services, svc) {
						want = append(want, s)
					}
				}
				got := idx.candidates(id)
				if len(stmts) <= unindexedMax {
					// Unindexed: every statement, in source order.
					want = stmts
				}
				if !slices.Equal(got, want) {
					t.Fatalf("%d services, %d statements, %s: %d candidates, want %d", n, len(stmts), svc, len(got), len(want))
				}
			}
		}
	}
}

// TestUnindexedStatementsMissNoMatch: a statement that an index would pass
// over for a request (neither wild nor naming its service) never matches
// the request's action, so that a document's unindexed list (every
// statement, unindexedMax or fewer) meets the same matching statements in
// the same order as its index would.
func TestUnindexedStatementsMissNoMatch(t *testing.T) {
	lists := []string{
		`"s3:GetObject"`, `"S3:Get*"`, `["s3:PutObject","sqs:SendMessage"]`, `"*"`, `"*:Get*"`, `"s?:GetObject"`,
		`["ec2:Describe*","ec2:RunInstances","ec2:StopInstances","ec2:StartInstances","ec2:TerminateInstances",
		  "ec2:CreateTags","ec2:DeleteTags","ec2:AttachVolume","iam:PassRole","IAM:Get*"]`,
	}
	actions := []string{"s3:GetObject", "S3:putobject", "sqs:SendMessage", "ec2:RunInstances", "iam:PassRole", "iam:GetRole", "kms:Decrypt", "sx:GetObject"}
	for _, list := range lists {
		for _, element := range []string{"Action", "NotAction"} {
			src := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","` + element + `":` + list + `,"Resource":"*"}}`
			pol, err := policy.Parse([]byte(src), policy.Source{File: "t.json", Kind: policy.Identity})
			if err != nil {
				t.Fatal(err)
			}
			cp, err := compilePolicy(GateIdentity, 0, pol, newServiceTable(), nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			s := cp.all[0]
			for _, action := range actions {
				lower := awsref.LowerActionName(action)
				r := &Request{action: lower, service: lower[:strings.IndexByte(lower, ':')]}
				if s.matchAction(r) && !s.isWild() && !slices.Contains(s.services, r.service) {
					t.Errorf("%s %s: matches %s, which its index would pass over", element, list, action)
				}
			}
		}
	}
}
