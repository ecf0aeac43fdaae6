package cond

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/sekisho/sekisho/policy"
)

// Explain describes, for people, how the condition evaluates against ctx:
// the operator, the key, the request's values and the policy's values with
// variables resolved. It is only called when tracing.
func (c *Condition) Explain(ctx Context) string {
	sc := GetScratch()
	defer PutScratch(sc)
	held := c.Eval(ctx, sc)
	rv := ctx.Lookup(c.key)
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: ", c.Source.Operator, c.Source.Key)
	if len(rv) == 0 {
		b.WriteString("key absent from the request")
	} else {
		b.WriteString("request has " + quoteList(rv))
	}
	b.WriteString(", policy has ")
	b.WriteString(c.policyValues(ctx, sc))
	if w := c.warning(rv); w != "" {
		b.WriteString(" (" + w + ")")
	}
	if w := c.listWarning(ctx); w != "" {
		b.WriteString(" (" + w + ")")
	}
	fmt.Fprintf(&b, " → %v", held)
	return b.String()
}

func (c *Condition) policyValues(ctx Context, sc *Scratch) string {
	out := make([]string, 0, len(c.values))
	for i := range c.values {
		v := &c.values[i]
		switch {
		case v.placeholder:
			out = append(out, v.str+" (unfilled placeholder: matches nothing)")
		case v.dynamic:
			if s, ok := sc.ResolveString(v.tmpl, ctx); ok {
				out = append(out, strconv.Quote(v.tmpl.Raw)+"="+strconv.Quote(s))
			} else {
				out = append(out, strconv.Quote(v.tmpl.Raw)+" (variable has no value)")
			}
		default:
			out = append(out, strconv.Quote(v.str))
		}
	}
	return "[" + strings.Join(out, ", ") + "]"
}

// warning notes request values that cannot be read as the operator's type;
// they match no policy value.
func (c *Condition) warning(rv []string) string {
	for _, r := range rv {
		var err error
		switch c.positive.Family() {
		case policy.FamilyNumeric:
			_, err = policy.ParseNumber(r)
		case policy.FamilyDate:
			_, err = policy.ParseDate(r)
		case policy.FamilyIP:
			_, err = policy.ParseAddr(r)
		case policy.FamilyBool:
			_, err = policy.ParseBool(r)
		}
		if err != nil {
			return "warning: request value " + strconv.Quote(r) + " is not valid for " + c.op.String() + ": it matches nothing"
		}
	}
	return ""
}

func quoteList(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = strconv.Quote(v)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// listWarning notes a plain operator meeting a list of request values,
// which reads differently in an Allow and a Deny (see plainOnList). The
// text holds no parenthesis: explanations lift it up to the closing one.
func (c *Condition) listWarning(ctx Context) string {
	if c.op == policy.Null || c.qual != policy.Single || !ctx.IsList(c.key) {
		return ""
	}
	if c.deny {
		return "warning: " + c.Source.Key + " is a list and " + c.Source.Operator.String() + " has no ForAnyValue or ForAllValues: in a Deny it is read as holding if it holds for any one value, the fail-closed reading; AWS's simulator reads it as not holding"
	}
	return "warning: " + c.Source.Key + " is a list and " + c.Source.Operator.String() + " has no ForAnyValue or ForAllValues: in an Allow it never holds, as AWS's simulator decides; use ForAnyValue or ForAllValues"
}
