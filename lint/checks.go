package lint

const (
	iamGuide  = "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
	orgsGuide = "https://docs.aws.amazon.com/organizations/latest/userguide/"
	sarRef    = "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html"
	aaChecks  = iamGuide + "access-analyzer-reference-policy-checks.html"
	operators = iamGuide + "reference_policies_elements_condition_operators.html"
	multiKeys = iamGuide + "reference_policies_condition-single-vs-multi-valued-context-keys.html"
)

// registry is every check, in code order. The codes are stable: a code is
// never reused for another check. The package documentation has the table.
var registry = []Rule{
	// SK1xxx: the document.
	{"SK1000", Error, iamGuide + "reference_policies_grammar.html", "the policy does not follow the IAM policy grammar", checkNothing},
	{"SK1001", Warning, iamGuide + "reference_policies_elements_version.html", "Version is missing", checkVersionMissing},
	{"SK1002", Error, iamGuide + "reference_policies_variables.html", "policy variables without Version 2012-10-17 are literal text", checkVariablesVersion},
	{"SK1003", Warning, iamGuide + "reference_policies_elements_sid.html", "two statements have the same Sid", checkDuplicateSid},
	{"SK1004", Error, iamGuide + "reference_policies_elements_sid.html", "an IAM policy Sid holds characters other than A-Z, a-z and 0-9", checkSidCharacters},
	{"SK1005", Error, aaChecks + "#access-analyzer-reference-policy-checks-error-invalid-region", "a Region name that no AWS Region has", checkRegionNames},
	{"SK1006", Error, aaChecks + "#access-analyzer-reference-policy-checks-error-invalid-service-principal-format", "a service principal not in the format SERVICE.amazonaws.com", checkServicePrincipals},
	{"SK1007", Error, iamGuide + "reference_policies_variables.html", "policy variable syntax: unclosed ${, malformed key or default, lookalikes such as $(aws:username)", checkVariableSyntax},
	{"SK1008", Error, aaChecks + "#access-analyzer-reference-policy-checks-error-invalid-arn-resource", "a Resource ARN with fewer than the six parts of the ARN format", checkARNParts},

	// SK2xxx: actions.
	{"SK2001", Error, sarRef, "unknown service prefix in an action", checkUnknownService},
	{"SK2002", Error, sarRef, "unknown action of a known service", checkUnknownAction},
	{"SK2003", Error, iamGuide + "reference_policies_elements_action.html", "an action pattern matches no action", checkPatternNoMatch},

	// SK3xxx: conditions.
	{"SK3001", Error, iamGuide + "reference_policies_condition-keys.html", "unknown condition key", checkUnknownKey},
	{"SK3002", Warning, sarRef, "condition key not supported by any action of the statement", checkKeyNotForActions},
	{"SK3003", Error, operators, "condition operator does not fit the key's type", checkOperatorType},
	{"SK3004", Error, operators + "#Conditions_Null", "Null with a value other than true or false, or with a set operator", checkNullValue},
	{"SK3005", SecurityWarning, multiKeys, "ForAllValues in an Allow on a single-valued key", checkForAllValuesSingle},
	{"SK3006", Warning, multiKeys, "set operator with a negated operator in an Allow", checkNegatedSet},
	{"SK3007", Warning, multiKeys, "multivalued key without ForAllValues or ForAnyValue", checkMissingSet},
	{"SK3008", Warning, operators + "#Conditions_String", "wildcard in a value of an Equals operator", checkWildcardEquals},
	{"SK3009", Error, aaChecks + "#access-analyzer-reference-policy-checks-error-duplicate-keys-with-different-case", "condition keys of one operator that differ only in case", checkDuplicateKeysCase},
	{"SK3010", Warning, aaChecks + "#access-analyzer-reference-policy-checks-general-warning-deprecated-global-condition-key", "deprecated global condition key", checkDeprecatedKeys},

	// SK4xxx: resources.
	{"SK4001", SecurityWarning, iamGuide + "reference_policies_elements_resource.html", "a resource matches no resource type of the statement's actions", checkResourceMismatch},
	{"SK4002", SecurityWarning, iamGuide + "reference_policies_elements_resource.html", "a resource ARN for actions that support only \"*\"", checkStarOnlyActions},
	{"SK4003", Warning, iamGuide + "best-practices.html#grant-least-privilege", "Resource \"*\" (or an ARN pattern matching everything) for actions that take resource ARNs", checkResourceStar},

	// SK5xxx: what the policy kind allows.
	{"SK5001", SecurityWarning, iamGuide + "reference_policies_elements_notprincipal.html", "NotPrincipal with Allow", checkNotPrincipalAllow},
	{"SK5002", Error, orgsGuide + "orgs_manage_policies_rcps_syntax.html", "an element or effect that RCPs do not support", checkRCPElements},
	{"SK5003", Warning, orgsGuide + "orgs_manage_policies_rcps.html", "RCP statement for services that RCPs do not apply to", checkRCPServices},
	{"SK5004", Warning, orgsGuide + "orgs_manage_policies_scps.html", "SCP condition on AWS service principals, which SCPs never govern", checkSCPServiceKeys},
	{"SK5005", Error, iamGuide + "reference_iam-quotas.html", "IAM policy larger than its quota", checkIAMSize},
	{"SK5006", Error, orgsGuide + "orgs_reference_limits.html", "SCP or RCP larger than 5,120 characters", checkOrgSize},
	{"SK5007", Error, "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html", "VPC endpoint policy larger than 20,480 characters", checkEndpointSize},
	{"SK5008", Error, iamGuide + "reference_iam-quotas.html", "IAM policy with characters outside U+0009, U+000A, U+000D and U+0020-U+00FF", checkIAMCharacters},

	// SK6xxx: security.
	{"SK6001", SecurityWarning, iamGuide + "reference_policies_elements_principal.html", "trust policy trusts an account root or \"*\" with no condition", checkTrustBroad},
	{"SK6002", SecurityWarning, iamGuide + "reference_policies_elements_principal.html", "resource or endpoint policy allows \"*\" with no condition", checkOpenToAll},
	{"SK6003", SecurityWarning, iamGuide + "id_roles_use_passrole.html", "iam:PassRole on every role", checkPassRoleStar},
	{"SK6004", SecurityWarning, iamGuide + "reference_policies_elements_notaction.html", "Allow with NotAction", checkAllowNotAction},
	{"SK6005", SecurityWarning, iamGuide + "reference_policies_elements_notresource.html", "Allow with NotResource", checkAllowNotResource},
	{"SK6006", SecurityWarning, operators, "Deny that no request can match", checkDeadDeny},
	{"SK6007", Warning, iamGuide + "reference_policies_elements.html", "unfilled placeholder such as <my-vpc>", checkPlaceholders},
	{"SK6008", SecurityWarning, iamGuide + "reference_policies_condition-keys.html#condition-keys-sourceip", "aws:SourceIp compared with a private address range", checkPrivateSourceIP},
	{"SK6009", SecurityWarning, iamGuide + "reference_policies_condition-keys.html#condition-keys-multifactorauthpresent", "aws:MultiFactorAuthPresent compared with false where the key can be absent", checkMFAFalse},
	{"SK6010", SecurityWarning, iamGuide + "id_roles_use_passrole.html", "the policy alone allows a known privilege escalation method", checkEscalation},
	{"SK6011", Suggestion, iamGuide + "id_credentials_access-keys.html", "actions that return credentials", checkCredentialExposure},
	{"SK6012", Suggestion, iamGuide + "best-practices.html#grant-least-privilege", "actions that read sensitive data", checkSensitiveAccess},
	{"SK6013", Warning, iamGuide + "reference_policies_elements_principal.html", "a principal given as the unique ID of a deleted IAM user or role", checkUniqueIDPrincipals},
	{"SK6014", SecurityWarning, aaChecks + "#access-analyzer-reference-policy-checks-security-warning-missing-paired-condition-keys", "a condition key used without the key it must be paired with", checkPairedKeys},

	// SK7xxx: redundancy.
	{"SK7001", Suggestion, aaChecks + "#access-analyzer-reference-policy-checks-suggestion-redundant-statement", "statement covered by another statement of the same effect", checkRedundantStatement},
	{"SK7002", Warning, iamGuide + "reference_policies_evaluation-logic.html", "Allow statement entirely overridden by a Deny of the same policy", checkShadowedAllow},
	{"SK7003", Suggestion, aaChecks + "#access-analyzer-reference-policy-checks-suggestion-redundant-action", "action or resource already matched by another of the same element", checkRedundantEntry},
}

// checkNothing stands for checks that run elsewhere: SK1000 comes from the
// parser (see File).
func checkNothing(*pass) {}
