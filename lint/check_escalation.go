package lint

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/sekisho/sekisho/awsref"
	"github.com/sekisho/sekisho/internal/wildcard"
	"github.com/sekisho/sekisho/policy"
)

// escalation is one way to gain more permissions than a policy grants
// directly: holding every action of the method is enough to become more
// powerful (to act as another principal, or to grant oneself more).
type escalation struct {
	actions []string
	how     string
}

// escalations is the catalogue of single-policy privilege escalation
// methods. Each follows from what the actions do, as the IAM API
// Reference describes them: a policy version or attachment changes the
// caller's own permissions; access keys, login profiles and trust edits
// give the caller another principal's credentials; PassRole with a compute
// or orchestration service runs code under a role the caller chooses
// (IAM User Guide, "Granting a user permissions to pass a role to an AWS
// service").
var escalations = []escalation{
	{[]string{"iam:CreatePolicyVersion"}, "create a new default version of a managed policy attached to themselves, with any permissions"},
	{[]string{"iam:SetDefaultPolicyVersion"}, "switch an attached managed policy to another, more permissive, version"},
	{[]string{"iam:AttachUserPolicy"}, "attach any managed policy, AdministratorAccess included, to a user"},
	{[]string{"iam:AttachGroupPolicy"}, "attach any managed policy to a group they belong to"},
	{[]string{"iam:AttachRolePolicy", "sts:AssumeRole"}, "attach any managed policy to a role they can assume"},
	{[]string{"iam:PutUserPolicy"}, "write any inline policy on a user"},
	{[]string{"iam:PutGroupPolicy"}, "write any inline policy on a group they belong to"},
	{[]string{"iam:PutRolePolicy", "sts:AssumeRole"}, "write any inline policy on a role they can assume"},
	{[]string{"iam:AddUserToGroup"}, "add themselves to a more privileged group"},
	{[]string{"iam:CreateAccessKey"}, "create access keys for other users and act as them"},
	{[]string{"iam:CreateLoginProfile"}, "set a console password for users who have none, and sign in as them"},
	{[]string{"iam:UpdateLoginProfile"}, "change other users' console passwords and sign in as them"},
	{[]string{"iam:UpdateAssumeRolePolicy", "sts:AssumeRole"}, "rewrite a role's trust policy to trust themselves, then assume it"},
	{[]string{"iam:DeleteUserPermissionsBoundary"}, "remove the permissions boundary that limits a user"},
	{[]string{"iam:DeleteRolePermissionsBoundary"}, "remove the permissions boundary that limits a role"},
	{[]string{"iam:PassRole", "ec2:RunInstances"}, "launch an instance with a more privileged role and use its credentials"},
	{[]string{"iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"}, "run code of their own under a more privileged role"},
	{[]string{"iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping"}, "run code of their own under a more privileged role, triggered by an event source"},
	{[]string{"lambda:UpdateFunctionCode"}, "replace the code of an existing function, which runs under its role"},
	{[]string{"iam:PassRole", "glue:CreateDevEndpoint"}, "open a Glue development endpoint under a more privileged role"},
	{[]string{"glue:UpdateDevEndpoint"}, "add their SSH key to an existing Glue development endpoint and use its role"},
	{[]string{"iam:PassRole", "cloudformation:CreateStack"}, "create a stack whose resources are created with a more privileged role"},
	{[]string{"iam:PassRole", "datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition"}, "run commands in a pipeline under a more privileged role"},
	{[]string{"iam:PassRole", "sagemaker:CreateNotebookInstance", "sagemaker:CreatePresignedNotebookInstanceUrl"}, "open a notebook under a more privileged role"},
	{[]string{"iam:PassRole", "codebuild:CreateProject", "codebuild:StartBuild"}, "run a build under a more privileged role"},
	{[]string{"iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:RunTask"}, "run a container under a more privileged task role"},
	{[]string{"ssm:SendCommand"}, "run commands on instances, with their instance profiles' credentials"},
	{[]string{"ssm:StartSession"}, "open a shell on instances, with their instance profiles' credentials"},
}

// scope selects the Allow statements that count for a check.
type scope uint8

const (
	notSelf  scope = iota // statements not scoped to the caller's own user
	anywhere              // statements on every resource ("*", NotResource)
)

func (s scope) counts(st *policy.Statement) bool {
	if s == anywhere {
		return st.NotResource || everyResource(st)
	}
	return !selfScoped(st)
}

// allowedActions returns the given actions that some Allow statement of
// the policy in scope covers, conditions aside.
func allowedActions(ps *pass, actions []string, in scope) (covered []string, at int) {
	at = -1
	for _, a := range actions {
		hit := false
		for i, f := range ps.stmts {
			if !in.counts(f.st) {
				continue
			}
			if f.st.Effect == policy.Allow && f.covers(a) && !deniedOutright(ps, a) {
				hit = true
				if at < 0 {
					at = i
				}
				break
			}
		}
		if hit {
			covered = append(covered, a)
		}
	}
	return covered, at
}

// deniedOutright reports whether an unconditional Deny of the policy on
// every resource covers the action.
func deniedOutright(ps *pass, action string) bool {
	for _, f := range ps.stmts {
		if f.st.Effect == policy.Deny && len(f.st.Conditions) == 0 && everyResource(f.st) && f.covers(action) {
			return true
		}
	}
	return false
}

func everyResource(st *policy.Statement) bool {
	if st.AnyResource {
		return true
	}
	for _, r := range st.Resources {
		if !st.NotResource && effectivelyStar(r.Raw) {
			return true
		}
	}
	return false
}

// selfScoped reports whether every resource of st is the caller's own
// user: a self-service statement (manage your own keys and password).
func selfScoped(st *policy.Statement) bool {
	if st.NotResource || st.AnyResource || len(st.Resources) == 0 {
		return false
	}
	for _, r := range st.Resources {
		low := strings.ToLower(r.Raw)
		if !strings.Contains(low, "${aws:username}") && !strings.Contains(low, "${aws:userid}") {
			return false
		}
	}
	return true
}

// administrator reports whether the policy allows every action on every
// resource without condition: escalation adds nothing to that.
func administrator(ps *pass) bool {
	for _, f := range ps.stmts {
		st := f.st
		if st.Effect == policy.Allow && f.all && !st.NotAction && len(st.Conditions) == 0 && everyResource(st) {
			return true
		}
	}
	return false
}

// SK6010: the policy alone lets its holder escalate their privileges.
func checkEscalation(ps *pass) {
	if ps.kind != policy.Identity || administrator(ps) {
		return
	}
	for _, e := range escalations {
		covered, at := allowedActions(ps, e.actions, notSelf)
		if len(covered) == len(e.actions) {
			ps.reportMax(ps.loc.stmt(at), "privilege escalation: with %s the holder can %s; restrict the resources or add conditions, and give such permissions only to administrators", strings.Join(e.actions, " + "), e.how)
		}
	}
}

// credentialActions return credentials, or a secret that works as one,
// in their response (each action's page in the API references: the
// response carries an access key, a password, a token or a session).
var credentialActions = []string{
	"iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile", "iam:CreateServiceSpecificCredential",
	"iam:ResetServiceSpecificCredential", "sts:AssumeRole", "sts:GetFederationToken", "sts:GetSessionToken",
	"ec2:GetPasswordData", "ecr:GetAuthorizationToken", "redshift:GetClusterCredentials", "rds-db:connect",
	"sso:GetRoleCredentials", "cognito-identity:GetOpenIdToken", "lightsail:GetInstanceAccessDetails",
	"codeartifact:GetAuthorizationToken", "eks:GetToken", "gamelift:RequestUploadCredentials",
}

// sensitiveActions read data that is secret by design: secrets,
// parameters (SecureString values) and objects.
var sensitiveActions = []string{
	"secretsmanager:GetSecretValue", "ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath",
	"s3:GetObject", "kms:Decrypt", "dynamodb:GetItem", "dynamodb:Scan", "dynamodb:Query",
}

// SK6011: actions that return credentials, allowed on every resource.
func checkCredentialExposure(ps *pass) {
	listActions(ps, credentialActions, "these actions, allowed on every resource, return credentials in their response (access keys, passwords or tokens): %s; name the users, roles or resources whose credentials the holder needs")
}

// SK6012: actions that read secret data, allowed on every resource.
func checkSensitiveAccess(ps *pass) {
	listActions(ps, sensitiveActions, "these actions, allowed on every resource, read data that is usually sensitive: %s; name the secrets, parameters, objects or keys that are needed")
}

// SK6015: Permissions management actions allowed on every resource. The
// service authorization reference classes as "Permissions management" the
// actions that grant or change permissions (resource policies, grants,
// ACLs, IAM attachments); on "*" the holder can widen access to anything
// of those services (IAM User Guide, "Security best practices in IAM":
// grant least privilege; Parliament's PERMISSIONS_MANAGEMENT_ACTIONS).
// Statements with Action "*" or NotAction are left to SK6010 and SK6004,
// which report them already.
func checkPermissionsManagement(ps *pass) {
	if ps.kind != policy.Identity {
		return
	}
	var found []string
	at := -1
	seen := map[string]bool{}
	for i, f := range ps.stmts {
		if f.st.Effect != policy.Allow || f.st.NotAction || !anywhere.counts(f.st) {
			continue
		}
		for _, a := range f.knownActions() {
			name := a.String()
			if a.Access != awsref.PermissionsManagement || seen[name] || deniedOutright(ps, name) {
				continue
			}
			seen[name] = true
			found = append(found, name)
			if at < 0 {
				at = i
			}
		}
	}
	if len(found) == 0 {
		return
	}
	sort.Strings(found)
	shown := found
	if len(shown) > 8 {
		shown = shown[:8]
	}
	more := ""
	if n := len(found) - len(shown); n > 0 {
		more = fmt.Sprintf(" and %d more", n)
	}
	ps.reportMax(ps.loc.stmt(at), "%d Permissions management actions allowed on every resource: %s%s; they change who can access what, so name the resources they may change",
		len(found), strings.Join(shown, ", "), more)
}

func listActions(ps *pass, actions []string, format string) {
	if ps.kind != policy.Identity {
		return
	}
	covered, at := allowedActions(ps, actions, anywhere)
	if len(covered) > 0 {
		ps.reportMax(ps.loc.stmt(at), format, strings.Join(covered, ", "))
	}
}

// effectivelyStar reports whether a Resource value matches every ARN:
// "*", or an ARN pattern whose parts are all wildcards ("arn:*",
// "arn:*:*:*:*:*", "arn:aws:*:*:*:*").
func effectivelyStar(r string) bool {
	if r == "*" {
		return true
	}
	parts := strings.Split(r, ":")
	if len(parts) < 2 || parts[0] != "arn" {
		return false
	}
	for i, p := range parts[1:] {
		literalPartition := i == 0 && strings.HasPrefix(p, "aws") && !wildcard.HasWildcard(p)
		if p != "*" && !literalPartition {
			return false
		}
	}
	return true
}

// SK4003: Resource "*" (or an ARN pattern that matches everything) for
// actions that take resource ARNs. Least privilege (IAM User Guide,
// "Security best practices in IAM": grant least privilege) means naming
// the resources; for actions whose only resource is "*" there is nothing
// to name, so they are left out.
func checkResourceStar(ps *pass) {
	if ps.kind != policy.Identity {
		return
	}
	for i, f := range ps.stmts {
		if f.st.Effect != policy.Allow || f.st.NotResource || f.all {
			continue
		}
		j, raw, ok := starResource(f.st)
		if !ok {
			continue
		}
		writes, reads := scopedActions(f.knownActions())
		switch {
		case len(writes) > 0:
			ps.reportMax(ps.loc.item(i, "Resource", j), "%s grants %s on every resource of every account it reaches, though these actions can be scoped to resource ARNs; name the resources", describeStar(raw), actionNamesList(writes))
		case len(reads) > 0:
			ps.report(Suggestion, ps.loc.item(i, "Resource", j), "%s grants %s on every resource, though these actions can be scoped to resource ARNs", describeStar(raw), actionNamesList(reads))
		}
	}
}

func starResource(st *policy.Statement) (int, string, bool) {
	for j, r := range st.Resources {
		if effectivelyStar(r.Raw) {
			return j, r.Raw, true
		}
	}
	return 0, "", false
}

func describeStar(raw string) string {
	if raw == "*" {
		return `Resource "*"`
	}
	return "Resource " + quote(raw) + ", which matches every ARN like \"*\","
}

// scopedActions splits the actions that take resource ARNs into those
// that change something and those that only read or list.
func scopedActions(acts []awsref.Action) (writes, reads []string) {
	for _, a := range acts {
		if len(a.Resources) == 0 {
			continue
		}
		if a.Access == awsref.Read || a.Access == awsref.List {
			reads = append(reads, a.String())
		} else {
			writes = append(writes, a.String())
		}
	}
	return writes, reads
}

func actionNamesList(names []string) string {
	sort.Strings(names)
	if len(names) > 4 {
		return strings.Join(names[:4], ", ") + " and " + strconv.Itoa(len(names)-4) + " more"
	}
	return strings.Join(names, ", ")
}

func sortedNames(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
