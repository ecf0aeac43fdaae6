package diff

import (
	"math/big"
	"net/netip"
	"sort"
	"strings"
	"time"

	"github.com/sekisho/sekisho/policy"
)

// keyConds is every condition of the relevant statements on one key.
type keyConds struct {
	key   string // as first written
	conds []*policy.Condition
	multi bool // a set operator is used on it, or the reference says ArrayOf
}

// values returns one value for each class the conditions cut the key's
// values into (IAM User Guide, "Condition operators": within a class every
// condition answers the same), and whether the classes are exact. The key
// being absent is a class of its own, added by the caller.
func (k *keyConds) values(resolve func(policy.Template) (string, bool), search func([]glob) (map[region]string, bool)) ([]string, string) {
	fams := map[policy.Family]bool{}
	for _, c := range k.conds {
		if f := c.Operator.Op.Family(); f != policy.FamilyNull {
			fams[f] = true
		}
	}
	if len(fams) > 1 {
		return nil, "conditions of more than one type (" + familyNames(fams) + ") on " + k.key
	}
	var out []string
	var why string
	for f := range fams {
		switch f {
		case policy.FamilyString, policy.FamilyARN:
			out, why = k.stringValues(resolve, search)
		case policy.FamilyNumeric:
			out, why = k.numericValues()
		case policy.FamilyDate:
			out, why = k.dateValues()
		case policy.FamilyBool:
			out = []string{"true", "false"}
		case policy.FamilyIP:
			out, why = k.ipValues()
		case policy.FamilyBinary:
			out = k.constants()
			out = append(out, "c2VraXNobw==") // a value none of them is
		}
	}
	if len(fams) == 0 { // Null only: any present value
		out = []string{"sekisho-value"}
	}
	return out, why
}

func familyNames(fams map[policy.Family]bool) string {
	names := map[policy.Family]string{policy.FamilyString: "String", policy.FamilyNumeric: "Numeric",
		policy.FamilyDate: "Date", policy.FamilyBool: "Bool", policy.FamilyBinary: "Binary",
		policy.FamilyIP: "IP address", policy.FamilyARN: "ARN"}
	var out []string
	for f := range fams {
		out = append(out, names[f])
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

func (k *keyConds) constants() []string {
	var out []string
	for _, c := range k.conds {
		for _, v := range c.Values {
			out = append(out, v.Raw)
		}
	}
	return out
}

// stringValues runs the witness search over the String and ARN values:
// Equals values are literals (folded for IgnoreCase), Like values globs.
func (k *keyConds) stringValues(resolve func(policy.Template) (string, bool), search func([]glob) (map[region]string, bool)) ([]string, string) {
	gs, bad := k.resolvedGlobs(resolve)
	if bad != "" {
		return nil, "the policy variable in " + quote(bad) + " (" + k.key + ") has a value only a request supplies"
	}
	ws, complete := search(gs)
	if !complete {
		return nil, "the values of " + k.key + " are cut into more classes than the search budget allows"
	}
	return sortedValues(ws), ""
}

// globs are the String and ARN values as globs, for values without
// policy variables.
func (k *keyConds) globs() ([]glob, bool) {
	gs, bad := k.resolvedGlobs(func(t policy.Template) (string, bool) { return t.Raw, t.IsLiteral() })
	return gs, bad == ""
}

// resolvedGlobs builds the globs; bad is a value whose variable does not resolve.
func (k *keyConds) resolvedGlobs(resolve func(policy.Template) (string, bool)) (gs []glob, bad string) {
	for _, c := range k.conds {
		op := c.Operator.Op.Positive()
		for _, v := range c.Values {
			s, ok := resolve(v)
			if !ok {
				return nil, v.Raw
			}
			switch op {
			case policy.StringEquals:
				gs = append(gs, literalGlob(s, false))
			case policy.StringEqualsIgnoreCase:
				gs = append(gs, literalGlob(s, true))
			case policy.StringLike:
				gs = append(gs, plainGlob(s))
			case policy.ArnEquals, policy.ArnLike:
				gs = append(gs, arnCondGlob(s))
			}
		}
	}
	return gs, ""
}

func sortedValues(ws map[region]string) []string {
	out := make([]string, 0, len(ws))
	for _, w := range ws {
		out = append(out, w)
	}
	sort.Strings(out)
	return out
}

// numericValues: every constant, a point between each two neighbours and
// one beyond each end; exact decimals (big.Rat), printed as decimals.
func (k *keyConds) numericValues() ([]string, string) {
	var pts []*big.Rat
	for _, s := range k.constants() {
		r, ok := new(big.Rat).SetString(strings.TrimSpace(s))
		if !ok {
			return nil, "the numeric constant " + quote(s) + " of " + k.key + " is not a decimal number"
		}
		pts = append(pts, r)
	}
	sort.Slice(pts, func(i, j int) bool { return pts[i].Cmp(pts[j]) < 0 })
	if len(pts) == 0 {
		return []string{"0"}, ""
	}
	one := big.NewRat(1, 1)
	out := []*big.Rat{new(big.Rat).Sub(pts[0], one)}
	for i, p := range pts {
		out = append(out, p)
		if i+1 < len(pts) && p.Cmp(pts[i+1]) != 0 {
			mid := new(big.Rat).Add(p, pts[i+1])
			out = append(out, mid.Quo(mid, big.NewRat(2, 1)))
		}
	}
	out = append(out, new(big.Rat).Add(pts[len(pts)-1], one))
	strs := make([]string, len(out))
	for i, r := range out {
		strs[i] = decimalString(r)
	}
	return dedupe(strs), ""
}

// decimalString prints r, a decimal fraction, exactly.
func decimalString(r *big.Rat) string {
	if r.IsInt() {
		return r.Num().String()
	}
	for prec := 1; prec <= 64; prec++ {
		s := r.FloatString(prec)
		if back, ok := new(big.Rat).SetString(s); ok && back.Cmp(r) == 0 {
			return s
		}
	}
	return r.FloatString(64)
}

// dateValues: like numericValues over instants, a second beyond each end.
func (k *keyConds) dateValues() ([]string, string) {
	var pts []time.Time
	for _, s := range k.constants() {
		t, err := policy.ParseDate(s)
		if err != nil {
			return nil, "the date " + quote(s) + " of " + k.key + " is not a date"
		}
		pts = append(pts, t)
	}
	sort.Slice(pts, func(i, j int) bool { return pts[i].Before(pts[j]) })
	if len(pts) == 0 {
		return []string{"2026-01-01T00:00:00Z"}, ""
	}
	out := []time.Time{pts[0].Add(-time.Second)}
	for i, p := range pts {
		out = append(out, p)
		if i+1 < len(pts) && !p.Equal(pts[i+1]) {
			out = append(out, p.Add(pts[i+1].Sub(p)/2))
		}
	}
	out = append(out, pts[len(pts)-1].Add(time.Second))
	strs := make([]string, len(out))
	for i, t := range out {
		strs[i] = t.UTC().Format(time.RFC3339Nano)
	}
	return dedupe(strs), ""
}

// ipValues: the first address of each range and the address just after
// its last, and one before the lowest, per address family. Ranges nest or
// are disjoint, so the regions they cut the address space into are unions
// of intervals between these break points, each of which holds one.
func (k *keyConds) ipValues() ([]string, string) {
	var out []string
	lowest := map[bool]netip.Addr{}
	for _, s := range k.constants() {
		p, err := policy.ParseCIDR(s)
		if err != nil {
			return nil, "the address " + quote(s) + " of " + k.key + " is not an IP address or range"
		}
		p = p.Masked()
		first := p.Addr()
		out = append(out, first.String())
		if after, ok := lastAddr(p); ok {
			if next := after.Next(); next.IsValid() {
				out = append(out, next.String())
			}
		}
		if low, ok := lowest[first.Is4()]; !ok || first.Less(low) {
			lowest[first.Is4()] = first
		}
	}
	for _, low := range lowest {
		if prev := low.Prev(); prev.IsValid() {
			out = append(out, prev.String())
		}
	}
	if len(out) == 0 {
		out = []string{"192.0.2.1"}
	}
	return dedupe(out), ""
}

func lastAddr(p netip.Prefix) (netip.Addr, bool) {
	a := p.Addr().AsSlice()
	bits := p.Bits()
	for i := range a {
		for b := 0; b < 8; b++ {
			if i*8+b >= bits {
				a[i] |= 0x80 >> b
			}
		}
	}
	addr, ok := netip.AddrFromSlice(a)
	return addr, ok
}

func dedupe(s []string) []string {
	seen := map[string]bool{}
	out := s[:0]
	for _, v := range s {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

func quote(s string) string { return `"` + s + `"` }
