package model

import (
	"fmt"
	"strings"

	"github.com/sekisho/sekisho/arn"
)

// CredentialsType says how the request is signed.
type CredentialsType uint8

// The credential types.
const (
	// ByPrincipal: the principal ARN alone. A role session named after an
	// instance whose instance profile holds that role is taken as that
	// instance's credentials, as AWS names them (RoleName/i-...).
	ByPrincipal         CredentialsType = iota
	UserKeys                            // an IAM user's access keys
	RoleSession                         // a session from sts:AssumeRole
	InstanceCredentials                 // an instance profile's credentials, fetched through IMDS
)

var credentialsTypeNames = [...]string{"principal", "user-keys", "role-session", "instance-profile"}

func (t CredentialsType) String() string { return credentialsTypeNames[t] }

// ParseCredentialsType reads a type as String prints it.
func ParseCredentialsType(s string) (CredentialsType, bool) {
	for i, n := range credentialsTypeNames {
		if n == s {
			return CredentialsType(i), true
		}
	}
	return ByPrincipal, false
}

// Credentials are what signs a request.
type Credentials struct {
	Type        CredentialsType
	Principal   string // ByPrincipal: any principal; UserKeys: the user ARN; RoleSession: the role (or session) ARN
	AccessKey   string // UserKeys: the access key id, instead of Principal
	SessionName string // RoleSession: the session name (default "sekisho")
	Instance    string // InstanceCredentials: the instance id
	IMDSv1      bool   // InstanceCredentials: fetched with IMDSv1 (fails on an instance that requires IMDSv2)
}

// ParseCredentials reads the command-line form of credentials:
//
//	ARN, account id, service principal or "anonymous"   the principal itself
//	access-key:AKIA...                                  an IAM user's access keys
//	instance-profile:i-0abc[:v1]                        an instance's credentials (IMDSv2; :v1 for IMDSv1)
//	role-session:ROLE-ARN[:SESSION-NAME]                 a session of the role from sts:AssumeRole
func ParseCredentials(s string) (Credentials, error) {
	kind, rest, _ := strings.Cut(s, ":")
	switch kind {
	case "access-key":
		if rest == "" {
			return Credentials{}, fmt.Errorf("credentials %q: expected access-key:AKIA... (an access key id)", s)
		}
		return Credentials{Type: UserKeys, AccessKey: rest}, nil
	case "instance-profile":
		id, v, _ := strings.Cut(rest, ":")
		if !strings.HasPrefix(id, "i-") || (v != "" && v != "v1" && v != "v2") {
			return Credentials{}, fmt.Errorf("credentials %q: expected instance-profile:i-... or instance-profile:i-...:v1", s)
		}
		return Credentials{Type: InstanceCredentials, Instance: id, IMDSv1: v == "v1"}, nil
	case "role-session":
		if !strings.HasPrefix(rest, "arn:") {
			return Credentials{}, fmt.Errorf("credentials %q: expected role-session:ROLE-ARN[:SESSION-NAME]", s)
		}
		role, name := rest, ""
		if i := strings.LastIndexByte(rest, ':'); i > strings.Index(rest, ":role/") && strings.Contains(rest, ":role/") {
			role, name = rest[:i], rest[i+1:]
		}
		return Credentials{Type: RoleSession, Principal: role, SessionName: name}, nil
	}
	if _, err := arn.ParsePrincipal(s); err != nil {
		return Credentials{}, fmt.Errorf("credentials: %w; or access-key:AKIA..., instance-profile:i-..., role-session:ROLE-ARN", err)
	}
	return Credentials{Type: ByPrincipal, Principal: s}, nil
}

// String is the command-line form.
func (c Credentials) String() string {
	switch c.Type {
	case UserKeys:
		if c.AccessKey != "" {
			return "access-key:" + c.AccessKey
		}
		return c.Principal
	case RoleSession:
		if c.SessionName != "" {
			return "role-session:" + c.Principal + ":" + c.SessionName
		}
		return "role-session:" + c.Principal
	case InstanceCredentials:
		if c.IMDSv1 {
			return "instance-profile:" + c.Instance + ":v1"
		}
		return "instance-profile:" + c.Instance
	}
	return c.Principal
}

// caller is a resolved signer: the principal, where it lives in the
// model, and the context keys its credentials carry.
type caller struct {
	principal string // the ARN (or service, "anonymous") the request is made as
	kind      arn.PrincipalKind
	account   string
	user      *User
	role      *Role
	instance  *Instance // instance credentials
	session   string
	ctx       map[string][]string // nil when the credentials carry no keys of their own
	// who is principal parsed, when parsed is set: byPrincipal parses the
	// ARN it is asked, and gathering need not parse it again.
	who    arn.Principal
	parsed bool
	// kept, when set, keeps what gathering builds of this caller (a
	// Caller's): the Gatherer's maps are not used for it.
	kept *Caller
}

// principalParsed is the caller's principal, parsed.
func (cl *caller) principalParsed() (arn.Principal, error) {
	if cl.parsed {
		return cl.who, nil
	}
	return arn.ParsePrincipal(cl.principal)
}

// resolveCaller finds the principal the credentials stand for.
func (m *Model) resolveCaller(c Credentials) (*caller, error) {
	switch c.Type {
	case UserKeys:
		return m.userKeys(c)
	case RoleSession:
		return m.roleSession(c)
	case InstanceCredentials:
		return m.instanceCaller(c.Instance, c.IMDSv1)
	}
	return m.byPrincipal(c.Principal)
}

func (m *Model) byPrincipal(s string) (*caller, error) {
	return m.byPrincipalIn(new(caller), s)
}

// byPrincipalIn is byPrincipal resolved into room (a Caller's own), or
// into another caller it returns (a session of an instance's role).
func (m *Model) byPrincipalIn(room *caller, s string) (*caller, error) {
	p, err := arn.ParsePrincipal(s)
	if err != nil {
		return nil, err
	}
	cl, err := m.principalCaller(room, s, p)
	if err == nil && cl.principal == s {
		cl.who, cl.parsed = p, true
	}
	return cl, err
}

// principalCaller resolves byPrincipal's parsed principal p (written s)
// into cl, which it returns, or into another caller.
func (m *Model) principalCaller(cl *caller, s string, p arn.Principal) (*caller, error) {
	*cl = caller{principal: s, kind: p.Kind, account: p.Account}
	switch p.Kind {
	case arn.Anonymous, arn.Service, arn.WebIdentity, arn.CloudFrontOAI:
		return cl, nil
	case arn.Account:
		if m.Accounts[p.Account] == nil {
			return nil, NotInModel("account %s is not in the model", p.Account)
		}
		cl.principal = p.RootARN()
		return cl, nil
	case arn.User:
		u, err := m.user(p.Account, p.Name)
		if err != nil {
			return nil, err
		}
		cl.user, cl.principal = u, u.ARN
		return cl, nil
	case arn.Role:
		r, err := m.role(p.Account, p.Name)
		if err != nil {
			return nil, err
		}
		cl.role, cl.principal = r, r.ARN
		return cl, nil
	case arn.AssumedRole:
		r, err := m.role(p.Account, p.Name)
		if err != nil {
			return nil, err
		}
		if in := m.Instances[p.Session]; in != nil && m.instanceRole(in) == r {
			return m.instanceCaller(in.ID, false)
		}
		cl.role, cl.session = r, p.Session
		return cl, nil
	}
	return nil, fmt.Errorf("principal %s: Sekisho's model resolves users, roles, role sessions, account roots, service principals and anonymous callers, not %s", s, p.Kind)
}

func (m *Model) user(account, name string) (*User, error) {
	a := m.Accounts[account]
	if a == nil {
		return nil, NotInModel("account %s is not in the model", account)
	}
	u := a.Users[name]
	if u == nil {
		return nil, fmt.Errorf("account %s has no user %q", account, name)
	}
	return u, nil
}

func (m *Model) role(account, name string) (*Role, error) {
	a := m.Accounts[account]
	if a == nil {
		return nil, NotInModel("account %s is not in the model", account)
	}
	r := a.Roles[name]
	if r == nil {
		return nil, fmt.Errorf("account %s has no role %q", account, name)
	}
	return r, nil
}

func (m *Model) userKeys(c Credentials) (*caller, error) {
	if c.AccessKey == "" {
		cl, err := m.byPrincipal(c.Principal)
		if err == nil && cl.user == nil {
			err = fmt.Errorf("user-keys credentials: %s is not an IAM user", c.Principal)
		}
		return cl, err
	}
	for _, id := range m.AccountIDs() {
		for _, u := range m.Accounts[id].Users {
			for _, k := range u.AccessKeys {
				if k.ID != c.AccessKey {
					continue
				}
				if k.Inactive {
					return nil, fmt.Errorf("access key %s of %s is inactive: AWS rejects requests signed with it", k.ID, u.ARN)
				}
				return &caller{principal: u.ARN, kind: arn.User, account: u.Account, user: u}, nil
			}
		}
	}
	return nil, fmt.Errorf("no user of the model has the access key %s", c.AccessKey)
}

func (m *Model) roleSession(c Credentials) (*caller, error) {
	p, err := arn.ParsePrincipal(c.Principal)
	if err != nil {
		return nil, err
	}
	if p.Kind != arn.Role && p.Kind != arn.AssumedRole {
		return nil, fmt.Errorf("role-session credentials: %s is not a role", c.Principal)
	}
	r, err := m.role(p.Account, p.Name)
	if err != nil {
		return nil, err
	}
	name := c.SessionName
	if name == "" {
		name = p.Session
	}
	if name == "" {
		name = "sekisho"
	}
	return &caller{principal: sessionARN(r, name), kind: arn.AssumedRole, account: r.Account, role: r, session: name}, nil
}

// sessionARN is the ARN of a role session.
func sessionARN(r *Role, name string) string {
	return "arn:aws:sts::" + r.Account + ":assumed-role/" + r.Name + "/" + name
}

// instanceRole returns the role of an instance's profile, or nil.
func (m *Model) instanceRole(in *Instance) *Role {
	if in.InstanceProfile == "" {
		return nil
	}
	ip := m.Profile(in.InstanceProfile)
	if ip == nil || ip.Role == "" {
		return nil
	}
	return m.Accounts[ip.Account].Roles[RoleName(ip.Role)]
}

// instanceCaller is a session of an instance's role, with the keys that
// credentials delivered through IMDS carry wherever they are used (IAM User
// Guide, "AWS global condition context keys": aws:ec2InstanceSourceVpc,
// aws:ec2InstanceSourcePrivateIPv4; EC2 condition keys: ec2:SourceInstanceARN,
// ec2:RoleDelivery).
func (m *Model) instanceCaller(id string, v1 bool) (*caller, error) {
	in := m.Instances[id]
	if in == nil {
		return nil, NotInModel("instance %s is not in the model", id)
	}
	r := m.instanceRole(in)
	if r == nil {
		return nil, fmt.Errorf("instance %s has no instance profile with a role: it has no credentials to use", id)
	}
	if in.IMDSDisabled {
		return nil, fmt.Errorf("instance %s has its metadata service turned off (HttpEndpoint disabled): no instance profile credentials reach it", id)
	}
	if v1 && in.IMDS == IMDSv2Only {
		return nil, fmt.Errorf("instance %s requires IMDSv2 (HttpTokens required): its credentials cannot be fetched with IMDSv1", id)
	}
	delivery := "2.0"
	if v1 {
		delivery = "1.0"
	}
	ctx := map[string][]string{
		"aws:ec2InstanceSourceVpc": {in.VPC},
		"ec2:SourceInstanceARN":    {in.ARN()},
		"ec2:RoleDelivery":         {delivery},
	}
	if in.PrivateIP != "" {
		ctx["aws:ec2InstanceSourcePrivateIPv4"] = []string{in.PrivateIP}
	}
	return &caller{principal: sessionARN(r, in.ID), kind: arn.AssumedRole, account: r.Account, role: r,
		instance: in, session: in.ID, ctx: ctx}, nil
}
