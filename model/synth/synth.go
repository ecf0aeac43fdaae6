// Package synth generates synthetic organizations in Sekisho's native
// model format, for benchmarks and scale tests: an OU tree, member accounts
// with users, groups, roles (with realistic trust and permission policies,
// boundaries and tags), customer managed policies, buckets with bucket
// policies, VPCs with endpoints and instances, and the organization's SCPs
// and RCPs. The output depends only on the Config: the same seed gives the
// same files, byte for byte.
//
// Usage:
//
//	files := synth.Generate(synth.Config{Seed: 1, Accounts: 100, RolesPerAccount: 100})
//	m, err := load.LoadFiles(files, load.Options{})
//	// or synth.Write(dir, cfg) and load.Load(dir, ...)
//
// Queries gives requests that the generated model answers (principal,
// action, resource, vantage point), for evaluation benchmarks.
package synth

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
)

// Config sizes a synthetic organization.
type Config struct {
	Seed              uint64
	Accounts          int // member accounts (the management account comes on top)
	OUs               int // organizational units, in a tree up to three levels deep
	RolesPerAccount   int
	UsersPerAccount   int
	BucketsPerAccount int
	PoliciesPerAcct   int // customer managed policies per account
	InstancesPerVPC   int
}

// withDefaults fills in zero sizes.
func (c Config) withDefaults() Config {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	def(&c.Accounts, 10)
	def(&c.OUs, 1+c.Accounts/20)
	def(&c.RolesPerAccount, 20)
	def(&c.UsersPerAccount, 3)
	def(&c.BucketsPerAccount, 3)
	def(&c.PoliciesPerAcct, 10)
	def(&c.InstancesPerVPC, 2)
	return c
}

// OrgID is the id of every generated organization.
const OrgID = "o-synth00000"

// ManagementAccount is the generated management account.
const ManagementAccount = "100000000000"

// AccountID is the id of member account i (from 0).
func AccountID(i int) string { return fmt.Sprintf("%012d", 200000000000+i) }

var regions = []string{"ap-northeast-1", "us-east-1", "eu-west-1"}

type gen struct {
	cfg Config
	rnd *rand.Rand
	ous []ou
}

type ou struct {
	id, name string
	parent   int // index in ous, -1 for the root
}

// Generate returns the native model files of a synthetic organization:
// organization.json and one accounts/ACCOUNT-ID.json per account.
func Generate(cfg Config) map[string][]byte {
	cfg = cfg.withDefaults()
	g := &gen{cfg: cfg, rnd: rand.New(rand.NewPCG(cfg.Seed, 0x5e4150))}
	g.makeOUs()
	files := map[string][]byte{"organization.json": mustJSON(g.organization())}
	files["accounts/"+ManagementAccount+".json"] = mustJSON(obj{"accounts": []any{obj{"id": ManagementAccount, "name": "management"}}})
	for i := 0; i < cfg.Accounts; i++ {
		files["accounts/"+AccountID(i)+".json"] = mustJSON(obj{"accounts": []any{g.account(i)}})
	}
	return files
}

// Write writes the files of Generate(cfg) under dir.
func Write(dir string, cfg Config) error {
	for name, src := range Generate(cfg) {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, src, 0o644); err != nil {
			return err
		}
	}
	return nil
}

type obj = map[string]any

// mustJSON writes indented JSON, as the AWS CLI does: positions in error
// messages stay readable, and the node parser counts columns per line.
func mustJSON(v any) []byte {
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		panic(err)
	}
	return b
}

func (g *gen) makeOUs() {
	for i := 0; i < g.cfg.OUs; i++ {
		parent := -1
		if i >= 3 {
			parent = g.rnd.IntN(i)
			if g.depth(parent) >= 3 {
				parent = -1
			}
		}
		g.ous = append(g.ous, ou{id: fmt.Sprintf("ou-syn0-%08d", i), name: fmt.Sprintf("ou-%d", i), parent: parent})
	}
}

func (g *gen) depth(i int) int {
	d := 1
	for ; g.ous[i].parent >= 0; i = g.ous[i].parent {
		d++
	}
	return d
}

// path is the OU path of an OU index, as native files write it (names joined by "/").
func (g *gen) path(i int) string {
	p := g.ous[i].name
	for i = g.ous[i].parent; i >= 0; i = g.ous[i].parent {
		p = g.ous[i].name + "/" + p
	}
	return p
}

func (g *gen) organization() obj {
	children := map[int][]any{}
	for i := len(g.ous) - 1; i >= 0; i-- {
		o := g.ous[i]
		node := obj{"name": o.name, "id": o.id, "scps": g.ouSCPs(i)}
		if kids := children[i]; len(kids) > 0 {
			node["ous"] = reverse(kids)
		}
		children[o.parent] = append(children[o.parent], node)
	}
	return obj{
		"organization": obj{
			"id": OrgID, "managementAccount": ManagementAccount, "rootId": "r-syn0",
			"scps": []string{"FullAWSAccess", "deny-leave-organization"}, "rcps": []string{"s3-org-principals-only"},
			"ous": reverse(children[-1]), "policies": orgPolicies(),
		},
		"awsManagedPolicies": awsManaged(),
	}
}

func reverse(xs []any) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[len(xs)-1-i] = x
	}
	return out
}

func (g *gen) ouSCPs(i int) []string {
	scps := []string{"FullAWSAccess"}
	switch i % 4 {
	case 0:
		scps = append(scps, "deny-outside-regions")
	case 1:
		scps = append(scps, "pin-instance-credentials")
	case 2:
		scps = append(scps, "deny-root-user", "deny-outside-regions")
	}
	return scps
}

// Query is a request against a generated model, in the command-line forms
// of model.ParseCredentials and model.ParseVantage.
type Query struct {
	Credentials, From, Action, Resource string
}

// Queries returns n requests against the model of cfg: instance
// credentials to the account's buckets, users' keys across accounts, role
// sessions, and AssumeRole calls from the tooling account.
func Queries(cfg Config, n int) []Query {
	cfg = cfg.withDefaults()
	rnd := rand.New(rand.NewPCG(cfg.Seed, 0x9e3779b9))
	out := make([]Query, 0, n)
	for len(out) < n {
		i := rnd.IntN(cfg.Accounts)
		acct := AccountID(i)
		other := AccountID(rnd.IntN(cfg.Accounts))
		bucket := "arn:aws:s3:::" + bucketName(other, rnd.IntN(cfg.BucketsPerAccount)) + "/data/file.csv"
		switch len(out) % 4 {
		case 0:
			inst := InstanceID(i, rnd.IntN(cfg.InstancesPerVPC))
			out = append(out, Query{"instance-profile:" + inst, "instance:" + inst, "s3:GetObject", bucket})
		case 1:
			out = append(out, Query{fmt.Sprintf("access-key:AKIA%s%04d", acct, rnd.IntN(cfg.UsersPerAccount)), "internet:203.0.113.9", "s3:PutObject", bucket})
		case 2:
			r := rnd.IntN(cfg.RolesPerAccount)
			out = append(out, Query{fmt.Sprintf("role-session:arn:aws:iam::%s:role/%s:bench", acct, roleName(r)), "", "s3:GetObject", bucket})
		default:
			r := (rnd.IntN(cfg.RolesPerAccount)/4)*4 + 2
			if r >= cfg.RolesPerAccount {
				r = 2
			}
			out = append(out, Query{"role-session:arn:aws:iam::" + AccountID(0) + ":role/deployer:ci", "", "sts:AssumeRole",
				fmt.Sprintf("arn:aws:iam::%s:role/deploy-%d", acct, r)})
		}
	}
	return out
}

func roleName(r int) string {
	return [...]string{"app", "fn", "deploy", "person"}[r%4] + fmt.Sprintf("-%d", r)
}
