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
