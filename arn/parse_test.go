package arn_test

import (
	"testing"

	sdkarn "github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/sekisho/sekisho/arn"
)

// parseCases are ARNs and near-ARNs on which Parse must agree with the
// SDK's Parse, whose syntax it keeps.
var parseCases = []string{
	"", "arn", "arn:", "arn:aws", "arn:aws:s3", "arn:aws:s3:::", "arn:aws:s3:::bucket", "arn:aws:s3:::bucket/key:with:colons",
	"arn:aws:iam::111111111111:role/path/r", "arn:aws:sqs:us-east-1:111111111111:q", "ARN:aws:s3:::b", "arx:aws:s3:::b",
	"arn:::::", "arn::::", "xarn:aws:s3:::b", "arn:aws-cn:ec2:cn-north-1:111111111111:instance/i-1", "arn:aws:s3:::*",
}

func TestParseAgreesWithSDK(t *testing.T) {
	t.Parallel()
	for _, s := range parseCases {
		sameAsSDK(t, s)
	}
}

// FuzzParseARN holds Parse to the SDK's Parse on any string.
func FuzzParseARN(f *testing.F) {
	for _, s := range parseCases {
		f.Add(s)
	}
	f.Fuzz(sameAsSDK)
}

func sameAsSDK(t *testing.T, s string) {
	got, err := arn.Parse(s)
	want, wantErr := sdkarn.Parse(s)
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("Parse(%q): error %v, the SDK's %v", s, err, wantErr)
	}
	if err != nil {
		return
	}
	if got != (arn.ARN{Partition: want.Partition, Service: want.Service, Region: want.Region, AccountID: want.AccountID, Resource: want.Resource}) {
		t.Fatalf("Parse(%q) = %+v, the SDK's %+v", s, got, want)
	}
}
