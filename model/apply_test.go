package model_test

import (
	"testing"

	"github.com/sekisho/sekisho/model/load"
	"github.com/sekisho/sekisho/policy"
)

// TestPutUser: the one change a model takes adds inline policies to a
// user, creating the user when the account has none of that name.
func TestPutUser(t *testing.T) {
	t.Parallel()
	m, err := load.LoadFiles(map[string][]byte{"m/a.yaml": []byte("accounts:\n  - id: \"111111111111\"\n    users: [{name: bob, path: /ops/}]\n")}, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := policy.Parse([]byte(`{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*"}}`), policy.Source{Kind: policy.Identity})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		account, user, wantARN string
		created, wantErr       bool
	}{
		{"111111111111", "bob", "arn:aws:iam::111111111111:user/ops/bob", false, false},
		{"111111111111", "carol", "arn:aws:iam::111111111111:user/carol", true, false},
		{"222222222222", "dave", "", false, true},
	}
	for _, tc := range tests {
		u, created, err := m.PutUser(tc.account, tc.user, doc)
		if tc.wantErr {
			if err == nil {
				t.Errorf("PutUser(%s, %s): no error, want one", tc.account, tc.user)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if u.ARN != tc.wantARN || created != tc.created || len(u.Inline) != 1 || m.Accounts[tc.account].Users[tc.user] != u {
			t.Errorf("PutUser(%s, %s) = %s created %v with %d inline; want %s created %v with 1", tc.account, tc.user, u.ARN, created, len(u.Inline), tc.wantARN, tc.created)
		}
	}
}
