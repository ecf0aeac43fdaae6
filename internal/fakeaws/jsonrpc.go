package fakeaws

import (
	"encoding/json"
	"net/http"
	"strings"
)

// The JSON protocols (awsJson1_0, awsJson1_1): a POST whose X-Amz-Target
// header is "Prefix.Operation"; answers and errors in JSON, the error code
// in "__type".

type jsonOp func(c *call, in map[string]any) (any, *apiError)

func init() {
	handlers["organizations"] = func(c *call) { c.jsonCall("organizations", orgOps) }
}

func (c *call) jsonCall(prefix string, ops map[string]jsonOp) {
	c.errorf = func(status int, code, msg string) {
		body, _ := json.Marshal(map[string]any{"__type": code, "message": msg})
		c.w.Header().Set("X-Amzn-ErrorType", code)
		c.reply(status, "application/x-amz-json-1.1", body)
	}
	target := c.r.Header.Get("X-Amz-Target")
	_, name, _ := strings.Cut(target, ".")
	op, ok := ops[name]
	if !ok {
		c.errorf(http.StatusBadRequest, "UnknownOperationException", "not faked: "+target)
		return
	}
	in := c.jsonBody()
	if !c.begin(prefix+":"+name, resourceOf(in)) {
		return
	}
	out, aerr := op(c, in)
	if aerr != nil {
		c.errorf(aerr.status, aerr.code, aerr.msg)
		return
	}
	c.replyJSON(out)
}

func (c *call) replyJSON(out any) {
	body, _ := json.Marshal(out)
	c.reply(http.StatusOK, "application/x-amz-json-1.1", body)
}

func resourceOf(in map[string]any) string {
	for _, k := range []string{"ParentId", "PolicyId", "ResourceId", "Filter", "KeyId", "QueueUrl", "TopicArn", "SecretId", "repositoryName", "TableName", "ResourceArn", "ResourceARN", "StreamARN"} {
		if v, ok := in[k].(string); ok {
			return v
		}
	}
	return ""
}

func str(in map[string]any, k string) string {
	s, _ := in[k].(string)
	return s
}

var orgOps = map[string]jsonOp{
	"DescribeOrganization": func(c *call, in map[string]any) (any, *apiError) {
		if c.s.World.Org == nil {
			return nil, &apiError{http.StatusBadRequest, "AWSOrganizationsNotInUseException", "not in an organization"}
		}
		return map[string]any{"Organization": c.s.World.Org}, nil
	},
	"ListRoots": func(c *call, in map[string]any) (any, *apiError) {
		if c.account != c.s.World.Management {
			return nil, notManagement(c)
		}
		return map[string]any{"Roots": orEmpty(c.s.World.Roots)}, nil
	},
	"ListOrganizationalUnitsForParent": func(c *call, in map[string]any) (any, *apiError) {
		return map[string]any{"OrganizationalUnits": orEmpty(c.s.World.OUs[str(in, "ParentId")])}, nil
	},
	"ListAccountsForParent": func(c *call, in map[string]any) (any, *apiError) {
		return paged(in, "Accounts", c.s.World.Children[str(in, "ParentId")]), nil
	},
	"ListPolicies": func(c *call, in map[string]any) (any, *apiError) {
		return map[string]any{"Policies": orEmpty(c.s.World.Policies[str(in, "Filter")])}, nil
	},
	"DescribePolicy": func(c *call, in map[string]any) (any, *apiError) {
		p, ok := c.s.World.Policy[str(in, "PolicyId")]
		if !ok {
			return nil, &apiError{http.StatusBadRequest, "PolicyNotFoundException", "no such policy"}
		}
		return map[string]any{"Policy": p}, nil
	},
	"ListTargetsForPolicy": func(c *call, in map[string]any) (any, *apiError) {
		return map[string]any{"Targets": orEmpty(c.s.World.Targets[str(in, "PolicyId")])}, nil
	},
	"ListDelegatedAdministrators": func(c *call, in map[string]any) (any, *apiError) {
		return map[string]any{"DelegatedAdministrators": orEmpty(c.s.World.Delegated)}, nil
	},
	"ListTagsForResource": func(c *call, in map[string]any) (any, *apiError) {
		a := c.s.World.Accounts[str(in, "ResourceId")]
		if a == nil {
			return nil, &apiError{http.StatusBadRequest, "TargetNotFoundException", "no such account"}
		}
		return map[string]any{"Tags": orEmpty(a.Tags)}, nil
	},
}

func notManagement(c *call) *apiError {
	return &apiError{http.StatusBadRequest, "AccessDeniedException", "You don't have permissions to access this resource."}
}

// paged answers a list two items a page, following NextToken, so that the
// collector must merge pages.
func paged(in map[string]any, key string, items []any) map[string]any {
	start := tokenStart(in)
	end := min(start+2, len(items))
	out := map[string]any{key: orEmpty(items[min(start, end):end])}
	if end < len(items) {
		out["NextToken"] = itoa(end)
	}
	return out
}

// tokenStart is the index of the first item of the page NextToken asks for.
func tokenStart(in map[string]any) int {
	start := 0
	for _, ch := range str(in, "NextToken") {
		start = start*10 + int(ch-'0')
	}
	return start
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}
