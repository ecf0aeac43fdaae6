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
	cells := (len(a) + 1) * w
	// The pairs seen, a bit each, and those to visit: on the stack for the
	// sizes of ARNs, as a question intersects thousands of them.
	var seenBuf [64]uint64
	var todoBuf [64]int
	seen, todo := seenBuf[:], todoBuf[:0]
	if words := (cells + 63) / 64; words > len(seenBuf) {
		seen = make([]uint64, words)
	}
	push := func(i, j int) {
		if c := i*w + j; seen[c/64]&(1<<(c%64)) == 0 {
			seen[c/64] |= 1 << (c % 64)
			todo = append(todo, c)
		}
	}
	push(0, 0)
	for len(todo) > 0 {
		c := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		i, j := c/w, c%w
		if i == len(a) && j == len(b) {
			return true
		}
		if i < len(a) && a[i].Repeat {
			push(i+1, j)
		}
		if j < len(b) && b[j].Repeat {
			push(i, j+1)
		}
		if i == len(a) || j == len(b) || !a[i].Set.Meets(b[j].Set) {
			continue
		}
		if ni, nj := advance(a, i), advance(b, j); ni != i || nj != j {
			push(ni, nj)
		}
	}
	return false
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
// space linear in a and time that of the positions still alive at each
// byte (Intersects keeps a table of both lengths' product, and the service
// reference's ARN formats are asked of every resource of a model).
func MatchGlob(a []GlobToken, s string) bool {
	var buf [3 * 64]int
	mark, cur, next := buf[:0:64], buf[64:64:128], buf[128:128:192]
	if len(a)+1 > 64 {
		mark = make([]int, 0, len(a)+1)
	}
	mark = mark[:len(a)+1]
	for i := range mark {
		mark[i] = -1
	}
	// add puts position i on the list of step k, and the positions after
	// repeated tokens that may match nothing.
	add := func(list []int, i, k int) []int {
		for ; mark[i] != k; i++ {
			mark[i] = k
			list = append(list, i)
			if i == len(a) || !a[i].Repeat {
				break
			}
		}
		return list
	}
	cur = add(cur, 0, 0)
	for k := 0; k < len(s); k++ {
		c := s[k]
		next = next[:0]
		for _, i := range cur {
			if i < len(a) && a[i].Set.Has(c) {
				next = add(next, advance(a, i), k+1)
			}
		}
		if len(next) == 0 {
			return false
		}
		cur, next = next, cur
	}
	return mark[len(a)] == len(s)
}
