package analysis_test

import (
	"sync"
	"testing"

	"github.com/sekisho/sekisho/analysis"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/model/synth"
)

// TestProgress: a question reports its progress to the hook, ending with
// every step done (the CLI shows it on a terminal only).
func TestProgress(t *testing.T) {
	t.Parallel()
	a := loadOrg(t, true)
	var mu sync.Mutex
	last := map[string][2]int{}
	a.Progress = func(stage string, done, total int) {
		mu.Lock()
		defer mu.Unlock()
		last[stage] = [2]int{done, total}
	}
	if _, err := a.WhoCan("s3:ListBucket", "arn:aws:s3:::data-bucket/report.csv", analysis.WhoCanOptions{}); err != nil {
		t.Fatal(err)
	}
	got, ok := last["principals evaluated"]
	if !ok || got[0] != got[1] || got[1] == 0 {
		t.Fatalf("progress %v, want every principal evaluated reported", last)
	}
}

// TestFollowProgress: following AssumeRole chains reports one step per
// role reached, ending with every role found decided.
func TestFollowProgress(t *testing.T) {
	t.Parallel()
	m, _ := synthAWSCLI(t, synth.Config{Seed: 1, Accounts: 3})
	a := analysis.New(m)
	var mu sync.Mutex
	var steps [][2]int
	a.Progress = func(stage string, done, total int) {
		mu.Lock()
		defer mu.Unlock()
		if stage == "roles reached through AssumeRole decided" {
			steps = append(steps, [2]int{done, total})
		}
	}
	creds := model.Credentials{Type: model.ByPrincipal, Principal: "arn:aws:iam::" + synth.AccountID(0) + ":role/app-0"}
	res, err := a.WhatCan(creds, analysis.WhatCanOptions{FollowAssume: true, Service: "sts"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.ViaAssumeRole) == 0 {
		t.Fatal("the tooling account's role reaches no role: the test asks nothing")
	}
	if len(steps) != len(res.ViaAssumeRole) {
		t.Fatalf("%d progress steps for %d roles reached: %v", len(steps), len(res.ViaAssumeRole), steps)
	}
	for i, s := range steps {
		if s[0] != i+1 || s[1] < s[0] {
			t.Fatalf("step %d reported %d of %d", i, s[0], s[1])
		}
	}
	if last := steps[len(steps)-1]; last[0] != last[1] {
		t.Errorf("the last step is %d of %d, want every role found decided", last[0], last[1])
	}
}
