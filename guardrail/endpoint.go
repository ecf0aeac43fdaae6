package guardrail

import (
	"fmt"
	"slices"

	"github.com/sekisho/sekisho/policy"
)

const (
	endpointDoc      = "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html"
	s3EndpointDoc    = "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html"
	principalAcctDoc = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalaccount"
	resourceAcctDoc  = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceaccount"
	exampleRepo      = "amazonlinux-2-repos-ap-northeast-1"
	memberAccount    = "333333333333"
	otherOrg         = "o-otherorg999"
	repoAccount      = "444444444444"
)

// endpointSide is what an endpoint guardrail restricts: the principals
// that may use the endpoint, or the resources it may reach.
type endpointSide struct {
	name       string
	accountKey string // aws:PrincipalAccount or aws:ResourceAccount
	orgKey     string // aws:PrincipalOrgID or aws:ResourceOrgID
	sid        string // the Sid's middle part: Principals or Resources
	short      string // the seed, for the summary
	seed       string // the seed and its file, for the cases
	doc        string
}

var (
	ownPrincipals = endpointSide{name: EndpointOwnPrincipals, accountKey: "aws:PrincipalAccount", orgKey: "aws:PrincipalOrgID",
		sid: "Principals", short: "seed 002", seed: "seed 002 (002_5d85a52547e43f11.txt)", doc: principalAcctDoc}
	ownResources = endpointSide{name: EndpointOwnResources, accountKey: "aws:ResourceAccount", orgKey: "aws:ResourceOrgID",
		sid: "Resources", short: "seed 004", seed: "seed 004 (004_673cd3d2cc82fe06.txt)", doc: resourceAcctDoc}
)

func init() {
	for _, side := range []endpointSide{ownPrincipals, ownResources} {
		side := side
		what := "principals of"
		if side == ownResources {
			what = "resources in"
		}
		register(&Generator{
			Name:    side.name,
			Summary: fmt.Sprintf("VPC endpoint policy: only %s your accounts or organization pass the endpoint (%s)", what, side.short),
			Doc:     endpointDoc,
			Params: []Param{
				{Name: "accounts", List: true, check: checkAccount,
					Help: "your account ids, comma-separated (" + side.accountKey + "); accounts or org is required"},
				{Name: "org", check: checkOrg,
					Help: "your organization id (" + side.orgKey + ")"},
				{Name: "public-buckets", List: true, check: checkBucket,
					Help: "S3 gateway endpoints: public buckets anyone may read through the endpoint (OS package repositories), e.g. " + exampleRepo},
			},
			build: func(a args) (*Result, error) { return buildEndpoint(side, a) },
		})
	}
}

func buildEndpoint(side endpointSide, a args) (*Result, error) {
	accounts, org, buckets := a.list("accounts"), a.str("org"), a.list("public-buckets")
	if len(accounts) == 0 && org == "" {
		return nil, fmt.Errorf("expected --param accounts=ACCOUNT_ID[,...] or --param org=o-...: the endpoint policy allows only those")
	}
	var st []Statement
	if len(accounts) > 0 {
		st = append(st, Statement{Sid: "AllowOwnAccount" + side.sid, Effect: "Allow", Principal: "*", Action: "*", Resource: "*",
			Condition: Conditions{"StringEquals": {side.accountKey: accounts}}})
	}
	if org != "" {
		st = append(st, Statement{Sid: "AllowOwnOrganization" + side.sid, Effect: "Allow", Principal: "*", Action: "*", Resource: "*",
			Condition: Conditions{"StringEquals": {side.orgKey: org}}})
	}
	if len(buckets) > 0 {
		var res []string
		for _, b := range buckets {
			res = append(res, "arn:aws:s3:::"+b+"/*")
		}
		st = append(st, Statement{Sid: "AllowPublicBucketReads", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: res})
	}
	r := &Result{Kind: policy.Endpoint, Policy: newDocument(st...)}
	e := endpointCases{r: r, side: side, accounts: accounts, org: org, buckets: buckets,
		foreign: outsideAccount(accounts, foreignAccount), repo: outsideAccount(accounts, repoAccount)}
	r.Cases = e.cases()
	return r, nil
}

type endpointCases struct {
	r        *Result
	side     endpointSide
	accounts []string
	org      string
	buckets  []string
	foreign  string // an account outside accounts: the insider's, the foreign bucket's
	repo     string // the account of the public buckets
}

// outsideAccount returns want, or another account id when want is one of
// the accounts the guardrail allows.
func outsideAccount(accounts []string, want string) string {
	for _, c := range []string{want, "555555555555", "666666666666", "777777777777"} {
		if !slices.Contains(accounts, c) {
			return c
		}
	}
	return "888888888888"
}

// through returns the policies of a request through the endpoint.
func (e *endpointCases) through(identity []NamedPolicy, resource *NamedPolicy) Policies {
	return Policies{Identity: identity, Resource: resource, Endpoint: &NamedPolicy{Name: guardrailName, Document: e.r.Policy}}
}

func endpointContext(extra map[string]any) map[string]any {
	ctx := map[string]any{"aws:SourceVpc": ownVPC, "aws:SourceVpce": "vpce-0123s3gateway"}
	for k, v := range extra {
		ctx[k] = v
	}
	return ctx
}

func (e *endpointCases) cases() []Case {
	var cases []Case
	own := ownAccount
	if len(e.accounts) > 0 {
		own = e.accounts[0]
		cases = append(cases, e.ownAccountCase(own))
	}
	if e.org != "" {
		cases = append(cases, e.orgCases()...)
	}
	if e.side == ownPrincipals {
		cases = append(cases, e.insiderCase())
		if len(e.accounts) > 0 {
			cases = append(cases, e.principalOnlyGap(own))
		}
	} else {
		cases = append(cases, e.foreignBucketCases(own)...)
	}
	cases = append(cases, e.publicBucketCases()...)
	for i := range cases {
		cases[i].Name = e.side.name + "/" + cases[i].Name
	}
	return cases
}

func (e *endpointCases) ownAccountCase(own string) Case {
	role := "arn:aws:sts::" + own + ":assumed-role/app-role/i-0abc123def4567890"
	return Case{
		Name: "own-account-to-own-bucket", Doc: e.side.doc, Expect: "Allow",
		Description: "The company's role reads its own account's bucket through the endpoint.",
		Request: Request{Principal: role, Action: "s3:GetObject", Resource: "arn:aws:s3:::company-data/report.csv",
			ResourceAccount: own, Context: endpointContext(nil)},
		Policies: e.through([]NamedPolicy{adminAccess()}, nil),
	}
}

func (e *endpointCases) orgCases() []Case {
	role := "arn:aws:sts::" + memberAccount + ":assumed-role/app-role/i-0abc123def4567890"
	ctx := func(org string) map[string]any {
		return endpointContext(map[string]any{e.side.orgKey: org})
	}
	return []Case{
		{
			Name: "organization-member", Doc: e.side.doc, Expect: "Allow",
			Description: "A role of another account of the organization, on its own bucket: " + e.side.orgKey + " is " + e.org + ".",
			Request: Request{Principal: role, Action: "s3:GetObject", Resource: "arn:aws:s3:::member-data/report.csv",
				ResourceAccount: memberAccount, Context: ctx(e.org)},
			Policies: e.through([]NamedPolicy{adminAccess()}, nil),
		},
		{
			Name: "other-organization-denied", Doc: e.side.doc, Expect: "ImplicitDeny",
			Description: "The same request from an account of another organization: the endpoint policy allows nothing for it.",
			Request: Request{Principal: "arn:aws:sts::" + e.foreign + ":assumed-role/app-role/i-0abc123def4567890",
				Action: "s3:PutObject", Resource: "arn:aws:s3:::foreign-data/dump.csv",
				ResourceAccount: e.foreign, Context: ctx(otherOrg)},
			Policies: e.through([]NamedPolicy{adminAccess()}, nil),
		},
	}
}

// insiderCase is seed 002's exfiltration: an insider on the company's
// instance uses the keys of their own account to write to their own bucket.
func (e *endpointCases) insiderCase() Case {
	ctx := endpointContext(nil)
	if e.org != "" {
		ctx[e.side.orgKey] = otherOrg
	}
	return Case{
		Name: "insider-own-account-keys-denied", Doc: e.side.seed, Expect: "ImplicitDeny",
		Description: "Seed 002: an insider on the company's instance uses the access keys of their own account to upload to their own bucket. Same-account in their account, so their policies allow it; the endpoint policy does not.",
		Request: Request{Principal: "arn:aws:iam::" + e.foreign + ":user/insider", Action: "s3:PutObject",
			Resource: "arn:aws:s3:::insider-bucket/exfiltrated.csv", ResourceAccount: e.foreign, Context: ctx},
		Policies: e.through([]NamedPolicy{adminAccess()}, nil),
	}
}

// principalOnlyGap shows what a principal-only endpoint policy leaves
// open: the company's own role writing to a foreign bucket that accepts it.
func (e *endpointCases) principalOnlyGap(own string) Case {
	bucketPolicy := NamedPolicy{Name: "foreign-bucket-policy", Document: newDocument(Statement{
		Effect: "Allow", Principal: map[string]any{"AWS": "arn:aws:iam::" + own + ":role/app-role"},
		Action: "s3:PutObject", Resource: "arn:aws:s3:::insider-bucket/*",
	})}
	return Case{
		Name: "own-role-to-foreign-bucket-not-covered", Doc: e.side.seed, Expect: "Allow",
		Description: "The gap of a principal-only endpoint policy: the company's own role may still write to a bucket of another account whose bucket policy accepts it. endpoint-own-resources closes it.",
		Request: Request{Principal: "arn:aws:sts::" + own + ":assumed-role/app-role/i-0abc123def4567890", Action: "s3:PutObject",
			Resource: "arn:aws:s3:::insider-bucket/exfiltrated.csv", ResourceAccount: e.foreign, Context: endpointContext(nil)},
		Policies: e.through([]NamedPolicy{adminAccess()}, &bucketPolicy),
	}
}

// foreignBucketCases are seed 004's "read with the instance role, write
// with foreign keys": both writes reach a bucket outside the accounts.
func (e *endpointCases) foreignBucketCases(own string) []Case {
	role := "arn:aws:sts::" + own + ":assumed-role/instance-role/i-047875da17caa9cc2"
	bucketPolicy := NamedPolicy{Name: "foreign-bucket-policy", Document: newDocument(Statement{
		Effect: "Allow", Principal: map[string]any{"AWS": []string{"arn:aws:iam::" + e.foreign + ":user/Chibayuki", "arn:aws:iam::" + own + ":role/instance-role"}},
		Action: "s3:*", Resource: []string{"arn:aws:s3:::chibayuki-test", "arn:aws:s3:::chibayuki-test/*"},
	})}
	ctx := endpointContext(nil)
	if e.org != "" {
		ctx[e.side.orgKey] = otherOrg
	}
	return []Case{
		{
			Name: "instance-role-to-foreign-bucket-denied", Doc: e.side.seed, Expect: "ImplicitDeny",
			Description: "Seed 004: the instance's own role writes to a bucket of another account whose bucket policy accepts it: the endpoint allows only resources of your accounts.",
			Request: Request{Principal: role, Action: "s3:PutObject", Resource: "arn:aws:s3:::chibayuki-test/test.txt",
				ResourceAccount: e.foreign, Context: ctx},
			Policies: e.through([]NamedPolicy{adminAccess()}, &bucketPolicy),
		},
		{
			Name: "foreign-keys-to-foreign-bucket-denied", Doc: e.side.seed, Expect: "ImplicitDeny",
			Description: "Seed 004: the foreign user's access keys set up on the instance; same-account access in the foreign account, allowed by its bucket policy alone. The endpoint still stops it.",
			Request: Request{Principal: "arn:aws:iam::" + e.foreign + ":user/Chibayuki", Action: "s3:PutObject",
				Resource: "arn:aws:s3:::chibayuki-test/test.txt", ResourceAccount: e.foreign, Context: ctx},
			Policies: e.through(nil, &bucketPolicy),
		},
	}
}

// publicBucketCases are seed 002's caveat: anonymous reads of public
// package repositories through an S3 gateway endpoint.
func (e *endpointCases) publicBucketCases() []Case {
	get := func(bucket string) Request {
		return Request{Principal: "anonymous", Action: "s3:GetObject",
			Resource:        "arn:aws:s3:::" + bucket + "/2/core/latest/x86_64/mirror.list",
			ResourceAccount: e.repo, Context: endpointContext(nil)}
	}
	withPolicy := func(bucket string) *NamedPolicy {
		return &NamedPolicy{Name: "public-read-" + bucket, Document: publicReadPolicy(bucket)}
	}
	if len(e.buckets) == 0 {
		return []Case{{
			Name: "anonymous-package-repository-read-denied", Doc: e.side.seed, Expect: "ImplicitDeny",
			Description: "Seed 002's caveat: yum on an instance reads the public Amazon Linux repository bucket through the S3 gateway endpoint, unauthenticated; without --param public-buckets the endpoint denies it.",
			Request:     get(exampleRepo), Policies: e.through(nil, withPolicy(exampleRepo)),
		}}
	}
	var cases []Case
	for _, b := range e.buckets {
		cases = append(cases, Case{
			Name: "anonymous-read-" + b, Doc: s3EndpointDoc, Expect: "Allow",
			Description: "An unauthenticated read of the public bucket " + b + " passes the endpoint, and the bucket policy allows it.",
			Request:     get(b), Policies: e.through(nil, withPolicy(b)),
		})
	}
	other := "public-downloads-example"
	for slices.Contains(e.buckets, other) {
		other += "-x"
	}
	cases = append(cases, Case{
		Name: "anonymous-read-other-public-bucket-denied", Doc: s3EndpointDoc, Expect: "ImplicitDeny",
		Description: "A public bucket that is not listed stays closed through the endpoint.",
		Request:     get(other), Policies: e.through(nil, withPolicy(other)),
	})
	return cases
}
