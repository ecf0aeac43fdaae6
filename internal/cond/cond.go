package cond

import (
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/internal/wildcard"
	"github.com/sekisho/sekisho/policy"
)

// Condition is a compiled condition: one operator applied to one key.
type Condition struct {
	Source   *policy.Condition
	key      string // lower-cased
	op       policy.Op
	positive policy.Op
	negated  bool
	ifExists bool
	qual     policy.Qualifier
	values   []value
	deny     bool // in a Deny statement: decides the reading of a plain operator on a list
}

// value is one policy value, pre-parsed for its operator when it is literal.
type value struct {
	tmpl        *policy.Template // the value as written
	dynamic     bool             // holds policy variables: resolved per request
	placeholder bool             // "<fill-me-in>": matches nothing
	str         string
	pattern     wildcard.Pattern
	arnParts    *[6]wildcard.Pattern // ARN operators; nil when the value is not an ARN
	num         policy.Decimal
	date        time.Time
	prefix      netip.Prefix
	b           bool
}

// Compile compiles a parsed condition of an Allow statement.
func Compile(c *policy.Condition) (*Condition, error) { return CompileFor(c, policy.Allow) }

// CompileFor compiles a parsed condition of a statement with the given
// effect: a plain operator meeting a list of request values reads
// differently in an Allow and in a Deny (see Eval).
func CompileFor(c *policy.Condition, effect policy.Effect) (*Condition, error) {
	cc := &Condition{
		deny:     effect == policy.Deny,
		Source:   c,
		key:      strings.ToLower(c.Key),
		op:       c.Operator.Op,
		positive: c.Operator.Op.Positive(),
		negated:  c.Operator.Op.Negated(),
		ifExists: c.Operator.IfExists,
		qual:     c.Operator.Qualifier,
		values:   make([]value, 0, len(c.Values)),
	}
	for i := range c.Values {
		v, err := compileValue(cc.positive, &c.Values[i])
		if err != nil {
			return nil, fmt.Errorf("%s %q: %w", c.Operator, c.Key, err)
		}
		cc.values = append(cc.values, v)
	}
	return cc, nil
}

func compileValue(op policy.Op, t *policy.Template) (value, error) {
	v := value{tmpl: t, str: t.Raw}
	if !t.IsLiteral() {
		v.dynamic = true
		return v, nil
	}
	if policy.IsPlaceholder(t.Raw) {
		v.placeholder = true
		return v, nil
	}
	var err error
	switch op.Family() {
	case policy.FamilyString:
		if op == policy.StringLike {
			v.pattern = wildcard.Compile(t.Raw, wildcard.Plain)
		}
	case policy.FamilyARN:
		v.arnParts = compileARN(t.Raw)
	case policy.FamilyNumeric:
		v.num, err = policy.ParseNumber(t.Raw)
	case policy.FamilyDate:
		v.date, err = policy.ParseDate(t.Raw)
	case policy.FamilyIP:
		v.prefix, err = policy.ParseCIDR(t.Raw)
	case policy.FamilyBool, policy.FamilyNull:
		v.b, err = policy.ParseBool(t.Raw)
	case policy.FamilyBinary:
		v.str = strings.TrimSpace(t.Raw)
	}
	return v, err
}

// compileARN compiles an ArnLike pattern component by component: "Each of
// the six colon-delimited components of the ARN is checked separately and
// each can include multi-character match wildcards (*) or single-character
// match wildcards (?)" (IAM User Guide, "Amazon Resource Name (ARN)
// condition operators").
// The six patterns are held by pointer: most values are of other families,
// and a value carrying them inline is three times as large.
func compileARN(s string) *[6]wildcard.Pattern {
	segs, ok := arn.Split(s)
	if !ok {
		return nil
	}
	parts := new([6]wildcard.Pattern)
	for i, seg := range segs {
		parts[i] = wildcard.Compile(seg, wildcard.Plain)
	}
	return parts
}

// Key returns the condition key, lower-cased.
func (c *Condition) Key() string { return c.key }

// Eval reports whether the condition holds for the request context.
func (c *Condition) Eval(ctx Context, sc *Scratch) bool {
	rv := ctx.Lookup(c.key)
	if c.op == policy.Null {
		return c.evalNull(len(rv) > 0)
	}
	if len(rv) == 0 {
		switch c.qual {
		case policy.ForAllValues:
			return true
		case policy.ForAnyValue:
			return c.ifExists
		}
		return c.ifExists || c.negated
	}
	switch c.qual {
	case policy.ForAnyValue:
		for _, r := range rv {
			if c.matchOne(r, ctx, sc) != c.negated {
				return true
			}
		}
		return false
	case policy.ForAllValues:
		for _, r := range rv {
			if c.matchOne(r, ctx, sc) == c.negated {
				return false
			}
		}
		return true
	}
	if ctx.isList(c.key, rv) {
		return c.plainOnList(rv, ctx, sc)
	}
	return c.matchOne(rv[0], ctx, sc) != c.negated
}

// plainOnList evaluates an operator without ForAnyValue or ForAllValues
// against a list of request values (a multivalued key, or a key the
// request gives as a list, even of one value).
//
// In an Allow statement it does not hold, whatever the operator: AWS's
// simulator (SimulateCustomPolicy) answers implicitDeny for an Allow whose
// plain StringEquals meets a context value of a list type, even a list of
// one ("Single-valued vs. multivalued context keys": "Multivalued context
// keys require a condition set operator").
//
// In a Deny statement our reading is the fail-closed one: it holds when it
// would hold for any one of the values taken alone (ForAnyValue). The
// documentation does not define the plain operator on a list; reading it
// as the simulator does would make a Deny silently stop applying to every
// request that carries a list, the dangerous direction. So a Deny applies
// whenever some value would make it apply, and Sekisho may report a deny
// where the simulator allows.
func (c *Condition) plainOnList(rv []string, ctx Context, sc *Scratch) bool {
	if !c.deny {
		return false
	}
	for _, r := range rv {
		if c.matchOne(r, ctx, sc) != c.negated {
			return true
		}
	}
	return false
}

// evalNull: "true" matches an absent key, "false" a present one; several
// values are OR-ed (IAM User Guide, "Condition operator to check existence
// of condition keys").
func (c *Condition) evalNull(present bool) bool {
	for i := range c.values {
		if c.values[i].placeholder {
			continue
		}
		if c.values[i].b != present {
			return true
		}
	}
	return false
}

// matchOne reports whether the request value r matches any policy value
// under the positive form of the operator.
func (c *Condition) matchOne(r string, ctx Context, sc *Scratch) bool {
	for i := range c.values {
		if c.matchValue(r, &c.values[i], ctx, sc) {
			return true
		}
	}
	return false
}

func (c *Condition) matchValue(r string, v *value, ctx Context, sc *Scratch) bool {
	if v.placeholder {
		return false
	}
	if v.dynamic {
		return c.matchDynamic(r, v, ctx, sc)
	}
	switch c.positive.Family() {
	case policy.FamilyString:
		return matchString(c.positive, r, v)
	case policy.FamilyARN:
		return v.arnParts != nil && matchARN(v.arnParts, r)
	case policy.FamilyNumeric:
		n, ok := policy.ParseDecimal(r)
		return ok && compareNumber(c.positive, n.Cmp(v.num))
	case policy.FamilyDate:
		d, err := policy.ParseDate(r)
		return err == nil && compareDate(c.positive, d, v.date)
	case policy.FamilyIP:
		a, err := policy.ParseAddr(r)
		return err == nil && v.prefix.Contains(a)
	case policy.FamilyBool:
		b, err := policy.ParseBool(r)
		return err == nil && b == v.b
	case policy.FamilyBinary:
		return strings.TrimSpace(r) == v.str
	}
	return false
}

func matchString(op policy.Op, r string, v *value) bool {
	switch op {
	case policy.StringEquals:
		return r == v.str
	case policy.StringEqualsIgnoreCase:
		return strings.EqualFold(r, v.str)
	case policy.StringLike:
		return v.pattern.Match(r)
	}
	return false
}

func matchARN(parts *[6]wildcard.Pattern, r string) bool {
	segs, ok := arn.Split(r)
	if !ok {
		return false
	}
	for i := range segs {
		if !parts[i].Match(segs[i]) {
			return false
		}
	}
	return true
}

// compareNumber applies op to c, the request value compared with the
// policy value (-1, 0, +1).
func compareNumber(op policy.Op, c int) bool {
	switch op {
	case policy.NumericEquals:
		return c == 0
	case policy.NumericLessThan:
		return c < 0
	case policy.NumericLessThanEquals:
		return c <= 0
	case policy.NumericGreaterThan:
		return c > 0
	case policy.NumericGreaterThanEquals:
		return c >= 0
	}
	return false
}

func compareDate(op policy.Op, r, p time.Time) bool {
	switch op {
	case policy.DateEquals:
		return r.Equal(p)
	case policy.DateLessThan:
		return r.Before(p)
	case policy.DateLessThanEquals:
		return !r.After(p)
	case policy.DateGreaterThan:
		return r.After(p)
	case policy.DateGreaterThanEquals:
		return !r.Before(p)
	}
	return false
}

func splitARN(r string) ([6]string, bool) { return arn.Split(r) }
