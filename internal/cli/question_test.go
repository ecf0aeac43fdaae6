package cli_test

import (
	"strings"
	"testing"
)

// TestQuestionValidated: a misspelt action, service, condition key or
// resource in a question is bad input with the nearest real name, never
// an answer of "nobody" or "nothing" (which reads as safe).
func TestQuestionValidated(t *testing.T) {
	t.Parallel()
	m000 := seedModel("000-instance-credentials")
	tests := []struct {
		name string
		args []string
		want string // in the message
	}{
		{"whocan action", []string{"whocan", "--model", m000, "s3:GetObjekt", "arn:aws:s3:::app-bucket/k"}, `did you mean "s3:GetObject"?`},
		{"whocan service of action", []string{"whocan", "--model", m000, "s4:GetObject", "arn:aws:s3:::app-bucket/k"}, `did you mean "s3:GetObject"?`},
		{"whocan pattern", []string{"whocan", "--model", m000, "s3:Gte*", "arn:aws:s3:::app-bucket/k"}, "matches no action"},
		{"whocan context key", []string{"whocan", "--model", m000, "--context", "aws:SecureTransprt=true", "s3:GetObject", "arn:aws:s3:::app-bucket/k"}, `did you mean "aws:SecureTransport"?`},
		{"whocan resource service", []string{"whocan", "--model", m000, "s3:GetObject", "arn:aws:s4:::app-bucket/k"}, `did you mean "s3"?`},
		{"whocan resource type", []string{"whocan", "--model", m000, "s3:GetObject", "arn:aws:s3:::app-bucket"}, "is not a resource s3:GetObject acts on: expected accesspointobject"},
		{"whocan resource not an ARN", []string{"whocan", "--model", m000, "s3:GetObject", "app-bucket"}, "expected \"*\" or an ARN"},
		{"whocan action takes only *", []string{"whocan", "--model", m000, "s3:ListAllMyBuckets", "arn:aws:s3:::app-bucket"}, "supports only resource \"*\""},
		{"whatcan service", []string{"whatcan", "--model", m000, "--service", "s4", "instance-profile:i-0abc123def4567890"}, `did you mean "s3"?`},
		{"leak service", []string{"leak", "--model", m000, "--service", "ec3", "i-0abc123def4567890"}, `did you mean "ec2"`},
		{"eval --model action", []string{"eval", "--model", m000, "--principal", "instance-profile:i-0abc123def4567890", "--action", "s3:ListBuckett", "--resource", "arn:aws:s3:::app-bucket"}, `did you mean "s3:ListBucket"?`},
		{"eval --model context key", []string{"eval", "--model", m000, "--principal", "instance-profile:i-0abc123def4567890", "--action", "s3:ListBucket", "--resource", "arn:aws:s3:::app-bucket", "--context", "aws:SourceVPC2=vpc-1"}, "unknown condition key"},
		{"exfil context key", []string{"exfil", "--model", seedModel("002-endpoint-policy"), "--context", "aws:MultiFactorAuthPresnt=true", "i-0igwonly000001"}, `did you mean "aws:MultiFactorAuthPresent"?`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, out, errOut := run(tt.args...)
			if code != 2 {
				t.Fatalf("exit %d, want 2 (stdout: %s, stderr: %s)", code, out, errOut)
			}
			if !strings.Contains(errOut, tt.want) {
				t.Errorf("stderr %q does not say %q", errOut, tt.want)
			}
		})
	}
}

// TestQuestionAccepted: real names in every accepted form pass validation.
func TestQuestionAccepted(t *testing.T) {
	t.Parallel()
	m000 := seedModel("000-instance-credentials")
	for _, args := range [][]string{
		{"whocan", "--model", m000, "S3:getobject", "arn:aws:s3:::app-bucket/*"},
		{"whocan", "--model", m000, "s3:Get*", "arn:aws:s3:::app-bucket/k"},
		{"whocan", "--model", m000, "--context", "aws:ResourceTag/team=a", "--context", "token.actions.githubusercontent.com:sub=x", "s3:ListBucket", "arn:aws:s3:::app-bucket"},
		{"whocan", "--model", m000, "ec2:RunInstances", "arn:aws:ec2:us-east-1:111111111111:instance/*"},
		{"whatcan", "--model", m000, "--service", "S3", "instance-profile:i-0abc123def4567890"},
		// names that end an ARN may hold '/' (Secrets Manager, ECR)
		{"whocan", "--model", m000, "secretsmanager:GetSecretValue", "arn:aws:secretsmanager:ap-northeast-1:111111111111:secret:prod/db-AbCdEf"},
		{"whocan", "--model", m000, "ecr:BatchGetImage", "arn:aws:ecr:ap-northeast-1:111111111111:repository/team/app"},
	} {
		if code, _, errOut := run(args...); code != 0 {
			t.Errorf("%v: exit %d: %s", args, code, errOut)
		}
	}
}
