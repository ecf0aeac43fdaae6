package guardrail

// The guardrails' names, as "sekisho guardrail NAME" takes them and as the
// audit's checks are named after the guardrail that closes them.
const (
	InstancePin           = "instance-credentials-pin"
	RequireIMDSv2         = "require-imdsv2"
	RegionLock            = "region-lock"
	EndpointOwnPrincipals = "endpoint-own-principals"
	EndpointOwnResources  = "endpoint-own-resources"
)
