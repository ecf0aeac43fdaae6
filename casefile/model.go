package casefile

import (
	"fmt"
	"path/filepath"
	"slices"

	"github.com/sekisho/sekisho/internal/node"
)

// A model case names a model (a directory or file, relative to the case
// file) instead of listing policies; its request names the credentials and
// the vantage point (docs/casefile.md, "Cases that reference a model").
// This package reads it as written; the runner resolves it against the
// model (internal/caserun), so that reading cases needs no model.

// ModelQuery is the request of a model case, as written.
type ModelQuery struct {
	Model       string       // the model path, resolved against the case file's directory
	Principal   Located      // the credentials in their command-line form (an ARN, access-key:...), or
	Credentials *Credentials // the credentials as an object
	From        Located      // the vantage point as written; "" for none
	Action      string
	Resource    string // "" means "*"
	Context     map[string][]string
	Lists       map[string]bool // keys of Context given as lists
	At          Located         // the request object: where errors about the whole request point
}

// Located is a value with where it was written, for errors.
type Located struct {
	Text string
	Path node.Path
	Pos  node.Pos
}

// Errorf returns an error at l's place in file.
func (l Located) Errorf(file, format string, args ...any) error {
	return &node.Error{File: file, Path: l.Path, Pos: l.Pos, Msg: fmt.Sprintf(format, args...)}
}

// atPath is the place at p, for the readers of values that model cases
// share with policy cases (str, context): a model case keeps its paths.
func atPath(p node.Path) *node.At {
	at := node.AtPath(p)
	return &at
}

func located(n *node.Node, p node.Path, text string) Located {
	return Located{Text: text, Path: p, Pos: n.Pos}
}

// Credentials are the credentials object of a model case: Type is
// user-keys (User or AccessKey), role-session (Role, SessionName) or
// instance-profile (Instance, IMDS "v1" or "v2").
type Credentials struct {
	Type        string
	User        string
	AccessKey   string
	Role        string
	SessionName string
	Instance    string
	IMDS        string
}

// credentialFields are the fields each credentials type takes.
var credentialFields = map[string][]string{
	"user-keys":        {"user", "accessKey"},
	"role-session":     {"role", "sessionName"},
	"instance-profile": {"instance", "imds"},
}

// modelCase reads a case that has a "model" member.
func (r *reader) modelCase(c *Case, n *node.Node, path node.Path) error {
	q := &ModelQuery{}
	var reqNode *node.Node
	var reqPath node.Path
	for _, f := range n.Fields {
		fp := path.Key(f.Key)
		var err error
		switch f.Key {
		case "name":
			c.Name, err = str(f.Value, atPath(fp))
		case "doc":
			c.Doc, err = str(f.Value, atPath(fp))
		case "description":
			c.Description, err = str(f.Value, atPath(fp))
		case "expect":
			c.Expect, err = expect(f.Value, atPath(fp))
		case "model":
			q.Model, err = str(f.Value, atPath(fp))
		case "request":
			reqNode, reqPath = f.Value, fp
		case "policies":
			err = &node.Error{Path: fp, Pos: f.KeyPos, Msg: "a case with a model takes its policies from the model: remove \"policies\" or \"model\""}
		default:
			err = &node.Error{Path: fp, Pos: f.KeyPos, Msg: fmt.Sprintf("unknown case field %q: expected name, doc, description, model, request or expect", f.Key)}
		}
		if err != nil {
			return err
		}
	}
	if c.Name == "" {
		return node.Errorf(n, path, "case has no name: expected \"name\": \"topic/what-it-shows\"")
	}
	if reqNode == nil {
		return node.Errorf(n, path, "case %q has no request", c.Name)
	}
	if !filepath.IsAbs(q.Model) {
		q.Model = filepath.Join(r.dir, q.Model)
	}
	if err := modelRequest(q, reqNode, reqPath); err != nil {
		return err
	}
	c.Model = q
	return nil
}

func modelRequest(q *ModelQuery, n *node.Node, p node.Path) error {
	if n.Kind != node.Object {
		return node.Errorf(n, p, "expected a request object with principal or credentials, from, action, resource, context, got %s", node.Describe(n))
	}
	q.At = located(n, p, "")
	for _, f := range n.Fields {
		fp := p.Key(f.Key)
		var err error
		var s string
		switch f.Key {
		case "principal":
			s, err = str(f.Value, atPath(fp))
			q.Principal = located(f.Value, fp, s)
		case "credentials":
			q.Credentials, err = credentials(f.Value, fp)
		case "from":
			s, err = str(f.Value, atPath(fp))
			q.From = located(f.Value, fp, s)
		case "action":
			q.Action, err = str(f.Value, atPath(fp))
		case "resource":
			q.Resource, err = str(f.Value, atPath(fp))
		case "context":
			q.Context, q.Lists, err = context(f.Value, atPath(fp))
		default:
			err = &node.Error{Path: fp, Pos: f.KeyPos, Msg: fmt.Sprintf("unknown request field %q: expected principal, credentials, from, action, resource or context", f.Key)}
		}
		if err != nil {
			return err
		}
	}
	if (n.Get("principal") == nil) == (n.Get("credentials") == nil) {
		return node.Errorf(n, p, "expected exactly one of principal (an ARN) or credentials (an object with type)")
	}
	if q.Action == "" {
		return node.Errorf(n, p, "request has no action: expected \"action\": \"service:Action\"")
	}
	return nil
}

// credentials reads {type: user-keys|role-session|instance-profile, ...}.
func credentials(n *node.Node, p node.Path) (*Credentials, error) {
	if n.Kind != node.Object {
		return nil, node.Errorf(n, p, "expected credentials {type: user-keys | role-session | instance-profile, ...}, got %s", node.Describe(n))
	}
	t := n.Get("type")
	if t == nil {
		return nil, node.Errorf(n, p, "credentials have no type: expected user-keys, role-session or instance-profile")
	}
	fields, ok := credentialFields[t.Text]
	if t.Kind != node.String || !ok {
		return nil, node.Errorf(t, p.Key("type"), "expected user-keys, role-session or instance-profile, got %s", node.Describe(t))
	}
	c := &Credentials{Type: t.Text}
	for _, f := range n.Fields {
		if f.Key == "type" {
			continue
		}
		fp := p.Key(f.Key)
		dst := c.field(f.Key)
		if dst == nil || !slices.Contains(fields, f.Key) {
			return nil, &node.Error{Path: fp, Pos: f.KeyPos, Msg: fmt.Sprintf("unknown field %q for %s credentials: expected type, %s, %s", f.Key, c.Type, fields[0], fields[1])}
		}
		s, err := str(f.Value, atPath(fp))
		if err != nil {
			return nil, err
		}
		if f.Key == "imds" && s != "v1" && s != "v2" {
			return nil, node.Errorf(f.Value, fp, "expected \"v1\" or \"v2\", got %q", s)
		}
		*dst = s
	}
	if c.User == "" && c.AccessKey == "" && c.Role == "" && c.Instance == "" {
		return nil, node.Errorf(n, p, "%s credentials need %s, %s", c.Type, fields[0], fields[1])
	}
	return c, nil
}

// field is where a credentials field is kept.
func (c *Credentials) field(key string) *string {
	switch key {
	case "user":
		return &c.User
	case "accessKey":
		return &c.AccessKey
	case "role":
		return &c.Role
	case "sessionName":
		return &c.SessionName
	case "instance":
		return &c.Instance
	case "imds":
		return &c.IMDS
	}
	return nil
}
