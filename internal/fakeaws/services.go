package fakeaws

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// The regional services with resource policies: KMS, Secrets Manager and
// ECR speak JSON 1.1, SQS and DynamoDB JSON 1.0, SNS the query protocol,
// Lambda REST-JSON.

func init() {
	handlers["kms"] = func(c *call) { c.jsonCall("kms", kmsOps) }
	handlers["sqs"] = func(c *call) { c.jsonCall("sqs", sqsOps) }
	handlers["secretsmanager"] = func(c *call) { c.jsonCall("secretsmanager", secretOps) }
	handlers["ecr"] = func(c *call) { c.jsonCall("ecr", ecrOps) }
	handlers["dynamodb"] = func(c *call) { c.jsonCall("dynamodb", dynamoOps) }
	handlers["sns"] = func(c *call) { c.queryCall("http://sns.amazonaws.com/doc/2010-03-31/", snsOps) }
	handlers["lambda"] = func(c *call) { c.lambdaCall() }
}

func (c *call) reg() *Region {
	if r := c.acct().Regions[c.region]; r != nil {
		return r
	}
	return &Region{}
}

func find(list []*Named, name string) *Named {
	for _, n := range list {
		if n.Name == name {
			return n
		}
	}
	return nil
}

func notFound(code, what string) *apiError {
	return &apiError{http.StatusBadRequest, code, what + " not found"}
}

func (c *call) arn(service, res string) string {
	return fmt.Sprintf("arn:aws:%s:%s:%s:%s", service, c.region, c.account, res)
}

var kmsOps = map[string]jsonOp{
	"ListKeys": func(c *call, in map[string]any) (any, *apiError) {
		keys := []any{}
		for _, k := range c.reg().Keys {
			keys = append(keys, map[string]any{"KeyId": k.Name, "KeyArn": c.arn("kms", "key/"+k.Name)})
		}
		return map[string]any{"Keys": keys, "Truncated": false}, nil
	},
	"GetKeyPolicy": func(c *call, in map[string]any) (any, *apiError) {
		k := find(c.reg().Keys, str(in, "KeyId"))
		if k == nil {
			return nil, notFound("NotFoundException", "key")
		}
		return map[string]any{"Policy": k.Policy, "PolicyName": "default"}, nil
	},
	"ListGrants": func(c *call, in map[string]any) (any, *apiError) {
		k := find(c.reg().Keys, str(in, "KeyId"))
		if k == nil {
			return nil, notFound("NotFoundException", "key")
		}
		return map[string]any{"Grants": []any{map[string]any{"KeyId": c.arn("kms", "key/"+k.Name), "GrantId": "grant-1", "Name": "app",
			"GranteePrincipal": "arn:aws:iam::" + c.account + ":role/app", "Operations": []any{"Decrypt"}}}, "Truncated": false}, nil
	},
	"ListAliases": func(c *call, in map[string]any) (any, *apiError) {
		list := []any{}
		for _, k := range c.reg().Keys {
			list = append(list, map[string]any{"AliasName": "alias/app", "AliasArn": c.arn("kms", "alias/app"), "TargetKeyId": k.Name})
		}
		return map[string]any{"Aliases": list, "Truncated": false}, nil
	},
}

var sqsOps = map[string]jsonOp{
	"ListQueues": func(c *call, in map[string]any) (any, *apiError) {
		urls := []any{}
		for _, q := range c.reg().Queues {
			urls = append(urls, fmt.Sprintf("https://sqs.%s.amazonaws.com/%s/%s", c.region, c.account, q.Name))
		}
		return map[string]any{"QueueUrls": urls}, nil
	},
	"GetQueueAttributes": func(c *call, in map[string]any) (any, *apiError) {
		u := str(in, "QueueUrl")
		q := find(c.reg().Queues, u[strings.LastIndex(u, "/")+1:])
		if q == nil {
			return nil, notFound("QueueDoesNotExist", "queue")
		}
		attrs := map[string]any{"QueueArn": c.arn("sqs", q.Name)}
		if q.Policy != "" {
			attrs["Policy"] = q.Policy
		}
		return map[string]any{"Attributes": attrs}, nil
	},
}

var secretOps = map[string]jsonOp{
	"ListSecrets": func(c *call, in map[string]any) (any, *apiError) {
		list := []any{}
		for _, s := range c.reg().Secrets {
			list = append(list, map[string]any{"ARN": c.arn("secretsmanager", "secret:"+s.Name+"-AbCdEf"), "Name": s.Name})
		}
		return map[string]any{"SecretList": list}, nil
	},
	"GetResourcePolicy": func(c *call, in map[string]any) (any, *apiError) {
		id := str(in, "SecretId")
		for _, s := range c.reg().Secrets {
			if arn := c.arn("secretsmanager", "secret:"+s.Name+"-AbCdEf"); arn == id || s.Name == id {
				out := map[string]any{"ARN": arn, "Name": s.Name}
				if s.Policy != "" {
					out["ResourcePolicy"] = s.Policy
				}
				return out, nil
			}
		}
		return nil, notFound("ResourceNotFoundException", "secret")
	},
}

var ecrOps = map[string]jsonOp{
	"DescribeRepositories": func(c *call, in map[string]any) (any, *apiError) {
		list := []any{}
		for _, r := range c.reg().Repos {
			list = append(list, map[string]any{"repositoryName": r.Name, "repositoryArn": c.arn("ecr", "repository/"+r.Name),
				"registryId": c.account, "repositoryUri": c.account + ".dkr.ecr." + c.region + ".amazonaws.com/" + r.Name,
				"imageTagMutability": "IMMUTABLE"})
		}
		return map[string]any{"repositories": list}, nil
	},
	"GetRepositoryPolicy": func(c *call, in map[string]any) (any, *apiError) {
		r := find(c.reg().Repos, str(in, "repositoryName"))
		if r == nil || r.Policy == "" {
			return nil, notFound("RepositoryPolicyNotFoundException", "repository policy")
		}
		return map[string]any{"registryId": c.account, "repositoryName": r.Name, "policyText": r.Policy}, nil
	},
	"GetRegistryPolicy": func(c *call, in map[string]any) (any, *apiError) {
		if c.reg().RegistryPolicy == "" {
			return nil, notFound("RegistryPolicyNotFoundException", "registry policy")
		}
		return map[string]any{"registryId": c.account, "policyText": c.reg().RegistryPolicy}, nil
	},
}

var dynamoOps = map[string]jsonOp{
	"ListTables": func(c *call, in map[string]any) (any, *apiError) {
		names := []any{}
		for _, t := range c.reg().Tables {
			names = append(names, t.Name)
		}
		return map[string]any{"TableNames": names}, nil
	},
	"DescribeTable": func(c *call, in map[string]any) (any, *apiError) {
		t := find(c.reg().Tables, str(in, "TableName"))
		if t == nil {
			return nil, notFound("ResourceNotFoundException", "table")
		}
		return map[string]any{"Table": c.table(t)}, nil
	},
	"GetResourcePolicy": func(c *call, in map[string]any) (any, *apiError) {
		arn := str(in, "ResourceArn")
		for _, t := range c.reg().Tables {
			tab := c.table(t)
			switch {
			case arn == tab["TableArn"] && t.Policy != "":
				return map[string]any{"Policy": t.Policy, "RevisionId": "1"}, nil
			case arn == tab["LatestStreamArn"] && t.Extra != "":
				return map[string]any{"Policy": t.Extra, "RevisionId": "1"}, nil
			}
		}
		return nil, notFound("PolicyNotFoundException", "policy")
	},
}

func (c *call) table(t *Named) map[string]any {
	tab := map[string]any{"TableName": t.Name, "TableArn": c.arn("dynamodb", "table/"+t.Name), "TableStatus": "ACTIVE",
		"KeySchema": []any{map[string]any{"AttributeName": "id", "KeyType": "HASH"}}}
	if t.Version == 1 {
		tab["StreamSpecification"] = map[string]any{"StreamEnabled": true, "StreamViewType": "NEW_IMAGE"}
		tab["LatestStreamArn"] = c.arn("dynamodb", "table/"+t.Name+"/stream/2024-04-01T09:00:00.000")
		tab["LatestStreamLabel"] = "2024-04-01T09:00:00.000"
	}
	return tab
}

var snsOps = map[string]queryOp{
	"ListTopics": func(c *call) (any, *apiError) {
		list := []any{}
		for _, t := range c.reg().Topics {
			list = append(list, map[string]any{"TopicArn": c.arn("sns", t.Name)})
		}
		return map[string]any{"Topics": list}, nil
	},
	"GetTopicAttributes": func(c *call) (any, *apiError) {
		arn := c.r.PostForm.Get("TopicArn")
		t := find(c.reg().Topics, arn[strings.LastIndex(arn, ":")+1:])
		if t == nil {
			return nil, &apiError{http.StatusNotFound, "NotFound", "Topic does not exist"}
		}
		return map[string]any{"Attributes": queryMap{"TopicArn": arn, "Owner": c.account, "Policy": t.Policy}}, nil
	},
}

// lambdaCall answers Lambda's REST-JSON API.
func (c *call) lambdaCall() {
	c.errorf = func(status int, code, msg string) {
		c.w.Header().Set("X-Amzn-ErrorType", code)
		c.reply(status, "application/json", []byte(fmt.Sprintf(`{"Type":"User","Message":%q}`, msg)))
	}
	parts := strings.Split(strings.Trim(c.r.URL.EscapedPath(), "/"), "/")
	for i := range parts {
		parts[i], _ = url.PathUnescape(parts[i])
	}
	reg := c.reg()
	var out any
	var aerr *apiError
	policy := func(n *Named) {
		if n == nil || n.Policy == "" {
			aerr = &apiError{http.StatusNotFound, "ResourceNotFoundException", "The resource you requested does not exist."}
			return
		}
		out = map[string]any{"Policy": n.Policy, "RevisionId": "1"}
	}
	switch {
	case len(parts) == 2 && parts[1] == "functions":
		if !c.begin("lambda:ListFunctions", "") {
			return
		}
		list := []any{}
		for _, f := range reg.Functions {
			list = append(list, map[string]any{"FunctionName": f.Name, "FunctionArn": c.arn("lambda", "function:"+f.Name),
				"Runtime": "python3.12", "Role": "arn:aws:iam::" + c.account + ":role/app", "Handler": "index.handler", "MemorySize": 128.0})
		}
		out = map[string]any{"Functions": list}
	case len(parts) == 4 && parts[1] == "functions" && parts[3] == "policy":
		q := c.r.URL.Query().Get("Qualifier")
		res := parts[2]
		if q != "" {
			res += ":" + q
		}
		if !c.begin("lambda:GetPolicy", res) {
			return
		}
		f := find(reg.Functions, parts[2])
		if q != "" {
			f = qualified(f, q)
		}
		policy(f)
	case len(parts) == 4 && parts[1] == "functions" && (parts[3] == "versions" || parts[3] == "aliases"):
		op := map[string]string{"versions": "lambda:ListVersionsByFunction", "aliases": "lambda:ListAliases"}[parts[3]]
		if !c.begin(op, parts[2]) {
			return
		}
		f := find(reg.Functions, parts[2])
		if f == nil {
			aerr = &apiError{http.StatusNotFound, "ResourceNotFoundException", "The resource you requested does not exist."}
			break
		}
		out = c.functionQualifiers(f, parts[3] == "versions")
	case len(parts) == 2 && parts[1] == "layers":
		if !c.begin("lambda:ListLayers", "") {
			return
		}
		list := []any{}
		for _, l := range reg.Layers {
			arn := c.arn("lambda", "layer:"+l.Name)
			list = append(list, map[string]any{"LayerName": l.Name, "LayerArn": arn,
				"LatestMatchingVersion": map[string]any{"LayerVersionArn": fmt.Sprintf("%s:%d", arn, l.Version), "Version": float64(l.Version)}})
		}
		out = map[string]any{"Layers": list}
	case len(parts) == 6 && parts[1] == "layers" && parts[3] == "versions" && parts[5] == "policy":
		if !c.begin("lambda:GetLayerVersionPolicy", parts[2]) {
			return
		}
		policy(layerVersion(find(reg.Layers, parts[2]), parts[4]))
	case len(parts) == 4 && parts[1] == "layers" && parts[3] == "versions":
		if !c.begin("lambda:ListLayerVersions", parts[2]) {
			return
		}
		l := find(reg.Layers, parts[2])
		if l == nil {
			aerr = &apiError{http.StatusNotFound, "ResourceNotFoundException", "The resource you requested does not exist."}
			break
		}
		list := []any{}
		for _, v := range append([]*Named{l}, l.Sub...) {
			list = append(list, map[string]any{"LayerVersionArn": fmt.Sprintf("%s:%d", c.arn("lambda", "layer:"+l.Name), v.Version),
				"Version": float64(v.Version), "CreatedDate": "2024-04-01T09:00:00.000+0000", "CompatibleRuntimes": []any{"python3.12"}})
		}
		out = map[string]any{"LayerVersions": list}
	default:
		c.errorf(http.StatusNotFound, "UnknownOperationException", "not faked: "+c.r.URL.Path)
		return
	}
	if aerr != nil {
		c.errorf(aerr.status, aerr.code, aerr.msg)
		return
	}
	c.replyJSON(out)
}

// qualified is the version (Version) or alias (Name) q of function f
// among its Sub.
func qualified(f *Named, q string) *Named {
	if f == nil {
		return nil
	}
	for _, n := range f.Sub {
		if n.Name == q || n.Name == "" && fmt.Sprint(n.Version) == q {
			return n
		}
	}
	return nil
}

// functionQualifiers answers ListVersionsByFunction ($LATEST, then each
// published version) or ListAliases.
func (c *call) functionQualifiers(f *Named, versions bool) map[string]any {
	head := c.arn("lambda", "function:"+f.Name)
	list := []any{}
	if versions {
		list = append(list, map[string]any{"FunctionName": f.Name, "FunctionArn": head + ":$LATEST", "Version": "$LATEST", "Runtime": "python3.12", "CodeSize": 1024.0})
	}
	for _, n := range f.Sub {
		switch {
		case versions && n.Name == "":
			v := fmt.Sprint(n.Version)
			list = append(list, map[string]any{"FunctionName": f.Name, "FunctionArn": head + ":" + v, "Version": v, "Runtime": "python3.12", "CodeSize": 1024.0})
		case !versions && n.Name != "":
			list = append(list, map[string]any{"AliasArn": head + ":" + n.Name, "Name": n.Name, "FunctionVersion": fmt.Sprint(n.Version), "RevisionId": "1"})
		}
	}
	if versions {
		return map[string]any{"Versions": list}
	}
	return map[string]any{"Aliases": list}
}

// layerVersion is the version of layer l named v (l itself is the latest).
func layerVersion(l *Named, v string) *Named {
	if l == nil {
		return nil
	}
	for _, n := range append([]*Named{l}, l.Sub...) {
		if fmt.Sprint(n.Version) == v {
			return n
		}
	}
	return nil
}
