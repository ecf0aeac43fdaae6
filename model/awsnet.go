package model

import (
	"strings"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/policy"
)

// bucketPolicy reads `aws s3api get-bucket-policy` output, {"Policy":
// "JSON string"}, from a file named bucket-policy.BUCKET.json (the bucket
// is declared in a model file, which gives its owner and region) or
// bucket-policy.ACCOUNT.REGION.BUCKET.json.
func (b *builder) bucketPolicy(r *reader, n *node.Node) error {
	parts := nameParts(r.file)
	if len(parts) < 2 || parts[0] != "bucket-policy" {
		return r.errf(n, node.Root, "cannot tell which bucket this policy is for: name the file bucket-policy.BUCKET.json or bucket-policy.ACCOUNT-ID.REGION.BUCKET.json")
	}
	rest := parts[1:]
	account, region := "", ""
	if len(rest) >= 3 && arn.IsAccountID(rest[0]) && isRegion(rest[1]) {
		account, region, rest = rest[0], rest[1], rest[2:]
	}
	name := strings.Join(rest, ".")
	where := r.where(n, node.Root)
	if account == "" {
		b.pendingBuckets = append(b.pendingBuckets, pendingBucket{name: name, doc: n.Get("Policy"), r: r, where: where})
		return nil
	}
	res := &Resource{ARN: "arn:aws:s3:::" + name, Type: Bucket, Name: name, Account: account, Region: region, Where: where}
	var err error
	if res.Policy, err = r.awsDocument(n.Get("Policy"), node.Root.Key("Policy"), policy.Resource, res.ARN+" bucket policy"); err != nil {
		return err
	}
	b.m.account(account)
	return b.addResource(res)
}

// resolveBuckets attaches the policies of bucket-policy.BUCKET.json files
// to the buckets that model files declare.
func (b *builder) resolveBuckets() {
	for _, pb := range b.pendingBuckets {
		arnStr := "arn:aws:s3:::" + pb.name
		res := b.m.Resources[arnStr]
		if res == nil {
			b.failAt(pb.where, "bucket %s is not declared in any model file, so its owner account and region are unknown: "+
				"declare it (accounts[].buckets) or name the file bucket-policy.ACCOUNT-ID.REGION.%s.json", pb.name, pb.name)
			continue
		}
		if res.Policy != nil {
			b.failAt(pb.where, "bucket %s has a policy already, at %s", pb.name, res.Where)
			continue
		}
		pol, err := pb.r.awsDocument(pb.doc, node.Root.Key("Policy"), policy.Resource, arnStr+" bucket policy")
		if err != nil {
			b.fail(err)
			continue
		}
		res.Policy = pol
	}
}

func isRegion(s string) bool {
	parts := strings.Split(s, "-")
	return len(parts) >= 3 && len(parts[0]) == 2
}

// vpcEndpoints reads `aws ec2 describe-vpc-endpoints` output.
func (b *builder) vpcEndpoints(r *reader, n *node.Node) error {
	return r.list(n.Get("VpcEndpoints"), node.Root.Key("VpcEndpoints"), "VPC endpoints", func(item *node.Node, ip node.Path) error {
		e := &Endpoint{Where: r.where(item, ip)}
		var err error
		for _, f := range []struct {
			key string
			dst *string
		}{{"VpcEndpointId", &e.ID}, {"VpcId", &e.VPC}, {"ServiceName", &e.ServiceName}, {"OwnerId", &e.Account}} {
			if *f.dst, err = r.reqStr(item, ip, f.key); err != nil {
				return err
			}
		}
		typ, err := r.reqStr(item, ip, "VpcEndpointType")
		if err != nil {
			return err
		}
		switch typ {
		case "Gateway":
			e.Type = Gateway
		case "Interface":
			e.Type = Interface
		default:
			return nil // GatewayLoadBalancer, Resource, ServiceNetwork endpoints do not carry AWS API calls
		}
		if state, _ := r.optStr(item, ip, "State"); state != "" && !strings.EqualFold(state, "available") {
			return nil
		}
		parts := strings.SplitN(e.ServiceName, ".", 4)
		if len(parts) != 4 {
			return r.errf(item.Get("ServiceName"), ip.Key("ServiceName"), "expected com.amazonaws.REGION.SERVICE, got %q", e.ServiceName)
		}
		e.Region, e.Service = parts[2], parts[3]
		if doc := item.Get("PolicyDocument"); doc != nil && doc.Kind != node.Null {
			if e.Policy, err = r.awsDocument(doc, ip.Key("PolicyDocument"), policy.Endpoint, e.ARN()+" endpoint policy"); err != nil {
				return err
			}
		}
		b.m.account(e.Account)
		b.ensureVPC(&VPC{ID: e.VPC, Account: e.Account, Region: e.Region, Where: e.Where})
		return b.addEndpoint(e)
	})
}

// instances reads `aws ec2 describe-instances` output.
func (b *builder) instances(r *reader, n *node.Node) error {
	return r.list(n.Get("Reservations"), node.Root.Key("Reservations"), "reservations", func(res *node.Node, rp node.Path) error {
		owner, err := r.reqStr(res, rp, "OwnerId")
		if err != nil {
			return err
		}
		return r.list(res.Get("Instances"), rp.Key("Instances"), "instances", func(item *node.Node, ip node.Path) error {
			return b.instance(r, owner, item, ip)
		})
	})
}

func (b *builder) instance(r *reader, owner string, item *node.Node, ip node.Path) error {
	in := &Instance{Account: owner, Where: r.where(item, ip)}
	var err error
	if in.ID, err = r.reqStr(item, ip, "InstanceId"); err != nil {
		return err
	}
	if st := item.Get("State"); st != nil {
		if name, _ := r.optStr(st, ip.Key("State"), "Name"); name == "terminated" {
			return nil
		}
	}
	in.VPC, _ = r.optStr(item, ip, "VpcId")
	if in.VPC == "" {
		return nil // EC2-Classic or terminated: no VPC, no path to model
	}
	if in.PrivateIP, err = r.optIP(item, ip, "PrivateIpAddress"); err != nil {
		return err
	}
	if in.PublicIP, err = r.optIP(item, ip, "PublicIpAddress"); err != nil {
		return err
	}
	pl := item.Get("Placement")
	if pl == nil {
		return r.errf(item, ip, "instance %s has no Placement: its region is unknown", in.ID)
	}
	az, err := r.reqStr(pl, ip.Key("Placement"), "AvailabilityZone")
	if err != nil {
		return err
	}
	in.Region = strings.TrimRight(az, "abcdefghijklmnopqrstuvwxyz")
	if az == in.Region || len(in.Region) < 4 {
		return r.errf(pl, ip.Key("Placement"), "cannot read a region from availability zone %q", az)
	}
	if prof := item.Get("IamInstanceProfile"); prof != nil && prof.Kind == node.Object {
		if in.InstanceProfile, err = r.reqStr(prof, ip.Key("IamInstanceProfile"), "Arn"); err != nil {
			return err
		}
	}
	if md := item.Get("MetadataOptions"); md != nil && md.Kind == node.Object {
		tokens, _ := r.optStr(md, ip.Key("MetadataOptions"), "HttpTokens")
		if tokens == "required" {
			in.IMDS = IMDSv2Only
		}
	}
	b.m.account(owner)
	b.ensureVPC(&VPC{ID: in.VPC, Account: owner, Region: in.Region, Where: in.Where})
	return b.addInstance(in)
}

// ensureVPC adds a VPC that AWS CLI output mentions, unless a model file
// declares it (the declaration knows more: its internet gateway).
func (b *builder) ensureVPC(v *VPC) {
	if b.m.VPCs[v.ID] == nil {
		b.m.VPCs[v.ID] = v
	}
}
