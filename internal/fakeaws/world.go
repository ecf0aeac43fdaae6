package fakeaws

import (
	"encoding/json"
	"fmt"
	"strings"
)

// World is the organization the fake serves, in the AWS CLI's output
// shapes (decoded JSON: map[string]any, []any, string, float64, bool).
type World struct {
	Management string
	Org        map[string]any            // describe-organization's Organization; nil: not in an organization
	Roots      []any                     // list-roots
	OUs        map[string][]any          // parent id → its OUs
	Children   map[string][]any          // parent id → its accounts
	Policies   map[string][]any          // policy type → summaries
	Policy     map[string]map[string]any // policy id → describe-policy's Policy
	Targets    map[string][]any          // policy id → targets
	Delegated  []any
	Accounts   map[string]*Account
}

// Account is one account's resources.
type Account struct {
	ID               string
	Tags             []any
	GAAD             map[string]any            // get-account-authorization-details, all pages merged
	OIDC             map[string]map[string]any // provider ARN → get-open-id-connect-provider
	SAML             []any
	InstanceProfiles []any
	PAB              map[string]any // account Block Public Access; nil: none
	Buckets          []*Bucket
	Regions          map[string]*Region
}

// Bucket is one S3 bucket.
type Bucket struct {
	Name, Region, Policy, Ownership string
	PAB                             map[string]any
}

// Region is an account's resources in one Region. A Policy "" means the
// resource has none.
type Region struct {
	EC2            map[string][]any // "Vpcs", "Subnets", ... → the describe call's list
	AccessPoints   []*AccessPoint
	Keys           []*Named // KMS keys by id; Extra holds the grants
	Queues         []*Named
	Topics         []*Named
	Functions      []*Named
	Layers         []*Named // Name is the layer, Version its latest version
	Secrets        []*Named
	Repos          []*Named
	RegistryPolicy string
	Tables         []*Named // Extra holds the stream's policy; Version 1 means the table has a stream
	Buses          []*Named // EventBridge event buses
	RestAPIs       []*Named // API Gateway REST APIs: Name is the API id, Extra its name
	FileSystems    []*Named // EFS file systems by id
	Domains        []*Named // OpenSearch domains
	BackupVaults   []*Named
	GlacierVaults  []*Named
	Streams        []*Named // Kinesis data streams; Sub are the stream's consumers
	CatalogPolicy  string   // the Glue Data Catalog's resource policy
}

// Named is a resource with a name and a resource policy.
type Named struct {
	Name, Policy, Extra string
	Version             int
	// Sub are a layer's older versions (Version, Policy), a function's
	// published versions (Version, Policy) and aliases (Name, the Version
	// they point to, Policy), or a stream's consumers (Name, Policy).
	Sub []*Named
}

// AccessPoint is one S3 access point.
type AccessPoint struct {
	Name, Bucket, Policy string
}

// Regions are the Regions of the sample organizations.
var Regions = []string{"ap-northeast-1", "us-east-1"}

// J decodes a JSON literal, for building worlds.
func J(s string) any {
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		panic(fmt.Sprintf("fakeaws: bad JSON literal: %v\n%s", err, s))
	}
	return v
}

func jm(s string) map[string]any { return J(s).(map[string]any) }
func jl(s string) []any          { return J(s).([]any) }

// fill puts an account and Region into a template; SFX makes EC2 ids
// unique to the account and Region, as EC2's are.
func fill(s, account, region string) string {
	sfx := account
	for i, r := range Regions {
		if r == region {
			sfx = fmt.Sprintf("%s%d", account, i)
		}
	}
	return strings.NewReplacer("ACCT", account, "REGION", region, "SFX", sfx).Replace(s)
}

// SampleOrg is an organization of n accounts (the first is the management
// account, 111111111111) in an OU tree root → Workloads → Prod, each
// account with one of every resource the fake serves, in both Regions.
func SampleOrg(n int) *World {
	const mgmt = "111111111111"
	w := &World{
		Management: mgmt,
		Org: jm(`{"Id": "o-fake12345", "Arn": "arn:aws:organizations::111111111111:organization/o-fake12345",
			"FeatureSet": "ALL", "MasterAccountArn": "arn:aws:organizations::111111111111:account/o-fake12345/111111111111",
			"MasterAccountId": "111111111111", "MasterAccountEmail": "mgmt@example.com"}`),
		Roots: jl(`[{"Id": "r-fake", "Arn": "arn:aws:organizations::111111111111:root/o-fake12345/r-fake", "Name": "Root",
			"PolicyTypes": [{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}, {"Type": "RESOURCE_CONTROL_POLICY", "Status": "ENABLED"}]}]`),
		OUs: map[string][]any{
			"r-fake":            jl(`[{"Id": "ou-fake-workloads", "Arn": "arn:aws:organizations::111111111111:ou/o-fake12345/ou-fake-workloads", "Name": "Workloads"}]`),
			"ou-fake-workloads": jl(`[{"Id": "ou-fake-prod", "Arn": "arn:aws:organizations::111111111111:ou/o-fake12345/ou-fake-prod", "Name": "Prod"}]`),
		},
		Children: map[string][]any{},
		Policies: map[string][]any{
			"SERVICE_CONTROL_POLICY": jl(`[
				{"Id": "p-FullAWSAccess", "Arn": "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess", "Name": "FullAWSAccess", "Description": "Allows access to every operation", "Type": "SERVICE_CONTROL_POLICY", "AwsManaged": true},
				{"Id": "p-fakedenyleave", "Arn": "arn:aws:organizations::111111111111:policy/o-fake12345/service_control_policy/p-fakedenyleave", "Name": "DenyLeave", "Description": "", "Type": "SERVICE_CONTROL_POLICY", "AwsManaged": false}]`),
			"RESOURCE_CONTROL_POLICY": jl(`[
				{"Id": "p-RCPFullAWSAccess", "Arn": "arn:aws:organizations::aws:policy/resource_control_policy/p-RCPFullAWSAccess", "Name": "RCPFullAWSAccess", "Description": "Allows access to every operation", "Type": "RESOURCE_CONTROL_POLICY", "AwsManaged": true}]`),
		},
		Policy:    map[string]map[string]any{},
		Targets:   map[string][]any{},
		Delegated: jl(`[]`),
		Accounts:  map[string]*Account{},
	}
	for _, s := range w.Policies["SERVICE_CONTROL_POLICY"] {
		w.addPolicy(s.(map[string]any))
	}
	for _, s := range w.Policies["RESOURCE_CONTROL_POLICY"] {
		w.addPolicy(s.(map[string]any))
	}
	w.Targets["p-fakedenyleave"] = jl(`[{"TargetId": "ou-fake-workloads", "Arn": "arn:aws:organizations::111111111111:ou/o-fake12345/ou-fake-workloads", "Name": "Workloads", "Type": "ORGANIZATIONAL_UNIT"}]`)
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("%012d", 111111111111*(1+int64(i)%9)+int64(i/9))
		if i == 0 {
			id = mgmt
		}
		parent := []string{"r-fake", "ou-fake-workloads", "ou-fake-prod"}[i%3]
		w.Children[parent] = append(w.Children[parent], jm(fill(`{"Id": "ACCT", "Arn": "arn:aws:organizations::111111111111:account/o-fake12345/ACCT",
			"Email": "ACCT@example.com", "Name": "account-ACCT", "Status": "ACTIVE", "State": "ACTIVE", "JoinedMethod": "CREATED"}`, id, "")))
		w.Accounts[id] = SampleAccount(id)
	}
	// AWS keeps FullAWSAccess (and RCPFullAWSAccess) attached to the root,
	// every OU and every account until someone detaches it.
	full := jl(`[{"TargetId": "r-fake", "Arn": "arn:aws:organizations::111111111111:root/o-fake12345/r-fake", "Name": "Root", "Type": "ROOT"},
		{"TargetId": "ou-fake-workloads", "Arn": "arn:aws:organizations::111111111111:ou/o-fake12345/ou-fake-workloads", "Name": "Workloads", "Type": "ORGANIZATIONAL_UNIT"},
		{"TargetId": "ou-fake-prod", "Arn": "arn:aws:organizations::111111111111:ou/o-fake12345/ou-fake-prod", "Name": "Prod", "Type": "ORGANIZATIONAL_UNIT"}]`)
	for _, parent := range []string{"r-fake", "ou-fake-workloads", "ou-fake-prod"} {
		for _, a := range w.Children[parent] {
			acct := a.(map[string]any)
			full = append(full, map[string]any{"TargetId": acct["Id"], "Arn": acct["Arn"], "Name": acct["Name"], "Type": "ACCOUNT"})
		}
	}
	w.Targets["p-FullAWSAccess"] = full
	w.Targets["p-RCPFullAWSAccess"] = full
	return w
}

func (w *World) addPolicy(summary map[string]any) {
	content := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	if summary["Id"] == "p-fakedenyleave" {
		content = `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}`
	}
	w.Policy[summary["Id"].(string)] = map[string]any{"PolicySummary": summary, "Content": content}
}

// SampleAccount is one account with one of every resource type.
func SampleAccount(id string) *Account {
	a := &Account{
		ID:   id,
		Tags: jl(`[{"Key": "team", "Value": "platform"}]`),
		GAAD: jm(fill(`{
			"UserDetailList": [{"Path": "/", "UserName": "alice", "UserId": "AIDAFAKEALICE", "Arn": "arn:aws:iam::ACCT:user/alice",
				"CreateDate": "2024-04-01T09:00:00+00:00", "GroupList": ["admins"], "AttachedManagedPolicies": [],
				"UserPolicyList": [{"PolicyName": "deny-outside-tokyo", "PolicyDocument": {"Version": "2012-10-17",
					"Statement": [{"Effect": "Deny", "Action": "ec2:Run*", "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": "ap-northeast-1"}}}]}}],
				"Tags": [{"Key": "team", "Value": "platform"}]}],
			"GroupDetailList": [{"Path": "/", "GroupName": "admins", "GroupId": "AGPAFAKEADMINS", "Arn": "arn:aws:iam::ACCT:group/admins",
				"CreateDate": "2024-04-01T09:00:00+00:00", "GroupPolicyList": [],
				"AttachedManagedPolicies": [{"PolicyName": "AdministratorAccess", "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}]}],
			"RoleDetailList": [{"Path": "/", "RoleName": "app", "RoleId": "AROAFAKEAPP", "Arn": "arn:aws:iam::ACCT:role/app",
				"CreateDate": "2024-04-01T09:00:00+00:00",
				"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
				"InstanceProfileList": [{"Path": "/", "InstanceProfileName": "app", "InstanceProfileId": "AIPAFAKEAPP",
					"Arn": "arn:aws:iam::ACCT:instance-profile/app", "CreateDate": "2024-04-01T09:00:00+00:00", "Roles": []}],
				"RolePolicyList": [],
				"AttachedManagedPolicies": [{"PolicyName": "app-s3", "PolicyArn": "arn:aws:iam::ACCT:policy/app-s3"}],
				"Tags": []}],
			"Policies": [{"PolicyName": "app-s3", "PolicyId": "ANPAFAKEAPPS3", "Arn": "arn:aws:iam::ACCT:policy/app-s3", "Path": "/",
				"DefaultVersionId": "v2", "AttachmentCount": 1, "PermissionsBoundaryUsageCount": 0, "IsAttachable": true,
				"CreateDate": "2024-04-01T09:00:00+00:00", "UpdateDate": "2024-05-01T09:00:00+00:00",
				"PolicyVersionList": [
					{"Document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::data-ACCT/*"}]},
					 "VersionId": "v2", "IsDefaultVersion": true, "CreateDate": "2024-05-01T09:00:00+00:00"},
					{"Document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]},
					 "VersionId": "v1", "IsDefaultVersion": false, "CreateDate": "2024-04-01T09:00:00+00:00"}]}]}`, id, "")),
		OIDC: map[string]map[string]any{
			fill("arn:aws:iam::ACCT:oidc-provider/token.actions.githubusercontent.com", id, ""): jm(`{"Url": "token.actions.githubusercontent.com",
				"ClientIDList": ["sts.amazonaws.com"], "ThumbprintList": ["6938fd4d98bab03faadb97b34396831e3780aea1"],
				"CreateDate": "2024-04-01T09:00:00+00:00", "Tags": []}`),
		},
		SAML: jl(fill(`[{"Arn": "arn:aws:iam::ACCT:saml-provider/corp", "ValidUntil": "2030-01-01T00:00:00+00:00", "CreateDate": "2024-04-01T09:00:00+00:00"}]`, id, "")),
		InstanceProfiles: jl(fill(`[{"Path": "/", "InstanceProfileName": "app", "InstanceProfileId": "AIPAFAKEAPP",
			"Arn": "arn:aws:iam::ACCT:instance-profile/app", "CreateDate": "2024-04-01T09:00:00+00:00",
			"Roles": [{"Path": "/", "RoleName": "app", "RoleId": "AROAFAKEAPP", "Arn": "arn:aws:iam::ACCT:role/app", "CreateDate": "2024-04-01T09:00:00+00:00",
				"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}]}]`, id, "")),
		PAB: jm(`{"BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": true, "RestrictPublicBuckets": true}`),
		Buckets: []*Bucket{
			{Name: "data-" + id, Region: "ap-northeast-1", Ownership: "BucketOwnerEnforced",
				Policy: fill(`{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecure","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::data-ACCT","arn:aws:s3:::data-ACCT/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`, id, ""),
				PAB:    jm(`{"BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": true, "RestrictPublicBuckets": true}`)},
			{Name: "logs-" + id, Region: "us-east-1"}, // no policy, no Block Public Access, no ownership controls
		},
		Regions: map[string]*Region{},
	}
	for _, r := range Regions {
		a.Regions[r] = SampleRegion(id, r)
	}
	return a
}

// SampleRegion is one Region's network and instances: a VPC with a
// subnet, a route table routing it to an S3 gateway endpoint and an
// internet gateway, and an instance requiring IMDSv2.
func SampleRegion(account, region string) *Region {
	ec2 := map[string][]any{
		"Vpcs": jl(fill(`[{"CidrBlock": "10.0.0.0/16", "DhcpOptionsId": "dopt-SFX", "State": "available", "VpcId": "vpc-SFX1",
			"OwnerId": "ACCT", "InstanceTenancy": "default", "IsDefault": false,
			"CidrBlockAssociationSet": [{"AssociationId": "vpc-cidr-assoc-SFX", "CidrBlock": "10.0.0.0/16", "CidrBlockState": {"State": "associated"}}],
			"Tags": [{"Key": "Name", "Value": "app"}]}]`, account, region)),
		"Subnets": jl(fill(`[{"AvailabilityZone": "REGIONa", "AvailableIpAddressCount": 251, "CidrBlock": "10.0.1.0/24",
			"MapPublicIpOnLaunch": false, "State": "available", "SubnetId": "subnet-SFX1", "VpcId": "vpc-SFX1", "OwnerId": "ACCT",
			"SubnetArn": "arn:aws:ec2:REGION:ACCT:subnet/subnet-SFX1"}]`, account, region)),
		"RouteTables": jl(fill(`[{"RouteTableId": "rtb-SFX1", "VpcId": "vpc-SFX1", "OwnerId": "ACCT",
			"Associations": [{"Main": false, "RouteTableAssociationId": "rtbassoc-SFX1", "RouteTableId": "rtb-SFX1", "SubnetId": "subnet-SFX1",
				"AssociationState": {"State": "associated"}}],
			"Routes": [{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"},
				{"DestinationPrefixListId": "pl-61a54008", "GatewayId": "vpce-SFX1", "Origin": "CreateRoute", "State": "active"},
				{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-SFX1", "Origin": "CreateRoute", "State": "active"}]}]`, account, region)),
		"InternetGateways": jl(fill(`[{"InternetGatewayId": "igw-SFX1", "OwnerId": "ACCT", "Attachments": [{"State": "available", "VpcId": "vpc-SFX1"}]}]`, account, region)),
		"VpcEndpoints": jl(fill(`[{"VpcEndpointId": "vpce-SFX1", "VpcEndpointType": "Gateway", "VpcId": "vpc-SFX1",
			"ServiceName": "com.amazonaws.REGION.s3", "State": "available",
			"PolicyDocument": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalAccount\":\"ACCT\"}}}]}",
			"RouteTableIds": ["rtb-SFX1"], "PrivateDnsEnabled": false, "OwnerId": "ACCT"}]`, account, region)),
		"Reservations": jl(fill(`[{"ReservationId": "r-SFX1", "OwnerId": "ACCT", "Groups": [], "Instances": [{
			"InstanceId": "i-SFX1", "ImageId": "ami-fake", "InstanceType": "t3.micro", "LaunchTime": "2024-04-01T09:00:00+00:00",
			"State": {"Code": 16, "Name": "running"}, "PrivateIpAddress": "10.0.1.10", "SubnetId": "subnet-SFX1", "VpcId": "vpc-SFX1",
			"Placement": {"AvailabilityZone": "REGIONa", "Tenancy": "default"},
			"IamInstanceProfile": {"Arn": "arn:aws:iam::ACCT:instance-profile/app", "Id": "AIPAFAKEAPP"},
			"MetadataOptions": {"State": "applied", "HttpTokens": "required", "HttpPutResponseHopLimit": 1, "HttpEndpoint": "enabled",
				"HttpProtocolIpv6": "disabled", "InstanceMetadataTags": "disabled"},
			"Tags": [{"Key": "Name", "Value": "app"}]}]},
			{"ReservationId": "r-SFX2", "OwnerId": "ACCT", "Groups": [], "Instances": [{
			"InstanceId": "i-SFX2", "ImageId": "ami-fake", "InstanceType": "t3.micro", "LaunchTime": "2024-04-01T09:00:00+00:00",
			"State": {"Code": 16, "Name": "running"}, "PrivateIpAddress": "10.0.1.11", "SubnetId": "subnet-SFX1", "VpcId": "vpc-SFX1",
			"Placement": {"AvailabilityZone": "REGIONa", "Tenancy": "default"},
			"MetadataOptions": {"State": "applied", "HttpTokens": "optional", "HttpPutResponseHopLimit": 2, "HttpEndpoint": "enabled",
				"HttpProtocolIpv6": "disabled", "InstanceMetadataTags": "disabled"}}]}]`, account, region)),
	}
	pol := func(action, arn string) string {
		return fill(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::ACCT:role/app"},"Action":"`+action+`","Resource":"`+arn+`"}]}`, account, region)
	}
	return &Region{EC2: ec2,
		Keys:   []*Named{{Name: fill("key-SFX", account, region), Policy: pol("kms:*", "*")}},
		Queues: []*Named{{Name: "jobs", Policy: pol("sqs:SendMessage", "arn:aws:sqs:REGION:ACCT:jobs")}, {Name: "private"}},
		Topics: []*Named{{Name: "alerts", Policy: pol("sns:Publish", "arn:aws:sns:REGION:ACCT:alerts")}},
		Functions: []*Named{{Name: "handler", Policy: pol("lambda:InvokeFunction", "arn:aws:lambda:REGION:ACCT:function:handler"),
			Sub: []*Named{{Version: 1}, {Version: 2, Policy: pol("lambda:InvokeFunction", "arn:aws:lambda:REGION:ACCT:function:handler:2")},
				{Name: "live", Version: 2, Policy: pol("lambda:InvokeFunction", "arn:aws:lambda:REGION:ACCT:function:handler:live")}}},
			{Name: "internal"}},
		Layers: []*Named{{Name: "shared", Version: 3, Policy: pol("lambda:GetLayerVersion", "arn:aws:lambda:REGION:ACCT:layer:shared:3"),
			Sub: []*Named{{Version: 2, Policy: pol("lambda:GetLayerVersion", "arn:aws:lambda:REGION:ACCT:layer:shared:2")}, {Version: 1}}}},
		Secrets:        []*Named{{Name: "db/password", Policy: pol("secretsmanager:GetSecretValue", "*")}, {Name: "api-key"}},
		Repos:          []*Named{{Name: "team/app", Policy: pol("ecr:BatchGetImage", "*")}, {Name: "base"}},
		RegistryPolicy: pol("ecr:ReplicateImage", "arn:aws:ecr:REGION:ACCT:repository/*"),
		Tables: []*Named{{Name: "orders", Version: 1, Policy: pol("dynamodb:GetItem", "arn:aws:dynamodb:REGION:ACCT:table/orders"),
			Extra: pol("dynamodb:GetRecords", "arn:aws:dynamodb:REGION:ACCT:table/orders/stream/*")}, {Name: "sessions"}},
		Buses: []*Named{{Name: "default", Policy: pol("events:PutEvents", "arn:aws:events:REGION:ACCT:event-bus/default")}, {Name: "audit"}},
		RestAPIs: []*Named{{Name: "a1b2c3d4e5", Extra: "orders-api", Policy: pol("execute-api:Invoke", "arn:aws:execute-api:REGION:ACCT:a1b2c3d4e5/*")},
			{Name: "f6g7h8i9j0", Extra: "internal-api"}},
		FileSystems: []*Named{{Name: "fs-0123456789abcdef0", Policy: pol("elasticfilesystem:ClientMount", "arn:aws:elasticfilesystem:REGION:ACCT:file-system/fs-0123456789abcdef0")},
			{Name: "fs-0fedcba9876543210"}},
		Domains:       []*Named{{Name: "search", Policy: pol("es:ESHttpGet", "arn:aws:es:REGION:ACCT:domain/search/*")}, {Name: "logs"}},
		BackupVaults:  []*Named{{Name: "Default", Policy: pol("backup:DescribeBackupVault", "*")}, {Name: "archive"}},
		GlacierVaults: []*Named{{Name: "records", Policy: pol("glacier:InitiateJob", "arn:aws:glacier:REGION:ACCT:vaults/records")}, {Name: "cold"}},
		Streams: []*Named{{Name: "clicks", Policy: pol("kinesis:GetRecords", "arn:aws:kinesis:REGION:ACCT:stream/clicks"),
			Sub: []*Named{{Name: "reader", Policy: pol("kinesis:SubscribeToShard", "arn:aws:kinesis:REGION:ACCT:stream/clicks/consumer/reader:1711962000")}, {Name: "idle"}}},
			{Name: "events"}},
		CatalogPolicy: pol("glue:GetTable", "arn:aws:glue:REGION:ACCT:table/*"),
		AccessPoints: []*AccessPoint{{Name: "ap-" + region, Bucket: "data-" + account,
			Policy: fill(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::ACCT:role/app"},"Action":"s3:GetObject","Resource":"arn:aws:s3:REGION:ACCT:accesspoint/ap-REGION/object/*"}]}`, account, region)}}}
}
