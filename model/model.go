package model

import (
	"sort"
	"strings"
	"sync"

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

	// AWSManagedDir, when set, holds AWS managed policy documents as
	// `aws iam get-policy-version` prints them, one file per policy named
	// POLICY-NAME.json; documents are read from it on first use.
	AWSManagedDir string

	mu sync.RWMutex // guards reading AWS managed policies on demand
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

func (t OrgPolicyType) short() string {
	if t == RCPType {
		return "RCP"
	}
	return "SCP"
}

func (t OrgPolicyType) article() string { return "an " + t.short() }

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
)

var resourceTypeNames = [...]string{"resource", "bucket", "key", "queue", "topic", "function", "secret"}

func (t ResourceType) String() string { return resourceTypeNames[t] }

// policyLabel is how an explanation names the resource's policy.
func (t ResourceType) policyLabel() string {
	switch t {
	case Bucket:
		return "bucket policy"
	case Key:
		return "key policy"
	}
	return "resource policy"
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
}

// VPC is a virtual private cloud.
type VPC struct {
	ID              string
	Account         string
	Region          string
	InternetGateway string // id of the attached internet gateway, "" for none known
	Endpoints       []*Endpoint
	Where           Where
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
	InstanceProfile string // profile ARN, "" for none
	IMDS            IMDS
	Where           Where
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

func (w Where) errorf(format string, args ...any) *node.Error {
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
	}
}

// account returns the account with id, creating it.
func (m *Model) account(id string) *Account {
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

// isServiceLinkedPath: service-linked roles live under /aws-service-role/.
func isServiceLinkedPath(path string) bool { return strings.HasPrefix(path, "/aws-service-role/") }

// managedName is the last part of a managed policy ARN: the policy name.
func managedName(arn string) string {
	return arn[strings.LastIndexByte(arn, '/')+1:]
}
