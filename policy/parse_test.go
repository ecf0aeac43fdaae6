package policy_test

import (
	"strings"
	"testing"

	"github.com/sekisho/sekisho/policy"
)

func TestParseShapes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src  string
		statements int
		check      func(*testing.T, *policy.Policy)
	}{
		{"statement as object", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}`, 1, nil},
		{"statement as list", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":["*"]},{"Effect":"Deny","NotAction":"iam:*","NotResource":"arn:aws:s3:::b"}]}`, 2,
			func(t *testing.T, p *policy.Policy) {
				if !p.Statements[1].NotAction || !p.Statements[1].NotResource || p.Statements[1].Effect != policy.Deny {
					t.Error("second statement: want Deny with NotAction and NotResource")
				}
			}},
		{"version absent keeps variables literal", `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::${aws:username}"}}`, 1,
			func(t *testing.T, p *policy.Policy) {
				if p.Version != policy.VersionAbsent || !p.Statements[0].Resources[0].IsLiteral() {
					t.Error("want a literal resource without Version")
				}
			}},
		{"2008 keeps variables literal", `{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::${aws:username}"}}`, 1,
			func(t *testing.T, p *policy.Policy) {
				if !p.Statements[0].Resources[0].IsLiteral() {
					t.Error("want a literal resource in 2008-10-17")
				}
			}},
		{"2012 parses variables", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::${aws:username, 'nobody'}/${*}"}}`, 1,
			func(t *testing.T, p *policy.Policy) {
				parts := p.Statements[0].Resources[0].Parts
				if len(parts) != 4 || parts[1].Key != "aws:username" || parts[1].Default != "nobody" || parts[3].Kind != policy.Escape {
					t.Errorf("parts = %+v", parts)
				}
			}},
		{"condition values of any scalar", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":true},"NumericLessThan":{"s3:max-keys":10}}}}`, 1,
			func(t *testing.T, p *policy.Policy) {
				c := p.Statements[0].Conditions
				if len(c) != 2 || c[0].Values[0].Raw != "true" || c[1].Values[0].Raw != "10" {
					t.Errorf("conditions = %+v", c)
				}
			}},
		{"principal forms", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":["111111111111","arn:aws:iam::222222222222:role/r"],"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}}`, 1,
			func(t *testing.T, p *policy.Policy) {
				pr := p.Statements[0].Principal
				if len(pr.AWS) != 2 || len(pr.Service) != 1 || !p.Statements[0].AnyResource {
					t.Errorf("principal = %+v", pr)
				}
			}},
		{"set qualifier and IfExists", `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"ForAllValues:StringLikeIfExists":{"aws:TagKeys":["a*"]}}}}`, 1,
			func(t *testing.T, p *policy.Policy) {
				op := p.Statements[0].Conditions[0].Operator
				if op.Qualifier != policy.ForAllValues || !op.IfExists || op.Op != policy.StringLike {
					t.Errorf("operator = %+v", op)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, err := policy.Parse([]byte(tt.src), policy.Source{File: "p.json"})
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Statements) != tt.statements {
				t.Fatalf("statements = %d, want %d", len(p.Statements), tt.statements)
			}
			if tt.check != nil {
				tt.check(t, p)
			}
		})
	}
}

// TestParseErrors checks that bad input is an error naming the file, the
// line and column, the JSON path and what was expected.
func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		kind policy.Kind
		src  string
		want string // the whole error text
	}{
		{"malformed JSON", policy.AnyKind, "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [,]\n}",
			`p.json:3:17: expected a JSON value, got ','`},
		{"both Action and NotAction", policy.AnyKind, `{"Statement":{"Effect":"Allow","Action":"s3:*","NotAction":"iam:*","Resource":"*"}}`,
			`p.json:1:14: $.Statement: statement has both Action and NotAction: expected exactly one of them`},
		{"unknown element", policy.AnyKind, `{"Statement":{"Effect":"Allow","Actions":"s3:*","Resource":"*"}}`,
			`p.json:1:32: $.Statement.Actions: unknown statement element "Actions": expected Sid, Effect, Action, NotAction, Resource, NotResource, Principal, NotPrincipal or Condition`},
		{"unknown top-level element", policy.AnyKind, `{"Statements":[]}`,
			`p.json:1:2: $.Statements: unknown policy element "Statements": expected Version, Id or Statement`},
		{"wrong type", policy.AnyKind, `{"Statement":{"Effect":"Allow","Action":42,"Resource":"*"}}`,
			`p.json:1:41: $.Statement.Action: expected a string or a list of strings, got number 42`},
		{"bad effect", policy.AnyKind, `{"Statement":{"Effect":"allow","Action":"s3:*","Resource":"*"}}`,
			`p.json:1:24: $.Statement.Effect: expected "Allow" or "Deny", got string "allow"`},
		{"unknown operator", policy.AnyKind, `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEqual":{"a:b":"c"}}}}`,
			`p.json:1:76: $.Statement.Condition.StringEqual: unknown condition operator "StringEqual": expected one of AWS's condition operators (StringEquals, StringLike, NumericLessThan, DateGreaterThan, Bool, BinaryEquals, IpAddress, ArnLike, Null, ...), optionally with IfExists and a ForAllValues or ForAnyValue qualifier`},
		{"operator case", policy.AnyKind, `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"stringequals":{"a:b":"c"}}}}`,
			`(did you mean "StringEquals")`},
		{"bad IP", policy.AnyKind, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.300/8"}}}}`,
			`$.Statement.Condition.IpAddress["aws:SourceIp"]: IpAddress: expected an IP address or CIDR block such as 203.0.113.0/24, got "10.0.0.300/8"`},
		{"bad date", policy.AnyKind, `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"tomorrow"}}}}`,
			`DateLessThan: expected an ISO 8601 date`},
		{"bad number", policy.AnyKind, `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"NumericEquals":{"s3:max-keys":"ten"}}}}`,
			`NumericEquals: expected an integer or a decimal number such as 10 or 2.5, got "ten"`},
		// Numbers, dates and addresses AWS cannot mean are refused at load
		// rather than read as something else (issue 14).
		{"hexadecimal number", policy.AnyKind, `{"Statement":{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"NumericLessThan":{"s3:max-keys":"0x1p4"}}}}`,
			`NumericLessThan: expected an integer or a decimal number such as 10 or 2.5, got "0x1p4"`},
		{"exponent number", policy.AnyKind, `{"Statement":{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"NumericLessThan":{"s3:max-keys":"1e400"}}}}`,
			`got "1e400"`},
		{"infinite number", policy.AnyKind, `{"Statement":{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"NumericLessThan":{"s3:max-keys":"Inf"}}}}`,
			`got "Inf"`},
		{"epoch past 9999", policy.AnyKind, `{"Statement":{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:EpochTime":"9223372036854775807"}}}}`,
			`DateGreaterThan: epoch seconds "9223372036854775807" are out of range`},
		{"epoch past int64", policy.AnyKind, `{"Statement":{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:EpochTime":"99999999999999999999"}}}}`,
			`out of range`},
		{"zoned address", policy.AnyKind, `{"Statement":{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"fe80::1%eth0"}}}}`,
			`IpAddress: IPv6 zone in "fe80::1%eth0"`},
		{"zoned block", policy.AnyKind, `{"Statement":{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"fe80::1%eth0/64"}}}}`,
			`IPv6 zone`},
		// Characters IAM refuses: a document IAM would not store is bad
		// input, not a statement that silently matches nothing (issue 14).
		{"NUL in identity policy", policy.Identity, `{"Statement":{"Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::b\u0000/*"}}`,
			`p.json:1:58: $.Statement.Resource: '\x00' (U+0000) is not allowed in an IAM policy, which may hold only tab, line feed, carriage return and characters U+0020 to U+00FF: IAM would refuse to store this identity policy`},
		{"zero-width space in boundary", policy.Boundary, `{"Statement":{"Effect":"Deny","Action":"s3:Delete\u200bObject","Resource":"*"}}`,
			`$.Statement.Action: '\u200b' (U+200B) is not allowed in an IAM policy`},
		{"non-Latin-1 in trust policy key", policy.Trust, `{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalTag/日本":"x"}}}}`,
			`(U+65E5) is not allowed in an IAM policy`},
		// Written as themselves, not escaped: the JSON reader marks no
		// such string as printable ASCII (node.PrintableASCII), so the
		// check reads it.
		{"raw zero-width space in identity policy", policy.Identity, "{\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"s3:Delete\u200bObject\",\"Resource\":\"*\"}}",
			`$.Statement.Action: '\u200b' (U+200B) is not allowed in an IAM policy`},
		{"raw non-Latin-1 value in trust policy", policy.Trust, "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalTag/team\":\"日本\"}}}}",
			`(U+65E5) is not allowed in an IAM policy`},
		{"control character in session policy", policy.Session, `{"Statement":{"Effect":"Deny","Action":"s3:*","Resource":"*","Sid":"a\u0007"}}`,
			`(U+0007) is not allowed`},
		{"Null with IfExists", policy.AnyKind, `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"NullIfExists":{"a:b":"true"}}}}`,
			`Null cannot be combined with IfExists`},
		{"malformed resource", policy.AnyKind, `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"bucket"}}`,
			`$.Statement.Resource: malformed resource "bucket": expected an ARN`},
		{"malformed action", policy.AnyKind, `{"Statement":{"Effect":"Allow","Action":["s3:Get*","GetObject"],"Resource":"*"}}`,
			`p.json:1:52: $.Statement.Action[1]: malformed action "GetObject": expected "service:Action"`},
		{"unique ID of a group is no principal", policy.Resource, `{"Statement":{"Effect":"Allow","Principal":{"AWS":"AGPAEXAMPLEGROUPID123"},"Action":"s3:*","Resource":"*"}}`,
			`malformed AWS principal "AGPAEXAMPLEGROUPID123"`},
		{"malformed principal ARN", policy.Resource, `{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::12:user/x"},"Action":"s3:*","Resource":"*"}}`,
			`$.Statement.Principal.AWS: malformed AWS principal "arn:aws:iam::12:user/x"`},
		{"wildcard in principal ARN", policy.Resource, `{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/*"},"Action":"s3:*","Resource":"*"}}`,
			`wildcard in principal "arn:aws:iam::111111111111:role/*"`},
		{"principal in identity policy", policy.Identity, `{"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}}`,
			`a identity policy cannot have Principal`},
		{"resource policy without principal", policy.Resource, `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`,
			`a resource policy statement must have Principal or NotPrincipal`},
		{"no statement", policy.AnyKind, `{"Version":"2012-10-17"}`,
			`p.json:1:1: $: missing Statement`},
		{"bad version", policy.AnyKind, `{"Version":"2012-10-18","Statement":[]}`,
			`$.Version: expected "2012-10-17" or "2008-10-17", got "2012-10-18"`},
		{"duplicate key", policy.AnyKind, `{"Statement":[],"Statement":[]}`,
			`p.json:1:17: duplicate member "Statement" in the same object`},
		{"trailing garbage", policy.AnyKind, `{"Statement":[]} x`,
			`p.json:1:18: unexpected 'x' after the end of the JSON value`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := policy.Parse([]byte(tt.src), policy.Source{File: "p.json", Kind: tt.kind})
			if err == nil {
				t.Fatalf("want error containing %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error:\n  %s\nwant it to contain:\n  %s", err, tt.want)
			}
		})
	}
}

func TestParseFileEnvelopes(t *testing.T) {
	t.Parallel()
	doc := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`
	tests := map[string]string{
		"bare":               doc,
		"get-policy-version": `{"PolicyVersion":{"Document":` + doc + `,"VersionId":"v1"}}`,
		"get-role-policy":    `{"RoleName":"r","PolicyName":"p","PolicyDocument":` + doc + `}`,
		"get-bucket-policy":  `{"Policy":` + quote(doc) + `}`,
		"describe-policy":    `{"Policy":{"PolicySummary":{"Id":"p-1"},"Content":` + quote(doc) + `}}`,
		"url-encoded":        `{"PolicyDocument":"%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3A%2A%22%2C%22Resource%22%3A%22%2A%22%7D%7D"}`,
	}
	for name, src := range tests {
		p, err := policy.ParseFile([]byte(src), policy.Source{File: name})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(p.Statements) != 1 || p.Statements[0].Actions[0] != "s3:*" {
			t.Errorf("%s: statements = %+v", name, p.Statements)
		}
	}
}

func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }

// TestIAMCharacters: what IAM stores may hold tab, LF, CR and Latin-1;
// other kinds (stored by S3, Organizations, ...) are not held to IAM's rule.
func TestIAMCharacters(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		kind policy.Kind
		src  string
	}{
		{policy.Identity, "{\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::caf\u00e9/*\"}}"},
		{policy.Identity, "{\"Statement\":{\n\t\"Effect\":\"Deny\",\r\n\"Action\":\"s3:*\",\"Resource\":\"*\"}}"},
		{policy.Resource, `{"Statement":{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/日本/*"}}`},
		{policy.SCP, `{"Statement":{"Effect":"Deny","Action":"s3:*","Resource":"*","Sid":"x"}}`},
	} {
		if _, err := policy.Parse([]byte(tt.src), policy.Source{File: "p.json", Kind: tt.kind}); err != nil {
			t.Errorf("%s %s: %v", tt.kind, tt.src, err)
		}
	}
	src := `{"Statement":{"Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::b\u200b/*"}}`
	if _, err := policy.Parse([]byte(src), policy.Source{File: "p.json", Kind: policy.Identity, KeepRejectedCharacters: true}); err != nil {
		t.Errorf("KeepRejectedCharacters: %v", err)
	}
}

// TestValues: the value parsers read what AWS documents and nothing else.
func TestValues(t *testing.T) {
	t.Parallel()
	numbers := []struct {
		a, b string
		cmp  int
	}{
		{"10", "10.0", 0}, {"+10", "10", 0}, {"-0", "0", 0}, {"007", "7", 0}, {".5", "0.50", 0}, {"5.", "5", 0},
		{"9007199254740993", "9007199254740992", 1}, {"-9007199254740993", "-9007199254740992", -1},
		{"0.05", "0.5", -1}, {"0.5", "0.51", -1}, {"-2", "1", -1}, {"123", "45", 1}, {" 3 ", "3", 0},
	}
	for _, n := range numbers {
		a, okA := policy.ParseDecimal(n.a)
		b, okB := policy.ParseDecimal(n.b)
		if !okA || !okB || a.Cmp(b) != n.cmp || b.Cmp(a) != -n.cmp {
			t.Errorf("Cmp(%q, %q): ok %v %v, got %d, want %d", n.a, n.b, okA, okB, a.Cmp(b), n.cmp)
		}
	}
	for _, bad := range []string{"", ".", "-", "+-1", "1e3", "0x10", "0x1p4", "Inf", "NaN", "1_000", "1,5", "١٢", "1.2.3", "--1"} {
		if d, ok := policy.ParseDecimal(bad); ok {
			t.Errorf("ParseDecimal(%q) = %s, want refused", bad, d)
		}
	}
	for _, good := range []string{"0", "253402300799", "2025-01-31", "2025-01-31T12:00:00Z", "2025-01-31T12:00:00.5+09:00", "9999-12-31T23:59:59Z"} {
		if _, err := policy.ParseDate(good); err != nil {
			t.Errorf("ParseDate(%q): %v", good, err)
		}
	}
	for _, bad := range []string{"253402300800", "9223372036854775807", "99999999999999999999", "yesterday", "2025-02-30", "-1", "10000-01-01"} {
		if d, err := policy.ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) = %s, want an error", bad, d)
		}
	}
	prefixes := map[string]string{
		"::ffff:10.0.0.0/104": "10.0.0.0/8", "::ffff:0:0/96": "0.0.0.0/0", "::ffff:10.1.2.3": "10.1.2.3/32",
		"::ffff:10.0.0.0/8": "::/8", "2001:db8::/32": "2001:db8::/32", "10.1.2.3/8": "10.0.0.0/8",
	}
	for in, want := range prefixes {
		if p, err := policy.ParseCIDR(in); err != nil || p.String() != want {
			t.Errorf("ParseCIDR(%q) = %v, %v; want %s", in, p, err, want)
		}
	}
	for _, bad := range []string{"fe80::1%eth0", "fe80::%1/64", "not-an-ip", "10.0.0.0/33"} {
		if _, err := policy.ParseCIDR(bad); err == nil {
			t.Errorf("ParseCIDR(%q): want an error", bad)
		}
	}
	for _, bad := range []string{"fe80::1%eth0", "10.0.0.0/8", "not-an-ip", ""} {
		if _, err := policy.ParseAddr(bad); err == nil {
			t.Errorf("ParseAddr(%q): want an error", bad)
		}
	}
}
