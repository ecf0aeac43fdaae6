package casefile

import (
	"fmt"
	"path/filepath"

	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/model"
)

// A model case names a model (a directory or file, relative to the case
// file) instead of listing policies; its request names the credentials and
// the vantage point, and the policies are gathered from the model
// (docs/casefile.md, "Cases that reference a model").

// modelCase reads a case that has a "model" member.
func (r *reader) modelCase(c *Case, n *node.Node, path node.Path) error {
	var reqNode *node.Node
	var reqPath node.Path
	for _, f := range n.Fields {
		fp := path.Key(f.Key)
		var err error
		switch f.Key {
		case "name":
			c.Name, err = str(f.Value, fp)
		case "doc":
			c.Doc, err = str(f.Value, fp)
		case "description":
			c.Description, err = str(f.Value, fp)
		case "expect":
			c.Expect, err = expect(f.Value, fp)
		case "model":
			c.Model, err = str(f.Value, fp)
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
	if !filepath.IsAbs(c.Model) {
		c.Model = filepath.Join(r.dir, c.Model)
	}
	m, err := r.loadModel(c.Model)
	if err != nil {
		return err
	}
	q, err := modelRequest(c, reqNode, reqPath)
	if err != nil {
		return err
	}
	g, err := m.GatherAll(q)
	if err != nil {
		return node.Errorf(reqNode, reqPath, "%v", err)
	}
	if _, err := eval.NewRequest(g.Request); err != nil {
		return node.Errorf(reqNode, reqPath, "%v", err)
	}
	c.Policies, c.Request, c.Route = g.Set, g.Request, g.Route.Summary
	return nil
}

// loadModel loads a model once per reader.
func (r *reader) loadModel(path string) (*model.Model, error) {
	if m := r.models[path]; m != nil {
		return m, nil
	}
	m, err := model.Load(path, model.Options{})
	if err != nil {
		return nil, err
	}
	if r.models == nil {
		r.models = map[string]*model.Model{}
	}
	r.models[path] = m
	return m, nil
}

func modelRequest(c *Case, n *node.Node, p node.Path) (model.Query, error) {
	var q model.Query
	if n.Kind != node.Object {
		return q, node.Errorf(n, p, "expected a request object with principal or credentials, from, action, resource, context, got %s", node.Describe(n))
	}
	for _, f := range n.Fields {
		fp := p.Key(f.Key)
		var err error
		switch f.Key {
		case "principal":
			var s string
			if s, err = str(f.Value, fp); err == nil {
				if q.Credentials, err = model.ParseCredentials(s); err != nil {
					err = node.Errorf(f.Value, fp, "%v", err)
				}
			}
		case "credentials":
			q.Credentials, err = credentials(f.Value, fp)
		case "from":
			var s string
			if s, err = str(f.Value, fp); err == nil {
				if q.From, err = model.ParseVantage(s); err != nil {
					err = node.Errorf(f.Value, fp, "%v", err)
				}
				c.From = s
			}
		case "action":
			q.Action, err = str(f.Value, fp)
		case "resource":
			q.Resource, err = str(f.Value, fp)
		case "context":
			q.Context, q.Lists, err = context(f.Value, fp)
		default:
			err = &node.Error{Path: fp, Pos: f.KeyPos, Msg: fmt.Sprintf("unknown request field %q: expected principal, credentials, from, action, resource or context", f.Key)}
		}
		if err != nil {
			return q, err
		}
	}
	if (n.Get("principal") == nil) == (n.Get("credentials") == nil) {
		return q, node.Errorf(n, p, "expected exactly one of principal (an ARN) or credentials (an object with type)")
	}
	if q.Action == "" {
		return q, node.Errorf(n, p, "request has no action: expected \"action\": \"service:Action\"")
	}
	c.Credentials = q.Credentials.String()
	return q, nil
}

// credentials reads {type: user-keys|role-session|instance-profile, ...}.
func credentials(n *node.Node, p node.Path) (model.Credentials, error) {
	var c model.Credentials
	if n.Kind != node.Object {
		return c, node.Errorf(n, p, "expected credentials {type: user-keys | role-session | instance-profile, ...}, got %s", node.Describe(n))
	}
	t := n.Get("type")
	if t == nil {
		return c, node.Errorf(n, p, "credentials have no type: expected user-keys, role-session or instance-profile")
	}
	ok := false
	if t.Kind == node.String {
		c.Type, ok = model.ParseCredentialsType(t.Text)
	}
	if !ok || c.Type == model.ByPrincipal {
		return c, node.Errorf(t, p.Key("type"), "expected user-keys, role-session or instance-profile, got %s", node.Describe(t))
	}
	allowed := map[model.CredentialsType]string{
		model.UserKeys:            "user, accessKey",
		model.RoleSession:         "role, sessionName",
		model.InstanceCredentials: "instance, imds",
	}[c.Type]
	for _, f := range n.Fields {
		fp := p.Key(f.Key)
		var err error
		switch {
		case f.Key == "type":
		case f.Key == "user" && c.Type == model.UserKeys, f.Key == "role" && c.Type == model.RoleSession:
			c.Principal, err = str(f.Value, fp)
		case f.Key == "accessKey" && c.Type == model.UserKeys:
			c.AccessKey, err = str(f.Value, fp)
		case f.Key == "sessionName" && c.Type == model.RoleSession:
			c.SessionName, err = str(f.Value, fp)
		case f.Key == "instance" && c.Type == model.InstanceCredentials:
			c.Instance, err = str(f.Value, fp)
		case f.Key == "imds" && c.Type == model.InstanceCredentials:
			var v string
			if v, err = str(f.Value, fp); err == nil && v != "v1" && v != "v2" {
				err = node.Errorf(f.Value, fp, "expected \"v1\" or \"v2\", got %q", v)
			}
			c.IMDSv1 = v == "v1"
		default:
			err = &node.Error{Path: fp, Pos: f.KeyPos, Msg: fmt.Sprintf("unknown field %q for %s credentials: expected type, %s", f.Key, c.Type, allowed)}
		}
		if err != nil {
			return c, err
		}
	}
	if c.Principal == "" && c.AccessKey == "" && c.Instance == "" {
		return c, node.Errorf(n, p, "%s credentials need %s", c.Type, allowed)
	}
	return c, nil
}
