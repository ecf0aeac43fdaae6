package diff

import (
	"strings"
	"unicode"
)

// A glob is one pattern of a policy (a Resource ARN, a StringLike or
// ArnLike value, an Equals constant) as an automaton over runes. The
// witness search runs every glob of a question side by side, so that it
// finds one string for each combination of globs that some string matches
// and no other glob does: the regions that the policies cut the values
// into. Within a region every glob answers the same, so one witness per
// region decides the question exactly.
type glob struct {
	toks []gtok
	fold bool // ASCII case-insensitive (StringEqualsIgnoreCase)
}

type gtokKind uint8

const (
	gLit     gtokKind = iota
	gAny              // '?': one rune
	gAnyNC            // '?' that does not match ':'
	gStar             // '*': any run
	gStarNC           // '*' that does not cross ':'
	gAnySeg           // one rune of a name: not ':' or '/'
	gStarSeg          // a run of gAnySeg
)

// segmentRune reports whether r may appear in a name placeholder of an
// ARN format (awsref: every placeholder but paths and object names).
func segmentRune(r rune) bool { return r != ':' && r != '/' }

type gtok struct {
	kind gtokKind
	r    rune
}

// literalGlob matches s exactly (Equals operators).
func literalGlob(s string, fold bool) glob {
	g := glob{fold: fold}
	for _, r := range s {
		g.toks = append(g.toks, gtok{kind: gLit, r: foldRune(r, fold)})
	}
	return g
}

// plainGlob is a StringLike pattern: '*' and '?' match anything.
func plainGlob(s string) glob {
	g := glob{}
	for _, r := range s {
		switch r {
		case '*':
			g.toks = append(g.toks, gtok{kind: gStar})
		case '?':
			g.toks = append(g.toks, gtok{kind: gAny})
		default:
			g.toks = append(g.toks, gtok{kind: gLit, r: r})
		}
	}
	return g
}

// resourceGlob is a Resource ARN pattern. IAM User Guide, "IAM JSON
// policy elements: Resource": a wildcard does not cross a ':' unless the
// '*' is the last character of its segment (the same rule as
// internal/wildcard's ARN mode, which the engine uses).
func resourceGlob(s string) glob {
	rs := []rune(s)
	wild := make([]bool, len(rs))
	for i, r := range rs {
		wild[i] = r == '*' || r == '?'
	}
	return resourceGlobOf(rs, wild)
}

// resourceGlobOf builds a Resource glob from runes, wild[i] telling which
// '*' and '?' are wildcards (a variable's value and ${*} are not).
func resourceGlobOf(rs []rune, wild []bool) glob {
	g := glob{}
	for i, r := range rs {
		switch {
		case wild[i] && r == '*' && (i == len(rs)-1 || rs[i+1] == ':'):
			g.toks = append(g.toks, gtok{kind: gStar})
		case wild[i] && r == '*':
			g.toks = append(g.toks, gtok{kind: gStarNC})
		case wild[i]:
			g.toks = append(g.toks, gtok{kind: gAnyNC})
		default:
			g.toks = append(g.toks, gtok{kind: gLit, r: r})
		}
	}
	return g
}

// arnCondGlob is an ArnEquals/ArnLike value. IAM User Guide, "Condition
// operators", ARN condition operators: each of the six colon-delimited
// components is matched separately, with wildcards inside a component;
// the last component (the resource) may itself hold colons.
func arnCondGlob(s string) glob {
	g := glob{}
	colons := 0
	for _, r := range s {
		last := colons >= 5
		switch {
		case r == ':' && !last:
			colons++
			g.toks = append(g.toks, gtok{kind: gLit, r: r})
		case r == '*' && last:
			g.toks = append(g.toks, gtok{kind: gStar})
		case r == '*':
			g.toks = append(g.toks, gtok{kind: gStarNC})
		case r == '?' && last:
			g.toks = append(g.toks, gtok{kind: gAny})
		case r == '?':
			g.toks = append(g.toks, gtok{kind: gAnyNC})
		default:
			g.toks = append(g.toks, gtok{kind: gLit, r: r})
		}
	}
	return g
}

func foldRune(r rune, fold bool) rune {
	if fold && r < unicode.MaxASCII {
		return unicode.ToLower(r)
	}
	return r
}

// states is the set of positions a glob's automaton is in.
type states []uint64

func (s states) has(i int) bool { return s[i>>6]&(1<<(uint(i)&63)) != 0 }
func (s states) set(i int)      { s[i>>6] |= 1 << (uint(i) & 63) }

func (g *glob) start() states {
	s := make(states, (len(g.toks)+64)/64)
	s.set(0)
	g.closeStars(s)
	return s
}

func (g *glob) closeStars(s states) {
	for j, t := range g.toks {
		if (t.kind == gStar || t.kind == gStarNC || t.kind == gStarSeg) && s.has(j) {
			s.set(j + 1)
		}
	}
}

func (g *glob) step(cur states, r rune) states {
	r = foldRune(r, g.fold)
	next := make(states, len(cur))
	for j, t := range g.toks {
		if !cur.has(j) {
			continue
		}
		switch t.kind {
		case gStar:
			next.set(j)
		case gStarNC:
			if r != ':' {
				next.set(j)
			}
		case gStarSeg:
			if segmentRune(r) {
				next.set(j)
			}
		case gAnySeg:
			if segmentRune(r) {
				next.set(j + 1)
			}
		case gAny:
			next.set(j + 1)
		case gAnyNC:
			if r != ':' {
				next.set(j + 1)
			}
		case gLit:
			if t.r == r {
				next.set(j + 1)
			}
		}
	}
	g.closeStars(next)
	return next
}

func (g *glob) accepts(s states) bool { return s.has(len(g.toks)) }

func (s states) empty() bool {
	for _, w := range s {
		if w != 0 {
			return false
		}
	}
	return true
}

// region is a set of globs that a witness matches: bit i is glob i.
type region string

// witnesses returns one shortest string for every region of globs that
// some string reaches, breadth first over the product of the automata.
// The alphabet is every literal rune of the globs (both cases for folded
// ones), ':' and '/', and one rune no glob names, which stands for all
// others: every other rune moves every automaton the same way. complete
// is false when the search met its budget of product states: then some
// region may be missing and the caller must say the answer is undecided.
func witnesses(gs []glob, budget int) (map[region]string, bool) {
	alpha := alphabet(gs)
	type node struct {
		st  []states
		str string
	}
	startSt := make([]states, len(gs))
	for i := range gs {
		startSt[i] = gs[i].start()
	}
	out := map[region]string{}
	record := func(r region, s string) {
		if _, ok := out[r]; !ok {
			out[r] = s
		}
	}
	seen := map[string]bool{stateKey(startSt): true}
	queue := []node{{st: startSt}}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for _, c := range alpha {
			next := make([]states, len(gs))
			alive := false
			for i := range gs {
				next[i] = gs[i].step(n.st[i], c)
				alive = alive || !next[i].empty()
			}
			k := stateKey(next)
			if seen[k] {
				continue
			}
			if len(seen) >= budget {
				return out, false
			}
			seen[k] = true
			str := n.str + string(c)
			record(regionOf(gs, next), str)
			if alive {
				queue = append(queue, node{st: next, str: str})
			}
		}
	}
	record(regionOf(gs, startSt), "") // the empty string only when no other value stands for its region
	return out, true
}

func regionOf(gs []glob, st []states) region {
	b := make([]byte, (len(gs)+7)/8)
	any := false
	for i := range gs {
		if gs[i].accepts(st[i]) {
			b[i/8] |= 1 << (i % 8)
			any = true
		}
	}
	if !any {
		return ""
	}
	return region(b)
}

func stateKey(st []states) string {
	var b strings.Builder
	for _, s := range st {
		for _, w := range s {
			for k := 0; k < 8; k++ {
				b.WriteByte(byte(w >> (8 * k)))
			}
		}
		b.WriteByte('|')
	}
	return b.String()
}

// alphabet lists the runes the witness search tries, in a stable order:
// first a rune no glob names (it stands for all others, and makes
// placeholders read as "x"), then the globs' literal runes (both cases for
// folded ones), then ':' and '/'.
func alphabet(gs []glob) []rune {
	seen := map[rune]bool{':': true, '/': true}
	var lits []rune
	add := func(r rune) {
		if !seen[r] {
			seen[r] = true
			lits = append(lits, r)
		}
	}
	for _, g := range gs {
		for _, t := range g.toks {
			if t.kind != gLit {
				continue
			}
			add(t.r)
			if g.fold {
				add(unicode.ToUpper(t.r))
			}
		}
	}
	var out []rune
	for _, r := range "xzq0123456789abcdefghijklmnopqrstuvwy" {
		if !seen[r] {
			out = append(out, r)
			break
		}
	}
	out = append(out, lits...)
	return append(out, ':', '/')
}

// globsKey identifies a list of globs, for caching witness searches.
func globsKey(gs []glob) string {
	var b strings.Builder
	for _, g := range gs {
		if g.fold {
			b.WriteByte('F')
		}
		for _, t := range g.toks {
			if t.kind == gLit {
				b.WriteRune(t.r)
				continue
			}
			b.WriteByte(0)
			b.WriteByte(byte(t.kind))
		}
		b.WriteByte(0xff)
	}
	return b.String()
}
