package remediate

import (
	"context"
	"encoding/json"
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

// createUserParams and createUserResponse are the parts of the CloudTrail
// record of CreateUser that name the user.
type createUserParams struct {
	UserName string `json:"userName"`
}

type createUserResponse struct {
	User struct {
		UserName string `json:"userName"`
		Arn      string `json:"arn"`
	} `json:"user"`
}

// createdUser returns the new user's name: from responseElements, as seed
// 001's function reads it, or from requestParameters.
func createdUser(ev *Event) (string, error) {
	var resp createUserResponse
	if len(ev.Detail.ResponseElements) > 0 && string(ev.Detail.ResponseElements) != "null" {
		if err := json.Unmarshal(ev.Detail.ResponseElements, &resp); err != nil {
			return "", fmt.Errorf("detail.responseElements: %w", err)
		}
		if resp.User.UserName != "" {
			return resp.User.UserName, nil
		}
	}
	var req createUserParams
	if len(ev.Detail.RequestParameters) > 0 && string(ev.Detail.RequestParameters) != "null" {
		if err := json.Unmarshal(ev.Detail.RequestParameters, &req); err != nil {
			return "", fmt.Errorf("detail.requestParameters: %w", err)
		}
	}
	if req.UserName == "" {
		return "", fmt.Errorf("the CreateUser record names no user: expected detail.responseElements.user.userName or detail.requestParameters.userName")
	}
	return req.UserName, nil
}

// roleTrust is the part of the CloudTrail records of CreateRole
// (assumeRolePolicyDocument) and UpdateAssumeRolePolicy (policyDocument)
// that the trust check reads.
type roleTrust struct {
	RoleName       string `json:"roleName"`
	AssumeRoleDoc  string `json:"assumeRolePolicyDocument"`
	PolicyDocument string `json:"policyDocument"`
}

func (r *Remediator) reportBroadTrust(_ context.Context, ev *Event) Outcome {
	out := Outcome{Status: StatusIgnored}
	var rt roleTrust
	if err := json.Unmarshal(ev.Detail.RequestParameters, &rt); err != nil || rt.RoleName == "" {
		out.Status, out.Message = StatusFailed, "the record names no role: expected detail.requestParameters.roleName"
		if err != nil {
			out.Error = "detail.requestParameters: " + err.Error()
		}
		return out
	}
	out.Role = rt.RoleName
	doc := rt.AssumeRoleDoc
	if ev.Detail.EventName == "UpdateAssumeRolePolicy" {
		doc = rt.PolicyDocument
	}
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
