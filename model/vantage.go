package model

import (
	"fmt"
	"slices"
	"strings"

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
	rt := &Route{Vantage: v, Context: map[string][]string{}}
	switch v.Kind {
	case Nowhere:
		rt.Summary = "no vantage point given: no network context, no endpoint policy"
		return rt, nil
	case FromInternet:
		rt.Summary = "from the internet"
		if v.IP != "" {
			rt.Context["aws:SourceIp"] = []string{v.IP}
			rt.Summary += " (" + v.IP + ")"
		}
		return rt, nil
	case FromInstance:
		in := m.Instances[v.ID]
		if in == nil {
			return nil, NotInModel("vantage point: instance %s is not in the model", v.ID)
		}
		rt.VPC, rt.Region = m.VPCs[in.VPC], in.Region
		m.viaVPC(rt, service, region, in.PrivateIP, in.PublicIP, "instance "+in.ID, m.Subnets[in.Subnet])
		return rt, nil
	case FromVPC:
		vpc := m.VPCs[v.ID]
		if vpc == nil {
			return nil, NotInModel("vantage point: VPC %s is not in the model (describe it, with its endpoints, in a model file)", v.ID)
		}
		rt.VPC, rt.Region = vpc, vpc.Region
		m.viaVPC(rt, service, region, v.IP, "", "VPC "+vpc.ID, nil)
		return rt, nil
	}
	return nil, fmt.Errorf("vantage point: unknown kind")
}

// viaVPC: a request from a VPC goes through the VPC's endpoint for the
// service in the request's region if there is one (a gateway endpoint
// first, as the route table prefers it); otherwise out through the
// internet gateway or a NAT, with the public address as aws:SourceIp.
// aws:SourceVpc, aws:SourceVpce and aws:VpcSourceIp are set only through
// an endpoint (IAM User Guide, "AWS global condition context keys").
func (m *Model) viaVPC(rt *Route, service, region, privateIP, publicIP, from string, subnet *Subnet) {
	if region == "" {
		region = rt.VPC.Region
	}
	e := rt.VPC.endpointFor(service, region, m.routed(rt.VPC, subnet))
	if e != nil {
		rt.Endpoint = e
		rt.Context["aws:SourceVpc"] = []string{rt.VPC.ID}
		rt.Context["aws:SourceVpce"] = []string{e.ID}
		if privateIP != "" {
			rt.Context["aws:VpcSourceIp"] = []string{privateIP}
		}
		pol := "its policy"
		if e.Policy == nil {
			pol = "the default full-access policy"
		}
		rt.Summary = fmt.Sprintf("from %s through %s endpoint %s of %s (%s)", from, strings.ToLower(e.Type.String()), e.ID, rt.VPC.ID, pol)
		return
	}
	rt.Summary = fmt.Sprintf("from %s over the internet: %s has no endpoint for %s in %s", from, rt.VPC.ID, service, region)
	if publicIP != "" {
		rt.Context["aws:SourceIp"] = []string{publicIP}
		rt.Summary += ", source IP " + publicIP
	} else if rt.VPC.InternetGateway == "" {
		rt.Summary += "; no public IP or internet gateway known, aws:SourceIp unknown"
	}
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
