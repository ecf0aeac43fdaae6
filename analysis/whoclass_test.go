package analysis

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"testing"
	"time"

	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/model/synth"
	"github.com/sekisho/sekisho/policy"
)

// TestWhoCanClassesUnchanged: whocan's classes of principals alike
// (whoclass.go) answer as every principal decided on its own, in an
// organization whose policies tell principals of one account apart in
// each way a class must see: a condition on aws:PrincipalArn, on a
// principal tag, a policy variable of a principal tag, a bucket policy
// naming one role, a path.
func TestWhoCanClassesUnchanged(t *testing.T) {
	t.Parallel()
	m := loadFiles(t, synth.GenerateAWSCLI(synth.Config{Seed: 1, Accounts: 4, RolesPerAccount: 6}))
	acct := m.Accounts[synth.AccountID(1)]
	bucket := "arn:aws:s3:::synth-" + synth.AccountID(1) + "-data-0"
	doc := func(k policy.Kind, src string) *policy.Policy {
		p, err := policy.Parse([]byte(src), policy.Source{File: "classes.json", Kind: k, Name: "classes-" + k.String()})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	// One inline document, the same for every role added below (a class
	// holds principals of the same documents).
	shared := doc(policy.Identity, `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"},
		{"Effect":"Deny","Action":"s3:GetObject","Resource":"`+bucket+`/arn/*",
		 "Condition":{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/keep-*"}}},
		{"Effect":"Deny","Action":"s3:GetObject","Resource":"`+bucket+`/tag/*",
		 "Condition":{"StringEquals":{"aws:PrincipalTag/team":"red"}}}]}`)
	// Another, for roles whose documents hold a variable.
	variable := doc(policy.Identity, `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"},
		{"Effect":"Deny","Action":"s3:GetObject","Resource":"`+bucket+`/var/${aws:PrincipalTag/team}/*"}]}`)
	add := func(name, path string, tags map[string]string) {
		arnStr := "arn:aws:iam::" + acct.ID + ":role" + path + name
		acct.Roles[name] = &model.Role{Principal: model.Principal{ARN: arnStr, Name: name, Path: path, Account: acct.ID,
			Inline: []*policy.Policy{shared}, Tags: maps.Clone(tags)}}
		if name == "var" || len(name) > 4 && name[:4] == "var-" {
			acct.Roles[name].Inline = []*policy.Policy{variable}
		}
	}
	for _, team := range []string{"red", "blue"} {
		add("keep-"+team, "/", map[string]string{"team": team})
		add("drop-"+team, "/", map[string]string{"team": team})
		add("drop2-"+team, "/", map[string]string{"team": team})
		add("path-"+team, "/ops/", map[string]string{"team": team})
		add("var-"+team, "/", map[string]string{"team": team})
		add("var-"+team+"2", "/", map[string]string{"team": team})
	}
	add("keep-none", "/", nil)
	add("drop-none", "/", nil)
	// Another bucket's policy denies one of them by name.
	named := "arn:aws:s3:::synth-" + synth.AccountID(1) + "-data-1"
	m.Resources[named].Policy = doc(policy.Resource, `{"Version":"2012-10-17","Statement":[
		{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::`+acct.ID+`:role/drop2-red"},"Action":"s3:GetObject","Resource":"`+named+`/*"}]}`)

	shares := 0
	for _, obj := range []string{bucket + "/arn/x", bucket + "/tag/x", bucket + "/var/red/x", bucket + "/var/blue/x", named + "/x", bucket + "/other/x"} {
		for _, denied := range []bool{false, true} {
			name := fmt.Sprintf("%s showDenied=%v", obj, denied)
			ask := func(a *Analyzer) string {
				a.Now = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
				res, err := a.WhoCan("s3:GetObject", obj, WhoCanOptions{ShowDenied: denied})
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				b, _ := json.Marshal(res)
				return string(b)
			}
			classed, alone := New(m), New(m)
			alone.noShare = true
			got, want := ask(classed), ask(alone)
			if got != want {
				t.Errorf("%s: classes answer differently (%d bytes, want %d; first difference at byte %d)\n%s",
					name, len(got), len(want), firstDifference([]byte(got), []byte(want)), got[max(0, firstDifference([]byte(got), []byte(want))-300):][:min(600, len(got)-max(0, firstDifference([]byte(got), []byte(want))-300))])
			}
			shares += int(classed.whoShared.Load())
		}
	}
	if shares == 0 {
		t.Errorf("no principal took its class's answer: the test compares nothing shared")
	}
}

// TestSameButPrincipalFields: sameButPrincipal and setDocuments compare
// every field of what they are given; a field added to one of these
// types must be compared too.
func TestSameButPrincipalFields(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		typ  reflect.Type
		want int
	}{
		{reflect.TypeFor[policy.Set](), 7},
		{reflect.TypeFor[policy.Request](), 8},
		// The seventh, unexported, backs Request.Layers: compared as them.
		{reflect.TypeFor[model.Gathered](), 7},
	} {
		if n := c.typ.NumField(); n != c.want {
			t.Errorf("%s has %d fields; sameButPrincipal compares %d (update it, and setDocuments for policy.Set)", c.typ, n, c.want)
		}
	}
}
