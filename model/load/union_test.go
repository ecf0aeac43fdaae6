package load_test

import (
	"strings"
	"testing"

	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/model/load"
)

// TestUnionOfCollectedDirectories: several collected directories in one
// model directory are one model; an account or the organization in two of
// them is an error naming both, unless the copies are identical.
func TestUnionOfCollectedDirectories(t *testing.T) {
	t.Parallel()
	const (
		topics  = `{"Topics": [{"TopicArn": "arn:aws:sns:us-east-1:ACCT:alerts"}]}`
		roots   = `{"Roots": [{"Id": "r-ab12", "Arn": "arn:aws:organizations::111111111111:root/o-exampleorg1/r-ab12", "Name": "Root", "PolicyTypes": []}]}`
		org     = `{"Organization": {"Id": "o-exampleorg1", "Arn": "arn:aws:organizations::111111111111:organization/o-exampleorg1", "FeatureSet": "ALL", "MasterAccountId": "111111111111", "MasterAccountArn": "arn:aws:organizations::111111111111:account/o-exampleorg1/111111111111"}}`
		manif   = `{"version": 1, "accounts": [{"id": "ACCT"}]}`
		failing = `{"version": 1, "accounts": [{"id": "ACCT", "error": "cannot assume the role"}]}`
	)
	acct := func(s, id string) string { return strings.ReplaceAll(s, "ACCT", id) }
	shard := func(dir, id string) map[string][]byte {
		return map[string][]byte{
			dir + "/manifest.json": []byte(acct(manif, id)),
			dir + "/accounts/" + id + "/us-east-1/sns.list-topics.json": []byte(acct(topics, id)),
		}
	}
	merge := func(ms ...map[string][]byte) map[string][]byte {
		out := map[string][]byte{}
		for _, m := range ms {
			for k, v := range m {
				out[k] = v
			}
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		files map[string][]byte
		want  []string // substrings of the error; none: loads
		topic int      // topics in the model
	}{
		{name: "two shards", files: merge(shard("org/shard-0", "111111111111"), shard("org/shard-1", "222222222222")), topic: 2},
		{name: "an identical copy", files: merge(shard("org/shard-0", "111111111111"), shard("org/copy", "111111111111")), topic: 1},
		{name: "a copy that differs", files: merge(shard("org/a", "111111111111"), shard("org/b", "111111111111"),
			map[string][]byte{"org/b/accounts/111111111111/us-east-1/sns.list-topics.json": []byte(`{"Topics": []}`)}),
			want: []string{"org/b/manifest.json", "account 111111111111 is collected twice, in org/a/manifest.json and in org/b/manifest.json",
				"accounts/111111111111/us-east-1/sns.list-topics.json differs"}},
		{name: "listed twice, collected once", files: merge(shard("org/a", "111111111111"),
			map[string][]byte{"org/b/manifest.json": []byte(acct(failing, "111111111111"))}),
			want: []string{"account 111111111111 is collected twice", "accounts/111111111111/us-east-1/sns.list-topics.json is only in the first"}},
		{name: "files without a manifest", files: merge(shard("org/a", "111111111111"),
			map[string][]byte{"org/b/accounts/111111111111/global/iam.list-saml-providers.json": []byte(`{"SAMLProviderList": []}`)}),
			want: []string{"in org/a/manifest.json and in org/b/", "iam.list-saml-providers.json is only in the second"}},
		{name: "the organization twice, identical", files: merge(shard("org/a", "111111111111"), shard("org/b", "222222222222"),
			map[string][]byte{"org/a/organizations/list-roots.json": []byte(roots), "org/b/organizations/list-roots.json": []byte(roots),
				"org/a/organizations/describe-organization.json": []byte(org), "org/b/organizations/describe-organization.json": []byte(org)}), topic: 2},
		{name: "the organization twice, different", files: merge(shard("org/a", "111111111111"), shard("org/b", "222222222222"),
			map[string][]byte{"org/a/organizations/list-roots.json": []byte(roots), "org/b/organizations/list-roots.json": []byte(`{"Roots": []}`)}),
			want: []string{"the organization is collected twice", "organizations/list-roots.json differs"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m, err := load.LoadFiles(tc.files, load.Options{})
			if len(tc.want) == 0 {
				if err != nil {
					t.Fatal(err)
				}
				n := 0
				for _, r := range m.Resources {
					if r.Type.String() == "topic" {
						n++
					}
				}
				if n != tc.topic {
					t.Errorf("%d topics, want %d", n, tc.topic)
				}
				return
			}
			for _, w := range tc.want {
				if err == nil || !strings.Contains(err.Error(), w) {
					t.Errorf("error %v, want %q", err, w)
				}
			}
		})
	}
}

// TestManifestSkipped: the accounts a manifest lists as skipped (asked
// for, not in the organization) are not collected in the model; a
// malformed entry is bad input with its JSON path.
func TestManifestSkipped(t *testing.T) {
	t.Parallel()
	m, err := load.LoadFiles(map[string][]byte{"org/manifest.json": []byte(
		`{"version": 1, "skipped": [{"id": "999999999999", "reason": "not an account of the organization o-exampleorg1"}]}`)}, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if g := m.NotCollected("999999999999", "eu-west-1", model.Key); g == nil || g.Reason != "skipped" {
		t.Errorf("gap %+v", g)
	}
	for _, bad := range []string{`{"version": 1, "skipped": [{"id": "12"}]}`, `{"version": 1, "skipped": ["999999999999"]}`} {
		_, err := load.LoadFiles(map[string][]byte{"org/manifest.json": []byte(bad)}, load.Options{})
		if err == nil || !strings.Contains(err.Error(), "org/manifest.json:") || !strings.Contains(err.Error(), "$.skipped[0]") {
			t.Errorf("%s: %v", bad, err)
		}
	}
}
