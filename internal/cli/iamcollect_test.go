package cli_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// The organization of the iam-collect import's tests, in iam-collect's
// storage layout and as a native model file written by hand.
const (
	iamCollectModel   = "../../model/load/testdata/iamcollect"
	iamCollectNative  = "../../model/load/testdata/iamcollect-native"
	iamCollectNow     = "2026-01-01T00:00:00Z"
	iamCollectReader  = "arn:aws:iam::333333333333:role/reader"
	iamCollectBucket  = "arn:aws:s3:::ic-prod-data/report.csv"
	iamCollectQueue   = "arn:aws:sqs:us-east-1:222222222222:orders"
	iamCollectKey     = "arn:aws:kms:us-east-1:222222222222:key/1111aaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
	iamCollectAppRole = "arn:aws:iam::222222222222:role/app-role"
)

// TestIAMCollectSameAnswers: a directory written in iam-collect's layout
// answers whocan, whatcan and eval exactly as the same organization
// written natively, but for the files and lines the explanations cite.
func TestIAMCollectSameAnswers(t *testing.T) {
	t.Parallel()
	questions := [][]string{
		{"whocan", "s3:GetObject", iamCollectBucket},
		{"whocan", "s3:PutObject", iamCollectBucket},
		{"whocan", "sqs:SendMessage", iamCollectQueue},
		{"whocan", "sqs:ReceiveMessage", iamCollectQueue},
		{"whocan", "kms:Decrypt", iamCollectKey},
		{"whocan", "iam:GetUser", "arn:aws:iam::222222222222:user/developers/alice"},
		{"whocan", "iam:CreateUser", "arn:aws:iam::222222222222:user/x"},
		{"whocan", "organizations:LeaveOrganization", "*"},
		{"whocan", "ec2:RunInstances", "arn:aws:ec2:us-west-2:222222222222:instance/*"},
		{"whocan", "sts:AssumeRole", iamCollectReader},
		{"whocan", "s3:GetObject", "arn:aws:s3:us-east-1:222222222222:accesspoint/ic-data-ap/object/report.csv"},
		{"whocan", "events:PutEvents", "arn:aws:events:us-east-1:222222222222:event-bus/orders-bus"},
		{"whocan", "execute-api:Invoke", "arn:aws:execute-api:us-east-1:222222222222:a1b2c3d4e5/prod/GET/orders"},
		{"whocan", "kinesis:GetRecords", "arn:aws:kinesis:us-east-1:222222222222:stream/clicks"},
		{"whocan", "glue:GetTable", "arn:aws:glue:us-east-1:222222222222:table/sales/orders"},
		{"whatcan", iamCollectReader},
		{"whatcan", iamCollectAppRole},
		{"whatcan", "arn:aws:iam::222222222222:user/developers/alice"},
		{"whatcan", "arn:aws:iam::222222222222:role/ops/admin-role", "--service", "iam"},
		{"whatcan", "arn:aws:iam::333333333333:user/bob", "--follow-assume"},
		{"eval", "--principal", iamCollectReader, "--action", "s3:GetObject", "--resource", iamCollectBucket},
		{"eval", "--principal", iamCollectReader, "--action", "kms:Decrypt", "--resource", iamCollectKey},
		{"eval", "--principal", "arn:aws:iam::222222222222:user/developers/alice", "--action", "sqs:SendMessage", "--resource", iamCollectQueue},
		{"eval", "--principal", iamCollectAppRole, "--action", "s3:GetObject", "--resource", iamCollectBucket, "--from", "vpc:vpc-0icprod"},
		{"eval", "--principal", iamCollectAppRole, "--action", "s3:GetObject", "--resource", "arn:aws:s3:::elsewhere/x", "--from", "vpc:vpc-0icprod",
			"--resource-account", "222222222222"},
		{"eval", "--principal", "arn:aws:iam::222222222222:role/ops/admin-role", "--action", "iam:CreateUser", "--resource", "arn:aws:iam::222222222222:user/x"},
		{"eval", "--principal", "arn:aws:iam::333333333333:user/bob", "--action", "sts:AssumeRole", "--resource", iamCollectReader},
	}
	for _, q := range questions {
		t.Run(strings.Join(q[:2], " "), func(t *testing.T) {
			t.Parallel()
			ask := func(dir string) any {
				args := append([]string{q[0], "--model", dir, "--format", "json", "--now", iamCollectNow}, q[1:]...)
				code, out, errOut := run(args...)
				if code != 0 {
					t.Fatalf("%s: exit %d: %s", strings.Join(args, " "), code, errOut)
				}
				var v any
				if err := json.Unmarshal([]byte(out), &v); err != nil {
					t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
				}
				return withoutSources(v)
			}
			got, want := ask(iamCollectModel), ask(iamCollectNative)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("the iam-collect directory and the native model answer differently:\n%s", strings.Join(jsonDiff("$", got, want), "\n"))
			}
		})
	}
}

// jsonDiff lists where two decoded JSON values differ.
func jsonDiff(path string, a, b any) []string {
	am, aok := a.(map[string]any)
	bm, bok := b.(map[string]any)
	if aok && bok {
		var out []string
		for k := range am {
			out = append(out, jsonDiff(path+"."+k, am[k], bm[k])...)
		}
		for k := range bm {
			if _, ok := am[k]; !ok {
				out = append(out, fmt.Sprintf("%s.%s: absent / %v", path, k, bm[k]))
			}
		}
		return out
	}
	al, aok := a.([]any)
	bl, bok := b.([]any)
	if aok && bok && len(al) == len(bl) {
		var out []string
		for i := range al {
			out = append(out, jsonDiff(fmt.Sprintf("%s[%d]", path, i), al[i], bl[i])...)
		}
		return out
	}
	if reflect.DeepEqual(a, b) {
		return nil
	}
	return []string{fmt.Sprintf("%s: %v / %v", path, a, b)}
}

// lineRef is how explanation text cites a statement's line.
var lineRef = regexp.MustCompile(`\(line \d+\)`)

// withoutSources drops where a policy was read (file, line, column, and
// the line an explanation's text cites), the only thing two layouts of
// one organization may answer differently.
func withoutSources(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			switch k {
			case "file", "line", "column":
				continue
			}
			out[k] = withoutSources(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = withoutSources(e)
		}
		return out
	case string:
		return lineRef.ReplaceAllString(x, "(line N)")
	}
	return v
}

// TestIAMCollectAnswers: what the iam-collect directory's policies say, so
// that the comparison above is not between two empty answers.
func TestIAMCollectAnswers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"eval", "--principal", iamCollectReader, "--action", "s3:GetObject", "--resource", iamCollectBucket},
			[]string{"decision: Allow", "PartnerRead", "s3/ic-prod-data/policy.json"}},
		{[]string{"eval", "--principal", "arn:aws:iam::222222222222:role/ops/admin-role", "--action", "iam:CreateUser", "--resource", "arn:aws:iam::222222222222:user/x"},
			[]string{"decision: ExplicitDeny", "permissions boundary policy \"arn:aws:iam::222222222222:policy/ops-boundary\""}},
		{[]string{"eval", "--principal", iamCollectAppRole, "--action", "ec2:RunInstances", "--resource", "arn:aws:ec2:us-west-2:222222222222:instance/*"},
			[]string{"decision: ExplicitDeny", "DenyOtherRegions"}},
		{[]string{"eval", "--principal", iamCollectAppRole, "--action", "s3:GetObject", "--resource", "arn:aws:s3:::elsewhere/x", "--from", "vpc:vpc-0icprod", "--resource-account", "222222222222"},
			[]string{"decision: ImplicitDeny", "vpce-0ics3"}},
		{[]string{"eval", "--principal", "arn:aws:iam::222222222222:user/developers/alice", "--action", "sqs:ReceiveMessage", "--resource", iamCollectQueue},
			[]string{"decision: Allow", "developers inline sqs-read"}},
		{[]string{"whocan", "kms:Decrypt", iamCollectKey},
			[]string{iamCollectReader, iamCollectAppRole}},
		{[]string{"eval", "--principal", iamCollectReader, "--action", "glue:GetTable", "--resource", "arn:aws:glue:us-east-1:222222222222:table/sales/orders"},
			[]string{"decision: Allow", "arn:aws:glue:us-east-1:222222222222:catalog resource policy"}},
		{[]string{"eval", "--principal", iamCollectReader, "--action", "execute-api:Invoke", "--resource", "arn:aws:execute-api:us-east-1:222222222222:a1b2c3d4e5/prod/POST/orders"},
			[]string{"decision: ImplicitDeny"}},
		{[]string{"eval", "--principal", iamCollectReader, "--action", "s3:GetObject", "--resource", "arn:aws:s3:us-east-1:222222222222:accesspoint/ic-data-ap/object/r.csv"},
			[]string{"decision: Allow", "PartnerViaAP"}},
	}
	for _, tt := range tests {
		args := append([]string{tt.args[0], "--model", iamCollectModel, "--now", iamCollectNow}, tt.args[1:]...)
		code, out, errOut := run(args...)
		if code != 0 {
			t.Errorf("%s: exit %d: %s", strings.Join(args, " "), code, errOut)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: the answer does not say %q:\n%s", strings.Join(args, " "), w, out)
			}
		}
	}
}

// TestIAMCollectNotRead: a service directory Sekisho does not read is
// listed as not read, and a question about one of its resources is
// refused (exit 2) instead of being answered as if it had no policy.
func TestIAMCollectNotRead(t *testing.T) {
	t.Parallel()
	dir := copyTree(t, iamCollectModel)
	eks := filepath.Join(dir, "aws", "aws", "accounts", "333333333333", "eks", "us-east-1", "cluster", "ic-cluster")
	if err := os.MkdirAll(eks, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(eks, "metadata.json"), []byte(`{"arn": "arn:aws:eks:us-east-1:333333333333:cluster/ic-cluster"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := run("eval", "--model", dir, "--principal", iamCollectReader, "--action", "eks:DescribeCluster",
		"--resource", "arn:aws:eks:us-east-1:333333333333:cluster/ic-cluster")
	if code != 2 || !strings.Contains(errOut, "not read: iam-collect eks/cluster") {
		t.Errorf("exit %d, stderr %q; want exit 2 saying the eks data was not read", code, errOut)
	}
	code, out, errOut := run("eval", "--model", dir, "--principal", iamCollectReader, "--action", "s3:GetObject", "--resource", iamCollectBucket)
	if code != 0 || !strings.Contains(out, "decision: Allow") {
		t.Errorf("a question about another service: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// TestIAMCollectMalformed: a file of the wrong shape is bad input (exit 2)
// naming the file, its line and column and the JSON path.
func TestIAMCollectMalformed(t *testing.T) {
	t.Parallel()
	dir := copyTree(t, iamCollectModel)
	file := filepath.Join(dir, "aws", "aws", "accounts", "222222222222", "sqs", "us-east-1", "orders", "policy.json")
	if err := os.WriteFile(file, []byte("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": 7\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := run("eval", "--model", dir, "--principal", iamCollectReader, "--action", "sqs:SendMessage", "--resource", iamCollectQueue)
	if code != 2 || !strings.Contains(errOut, "orders/policy.json:3:16: $.Statement:") {
		t.Errorf("exit %d, stderr %q; want exit 2 naming policy.json:3:16 and $.Statement", code, errOut)
	}
}

// copyTree copies a directory into a temporary one.
func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestIAMCollectLint: lint reads an iam-collect directory as a model, lints
// its policies where their files are, and names the data it did not read.
func TestIAMCollectLint(t *testing.T) {
	t.Parallel()
	dir := copyTree(t, iamCollectModel)
	ram := filepath.Join(dir, "aws", "aws", "accounts", "333333333333", "ram", "us-east-1")
	if err := os.MkdirAll(ram, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(ram, "share.json"), []byte(`{}`), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run("lint", dir)
	if code != 3 || !strings.Contains(out, filepath.Join("reader", "inline-policies.json")+":7:9: $[0].PolicyDocument.Statement[0].Resource[0]: warning SK4003") ||
		!strings.Contains(errOut, "not linted: the ram:* resources of 333333333333 in us-east-1 not read: iam-collect ram/") {
		t.Errorf("exit %d\nstdout %s\nstderr %s", code, out, errOut)
	}
}
