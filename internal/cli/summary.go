package cli

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sekisho/sekisho/analysis"
	"github.com/sekisho/sekisho/arn"
)

// An answer over an organization can be thousands of lines long. Text
// answers start with a summary (counts by account, access level and path)
// and then the details, which --limit shortens and --group-by account
// groups. JSON answers are always complete.

// layoutFlags are --limit and --group-by.
type layoutFlags struct {
	limit   int
	groupBy string
}

func (f *layoutFlags) register(cmd *cobra.Command) {
	cmd.Flags().IntVar(&f.limit, "limit", 0, "show at most N entries of each detail list in text (0: all; the summary always counts all)")
	cmd.Flags().StringVar(&f.groupBy, "group-by", "", "group the text details: account")
}

func (f *layoutFlags) check() error {
	if f.limit < 0 {
		return badInput(fmt.Errorf("--limit %d: expected 0 (all) or more", f.limit))
	}
	if f.groupBy != "" && f.groupBy != "account" {
		return badInput(fmt.Errorf("--group-by %q: expected account", f.groupBy))
	}
	return nil
}

// counter counts entries by a key, for summary lines.
type counter map[string]int

// counterShown is how many keys a summary line names; the rest are counted
// together, so that a line over a thousand accounts stays a line.
const counterShown = 10

// line renders "a 3, b 1", the largest counts first, at most counterShown
// keys and then how many more keys there are and what they count.
func (c counter) line() string {
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if c[keys[i]] != c[keys[j]] {
			return c[keys[i]] > c[keys[j]]
		}
		return keys[i] < keys[j]
	})
	parts := make([]string, 0, min(len(keys), counterShown+1))
	for i, k := range keys {
		if i == counterShown {
			rest := 0
			for _, k := range keys[i:] {
				rest += c[k]
			}
			parts = append(parts, fmt.Sprintf("%d more with %d in all", len(keys)-i, rest))
			break
		}
		parts = append(parts, fmt.Sprintf("%s %d", k, c[k]))
	}
	return strings.Join(parts, ", ")
}

// accountOf is the account of a principal or resource ARN ("" if none).
func accountOf(s string) string {
	if parts, ok := arn.Split(s); ok {
		return parts[4]
	}
	return ""
}

// entry is one detail line (or block) with the account it belongs to.
type entry struct {
	account string
	write   func(io.Writer)
}

// writeEntries writes details under --limit and --group-by.
func (f layoutFlags) writeEntries(w io.Writer, indent string, es []entry) {
	f.writeList(w, indent, len(es), func(i int) string { return es[i].account }, func(w io.Writer, i int) { es[i].write(w) })
}

// writeList writes the n details of a list under --limit and --group-by:
// write(w, i) writes the i-th, account(i) is the account it belongs to. A
// list can hold millions of details (a leak's capabilities across an
// organization): nothing is made per detail unless they are grouped, and
// under --limit only the details shown are visited.
func (f layoutFlags) writeList(w io.Writer, indent string, n int, account func(int) string, write func(io.Writer, int)) {
	order := func(k int) int { return k }
	if f.groupBy == "account" {
		idx, accts := make([]int, n), make([]string, n)
		for i := range idx {
			idx[i], accts[i] = i, account(i)
		}
		sort.SliceStable(idx, func(a, b int) bool { return accts[idx[a]] < accts[idx[b]] })
		order = func(k int) int { return idx[k] }
	}
	current := "\x00"
	for k := range n {
		if f.limit > 0 && k == f.limit {
			fmt.Fprintf(w, "%s... and %d more (--limit 0 shows all)\n", indent, n-k)
			return
		}
		i := order(k)
		if f.groupBy == "account" && account(i) != current {
			current = account(i)
			name := current
			if name == "" {
				name = "(no account)"
			}
			fmt.Fprintf(w, "%saccount %s:\n", indent, name)
		}
		write(w, i)
	}
}

// writeWhoCanSummary counts the allowed principals by account and path.
func writeWhoCanSummary(w io.Writer, r *analysis.WhoCanResult) {
	byAccount, byPath := counter{}, counter{}
	for _, f := range r.Allowed {
		byAccount[accountOf(f.Principal)]++
		kind := "user"
		if strings.Contains(f.Principal, ":role/") {
			kind = "role"
		}
		byPath["directly ("+kind+")"]++
	}
	for _, f := range r.ViaChain {
		if len(f.Chain) > 0 {
			byAccount[accountOf(f.Chain[0])]++
		}
		byPath["through AssumeRole"]++
	}
	fmt.Fprintf(w, "summary: %d allowed (%d directly, %d through AssumeRole)", len(r.Allowed)+len(r.ViaChain), len(r.Allowed), len(r.ViaChain))
	if len(r.Denied) > 0 {
		fmt.Fprintf(w, ", %d denied", len(r.Denied))
	}
	fmt.Fprintf(w, "; %d of %d principals evaluated\n", r.Evaluated, r.Principals)
	if len(byAccount) > 0 {
		fmt.Fprintf(w, "  by account: %s\n  by path: %s\n", byAccount.line(), byPath.line())
	}
}

// writeWhatCanSummary counts the capabilities by service and access
// level, by the account of the resource, and by path.
func writeWhatCanSummary(w io.Writer, r *analysis.WhatCanResult) {
	byLevel, byAccount, byPath := counter{}, counter{}, counter{}
	count := func(groups []analysis.AccessGroup, path string) {
		for _, g := range groups {
			byLevel[g.Access] += len(g.Capabilities)
			countResources(byAccount, g.Capabilities)
			byPath[path] += len(g.Capabilities)
		}
	}
	count(r.Groups, "directly")
	total := r.Allowed
	for _, re := range r.ViaAssumeRole {
		count(re.Groups, "through AssumeRole")
		total += re.Allowed
	}
	fmt.Fprintf(w, "summary: %d allowed (%d directly, %d through %d assumable roles)\n", total, r.Allowed, total-r.Allowed, len(r.ViaAssumeRole))
	if total > 0 {
		fmt.Fprintf(w, "  by access level: %s\n  by resource account: %s\n  by path: %s\n", byLevel.line(), byAccount.line(), byPath.line())
	}
}

// writeLeakSummary says in a few lines where the credentials still work.
func writeLeakSummary(w io.Writer, r *analysis.LeakResult) {
	legit := len(r.Legitimate.Allowed)
	for _, c := range r.Legitimate.ViaAssumeRole {
		legit += len(c.Allowed)
	}
	fmt.Fprintf(w, "summary: %d allowed at the legitimate place; still allowed elsewhere: %d\n", legit, r.ReachableElsewhere())
	if legit > 0 {
		byAccount := counter{}
		countResources(byAccount, r.Legitimate.Allowed)
		for _, c := range r.Legitimate.ViaAssumeRole {
			countResources(byAccount, c.Allowed)
		}
		fmt.Fprintf(w, "  by resource account (legitimate place): %s\n", byAccount.line())
	}
	places := append(append([]analysis.Place{}, r.Elsewhere...), derefPlace(r.IMDSv1)...)
	for _, p := range places {
		n := len(p.Allowed)
		for _, c := range p.ViaAssumeRole {
			n += len(c.Allowed)
		}
		state := fmt.Sprintf("%d still allowed, %d stopped", n, len(p.Stopped))
		if p.Error != "" {
			state = "unusable"
		}
		fmt.Fprintf(w, "  %s: %s\n", p.Name, state)
	}
}

func derefPlace(p *analysis.Place) []analysis.Place {
	if p == nil {
		return nil
	}
	return []analysis.Place{*p}
}

// writeAuditSummary counts the findings by check, severity and account,
// and says how many subjects each check examined.
func writeAuditSummary(w io.Writer, r *analysis.AuditResult) {
	var checked []string
	for _, c := range []string{analysis.CheckPinned, analysis.CheckIMDSv2, analysis.CheckRegion, analysis.CheckEndpoint} {
		checked = append(checked, fmt.Sprintf("%s %d", c, r.Checked[c]))
	}
	fmt.Fprintf(w, "summary: %d findings (checked: %s)\n", len(r.Findings), strings.Join(checked, ", "))
	if len(r.Findings) == 0 {
		return
	}
	byCheck, bySeverity, byAccount := counter{}, counter{}, counter{}
	for _, f := range r.Findings {
		byCheck[f.Check]++
		bySeverity[f.Severity]++
		acct := f.Account
		if acct == "" {
			acct = "(no account)"
		}
		byAccount[acct]++
	}
	fmt.Fprintf(w, "  by check: %s\n  by severity: %s\n  by account: %s\n", byCheck.line(), bySeverity.line(), byAccount.line())
}

// countResources counts capabilities by the account of their resource.
func countResources(byAccount counter, cs []analysis.Capability) {
	for _, c := range cs {
		acct := accountOf(c.Resource)
		if c.Resource == "*" {
			acct = "any (*)"
		} else if acct == "" {
			acct = "none in ARN"
		}
		byAccount[acct]++
	}
}
