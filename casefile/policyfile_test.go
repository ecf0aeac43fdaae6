package casefile_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/casefile"
)

// TestPolicyFileReadOnce: the cases of a file that name the same policy
// file share one parsed policy (so it is compiled once), read as the kind
// each case uses it as: the same file as a resource policy, where it
// lacks a Principal, is still an error.
func TestPolicyFileReadOnce(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, src string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("scp.json", `{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "s3:*", "Resource": "*"}}`)
	req := `"request": {"principal": "arn:aws:iam::111111111111:user/u", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}`
	cases := write("cases.json", `[
  {"name": "a", `+req+`, "policies": {"identity": ["scp.json"], "scp": [["scp.json"]]}},
  {"name": "b", `+req+`, "policies": {"identity": ["scp.json"], "scp": [["scp.json"]]}}
]`)
	cs, err := casefile.Load(cases)
	if err != nil {
		t.Fatal(err)
	}
	a, b := cs[0].Policies, cs[1].Policies
	if a.Identity[0] != b.Identity[0] || a.SCP[0][0] != b.SCP[0][0] {
		t.Error("two cases naming scp.json got two parsed policies")
	}
	if a.Identity[0] == a.SCP[0][0] {
		t.Error("scp.json read as an identity policy and as an SCP is one policy")
	}
	bad := write("bad.json", `[
  {"name": "a", `+req+`, "policies": {"identity": ["scp.json"]}},
  {"name": "b", `+req+`, "policies": {"resource": "scp.json"}}
]`)
	_, err = casefile.Load(bad)
	if err == nil || !strings.Contains(err.Error(), "must have Principal") {
		t.Errorf("scp.json as a resource policy: got %v, want the missing Principal error", err)
	}
}
