package synth

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
)

// GenerateAWSCLI returns a synthetic organization as the files `sekisho
// collect` writes: AWS CLI output, one file per call, in the layout of
// docs/collect-layout.md (organizations/..., accounts/ID/global/...,
// accounts/ID/REGION/...). It holds what an organization-wide question
// meets in a real one: an OU tree whose OUs attach a region lock and an
// instance-credentials pin, roles with the AWS managed policies
// ReadOnlyAccess, PowerUserAccess and AdministratorAccess (resolved from
// the built-in set), cross-account trusts from a tooling account, buckets
// with bucket policies, VPCs with endpoints, an internet gateway and
// instances. The same Config gives the same bytes.
func GenerateAWSCLI(cfg Config) map[string][]byte {
	cfg = cfg.withDefaults()
	g := &gen{cfg: cfg, rnd: rand.New(rand.NewPCG(cfg.Seed, 0xc11))}
	g.makeOUs()
	files := map[string][]byte{}
	put := func(name string, v any) { files[name] = cliJSON(v) }
	g.organizationsCLI(put)
	for i := 0; i < cfg.Accounts; i++ {
		g.accountCLI(i, put)
	}
	put("manifest.json", obj{"version": 1, "collector": "sekisho synth", "accounts": g.accountIDs(), "regions": []string{"ap-northeast-1"},
		"denied": []any{}, "failed": []any{}})
	return files
}

// WriteAWSCLI writes the files of GenerateAWSCLI(cfg) under dir.
func WriteAWSCLI(dir string, cfg Config) error {
	files := GenerateAWSCLI(cfg)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// cliJSON indents with four spaces, as the AWS CLI prints.
func cliJSON(v any) []byte {
	b, err := json.MarshalIndent(v, "", "    ")
	if err != nil {
		panic(err)
	}
	return append(b, '\n')
}

// policyString is a policy document as the AWS CLI prints it inside
// another answer (describe-policy Content, get-bucket-policy Policy).
func policyString(d obj) string {
	b, err := json.Marshal(d)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func (g *gen) accountIDs() []string {
	ids := []string{ManagementAccount}
	for i := 0; i < g.cfg.Accounts; i++ {
		ids = append(ids, AccountID(i))
	}
	return ids
}

const rootID = "r-syn0"

func orgARN(kind, id string) string {
	return fmt.Sprintf("arn:aws:organizations::%s:%s/%s/%s", ManagementAccount, kind, OrgID, id)
}

var policyTypes = []any{
	obj{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"},
	obj{"Type": "RESOURCE_CONTROL_POLICY", "Status": "ENABLED"},
}

// organizationsCLI writes the Organizations answers: the organization,
// root, OU tree, accounts per parent, policies and their targets. Each OU
// attaches the region lock or the instance-credentials pin (or both).
func (g *gen) organizationsCLI(put func(string, any)) {
	put("organizations/describe-organization.json", obj{"Organization": obj{
		"Id": OrgID, "Arn": fmt.Sprintf("arn:aws:organizations::%s:organization/%s", ManagementAccount, OrgID), "FeatureSet": "ALL",
		"MasterAccountArn": orgARN("account", ManagementAccount), "MasterAccountId": ManagementAccount,
		"MasterAccountEmail": "management@example.com", "AvailablePolicyTypes": policyTypes}})
	put("organizations/list-roots.json", obj{"Roots": []any{obj{"Id": rootID, "Arn": orgARN("root", rootID), "Name": "Root", "PolicyTypes": policyTypes}}})
	children := map[string][]any{rootID: {}}
	accounts := map[string][]any{rootID: {g.accountEntry(ManagementAccount, "management")}}
	for _, o := range g.ous {
		parent := rootID
		if o.parent >= 0 {
			parent = g.ous[o.parent].id
		}
		children[parent] = append(children[parent], obj{"Id": o.id, "Arn": orgARN("ou", o.id), "Name": o.name})
		if children[o.id] == nil {
			children[o.id] = []any{}
		}
		accounts[o.id] = []any{}
	}
	for i := 0; i < g.cfg.Accounts; i++ {
		parent := rootID
		if len(g.ous) > 0 {
			parent = g.ous[i%len(g.ous)].id
		}
		accounts[parent] = append(accounts[parent], g.accountEntry(AccountID(i), fmt.Sprintf("account-%d", i)))
	}
	for parent, kids := range children {
		put("organizations/ous-for-parent."+parent+".json", obj{"OrganizationalUnits": nonNil(kids)})
	}
	for parent, accts := range accounts {
		put("organizations/accounts-for-parent."+parent+".json", obj{"Accounts": nonNil(accts)})
	}
	g.orgPoliciesCLI(put)
}

func nonNil(xs []any) []any {
	if xs == nil {
		return []any{}
	}
	return xs
}

func (g *gen) accountEntry(id, name string) obj {
	return obj{"Id": id, "Arn": orgARN("account", id), "Email": name + "@example.com", "Name": name, "Status": "ACTIVE",
		"JoinedMethod": "CREATED", "JoinedTimestamp": "2024-01-01T00:00:00+00:00"}
}

// orgPoliciesCLI lists the SCPs and RCPs with their contents and targets.
func (g *gen) orgPoliciesCLI(put func(string, any)) {
	type target struct{ id, arn, name, kind string }
	targets := map[string][]target{
		"FullAWSAccess":           {{rootID, orgARN("root", rootID), "Root", "ROOT"}},
		"deny-leave-organization": {{rootID, orgARN("root", rootID), "Root", "ROOT"}},
		"s3-org-principals-only":  {{rootID, orgARN("root", rootID), "Root", "ROOT"}},
	}
	for i, o := range g.ous {
		for _, name := range g.ouSCPs(i) {
			targets[name] = append(targets[name], target{o.id, orgARN("ou", o.id), o.name, "ORGANIZATIONAL_UNIT"})
		}
	}
	for _, id := range g.accountIDs() {
		targets["FullAWSAccess"] = append(targets["FullAWSAccess"], target{id, orgARN("account", id), id, "ACCOUNT"})
	}
	full := obj{"Id": "p-FullAWSAccess", "Arn": "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess",
		"Name": "FullAWSAccess", "Description": "Allows access to every operation", "Type": "SERVICE_CONTROL_POLICY", "AwsManaged": true}
	scps, rcps := []any{full}, []any{}
	put("organizations/describe-policy.p-FullAWSAccess.json", obj{"Policy": obj{"PolicySummary": full,
		"Content": policyString(doc(obj{"Effect": "Allow", "Action": "*", "Resource": "*"}))}})
	for _, p := range orgPolicies() {
		p := p.(obj)
		name, typ := p["name"].(string), "SERVICE_CONTROL_POLICY"
		if p["type"] == "rcp" {
			typ = "RESOURCE_CONTROL_POLICY"
		}
		id := "p-" + name
		summary := obj{"Id": id, "Arn": fmt.Sprintf("arn:aws:organizations::%s:policy/%s/%s/%s", ManagementAccount, OrgID, lowerType(typ), id),
			"Name": name, "Description": name, "Type": typ, "AwsManaged": false}
		if typ == "SERVICE_CONTROL_POLICY" {
			scps = append(scps, summary)
		} else {
			rcps = append(rcps, summary)
		}
		put("organizations/describe-policy."+id+".json", obj{"Policy": obj{"PolicySummary": summary, "Content": policyString(p["document"].(obj))}})
	}
	put("organizations/list-policies.SERVICE_CONTROL_POLICY.json", obj{"Policies": scps})
	put("organizations/list-policies.RESOURCE_CONTROL_POLICY.json", obj{"Policies": rcps})
	for name, ts := range targets {
		var list []any
		for _, t := range ts {
			list = append(list, obj{"TargetId": t.id, "Arn": t.arn, "Name": t.name, "Type": t.kind})
		}
		put("organizations/targets-for-policy.p-"+name+".json", obj{"Targets": list})
	}
}

func lowerType(t string) string {
	if t == "SERVICE_CONTROL_POLICY" {
		return "service_control_policy"
	}
	return "resource_control_policy"
}

// The AWS managed policies the synthetic roles attach; their documents
// are Sekisho's built-in copies of AWS's.
var cliManaged = []string{
	"arn:aws:iam::aws:policy/ReadOnlyAccess",
	"arn:aws:iam::aws:policy/PowerUserAccess",
	"arn:aws:iam::aws:policy/AdministratorAccess",
}

const created = "2024-01-01T00:00:00+00:00"

// accountCLI writes one member account: its IAM (authorization details),
// its buckets and their policies, and its network.
func (g *gen) accountCLI(i int, put func(string, any)) {
	id := AccountID(i)
	base := "accounts/" + id + "/"
	var roles []any
	for r := 0; r < g.cfg.RolesPerAccount; r++ {
		roles = append(roles, g.roleCLI(i, id, r))
	}
	var users []any
	for u := 0; u < g.cfg.UsersPerAccount; u++ {
		users = append(users, obj{"Path": "/", "UserName": fmt.Sprintf("user-%d", u), "UserId": fmt.Sprintf("AIDA%s%04d", id, u),
			"Arn": fmt.Sprintf("arn:aws:iam::%s:user/user-%d", id, u), "CreateDate": created, "UserPolicyList": []any{},
			"GroupList": []string{"developers"}, "AttachedManagedPolicies": []any{}, "Tags": []any{obj{"Key": "team", "Value": fmt.Sprintf("team-%d", u%7)}}})
	}
	groups := []any{obj{"Path": "/", "GroupName": "developers", "GroupId": "AGPA" + id + "DEVS", "Arn": "arn:aws:iam::" + id + ":group/developers",
		"CreateDate": created, "GroupPolicyList": []any{},
		"AttachedManagedPolicies": []any{obj{"PolicyName": "ReadOnlyAccess", "PolicyArn": cliManaged[0]}}}}
	put(base+"global/iam.get-account-authorization-details.json", obj{"UserDetailList": nonNil(users), "GroupDetailList": groups,
		"RoleDetailList": nonNil(roles), "Policies": []any{}})
	var buckets []any
	for b := 0; b < g.cfg.BucketsPerAccount; b++ {
		name := bucketName(id, b)
		buckets = append(buckets, obj{"Name": name, "CreationDate": created, "BucketRegion": "ap-northeast-1"})
		put(base+"ap-northeast-1/s3api.get-bucket-policy."+name+".json", obj{"Policy": policyString(g.bucketPolicyCLI(name))})
	}
	put(base+"global/s3api.list-buckets.json", obj{"Buckets": nonNil(buckets), "Owner": obj{"ID": "synth" + id}})
	g.networkCLI(i, id, base+"ap-northeast-1/", put)
}

// roleCLI: instance roles (ReadOnlyAccess), developer roles trusting the
// account root with MFA (PowerUserAccess), administrator roles trusting the
// tooling account's deployer (AdministratorAccess, cross-account).
func (g *gen) roleCLI(i int, acct string, r int) obj {
	var name string
	var trust obj
	var managed string
	switch r % 3 {
	case 0:
		name, managed = fmt.Sprintf("app-%d", r), cliManaged[0]
		trust = doc(obj{"Effect": "Allow", "Principal": obj{"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"})
	case 1:
		name, managed = fmt.Sprintf("developer-%d", r), cliManaged[1]
		trust = doc(obj{"Effect": "Allow", "Principal": obj{"AWS": "arn:aws:iam::" + acct + ":root"}, "Action": "sts:AssumeRole",
			"Condition": obj{"Bool": obj{"aws:MultiFactorAuthPresent": "true"}}})
	default:
		name, managed = fmt.Sprintf("admin-%d", r), cliManaged[2]
		trust = doc(obj{"Effect": "Allow", "Principal": obj{"AWS": "arn:aws:iam::" + AccountID(0) + ":role/app-0"}, "Action": "sts:AssumeRole"})
	}
	roleARN := fmt.Sprintf("arn:aws:iam::%s:role/%s", acct, name)
	role := obj{"Path": "/", "RoleName": name, "RoleId": fmt.Sprintf("AROA%s%04d", acct, r), "Arn": roleARN, "CreateDate": created,
		"AssumeRolePolicyDocument": trust, "InstanceProfileList": []any{}, "RolePolicyList": []any{},
		"AttachedManagedPolicies": []any{obj{"PolicyName": managedName(managed), "PolicyArn": managed}},
		"Tags":                    []any{obj{"Key": "team", "Value": fmt.Sprintf("team-%d", g.rnd.IntN(7))}}}
	if r == 0 {
		role["InstanceProfileList"] = []any{obj{"Path": "/", "InstanceProfileName": "app-profile", "InstanceProfileId": "AIPA" + acct + "APP",
			"Arn": "arn:aws:iam::" + acct + ":instance-profile/app-profile", "CreateDate": created,
			"Roles": []any{obj{"Path": "/", "RoleName": name, "RoleId": fmt.Sprintf("AROA%s%04d", acct, r), "Arn": roleARN,
				"CreateDate": created, "AssumeRolePolicyDocument": trust}}}}
		if i == 0 {
			// the tooling account's instance role reaches every account's administrators
			role["RolePolicyList"] = []any{obj{"PolicyName": "assume-admins", "PolicyDocument": doc(
				obj{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::*:role/admin-*"})}}
		}
	}
	return role
}

func managedName(arn string) string { return arn[len("arn:aws:iam::aws:policy/"):] }

func (g *gen) bucketPolicyCLI(name string) obj {
	res := []string{"arn:aws:s3:::" + name, "arn:aws:s3:::" + name + "/*"}
	d := doc(
		obj{"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": res,
			"Condition": obj{"Bool": obj{"aws:SecureTransport": "false"}}},
		obj{"Sid": "OrgRead", "Effect": "Allow", "Principal": "*", "Action": []string{"s3:GetObject", "s3:ListBucket"}, "Resource": res,
			"Condition": obj{"StringEquals": obj{"aws:PrincipalOrgID": OrgID}}})
	if g.rnd.IntN(10) == 0 {
		// a partner account outside the organization may write
		d["Statement"] = append(d["Statement"].([]any), obj{"Sid": "PartnerWrite", "Effect": "Allow",
			"Principal": obj{"AWS": "arn:aws:iam::999999999999:root"}, "Action": "s3:PutObject", "Resource": res[1]})
	}
	return d
}

// networkCLI: one VPC with an internet gateway, an S3 gateway endpoint
// limited to the organization's principals, and instances (half of them
// allowing IMDSv1).
func (g *gen) networkCLI(i int, acct, dir string, put func(string, any)) {
	vpc := vpcID(i)
	put(dir+"ec2.describe-vpcs.json", obj{"Vpcs": []any{obj{"VpcId": vpc, "OwnerId": acct, "CidrBlock": fmt.Sprintf("10.%d.0.0/16", i%250), "State": "available"}}})
	put(dir+"ec2.describe-internet-gateways.json", obj{"InternetGateways": []any{obj{"InternetGatewayId": fmt.Sprintf("igw-%017x", i+1), "OwnerId": acct,
		"Attachments": []any{obj{"State": "available", "VpcId": vpc}}}}})
	put(dir+"ec2.describe-vpc-endpoints.json", obj{"VpcEndpoints": []any{obj{
		"VpcEndpointId": fmt.Sprintf("vpce-s3%014x", i+1), "VpcEndpointType": "Gateway", "VpcId": vpc,
		"ServiceName": "com.amazonaws.ap-northeast-1.s3", "State": "available", "OwnerId": acct,
		"PolicyDocument": policyString(doc(obj{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*",
			"Condition": obj{"StringEquals": obj{"aws:PrincipalOrgID": OrgID}}}))}}})
	var instances []any
	for n := 0; n < g.cfg.InstancesPerVPC; n++ {
		tokens := "required"
		if n%2 == 1 {
			tokens = "optional"
		}
		instances = append(instances, obj{"InstanceId": InstanceID(i, n), "InstanceType": "t3.micro", "VpcId": vpc,
			"SubnetId": fmt.Sprintf("subnet-%017x", i+1), "PrivateIpAddress": fmt.Sprintf("10.%d.%d.%d", i%250, n/250, n%250+4),
			"State": obj{"Code": 16, "Name": "running"}, "Placement": obj{"AvailabilityZone": "ap-northeast-1a"},
			"MetadataOptions":    obj{"State": "applied", "HttpTokens": tokens, "HttpPutResponseHopLimit": 2, "HttpEndpoint": "enabled"},
			"IamInstanceProfile": obj{"Arn": "arn:aws:iam::" + acct + ":instance-profile/app-profile", "Id": "AIPA" + acct + "APP"}})
	}
	put(dir+"ec2.describe-instances.json", obj{"Reservations": []any{obj{"ReservationId": fmt.Sprintf("r-%017x", i+1), "OwnerId": acct,
		"Groups": []any{}, "Instances": nonNil(instances)}}})
}
