package wildcard

import "unicode/utf8"

// bitNFA matches a pattern of any length bit-parallel, 64 positions per
// machine word (Shift-And over many words): each subject character costs
// O(len(tokens)/64) word operations, so matching is linear in the subject
// for a given pattern and never backtracks, whatever the pattern. Bit j of
// the state is set when the first j tokens can match what was read.
type bitNFA struct {
	n     int        // number of tokens; bit n marks a full match
	words int        // words per state
	any   []uint64   // positions of '?'
	star  []uint64   // positions of '*' that stop at ':' in ARN mode
	free  []uint64   // positions of '*' that match anything
	stars []uint64   // star | free
	ascii [128]int32 // ASCII character → 1 + index into masks (0: none)
	masks [][]uint64 // literal positions, per frequent or ASCII character
	other map[rune]int32
	// rare non-ASCII characters: their positions, so that a pattern of
	// many distinct characters needs no mask per character.
	sparse map[rune][]int32
	none   []uint64 // all zero: the mask of a character not in the pattern
}

func (b *bitNFA) zero() []uint64 {
	if b.none == nil {
		b.none = b.bits()
	}
	return b.none
}

// denseAt is how often a non-ASCII character must occur in a pattern to get
// a mask of its own; rarer ones cost at most that many steps each.
const denseAt = 64

// newBitNFA compiles prepared tokens in which no two stars are adjacent
// (see collapseStars).
func newBitNFA(toks []Token, mode Mode) *bitNFA {
	b := &bitNFA{n: len(toks), words: (len(toks) + 64) / 64}
	b.any, b.star, b.free = b.bits(), b.bits(), b.bits()
	count := map[rune]int{}
	for _, t := range toks {
		if t >= 128 {
			count[rune(t)]++
		}
	}
	for j, t := range toks {
		switch {
		case t == Any:
			set(b.any, j)
		case t == StarFree || t == Star && mode != ARN:
			set(b.free, j)
		case t == Star:
			set(b.star, j)
		case t < 128:
			set(b.mask(&b.ascii[t]), j)
		case count[rune(t)] >= denseAt:
			if b.other == nil {
				b.other = map[rune]int32{}
			}
			c := b.other[rune(t)]
			set(b.mask(&c), j)
			b.other[rune(t)] = c
		default:
			if b.sparse == nil {
				b.sparse = map[rune][]int32{}
			}
			b.sparse[rune(t)] = append(b.sparse[rune(t)], int32(j))
		}
	}
	b.stars = b.bits()
	for i := range b.stars {
		b.stars[i] = b.star[i] | b.free[i]
	}
	return b
}

func (b *bitNFA) bits() []uint64 { return make([]uint64, b.words) }

// mask returns the mask a class index refers to, creating it when *c is 0.
func (b *bitNFA) mask(c *int32) []uint64 {
	if *c == 0 {
		b.masks = append(b.masks, b.bits())
		*c = int32(len(b.masks))
	}
	return b.masks[*c-1]
}

// literal returns the mask of r's positions (nil: none) and its sparse
// positions.
func (b *bitNFA) literal(r rune) ([]uint64, []int32) {
	if r < 128 {
		if c := b.ascii[r]; c != 0 {
			return b.masks[c-1], nil
		}
		return nil, nil
	}
	if c := b.other[r]; c != 0 {
		return b.masks[c-1], nil
	}
	return nil, b.sparse[r]
}

func (b *bitNFA) match(s string, mode Mode) bool {
	cur, next, adv := b.bits(), b.bits(), b.bits()
	cur[0] = 1
	b.closure(cur)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if mode == Fold && r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		lit, sparse := b.literal(r)
		stay, anyAdv := b.stars, b.any
		if mode == ARN && r == ':' {
			stay, anyAdv = b.free, nil
		}
		if !b.step(cur, next, adv, stay, anyAdv, lit, sparse) {
			return false
		}
		b.closure(next)
		cur, next = next, cur
	}
	return has(cur, b.n)
}

// step computes the state after one character from cur into next: stars
// stay, positions whose token matches advance. It reports whether any
// position is still live.
func (b *bitNFA) step(cur, next, adv, stay, anyAdv, lit []uint64, sparse []int32) bool {
	if anyAdv == nil {
		anyAdv = b.zero()
	}
	if lit == nil {
		lit = b.zero()
	}
	carry, live := uint64(0), uint64(0)
	if len(sparse) == 0 {
		for w, c := range cur {
			a := c & (anyAdv[w] | lit[w])
			next[w] = c&stay[w] | a<<1 | carry
			carry = a >> 63
			live |= next[w]
		}
		return live != 0
	}
	for w, c := range cur {
		adv[w] = c & (anyAdv[w] | lit[w])
	}
	for _, j := range sparse {
		if has(cur, int(j)) {
			set(adv, int(j))
		}
	}
	for w, c := range cur {
		next[w] = c&stay[w] | adv[w]<<1 | carry
		carry = adv[w] >> 63
		live |= next[w]
	}
	return live != 0
}

// closure lets stars match the empty string: a reached star at j also
// reaches j+1. One step suffices, as no two stars are adjacent.
func (b *bitNFA) closure(state []uint64) {
	carry := uint64(0)
	for w := range state {
		add := state[w] & b.stars[w]
		state[w] |= add<<1 | carry
		carry = add >> 63
	}
}

func isStar(t Token) bool { return t == Star || t == StarFree }

// hasAdjacentStars reports whether two stars follow each other.
func hasAdjacentStars(toks []Token) bool {
	for i := 1; i < len(toks); i++ {
		if isStar(toks[i]) && isStar(toks[i-1]) {
			return true
		}
	}
	return false
}

// collapseStars merges each run of adjacent stars into one: "**" matches
// what "*" matches, and in ARN mode a run holding a '*' that may cross ':'
// matches anything, like that '*' alone. It works in place.
func collapseStars(toks []Token) []Token {
	out := toks[:0]
	for _, t := range toks {
		if isStar(t) && len(out) > 0 {
			if last := out[len(out)-1]; isStar(last) {
				if t == StarFree {
					out[len(out)-1] = StarFree
				}
				continue
			}
		}
		out = append(out, t)
	}
	return out
}
