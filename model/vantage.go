package model

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/sekisho/sekisho/policy"
)

// VantageKind is where a request comes from.
type VantageKind uint8

// The vantage kinds.
const (
	Nowhere      VantageKind = iota // not said: no network keys, no endpoint policy
	FromInstance                    // an EC2 instance of the model
	FromInternet                    // the internet, optionally from a known public IP
	FromVPC                         // a VPC of the model (possibly another account's), optionally from a private IP
)

// Vantage is where a request comes from.
type Vantage struct {
	Kind VantageKind
	ID   string // instance or VPC id
	IP   string // public IP (internet) or private IP (VPC)
}

// ParseVantage reads the command-line form:
//
//	instance:i-0abc            the instance (through its VPC's endpoint for the service, else the internet gateway)
//	internet  internet:IP      the internet, from a public IP
//	vpc:vpc-0abc  vpc:vpc-0abc:10.0.0.5   a VPC, from a private IP
func ParseVantage(s string) (Vantage, error) {
	if s == "" {
		return Vantage{}, nil
	}
	kind, rest, _ := strings.Cut(s, ":")
	switch kind {
	case "instance":
		if strings.HasPrefix(rest, "i-") {
			return Vantage{Kind: FromInstance, ID: rest}, nil
		}
	case "internet":
		if rest == "" {
			return Vantage{Kind: FromInternet}, nil
		}
		if _, err := policy.ParseAddr(rest); err == nil {
			return Vantage{Kind: FromInternet, IP: rest}, nil
		}
	case "vpc":
		id, ip, _ := strings.Cut(rest, ":")
		if strings.HasPrefix(id, "vpc-") {
			if ip == "" {
				return Vantage{Kind: FromVPC, ID: id}, nil
			}
			if _, err := policy.ParseAddr(ip); err == nil {
				return Vantage{Kind: FromVPC, ID: id, IP: ip}, nil
			}
		}
	}
	return Vantage{}, fmt.Errorf("vantage point %q: expected instance:i-..., internet, internet:IP, vpc:vpc-... or vpc:vpc-...:IP", s)
}

func (v Vantage) String() string {
	switch v.Kind {
	case FromInstance:
		return "instance:" + v.ID
	case FromInternet:
		if v.IP != "" {
			return "internet:" + v.IP
		}
		return "internet"
	case FromVPC:
		if v.IP != "" {
			return "vpc:" + v.ID + ":" + v.IP
		}
		return "vpc:" + v.ID
	}
	return ""
}

// Route is the network path of a request.
type Route struct {
	Vantage  Vantage
	VPC      *VPC
	Endpoint *Endpoint // the endpoint the request goes through, nil over the internet
	Region   string    // the vantage's region, "" when unknown
	Context  map[string][]string
	Summary  string
}

// route works out the path from a vantage point to a service in a region.
func (m *Model) route(v Vantage, service, region string) (*Route, error) {
	return m.routeWith(v, service, region, nil)
}

// routeWith is route with its network keys taken from keys (nil: built
// for the route alone).
func (m *Model) routeWith(v Vantage, service, region string, keys *routeKeys) (*Route, error) {
	rt := &Route{Vantage: v}
	switch v.Kind {
	case Nowhere:
		rt.Summary = "no vantage point given: no network context, no endpoint policy"
		rt.Context = keys.of(nil, func() map[string][]string { return map[string][]string{} })
		return rt, nil
	case FromInternet:
		rt.Summary = "from the internet"
		if v.IP != "" {
			rt.Summary += " (" + v.IP + ")"
		}
		rt.Context = keys.of(nil, func() map[string][]string {
			ctx := map[string][]string{}
			if v.IP != "" {
				ctx["aws:SourceIp"] = []string{v.IP}
			}
			return ctx
		})
		return rt, nil
	case FromInstance:
		in := m.Instances[v.ID]
		if in == nil {
			return nil, NotInModel("vantage point: instance %s is not in the model", v.ID)
		}
		rt.VPC, rt.Region = m.VPCs[in.VPC], in.Region
		m.viaVPC(rt, service, region, vpcSource{"instance", in.ID, in.PrivateIP, in.PublicIP}, m.Subnets[in.Subnet], keys)
		return rt, nil
	case FromVPC:
		vpc := m.VPCs[v.ID]
		if vpc == nil {
			return nil, NotInModel("vantage point: VPC %s is not in the model (describe it, with its endpoints, in a model file)", v.ID)
		}
		rt.VPC, rt.Region = vpc, vpc.Region
		m.viaVPC(rt, service, region, vpcSource{"VPC", vpc.ID, v.IP, ""}, nil, keys)
		return rt, nil
	}
	return nil, fmt.Errorf("vantage point: unknown kind")
}

// vpcSource is where in a VPC a request comes from: an instance or the
// VPC itself (kind), its ID and its addresses.
type vpcSource struct {
	kind, id            string
	privateIP, publicIP string
}

// routeKeys are the network keys (Route.Context) of one vantage's
// routes, by the endpoint they go through (nil: none). They depend on
// the vantage and the endpoint alone, not on the service or the Region
// asked: an audit asks ~300 services from every instance, whose routes
// then share two or three maps instead of building one each. Context
// layers are read only (gather adds them as they are).
type routeKeys struct {
	mu sync.Mutex
	by map[*Endpoint]map[string][]string
}

// of is the keys of the routes through e, built on first use (nil k:
// built each time).
func (k *routeKeys) of(e *Endpoint, build func() map[string][]string) map[string][]string {
	if k == nil {
		return build()
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if ctx, ok := k.by[e]; ok {
		return ctx
	}
	if k.by == nil {
		k.by = map[*Endpoint]map[string][]string{}
	}
	ctx := build()
	k.by[e] = ctx
	return ctx
}

// viaVPC: a request from a VPC goes through the VPC's endpoint for the
// service in the request's region if there is one (a gateway endpoint
// first, as the route table prefers it); otherwise out through the
// internet gateway or a NAT, with the public address as aws:SourceIp.
// aws:SourceVpc, aws:SourceVpce and aws:VpcSourceIp are set only through
// an endpoint (IAM User Guide, "AWS global condition context keys").
func (m *Model) viaVPC(rt *Route, service, region string, src vpcSource, subnet *Subnet, keys *routeKeys) {
	if region == "" {
		region = rt.VPC.Region
	}
	e := rt.VPC.endpointFor(service, region, m.routed(rt.VPC, subnet))
	if e != nil {
		rt.Endpoint = e
		rt.Context = keys.of(e, func() map[string][]string {
			ctx := map[string][]string{"aws:SourceVpc": {rt.VPC.ID}, "aws:SourceVpce": {e.ID}}
			if src.privateIP != "" {
				ctx["aws:VpcSourceIp"] = []string{src.privateIP}
			}
			return ctx
		})
		pol := "its policy"
		if e.Policy == nil {
			pol = "the default full-access policy"
		}
		rt.Summary = "from " + src.kind + " " + src.id + " through " + strings.ToLower(e.Type.String()) + " endpoint " + e.ID + " of " + rt.VPC.ID + " (" + pol + ")"
		return
	}
	rt.Context = keys.of(nil, func() map[string][]string {
		ctx := map[string][]string{}
		if src.publicIP != "" {
			ctx["aws:SourceIp"] = []string{src.publicIP}
		}
		return ctx
	})
	// One concatenation: a route is built per service from every instance.
	var more, ip string
	switch {
	case src.publicIP != "":
		more, ip = ", source IP ", src.publicIP
	case rt.VPC.InternetGateway == "":
		more = "; no public IP or internet gateway known, aws:SourceIp unknown"
	}
	rt.Summary = "from " + src.kind + " " + src.id + " over the internet: " + rt.VPC.ID + " has no endpoint for " + service + " in " + region + more + ip
}

// endpointServices maps a service prefix of actions to the endpoint
// service names that carry its API when they differ.
var endpointServices = map[string][]string{
	"ecr":         {"ecr.api"},
	"cloudwatch":  {"monitoring"},
	"execute-api": {"execute-api"},
}

// routed says whether a gateway endpoint carries the requests of a
// subnet: its route table must route to it (VPC User Guide, "Gateway
// endpoints"). When the VPC's route tables are not in the model, or the
// vantage names no subnet, a gateway endpoint is taken as routed for the
// whole VPC (from a VPC vantage point: routed for some subnet of it).
func (m *Model) routed(v *VPC, subnet *Subnet) func(*Endpoint) bool {
	return func(e *Endpoint) bool {
		switch {
		case e.Type != Gateway || !v.RoutesKnown:
			return true
		case subnet != nil:
			return subnet.Gateways[e.ID]
		}
		for _, s := range m.Subnets {
			if s.VPC == v.ID && s.Gateways[e.ID] {
				return true
			}
		}
		return false
	}
}

// endpointFor returns the VPC's endpoint for a service in a region among
// those routed for the request.
func (v *VPC) endpointFor(service, region string, routed func(*Endpoint) bool) *Endpoint {
	names := endpointServices[service]
	if names == nil {
		names = []string{service}
	}
	var found *Endpoint
	for _, e := range v.Endpoints {
		if e.Region != region || !slices.Contains(names, e.Service) || !routed(e) {
			continue
		}
		if found == nil || e.Type == Gateway && found.Type != Gateway {
			found = e
		}
	}
	return found
}
