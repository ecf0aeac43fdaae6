package server_test

import (
	"errors"
	"net/http"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/smithy-go"

	"github.com/sekisho/sekisho/server"
)

const allowS3 = `{"Version":"2012-10-17","Statement":[{"Sid":"S3","Effect":"Allow","Action":"s3:*","Resource":"*"}]}`
const fullAccess = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`

// seedLevels is seed 000's organization: root and account FullAWSAccess,
// the Workloads OU FullAWSAccess and the pin-to-VPC SCP.
func seedLevels(t *testing.T) []types.OrderedOrganizationPolicyType {
	return []types.OrderedOrganizationPolicyType{
		{ServiceControlPolicyInputList: []string{fullAccess}},
		{ServiceControlPolicyInputList: []string{fullAccess, readFile(t, seedSCP)}},
		{ServiceControlPolicyInputList: []string{fullAccess}},
	}
}

func ctxEntry(k, v string) types.ContextEntry {
	return types.ContextEntry{ContextKeyName: aws.String(k), ContextKeyValues: []string{v}, ContextKeyType: types.ContextKeyTypeEnumString}
}

// The seed 000 cases through the SDK: SCP levels in
// OrderedOrganizationPolicyInputList, the instance role's identity policy,
// and the condition keys of each case.
func TestSimulateCustomPolicySeed000(t *testing.T) {
	t.Parallel()
	_, ts := start(t, server.Config{})
	c := client(ts.URL, "", "")
	caller := "arn:aws:iam::111111111111:user/app"
	tests := []struct {
		name    string
		context []types.ContextEntry
		want    types.PolicyEvaluationDecisionType
		orgs    bool
		matched string
	}{
		{"legit-call-from-instance", []types.ContextEntry{ctxEntry("aws:ec2InstanceSourceVpc", "vpc-abc123"), ctxEntry("aws:SourceVpc", "vpc-abc123")},
			types.PolicyEvaluationDecisionTypeAllowed, true, "PolicyInputList.1"},
		{"stolen-creds-from-internet", []types.ContextEntry{ctxEntry("aws:ec2InstanceSourceVpc", "vpc-abc123"), ctxEntry("aws:SourceIp", "203.0.113.50")},
			types.PolicyEvaluationDecisionTypeExplicitDeny, false, "OrderedOrganizationPolicyInputList.2.ServiceControlPolicyInputList.2"},
		{"stolen-creds-from-attacker-vpc", []types.ContextEntry{ctxEntry("aws:ec2InstanceSourceVpc", "vpc-abc123"), ctxEntry("aws:SourceVpc", "vpc-xyz789")},
			types.PolicyEvaluationDecisionTypeExplicitDeny, false, "OrderedOrganizationPolicyInputList.2.ServiceControlPolicyInputList.2"},
		{"user-keys-spared-by-null-guard", nil, types.PolicyEvaluationDecisionTypeAllowed, true, "PolicyInputList.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, err := c.SimulateCustomPolicy(ctx(t), &iam.SimulateCustomPolicyInput{
				PolicyInputList:                    []string{allowS3},
				OrderedOrganizationPolicyInputList: seedLevels(t),
				ActionNames:                        []string{"s3:ListBucket"},
				ResourceArns:                       []string{"arn:aws:s3:::app-bucket"},
				CallerArn:                          aws.String(caller),
				ContextEntries:                     tt.context,
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(out.EvaluationResults) != 1 || out.IsTruncated {
				t.Fatalf("got %d results (truncated %v), want 1", len(out.EvaluationResults), out.IsTruncated)
			}
			r := out.EvaluationResults[0]
			if r.EvalDecision != tt.want || aws.ToString(r.EvalActionName) != "s3:ListBucket" || aws.ToString(r.EvalResourceName) != "arn:aws:s3:::app-bucket" {
				t.Errorf("got %s %s on %s, want %s", r.EvalDecision, aws.ToString(r.EvalActionName), aws.ToString(r.EvalResourceName), tt.want)
			}
			if r.OrganizationsDecisionDetail == nil || r.OrganizationsDecisionDetail.AllowedByOrganizations != tt.orgs {
				t.Errorf("OrganizationsDecisionDetail = %+v, want AllowedByOrganizations %v", r.OrganizationsDecisionDetail, tt.orgs)
			}
			if len(r.MatchedStatements) == 0 || aws.ToString(r.MatchedStatements[0].SourcePolicyId) != tt.matched {
				t.Fatalf("MatchedStatements = %+v, want %s first", r.MatchedStatements, tt.matched)
			}
			if p := r.MatchedStatements[0].StartPosition; p == nil || p.Line == 0 {
				t.Errorf("matched statement has no start position: %+v", p)
			}
			if len(r.ResourceSpecificResults) != 1 || r.ResourceSpecificResults[0].EvalResourceDecision != tt.want {
				t.Errorf("ResourceSpecificResults = %+v, want one %s", r.ResourceSpecificResults, tt.want)
			}
			if got := r.EvalDecisionDetails["scp"]; (got == types.PolicyEvaluationDecisionTypeAllowed) != tt.orgs {
				t.Errorf("EvalDecisionDetails[scp] = %q", got)
			}
		})
	}
}

// Without resources, missing context values are reported on the result
// (IAM API Reference, EvaluationResult.MissingContextValues).
func TestSimulateCustomPolicyMissingContext(t *testing.T) {
	t.Parallel()
	_, ts := start(t, server.Config{})
	out, err := client(ts.URL, "", "").SimulateCustomPolicy(ctx(t), &iam.SimulateCustomPolicyInput{
		PolicyInputList: []string{readFile(t, seedSCP), allowS3},
		ActionNames:     []string{"s3:GetObject"},
		ContextEntries:  []types.ContextEntry{ctxEntry("aws:ec2InstanceSourceVpc", "vpc-abc123")},
	})
	if err != nil {
		t.Fatal(err)
	}
	r := out.EvaluationResults[0]
	if r.EvalDecision != types.PolicyEvaluationDecisionTypeExplicitDeny || aws.ToString(r.EvalResourceName) != "*" {
		t.Errorf("got %s on %s, want explicitDeny on *", r.EvalDecision, aws.ToString(r.EvalResourceName))
	}
	if !slices.Contains(r.MissingContextValues, "aws:SourceVpc") {
		t.Errorf("MissingContextValues = %v, want aws:SourceVpc", r.MissingContextValues)
	}
	if r.ResourceSpecificResults != nil {
		t.Errorf("ResourceSpecificResults without ResourceArns: %+v", r.ResourceSpecificResults)
	}
}

// A permissions boundary that does not allow: implicitDeny, and the
// boundary detail says so.
func TestSimulateCustomPolicyBoundary(t *testing.T) {
	t.Parallel()
	_, ts := start(t, server.Config{})
	out, err := client(ts.URL, "", "").SimulateCustomPolicy(ctx(t), &iam.SimulateCustomPolicyInput{
		PolicyInputList:                    []string{fullAccess},
		PermissionsBoundaryPolicyInputList: []string{allowS3},
		ActionNames:                        []string{"s3:GetObject", "iam:CreateUser"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		d        types.PolicyEvaluationDecisionType
		boundary bool
	}{{types.PolicyEvaluationDecisionTypeAllowed, true}, {types.PolicyEvaluationDecisionTypeImplicitDeny, false}}
	for i, r := range out.EvaluationResults {
		if r.EvalDecision != want[i].d || r.PermissionsBoundaryDecisionDetail == nil ||
			r.PermissionsBoundaryDecisionDetail.AllowedByPermissionsBoundary != want[i].boundary {
			t.Errorf("%s: got %s boundary %+v, want %s boundary %v", aws.ToString(r.EvalActionName), r.EvalDecision,
				r.PermissionsBoundaryDecisionDetail, want[i].d, want[i].boundary)
		}
	}
	if d := out.EvaluationResults[1]; len(d.MatchedStatements) != 0 || d.EvalDecisionDetails["boundary"] != types.PolicyEvaluationDecisionTypeImplicitDeny {
		t.Errorf("implicit deny: matched %+v, details %v", d.MatchedStatements, d.EvalDecisionDetails)
	}
}

// A resource policy that grants a caller of another account: both sides
// must allow (cross-account).
func TestSimulateCustomPolicyResourcePolicy(t *testing.T) {
	t.Parallel()
	_, ts := start(t, server.Config{})
	bucketPolicy := `{"Version":"2012-10-17","Statement":[{"Sid":"Partner","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:user/partner"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::app-bucket/*"}]}`
	tests := []struct {
		name     string
		identity string
		want     types.PolicyEvaluationDecisionType
	}{
		{"both-allow", allowS3, types.PolicyEvaluationDecisionTypeAllowed},
		{"identity-silent", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}`, types.PolicyEvaluationDecisionTypeImplicitDeny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, err := client(ts.URL, "", "").SimulateCustomPolicy(ctx(t), &iam.SimulateCustomPolicyInput{
				PolicyInputList: []string{tt.identity},
				ResourcePolicy:  aws.String(bucketPolicy),
				ResourceOwner:   aws.String("arn:aws:iam::111111111111:root"),
				CallerArn:       aws.String("arn:aws:iam::222222222222:user/partner"),
				ActionNames:     []string{"s3:GetObject"},
				ResourceArns:    []string{"arn:aws:s3:::app-bucket/report.csv"},
			})
			if err != nil {
				t.Fatal(err)
			}
			r := out.EvaluationResults[0]
			if r.EvalDecision != tt.want {
				t.Fatalf("got %s, want %s", r.EvalDecision, tt.want)
			}
			if r.EvalDecisionDetails["resource"] != types.PolicyEvaluationDecisionTypeAllowed {
				t.Errorf("EvalDecisionDetails = %v, want resource allowed", r.EvalDecisionDetails)
			}
			if tt.want == types.PolicyEvaluationDecisionTypeAllowed && !slices.ContainsFunc(r.MatchedStatements, func(s types.Statement) bool {
				return aws.ToString(s.SourcePolicyId) == "ResourcePolicy" && s.SourcePolicyType == types.PolicySourceTypeResource
			}) {
				t.Errorf("MatchedStatements = %+v, want the ResourcePolicy statement", r.MatchedStatements)
			}
		})
	}
}

// Pagination: MaxItems, IsTruncated and Marker, through the SDK's own
// paginator, in IAM's order (each action over each resource).
func TestSimulateCustomPolicyPagination(t *testing.T) {
	t.Parallel()
	_, ts := start(t, server.Config{})
	in := &iam.SimulateCustomPolicyInput{
		PolicyInputList: []string{allowS3},
		ActionNames:     []string{"s3:GetObject", "s3:PutObject", "ec2:RunInstances"},
		ResourceArns:    []string{"arn:aws:s3:::a/1", "arn:aws:s3:::b/2"},
		MaxItems:        aws.Int32(4),
	}
	p := iam.NewSimulateCustomPolicyPaginator(client(ts.URL, "", ""), in)
	var got []string
	pages := 0
	for p.HasMorePages() {
		out, err := p.NextPage(ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, r := range out.EvaluationResults {
			got = append(got, aws.ToString(r.EvalActionName)+" "+aws.ToString(r.EvalResourceName)+" "+string(r.EvalDecision))
		}
	}
	want := []string{
		"s3:GetObject arn:aws:s3:::a/1 allowed", "s3:GetObject arn:aws:s3:::b/2 allowed",
		"s3:PutObject arn:aws:s3:::a/1 allowed", "s3:PutObject arn:aws:s3:::b/2 allowed",
		"ec2:RunInstances arn:aws:s3:::a/1 implicitDeny", "ec2:RunInstances arn:aws:s3:::b/2 implicitDeny",
	}
	if pages != 2 || !slices.Equal(got, want) {
		t.Errorf("%d pages:\n%q\nwant 2 pages:\n%q", pages, got, want)
	}
}

// SimulatePrincipalPolicy gathers every gate of the model: the user's
// inline policy, its group's managed policy, its boundary and the SCPs of
// its OU; the role's instance-credential keys meet the seed 000 SCP.
func TestSimulatePrincipalPolicy(t *testing.T) {
	t.Parallel()
	_, ts := start(t, server.Config{})
	c := client(ts.URL, "", "")
	alice := "arn:aws:iam::111111111111:user/alice"
	role := "arn:aws:iam::111111111111:role/app-instance-role"
	tests := []struct {
		name, source, action string
		context              []types.ContextEntry
		want                 types.PolicyEvaluationDecisionType
		boundary             *bool
		orgs                 bool
		matchedID, typ       string
		decidingGate         string
	}{
		{"boundary-allows-ec2", alice, "ec2:RunInstances", nil, types.PolicyEvaluationDecisionTypeAllowed, aws.Bool(true), true,
			alice + " inline ec2-and-iam", "user", "identity"},
		{"boundary-denies-iam", alice, "iam:CreateUser", nil, types.PolicyEvaluationDecisionTypeImplicitDeny, aws.Bool(false), true,
			"", "", "boundary"},
		{"group-managed-policy", alice, "s3:GetObject", nil, types.PolicyEvaluationDecisionTypeAllowed, aws.Bool(true), true,
			"arn:aws:iam::111111111111:policy/s3-read", "user-managed", "identity"},
		{"stolen-instance-creds", role, "s3:ListBucket", []types.ContextEntry{ctxEntry("aws:ec2InstanceSourceVpc", "vpc-abc123")},
			types.PolicyEvaluationDecisionTypeExplicitDeny, nil, false,
			"arn:aws:organizations::000000000000:policy/o-servetest0/service_control_policy/p-pintovpc01", "none", "scp"},
		{"instance-creds-in-their-vpc", role, "s3:ListBucket", []types.ContextEntry{ctxEntry("aws:ec2InstanceSourceVpc", "vpc-abc123"), ctxEntry("aws:SourceVpc", "vpc-abc123")},
			types.PolicyEvaluationDecisionTypeAllowed, nil, true, role + " inline app", "role", "identity"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, err := c.SimulatePrincipalPolicy(ctx(t), &iam.SimulatePrincipalPolicyInput{
				PolicySourceArn: aws.String(tt.source),
				ActionNames:     []string{tt.action},
				ResourceArns:    []string{"arn:aws:s3:::app-bucket"},
				ContextEntries:  tt.context,
			})
			if err != nil {
				t.Fatal(err)
			}
			r := out.EvaluationResults[0]
			if r.EvalDecision != tt.want {
				t.Fatalf("got %s, want %s", r.EvalDecision, tt.want)
			}
			if (tt.boundary == nil) != (r.PermissionsBoundaryDecisionDetail == nil) ||
				(tt.boundary != nil && r.PermissionsBoundaryDecisionDetail.AllowedByPermissionsBoundary != *tt.boundary) {
				t.Errorf("PermissionsBoundaryDecisionDetail = %+v, want %v", r.PermissionsBoundaryDecisionDetail, tt.boundary)
			}
			if r.OrganizationsDecisionDetail == nil || r.OrganizationsDecisionDetail.AllowedByOrganizations != tt.orgs {
				t.Errorf("OrganizationsDecisionDetail = %+v, want %v", r.OrganizationsDecisionDetail, tt.orgs)
			}
			if tt.matchedID != "" && !slices.ContainsFunc(r.MatchedStatements, func(s types.Statement) bool {
				return aws.ToString(s.SourcePolicyId) == tt.matchedID && string(s.SourcePolicyType) == tt.typ
			}) {
				t.Errorf("MatchedStatements = %+v, want %s (%s)", r.MatchedStatements, tt.matchedID, tt.typ)
			}
			if got := r.EvalDecisionDetails[tt.decidingGate]; got != tt.want {
				t.Errorf("EvalDecisionDetails = %v, want %s: %s", r.EvalDecisionDetails, tt.decidingGate, tt.want)
			}
		})
	}
}

// Bad input gets IAM's error XML with IAM's codes and statuses, as the SDK
// parses them.
func TestQueryAPIErrors(t *testing.T) {
	t.Parallel()
	_, ts := start(t, server.Config{})
	c := client(ts.URL, "", "")
	tests := []struct {
		name   string
		call   func() error
		code   string
		status int
	}{
		{"malformed-policy", func() error {
			_, err := c.SimulateCustomPolicy(ctx(t), &iam.SimulateCustomPolicyInput{PolicyInputList: []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Actio":"s3:*"}}`}, ActionNames: []string{"s3:GetObject"}})
			return err
		}, "MalformedPolicyDocument", 400},
		{"not-json", func() error {
			_, err := c.SimulateCustomPolicy(ctx(t), &iam.SimulateCustomPolicyInput{PolicyInputList: []string{`{"Version":`}, ActionNames: []string{"s3:GetObject"}})
			return err
		}, "MalformedPolicyDocument", 400},
		{"wildcard-action", func() error {
			_, err := c.SimulateCustomPolicy(ctx(t), &iam.SimulateCustomPolicyInput{PolicyInputList: []string{allowS3}, ActionNames: []string{"s3:*"}})
			return err
		}, "InvalidInput", 400},
		{"bad-context-type", func() error {
			_, err := c.SimulateCustomPolicy(ctx(t), &iam.SimulateCustomPolicyInput{PolicyInputList: []string{allowS3}, ActionNames: []string{"s3:GetObject"},
				ContextEntries: []types.ContextEntry{{ContextKeyName: aws.String("aws:SourceIp"), ContextKeyValues: []string{"not-an-ip"}, ContextKeyType: types.ContextKeyTypeEnumIp}}})
			return err
		}, "InvalidInput", 400},
		{"context-value-not-of-its-key-type", func() error { // issue 14: declared string, but aws:SourceIp is IPAddress
			_, err := c.SimulateCustomPolicy(ctx(t), &iam.SimulateCustomPolicyInput{PolicyInputList: []string{allowS3}, ActionNames: []string{"s3:GetObject"},
				ContextEntries: []types.ContextEntry{{ContextKeyName: aws.String("aws:SourceIp"), ContextKeyValues: []string{"not-an-ip"}, ContextKeyType: types.ContextKeyTypeEnumString}}})
			return err
		}, "InvalidInput", 400},
		{"resource-policy-without-caller", func() error {
			_, err := c.SimulateCustomPolicy(ctx(t), &iam.SimulateCustomPolicyInput{PolicyInputList: []string{allowS3}, ActionNames: []string{"s3:GetObject"}, ResourcePolicy: aws.String(allowS3)})
			return err
		}, "InvalidInput", 400},
		{"max-items-out-of-range", func() error {
			_, err := c.SimulateCustomPolicy(ctx(t), &iam.SimulateCustomPolicyInput{PolicyInputList: []string{allowS3}, ActionNames: []string{"s3:GetObject"}, MaxItems: aws.Int32(1001)})
			return err
		}, "InvalidInput", 400},
		{"foreign-marker", func() error {
			_, err := c.SimulateCustomPolicy(ctx(t), &iam.SimulateCustomPolicyInput{PolicyInputList: []string{allowS3}, ActionNames: []string{"s3:GetObject", "s3:PutObject"}, Marker: aws.String("MS5kZWFkYmVlZg")})
			return err
		}, "InvalidInput", 400},
		{"unknown-principal", func() error {
			_, err := c.SimulatePrincipalPolicy(ctx(t), &iam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String("arn:aws:iam::111111111111:user/mallory"), ActionNames: []string{"s3:GetObject"}})
			return err
		}, "NoSuchEntity", 404},
		{"unknown-account", func() error {
			_, err := c.SimulatePrincipalPolicy(ctx(t), &iam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String("arn:aws:iam::999999999999:role/x"), ActionNames: []string{"s3:GetObject"}})
			return err
		}, "NoSuchEntity", 404},
		{"other-operation", func() error {
			_, err := c.ListUsers(ctx(t), &iam.ListUsersInput{})
			return err
		}, "InvalidAction", 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.call()
			var ae smithy.APIError
			if !errors.As(err, &ae) {
				t.Fatalf("got %v, want an API error %s", err, tt.code)
			}
			if ae.ErrorCode() != tt.code || ae.ErrorMessage() == "" {
				t.Errorf("got code %q message %q, want %s with a message", ae.ErrorCode(), ae.ErrorMessage(), tt.code)
			}
			var re *awshttp.ResponseError
			if !errors.As(err, &re) || re.HTTPStatusCode() != tt.status {
				t.Errorf("got status %v, want %d", err, tt.status)
			}
		})
	}
}

// Signatures are verified when a key pair is configured, with the SDK's
// own signer on the client side.
func TestSigV4(t *testing.T) {
	t.Parallel()
	_, ts := start(t, server.Config{Keys: map[string]string{"AKIASEKISHOTEST00001": "the-secret"}})
	in := &iam.SimulateCustomPolicyInput{PolicyInputList: []string{allowS3}, ActionNames: []string{"s3:GetObject"}}
	tests := []struct {
		name, key, secret string
		code              string
	}{
		{"good-signature", "AKIASEKISHOTEST00001", "the-secret", ""},
		{"wrong-secret", "AKIASEKISHOTEST00001", "not-the-secret", "SignatureDoesNotMatch"},
		{"unknown-key", "AKIAUNKNOWN000000000", "the-secret", "SignatureDoesNotMatch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, err := client(ts.URL, tt.key, tt.secret).SimulateCustomPolicy(ctx(t), in)
			if tt.code == "" {
				if err != nil || out.EvaluationResults[0].EvalDecision != types.PolicyEvaluationDecisionTypeAllowed {
					t.Fatalf("got %v, %v", out, err)
				}
				return
			}
			var ae smithy.APIError
			if !errors.As(err, &ae) || ae.ErrorCode() != tt.code {
				t.Fatalf("got %v, want %s", err, tt.code)
			}
		})
	}
	// An unsigned request is refused when keys are configured.
	resp, err := http.Post(ts.URL, "application/x-www-form-urlencoded", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("unsigned request: status %d, want 401", resp.StatusCode)
	}
}
