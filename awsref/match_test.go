package awsref

import (
	"github.com/sekisho/sekisho/internal/wildcard"
	"testing"
)

func TestIntersects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		format, arn string
		want        bool
	}{
		{"arn:${Partition}:s3:::${BucketName}", "arn:aws:s3:::b", true},
		{"arn:${Partition}:s3:::${BucketName}", "arn:aws:s3:::b/k", false},
		{"arn:${Partition}:s3:::${BucketName}", "arn:aws:s3:::", false},
		{"arn:${Partition}:s3:::${BucketName}/${ObjectName}", "arn:aws:s3:::b/k/l:m", true},
		{"arn:${Partition}:s3:::${BucketName}/${ObjectName}", "arn:aws:s3:::b/", false},
		{"arn:${Partition}:s3:::${BucketName}/${ObjectName}", "*", true},
		{"arn:${Partition}:s3:::${BucketName}/${ObjectName}", "arn:*:s3:::*", true},
		{"arn:${Partition}:dms:${Region}:${Account}:rep:*", "arn:aws:dms:us-east-1:1:rep:x", true},
		{"arn:${Partition}:dms:${Region}:${Account}:rep:*", "arn:aws:dms:us-east-1:1:es:x", false},
		{"arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}", "arn:aws:iam::1:role/a/b", true},
		{"arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}", "arn:aws:iam::1:role/${aws:username}", true},
		{"arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}", "arn:aws:iam::1:role/a${*}", true},
	}
	for _, tt := range tests {
		if got := wildcard.Intersects(compileARNFormat(tt.format), compileARNPattern(tt.arn)); got != tt.want {
			t.Errorf("intersects(%q, %q) = %v, want %v", tt.format, tt.arn, got, tt.want)
		}
	}
}
