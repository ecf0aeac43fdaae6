package slab

import "unsafe"

// A Slab hands out values of type T from arrays of about arrayBytes (or
// made on their own, when large). The zero Slab is ready to use; a Slab
// is for one goroutine at a time.
type Slab[T any] struct {
	free []T // the rest of the current array, zero
}

// arrayBytes is the size of a Slab's arrays: a few kilobytes, so that a
// value kept long (a compiler's cache keeps some templates and
// conditions) keeps little else alive.
const arrayBytes = 8 << 10

// mallocHeader is the word the Go runtime puts before a heap object of
// more than 512 bytes that holds pointers. An array of exactly arrayBytes
// (of 8-, 16-, 64- or 128-byte values: pointers, strings, conditions,
// statements) then takes the next size class, 9,472 bytes, and a seventh
// of it is never used; leaving the header room keeps it in 8,192.
const mallocHeader = 8

// arrayLen is the length of a Slab's arrays of T.
func arrayLen[T any]() int {
	var zero T
	return max(16, (arrayBytes-mallocHeader)/max(1, int(unsafe.Sizeof(zero))))
}

// Make returns a zero slice of n elements, its capacity n.
func (s *Slab[T]) Make(n int) []T {
	if n > len(s.free) {
		size := arrayLen[T]()
		if n > size/4 {
			return make([]T, n) // it would waste too much of an array
		}
		s.free = make([]T, size)
	}
	out := s.free[:n:n]
	s.free = s.free[n:]
	return out
}

// Room returns the rest of s's current array, zero and at least n long
// (a new array when less is left), for a caller that reads values of an
// unknown count straight into it: it keeps those it wrote with Keep, or
// clears them, and makes nothing else from s in between.
func (s *Slab[T]) Room(n int) []T {
	if n > len(s.free) {
		s.free = make([]T, max(n, arrayLen[T]()))
	}
	return s.free
}

// Keep hands out the first n elements of Room's slice, its capacity n.
func (s *Slab[T]) Keep(n int) []T {
	out := s.free[:n:n]
	s.free = s.free[n:]
	return out
}

// Clone returns a copy of vals, its capacity its length, as
// slices.Clone does: nil for nil, empty (not nil) for empty.
func (s *Slab[T]) Clone(vals []T) []T {
	if vals == nil {
		return nil
	}
	if len(vals) == 0 {
		return []T{} // not vals[:0]: a list on the caller's stack stays there
	}
	out := s.Make(len(vals))
	copy(out, vals)
	return out
}

// New returns a pointer to a zero T.
func (s *Slab[T]) New() *T { return &s.Make(1)[0] }

// Bytes hands out strings copied into arrays of bytes. The zero Bytes is
// ready to use; it is for one goroutine at a time.
type Bytes struct {
	free []byte
}

// String returns b as a string, copied.
func (s *Bytes) String(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > len(s.free) {
		if len(b) > arrayBytes/16 {
			return string(b)
		}
		s.free = make([]byte, arrayBytes)
	}
	n := copy(s.free, b)
	// The bytes handed out are never written again, so the string is
	// immutable as Go requires.
	out := unsafe.String(&s.free[0], n)
	s.free = s.free[n:]
	return out
}
