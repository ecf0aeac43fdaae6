package fakeaws

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// xmlWriter builds an XML answer from CLI-shaped values.
type xmlWriter struct{ b bytes.Buffer }

func (x *xmlWriter) open(name string, attrs ...string) {
	x.b.WriteString("<" + name)
	for i := 0; i+1 < len(attrs); i += 2 {
		fmt.Fprintf(&x.b, ` %s="%s"`, attrs[i], attrs[i+1])
	}
	x.b.WriteString(">")
}
func (x *xmlWriter) close(name string) { x.b.WriteString("</" + name + ">") }

func (x *xmlWriter) leaf(name, text string) {
	x.open(name)
	xml.EscapeText(&x.b, []byte(text))
	x.close(name)
}

func scalar(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case bool:
		return fmt.Sprint(t)
	case float64:
		return fmt.Sprint(t)
	case json.Number:
		return t.String()
	}
	panic(fmt.Sprintf("not a scalar: %T", v))
}

// queryMap is a map member of a query answer (SNS attributes).
type queryMap map[string]string

// iamDocKeys are IAM's policyDocumentType members: URL-encoded JSON on the wire.
var iamDocKeys = map[string]bool{"PolicyDocument": true, "AssumeRolePolicyDocument": true, "Document": true}

// query writes a value in the AWS query protocol's XML: lists as <member>
// elements, names as the CLI prints them (IAM, STS, SNS).
func (x *xmlWriter) query(name string, v any) {
	switch t := v.(type) {
	case queryMap: // a map: <entry><key>K</key><value>V</value></entry>
		x.open(name)
		for _, k := range sortedKeys(anyMap(t)) {
			x.open("entry")
			x.leaf("key", k)
			x.leaf("value", t[k])
			x.close("entry")
		}
		x.close(name)
	case map[string]any:
		x.open(name)
		for _, k := range sortedKeys(t) {
			if iamDocKeys[k] {
				doc, _ := json.Marshal(t[k])
				x.leaf(k, strings.ReplaceAll(url.QueryEscape(string(doc)), "+", "%20"))
				continue
			}
			x.query(k, t[k])
		}
		x.close(name)
	case []any:
		x.open(name)
		for _, e := range t {
			x.query("member", e)
		}
		x.close(name)
	default:
		x.leaf(name, scalar(v))
	}
}

// ec2Lists are the EC2 query protocol's names of the lists the fake serves
// (Amazon EC2 API Reference: each response element's locationName).
var ec2Lists = map[string]string{
	"Tags": "tagSet", "Reservations": "reservationSet", "Instances": "instancesSet", "Vpcs": "vpcSet",
	"Subnets": "subnetSet", "RouteTables": "routeTableSet", "Routes": "routeSet", "Associations": "associationSet",
	"InternetGateways": "internetGatewaySet", "Attachments": "attachmentSet", "VpcEndpoints": "vpcEndpointSet",
	"RouteTableIds": "routeTableIdSet", "SubnetIds": "subnetIdSet", "Groups": "groupSet", "SecurityGroups": "groupSet",
	"CidrBlockAssociationSet": "cidrBlockAssociationSet", "Regions": "regionInfo",
}

// ec2Names are the members whose EC2 XML name is not the CLI name in camelCase.
var ec2Names = map[string]string{"PublicIpAddress": "ipAddress"}

// ec2 writes a value in the EC2 query protocol's XML.
func (x *xmlWriter) ec2(name string, v any) {
	switch t := v.(type) {
	case map[string]any:
		x.open(name)
		for _, k := range sortedKeys(t) {
			x.ec2(ec2Name(k, t[k]), t[k])
		}
		x.close(name)
	case []any:
		x.open(name)
		for _, e := range t {
			x.ec2("item", e)
		}
		x.close(name)
	default:
		x.leaf(name, scalar(v))
	}
}

func ec2Name(k string, v any) string {
	if n, ok := ec2Lists[k]; ok {
		if _, isList := v.([]any); isList {
			return n
		}
	}
	if n, ok := ec2Names[k]; ok {
		return n
	}
	if _, isObj := v.(map[string]any); isObj && k == "State" {
		return "instanceState" // an instance's State {Code, Name}
	}
	return lowerFirst(k)
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

// plain writes a value in REST-XML as S3 names it: lists are flattened
// into repeated elements named by the caller.
func (x *xmlWriter) plain(name string, v any) {
	switch t := v.(type) {
	case map[string]any:
		x.open(name)
		for _, k := range sortedKeys(t) {
			x.plain(k, t[k])
		}
		x.close(name)
	default:
		x.leaf(name, scalar(v))
	}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
