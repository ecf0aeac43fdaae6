package policy

import (
	"fmt"
	"strings"
)

// Op is a base condition operator, without IfExists or a set qualifier.
// IAM User Guide, "IAM JSON policy elements: Condition operators".
type Op uint8

// The condition operators.
const (
	OpInvalid Op = iota
	StringEquals
	StringNotEquals
	StringEqualsIgnoreCase
	StringNotEqualsIgnoreCase
	StringLike
	StringNotLike
	NumericEquals
	NumericNotEquals
	NumericLessThan
	NumericLessThanEquals
	NumericGreaterThan
	NumericGreaterThanEquals
	DateEquals
	DateNotEquals
	DateLessThan
	DateLessThanEquals
	DateGreaterThan
	DateGreaterThanEquals
	Bool
	BinaryEquals
	IpAddress
	NotIpAddress
	ArnEquals
	ArnLike
	ArnNotEquals
	ArnNotLike
	Null
	opCount
)

// operators is the table of condition operators: one row per operator,
// its name as AWS spells it, the family (value type) it compares, and for
// a negated operator the operator it negates (IAM User Guide, "IAM JSON
// policy elements: Condition operators": a negated operator also matches
// when the key is absent). Adding an operator is a constant above, a row
// here and its implementation in internal/cond; TestOperatorTable checks
// that every constant has a row.
var operators = [opCount]struct {
	name    string
	family  Family
	negates Op // the positive operator; OpInvalid when not negated
}{
	StringEquals:              {"StringEquals", FamilyString, OpInvalid},
	StringNotEquals:           {"StringNotEquals", FamilyString, StringEquals},
	StringEqualsIgnoreCase:    {"StringEqualsIgnoreCase", FamilyString, OpInvalid},
	StringNotEqualsIgnoreCase: {"StringNotEqualsIgnoreCase", FamilyString, StringEqualsIgnoreCase},
	StringLike:                {"StringLike", FamilyString, OpInvalid},
	StringNotLike:             {"StringNotLike", FamilyString, StringLike},
	NumericEquals:             {"NumericEquals", FamilyNumeric, OpInvalid},
	NumericNotEquals:          {"NumericNotEquals", FamilyNumeric, NumericEquals},
	NumericLessThan:           {"NumericLessThan", FamilyNumeric, OpInvalid},
	NumericLessThanEquals:     {"NumericLessThanEquals", FamilyNumeric, OpInvalid},
	NumericGreaterThan:        {"NumericGreaterThan", FamilyNumeric, OpInvalid},
	NumericGreaterThanEquals:  {"NumericGreaterThanEquals", FamilyNumeric, OpInvalid},
	DateEquals:                {"DateEquals", FamilyDate, OpInvalid},
	DateNotEquals:             {"DateNotEquals", FamilyDate, DateEquals},
	DateLessThan:              {"DateLessThan", FamilyDate, OpInvalid},
	DateLessThanEquals:        {"DateLessThanEquals", FamilyDate, OpInvalid},
	DateGreaterThan:           {"DateGreaterThan", FamilyDate, OpInvalid},
	DateGreaterThanEquals:     {"DateGreaterThanEquals", FamilyDate, OpInvalid},
	Bool:                      {"Bool", FamilyBool, OpInvalid},
	BinaryEquals:              {"BinaryEquals", FamilyBinary, OpInvalid},
	IpAddress:                 {"IpAddress", FamilyIP, OpInvalid},
	NotIpAddress:              {"NotIpAddress", FamilyIP, IpAddress},
	ArnEquals:                 {"ArnEquals", FamilyARN, OpInvalid},
	ArnLike:                   {"ArnLike", FamilyARN, OpInvalid},
	ArnNotEquals:              {"ArnNotEquals", FamilyARN, ArnEquals},
	ArnNotLike:                {"ArnNotLike", FamilyARN, ArnLike},
	Null:                      {"Null", FamilyNull, OpInvalid},
}

func (o Op) String() string {
	if o > OpInvalid && o < opCount {
		return operators[o].name
	}
	if o == OpInvalid {
		return ""
	}
	return "invalid"
}

// Family is the value type an operator compares.
type Family uint8

// The operator families.
const (
	FamilyString Family = iota
	FamilyNumeric
	FamilyDate
	FamilyBool
	FamilyBinary
	FamilyIP
	FamilyARN
	FamilyNull
)

// Family returns the value type the operator compares.
func (o Op) Family() Family {
	if o < opCount {
		return operators[o].family
	}
	return FamilyNull
}

// Negated reports whether the operator is a negated matching operator, which
// matches when the key is absent (IAM User Guide, "Condition operators").
func (o Op) Negated() bool { return o < opCount && operators[o].negates != OpInvalid }

// Positive returns the non-negated operator of which o is the negation
// (o itself when o is not negated).
func (o Op) Positive() Op {
	if o.Negated() {
		return operators[o].negates
	}
	return o
}

// Qualifier is a set operator for multivalued keys.
type Qualifier uint8

// The set qualifiers. IAM User Guide, "Set operators for multivalued context keys".
const (
	Single Qualifier = iota
	ForAllValues
	ForAnyValue
)

func (q Qualifier) String() string {
	switch q {
	case ForAllValues:
		return "ForAllValues"
	case ForAnyValue:
		return "ForAnyValue"
	}
	return ""
}

// Operator is a full condition operator as written: qualifier, base, IfExists.
type Operator struct {
	Op        Op
	IfExists  bool
	Qualifier Qualifier
}

func (o Operator) String() string {
	s := o.Op.String()
	if o.IfExists {
		s += "IfExists"
	}
	if o.Qualifier != Single {
		s = o.Qualifier.String() + ":" + s
	}
	return s
}

// ParseOperator parses a condition operator name such as
// "ForAnyValue:StringLikeIfExists". Names are case-sensitive, as in AWS's
// policy grammar; a wrong case gets a suggestion.
func ParseOperator(s string) (Operator, error) {
	var o Operator
	rest := s
	if q, after, ok := strings.Cut(rest, ":"); ok {
		switch q {
		case "ForAllValues":
			o.Qualifier = ForAllValues
		case "ForAnyValue":
			o.Qualifier = ForAnyValue
		default:
			return o, fmt.Errorf("unknown set operator %q: expected ForAllValues or ForAnyValue", q)
		}
		rest = after
	}
	if base, ok := strings.CutSuffix(rest, "IfExists"); ok {
		o.IfExists = true
		rest = base
	}
	for i := Op(1); i < opCount; i++ {
		if operators[i].name == rest {
			o.Op = i
		}
	}
	if o.Op == OpInvalid {
		return o, unknownOperator(s, rest)
	}
	if o.Op == Null && o.IfExists {
		return o, fmt.Errorf("operator %q: Null cannot be combined with IfExists", s)
	}
	return o, nil
}

func unknownOperator(s, base string) error {
	for i := Op(1); i < opCount; i++ {
		if strings.EqualFold(operators[i].name, base) {
			return fmt.Errorf("unknown condition operator %q: operator names are case-sensitive (did you mean %q)", s, strings.Replace(s, base, operators[i].name, 1))
		}
	}
	return fmt.Errorf("unknown condition operator %q: expected one of AWS's condition operators (StringEquals, StringLike, NumericLessThan, DateGreaterThan, Bool, BinaryEquals, IpAddress, ArnLike, Null, ...), optionally with IfExists and a ForAllValues or ForAnyValue qualifier", s)
}
