package arn

import (
	"fmt"
	"strings"
)

// PrincipalKind is the kind of an AWS principal.
type PrincipalKind uint8

// The principal kinds. See IAM User Guide, "AWS JSON policy elements: Principal".
const (
	Anonymous     PrincipalKind = iota // unauthenticated caller
	Account                            // account root: arn:aws:iam::ACCT:root or a bare account id
	User                               // arn:aws:iam::ACCT:user/path/name
	Role                               // arn:aws:iam::ACCT:role/path/name
	AssumedRole                        // arn:aws:sts::ACCT:assumed-role/name/session
	FederatedUser                      // arn:aws:sts::ACCT:federated-user/name
	Service                            // ec2.amazonaws.com
	WebIdentity                        // an identity provider: accounts.google.com, or an oidc-provider or saml-provider ARN
	OtherIAM                           // any other IAM ARN (groups are not principals)
	CloudFrontOAI                      // arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity ID
)

func (k PrincipalKind) String() string {
	switch k {
	case Anonymous:
		return "anonymous"
	case Account:
		return "account root"
	case User:
		return "IAM user"
	case Role:
		return "IAM role"
	case AssumedRole:
		return "role session"
	case FederatedUser:
		return "federated user"
	case Service:
		return "service principal"
	case WebIdentity:
		return "federated identity provider"
	case CloudFrontOAI:
		return "CloudFront origin access identity"
	}
	return "other"
}

// Principal is a parsed principal identifier.
type Principal struct {
	Kind      PrincipalKind
	Partition string
	Account   string
	Path      string // IAM path of a user or role, "/" when none
	Name      string // user, role or federated user name; service name for services
	Session   string // role session name
	Raw       string // the identifier as written
}

// ParsePrincipal parses a principal as written in a request or in the AWS
// member of a policy's Principal element: an ARN, a bare 12-digit account
// id, a service principal (a DNS name ending in .amazonaws.com or
// .amazonaws.com.cn), or "anonymous".
func ParsePrincipal(s string) (Principal, error) {
	p := Principal{Raw: s, Partition: "aws"}
	switch {
	case s == "" || s == "anonymous":
		p.Kind = Anonymous
		return p, nil
	case IsAccountID(s):
		p.Kind, p.Account = Account, s
		return p, nil
	case IsServicePrincipal(s):
		p.Kind, p.Name = Service, s
		return p, nil
	case isProviderName(s):
		p.Kind, p.Name = WebIdentity, s
		return p, nil
	}
	a, err := Parse(s)
	if err != nil {
		return p, fmt.Errorf("malformed principal %q: expected an ARN, a 12-digit account id or a service principal such as ec2.amazonaws.com", s)
	}
	p.Partition, p.Account = a.Partition, a.AccountID
	if id, ok := originAccessIdentity(a); ok {
		p.Kind, p.Account, p.Name = CloudFrontOAI, "", id
		return p, nil
	}
	if !IsAccountID(a.AccountID) {
		return p, fmt.Errorf("malformed principal %q: expected a 12-digit account id in the ARN", s)
	}
	return p, p.classify(a)
}

func (p *Principal) classify(a ARN) error {
	typ, rest, _ := strings.Cut(a.Resource, "/")
	switch {
	case a.Service == "iam" && a.Resource == "root":
		p.Kind = Account
	case a.Service == "iam" && (typ == "user" || typ == "role") && rest != "":
		p.Kind = User
		if typ == "role" {
			p.Kind = Role
		}
		p.Path, p.Name = splitPath(rest)
	case a.Service == "sts" && typ == "assumed-role":
		role, session, ok := strings.Cut(rest, "/")
		if !ok || role == "" || session == "" {
			return fmt.Errorf("malformed role session %q: expected arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION", p.Raw)
		}
		p.Kind, p.Name, p.Session, p.Path = AssumedRole, role, session, "/"
	case a.Service == "sts" && typ == "federated-user" && rest != "":
		p.Kind, p.Name = FederatedUser, rest
	case a.Service == "iam" && (typ == "oidc-provider" || typ == "saml-provider") && rest != "":
		p.Kind, p.Name = WebIdentity, rest
	case a.Service == "iam" || a.Service == "sts":
		p.Kind = OtherIAM
	default:
		return fmt.Errorf("malformed principal %q: expected an IAM or STS ARN", p.Raw)
	}
	return nil
}

// oaiPrefix is the resource part of a legacy CloudFront origin access
// identity's ARN before its id: "arn:aws:iam::cloudfront:user/CloudFront
// Origin Access Identity EH1HDMB1FH2TC" (CloudFront Developer Guide,
// "Restrict access to an Amazon S3 origin", the bucket policy for an origin
// access identity). The account part is "cloudfront", not an account id.
const oaiPrefix = "user/CloudFront Origin Access Identity "

// originAccessIdentity returns the id of an origin access identity ARN: the
// letters and digits CloudFront gives it (E followed by upper-case letters
// and digits).
func originAccessIdentity(a ARN) (string, bool) {
	if a.Service != "iam" || a.AccountID != "cloudfront" || !strings.HasPrefix(a.Resource, oaiPrefix) {
		return "", false
	}
	id := a.Resource[len(oaiPrefix):]
	if len(id) < 2 || id[0] != 'E' {
		return "", false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return "", false
		}
	}
	return id, true
}

// splitPath splits "path/to/name" into ("/path/to/", "name").
func splitPath(rest string) (path, name string) {
	i := strings.LastIndexByte(rest, '/')
	if i < 0 {
		return "/", rest
	}
	return "/" + rest[:i+1], rest[i+1:]
}

// IsServicePrincipal reports whether s names an AWS service principal.
func IsServicePrincipal(s string) bool {
	if strings.ContainsAny(s, ":/* ") {
		return false
	}
	return strings.HasSuffix(s, ".amazonaws.com") || strings.HasSuffix(s, ".amazonaws.com.cn") ||
		strings.HasSuffix(s, ".amazon.com")
}

// isProviderName reports whether s is a web identity provider's host name
// as trust policies name it in Principal.Federated (accounts.google.com,
// graph.facebook.com, www.amazon.com, an OIDC issuer host).
func isProviderName(s string) bool {
	if !strings.Contains(s, ".") || strings.ContainsAny(s, ":*? ") || strings.HasPrefix(s, ".") {
		return false
	}
	for _, r := range s {
		if !(r == '.' || r == '-' || r == '/' || r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// RootARN returns the account root ARN of the principal's account.
func (p Principal) RootARN() string {
	return "arn:" + p.Partition + ":iam::" + p.Account + ":root"
}

// IAMARN returns the ARN IAM uses for the principal in aws:PrincipalArn:
// for a role session, the role's ARN (the path is unknown from a session
// ARN and taken as "/"). IAM User Guide, "AWS global condition context
// keys", aws:PrincipalArn.
func (p Principal) IAMARN() string {
	switch p.Kind {
	case Account:
		return p.RootARN()
	case AssumedRole:
		return "arn:" + p.Partition + ":iam::" + p.Account + ":role/" + p.Name
	}
	return p.Raw
}
