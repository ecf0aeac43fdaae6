package policy_test

import (
	"strings"
	"testing"

	"github.com/sekisho/sekisho/policy"
)

// TestOperatorTable: every operator constant has a row (a name that parses
// back to it), a negated operator negates an operator of its own family,
// and the families and negations are those of the IAM User Guide,
// "Condition operators".
func TestOperatorTable(t *testing.T) {
	t.Parallel()
	n := 0
	for o := policy.Op(1); o.String() != "invalid"; o++ {
		n++
		if o.String() == "" {
			t.Fatalf("operator %d has no row in the table", o)
		}
		got, err := policy.ParseOperator(o.String())
		if err != nil || got.Op != o {
			t.Errorf("ParseOperator(%q) = %v, %v; want %d", o, got.Op, err, o)
		}
		if p := o.Positive(); p.Negated() || p.Family() != o.Family() || (p == o) == o.Negated() {
			t.Errorf("%s: positive %s (negated %v, family %d), want a non-negated operator of family %d", o, p, p.Negated(), p.Family(), o.Family())
		}
		if strings.Contains(o.String(), "Not") != o.Negated() {
			t.Errorf("%s: Negated() = %v", o, o.Negated())
		}
	}
	if n != 27 {
		t.Errorf("%d operators, want the 27 of the IAM User Guide", n)
	}
	families := map[string]policy.Family{
		"StringNotLike": policy.FamilyString, "NumericGreaterThanEquals": policy.FamilyNumeric, "DateEquals": policy.FamilyDate,
		"Bool": policy.FamilyBool, "BinaryEquals": policy.FamilyBinary, "NotIpAddress": policy.FamilyIP,
		"ArnNotLike": policy.FamilyARN, "Null": policy.FamilyNull,
	}
	for name, want := range families {
		o, err := policy.ParseOperator(name)
		if err != nil || o.Op.Family() != want {
			t.Errorf("%s: family %d (%v), want %d", name, o.Op.Family(), err, want)
		}
	}
}
