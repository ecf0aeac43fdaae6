package remediate

import (
	"context"
	"fmt"
	"strings"

	"github.com/sekisho/sekisho/eventpattern"
)

// Rule is an event pattern and what to do with the events it matches.
type Rule struct {
	Name        string
	Description string
	Pattern     *eventpattern.Pattern
	apply       func(r *Remediator, ctx context.Context, ev *Event) Outcome
}

// CreateUserPattern is the EventBridge pattern of seed 001's rule: the
// CloudTrail record of a successful iam:CreateUser call. (errorCode is
// absent when the call succeeded; a failed call created no user.)
const CreateUserPattern = `{
  "source": ["aws.iam"],
  "detail-type": ["AWS API Call via CloudTrail"],
  "detail": {
    "eventSource": ["iam.amazonaws.com"],
    "eventName": ["CreateUser"],
    "errorCode": [{"exists": false}]
  }
}`

// TrustChangePattern matches the successful calls that set a role's trust
// policy.
const TrustChangePattern = `{
  "source": ["aws.iam"],
  "detail-type": ["AWS API Call via CloudTrail"],
  "detail": {
    "eventSource": ["iam.amazonaws.com"],
    "eventName": ["CreateRole", "UpdateAssumeRolePolicy"],
    "errorCode": [{"exists": false}]
  }
}`

// failedCall matches the CloudTrail record of a call the rules handle that
// failed (it has an errorCode): it changed nothing, and is reported as
// skipped with the code rather than as matching no rule.
var failedCall = eventpattern.MustParse(`{
  "source": ["aws.iam"],
  "detail-type": ["AWS API Call via CloudTrail"],
  "detail": {
    "eventSource": ["iam.amazonaws.com"],
    "eventName": ["CreateUser", "CreateRole", "UpdateAssumeRolePolicy"],
    "errorCode": [{"exists": true}]
  }
}`)

// The built-in rules, in the order they are tried.
var builtinRules = []Rule{
	{
		Name:        "attach-region-lock",
		Description: "CreateUser: attach the region-lock policy inline to the new user (iam:PutUserPolicy)",
		Pattern:     eventpattern.MustParse(CreateUserPattern),
		apply:       (*Remediator).attachRegionLock,
	},
	{
		Name:        "broad-trust",
		Description: "CreateRole, UpdateAssumeRolePolicy: report a trust policy that trusts \"*\" or an account root without a condition",
		Pattern:     eventpattern.MustParse(TrustChangePattern),
		apply:       (*Remediator).reportBroadTrust,
	},
}

// Rules returns the built-in rules.
func Rules() []Rule { return append([]Rule(nil), builtinRules...) }

// createdUser returns the new user's name: from responseElements, as seed
// 001's function reads it, or from requestParameters. When both name a
// user they must agree; the name must be a valid IAM user name.
func createdUser(ev *Event) (string, error) {
	resp, err := parseObject(ev.Detail.ResponseElements, "detail.responseElements")
	if err != nil {
		return "", err
	}
	fromResp, err := stringAt(resp, "detail.responseElements", "user", "userName")
	if err != nil {
		return "", err
	}
	req, err := parseObject(ev.Detail.RequestParameters, "detail.requestParameters")
	if err != nil {
		return "", err
	}
	fromReq, err := stringAt(req, "detail.requestParameters", "userName")
	if err != nil {
		return "", err
	}
	if fromResp != "" && fromReq != "" && fromResp != fromReq {
		return "", fmt.Errorf("ambiguous: detail.responseElements.user.userName %s and detail.requestParameters.userName %s differ; refusing to guess", quoted(fromResp), quoted(fromReq))
	}
	user := fromResp
	if user == "" {
		user = fromReq
	}
	if user == "" {
		return "", fmt.Errorf("the CreateUser record names no user: expected detail.responseElements.user.userName or detail.requestParameters.userName")
	}
	if err := validIAMName("user name", user); err != nil {
		return "", err
	}
	return user, nil
}

// roleTrust is the part of the CloudTrail records of CreateRole
// (assumeRolePolicyDocument) and UpdateAssumeRolePolicy (policyDocument)
// that the trust check reads.
type roleTrust struct {
	RoleName string
	Document string
}

func readRoleTrust(ev *Event) (roleTrust, error) {
	const path = "detail.requestParameters"
	req, err := parseObject(ev.Detail.RequestParameters, path)
	if err != nil {
		return roleTrust{}, err
	}
	var rt roleTrust
	if rt.RoleName, err = stringAt(req, path, "roleName"); err != nil {
		return rt, err
	}
	if rt.RoleName == "" {
		return rt, fmt.Errorf("the record names no role: expected %s.roleName", path)
	}
	// IAM API Reference, CreateRole and UpdateAssumeRolePolicy: RoleName
	// has the same rules as a user name.
	if err := validIAMName("role name", rt.RoleName); err != nil {
		return rt, err
	}
	docMember := "assumeRolePolicyDocument"
	if ev.Detail.EventName == "UpdateAssumeRolePolicy" {
		docMember = "policyDocument"
	}
	rt.Document, err = stringAt(req, path, docMember)
	return rt, err
}

func (r *Remediator) reportBroadTrust(_ context.Context, ev *Event) Outcome {
	out := Outcome{Status: StatusIgnored}
	rt, err := readRoleTrust(ev)
	if err != nil {
		out.Status, out.Message, out.Error = StatusFailed, "cannot tell which role and trust policy the record sets", err.Error()
		return out
	}
	out.Role = rt.RoleName
	doc := rt.Document
	if strings.TrimSpace(doc) == "" {
		out.Status, out.Message = StatusFailed, "the record holds no trust policy document"
		return out
	}
	broad, err := FindBroadTrust(policyText(doc), "role "+rt.RoleName+" trust policy")
	if err != nil {
		out.Status, out.Message, out.Error = StatusFailed, "the trust policy could not be read", err.Error()
		return out
	}
	if len(broad) == 0 {
		out.Message = fmt.Sprintf("role %s: the trust policy names specific principals or has conditions", rt.RoleName)
		return out
	}
	var msgs []string
	for _, b := range broad {
		msgs = append(msgs, b.String())
	}
	out.Status = StatusFinding
	out.Findings = broad
	out.Message = fmt.Sprintf("role %s: %s; trust a specific role or user, or add a condition (such as aws:PrincipalArn or sts:ExternalId)", rt.RoleName, strings.Join(msgs, "; "))
	return out
}
