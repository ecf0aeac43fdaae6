package analysis_test

import (
	"testing"

	"github.com/sekisho/sekisho/analysis"
	"github.com/sekisho/sekisho/model"
	modelload "github.com/sekisho/sekisho/model/load"
)

// TestAssumeRole decides sts:AssumeRole calls of seed 003: the trust
// policy and the duration limits (the role's maximum, one hour for role
// chaining, 900 s at least).
func TestAssumeRole(t *testing.T) {
	t.Parallel()
	m, err := modelload.Load("../examples/seeds-model/003-trust/model", modelload.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		caller   string
		role     string
		duration int
		succeeds bool
		chained  bool
		max      int
	}{
		{"arn:aws:iam::123456789012:user/intern", "arn:aws:iam::123456789012:role/root-trusting-role", 43200, true, false, 43200},
		{"arn:aws:iam::123456789012:user/intern", "arn:aws:iam::123456789012:role/root-trusting-role", 43201, false, false, 43200},
		{"arn:aws:iam::123456789012:user/HogeUser", "arn:aws:iam::123456789012:role/app-role", 7200, false, false, 3600},
		{"role-session:arn:aws:iam::123456789012:role/ci-runner:build", "arn:aws:iam::123456789012:role/root-trusting-role", 3600, true, true, 3600},
		{"role-session:arn:aws:iam::123456789012:role/ci-runner:build", "arn:aws:iam::123456789012:role/root-trusting-role", 7200, false, true, 3600},
		{"arn:aws:iam::123456789012:user/intern", "arn:aws:iam::123456789012:role/root-trusting-role", 600, false, false, 43200},
		{"arn:aws:iam::123456789012:user/HogeUser", "arn:aws:iam::123456789012:role/root-trusting-role", 3600, false, false, 43200},
	}
	for _, tc := range tests {
		creds, err := model.ParseCredentials(tc.caller)
		if err != nil {
			t.Fatal(err)
		}
		a, err := analysis.New(m).AssumeRole(model.AssumeInput{Caller: creds, Role: tc.role, Duration: tc.duration, SessionName: "s"})
		if err != nil {
			t.Fatal(err)
		}
		if a.Succeeds() != tc.succeeds || a.Chained != tc.chained || a.MaxDuration != tc.max {
			t.Errorf("%s → %s (%d s): succeeds %v chained %v max %d (%s, %s); want %v %v %d", tc.caller, tc.role, tc.duration,
				a.Succeeds(), a.Chained, a.MaxDuration, a.Decided.Result.Decision, a.DurationError, tc.succeeds, tc.chained, tc.max)
		}
		if a.Succeeds() && a.Session != "arn:aws:sts::123456789012:assumed-role/root-trusting-role/s" {
			t.Errorf("session %s", a.Session)
		}
	}
}
