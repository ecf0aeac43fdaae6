package eval_test

import (
	"strings"
	"testing"

	"github.com/sekisho/sekisho/eval"
)

// TestCheckContextValue: a value not of its key's type in the service
// authorization reference is refused; unknown and String keys take any
// value (issue 14).
func TestCheckContextValue(t *testing.T) {
	t.Parallel()
	tests := []struct {
		key, value string
		want       string // "" = accepted
	}{
		{"aws:SourceIp", "203.0.113.5", ""},
		{"aws:SourceIp", "2001:db8::1", ""},
		{"aws:SourceIp", "not-an-ip", `aws:SourceIp is of type IPAddress: expected an IPv4 or IPv6 address`},
		{"aws:SourceIp", "fe80::1%eth0", `without a zone`},
		{"aws:SourceIp", "10.0.0.0/8", `got "10.0.0.0/8"`},
		{"AWS:SOURCEIP", "x", `AWS:SOURCEIP is of type IPAddress`}, // key names ignore case
		{"aws:VpcSourceIp", "10.1.2.3", ""},
		{"aws:CurrentTime", "2026-01-31T12:00:00Z", ""},
		{"aws:CurrentTime", "yesterday", `aws:CurrentTime is of type Date: expected an ISO 8601 date`},
		{"aws:EpochTime", "1769860800", ""},
		{"aws:EpochTime", "9223372036854775807", `out of range`},
		{"s3:max-keys", "1000", ""},
		{"s3:max-keys", "lots", `s3:max-keys is of type Numeric: expected an integer or a decimal number`},
		{"s3:max-keys", "1e400", `got "1e400"`},
		{"aws:MultiFactorAuthAge", "0x1p4", `got "0x1p4"`},
		{"aws:SecureTransport", "true", ""},
		{"aws:SecureTransport", "FALSE", ""},
		{"aws:SecureTransport", "nope", `aws:SecureTransport is of type Bool: expected "true" or "false", got "nope"`},
		{"aws:PrincipalArn", "arn:aws:iam::111111111111:role/x", ""},
		{"aws:PrincipalArn", "role/x", `aws:PrincipalArn is of type ARN: expected an ARN`},
		{"aws:PrincipalTag/team", "anything at all", ""}, // String (template key)
		{"aws:TagKeys", "x", ""},                         // ArrayOfString
		{"example:CustomKey", "not-an-ip", ""},           // unknown key: a string
	}
	for _, tt := range tests {
		err := eval.CheckContextValue(tt.key, tt.value)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s=%q: %v", tt.key, tt.value, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s=%q: error %v, want it to contain %q", tt.key, tt.value, err, tt.want)
		}
	}
	if err := eval.CheckContext(map[string][]string{"aws:SourceIp": {"10.0.0.1", "bad"}}); err == nil {
		t.Error("CheckContext: want the second value refused")
	}
}
