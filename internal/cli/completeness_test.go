package cli_test

import (
	"strings"
	"testing"
)

// TestCompleteness: every organization-wide answer ends with what it
// could not decide, and resources a policy names by ARN are evaluated
// even when the model does not declare them (issue 11: alice's queue
// showed "0 allowed" although eval allows sqs:SendMessage on it).
func TestCompleteness(t *testing.T) {
	t.Parallel()
	one, multi := "testdata/model/undeclared", "testdata/model/undeclared-multi"
	tests := []struct {
		golden string
		args   []string
		want   []string // lines the answer must hold
	}{
		{"completeness_whatcan_undeclared.txt", []string{"whatcan", "--model", one, "arn:aws:iam::111111111111:user/alice"}, []string{
			"sqs:SendMessage on arn:aws:sqs:ap-northeast-1:111111111111:orders",
			"s3:GetObject on arn:aws:s3:::reports-undeclared/*",
			// the region-lock SCP denies when aws:RequestedRegion is absent: the model's Region is assumed
			"ec2:DescribeInstances on *",
			"aws:RequestedRegion=ap-northeast-1 when the request names no Region",
			"owner assumed 111111111111 (the model's only account)",
		}},
		{"completeness_whatcan_other_region.txt", []string{"whatcan", "--model", one, "--context", "aws:RequestedRegion=us-east-1", "arn:aws:iam::111111111111:user/alice"}, []string{
			"assuming: aws:RequestedRegion=us-east-1, aws:CurrentTime=",
			"0 allowed of 5 evaluated",
		}},
		{"completeness_whatcan_owner_unknown.txt", []string{"whatcan", "--model", multi, "arn:aws:iam::111111111111:user/alice"}, []string{
			"arn:aws:s3:::reports-undeclared/*: not evaluated: its owner is unknown",
			"arn:aws:sqs:ap-northeast-1:222222222222:orders: not evaluated: owned by another account",
			"aws:RequestedRegion absent when the request names no Region",
		}},
		{"completeness_whocan_undeclared.json", []string{"whocan", "--model", one, "--format", "json", "sqs:SendMessage", "arn:aws:sqs:ap-northeast-1:111111111111:orders"}, []string{
			`"principal": "arn:aws:iam::111111111111:user/alice"`,
			`"ownerFrom": "arn"`,
		}},
		{"completeness_leak_undeclared.txt", []string{"leak", "--model", one, "arn:aws:iam::111111111111:user/alice"}, []string{
			"arn:aws:sqs:ap-northeast-1:111111111111:orders: evaluated without a resource policy",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			t.Parallel()
			args := append(append([]string{}, tt.args[0], "--now", fixedNow), tt.args[1:]...)
			code, out, errOut := run(args...)
			if code != 0 && code != 3 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("the answer does not say %q:\n%s", w, out)
				}
			}
			checkGolden(t, tt.golden, out)
		})
	}
}

// TestWhoCanOwnerUnknown: a question about an undeclared bucket in an
// organization of several accounts cannot be answered (the owner decides
// same- or cross-account evaluation): bad input, not "nobody".
func TestWhoCanOwnerUnknown(t *testing.T) {
	t.Parallel()
	code, out, errOut := run("whocan", "--model", "testdata/model/undeclared-multi", "s3:GetObject", "arn:aws:s3:::reports-undeclared/x")
	if code != 2 || !strings.Contains(errOut, "owner account is unknown") {
		t.Fatalf("exit %d, stdout %q, stderr %q; want exit 2 naming the unknown owner", code, out, errOut)
	}
}
