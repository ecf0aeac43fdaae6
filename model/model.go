package model

import (
	"fmt"
	"sort"
	"strings"

	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/policy"
)

// Model is an organization: its accounts with their IAM principals,
// resources and networks. Build one with Load; it is read-only afterwards
// and safe for concurrent use (AWS managed policies are read on demand
// under a lock).
type Model struct {
	Org      *Organization       // nil when the model has no organization
	Accounts map[string]*Account // by account id

	// Managed policies by ARN: customer managed ones and the AWS managed
	// ones the model files carry.
	Managed map[string]*ManagedPolicy

	Resources map[string]*Resource // by ARN (an S3 bucket: arn:aws:s3:::NAME)
	VPCs      map[string]*VPC
	Endpoints map[string]*Endpoint
	Instances map[string]*Instance
	Subnets   map[string]*Subnet

	// Gaps are what a collected model's manifest says was denied or failed.
	Gaps []Gap
}

// Organization is an AWS Organizations organization.
type Organization struct {
	ID                string // o-xxxxxxxxxx
	ManagementAccount string
	Root              *OrgNode
	Nodes             map[string]*OrgNode   // roots and OUs by id
	Policies          map[string]*OrgPolicy // SCPs and RCPs by id
	SCPEnabled        bool                  // the root has the SERVICE_CONTROL_POLICY type enabled
	RCPEnabled        bool                  // likewise RESOURCE_CONTROL_POLICY
	Where             Where
}

// OrgNode is the root or an organizational unit.
type OrgNode struct {
	ID       string
	Name     string
	Parent   *OrgNode // nil for the root
	Children []*OrgNode
	SCPs     []string // attached policy ids, in attachment order
	RCPs     []string
	Where    Where
}

// OrgPolicyType is SCP or RCP.
type OrgPolicyType uint8

// The organization policy types.
const (
	SCPType OrgPolicyType = iota
	RCPType
)

func (t OrgPolicyType) String() string {
	if t == RCPType {
		return "RESOURCE_CONTROL_POLICY"
	}
	return "SERVICE_CONTROL_POLICY"
}

// Short is "SCP" or "RCP".
func (t OrgPolicyType) Short() string {
	if t == RCPType {
		return "RCP"
	}
	return "SCP"
}

// Article is "an SCP" or "an RCP".
func (t OrgPolicyType) Article() string { return "an " + t.Short() }

// OrgPolicy is a service control policy or a resource control policy.
type OrgPolicy struct {
	ID       string
	Name     string
	Type     OrgPolicyType
	ARN      string
	Document *policy.Policy
	Where    Where
}

// Account is one AWS account: its place in the organization and its IAM.
type Account struct {
	ID     string
	Name   string
	Parent string // id of the root or OU it is in; "" when not in the organization
	SCPs   []string
	RCPs   []string
	Tags   map[string]string

	Users            map[string]*User  // by name
	Groups           map[string]*Group // by name
	Roles            map[string]*Role  // by name
	InstanceProfiles map[string]*InstanceProfile

	// PublicAccessBlock is the account-level S3 Block Public Access, nil when unknown.
	PublicAccessBlock *PublicAccessBlock
	// Identity providers (ARNs): recorded, for the trust of web identity and SAML federation.
	OIDCProviders, SAMLProviders []string
	// DelegatedAdmin: the account is a delegated administrator of the organization for some service.
	DelegatedAdmin bool
	// RegistryPolicies are the ECR registry policies by Region: recorded, not evaluated.
	RegistryPolicies map[string]*policy.Policy
	Where            Where
}

// Principal is what users and roles share.
type Principal struct {
	ARN      string
	Name     string
	Path     string
	ID       string // AIDA... / AROA..., when known
	Account  string
	Inline   []*policy.Policy
	Managed  []string // attached managed policy ARNs
	Boundary string   // permissions boundary ARN, "" for none
	Tags     map[string]string
	Where    Where
}

// User is an IAM user.
type User struct {
	Principal
	Groups     []string // group names
	AccessKeys []AccessKey
}

// AccessKey is an IAM user's access key.
type AccessKey struct {
	ID       string
	Inactive bool
}

// Group is an IAM group.
type Group struct {
	ARN     string
	Name    string
	Path    string
	Account string
	Inline  []*policy.Policy
	Managed []string
	Where   Where
}

// Role is an IAM role.
type Role struct {
	Principal
	Trust              *policy.Policy
	MaxSessionDuration int  // seconds; 3600 when not given
	ServiceLinked      bool // under /aws-service-role/: SCPs and RCPs do not apply
}

// InstanceProfile holds at most one role.
type InstanceProfile struct {
	ARN     string
	Name    string
	Path    string
	Account string
	Role    string // role name, "" for an empty profile
	Where   Where
}

// ManagedPolicy is a customer managed or AWS managed policy.
type ManagedPolicy struct {
	ARN        string
	Name       string
	AWSManaged bool
	Document   *policy.Policy // nil for an AWS managed policy not read yet
	Where      Where
}

// ResourceType is a kind of resource the model knows.
type ResourceType uint8

// The resource types.
const (
	OtherResource ResourceType = iota
	Bucket                     // S3 bucket; its objects share its policy
	Key                        // KMS key; its key policy must grant
	Queue                      // SQS queue
	Topic                      // SNS topic
	Function                   // Lambda function
	Secret                     // Secrets Manager secret
	AccessPoint                // S3 access point; its objects share its policy
	LayerVersion               // Lambda layer version
	Repository                 // ECR repository
	Table                      // DynamoDB table (its indexes share its policy)
	TableStream                // DynamoDB stream
	EventBus                   // EventBridge event bus
	RestAPI                    // API Gateway REST API (execute-api ARNs under it share its policy)
	FileSystem                 // EFS file system
	SearchDomain               // OpenSearch domain (paths under it share its policy)
	BackupVault                // AWS Backup vault
	GlacierVault               // S3 Glacier vault
	DataStream                 // Kinesis data stream
	GlueCatalog                // Glue Data Catalog (its databases and tables share its policy)
	numResourceTypes
)

// resourceTypes names each type (String) and its policy (PolicyLabel), in
// the order of the constants.
var resourceTypes = [numResourceTypes]struct{ name, policy string }{
	{"resource", "resource policy"}, {"bucket", "bucket policy"}, {"key", "key policy"},
	{"queue", "queue policy"}, {"topic", "topic policy"}, {"function", "function policy"},
	{"secret", "resource policy"}, {"access point", "access point policy"}, {"layer version", "layer version policy"},
	{"repository", "repository policy"}, {"table", "resource policy"}, {"stream", "resource policy"},
	{"event bus", "event bus policy"}, {"REST API", "resource policy"}, {"file system", "file system policy"},
	{"domain", "access policy"}, {"backup vault", "vault access policy"}, {"Glacier vault", "vault access policy"},
	{"data stream", "resource policy"}, {"Data Catalog", "resource policy"},
}

func (t ResourceType) String() string { return resourceTypes[t].name }

// PolicyLabel is how an explanation names the resource's policy.
func (t ResourceType) PolicyLabel() string { return resourceTypes[t].policy }

// ResourceTypes returns every resource type but OtherResource.
func ResourceTypes() []ResourceType {
	out := make([]ResourceType, 0, numResourceTypes-1)
	for t := Bucket; t < numResourceTypes; t++ {
		out = append(out, t)
	}
	return out
}

// Resource is a resource with (or without) a resource-based policy.
type Resource struct {
	ARN     string
	Type    ResourceType
	Name    string
	Account string
	Region  string
	Policy  *policy.Policy // nil: no resource-based policy
	Tags    map[string]string
	Where   Where

	// S3 buckets and access points.
	PublicAccessBlock *PublicAccessBlock // the bucket's or access point's own setting, nil when none is known
	ObjectOwnership   string             // BucketOwnerEnforced, BucketPreferred or ObjectWriter; "" when unknown
	Bucket            string             // an access point's bucket
	NetworkOrigin     string             // an access point's: Internet or VPC
	AccessPointVPC    string             // a VPC access point's VPC

	// KMS keys: grants (recorded, not evaluated) and alias names.
	Grants  []Grant
	Aliases []string
}

// PublicAccessBlock is an S3 Block Public Access configuration (S3 User
// Guide, "Blocking public access to your Amazon S3 storage").
type PublicAccessBlock struct {
	BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets bool
	Where                                                                       Where
}

// Grant is a KMS grant: it gives its grantee the operations it lists on
// the key, beside the key policy (KMS Developer Guide, "Grants in AWS KMS").
type Grant struct {
	ID         string
	Name       string
	Grantee    string
	Retiring   string
	Operations []string
	Where      Where
}

// Gap is a kind of data the collector could not read for an account and
// Region (the manifest lists the call as denied or failed), or that the
// model's files hold and the loader does not read (an iam-collect
// directory of a service Sekisho does not know): questions about it
// cannot be answered from the model.
type Gap struct {
	Account string
	Region  string       // "" for global data
	Type    ResourceType // OtherResource: the call's data is not a resource (Call says which)
	All     bool         // nothing of the account (in the Region, if any) was collected
	Call    string       // "sqs.list-queues"; for data not read, where it is ("iam-collect eks/cluster")
	Reason  string       // "denied", "failed", "skipped" (an account asked for that the organization does not hold) or "not read"
	Error   string       // what AWS answered; for data not read, why
	// Service and Prefix narrow a gap of Type OtherResource to the
	// resources whose ARN has this service and whose resource part starts
	// with Prefix ("" for any): data of a kind the model has no type for.
	Service, Prefix string
}

func (g Gap) String() string {
	where := g.Account
	if g.Region != "" {
		where += " in " + g.Region
	}
	verb := "failed"
	switch g.Reason {
	case "denied":
		verb = "was denied"
	case "skipped":
		verb = "was skipped"
	case "not read":
		s := fmt.Sprintf("%s of %s not read: %s", g.what(), where, g.Call)
		if g.Error != "" {
			s += " (" + g.Error + ")"
		}
		return s
	}
	s := fmt.Sprintf("%s of %s not collected: %s %s", g.what(), where, g.Call, verb)
	if g.Error != "" {
		s += " (" + g.Error + ")"
	}
	return s
}

func (g Gap) what() string {
	switch {
	case g.All:
		return "the resources"
	case g.Type == OtherResource && g.Service != "":
		return "the " + g.Service + ":" + g.Prefix + "* resources"
	case g.Type == OtherResource && g.Reason == "not read":
		return "the data"
	case g.Type == OtherResource:
		return "the answer of " + g.Call
	}
	return "the " + g.Type.String() + "s"
}

// NotCollected reports why resources of a type in an account and Region
// are missing from a collected model, or nil when nothing says so.
func (m *Model) NotCollected(account, region string, t ResourceType) *Gap {
	for i := range m.Gaps {
		g := &m.Gaps[i]
		if g.Account == account && (g.Type == t || g.All) && (g.Region == region || g.Region == "") {
			return g
		}
	}
	return nil
}

// VPC is a virtual private cloud.
type VPC struct {
	ID              string
	Account         string
	Region          string
	InternetGateway string // id of the attached internet gateway, "" for none known
	Endpoints       []*Endpoint
	// RoutesKnown: the VPC's route tables are in the model, so a gateway
	// endpoint serves only the subnets whose route table routes to it.
	// Otherwise a gateway endpoint is taken as serving the whole VPC.
	RoutesKnown bool
	Where       Where
}

// Subnet is a VPC subnet and the gateway endpoints its route table routes to.
type Subnet struct {
	ID         string
	VPC        string
	Account    string
	Region     string
	RouteTable string          // the associated route table (the VPC's main one when none is explicit)
	Gateways   map[string]bool // gateway endpoint ids its route table routes to
	Where      Where
}

// EndpointType is Gateway or Interface.
type EndpointType uint8

// The endpoint types.
const (
	Gateway EndpointType = iota
	Interface
)

func (t EndpointType) String() string {
	if t == Interface {
		return "Interface"
	}
	return "Gateway"
}

// Endpoint is a VPC endpoint.
type Endpoint struct {
	ID          string
	Account     string
	VPC         string
	Region      string
	ServiceName string // com.amazonaws.REGION.SERVICE
	Service     string // the SERVICE part: s3, sts, kms, ...
	Type        EndpointType
	Policy      *policy.Policy // nil: the default full-access policy
	RouteTables []string       // a gateway endpoint's route tables
	Where       Where
}

// ARN returns the endpoint's ARN.
func (e *Endpoint) ARN() string {
	return "arn:aws:ec2:" + e.Region + ":" + e.Account + ":vpc-endpoint/" + e.ID
}

// IMDS is the instance metadata service versions an instance accepts.
type IMDS uint8

// The IMDS settings.
const (
	IMDSv1v2   IMDS = iota // HttpTokens optional
	IMDSv2Only             // HttpTokens required
)

func (i IMDS) String() string {
	if i == IMDSv2Only {
		return "v2"
	}
	return "v1+v2"
}

// Instance is an EC2 instance.
type Instance struct {
	ID              string
	Account         string
	Region          string
	VPC             string
	PrivateIP       string
	PublicIP        string
	Subnet          string // "" when unknown
	InstanceProfile string // profile ARN, "" for none
	IMDS            IMDS
	// IMDSDisabled: HttpEndpoint disabled, so no credentials reach the
	// instance through the metadata service.
	IMDSDisabled bool
	// HopLimit is HttpPutResponseHopLimit (0 when unknown): with IMDSv2
	// the token travels this many network hops, so 1 keeps it from
	// containers behind a bridge on the instance (EC2 User Guide,
	// "Configure the instance metadata options").
	HopLimit int
	Where    Where
}

// ARN returns the instance's ARN, the value of ec2:SourceInstanceARN.
func (i *Instance) ARN() string {
	return "arn:aws:ec2:" + i.Region + ":" + i.Account + ":instance/" + i.ID
}

// Where is the place in a model file that defined something.
type Where struct {
	File string
	Path node.Path
	Pos  node.Pos
}

// Errorf is an error at this place.
func (w Where) Errorf(format string, args ...any) *node.Error {
	e := node.Errorf(nil, w.Path, format, args...)
	e.File, e.Pos = w.File, w.Pos
	return e
}

func (w Where) String() string {
	s := w.File
	if w.Pos.Line > 0 {
		s += ":" + w.Pos.String()
	}
	return s
}

// New returns an empty model.
func New() *Model {
	return &Model{
		Accounts:  map[string]*Account{},
		Managed:   map[string]*ManagedPolicy{},
		Resources: map[string]*Resource{},
		VPCs:      map[string]*VPC{},
		Endpoints: map[string]*Endpoint{},
		Instances: map[string]*Instance{},
		Subnets:   map[string]*Subnet{},
	}
}

// EnsureAccount returns the account with id, creating it (for loaders).
func (m *Model) EnsureAccount(id string) *Account {
	a := m.Accounts[id]
	if a == nil {
		a = &Account{ID: id, Users: map[string]*User{}, Groups: map[string]*Group{},
			Roles: map[string]*Role{}, InstanceProfiles: map[string]*InstanceProfile{}}
		m.Accounts[id] = a
	}
	return a
}

// AccountIDs returns the account ids, sorted.
func (m *Model) AccountIDs() []string {
	ids := make([]string, 0, len(m.Accounts))
	for id := range m.Accounts {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Stats counts what the model holds.
type Stats struct {
	Accounts, OUs, Users, Groups, Roles, ManagedPolicies, Resources, VPCs, Endpoints, Instances int
}

// Stats counts what the model holds.
func (m *Model) Stats() Stats {
	s := Stats{Accounts: len(m.Accounts), ManagedPolicies: len(m.Managed), Resources: len(m.Resources),
		VPCs: len(m.VPCs), Endpoints: len(m.Endpoints), Instances: len(m.Instances)}
	if m.Org != nil {
		s.OUs = len(m.Org.Nodes) - 1
	}
	for _, a := range m.Accounts {
		s.Users += len(a.Users)
		s.Groups += len(a.Groups)
		s.Roles += len(a.Roles)
	}
	return s
}

// IsServiceLinkedPath: service-linked roles live under /aws-service-role/.
func IsServiceLinkedPath(path string) bool { return strings.HasPrefix(path, "/aws-service-role/") }

// ManagedName is the last part of a managed policy ARN: the policy name.
func ManagedName(arn string) string {
	return arn[strings.LastIndexByte(arn, '/')+1:]
}

// AccountOf is the account part of an ARN (between its fourth and fifth
// colons), "" when it has none. It slices the ARN rather than splitting
// it: a load calls it for every principal, and the split was 100,000
// allocations at 100,000 roles.
func AccountOf(arn string) string {
	start := 0
	for range 4 {
		i := strings.IndexByte(arn[start:], ':')
		if i < 0 {
			return ""
		}
		start += i + 1
	}
	end := strings.IndexByte(arn[start:], ':')
	if end < 0 {
		return ""
	}
	return arn[start : start+end]
}

// Profile finds an instance profile by ARN (the path may be omitted).
func (m *Model) Profile(arnStr string) *InstanceProfile {
	a := m.Accounts[AccountOf(arnStr)]
	if a == nil {
		return nil
	}
	return a.InstanceProfiles[arnStr[strings.LastIndexByte(arnStr, '/')+1:]]
}

// RoleName accepts a role name or ARN and returns the name.
func RoleName(s string) string {
	if strings.HasPrefix(s, "arn:") {
		return s[strings.LastIndexByte(s, '/')+1:]
	}
	return s
}
