package caserun_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sekisho/sekisho/casefile"
	"github.com/sekisho/sekisho/internal/caserun"
)

// TestCorpus decides every case of the decision corpus and the seed
// scenarios, model cases included, as "sekisho test" reads them: every
// file of the directories is read (policy documents and model files are
// skipped, anything else must be cases), and every expectation holds.
func TestCorpus(t *testing.T) {
	t.Parallel()
	cases, _, err := caserun.Load([]string{"../../testdata/cases", "../../examples"})
	if err != nil {
		t.Fatal(err)
	}
	run := caserun.New(time.Time{})
	total, models := 0, 0
	for _, c := range cases {
		if c.Expect == nil {
			continue
		}
		d, err := run.Decide(c)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		total++
		if c.Model != nil {
			models++
			if d.Principal == "" || d.Route == "" {
				t.Errorf("%s: model case %s: principal %q, route %q: want both", c.File, c.Name, d.Principal, d.Route)
			}
		}
		if d.Result.Decision != *c.Expect {
			t.Errorf("%s:%s: case %s: got %s, want %s\n  %s", c.File, c.Pos, c.Name, d.Result.Decision, *c.Expect, d.Explain().Summary)
		}
	}
	if total < 700 || models < 70 {
		t.Errorf("corpus has %d cases with expectations (%d model cases), want at least 700 (70)", total, models)
	}
}

// TestLoadSkipsReferencedFiles: in a directory, a policy document and a
// model file are skipped; named on their own, they are read as cases (and
// are not cases); a malformed case file in a directory is an error.
func TestLoadSkipsReferencedFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, src string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	policyFile := write("policy.json", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`)
	write("authorization.json", `{"UserDetailList":[],"RoleDetailList":[]}`)
	write("cases.yaml", "- name: a\n  request: {principal: anonymous, action: 's3:GetObject'}\n  expect: ImplicitDeny\n")
	cases, files, err := caserun.Load([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 1 || cases[0].Name != "a" || len(files) != 1 {
		t.Fatalf("Load(dir) = %d cases from %v, want the one case of cases.yaml", len(cases), files)
	}
	if _, _, err := caserun.Load([]string{policyFile}); err == nil {
		t.Errorf("Load(policy.json): no error; a file named on its own must be cases")
	}
	write("broken.yaml", "- name: b\n  expect: Allow\n")
	if _, _, err := caserun.Load([]string{dir}); err == nil || !strings.Contains(err.Error(), "has no request") {
		t.Errorf("Load(dir with a case without request) = %v, want the error", err)
	}
}

// TestModelCaseErrors: what a model cannot resolve is an error at the
// place of the case file that names it.
func TestModelCaseErrors(t *testing.T) {
	t.Parallel()
	model, err := filepath.Abs("../../examples/seeds-model/000-instance-credentials/model")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, request, want string }{
		{"unknown instance", "{credentials: {type: instance-profile, instance: i-0nothere}, action: 's3:ListBucket'}", "c.yaml:3:12: $[0].request: instance i-0nothere is not in the model"},
		{"bad principal", "{principal: 'bogus', action: 's3:ListBucket'}", "c.yaml:3:24: $[0].request.principal: credentials"},
		{"bad vantage", "{principal: 'arn:aws:iam::111111111111:user/deployer', from: 'home', action: 's3:ListBucket'}", "$[0].request.from:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cases, err := casefile.Parse([]byte("- name: c\n  model: "+model+"\n  request: "+tc.request+"\n"), "c.yaml")
			if err != nil {
				t.Fatal(err)
			}
			_, err = caserun.New(time.Time{}).Decide(cases[0])
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Decide: %v, want an error with %q", err, tc.want)
			}
		})
	}
}

// TestEachConcurrentCorpus: deciding the corpus on several goroutines
// hands every case, in the order of Each, with its own decision.
func TestEachConcurrentCorpus(t *testing.T) {
	t.Parallel()
	paths := []string{"../../testdata/cases", "../../examples"}
	run := caserun.New(time.Time{})
	type got struct {
		name     string
		decision string
	}
	decide := func(c *casefile.Case) (got, error) {
		if c.Expect == nil {
			return got{name: c.File + ":" + c.Name}, nil
		}
		d, err := run.Decide(c)
		if err != nil {
			return got{}, err
		}
		return got{c.File + ":" + c.Name, d.Result.Decision.String()}, nil
	}
	var want []got
	wantFiles, err := caserun.Each(paths, func(c *casefile.Case) error {
		g, err := decide(c)
		want = append(want, g)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var have []got
	files, err := caserun.EachConcurrent(paths, 4, decide, func(c *casefile.Case, g got) error {
		if g.name != c.File+":"+c.Name {
			t.Errorf("case %s: handed with the decision of %s", c.Name, g.name)
		}
		have = append(have, g)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(files, wantFiles) || !slices.Equal(have, want) {
		t.Errorf("EachConcurrent: %d files, %d cases; Each: %d files, %d cases, or another order or decision", len(files), len(have), len(wantFiles), len(want))
	}
}
