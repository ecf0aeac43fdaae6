package tfplan

import (
	"encoding/json"
	"strings"

	"github.com/sekisho/sekisho/policy"
)

// lambdaPermission turns an aws_lambda_permission into the statement
// Lambda's AddPermission adds to the function's resource-based policy
// (Lambda API Reference, "AddPermission"; Lambda Developer Guide, "Using
// resource-based policies for Lambda"), one document per side holding
// that statement alone:
//
//   - Principal: an account id is the account ({"AWS":
//     "arn:aws:iam::ID:root"}), "*" everyone, an ARN itself, anything else
//     a service principal;
//   - Resource: the function's ARN, with ":QUALIFIER" for a version or alias;
//   - source_arn → ArnLike AWS:SourceArn (the statements Lambda writes use
//     ArnLike; the API reference says the comparison is a "like" one);
//     source_account → StringEquals AWS:SourceAccount; principal_org_id →
//     StringEquals aws:PrincipalOrgID; function_url_auth_type →
//     StringEquals lambda:FunctionUrlAuthType; event_source_token →
//     StringEquals lambda:EventSourceToken.
//
// The function's other statements are not in the plan: the comparison is
// of this statement alone, which over-states new access where another
// statement already grants it, never under-states it (a permission only
// allows).
func (p *Plan) lambdaPermission(c change) {
	d := &Document{Address: c.rc.Address, Type: c.rc.Type, Attribute: "statement", Kind: policy.Resource, Action: c.act,
		Note: "the statement AddPermission adds to the function's policy, compared alone (the function's other statements are not in the plan)"}
	if c.act != Create {
		d.Before = lambdaStatement(c.before())
	}
	if c.act != Delete {
		for _, k := range []string{"function_name", "principal", "action", "qualifier", "source_arn", "source_account", "principal_org_id", "function_url_auth_type", "event_source_token", "statement_id"} {
			if c.unknown(k) {
				d.Unknown = true
			}
		}
		if !d.Unknown {
			d.After = lambdaStatement(c.after())
		}
	}
	d.Pos, d.Path = c.pos("function_name")
	d.Values = c.values()
	d.Target = lambdaFunctionARN(c.after())
	if c.act == Delete {
		d.Target = lambdaFunctionARN(c.before())
	}
	if d.Before != nil && d.After != nil && *d.Before == *d.After {
		return
	}
	if d.Unknown {
		p.NotReviewable = append(p.NotReviewable, Gap{Address: d.Name(), Why: "the permission's function, principal, action or conditions are known only after apply"})
	}
	p.Documents = append(p.Documents, d)
}

// lambdaFunctionARN is the function's ARN from function_name (a name, an
// ARN or a partial ARN ACCOUNT:function:NAME) and qualifier. A bare name
// leaves the Region and account open.
func lambdaFunctionARN(m map[string]any) string {
	name, _ := m["function_name"].(string)
	if name == "" {
		return ""
	}
	arn := name
	switch {
	case strings.HasPrefix(name, "arn:"):
	case strings.Contains(name, ":function:"):
		arn = "arn:aws:lambda:*:" + name
	default:
		arn = "arn:aws:lambda:*:*:function:" + name
	}
	if q, _ := m["qualifier"].(string); q != "" {
		arn += ":" + q
	}
	return arn
}

func lambdaStatement(m map[string]any) *string {
	fn := lambdaFunctionARN(m)
	if fn == "" {
		return nil
	}
	str := func(k string) string { s, _ := m[k].(string); return s }
	st := map[string]any{"Effect": "Allow", "Action": orDefault(str("action"), "lambda:InvokeFunction"), "Resource": fn}
	if sid := str("statement_id"); sid != "" {
		st["Sid"] = sid
	}
	switch pr := str("principal"); {
	case pr == "*":
		st["Principal"] = "*"
	case len(pr) == 12 && strings.Trim(pr, "0123456789") == "":
		st["Principal"] = map[string]any{"AWS": "arn:aws:iam::" + pr + ":root"}
	case strings.HasPrefix(pr, "arn:"):
		st["Principal"] = map[string]any{"AWS": pr}
	default:
		st["Principal"] = map[string]any{"Service": pr}
	}
	cond := map[string]map[string]string{}
	put := func(op, key, attr string) {
		if v := str(attr); v != "" {
			if cond[op] == nil {
				cond[op] = map[string]string{}
			}
			cond[op][key] = v
		}
	}
	put("ArnLike", "AWS:SourceArn", "source_arn")
	put("StringEquals", "AWS:SourceAccount", "source_account")
	put("StringEquals", "aws:PrincipalOrgID", "principal_org_id")
	put("StringEquals", "lambda:FunctionUrlAuthType", "function_url_auth_type")
	put("StringEquals", "lambda:EventSourceToken", "event_source_token")
	if len(cond) > 0 {
		st["Condition"] = cond
	}
	b, err := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": []any{st}})
	if err != nil {
		return nil
	}
	s := string(b)
	return &s
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
