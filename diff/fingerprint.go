package diff

import (
	"strconv"
	"strings"

	"github.com/sekisho/sekisho/policy"
)

// policyKey is a policy's content without its name, file, positions and
// Sids: two policies with one key decide every request alike, so a model
// diff skips pairs whose gathered policies all have equal keys, and a
// statement of a policy whose key both sides hold is not a change.
func policyKey(p *policy.Policy) string {
	if p == nil {
		return "-"
	}
	var b strings.Builder
	b.WriteString(string(rune('0' + p.Version)))
	for _, st := range p.Statements {
		b.WriteString("\x1eS")
		b.WriteString(strconv.Itoa(int(st.Effect)))
		writeList(&b, "A", st.NotAction, st.Actions)
		b.WriteString("\x1fR")
		b.WriteString(strconv.FormatBool(st.NotResource) + strconv.FormatBool(st.AnyResource))
		for _, t := range st.Resources {
			b.WriteString("\x1d" + t.Raw)
		}
		if pr := st.Principal; pr != nil {
			b.WriteString("\x1fP" + strconv.FormatBool(st.NotPrincipal) + strconv.FormatBool(pr.Any))
			writeList(&b, "aws", false, pr.AWS)
			writeList(&b, "svc", false, pr.Service)
			writeList(&b, "fed", false, pr.Federated)
			writeList(&b, "cu", false, pr.CanonicalUser)
			writeList(&b, "uid", false, pr.UniqueIDs)
		}
		for _, c := range st.Conditions {
			b.WriteString("\x1fC" + c.Operator.String() + "\x1d" + strings.ToLower(c.Key))
			for _, v := range c.Values {
				b.WriteString("\x1d" + v.Raw)
			}
		}
	}
	return b.String()
}

func writeList(b *strings.Builder, tag string, not bool, vs []string) {
	b.WriteString("\x1f" + tag + strconv.FormatBool(not))
	for _, v := range vs {
		b.WriteString("\x1d" + v)
	}
}

// SetKey is the key of every gate of a policy set, in order.
func SetKey(s policy.Set) string {
	var b strings.Builder
	gate := func(tag string, ps []*policy.Policy) {
		b.WriteString("\x1c" + tag + strconv.Itoa(len(ps)))
		for _, p := range ps {
			b.WriteString("\x1b" + policyKey(p))
		}
	}
	gate("I", s.Identity)
	gate("B", s.Boundary)
	gate("S", s.Session)
	for _, l := range s.SCP {
		gate("scp", l)
	}
	b.WriteString("\x1c|")
	for _, l := range s.RCP {
		gate("rcp", l)
	}
	gate("R", []*policy.Policy{s.Resource})
	gate("E", []*policy.Policy{s.Endpoint})
	return b.String()
}
