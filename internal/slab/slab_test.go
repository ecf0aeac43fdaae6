package slab_test

import (
	"runtime"
	"testing"

	"github.com/sekisho/sekisho/internal/slab"
)

// What a Slab hands out is as if made on its own: zero, of its length as
// capacity (so appending to it leaves its neighbours alone), never handed
// out twice.
func TestSlabHandsOutOwnSlices(t *testing.T) {
	t.Parallel()
	var s slab.Slab[int]
	var got [][]int
	for _, n := range []int{1, 3, 0, 7, 1, 2000, 5, 64} {
		v := s.Make(n)
		if len(v) != n || cap(v) != n {
			t.Fatalf("Make(%d): len %d, cap %d", n, len(v), cap(v))
		}
		for i := range v {
			if v[i] != 0 {
				t.Fatalf("Make(%d)[%d] = %d, not zero", n, i, v[i])
			}
			v[i] = len(got) + 1
		}
		got = append(got, v)
	}
	for i, v := range got {
		_ = append(v, -1) // must copy, not write over the next slice
		for j := range v {
			if v[j] != i+1 {
				t.Fatalf("slice %d changed: %v", i, v)
			}
		}
	}
}

func TestSlabClone(t *testing.T) {
	t.Parallel()
	var s slab.Slab[string]
	if got := s.Clone(nil); got != nil {
		t.Fatalf("Clone(nil) = %#v, want nil", got)
	}
	if got := s.Clone([]string{}); got == nil || len(got) != 0 {
		t.Fatalf("Clone(empty) = %#v, want empty, not nil", got)
	}
	src := []string{"a", "b"}
	got := s.Clone(src)
	src[0] = "x"
	if len(got) != 2 || cap(got) != 2 || got[0] != "a" || got[1] != "b" {
		t.Fatalf("Clone = %#v (cap %d), want a copy [a b]", got, cap(got))
	}
	p, q := s.New(), s.New()
	if p == q || *p != "" {
		t.Fatalf("New: %p %p %q", p, q, *p)
	}
}

func TestBytesStrings(t *testing.T) {
	t.Parallel()
	var s slab.Bytes
	buf := []byte("first")
	a := s.String(buf)
	copy(buf, "XXXXX")
	b := s.String([]byte("second"))
	long := s.String(make([]byte, 10_000))
	if a != "first" || b != "second" || len(long) != 10_000 || s.String(nil) != "" {
		t.Fatalf("got %q %q %d", a, b, len(long))
	}
}

// Room is the zero rest of the current array; Keep hands out its start,
// and what follows is handed out next.
func TestSlabRoomKeep(t *testing.T) {
	t.Parallel()
	var s slab.Slab[int]
	s.Make(3)
	room := s.Room(4)
	if len(room) < 4 {
		t.Fatalf("Room(4) has %d elements", len(room))
	}
	for i, v := range room {
		if v != 0 {
			t.Fatalf("room[%d] = %d, not zero", i, v)
		}
	}
	room[0], room[1] = 1, 2
	kept := s.Keep(2)
	if len(kept) != 2 || cap(kept) != 2 || kept[0] != 1 || kept[1] != 2 {
		t.Fatalf("Keep(2) = %v (cap %d)", kept, cap(kept))
	}
	if next := s.Make(1); &next[0] != &room[2] || next[0] != 0 {
		t.Fatalf("Make after Keep does not follow the kept elements")
	}
	if big := s.Room(100_000); len(big) < 100_000 {
		t.Fatalf("Room(100000) has %d elements", len(big))
	}
}

// A Slab's arrays fit their size class: an array of values with pointers
// leaves room for the runtime's malloc header, so that it is not put in
// the next class with a seventh unused. Not parallel: it reads the
// heap's totals.
func TestSlabArraysFitSizeClass(t *testing.T) {
	type sized64 struct {
		_ *int // pointers: the arrays have a malloc header
		_ [56]byte
	}
	type sized128 struct {
		_ *int
		_ [120]byte
	}
	tests := []struct {
		name string
		size int
		make func(n int)
	}{
		{"pointer", 8, func(n int) {
			var s slab.Slab[*int]
			for range n {
				s.New()
			}
		}},
		{"string", 16, func(n int) {
			var s slab.Slab[string]
			for range n {
				s.New()
			}
		}},
		{"64 bytes", 64, func(n int) {
			var s slab.Slab[sized64]
			for range n {
				s.New()
			}
		}},
		{"128 bytes", 128, func(n int) {
			var s slab.Slab[sized128]
			for range n {
				s.New()
			}
		}},
	}
	for _, tt := range tests {
		const n = 100_000
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		tt.make(n)
		runtime.ReadMemStats(&after)
		used, want := after.TotalAlloc-before.TotalAlloc, uint64(n*tt.size)
		if used > want+want/20 {
			t.Errorf("%s: %d values of %d bytes took %d bytes, want at most %d (+5%%)", tt.name, n, tt.size, used, want)
		}
	}
}
