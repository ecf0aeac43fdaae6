package wildcard

// MatchNFA exposes the automaton matcher so tests can compare it with the
// bit-parallel one.
func MatchNFA(toks []Token, s string, mode Mode) bool { return matchNFA(toks, s, mode) }
