package eval

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/awsref"
	"github.com/sekisho/sekisho/policy"
)

// CheckContextValue reports whether value can be a value of the condition
// key, whose type the service authorization reference gives ("AWS global
// condition context keys" and each service's "Condition keys" table:
// String, Numeric, Date, Bool, IPAddress, ARN and their ArrayOf forms). A
// value of the wrong type would match no policy value, so a Deny written
// for it would silently not apply: it is bad input instead. Keys the
// reference does not know, and String keys, take any value.
//
// Callers check values where they read a request (case files, --context,
// CheckContext for a whole context), once: NewRequest does not, since
// analyses build requests per decision from values Sekisho derived.
func CheckContextValue(key, value string) error {
	k, ok := awsref.LookupConditionKey(key)
	if !ok {
		return nil
	}
	typ := strings.TrimPrefix(k.Type, "ArrayOf")
	var err error
	switch typ {
	case "Numeric":
		_, err = policy.ParseNumber(value)
	case "Date":
		_, err = policy.ParseDate(value)
	case "Bool":
		_, err = policy.ParseBool(value)
	case "IPAddress":
		_, err = policy.ParseAddr(value)
	case "ARN":
		if parts, ok := arn.Split(value); !ok || parts[0] != "arn" {
			err = fmt.Errorf("expected an ARN (arn:partition:service:region:account:resource), got %q", value)
		}
	}
	if err != nil {
		return fmt.Errorf("%s is of type %s: %w", key, k.Type, err)
	}
	return nil
}

// CheckContext checks every value of a request's context (see
// CheckContextValue).
func CheckContext(ctx map[string][]string) error {
	for _, k := range slices.Sorted(maps.Keys(ctx)) {
		for _, v := range ctx[k] {
			if err := CheckContextValue(k, v); err != nil {
				return fmt.Errorf("context: %w", err)
			}
		}
	}
	return nil
}
