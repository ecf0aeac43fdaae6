package cli_test

import (
	"testing"
)

// seedModel is the model directory of a seed scenario.
func seedModel(seed string) string { return "../../examples/seeds-model/" + seed + "/model" }

// TestAnalysisGolden runs each organization-wide question on the seed
// models, each next to its negative twin (the same setup without the
// guardrail), where the answer must differ.
func TestAnalysisGolden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		golden string
		args   []string
		code   int // 3: findings (an open path, credentials that work elsewhere)
	}{
		// Seed 000: stolen instance credentials; the twin account has no pinning SCP.
		{"analysis_leak_000_pinned.txt", []string{"leak", "--model", seedModel("000-instance-credentials"), "i-0abc123def4567890"}, 0},
		{"analysis_leak_000_unprotected.txt", []string{"leak", "--model", seedModel("000-instance-credentials"), "i-0unprotected00001"}, 3},
		{"analysis_whocan_000.txt", []string{"whocan", "--model", seedModel("000-instance-credentials"), "--show-denied", "s3:ListBucket", "arn:aws:s3:::app-bucket"}, 0},
		// Seed 001: the region lock, from one get-account-authorization-details file.
		{"analysis_whocan_001_us_east_1.txt", []string{"whocan", "--model", seedModel("001-region-lock"), "--show-denied", "ec2:RunInstances", "arn:aws:ec2:us-east-1:111111111111:instance/*"}, 0},
		{"analysis_whocan_001_tokyo.json", []string{"whocan", "--model", seedModel("001-region-lock"), "--format", "json", "ec2:RunInstances", "arn:aws:ec2:ap-northeast-1:111111111111:instance/*"}, 0},
		// Seed 002: exfiltration through the internet gateway, and through an endpoint limited to own principals and resources.
		{"analysis_exfil_002_igw.txt", []string{"exfil", "--model", seedModel("002-endpoint-policy"), "i-0igwonly000001"}, 3},
		{"analysis_exfil_002_guarded.txt", []string{"exfil", "--model", seedModel("002-endpoint-policy"), "i-0ownres0000001"}, 0},
		// Seed 003: trusts, as text and as a Mermaid graph.
		{"analysis_graph_assume_003.txt", []string{"graph", "--model", seedModel("003-trust"), "assume"}, 0},
		{"analysis_graph_assume_003.mmd", []string{"graph", "--model", seedModel("003-trust"), "--format", "mermaid", "assume"}, 0},
		{"analysis_graph_privesc_003.dot", []string{"graph", "--model", seedModel("003-trust"), "--format", "dot", "privesc"}, 0},
		// Seed 004: the instance in a VPC without an endpoint, and one whose endpoint admits only own resources.
		{"analysis_exfil_004_doc.txt", []string{"exfil", "--model", seedModel("004-cross-account"), "i-047875da17caa9cc2"}, 3},
		{"analysis_exfil_004_ownres.txt", []string{"exfil", "--model", seedModel("004-cross-account"), "i-0ownres0000000001"}, 3},
		{"analysis_whatcan_004.txt", []string{"whatcan", "--model", seedModel("004-cross-account"), "--service", "s3", "instance-profile:i-047875da17caa9cc2"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			t.Parallel()
			args := append(append([]string{}, tt.args[0], "--now", fixedNow), tt.args[1:]...)
			code, out, errOut := run(args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d: %s", code, tt.code, errOut)
			}
			checkGolden(t, tt.golden, out)
		})
	}
}

// TestAudit: the seed 002 model mixes guarded and unguarded VPCs; findings
// mean exit code 3, in text and SARIF.
func TestAudit(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ golden, format string }{
		{"analysis_audit_002.txt", "text"},
		{"analysis_audit_002.sarif.json", "sarif"},
	} {
		code, out, errOut := run("audit", "--now", fixedNow, "--format", tt.format, "--model", seedModel("002-endpoint-policy"))
		if code != 3 {
			t.Fatalf("exit %d, want 3: %s", code, errOut)
		}
		checkGolden(t, tt.golden, out)
	}
}

func TestAnalysisBadInput(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"whocan", "s3:GetObject", "arn:aws:s3:::b"},                                                        // no --model
		{"whocan", "--model", "testdata/missing", "s3:GetObject", "arn:aws:s3:::b"},                         // no such model
		{"leak", "--model", seedModel("000-instance-credentials"), "i-0notthere"},                           // unknown instance
		{"graph", "--model", seedModel("003-trust"), "everything"},                                          // unknown graph
		{"whatcan", "--model", seedModel("003-trust"), "--format", "dot", "arn:aws:iam::123456789012:root"}, // bad format
	} {
		if code, _, _ := run(args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
