package fakeaws

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// The REST-JSON services (API Gateway, EFS, OpenSearch, Backup, Glacier):
// the operation is the method and path (each service's API Reference
// gives its request syntax), answers are JSON, errors carry their code in
// the X-Amzn-ErrorType header.

// route is one REST operation: a GET on a path whose "{}" segments are
// parameters, named as its IAM action for faults and the request log.
type route struct {
	path   string // "/2015-02-01/file-systems/{}/policy"
	action string // "elasticfilesystem:DescribeFileSystemPolicy"
	answer func(c *call, params []string) (any, *apiError)
}

func init() {
	handlers["apigateway"] = func(c *call) { c.restCall(apigatewayRoutes) }
	handlers["elasticfilesystem"] = func(c *call) { c.restCall(efsRoutes) }
	handlers["es"] = func(c *call) { c.restCall(openSearchRoutes) }
	handlers["backup"] = func(c *call) { c.restCall(backupRoutes) }
	handlers["glacier"] = func(c *call) { c.restCall(glacierRoutes) }
}

func (c *call) restCall(routes []route) {
	c.errorf = func(status int, code, msg string) {
		c.w.Header().Set("X-Amzn-ErrorType", code)
		c.reply(status, "application/json", []byte(fmt.Sprintf(`{"message":%q}`, msg)))
	}
	parts := splitPath(c.r.URL.EscapedPath())
	for _, rt := range routes {
		params, ok := matchPath(strings.Split(strings.Trim(rt.path, "/"), "/"), parts)
		if !ok || c.r.Method != http.MethodGet {
			continue
		}
		res := ""
		if len(params) > 0 {
			res = params[len(params)-1]
		}
		if !c.begin(rt.action, res) {
			return
		}
		out, aerr := rt.answer(c, params)
		if aerr != nil {
			c.errorf(aerr.status, aerr.code, aerr.msg)
			return
		}
		c.replyJSON(out)
		return
	}
	c.errorf(http.StatusNotFound, "UnknownOperationException", "not faked: "+c.r.Method+" "+c.r.URL.Path)
}

func splitPath(p string) []string {
	parts := strings.Split(strings.Trim(p, "/"), "/")
	for i := range parts {
		parts[i], _ = url.PathUnescape(parts[i])
	}
	return parts
}

func matchPath(pattern, parts []string) ([]string, bool) {
	if len(pattern) != len(parts) {
		return nil, false
	}
	var params []string
	for i, p := range pattern {
		switch {
		case p == "{}":
			params = append(params, parts[i])
		case p != parts[i]:
			return nil, false
		}
	}
	return params, true
}

// epoch is 2024-04-01T09:00:00Z, as the JSON protocols send timestamps
// (seconds since the epoch).
const epoch = 1711962000.0

func noSuch(code string) *apiError {
	return &apiError{http.StatusNotFound, code, "The specified resource does not exist."}
}

// pageOf answers a list one item a page, following a token in the query
// parameter q, so that the collector must follow pages; next names the
// answer's token member.
func pageOf(c *call, q, next, key string, items []any) map[string]any {
	in := map[string]any{}
	if t := c.r.URL.Query().Get(q); t != "" {
		in["NextToken"] = t
	}
	out := paged(in, key, items)
	if t, ok := out["NextToken"]; ok && next != "NextToken" {
		delete(out, "NextToken")
		out[next] = t
	}
	return out
}

var apigatewayRoutes = []route{
	{"/restapis", "apigateway:GET", func(c *call, _ []string) (any, *apiError) {
		items := []any{}
		for _, a := range c.reg().RestAPIs {
			item := map[string]any{"id": a.Name, "name": a.Extra, "createdDate": epoch, "apiKeySource": "HEADER",
				"endpointConfiguration": map[string]any{"types": []any{"REGIONAL"}}, "disableExecuteApiEndpoint": false,
				"rootResourceId": "root" + a.Name}
			if a.Policy != "" {
				// API Gateway answers the policy with its quotes escaped
				// ({\"Version\":...}), and the AWS CLI prints it so.
				item["policy"] = strings.ReplaceAll(a.Policy, `"`, `\"`)
			}
			items = append(items, item)
		}
		// The wire names the list "item"; the AWS CLI prints it as "items".
		return pageOf(c, "position", "position", "item", items), nil
	}},
}

var efsRoutes = []route{
	{"/2015-02-01/file-systems", "elasticfilesystem:DescribeFileSystems", func(c *call, _ []string) (any, *apiError) {
		list := []any{}
		for _, f := range c.reg().FileSystems {
			list = append(list, map[string]any{"OwnerId": c.account, "CreationToken": "token-" + f.Name, "FileSystemId": f.Name,
				"FileSystemArn": c.arn("elasticfilesystem", "file-system/"+f.Name), "CreationTime": epoch, "LifeCycleState": "available",
				"NumberOfMountTargets": 1.0, "SizeInBytes": map[string]any{"Value": 6144.0}, "PerformanceMode": "generalPurpose",
				"Encrypted": true, "ThroughputMode": "bursting", "Tags": []any{}})
		}
		return pageOf(c, "Marker", "NextMarker", "FileSystems", list), nil
	}},
	{"/2015-02-01/file-systems/{}/policy", "elasticfilesystem:DescribeFileSystemPolicy", func(c *call, p []string) (any, *apiError) {
		f := find(c.reg().FileSystems, p[0])
		switch {
		case f == nil:
			return nil, noSuch("FileSystemNotFound")
		case f.Policy == "":
			return nil, noSuch("PolicyNotFound")
		}
		return map[string]any{"FileSystemId": f.Name, "Policy": f.Policy}, nil
	}},
}

var openSearchRoutes = []route{
	{"/2021-01-01/domain", "es:ListDomainNames", func(c *call, _ []string) (any, *apiError) {
		list := []any{}
		for _, d := range c.reg().Domains {
			list = append(list, map[string]any{"DomainName": d.Name, "EngineType": "OpenSearch"})
		}
		return map[string]any{"DomainNames": list}, nil
	}},
	{"/2021-01-01/opensearch/domain/{}", "es:DescribeDomain", func(c *call, p []string) (any, *apiError) {
		d := find(c.reg().Domains, p[0])
		if d == nil {
			return nil, noSuch("ResourceNotFoundException")
		}
		// A domain without an access policy answers "" (OpenSearch Service
		// API Reference, DomainStatus.AccessPolicies).
		return map[string]any{"DomainStatus": map[string]any{"DomainId": c.account + "/" + d.Name, "DomainName": d.Name,
			"ARN": c.arn("es", "domain/"+d.Name), "Created": true, "Deleted": false, "Processing": false, "UpgradeProcessing": false,
			"Endpoint": "search-" + d.Name + "." + c.region + ".es.amazonaws.com", "EngineVersion": "OpenSearch_2.13",
			"ClusterConfig": map[string]any{"InstanceType": "t3.small.search", "InstanceCount": 1.0}, "AccessPolicies": d.Policy}}, nil
	}},
}

var backupRoutes = []route{
	{"/backup-vaults", "backup:ListBackupVaults", func(c *call, _ []string) (any, *apiError) {
		list := []any{}
		for _, v := range c.reg().BackupVaults {
			list = append(list, map[string]any{"BackupVaultName": v.Name, "BackupVaultArn": c.arn("backup", "backup-vault:"+v.Name),
				"CreationDate": epoch, "EncryptionKeyArn": c.arn("kms", "key/backup"), "NumberOfRecoveryPoints": 4.0, "Locked": false,
				"VaultType": "BACKUP_VAULT", "VaultState": "AVAILABLE"})
		}
		return pageOf(c, "nextToken", "NextToken", "BackupVaultList", list), nil
	}},
	{"/backup-vaults/{}/access-policy", "backup:GetBackupVaultAccessPolicy", func(c *call, p []string) (any, *apiError) {
		v := find(c.reg().BackupVaults, p[0])
		if v == nil || v.Policy == "" {
			return nil, noSuch("ResourceNotFoundException")
		}
		return map[string]any{"BackupVaultName": v.Name, "BackupVaultArn": c.arn("backup", "backup-vault:"+v.Name), "Policy": v.Policy}, nil
	}},
}

// Glacier's paths start with the account id, "-" for the caller's.
var glacierRoutes = []route{
	{"/{}/vaults", "glacier:ListVaults", func(c *call, p []string) (any, *apiError) {
		if aerr := c.glacierAccount(p[0]); aerr != nil {
			return nil, aerr
		}
		list := []any{}
		for _, v := range c.reg().GlacierVaults {
			list = append(list, map[string]any{"VaultARN": c.arn("glacier", "vaults/"+v.Name), "VaultName": v.Name,
				"CreationDate": "2024-04-01T09:00:00.000Z", "NumberOfArchives": 2.0, "SizeInBytes": 4096.0})
		}
		return pageOf(c, "marker", "Marker", "VaultList", list), nil
	}},
	{"/{}/vaults/{}/access-policy", "glacier:GetVaultAccessPolicy", func(c *call, p []string) (any, *apiError) {
		if aerr := c.glacierAccount(p[0]); aerr != nil {
			return nil, aerr
		}
		v := find(c.reg().GlacierVaults, p[1])
		if v == nil || v.Policy == "" {
			return nil, noSuch("ResourceNotFoundException")
		}
		// The answer's body is the VaultAccessPolicy itself.
		return map[string]any{"Policy": v.Policy}, nil
	}},
}

func (c *call) glacierAccount(id string) *apiError {
	if id != "-" && id != c.account {
		return &apiError{http.StatusForbidden, "AccessDeniedException", "account " + id + " is not the caller's"}
	}
	return nil
}

// EventBridge, Kinesis and Glue speak JSON 1.1.
func init() {
	handlers["events"] = func(c *call) { c.jsonCall("events", eventsOps) }
	handlers["kinesis"] = func(c *call) { c.jsonCall("kinesis", kinesisOps) }
	handlers["glue"] = func(c *call) { c.jsonCall("glue", glueOps) }
}

var eventsOps = map[string]jsonOp{
	"ListEventBuses": func(c *call, in map[string]any) (any, *apiError) {
		list := []any{}
		for _, b := range c.reg().Buses {
			bus := map[string]any{"Name": b.Name, "Arn": c.arn("events", "event-bus/"+b.Name), "CreationTime": epoch, "LastModifiedTime": epoch}
			if b.Policy != "" {
				bus["Policy"] = b.Policy
			}
			list = append(list, bus)
		}
		return paged(in, "EventBuses", list), nil
	},
}

func (c *call) streamARN(name string) string { return c.arn("kinesis", "stream/"+name) }

func consumerARN(stream, name string) string { return stream + "/consumer/" + name + ":1711962000" }

var kinesisOps = map[string]jsonOp{
	"ListStreams": func(c *call, in map[string]any) (any, *apiError) {
		names, sums := []any{}, []any{}
		for _, s := range c.reg().Streams {
			names = append(names, s.Name)
			sums = append(sums, map[string]any{"StreamName": s.Name, "StreamARN": c.streamARN(s.Name), "StreamStatus": "ACTIVE",
				"StreamModeDetails": map[string]any{"StreamMode": "ON_DEMAND"}, "StreamCreationTimestamp": epoch})
		}
		page := paged(in, "StreamSummaries", sums)
		start := min(tokenStart(in), len(names))
		page["StreamNames"] = names[start : start+len(page["StreamSummaries"].([]any))]
		page["HasMoreStreams"] = page["NextToken"] != nil
		return page, nil
	},
	"ListStreamConsumers": func(c *call, in map[string]any) (any, *apiError) {
		s := c.stream(str(in, "StreamARN"))
		if s == nil {
			return nil, notFound("ResourceNotFoundException", "stream")
		}
		list := []any{}
		for _, k := range s.Sub {
			list = append(list, map[string]any{"ConsumerName": k.Name, "ConsumerARN": consumerARN(c.streamARN(s.Name), k.Name),
				"ConsumerStatus": "ACTIVE", "ConsumerCreationTimestamp": epoch})
		}
		return paged(in, "Consumers", list), nil
	},
	"GetResourcePolicy": func(c *call, in map[string]any) (any, *apiError) {
		arn := str(in, "ResourceARN")
		for _, s := range c.reg().Streams {
			if arn == c.streamARN(s.Name) {
				return map[string]any{"Policy": orNone(s.Policy)}, nil
			}
			for _, k := range s.Sub {
				if arn == consumerARN(c.streamARN(s.Name), k.Name) {
					return map[string]any{"Policy": orNone(k.Policy)}, nil
				}
			}
		}
		return nil, notFound("ResourceNotFoundException", "stream or consumer")
	},
}

// orNone is the fake's answer for a stream or consumer without a policy:
// an empty one. The Kinesis API Reference (GetResourcePolicy) makes Policy
// a required member of the answer and does not say what a resource without
// a policy returns; "{}" is an assumption, which the collector reads as
// absent (as it does "" and ResourceNotFoundException).
func orNone(policy string) string {
	if policy == "" {
		return "{}"
	}
	return policy
}

func (c *call) stream(arn string) *Named {
	for _, s := range c.reg().Streams {
		if c.streamARN(s.Name) == arn {
			return s
		}
	}
	return nil
}

var glueOps = map[string]jsonOp{
	"GetResourcePolicy": func(c *call, in map[string]any) (any, *apiError) {
		if c.reg().CatalogPolicy == "" {
			return nil, notFound("EntityNotFoundException", "Policy")
		}
		return map[string]any{"PolicyInJson": c.reg().CatalogPolicy, "PolicyHash": "hash-" + c.account,
			"CreateTime": epoch, "UpdateTime": epoch}, nil
	},
}
