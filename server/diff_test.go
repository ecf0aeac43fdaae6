package server_test

import (
	"encoding/json"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/server"
)

// POST /api/v1/diff answers what `sekisho diff --format json` prints for
// the same two sides, written to files old.json and new.json: two
// policies of one kind (inferred or given), a policy added, two cases,
// with --both and --must-not-grant.
func TestJSONAPIDiff(t *testing.T) {
	t.Parallel()
	_, ts := start(t, server.Config{})
	const (
		readOnly  = `{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::app-bucket","arn:aws:s3:::app-bucket/*"]}]}`
		readWrite = `{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "ReadWrite", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], "Resource": "arn:aws:s3:::app-bucket/*"}
  ]
}`
		scp     = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"s3:DeleteObject","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalAccount":"111111111111"}}}]}`
		oldCase = `{"name":"before","request":{"principal":"arn:aws:iam::111111111111:role/app","action":"s3:GetObject","resource":"arn:aws:s3:::app-bucket/a"},
"policies":{"identity":[` + readOnly + `]}}`
		newCase = `[{"name":"after","request":{"principal":"arn:aws:iam::111111111111:role/app","action":"s3:GetObject","resource":"arn:aws:s3:::app-bucket/a"},
"policies":{"identity":[` + readWrite + `],"scp":[[` + scp + `]]}}]`
	)
	type q = url.Values
	tests := []struct {
		name     string
		old, new string // "" is no policy
		query    q
		flags    []string
	}{
		{"identity-inferred", readOnly, readWrite, q{}, nil},
		{"identity-both", readOnly, readWrite, q{"both": {"true"}}, []string{"--both"}},
		{"scp-added", "", scp, q{"kind": {"scp"}}, []string{"--kind", "scp"}},
		{"must-not-grant", readOnly, readWrite, q{"mustNotGrant": {"s3:Delete*,s3:PutObject"}}, []string{"--must-not-grant", "s3:Delete*,s3:PutObject"}},
		{"principal", readOnly, readWrite, q{"principal": {"arn:aws:iam::111111111111:user/bob"}}, []string{"--principal", "arn:aws:iam::111111111111:user/bob"}},
		{"cases", oldCase, newCase, q{"both": {"true"}}, []string{"--both"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			args := append([]string{"diff", "--format", "json", "--now", testNow}, tt.flags...)
			// Each document starts a line of the body, so that its
			// positions (relative to the document) are its file's.
			var fields []string
			for _, side := range []struct{ name, doc string }{{"old", tt.old}, {"new", tt.new}} {
				if side.doc == "" {
					args = append(args, "-")
					continue
				}
				file := filepath.Join(dir, side.name+".json")
				writeFile(t, file, side.doc)
				args = append(args, file)
				fields = append(fields, `"`+side.name+`":`+"\n"+side.doc)
			}
			body := "{" + strings.Join(fields, ",\n") + "}"
			tt.query.Set("now", testNow)
			status, got := postBody(t, ts.URL+"/api/v1/diff?"+tt.query.Encode(), "application/json", body)
			if status != 200 {
				t.Fatalf("status %d: %s", status, got)
			}
			want := strings.ReplaceAll(cliJSON(t, args...), dir+string(filepath.Separator), "")
			sameJSON(t, tt.name, got, want)
			if !strings.Contains(got, `"schemaVersion": 1`) {
				t.Errorf("no schemaVersion: %s", got)
			}
		})
	}
}

// The diff route's errors come from the one mapper.
func TestJSONAPIDiffErrors(t *testing.T) {
	t.Parallel()
	_, ts := start(t, server.Config{})
	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`
	tests := []struct {
		name, query, body string
		status            int
		code              string
	}{
		{"not-json", "", `{"old":`, 400, "bad_input"},
		{"not-an-object", "", `[1,2]`, 400, "bad_input"},
		{"malformed-policy", "", `{"old":` + policy + `,"new":{"Version":"2012-10-17","Statement":[{"Effect":"Permit","Action":"*","Resource":"*"}]}}`, 400, "malformed_policy"},
		{"case-against-policy", "", `{"old":{"name":"c","request":{"principal":"arn:aws:iam::111111111111:user/a","action":"s3:GetObject"},"policies":{}},"new":` + policy + `}`, 400, "malformed_policy"},
		{"case-naming-a-file", "", `{"old":{"name":"c","request":{"principal":"arn:aws:iam::111111111111:user/a","action":"s3:GetObject"},"policies":{"identity":["/etc/passwd"]}},
"new":{"name":"d","request":{"principal":"arn:aws:iam::111111111111:user/a","action":"s3:GetObject"},"policies":{}}}`, 400, "bad_input"},
		{"bad-kind", "kind=banana", `{"new":` + policy + `}`, 400, "bad_input"},
		{"bad-both", "both=yes", `{"new":` + policy + `}`, 400, "bad_input"},
		{"bad-now", "now=tomorrow", `{"new":` + policy + `}`, 400, "bad_input"},
		{"unknown-must-not-grant", "mustNotGrant=s3:GetObjekt", `{"new":` + policy + `}`, 400, "bad_input"},
		{"malformed-must-not-grant", "mustNotGrant=GetObject", `{"new":` + policy + `}`, 400, "bad_input"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			status, body := postBody(t, ts.URL+"/api/v1/diff?"+tt.query, "application/json", tt.body)
			var e struct {
				Error struct{ Code, Message string }
			}
			if err := json.Unmarshal([]byte(body), &e); err != nil {
				t.Fatalf("%d %q: %v", status, body, err)
			}
			if status != tt.status || e.Error.Code != tt.code || e.Error.Message == "" {
				t.Errorf("got %d %+v, want %d %s", status, e, tt.status, tt.code)
			}
		})
	}
}
