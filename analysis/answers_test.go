package analysis_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sekisho/sekisho/analysis"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/model/load"
	"github.com/sekisho/sekisho/model/synth"
)

var update = flag.Bool("update", false, "rewrite the golden answers under testdata/answers")

// TestAnswersUnchanged pins every organization-wide answer on two small
// synthetic organizations (the AWS CLI layout `sekisho synth` writes, and
// the native one the in-memory benchmarks load) to golden JSON: the
// questions the scale benchmarks ask, on the same shapes. The analyses'
// fast paths (pruning, caching, sharing per statement) must give exactly
// the answers the straightforward evaluation gave when the goldens were
// written, completeness included.
func TestAnswersUnchanged(t *testing.T) {
	t.Parallel()
	type org struct {
		load     func(t *testing.T) (m *model.Model, dir string)
		readOnly string // a role with a broad AWS managed policy
	}
	orgs := map[string]org{
		"awscli": {readOnly: "app-3", load: func(t *testing.T) (*model.Model, string) {
			return synthAWSCLI(t, synth.Config{Seed: 1, Accounts: 3})
		}},
		"native": {readOnly: "person-3", load: func(t *testing.T) (*model.Model, string) {
			m, err := load.LoadFiles(synth.Generate(synth.Config{Seed: 1, Accounts: 3, RolesPerAccount: 12}), load.Options{})
			if err != nil {
				t.Fatal(err)
			}
			return m, ""
		}},
	}
	for name, o := range orgs {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m, dir := o.load(t)
			for _, q := range answerQuestions(o.readOnly) {
				a := analysis.New(m)
				a.Now = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
				got, err := q.ask(a)
				if err != nil {
					t.Fatalf("%s: %v", q.name, err)
				}
				checkGolden(t, filepath.Join("testdata", "answers", name+"-"+q.name+".json"), got, dir)
			}
		})
	}
}

type answerQuestion struct {
	name string
	ask  func(a *analysis.Analyzer) (any, error)
}

func answerQuestions(readOnly string) []answerQuestion {
	bucket := "arn:aws:s3:::synth-" + synth.AccountID(0) + "-data-0"
	object := bucket + "/data/file.csv"
	role := func(acct int, name string) model.Credentials {
		return model.Credentials{Type: model.ByPrincipal, Principal: "arn:aws:iam::" + synth.AccountID(acct) + ":role/" + name}
	}
	return []answerQuestion{
		{"whocan-read", func(a *analysis.Analyzer) (any, error) {
			return a.WhoCan("s3:GetObject", object, analysis.WhoCanOptions{})
		}},
		{"whocan-read-denied", func(a *analysis.Analyzer) (any, error) {
			return a.WhoCan("s3:GetObject", object, analysis.WhoCanOptions{ShowDenied: true})
		}},
		{"whocan-write", func(a *analysis.Analyzer) (any, error) {
			return a.WhoCan("s3:PutObject", object, analysis.WhoCanOptions{})
		}},
		{"whocan-list", func(a *analysis.Analyzer) (any, error) {
			return a.WhoCan("s3:ListBucket", bucket, analysis.WhoCanOptions{})
		}},
		{"whatcan-app-0", func(a *analysis.Analyzer) (any, error) {
			return a.WhatCan(role(1, "app-0"), analysis.WhatCanOptions{})
		}},
		{"whatcan-readonly", func(a *analysis.Analyzer) (any, error) {
			return a.WhatCan(role(1, readOnly), analysis.WhatCanOptions{})
		}},
		{"whatcan-readonly-follow", func(a *analysis.Analyzer) (any, error) {
			return a.WhatCan(role(1, readOnly), analysis.WhatCanOptions{FollowAssume: true, Service: "s3"})
		}},
		{"leak-instance", func(a *analysis.Analyzer) (any, error) {
			return a.Leak(synth.InstanceID(1, 0), analysis.WhatCanOptions{FollowAssume: true})
		}},
		{"audit", func(a *analysis.Analyzer) (any, error) {
			return a.Audit(analysis.AuditOptions{})
		}},
		{"assume-graph", func(a *analysis.Analyzer) (any, error) {
			return a.AssumeGraph(model.Vantage{})
		}},
		{"privesc-graph", func(a *analysis.Analyzer) (any, error) {
			return a.PrivescGraph()
		}},
	}
}

// goldenMax is the largest answer kept whole in its golden file; a
// larger one (whatcan for a ReadOnlyAccess role lists thousands of
// capabilities) is kept as its length and SHA-256.
const goldenMax = 256 << 10

// checkGolden compares an answer's JSON with a golden file (-update
// rewrites it). The model's directory, in file names, is written MODEL.
func checkGolden(t *testing.T, path string, answer any, dir string) {
	t.Helper()
	got, err := json.MarshalIndent(answer, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if dir != "" {
		got = bytes.ReplaceAll(got, []byte(dir), []byte("MODEL"))
	}
	got = append(got, '\n')
	if len(got) > goldenMax {
		path += ".sha256"
		got = []byte(fmt.Sprintf("%d bytes, sha256 %x\n", len(got), sha256.Sum256(got)))
	}
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s: the answer differs from the golden file (%d bytes, want %d); first difference at byte %d",
			path, len(got), len(want), firstDiff(got, want))
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// synthAWSCLI loads what `sekisho synth` writes for cfg (AWS CLI output,
// loaded as --model DIR loads it), and returns the directory too.
func synthAWSCLI(t *testing.T, cfg synth.Config) (*model.Model, string) {
	t.Helper()
	dir := t.TempDir()
	if err := synth.WriteAWSCLI(dir, cfg); err != nil {
		t.Fatal(err)
	}
	m, err := load.Load(dir, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return m, dir
}
