package wildcard

import "math/bits"

// shiftAnd is a pattern of at most 63 tokens with ASCII literals, compiled
// for bit-parallel matching: bit j of the state is set when the first j
// tokens can match what has been read so far. Each subject character then
// costs a handful of word operations (the Shift-And algorithm, extended
// with stars that loop on their own bit).
type shiftAnd struct {
	n       int        // number of tokens
	class   [128]uint8 // ASCII character → index into masks (0: not in the pattern)
	masks   [64]uint64 // literal positions per character class
	any     uint64     // positions of '?'
	star    uint64     // positions of '*' that stop at ':' in ARN mode
	free    uint64     // positions of '*' that match anything
	allStar uint64     // star | free
}

// maxShiftAnd is the most tokens a shiftAnd holds (bit n marks the end).
const maxShiftAnd = 63

// buildShiftAnd fills sa from prepared tokens; ok is false when the pattern
// is too long or has a non-ASCII literal.
func buildShiftAnd(sa *shiftAnd, toks []Token, mode Mode) bool {
	if len(toks) > maxShiftAnd {
		return false
	}
	sa.n = len(toks)
	nclass := 1
	for j, t := range toks {
		bit := uint64(1) << uint(j)
		switch {
		case t == Any:
			sa.any |= bit
		case t == StarFree || t == Star && mode != ARN:
			sa.free |= bit
		case t == Star:
			sa.star |= bit
		case t < 0 || t >= 128:
			return false
		default:
			c := sa.class[t]
			if c == 0 {
				c = uint8(nclass)
				nclass++
				sa.class[t] = c
			}
			sa.masks[c] |= bit
		}
	}
	sa.allStar = sa.star | sa.free
	return true
}

func (sa *shiftAnd) match(s string, mode Mode) bool {
	state := sa.closure(1)
	for i := 0; i < len(s); i++ {
		c := s[i]
		var lit uint64
		if c < 128 {
			if mode == Fold && c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			lit = sa.masks[sa.class[c]]
		} else {
			// A multi-byte character: '?' consumes all its bytes at once.
			i += skipRune(s[i:]) - 1
		}
		adv, stay := lit|sa.any, sa.allStar
		if mode == ARN && c == ':' {
			adv, stay = lit, sa.free
		}
		state = (state & stay) | (state&adv)<<1
		if state == 0 {
			return false
		}
		state = sa.closure(state)
	}
	return state&(1<<uint(sa.n)) != 0
}

// closure lets stars match the empty string: a star at j that is reached
// also reaches j+1 (repeatedly, for runs of stars).
func (sa *shiftAnd) closure(state uint64) uint64 {
	for {
		next := state | (state&sa.allStar)<<1
		if next == state {
			return state
		}
		state = next
	}
}

// skipRune returns the byte length of the UTF-8 character starting s.
func skipRune(s string) int {
	n := bits.LeadingZeros8(^s[0])
	if n < 2 || n > 4 || n > len(s) {
		return 1
	}
	return n
}
