package load

import (
	"strconv"
	"strings"

	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/policy"
)

// vpcEndpoints reads `aws ec2 describe-vpc-endpoints` output.
func (b *builder) vpcEndpoints(r *reader, n *node.Node) error {
	return r.list(n.Get("VpcEndpoints"), node.Root.Key("VpcEndpoints"), "VPC endpoints", func(item *node.Node, ip node.Path) error {
		e := &model.Endpoint{Where: r.where(item, ip)}
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
		var ok bool
		if e.Type, ok = awsEndpointType(typ); !ok {
			return nil
		}
		if state, _ := r.optStr(item, ip, "State"); state != "" && !strings.EqualFold(state, "available") {
			return nil
		}
		parts := strings.SplitN(e.ServiceName, ".", 4)
		if len(parts) != 4 {
			return r.errf(item.Get("ServiceName"), ip.Key("ServiceName"), "expected com.amazonaws.REGION.SERVICE, got %q", e.ServiceName)
		}
		e.Region, e.Service = parts[2], parts[3]
		if e.RouteTables, err = r.strings(item.Get("RouteTableIds"), ip.Key("RouteTableIds"), "route table ids"); err != nil {
			return err
		}
		if doc := item.Get("PolicyDocument"); doc != nil && doc.Kind != node.Null {
			if e.Policy, err = r.awsDocument(doc, ip.Key("PolicyDocument"), policy.Endpoint, e.ARN()+" endpoint policy"); err != nil {
				return err
			}
		}
		b.m.EnsureAccount(e.Account)
		b.ensureVPC(&model.VPC{ID: e.VPC, Account: e.Account, Region: e.Region, Where: e.Where})
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
	in := &model.Instance{Account: owner, Where: r.where(item, ip)}
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
	in.Subnet, _ = r.optStr(item, ip, "SubnetId")
	if md := item.Get("MetadataOptions"); md != nil && md.Kind == node.Object {
		if err := r.metadataOptions(in, md, ip.Key("MetadataOptions")); err != nil {
			return err
		}
	}
	b.m.EnsureAccount(owner)
	b.ensureVPC(&model.VPC{ID: in.VPC, Account: owner, Region: in.Region, Where: in.Where})
	return b.addInstance(in)
}

// ensureVPC adds a VPC that AWS CLI output mentions, unless a model file
// declares it (the declaration knows more: its internet gateway).
func (b *builder) ensureVPC(v *model.VPC) {
	if b.m.VPCs[v.ID] == nil {
		b.m.VPCs[v.ID] = v
	}
}

// metadataOptions reads an instance's IMDS settings (EC2 API Reference,
// InstanceMetadataOptionsResponse): HttpTokens required means IMDSv1
// credentials are not available; HttpEndpoint disabled means no
// credentials reach the instance through IMDS at all; the hop limit says
// how far the IMDSv2 token travels.
func (r *reader) metadataOptions(in *model.Instance, md *node.Node, p node.Path) error {
	tokens, err := r.optStr(md, p, "HttpTokens")
	if err != nil {
		return err
	}
	switch tokens {
	case "required":
		in.IMDS = model.IMDSv2Only
	case "optional", "":
	default:
		return r.errf(md.Get("HttpTokens"), p.Key("HttpTokens"), "expected required or optional, got %q", tokens)
	}
	endpoint, _ := r.optStr(md, p, "HttpEndpoint")
	in.IMDSDisabled = endpoint == "disabled"
	if h := md.Get("HttpPutResponseHopLimit"); h != nil {
		v, err := strconv.Atoi(h.Text)
		if h.Kind != node.Number || err != nil || v < 1 || v > 64 {
			return r.errf(h, p.Key("HttpPutResponseHopLimit"), "expected a hop limit from 1 to 64, got %s", node.Describe(h))
		}
		in.HopLimit = v
	}
	return nil
}

// describeVPCs reads `aws ec2 describe-vpcs`: {"Vpcs": [{"VpcId", "OwnerId", "CidrBlock"}]}.
func (b *builder) describeVPCs(r *reader, n *node.Node) error {
	return r.list(n.Get("Vpcs"), node.Root.Key("Vpcs"), "VPCs", func(item *node.Node, ip node.Path) error {
		id, owner, err := r.ec2Owned(item, ip, "VpcId")
		if err != nil {
			return err
		}
		b.m.EnsureAccount(owner)
		b.ensureVPC(&model.VPC{ID: id, Account: owner, Region: r.place.region, Where: r.where(item, ip)})
		return nil
	})
}

// ec2Owned reads an EC2 item's id and OwnerId; the owner is the file's
// account unless the item is shared from another (a shared subnet).
func (r *reader) ec2Owned(item *node.Node, ip node.Path, idKey string) (string, string, error) {
	id, err := r.reqStr(item, ip, idKey)
	if err != nil {
		return "", "", err
	}
	owner, err := r.optStr(item, ip, "OwnerId")
	if owner == "" {
		owner = r.place.account
	}
	return id, owner, err
}

// describeSubnets reads `aws ec2 describe-subnets`: {"Subnets": [{"SubnetId", "VpcId", "OwnerId", "AvailabilityZone"}]}.
func (b *builder) describeSubnets(r *reader, n *node.Node) error {
	return r.list(n.Get("Subnets"), node.Root.Key("Subnets"), "subnets", func(item *node.Node, ip node.Path) error {
		id, owner, err := r.ec2Owned(item, ip, "SubnetId")
		if err != nil {
			return err
		}
		vpc, err := r.reqStr(item, ip, "VpcId")
		if err != nil {
			return err
		}
		if prev := b.m.Subnets[id]; prev != nil {
			b.duplicate(r.where(item, ip), prev.Where, "subnet "+id)
			return nil
		}
		b.m.Subnets[id] = &model.Subnet{ID: id, VPC: vpc, Account: owner, Region: r.place.region, Gateways: map[string]bool{}, Where: r.where(item, ip)}
		return nil
	})
}

// routeTable is a route table while files are read; resolveRoutes links it.
type routeTable struct {
	id, vpc  string
	main     bool
	subnets  []string // explicitly associated subnets
	gateways []string // vpce-... targets of its active routes
	where    model.Where
}

// describeRouteTables reads `aws ec2 describe-route-tables`: {"RouteTables": [{"RouteTableId", "VpcId",
// "Associations": [{"Main", "SubnetId"}], "Routes": [{"DestinationPrefixListId", "GatewayId", "State"}]}]}.
// A gateway endpoint is a route whose target (GatewayId) is the endpoint
// (VPC User Guide, "Gateway endpoints": routing).
func (b *builder) describeRouteTables(r *reader, n *node.Node) error {
	return r.list(n.Get("RouteTables"), node.Root.Key("RouteTables"), "route tables", func(item *node.Node, ip node.Path) error {
		rt := &routeTable{where: r.where(item, ip)}
		var err error
		if rt.id, err = r.reqStr(item, ip, "RouteTableId"); err != nil {
			return err
		}
		if rt.vpc, err = r.reqStr(item, ip, "VpcId"); err != nil {
			return err
		}
		err = r.list(item.Get("Associations"), ip.Key("Associations"), "associations", func(a *node.Node, ap node.Path) error {
			if m := a.Get("Main"); m != nil && m.Kind == node.Bool && m.Text == "true" {
				rt.main = true
			}
			s, err := r.optStr(a, ap, "SubnetId")
			if s != "" {
				rt.subnets = append(rt.subnets, s)
			}
			return err
		})
		if err != nil {
			return err
		}
		err = r.list(item.Get("Routes"), ip.Key("Routes"), "routes", func(route *node.Node, rp node.Path) error {
			gw, err := r.optStr(route, rp, "GatewayId")
			state, _ := r.optStr(route, rp, "State")
			if strings.HasPrefix(gw, "vpce-") && state != "blackhole" {
				rt.gateways = append(rt.gateways, gw)
			}
			return err
		})
		b.routeTables = append(b.routeTables, rt)
		return err
	})
}

// describeInternetGateways reads `aws ec2 describe-internet-gateways`:
// {"InternetGateways": [{"InternetGatewayId", "OwnerId", "Attachments": [{"State", "VpcId"}]}]}.
func (b *builder) describeInternetGateways(r *reader, n *node.Node) error {
	return r.list(n.Get("InternetGateways"), node.Root.Key("InternetGateways"), "internet gateways", func(item *node.Node, ip node.Path) error {
		id, err := r.reqStr(item, ip, "InternetGatewayId")
		if err != nil {
			return err
		}
		return r.list(item.Get("Attachments"), ip.Key("Attachments"), "attachments", func(a *node.Node, ap node.Path) error {
			vpc, err := r.reqStr(a, ap, "VpcId")
			if err != nil {
				return err
			}
			if state, _ := r.optStr(a, ap, "State"); state != "" && state != "available" && state != "attached" {
				return nil
			}
			b.igws = append(b.igws, [2]string{vpc, id})
			return nil
		})
	})
}

// awsEndpointType reads a VpcEndpointType as AWS writes it. Only Gateway
// and Interface endpoints carry AWS API calls; GatewayLoadBalancer,
// Resource and ServiceNetwork endpoints are not read (ok false).
func awsEndpointType(typ string) (t model.EndpointType, ok bool) {
	switch typ {
	case "Gateway":
		return model.Gateway, true
	case "Interface":
		return model.Interface, true
	}
	return 0, false
}
