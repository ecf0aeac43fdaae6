package eval

import "sort"

// AbsentKeyProbes returns AbsentKeys and the steps taken to keep the list
// free of repeats.
func AbsentKeyProbes(p *Prepared, r *Request) ([]string, int) {
	t := p.visitApplying(r, (*tracer).absent)
	sort.Strings(t.exp.AbsentKeys)
	return t.exp.AbsentKeys, t.absentProbes
}

// CachedDocuments is the number of compiled documents c holds.
func CachedDocuments(c *Compiler) int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.cache)
}
