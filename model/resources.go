package model

import (
	"fmt"
	"strings"

	"github.com/sekisho/sekisho/arn"
)

// ResourceOf finds the model's resource whose policy governs a request on
// an ARN: the resource itself, or the one it is part of. An S3 object
// shares its bucket's policy (arn:aws:s3:::BUCKET/KEY) or its access
// point's (.../accesspoint/NAME/object/KEY); execute-api ARNs
// (API-ID/STAGE/METHOD/PATH) share their REST API's; OpenSearch paths
// (domain/NAME/PATH) their domain's; a DynamoDB index (table/NAME/index/X)
// its table's; Glue databases, tables and functions the Data Catalog's
// (the resource-policy pages of each service's developer guide). nil when
// the model holds none.
func (m *Model) ResourceOf(arnStr string) *Resource {
	if r := m.Resources[arnStr]; r != nil {
		return r
	}
	a, err := arn.Parse(arnStr)
	if err != nil {
		return nil
	}
	if key := containerARN(a); key != "" {
		return m.Resources[key]
	}
	return nil
}

// containerARN is the ARN of the resource whose policy covers a, "" when
// a is its own resource.
func containerARN(a arn.ARN) string {
	head := "arn:" + a.Partition + ":" + a.Service + ":" + a.Region + ":" + a.AccountID + ":"
	first, rest, nested := strings.Cut(a.Resource, "/")
	switch a.Service {
	case "s3":
		if a.AccountID == "" && nested {
			return "arn:" + a.Partition + ":s3:::" + first
		}
		if first == "accesspoint" {
			name, _, _ := strings.Cut(rest, "/")
			return head + "accesspoint/" + name
		}
	case "execute-api":
		if nested {
			return head + first
		}
	case "es":
		if first == "domain" {
			name, _, _ := strings.Cut(rest, "/")
			return head + "domain/" + name
		}
	case "dynamodb":
		if table, sub, ok := strings.Cut(rest, "/"); first == "table" && ok && strings.HasPrefix(sub, "index/") {
			return head + "table/" + table
		}
	case "glue":
		switch first {
		case "database", "table", "userDefinedFunction", "connection":
			return head + "catalog"
		}
	}
	return ""
}

// TypeOfARN is the model's resource type of an ARN (OtherResource when the
// model has no such type).
func TypeOfARN(a arn.ARN) ResourceType { return typeOfARN(a) }

// typeOfARN is the model's resource type of an ARN (OtherResource when the
// model has no such type), for reporting what was not collected.
func typeOfARN(a arn.ARN) ResourceType {
	first, _, _ := strings.Cut(a.Resource, "/")
	switch a.Service {
	case "s3":
		if first == "accesspoint" {
			return AccessPoint
		}
		if a.AccountID == "" {
			return Bucket
		}
	case "kms":
		return Key
	case "sqs":
		return Queue
	case "sns":
		return Topic
	case "lambda":
		if strings.HasPrefix(a.Resource, "layer:") {
			return LayerVersion
		}
		return Function
	case "secretsmanager":
		return Secret
	case "ecr":
		return Repository
	case "dynamodb":
		if strings.Contains(a.Resource, "/stream/") {
			return TableStream
		}
		return Table
	case "events":
		return EventBus
	case "execute-api":
		return RestAPI
	case "elasticfilesystem":
		return FileSystem
	case "es":
		return SearchDomain
	case "backup":
		return BackupVault
	case "glacier":
		return GlacierVault
	case "kinesis":
		return DataStream
	case "glue":
		return GlueCatalog
	}
	return OtherResource
}

// notCollected is the error for a question whose resource policy the
// collector could not read: answering "no policy" could be wrong either
// way (a missing Deny, a missing cross-account Allow).
func (m *Model) notCollected(a arn.ARN, account, region string) error {
	t := typeOfARN(a)
	if len(m.Gaps) == 0 {
		return nil
	}
	if t == OtherResource {
		if g := m.notRead(a, account, region); g != nil {
			return fmt.Errorf("resource: %s cannot be decided: %s", a, g)
		}
		return nil
	}
	var g *Gap
	if account != "" {
		g = m.NotCollected(account, region, t)
	} else {
		for i := range m.Gaps { // an S3 bucket: its ARN names no account
			if m.Gaps[i].Type == t || m.Gaps[i].All {
				g = &m.Gaps[i]
				break
			}
		}
	}
	if g == nil {
		return nil
	}
	if g.Reason == "not read" {
		return fmt.Errorf("resource: %s cannot be decided: %s", a, g)
	}
	return fmt.Errorf("resource: %s cannot be decided: %s (manifest.json)", a, g)
}

// notRead finds a gap of data the loader did not read that covers a
// resource of a type the model has no name for (Gap.Service, Gap.Prefix).
func (m *Model) notRead(a arn.ARN, account, region string) *Gap {
	for i := range m.Gaps {
		g := &m.Gaps[i]
		if g.Type == OtherResource && g.Service == a.Service && strings.HasPrefix(a.Resource, g.Prefix) &&
			(account == "" || g.Account == account) && (g.Region == "" || g.Region == region) {
			return g
		}
	}
	return nil
}

// Covers returns the ARN patterns of the requests whose policy is the
// resource's (ResourceOf finds it for them): the resource itself and the
// parts that share its policy.
func (r *Resource) Covers() []string {
	out := []string{r.ARN}
	a, err := arn.Parse(r.ARN)
	if err != nil {
		return out
	}
	head := "arn:" + a.Partition + ":" + a.Service + ":" + a.Region + ":" + a.AccountID + ":"
	switch r.Type {
	case Bucket, AccessPoint, RestAPI, SearchDomain:
		out = append(out, r.ARN+"/*")
	case Table:
		out = append(out, r.ARN+"/index/*")
	case GlueCatalog:
		for _, p := range []string{"database", "table", "userDefinedFunction", "connection"} {
			out = append(out, head+p+"/*")
		}
	}
	return out
}
