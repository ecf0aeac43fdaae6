package model

import "github.com/sekisho/sekisho/policy"

// ResourceSide is every fact that gathering (gatherFor, resourceInfo,
// context) takes from a declared resource, as opposed to the caller and
// the route: its owner, Region, policy, tags, the RCPs of its owner's
// chain and the owner's organization path. The analyses use it to find
// resources that the same caller, from the same place, cannot tell apart
// (and so decide them once): a fact gathering starts to take from a
// resource must be added here too.
type ResourceSide struct {
	Account string
	Region  string
	// RegionOfModel: the Region is the model's record of the resource,
	// not its ARN's (the request then carries it as a fact, not an assumption).
	RegionOfModel bool
	Policy        *policy.Policy
	Tags          map[string]string
	// RCP are the RCP levels of the owner's chain, root first, as a
	// caller that is not a service-linked role meets them.
	RCP [][]*policy.Policy
	// OrgPath is the value of aws:ResourceOrgPaths ("" when none).
	OrgPath string
}

// ResourceSide returns the resource-side facts of a resource the model
// declares, for an action that is not of the sts:AssumeRole family (whose
// resource policy is a role's trust policy). ok is false when the
// resource is not declared or when gathering it could fail (the model has
// collection gaps): the caller then decides it on its own.
func (m *Model) ResourceSide(resource string) (ResourceSide, bool) {
	if resource == "*" || len(m.Gaps) > 0 || m.ResourceOf(resource) == nil {
		return ResourceSide{}, false
	}
	f, err := m.resourceInfo(resource, "", nil, "")
	if err != nil || f.model == nil {
		return ResourceSide{}, false
	}
	return ResourceSide{Account: f.account, Region: f.region, RegionOfModel: f.ofModel, Policy: f.policy, Tags: f.tags,
		RCP: m.orgLevels(f.account, RCPType, false), OrgPath: m.OrgPath(f.account)}, true
}
