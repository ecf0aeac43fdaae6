package model_test

import (
	"testing"

	"github.com/sekisho/sekisho/model"
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

// TestPutInstanceProfile: the role a profile holds is the one its
// instances receive; a role the model lacks, or a profile it lacks on
// delete, is an error, not a guess.
func TestPutInstanceProfile(t *testing.T) {
	t.Parallel()
	m := model.New()
	a := m.EnsureAccount("111111111111")
	a.Roles["reader"] = &model.Role{Principal: model.Principal{ARN: "arn:aws:iam::111111111111:role/reader", Name: "reader", Account: "111111111111"}}
	a.Roles["admin"] = &model.Role{Principal: model.Principal{ARN: "arn:aws:iam::111111111111:role/admin", Name: "admin", Account: "111111111111"}}
	if err := m.PutInstanceProfile("111111111111", "app", "", "reader", false); err != nil {
		t.Fatal(err)
	}
	m.Instances["i-1"] = &model.Instance{ID: "i-1", Account: "111111111111", InstanceProfile: "arn:aws:iam::111111111111:instance-profile/app"}
	if r := m.InstanceRole("i-1"); r == nil || r.Name != "reader" {
		t.Fatalf("instance role %+v, want reader", r)
	}
	if err := m.PutInstanceProfile("111111111111", "app", "", "arn:aws:iam::111111111111:role/admin", false); err != nil {
		t.Fatal(err)
	}
	if r := m.InstanceRole("i-1"); r == nil || r.Name != "admin" {
		t.Fatalf("instance role %+v, want admin after the change", r)
	}
	if err := m.PutInstanceProfile("111111111111", "app", "", "missing", false); err == nil {
		t.Error("a role the model lacks was put in the profile")
	}
	if err := m.PutInstanceProfile("111111111111", "app", "", "", true); err != nil || m.InstanceRole("i-1") != nil {
		t.Errorf("delete: %v; instance role %+v, want none", err, m.InstanceRole("i-1"))
	}
	if err := m.PutInstanceProfile("111111111111", "app", "", "", true); err == nil {
		t.Error("deleting a profile the model lacks is no error")
	}
}
