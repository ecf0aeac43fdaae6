package wildcard

// ByteSet is a set of bytes.
type ByteSet [4]uint64

// AnyByte holds every byte.
var AnyByte = ByteSet{^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0)}

// Byte is the set of one byte.
func Byte(c byte) ByteSet {
	var s ByteSet
	s[c/64] |= 1 << (c % 64)
	return s
}

// Without returns s less the bytes cs.
func (s ByteSet) Without(cs ...byte) ByteSet {
	for _, c := range cs {
		s[c/64] &^= 1 << (c % 64)
	}
	return s
}

// Meets reports whether some byte is in both sets.
func (s ByteSet) Meets(t ByteSet) bool {
	return s[0]&t[0]|s[1]&t[1]|s[2]&t[2]|s[3]&t[3] != 0
}

// GlobToken is one position of a glob: a byte of Set, once, or any number
// of times, none included (Repeat, as "*" is AnyByte repeated).
type GlobToken struct {
	Set    ByteSet
	Repeat bool
}

// Intersects reports whether some string matches both globs: a search over
// pairs of positions, the product of the two automata. It is the one
// intersection of the project's patterns (an ARN format of the service
// reference with a policy's Resource value, in awsref and lint).
func Intersects(a, b []GlobToken) bool {
	w := len(b) + 1
	seen := make([]bool, (len(a)+1)*w)
	var visit func(i, j int) bool
	visit = func(i, j int) bool {
		if seen[i*w+j] {
			return false
		}
		seen[i*w+j] = true
		if i == len(a) && j == len(b) {
			return true
		}
		if i < len(a) && a[i].Repeat && visit(i+1, j) {
			return true
		}
		if j < len(b) && b[j].Repeat && visit(i, j+1) {
			return true
		}
		if i == len(a) || j == len(b) || !a[i].Set.Meets(b[j].Set) {
			return false
		}
		ni, nj := advance(a, i), advance(b, j)
		return (ni != i || nj != j) && visit(ni, nj)
	}
	return visit(0, 0)
}

// advance is the position after consuming one byte at token i: a repeated
// token may consume more, so it stays.
func advance(ts []GlobToken, i int) int {
	if ts[i].Repeat {
		return i
	}
	return i + 1
}

// Has reports whether c is in s.
func (s ByteSet) Has(c byte) bool { return s[c/64]&(1<<(c%64)) != 0 }

// MatchGlob reports whether the string s matches the glob a: what
// Intersects says of a and the glob of s's bytes taken literally, in
// space linear in a (Intersects keeps a table of both lengths' product,
// and the service reference's ARN formats are asked of every resource
// of a model).
func MatchGlob(a []GlobToken, s string) bool {
	var buf [2 * 64]bool
	cur, next := buf[:0], buf[64:64]
	if len(a)+1 > 64 {
		cur, next = make([]bool, 0, len(a)+1), make([]bool, 0, len(a)+1)
	}
	cur, next = cur[:len(a)+1], next[:len(a)+1]
	cur[0] = true
	closeRepeats(a, cur)
	for k := 0; k < len(s); k++ {
		c, alive := s[k], false
		clear(next)
		for i, t := range a {
			if cur[i] && t.Set.Has(c) {
				next[advance(a, i)] = true
				alive = true
			}
		}
		if !alive {
			return false
		}
		closeRepeats(a, next)
		cur, next = next, cur
	}
	return cur[len(a)]
}

// closeRepeats adds to the positions reached those after repeated tokens
// that may match nothing.
func closeRepeats(a []GlobToken, reached []bool) {
	for i, t := range a {
		if reached[i] && t.Repeat {
			reached[i+1] = true
		}
	}
}
