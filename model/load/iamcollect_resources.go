package load

import (
	"strings"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/policy"
)

// The resource directories of an iam-collect layout that carry a resource
// policy: metadata.json names the resource ("arn"), policy.json holds its
// policy decoded (absent: none), tags.json its tags. Buckets add bpa.json
// (their Block Public Access configuration) and say their Region in
// metadata ("region": a bucket's ARN has none); VPC endpoints keep their
// policy in endpoint-policy.json.

// icName is a resource's name: metadata's "name", else the ARN's resource
// part after its type.
func icName(res icRes) (string, error) {
	name, err := icMeta(res, "name")
	if name == "" && err == nil {
		name = strings.TrimPrefix(res.arn.Resource, icTypePrefix(res.arn))
	}
	return name, err
}

// icPolicyResource reads a resource with a resource policy: a KMS key, an
// SQS queue, an SNS topic, a Lambda function or layer version, a secret, an
// ECR repository, a DynamoDB table or stream, an EventBridge event bus, an
// EFS file system, an OpenSearch domain, a Backup or Glacier vault, a
// Kinesis stream, the Glue Data Catalog.
func (b *builder) icPolicyResource(d *icDir, res icRes) error {
	b.icAccount(d)
	s := res.arn.String()
	t := model.TypeOfARN(res.arn)
	m := res.meta
	out := &model.Resource{ARN: s, Type: t, Account: d.path.account, Region: res.arn.Region, Where: m.r.where(m.n, node.Root)}
	var err error
	if out.Name, err = icName(res); err != nil {
		return err
	}
	if err := icResourceFiles(d, out); err != nil {
		return err
	}
	return b.addResource(out)
}

// icResourceFiles reads policy.json and tags.json into a resource.
func icResourceFiles(d *icDir, out *model.Resource) error {
	var err error
	if f, ok := d.get("policy"); ok {
		if out.Policy, err = icDocument(f, policy.Resource, out.ARN+" "+out.Type.PolicyLabel()); err != nil {
			return err
		}
		out.Where = f.r.where(f.n, node.Root)
	}
	out.Tags, err = icTags(d)
	return err
}

// icBucket reads an S3 general purpose bucket: its Region from metadata,
// its policy, Block Public Access and tags.
func (b *builder) icBucket(d *icDir, res icRes) error {
	b.icAccount(d)
	m := res.meta
	region, err := m.r.reqStr(m.n, node.Root, "region")
	if err != nil {
		return err
	}
	if !isRegion(region) {
		return m.r.errf(m.n.Get("region"), node.Root.Key("region"), "expected a Region (us-east-1), got %q", region)
	}
	out := &model.Resource{ARN: res.arn.String(), Type: model.Bucket, Name: res.arn.Resource, Account: d.path.account, Region: region,
		Where: m.r.where(m.n, node.Root)}
	if err := icResourceFiles(d, out); err != nil {
		return err
	}
	if err := icBPA(d, out); err != nil {
		return err
	}
	return b.addResource(out)
}

// icEndpoint reads a VPC endpoint: metadata {"id", "vpc" (the VPC's ARN),
// "type", "serviceName"} and endpoint-policy.json. As with
// describe-vpc-endpoints, only Gateway and Interface endpoints are read
// (the other types carry no AWS API calls); iam-collect keeps only
// available ones. iam-collect records no route tables: a gateway endpoint
// is taken as routed for its whole VPC (docs/model.md).
func (b *builder) icEndpoint(d *icDir, res icRes) error {
	m := res.meta
	e := &model.Endpoint{Account: d.path.account, Region: res.arn.Region, Where: m.r.where(m.n, node.Root)}
	var err error
	if e.ID, err = m.r.reqStr(m.n, node.Root, "id"); err != nil {
		return err
	}
	if res.arn.Resource != "vpc-endpoint/"+e.ID {
		return m.r.errf(m.n.Get("id"), node.Root.Key("id"), "id %s is not the endpoint of the arn %s", e.ID, res.arn)
	}
	typ, err := m.r.reqStr(m.n, node.Root, "type")
	if err != nil {
		return err
	}
	var ok bool
	if e.Type, ok = awsEndpointType(typ); !ok {
		return nil
	}
	vpc, err := m.r.reqStr(m.n, node.Root, "vpc")
	if err != nil {
		return err
	}
	va, err := arn.Parse(vpc)
	if err != nil || !strings.HasPrefix(va.Resource, "vpc/") || va.AccountID != e.Account || va.Region != e.Region {
		return m.r.errf(m.n.Get("vpc"), node.Root.Key("vpc"), "expected the ARN of a VPC of account %s in %s (arn:aws:ec2:%s:%s:vpc/VPC-ID), got %q",
			e.Account, e.Region, e.Region, e.Account, vpc)
	}
	e.VPC = strings.TrimPrefix(va.Resource, "vpc/")
	if e.ServiceName, err = m.r.reqStr(m.n, node.Root, "serviceName"); err != nil {
		return err
	}
	parts := strings.SplitN(e.ServiceName, ".", 4)
	if len(parts) != 4 || parts[2] != e.Region {
		return m.r.errf(m.n.Get("serviceName"), node.Root.Key("serviceName"), "expected com.amazonaws.%s.SERVICE, got %q", e.Region, e.ServiceName)
	}
	e.Service = parts[3]
	if f, ok := d.get("endpoint-policy"); ok {
		if e.Policy, err = icDocument(f, policy.Endpoint, e.ARN()+" endpoint policy"); err != nil {
			return err
		}
	}
	b.icAccount(d)
	b.ensureVPC(&model.VPC{ID: e.VPC, Account: e.Account, Region: e.Region, Where: e.Where})
	return b.addEndpoint(e)
}

// icRestAPI reads an API Gateway REST API. iam-collect names it by the
// API's own ARN (arn:aws:apigateway:REGION::/restapis/ID, which names no
// account) and stores its policy decoded; the policy governs
// execute-api:Invoke, so the model keeps it under
// arn:aws:execute-api:REGION:ACCOUNT:ID, as for get-rest-apis
// (awscli_apigateway.go).
func (b *builder) icRestAPI(d *icDir, res icRes) error {
	b.icAccount(d)
	m := res.meta
	id := strings.TrimPrefix(res.arn.Resource, "/restapis/")
	out := &model.Resource{ARN: "arn:aws:execute-api:" + res.arn.Region + ":" + d.path.account + ":" + id, Type: model.RestAPI,
		Account: d.path.account, Region: res.arn.Region, Where: m.r.where(m.n, node.Root)}
	var err error
	if out.Name, err = icMeta(res, "name"); err != nil {
		return err
	}
	if err := icResourceFiles(d, out); err != nil {
		return err
	}
	return b.addResource(out)
}

// icAccessPoint reads an S3 access point: metadata {"name", "bucket",
// "networkOrigin", "vpc"}, its policy and Block Public Access.
func (b *builder) icAccessPoint(d *icDir, res icRes) error {
	b.icAccount(d)
	m := res.meta
	out := &model.Resource{ARN: res.arn.String(), Type: model.AccessPoint, Account: d.path.account, Region: res.arn.Region,
		Where: m.r.where(m.n, node.Root)}
	var err error
	for _, f := range []struct {
		key string
		dst *string
	}{{"name", &out.Name}, {"bucket", &out.Bucket}, {"networkOrigin", &out.NetworkOrigin}, {"vpc", &out.AccessPointVPC}} {
		if *f.dst, err = icMeta(res, f.key); err != nil {
			return err
		}
	}
	if err := icResourceFiles(d, out); err != nil {
		return err
	}
	if err := icBPA(d, out); err != nil {
		return err
	}
	return b.addResource(out)
}

// icBPA reads a bucket's or access point's bpa.json (its Block Public
// Access configuration), when there is one.
func icBPA(d *icDir, out *model.Resource) error {
	f, ok := d.get("bpa")
	if !ok {
		return nil
	}
	var err error
	out.PublicAccessBlock, err = f.r.publicAccessConfig(f.n, node.Root)
	return err
}
