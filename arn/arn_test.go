package arn_test

import (
	"testing"

	sdkarn "github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/sekisho/sekisho/arn"
)

func TestParsePrincipal(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		kind    arn.PrincipalKind
		account string
		name    string
		wantErr bool
	}{
		{in: "anonymous", kind: arn.Anonymous},
		{in: "111111111111", kind: arn.Account, account: "111111111111"},
		{in: "arn:aws:iam::111111111111:root", kind: arn.Account, account: "111111111111"},
		{in: "arn:aws:iam::111111111111:user/dev/alice", kind: arn.User, account: "111111111111", name: "alice"},
		{in: "arn:aws:iam::111111111111:role/app", kind: arn.Role, account: "111111111111", name: "app"},
		{in: "arn:aws:sts::111111111111:assumed-role/app/i-0abc", kind: arn.AssumedRole, account: "111111111111", name: "app"},
		{in: "arn:aws:sts::111111111111:federated-user/bob", kind: arn.FederatedUser, account: "111111111111", name: "bob"},
		{in: "ec2.amazonaws.com", kind: arn.Service, name: "ec2.amazonaws.com"},
		{in: "accounts.google.com", kind: arn.WebIdentity, name: "accounts.google.com"},
		{in: "arn:aws:iam::111111111111:saml-provider/corp", kind: arn.WebIdentity, account: "111111111111", name: "corp"},
		{in: "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL", kind: arn.CloudFrontOAI, name: "E2QWRUHAPOMQZL"},
		{in: "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity ", wantErr: true},
		{in: "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity e2qw", wantErr: true},
		{in: "arn:aws:iam::cloudfront:user/alice", wantErr: true},
		{in: "arn:aws:sts::111111111111:assumed-role/app", wantErr: true},
		{in: "arn:aws:iam::1111:user/x", wantErr: true},
		{in: "not-an-arn", wantErr: true},
		{in: "arn:aws:s3:::bucket", wantErr: true},
	}
	for _, tt := range tests {
		p, err := arn.ParsePrincipal(tt.in)
		if tt.wantErr {
			if err == nil {
				t.Errorf("ParsePrincipal(%q): want error", tt.in)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParsePrincipal(%q): %v", tt.in, err)
			continue
		}
		if p.Kind != tt.kind || p.Account != tt.account || p.Name != tt.name {
			t.Errorf("ParsePrincipal(%q) = %v %q %q, want %v %q %q", tt.in, p.Kind, p.Account, p.Name, tt.kind, tt.account, tt.name)
		}
	}
}

func TestIAMARN(t *testing.T) {
	t.Parallel()
	p, _ := arn.ParsePrincipal("arn:aws:sts::111111111111:assumed-role/app/s1")
	if got := p.IAMARN(); got != "arn:aws:iam::111111111111:role/app" {
		t.Errorf("IAMARN = %q", got)
	}
}

func TestSplit(t *testing.T) {
	t.Parallel()
	parts, ok := arn.Split("arn:aws:logs:us-east-1:1:log-group:a:b")
	if !ok || parts[5] != "log-group:a:b" || parts[2] != "logs" {
		t.Errorf("Split = %q, %v", parts, ok)
	}
	if _, ok := arn.Split("arn:aws:s3"); ok {
		t.Error("Split of a short string must fail")
	}
}

func TestIAM(t *testing.T) {
	t.Parallel()
	tests := []struct{ account, typ, path, name, want string }{
		{"111111111111", "user", "/", "alice", "arn:aws:iam::111111111111:user/alice"},
		{"111111111111", "user", "", "alice", "arn:aws:iam::111111111111:user/alice"},
		{"111111111111", "role", "/division/", "app", "arn:aws:iam::111111111111:role/division/app"},
		{"111111111111", "role", "division", "app", "arn:aws:iam::111111111111:role/division/app"},
	}
	for _, tc := range tests {
		if got := arn.IAM(tc.account, tc.typ, tc.path, tc.name); got != tc.want {
			t.Errorf("IAM(%q, %q, %q, %q) = %s, want %s", tc.account, tc.typ, tc.path, tc.name, got, tc.want)
		}
	}
}

// Parse reads an ARN as the AWS SDK for Go v2's arn.Parse does: the same
// sections, and an error for the same strings.
func TestParseAsSDK(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "*", "arn", "arn:", "arn:aws", "arn:aws:s3", "arn:aws:s3:::", "arn:aws:s3:::bucket", "arn:aws:s3:::bucket/key:with:colons",
		"arn:aws:iam::111111111111:role/x", "arn:aws-cn:kms:cn-north-1:111111111111:key/k", "ARN:aws:s3:::b", " arn:aws:s3:::b", "arn:::::",
		"arn:aws:logs:us-east-1:1:log-group:a:b", "arn:aws:ec2:us-east-1:111111111111", "arn:aws:ec2:us-east-1:111111111111:"} {
		want, wantErr := sdkarn.Parse(s)
		got, err := arn.Parse(s)
		if (err != nil) != (wantErr != nil) {
			t.Errorf("Parse(%q) error %v, the SDK's %v", s, err, wantErr)
			continue
		}
		if err == nil && got != (arn.ARN{Partition: want.Partition, Service: want.Service, Region: want.Region, AccountID: want.AccountID, Resource: want.Resource}) {
			t.Errorf("Parse(%q) = %+v, the SDK's %+v", s, got, want)
		}
		if p, ok := arn.Parsed(s); ok != (err == nil) || p != got {
			t.Errorf("Parsed(%q) = %+v %v, Parse %+v %v", s, p, ok, got, err)
		}
	}
}
