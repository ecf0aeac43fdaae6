package cond_test

import (
	"fmt"
	"testing"

	"github.com/sekisho/sekisho/internal/cond"
	"github.com/sekisho/sekisho/policy"
)

// condition parses one condition operator with one key from JSON values.
func condition(t *testing.T, op, key, values string) *cond.Condition {
	t.Helper()
	return conditionIn(t, policy.Allow, op, key, values)
}

// conditionIn is condition in a statement of the given effect.
func conditionIn(t *testing.T, effect policy.Effect, op, key, values string) *cond.Condition {
	t.Helper()
	src := fmt.Sprintf(`{"Version":"2012-10-17","Statement":{"Effect":%q,"Action":"*","Resource":"*","Condition":{%q:{%q:%s}}}}`, effect, op, key, values)
	p, err := policy.Parse([]byte(src), policy.Source{File: "t.json"})
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	c, err := cond.CompileFor(p.Statements[0].Conditions[0], effect)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestOperators(t *testing.T) {
	t.Parallel()
	type ctx map[string][]string
	tests := []struct {
		op, key, values string
		ctx             ctx
		want            bool
	}{
		// String family.
		{"StringEquals", "k:a", `"Bob"`, ctx{"k:a": {"Bob"}}, true},
		{"StringEquals", "k:a", `"Bob"`, ctx{"k:a": {"bob"}}, false},
		{"StringEquals", "K:A", `"Bob"`, ctx{"k:a": {"Bob"}}, true}, // key names are case-insensitive
		{"StringNotEquals", "k:a", `["x","y"]`, ctx{"k:a": {"y"}}, false},
		{"StringNotEquals", "k:a", `["x","y"]`, ctx{"k:a": {"z"}}, true},
		{"StringNotEquals", "k:a", `"x"`, ctx{}, true}, // absent key: negated operators hold
		{"StringEquals", "k:a", `"x"`, ctx{}, false},
		{"StringEqualsIgnoreCase", "k:a", `"BOB"`, ctx{"k:a": {"bob"}}, true},
		{"StringNotEqualsIgnoreCase", "k:a", `"BOB"`, ctx{"k:a": {"bob"}}, false},
		{"StringLike", "k:a", `"home/*/x?"`, ctx{"k:a": {"home/a/b/xy"}}, true},
		{"StringLike", "k:a", `"home/*"`, ctx{"k:a": {"Home/a"}}, false},
		{"StringNotLike", "k:a", `"home/*"`, ctx{"k:a": {"other"}}, true},
		{"StringEqualsIfExists", "k:a", `"x"`, ctx{}, true},
		{"StringEqualsIfExists", "k:a", `"x"`, ctx{"k:a": {"y"}}, false},
		// Variables.
		{"StringEquals", "k:a", `"${k:b}"`, ctx{"k:a": {"v"}, "k:b": {"v"}}, true},
		{"StringEquals", "k:a", `"${k:b}"`, ctx{"k:a": {"v"}}, false},
		{"StringNotEquals", "k:a", `"${k:b}"`, ctx{"k:a": {"v"}}, true}, // no value: effectively null
		{"StringEquals", "k:a", `"${k:b, 'd'}"`, ctx{"k:a": {"d"}}, true},
		{"StringEquals", "k:a", `"${k:b}"`, ctx{"k:a": {"v"}, "k:b": {"v", "w"}}, false}, // multivalued: no variable
		{"StringLike", "k:a", `"${k:b}*"`, ctx{"k:a": {"a*bc"}, "k:b": {"a*"}}, true},
		{"StringLike", "k:a", `"${k:b}*"`, ctx{"k:a": {"axbc"}, "k:b": {"a*"}}, false}, // a variable's * is literal
		{"StringEquals", "k:a", `"${*}${?}${$}"`, ctx{"k:a": {"*?$"}}, true},
		// Numeric.
		{"NumericEquals", "k:n", `"10"`, ctx{"k:n": {"10.0"}}, true},
		{"NumericNotEquals", "k:n", `"10"`, ctx{"k:n": {"11"}}, true},
		{"NumericLessThan", "k:n", `"10"`, ctx{"k:n": {"9.5"}}, true},
		{"NumericLessThanEquals", "k:n", `10`, ctx{"k:n": {"10"}}, true},
		{"NumericGreaterThan", "k:n", `"10"`, ctx{"k:n": {"10"}}, false},
		{"NumericGreaterThanEquals", "k:n", `"-1"`, ctx{"k:n": {"0"}}, true},
		{"NumericEquals", "k:n", `"10"`, ctx{"k:n": {"ten"}}, false}, // unreadable request value matches nothing
		{"NumericNotEquals", "k:n", `"10"`, ctx{"k:n": {"ten"}}, true},
		// Numbers compare exactly, as integers or decimals (issue 14): past
		// 2^53 float64 made these equal; 0x1p4 and 1e400 are not numbers.
		{"NumericEquals", "k:n", `"9007199254740993"`, ctx{"k:n": {"9007199254740992"}}, false},
		{"NumericLessThan", "k:n", `"9007199254740993"`, ctx{"k:n": {"9007199254740992"}}, true},
		{"NumericGreaterThan", "k:n", `"0.30000000000000001"`, ctx{"k:n": {"0.3"}}, false},
		{"NumericLessThan", "k:n", `"0.30000000000000001"`, ctx{"k:n": {"0.3"}}, true},
		{"NumericEquals", "k:n", `"-0"`, ctx{"k:n": {"0.000"}}, true},
		{"NumericLessThan", "k:n", `"-1.5"`, ctx{"k:n": {"-1.55"}}, true},
		{"NumericGreaterThan", "k:n", `"-1.5"`, ctx{"k:n": {"-1.45"}}, true},
		{"NumericEquals", "k:n", `"16"`, ctx{"k:n": {"0x1p4"}}, false},
		{"NumericNotEquals", "k:n", `"16"`, ctx{"k:n": {"0x1p4"}}, true},
		{"NumericGreaterThan", "k:n", `"1"`, ctx{"k:n": {"1e400"}}, false},
		{"NumericLessThan", "k:n", `"100000000000000000000000000000000000001"`, ctx{"k:n": {"100000000000000000000000000000000000000"}}, true},
		// Date.
		{"DateLessThan", "aws:CurrentTime", `"2025-01-01T00:00:00Z"`, ctx{"aws:CurrentTime": {"2024-12-31T23:59:59Z"}}, true},
		{"DateGreaterThan", "aws:CurrentTime", `"2025-01-01"`, ctx{"aws:CurrentTime": {"2025-01-01T00:00:01Z"}}, true},
		{"DateEquals", "aws:EpochTime", `"1735689600"`, ctx{"aws:EpochTime": {"2025-01-01T00:00:00Z"}}, true},
		{"DateNotEquals", "aws:EpochTime", `"1735689600"`, ctx{"aws:EpochTime": {"1735689601"}}, true},
		{"DateLessThanEquals", "aws:CurrentTime", `"2025-01-01T09:00:00+09:00"`, ctx{"aws:CurrentTime": {"2025-01-01T00:00:00Z"}}, true},
		{"DateGreaterThanEquals", "aws:CurrentTime", `"2025-01-01T00:00:00Z"`, ctx{"aws:CurrentTime": {"2024-01-01T00:00:00Z"}}, false},
		// Bool, Binary.
		{"Bool", "aws:SecureTransport", `"false"`, ctx{"aws:SecureTransport": {"false"}}, true},
		{"Bool", "aws:SecureTransport", `true`, ctx{"aws:SecureTransport": {"TRUE"}}, true},
		{"Bool", "aws:SecureTransport", `"true"`, ctx{}, false},
		{"BinaryEquals", "k:b", `"QmluYXJ5VmFsdWU="`, ctx{"k:b": {"QmluYXJ5VmFsdWU="}}, true},
		{"BinaryEquals", "k:b", `"QmluYXJ5VmFsdWU="`, ctx{"k:b": {"b3RoZXI="}}, false},
		// IP addresses.
		{"IpAddress", "aws:SourceIp", `"203.0.113.0/24"`, ctx{"aws:SourceIp": {"203.0.113.7"}}, true},
		{"IpAddress", "aws:SourceIp", `["10.0.0.0/8","2001:db8::/32"]`, ctx{"aws:SourceIp": {"2001:db8::1"}}, true},
		{"IpAddress", "aws:SourceIp", `"203.0.113.7"`, ctx{"aws:SourceIp": {"203.0.113.7"}}, true},
		{"NotIpAddress", "aws:SourceIp", `"203.0.113.0/24"`, ctx{"aws:SourceIp": {"198.51.100.1"}}, true},
		{"NotIpAddress", "aws:SourceIp", `"203.0.113.0/24"`, ctx{}, true},
		{"IpAddress", "aws:SourceIp", `"10.0.0.0/8"`, ctx{"aws:SourceIp": {"::ffff:10.1.1.1"}}, true},
		// An IPv4-mapped IPv6 block holds the IPv4 addresses it maps (issue 14).
		{"IpAddress", "aws:SourceIp", `"::ffff:10.0.0.0/104"`, ctx{"aws:SourceIp": {"10.1.1.1"}}, true},
		{"IpAddress", "aws:SourceIp", `"::ffff:10.0.0.0/104"`, ctx{"aws:SourceIp": {"11.1.1.1"}}, false},
		{"NotIpAddress", "aws:SourceIp", `"::ffff:10.0.0.0/104"`, ctx{"aws:SourceIp": {"10.1.1.1"}}, false},
		{"IpAddress", "aws:SourceIp", `"::ffff:0:0/96"`, ctx{"aws:SourceIp": {"192.0.2.1"}}, true},
		{"IpAddress", "aws:SourceIp", `"::ffff:10.0.0.0/104"`, ctx{"aws:SourceIp": {"::ffff:10.9.9.9"}}, true},
		// ARNs.
		{"ArnLike", "aws:SourceArn", `"arn:aws:s3:::bucket-*"`, ctx{"aws:SourceArn": {"arn:aws:s3:::bucket-1"}}, true},
		{"ArnEquals", "aws:PrincipalArn", `"arn:aws:iam::*:role/admin"`, ctx{"aws:PrincipalArn": {"arn:aws:iam::111111111111:role/admin"}}, true},
		{"ArnLike", "aws:PrincipalArn", `"arn:aws:iam::111111111111:role/*"`, ctx{"aws:PrincipalArn": {"arn:aws:iam::111111111111:user/x"}}, false},
		{"ArnNotLike", "aws:PrincipalArn", `"arn:aws:iam::111111111111:role/*"`, ctx{"aws:PrincipalArn": {"arn:aws:iam::111111111111:user/x"}}, true},
		{"ArnNotEquals", "aws:SourceArn", `"arn:aws:s3:::b"`, ctx{"aws:SourceArn": {"not-an-arn"}}, true},
		{"ArnLike", "aws:PrincipalArn", `"arn:aws:iam::${aws:PrincipalAccount}:role/*"`, ctx{"aws:PrincipalArn": {"arn:aws:iam::111111111111:role/x"}, "aws:PrincipalAccount": {"111111111111"}}, true},
		// Null.
		{"Null", "k:a", `"true"`, ctx{}, true},
		{"Null", "k:a", `"true"`, ctx{"k:a": {"x"}}, false},
		{"Null", "k:a", `"false"`, ctx{"k:a": {"x"}}, true},
		{"Null", "k:a", `false`, ctx{}, false},
		// Set qualifiers.
		{"ForAllValues:StringEquals", "aws:TagKeys", `["a","b"]`, ctx{"aws:TagKeys": {"a", "b"}}, true},
		{"ForAllValues:StringEquals", "aws:TagKeys", `["a","b"]`, ctx{"aws:TagKeys": {"a", "c"}}, false},
		{"ForAllValues:StringEquals", "aws:TagKeys", `["a"]`, ctx{}, true},
		{"ForAnyValue:StringEquals", "aws:TagKeys", `["a"]`, ctx{"aws:TagKeys": {"c", "a"}}, true},
		{"ForAnyValue:StringEquals", "aws:TagKeys", `["a"]`, ctx{}, false},
		{"ForAnyValue:StringEqualsIfExists", "aws:TagKeys", `["a"]`, ctx{}, true},
		{"ForAllValues:StringNotEquals", "aws:TagKeys", `["a"]`, ctx{"aws:TagKeys": {"b", "c"}}, true},
		{"ForAllValues:StringNotEquals", "aws:TagKeys", `["a"]`, ctx{"aws:TagKeys": {"b", "a"}}, false},
		{"ForAnyValue:StringNotEquals", "aws:TagKeys", `["a"]`, ctx{"aws:TagKeys": {"a", "b"}}, true},
		{"ForAnyValue:StringNotEquals", "aws:TagKeys", `["a"]`, ctx{"aws:TagKeys": {"a"}}, false},
		{"ForAnyValue:StringLike", "aws:TagKeys", `["env*"]`, ctx{"aws:TagKeys": {"x", "environment"}}, true},
		// Plain operators on a multivalued key: TestPlainOperatorOnList.
		// Placeholders from AWS's examples match nothing.
		{"IpAddress", "aws:SourceIp", `"<my-corporate-cidr>"`, ctx{"aws:SourceIp": {"10.0.0.1"}}, false},
		{"NotIpAddressIfExists", "aws:SourceIp", `"<my-corporate-cidr>"`, ctx{"aws:SourceIp": {"10.0.0.1"}}, true},
	}
	for _, tt := range tests {
		c := condition(t, tt.op, tt.key, tt.values)
		ctx := cond.NewContext()
		for k, v := range tt.ctx {
			ctx.Set(k, v...)
		}
		sc := cond.GetScratch()
		got := c.Eval(ctx, sc)
		cond.PutScratch(sc)
		if got != tt.want {
			t.Errorf("%s {%s: %s} with %v = %v, want %v\n  %s", tt.op, tt.key, tt.values, tt.ctx, got, tt.want, c.Explain(ctx))
		}
	}
}

// TestPlainOperatorOnList: an operator without ForAnyValue/ForAllValues
// meeting a list of request values (several values, or a list of one) does
// not hold in an Allow statement, as AWS's simulator decides, and holds in
// a Deny statement when it holds for any one value (the fail-closed
// reading). A single value (a scalar) is compared as before; Null tests
// presence only.
func TestPlainOperatorOnList(t *testing.T) {
	t.Parallel()
	tests := []struct {
		effect          policy.Effect
		op, key, values string
		request         []string
		list            bool
		want            bool
	}{
		{policy.Allow, "StringEquals", "aws:TagKeys", `"a"`, []string{"b", "a"}, false, false},
		{policy.Allow, "StringEquals", "aws:TagKeys", `"a"`, []string{"a"}, true, false},
		{policy.Allow, "StringEquals", "aws:TagKeys", `"a"`, []string{"a"}, false, true},
		{policy.Allow, "StringNotEquals", "aws:TagKeys", `"a"`, []string{"b", "c"}, true, false},
		{policy.Allow, "StringLike", "aws:TagKeys", `"a*"`, []string{"ab"}, true, false},
		{policy.Allow, "StringEqualsIfExists", "aws:TagKeys", `"a"`, []string{"a"}, true, false},
		{policy.Allow, "ArnLike", "aws:PrincipalServiceNamesList", `"arn:aws:*"`, []string{"arn:aws:iam::1:x"}, true, false},
		{policy.Allow, "Null", "aws:TagKeys", `"false"`, []string{"a"}, true, true},
		{policy.Allow, "ForAnyValue:StringEquals", "aws:TagKeys", `"a"`, []string{"a"}, true, true},
		{policy.Deny, "StringEquals", "aws:TagKeys", `"a"`, []string{"b", "a"}, false, true},
		{policy.Deny, "StringEquals", "aws:TagKeys", `"a"`, []string{"b", "c"}, false, false},
		{policy.Deny, "StringEquals", "aws:TagKeys", `"a"`, []string{"a"}, true, true},
		{policy.Deny, "StringNotEquals", "aws:TagKeys", `"a"`, []string{"a", "b"}, false, true},
		{policy.Deny, "StringNotEquals", "aws:TagKeys", `"a"`, []string{"a"}, true, false},
		{policy.Deny, "StringNotEquals", "aws:TagKeys", `["a","b"]`, []string{"b", "a"}, false, false},
		{policy.Deny, "StringNotEquals", "aws:TagKeys", `"a"`, []string{"b"}, false, true},
		// A list of one is multivalued: it is no policy variable.
		{policy.Allow, "StringEquals", "k:a", `"${k:b}"`, []string{"v"}, true, false},
	}
	for _, tt := range tests {
		c := conditionIn(t, tt.effect, tt.op, tt.key, tt.values)
		ctx := cond.NewContext()
		key := tt.key
		if key == "k:a" {
			ctx.Set("k:a", "v")
			key = "k:b"
		}
		if tt.list {
			ctx.SetList(key, tt.request...)
		} else {
			ctx.Set(key, tt.request...)
		}
		sc := cond.GetScratch()
		got := c.Eval(ctx, sc)
		cond.PutScratch(sc)
		if got != tt.want {
			t.Errorf("%s: %s {%s: %s} with %q (list %v) = %v, want %v\n  %s", tt.effect, tt.op, tt.key, tt.values, tt.request, tt.list, got, tt.want, c.Explain(ctx))
		}
	}
}

func TestExplainNamesValues(t *testing.T) {
	t.Parallel()
	c := condition(t, "NumericLessThan", "s3:max-keys", `"10"`)
	ctx := cond.NewContext()
	ctx.Set("s3:max-keys", "many")
	got := c.Explain(ctx)
	want := `NumericLessThan s3:max-keys: request has ["many"], policy has ["10"] (warning: request value "many" is not valid for NumericLessThan: it matches nothing) → false`
	if got != want {
		t.Errorf("Explain = %s\nwant      %s", got, want)
	}
}
