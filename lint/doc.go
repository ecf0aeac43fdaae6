// Package lint checks IAM policies for mistakes that the policy grammar
// alone does not catch: actions and condition keys that do not exist,
// operators that do not fit their key, resources that no action takes,
// elements a policy kind does not support, size quotas, grants that are
// wider than they look, and statements that do nothing.
//
// # Usage
//
//	findings, err := lint.File("scp.json", src, policy.SCP) // or policy.AnyKind to infer
//	// err: the content is not a policy at all (not JSON, no Statement)
//	for _, f := range findings {
//		fmt.Println(f) // scp.json:12:9: error SK3001: unknown condition key ... (doc URL)
//	}
//
// File accepts a bare policy document or the JSON the AWS CLI prints
// around one (get-policy-version, get-role-policy, get-user-policy,
// get-bucket-policy, describe-policy). Check lints an already parsed
// policy, with coarser positions and without the size checks, which need
// the source. Rules lists the checks, for renderers such as SARIF.
//
// # Kinds
//
// With policy.AnyKind the kind is inferred (InferKind): a statement with
// Principal makes a resource policy, or a trust policy when every action is
// sts:AssumeRole*, sts:TagSession, sts:SetSourceIdentity or sts:SetContext;
// otherwise an identity policy. A file name containing "trust", "scp",
// "rcp", "endpoint" or "vpce" decides when the content does not contradict
// it. The parser already enforces what each kind requires and forbids
// (Principal in identity policies and SCPs, Resource in identity policies,
// SCPs and RCPs); its errors are SK1000.
//
// # Severities
//
// A finding is an error, a security-warning, a warning or a suggestion,
// as in IAM Access Analyzer's policy validation. The service reference is
// a snapshot, and AWS's own managed policies name retired actions, actions
// that never existed (s3:ListBuckets) and undocumented keys
// (aws:PrincipalOrgMasterAccountId). So a name the reference does not know
// is an error only when it is a near miss of a real name (a likely typo)
// and, for actions, when the mistake widens access: an unknown entry in an
// Action of a Deny (the guardrail has a gap) or in a NotAction of an Allow
// (the exclusion excludes nothing). Otherwise, in an Allow's Action it only
// grants less, and it is a warning. Checks marked "by effect" below use
// the same rule without the near-miss condition: a defect that makes a
// Deny apply to fewer requests gets the check's severity, one that makes
// an Allow apply to fewer is a warning (and the reverse for defects that
// make a statement apply to more).
//
// # Checks
//
//	Code    Severity          Check
//	SK1000  error             the policy breaks the grammar (from the parser: unknown element, wrong type,
//	                          unknown operator, malformed value such as Null "maybe", kind rules)
//	SK1001  warning           Version is missing (AWS then applies 2008-10-17)
//	SK1002  error             ${...} policy variables while Version is missing or 2008-10-17 (literal text)
//	SK1003  warning           two statements share a Sid
//	SK1004  error             a Sid of an identity, boundary, session or trust policy with other than A-Z a-z 0-9
//	SK2001  error/warning     unknown service prefix in an action (error: widens access and near miss)
//	SK2002  error/warning     unknown action of a known service (error: widens access and near miss)
//	SK2003  error/warning     an action pattern that matches no action (error: widens access and near miss)
//	SK3001  error/warning     unknown condition key (error: near miss of a real key)
//	SK3002  warning           a service key that no action of the statement supports
//	SK3003  error/warning     operator does not fit the key's type, by effect; a String or ARN operator used
//	                          loosely is a warning; policy variables with other operators are errors
//	SK3004  error             Null with a policy variable as value; warning: Null with ForAllValues/ForAnyValue
//	SK3005  security-warning  ForAllValues in an Allow on a single-valued key (true when the key is absent)
//	SK3006  warning           ForAnyValue or ForAllValues with a negated operator in an Allow
//	SK3007  warning           a multivalued key without ForAnyValue or ForAllValues
//	SK3008  warning           "*" or "?" in a value of StringEquals (only Like operators have wildcards)
//	SK4001  security-warning  a Resource ARN that no resource type of the statement's actions matches, by effect
//	SK4002  security-warning  a Resource ARN for actions that support only "*", by effect
//	SK5001  security-warning  NotPrincipal with Allow
//	SK5002  error             RCP: Allow (outside RCPFullAWSAccess), Principal other than "*", NotPrincipal, NotAction
//	SK5003  warning           RCP statement for services whose resources RCPs do not govern
//	SK5004  warning           SCP condition on aws:PrincipalIsAWSService, aws:PrincipalServiceName(sList):
//	                          constant under an SCP (suggestion when always true)
//	SK5005  error/warning     IAM size quota: managed 6,144, inline user 2,048, group 5,120, role 10,240,
//	                          trust 2,048 (warning) to 8,192, session 2,048, without white space; with an
//	                          unknown attachment, over 6,144 is a warning
//	SK5006  error/warning     SCP or RCP over 5,120 characters (white space counts: warning when only it does)
//	SK5007  error/warning     VPC endpoint policy over 20,480 characters (same)
//	SK5008  error             characters IAM does not accept (outside tab, LF, CR, U+0020-U+00FF)
//	SK6001  security-warning  trust policy trusts an account root or "*" with no condition
//	SK6002  security-warning  resource or endpoint policy allows "*" with no condition
//	SK6003  security-warning  iam:PassRole on "*" (or every role, or NotResource) without iam:PassedToService
//	SK6004  security-warning  Allow with NotAction (identity, resource and trust policies)
//	SK6005  security-warning  Allow with NotResource (identity, resource and trust policies)
//	SK6006  security-warning  a Deny that never applies: a condition on a key no request of its actions
//	                          carries, with an operator that is false when the key is missing
//	SK6007  warning           an unfilled placeholder such as <my-vpc>
//	SK6008  security-warning  aws:SourceIp compared with a private address range (use aws:VpcSourceIp)
//	SK7001  suggestion        a statement covered by another of the same effect with no condition
//	SK7002  warning           an Allow entirely overridden by an unconditional Deny of the same policy
//	SK7003  suggestion        an action or resource already matched by another value of the same element
//
// Every finding carries the URL of the AWS documentation page its check
// rests on.
//
// # Limits
//
//   - The parser stops at the first grammar error, so a policy with an
//     SK1000 gets no other finding.
//   - Names are judged against the built-in service reference (see
//     awsref.Version). Which keys a request carries is approximated by the
//     keys the reference lists for its actions and their resource types.
//   - Resource checks compare literal parts of ARNs with the reference's ARN
//     formats; a format placeholder matches any text, so only a wrong
//     service or resource type prefix is found, not a malformed name.
//   - Coverage (SK7001-SK7003) is decided on the patterns' text: a '*'
//     covers what it can match, a policy variable only itself; conditions
//     of the covering statement must be absent. It may miss coverage, never
//     invent it.
//   - The RCP service list (SK5003) is AWS's list when this was written:
//     s3, sts, kms, sqs, secretsmanager, cognito-identity, cognito-idp,
//     ecr, aoss, logs, dynamodb.
package lint
