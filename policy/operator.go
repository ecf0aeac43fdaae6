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

var opNames = [opCount]string{
	"", "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase",
	"StringLike", "StringNotLike", "NumericEquals", "NumericNotEquals", "NumericLessThan",
	"NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals", "DateEquals",
	"DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals",
	"Bool", "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals",
	"ArnNotLike", "Null",
}

func (o Op) String() string {
	if o < opCount {
		return opNames[o]
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
	switch {
	case o >= StringEquals && o <= StringNotLike:
		return FamilyString
	case o >= NumericEquals && o <= NumericGreaterThanEquals:
		return FamilyNumeric
	case o >= DateEquals && o <= DateGreaterThanEquals:
		return FamilyDate
	case o == Bool:
		return FamilyBool
	case o == BinaryEquals:
		return FamilyBinary
	case o == IpAddress || o == NotIpAddress:
		return FamilyIP
	case o >= ArnEquals && o <= ArnNotLike:
		return FamilyARN
	}
	return FamilyNull
}

// Negated reports whether the operator is a negated matching operator, which
// matches when the key is absent (IAM User Guide, "Condition operators").
func (o Op) Negated() bool {
	switch o {
	case StringNotEquals, StringNotEqualsIgnoreCase, StringNotLike, NumericNotEquals,
		DateNotEquals, NotIpAddress, ArnNotEquals, ArnNotLike:
		return true
	}
	return false
}

// Positive returns the non-negated operator of which o is the negation
// (o itself when o is not negated).
func (o Op) Positive() Op {
	switch o {
	case StringNotEquals:
		return StringEquals
	case StringNotEqualsIgnoreCase:
		return StringEqualsIgnoreCase
	case StringNotLike:
		return StringLike
	case NumericNotEquals:
		return NumericEquals
	case DateNotEquals:
		return DateEquals
	case NotIpAddress:
		return IpAddress
	case ArnNotEquals:
		return ArnEquals
	case ArnNotLike:
		return ArnLike
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
		if opNames[i] == rest {
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
		if strings.EqualFold(opNames[i], base) {
			return fmt.Errorf("unknown condition operator %q: operator names are case-sensitive (did you mean %q)", s, strings.Replace(s, base, opNames[i], 1))
		}
	}
	return fmt.Errorf("unknown condition operator %q: expected one of AWS's condition operators (StringEquals, StringLike, NumericLessThan, DateGreaterThan, Bool, BinaryEquals, IpAddress, ArnLike, Null, ...), optionally with IfExists and a ForAllValues or ForAnyValue qualifier", s)
}
