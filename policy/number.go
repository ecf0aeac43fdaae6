package policy

import (
	"fmt"
	"strings"
)

// Decimal is a Numeric condition value, held exactly as written: Numeric
// operators compare "a key to an integer or decimal value" (IAM User
// Guide, "IAM JSON policy elements: Condition operators", Numeric
// condition operators), so two values that differ only beyond float64's
// 53 bits of precision, or past its range, still compare as they are.
// The grammar is plain decimal notation; exponents ("1e400"), hexadecimal
// ("0x1p4"), infinities and NaN are not integers or decimals and are
// refused.
type Decimal struct {
	neg  bool
	int  string // integer digits without leading zeros
	frac string // fraction digits without trailing zeros
}

// ParseNumber parses a Numeric condition value (see Decimal).
func ParseNumber(s string) (Decimal, error) {
	d, ok := ParseDecimal(s)
	if !ok {
		return Decimal{}, fmt.Errorf("expected an integer or a decimal number such as 10 or 2.5, got %q", s)
	}
	return d, nil
}

// ParseDecimal parses [+-]digits[.digits] (or [+-].digits), surrounding
// white space ignored, without allocating: request values are parsed on
// every evaluation.
func ParseDecimal(s string) (Decimal, bool) {
	s = strings.TrimSpace(s)
	var d Decimal
	if s != "" && (s[0] == '-' || s[0] == '+') {
		d.neg = s[0] == '-'
		s = s[1:]
	}
	intPart, fracPart, _ := strings.Cut(s, ".")
	if !allDigits(intPart) || !allDigits(fracPart) || intPart == "" && fracPart == "" {
		return Decimal{}, false
	}
	d.int = strings.TrimLeft(intPart, "0")
	d.frac = strings.TrimRight(fracPart, "0")
	if d.int == "" && d.frac == "" {
		d.neg = false // -0 is 0
	}
	return d, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Cmp compares d and e: -1 if d < e, 0 if equal, +1 if d > e.
func (d Decimal) Cmp(e Decimal) int {
	if d.neg != e.neg {
		if d.neg {
			return -1
		}
		return 1
	}
	c := cmpMagnitude(d, e)
	if d.neg {
		return -c
	}
	return c
}

func cmpMagnitude(d, e Decimal) int {
	if len(d.int) != len(e.int) {
		if len(d.int) < len(e.int) {
			return -1
		}
		return 1
	}
	if c := strings.Compare(d.int, e.int); c != 0 {
		return c
	}
	// Without trailing zeros, fractions compare as strings: "05" < "5",
	// "5" < "51".
	return strings.Compare(d.frac, e.frac)
}

// String writes d in canonical form: "-12.5", "0", "0.25".
func (d Decimal) String() string {
	var b strings.Builder
	if d.neg {
		b.WriteByte('-')
	}
	if d.int == "" {
		b.WriteByte('0')
	}
	b.WriteString(d.int)
	if d.frac != "" {
		b.WriteByte('.')
		b.WriteString(d.frac)
	}
	return b.String()
}
