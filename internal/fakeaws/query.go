package fakeaws

import (
	"encoding/json"
	"fmt"
	"hash/crc32"
	"net/http"
	"strconv"
	"strings"
)

// The query protocol (IAM, STS, EC2): a form-encoded POST naming the
// Action; answers in XML, errors as ErrorResponse (EC2: Response/Errors).

func init() {
	handlers["iam"] = func(c *call) { c.queryCall("https://iam.amazonaws.com/doc/2010-05-08/", iamOps) }
	handlers["sts"] = func(c *call) { c.queryCall("https://sts.amazonaws.com/doc/2011-06-15/", stsOps) }
	handlers["ec2"] = func(c *call) { c.ec2Call() }
}

type queryOp func(c *call) (result any, err *apiError)

type apiError struct {
	status    int
	code, msg string
}

func (c *call) queryCall(ns string, ops map[string]queryOp) {
	if err := c.r.ParseForm(); err != nil {
		http.Error(c.w, err.Error(), http.StatusBadRequest)
		return
	}
	action := c.r.PostForm.Get("Action")
	c.errorf = func(status int, code, msg string) {
		var x xmlWriter
		x.open("ErrorResponse", "xmlns", ns)
		x.open("Error")
		x.leaf("Type", "Sender")
		x.leaf("Code", code)
		x.leaf("Message", msg)
		x.close("Error")
		x.leaf("RequestId", "fake-request")
		x.close("ErrorResponse")
		c.reply(status, "text/xml", x.b.Bytes())
	}
	op, ok := ops[action]
	if !ok {
		c.errorf(http.StatusBadRequest, "InvalidAction", "not faked: "+action)
		return
	}
	if !c.begin(c.service+":"+action, c.resourceParam()) {
		return
	}
	res, aerr := op(c)
	if aerr != nil {
		c.errorf(aerr.status, aerr.code, aerr.msg)
		return
	}
	var x xmlWriter
	x.open(action+"Response", "xmlns", ns)
	x.query(action+"Result", res)
	x.open("ResponseMetadata")
	x.leaf("RequestId", "fake-request")
	x.close("ResponseMetadata")
	x.close(action + "Response")
	c.reply(http.StatusOK, "text/xml", x.b.Bytes())
}

func (c *call) resourceParam() string {
	for _, k := range []string{"OpenIDConnectProviderArn", "RoleArn", "Marker", "NextToken"} {
		if v := c.r.PostForm.Get(k); v != "" {
			return v
		}
	}
	return ""
}

func (c *call) reply(status int, contentType string, body []byte) {
	if c.service == "dynamodb" { // DynamoDB signs its answers with a CRC32 the SDK checks
		c.w.Header().Set("X-Amz-Crc32", strconv.FormatUint(uint64(crc32.ChecksumIEEE(body)), 10))
	}
	c.w.Header().Set("Content-Type", contentType)
	c.w.Header().Set("x-amzn-RequestId", "fake-request")
	c.w.WriteHeader(status)
	c.w.Write(body)
}

func (c *call) acct() *Account { return c.s.World.Accounts[c.account] }

var stsOps = map[string]queryOp{
	"GetCallerIdentity": func(c *call) (any, *apiError) {
		arn := fmt.Sprintf("arn:aws:iam::%s:user/collector", c.account)
		if c.account != c.s.World.Management {
			arn = fmt.Sprintf("arn:aws:sts::%s:assumed-role/OrganizationAccountAccessRole/sekisho-collect", c.account)
		}
		return map[string]any{"Arn": arn, "UserId": "AIDAFAKE", "Account": c.account}, nil
	},
	"AssumeRole": func(c *call) (any, *apiError) {
		role := c.r.PostForm.Get("RoleArn")
		parts := strings.Split(role, ":")
		if len(parts) != 6 || c.s.World.Accounts[parts[4]] == nil {
			return nil, &apiError{http.StatusForbidden, "AccessDenied", "no such role: " + role}
		}
		key := "ASIAFAKE" + parts[4]
		c.s.mu.Lock()
		c.s.keys[key] = parts[4]
		c.s.SessionNames = append(c.s.SessionNames, c.r.PostForm.Get("RoleSessionName"))
		c.s.mu.Unlock()
		return map[string]any{
			"Credentials": map[string]any{"AccessKeyId": key, "SecretAccessKey": "fake-secret", "SessionToken": "fake-token",
				"Expiration": "2099-01-01T00:00:00Z"},
			"AssumedRoleUser": map[string]any{"Arn": fmt.Sprintf("arn:aws:sts::%s:assumed-role/x/%s", parts[4], c.r.PostForm.Get("RoleSessionName")),
				"AssumedRoleId": "AROAFAKE:" + c.r.PostForm.Get("RoleSessionName")},
		}, nil
	},
}

var iamOps = map[string]queryOp{
	"GetAccountAuthorizationDetails": func(c *call) (any, *apiError) {
		// Two pages: users and groups, then roles and policies, so that the
		// collector must merge them.
		g := c.acct().GAAD
		if c.r.PostForm.Get("Marker") == "" {
			return map[string]any{"UserDetailList": orEmpty(g["UserDetailList"]), "GroupDetailList": orEmpty(g["GroupDetailList"]),
				"IsTruncated": true, "Marker": "page2"}, nil
		}
		return map[string]any{"RoleDetailList": orEmpty(g["RoleDetailList"]), "Policies": orEmpty(g["Policies"]), "IsTruncated": false}, nil
	},
	"ListOpenIDConnectProviders": func(c *call) (any, *apiError) {
		list := []any{}
		for _, arn := range sortedKeys(anyMap(c.acct().OIDC)) {
			list = append(list, map[string]any{"Arn": arn})
		}
		return map[string]any{"OpenIDConnectProviderList": list}, nil
	},
	"GetOpenIDConnectProvider": func(c *call) (any, *apiError) {
		p, ok := c.acct().OIDC[c.r.PostForm.Get("OpenIDConnectProviderArn")]
		if !ok {
			return nil, &apiError{http.StatusNotFound, "NoSuchEntity", "no such provider"}
		}
		return p, nil
	},
	"ListSAMLProviders": func(c *call) (any, *apiError) {
		return map[string]any{"SAMLProviderList": orEmpty(c.acct().SAML)}, nil
	},
	"ListInstanceProfiles": func(c *call) (any, *apiError) {
		return map[string]any{"InstanceProfiles": orEmpty(c.acct().InstanceProfiles), "IsTruncated": false}, nil
	},
}

func orEmpty(v any) any {
	if v == nil {
		return []any{}
	}
	return v
}

func anyMap[T any](m map[string]T) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// ec2Call answers the EC2 query protocol.
func (c *call) ec2Call() {
	if err := c.r.ParseForm(); err != nil {
		http.Error(c.w, err.Error(), http.StatusBadRequest)
		return
	}
	action := c.r.PostForm.Get("Action")
	c.errorf = func(status int, code, msg string) {
		var x xmlWriter
		x.open("Response")
		x.open("Errors")
		x.open("Error")
		x.leaf("Code", code)
		x.leaf("Message", msg)
		x.close("Error")
		x.close("Errors")
		x.leaf("RequestID", "fake-request")
		x.close("Response")
		c.reply(status, "text/xml", x.b.Bytes())
	}
	list, ok := ec2Ops[action]
	if !ok {
		c.errorf(http.StatusBadRequest, "InvalidAction", "not faked: "+action)
		return
	}
	if !c.begin("ec2:"+action, c.r.PostForm.Get("NextToken")) {
		return
	}
	var items []any
	if action == "DescribeRegions" {
		for _, r := range Regions {
			items = append(items, map[string]any{"RegionName": r, "Endpoint": "ec2." + r + ".amazonaws.com", "OptInStatus": "opt-in-not-required"})
		}
	} else if reg := c.acct().Regions[c.region]; reg != nil {
		items = reg.EC2[list]
	}
	// DescribeInstances answers one reservation per page, so that the
	// collector must follow NextToken.
	next := ""
	if action == "DescribeInstances" && len(items) > 1 {
		var page int
		fmt.Sscanf(c.r.PostForm.Get("NextToken"), "page%d", &page)
		if page+1 < len(items) {
			next = fmt.Sprintf("page%d", page+1)
		}
		items = items[page : page+1]
	}
	var x xmlWriter
	x.open(action+"Response", "xmlns", "http://ec2.amazonaws.com/doc/2016-11-15/")
	x.leaf("requestId", "fake-request")
	x.ec2(ec2Name(list, []any{}), orEmpty(items))
	if next != "" {
		x.leaf("nextToken", next)
	}
	x.close(action + "Response")
	c.reply(http.StatusOK, "text/xml", x.b.Bytes())
}

var ec2Ops = map[string]string{
	"DescribeRegions": "Regions", "DescribeVpcs": "Vpcs", "DescribeSubnets": "Subnets", "DescribeRouteTables": "RouteTables",
	"DescribeInternetGateways": "InternetGateways", "DescribeVpcEndpoints": "VpcEndpoints", "DescribeInstances": "Reservations",
}

// jsonBody is a decoded JSON request body.
func (c *call) jsonBody() map[string]any {
	var m map[string]any
	json.NewDecoder(c.r.Body).Decode(&m)
	if m == nil {
		m = map[string]any{}
	}
	return m
}
