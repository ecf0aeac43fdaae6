package server_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/sekisho/sekisho/server"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// TestQueryAPIGolden sends the decision corpus (testdata/cases, every case
// whose gates SimulateCustomPolicy can carry: identity, boundary, SCP
// levels, resource policy) and SimulatePrincipalPolicy questions about the
// test model to the Query API, and compares each XML response byte for
// byte with testdata/golden: the response must not change when the way it
// is computed does (the golden files were written by the traced
// evaluation; -update rewrites them).
func TestQueryAPIGolden(t *testing.T) {
	t.Parallel()
	now, _ := time.Parse(time.RFC3339, testNow)
	s, err := server.New(server.Config{ModelDir: testModel, Now: func() time.Time { return now }, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	h := s.Handler()
	files := corpusFiles(t)
	for _, file := range files {
		t.Run(filepath.ToSlash(file), func(t *testing.T) {
			t.Parallel()
			var b strings.Builder
			for _, c := range corpusForms(t, filepath.Join("..", "testdata", "cases", file)) {
				fmt.Fprintf(&b, "### %s\n%s\n", c.name, queryXML(t, h, c.form))
			}
			golden(t, filepath.Join("testdata", "golden", "cases", strings.TrimSuffix(file, filepath.Ext(file))+".xml.txt"), b.String())
		})
	}
	t.Run("principal", func(t *testing.T) {
		t.Parallel()
		var b strings.Builder
		for _, c := range principalForms() {
			fmt.Fprintf(&b, "### %s\n%s\n", c.name, queryXML(t, h, c.form))
		}
		golden(t, filepath.Join("testdata", "golden", "principal.xml.txt"), b.String())
	})
}

type namedForm struct {
	name string
	form url.Values
}

var requestIDRE = regexp.MustCompile(`<RequestId>[^<]*</RequestId>`)

// queryXML posts a form to the Query API and returns the status and the
// body, the request id (random) blanked.
func queryXML(t *testing.T, h http.Handler, form url.Values) string {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return strconv.Itoa(w.Code) + " " + requestIDRE.ReplaceAllString(w.Body.String(), "<RequestId>-</RequestId>")
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, path, got)
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./server -run TestQueryAPIGolden -update)", err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("%s: line %d differs:\ngot  %s\nwant %s", path, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("%s: %d lines, want %d", path, len(gl), len(wl))
	}
}

func corpusFiles(t *testing.T) []string {
	root := filepath.Join("..", "testdata", "cases")
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".yaml") {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		files = append(files, rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 30 {
		t.Fatalf("found %d case files under %s", len(files), root)
	}
	sort.Strings(files)
	return files
}

// corpusCase is the part of a case file this test reads.
type corpusCase struct {
	Name    string `yaml:"name"`
	Request struct {
		Principal       string         `yaml:"principal"`
		Action          string         `yaml:"action"`
		Resource        string         `yaml:"resource"`
		ResourceAccount string         `yaml:"resourceAccount"`
		Context         map[string]any `yaml:"context"`
	} `yaml:"request"`
	Policies map[string]any `yaml:"policies"`
}

// corpusForms turns each case of a file into a SimulateCustomPolicy
// form: identity policies, boundary, SCP levels, resource policy, the
// principal as CallerArn, the context as ContextEntries. Cases with
// gates the API has no parameter for (session, RCP, VPC endpoint) or
// policies given as file names are left out.
func corpusForms(t *testing.T, file string) []namedForm {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var cases []corpusCase
	if err := yaml.Unmarshal(src, &cases); err != nil {
		var one corpusCase
		if err := yaml.Unmarshal(src, &one); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		cases = []corpusCase{one}
	}
	var out []namedForm
	for _, c := range cases {
		if f, ok := caseForm(c); ok {
			out = append(out, namedForm{c.Name, f})
		}
	}
	return out
}

func caseForm(c corpusCase) (url.Values, bool) {
	f := url.Values{"Action": {"SimulateCustomPolicy"}, "Version": {"2010-05-08"}, "ActionNames.member.1": {c.Request.Action}}
	if c.Request.Resource != "" {
		f.Set("ResourceArns.member.1", c.Request.Resource)
	}
	if c.Request.Principal != "" {
		f.Set("CallerArn", c.Request.Principal)
	}
	if c.Request.ResourceAccount != "" {
		f.Set("ResourceOwner", "arn:aws:iam::"+c.Request.ResourceAccount+":root")
	}
	for kind, v := range c.Policies {
		switch kind {
		case "identity", "boundary":
			param := map[string]string{"identity": "PolicyInputList", "boundary": "PermissionsBoundaryPolicyInputList"}[kind]
			docs, ok := v.([]any)
			if !ok && v != nil {
				return nil, false
			}
			for i, d := range docs {
				js, ok := policyJSON(d)
				if !ok {
					return nil, false
				}
				f.Set(fmt.Sprintf("%s.member.%d", param, i+1), js)
			}
		case "scp":
			levels, _ := v.([]any)
			for i, l := range levels {
				docs, _ := l.([]any)
				for j, d := range docs {
					js, ok := policyJSON(d)
					if !ok {
						return nil, false
					}
					f.Set(fmt.Sprintf("OrderedOrganizationPolicyInputList.member.%d.ServiceControlPolicyInputList.member.%d", i+1, j+1), js)
				}
			}
		case "resource":
			if v == nil {
				continue
			}
			js, ok := policyJSON(v)
			if !ok {
				return nil, false
			}
			f.Set("ResourcePolicy", js)
		default:
			if v != nil {
				return nil, false
			}
		}
	}
	if f.Get("PolicyInputList.member.1") == "" {
		f.Set("PolicyInputList.member.1", `{"Version":"2012-10-17","Statement":[]}`)
	}
	keys := make([]string, 0, len(c.Request.Context))
	for k := range c.Request.Context {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for i, k := range keys {
		p := fmt.Sprintf("ContextEntries.member.%d.", i+1)
		f.Set(p+"ContextKeyName", k)
		switch v := c.Request.Context[k].(type) {
		case []any:
			f.Set(p+"ContextKeyType", "stringList")
			for j, e := range v {
				f.Set(fmt.Sprintf("%sContextKeyValues.member.%d", p, j+1), fmt.Sprint(e))
			}
		default:
			f.Set(p+"ContextKeyType", "string")
			f.Set(p+"ContextKeyValues.member.1", fmt.Sprint(v))
		}
	}
	return f, true
}

// policyJSON renders a policy given inline in YAML as indented JSON (a
// policy given as a file name is not sent).
func policyJSON(v any) (string, bool) {
	if _, ok := v.(map[string]any); !ok {
		return "", false
	}
	b, err := json.MarshalIndent(v, "", "  ")
	return string(b), err == nil
}

// principalForms: SimulatePrincipalPolicy for the test model's user and
// role, over actions that each gate decides, with and without the
// context seed 000's SCP tests, and with documents added or replaced.
func principalForms() []namedForm {
	actions := []string{"s3:GetObject", "s3:ListBucket", "ec2:RunInstances", "iam:CreateUser", "sts:GetCallerIdentity",
		"iam:DeletePolicy", "kms:Decrypt", "dynamodb:GetItem"}
	resources := []string{"", "arn:aws:s3:::app-bucket"}
	contexts := []map[string]string{nil,
		{"aws:ec2InstanceSourceVpc": "vpc-abc123", "aws:SourceVpc": "vpc-abc123"},
		{"aws:ec2InstanceSourceVpc": "vpc-abc123", "aws:SourceIp": "203.0.113.50"}}
	extras := []url.Values{nil,
		{"PolicyInputList.member.1": {`{"Version":"2012-10-17","Statement":[{"Sid":"DenyKMS","Effect":"Deny","Action":"kms:*","Resource":"*"},{"Effect":"Allow","Action":["s3:*","dynamodb:GetItem"],"Resource":"*"}]}`}},
		{"PermissionsBoundaryPolicyInputList.member.1": {fullAccess}},
	}
	out := []namedForm{{"unknown user", url.Values{"Action": {"SimulatePrincipalPolicy"}, "Version": {"2010-05-08"},
		"PolicySourceArn": {"arn:aws:iam::111111111111:user/nobody"}, "ActionNames.member.1": {"s3:GetObject"}}},
		// A change to an AWS managed policy: the reserved-resource rule decides.
		{"reserved resource", url.Values{"Action": {"SimulatePrincipalPolicy"}, "Version": {"2010-05-08"},
			"PolicySourceArn": {"arn:aws:iam::111111111111:user/alice"}, "ActionNames.member.1": {"iam:DeletePolicy"},
			"ActionNames.member.2": {"iam:CreateUser"}, "ResourceArns.member.1": {"arn:aws:iam::aws:policy/AdministratorAccess"},
			"PolicyInputList.member.1": {fullAccess}, "PermissionsBoundaryPolicyInputList.member.1": {fullAccess}}}}
	for _, who := range []string{"arn:aws:iam::111111111111:user/alice", "arn:aws:iam::111111111111:role/app-instance-role"} {
		for ci, ctx := range contexts {
			for ei, extra := range extras {
				for _, res := range resources {
					f := url.Values{"Action": {"SimulatePrincipalPolicy"}, "Version": {"2010-05-08"}, "PolicySourceArn": {who}}
					for i, a := range actions {
						f.Set(fmt.Sprintf("ActionNames.member.%d", i+1), a)
					}
					if res != "" {
						f.Set("ResourceArns.member.1", res)
					}
					keys := make([]string, 0, len(ctx))
					for k := range ctx {
						keys = append(keys, k)
					}
					sort.Strings(keys)
					for i, k := range keys {
						p := fmt.Sprintf("ContextEntries.member.%d.", i+1)
						f.Set(p+"ContextKeyName", k)
						f.Set(p+"ContextKeyType", "string")
						f.Set(p+"ContextKeyValues.member.1", ctx[k])
					}
					for k, v := range extra {
						f[k] = v
					}
					out = append(out, namedForm{fmt.Sprintf("%s context=%d extra=%d resource=%q", who, ci, ei, res), f})
				}
			}
		}
	}
	return out
}
