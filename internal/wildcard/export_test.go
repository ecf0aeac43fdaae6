package wildcard

// MatchNFA exposes the automaton matcher so tests can compare it with the
// bit-parallel ones.
func MatchNFA(toks []Token, s string, mode Mode) bool { return matchNFA(toks, s, mode) }

// Shape returns a compiled pattern's token count and the words per
// subject character its matcher works on (0: not the many-word matcher).
func Shape(p *Pattern) (tokens, words int) {
	if p.bn != nil {
		return len(p.tokens), p.bn.words
	}
	return len(p.tokens), 0
}
