package load_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/model/load"
)

// FuzzLoad: no model file (loose, or at any place of the collected
// layout), however malformed, makes Load panic; a file
// that loads answers a query without panicking either.
func FuzzLoad(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/aws/*.json")
	for _, s := range seeds {
		if src, err := os.ReadFile(s); err == nil {
			f.Add(filepath.Base(s), src)
		}
	}
	// The collected layout: the name carries the account and Region.
	collected, _ := filepath.Glob("testdata/collected/accounts/*/*/*.json")
	for _, s := range collected {
		if src, err := os.ReadFile(s); err == nil {
			rel, _ := filepath.Rel("testdata/collected", s)
			f.Add(filepath.ToSlash(rel), src)
		}
	}
	f.Add("a.yaml", []byte("accounts:\n  - id: \"111111111111\"\n    users: [{name: a, accessKeys: [AKIA1]}]\n"))
	f.Add("bucket-policy.111111111111.us-east-1.b.json", []byte(`{"Policy": "{\"Statement\": []}"}`))
	// Named kinds, decoded bucket policies, unreferenced documents and
	// instance addresses (issue 14).
	f.Add("bucket-policy.111111111111.us-east-1.b.json", []byte(`{"Policy": {"Version": "2012-10-17", "Statement": []}}`))
	f.Add("ous-for-parent.r-ab12.json", []byte(`{"Accounts": []}`))
	f.Add("deny.json", []byte(`{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}}`))
	f.Add("a.yaml", []byte("accounts:\n  - id: \"111111111111\"\n    vpcs: [{id: vpc-1, region: us-east-1}]\n    instances: [{id: i-1, vpc: vpc-1, privateIp: \"fe80::1%eth0\"}]\n"))
	f.Fuzz(func(t *testing.T, name string, src []byte) {
		if name == "" || filepath.IsAbs(name) || strings.Contains(name, "..") {
			return
		}
		m, err := load.LoadFiles(map[string][]byte{"m/" + name: src}, load.Options{})
		if err != nil {
			return
		}
		for _, id := range m.AccountIDs() {
			for _, u := range m.Accounts[id].Users {
				_, _, _ = m.Gather(model.Query{Credentials: model.Credentials{Principal: u.ARN}, Action: "s3:GetObject", Resource: "*"})
			}
		}
	})
}
