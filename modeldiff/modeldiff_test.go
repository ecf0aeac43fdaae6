package modeldiff_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/model/load"
	"github.com/sekisho/sekisho/modeldiff"
)

func loadModel(t *testing.T, name string) *model.Model {
	t.Helper()
	m, err := load.Load(filepath.Join("testdata", "models", name), load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

var modelNow = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// TestModels compares the base model with one changed in one way each
// time: the witnesses are exactly the new access, each decided again on
// both models.
func TestModels(t *testing.T) {
	t.Parallel()
	tests := []struct {
		after string
		want  []string // principal action resource [context]
	}{
		{"role-widened", []string{"arn:aws:iam::111111111111:role/app s3:GetObject arn:aws:s3:::data/x"}},
		{"scp-removed", []string{"arn:aws:iam::111111111111:role/ops ec2:TerminateInstances arn:aws:ec2:us-east-1:111111111111:instance/x"}},
		// account 222222222222 is in neither model: another principal of it
		{"bucket-other-account", []string{"arn:aws:iam::222222222222:role/sekisho-diff-other s3:GetObject arn:aws:s3:::data/x"}},
		// alice's own policy allows sts:AssumeRole on "*"; ops already could
		{"trust-widened", []string{"arn:aws:iam::111111111111:user/alice sts:AssumeRole arn:aws:iam::111111111111:role/app"}},
		{"new-user", []string{"arn:aws:iam::111111111111:user/bob s3:GetObject arn:aws:s3:::data/x"}},
		{"same-meaning", nil},
	}
	base := loadModel(t, "base")
	for _, tt := range tests {
		t.Run(tt.after, func(t *testing.T) {
			t.Parallel()
			rep, err := modeldiff.Compare(modeldiff.Input{Before: base, After: loadModel(t, tt.after), Now: modelNow})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range rep.Added {
				got = append(got, strings.TrimSpace(c.Principal+" "+c.Action+" "+c.Resource+" "+ctxString(c.Context)))
			}
			if len(rep.Undecided) > 0 {
				t.Errorf("undecided: %+v", rep.Undecided)
			}
			if outside := strings.Contains(tt.after, "other-account"); rep.Models.Verified+rep.Models.Outside != len(rep.Added) ||
				outside != (rep.Models.Outside > 0) {
				t.Errorf("%d witnesses verified on both models, %d of principals outside them, for %d changes", rep.Models.Verified, rep.Models.Outside, len(rep.Added))
			}
			if len(rep.Removed) > 0 {
				t.Errorf("removed without --both: %+v", rep.Removed)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("added:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func ctxString(ctx map[string][]string) string {
	var parts []string
	for k, v := range ctx {
		parts = append(parts, k+"="+strings.Join(v, ","))
	}
	return strings.Join(parts, " ")
}

// TestModelsBoth: the reverse change removes the access, and a principal
// only the old model holds loses all of it.
func TestModelsBoth(t *testing.T) {
	t.Parallel()
	rep, err := modeldiff.Compare(modeldiff.Input{Before: loadModel(t, "new-user"), After: loadModel(t, "base"), Both: true, Now: modelNow})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Added) != 0 || len(rep.Removed) != 1 {
		t.Fatalf("added %+v, removed %+v", rep.Added, rep.Removed)
	}
	c := rep.Removed[0]
	if c.Principal != "arn:aws:iam::111111111111:user/bob" || c.Action != "s3:GetObject" || c.Resource != "arn:aws:s3:::data/x" ||
		c.Old.Decision != eval.Allow || c.New.Decision == eval.Allow {
		t.Errorf("removed %+v", c)
	}
}
