package eval

// AbsentKeyProbes returns AbsentKeys and the steps taken to keep the list
// free of repeats.
func AbsentKeyProbes(p *Prepared, r *Request) ([]string, int) {
	t := &tracer{exp: &Explanation{}}
	keys := p.absentKeys(r, t)
	return keys, t.absentProbes
}
