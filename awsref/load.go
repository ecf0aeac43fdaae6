package awsref

import (
	_ "embed"
	"fmt"
	"sync"
)

// artifact is embedded uncompressed, as a string: decoding slices its
// string table in place, with nothing to inflate or copy. Inflating the
// gzip form was a third of the instructions of starting sekisho (40 M of
// 125 M, `sekisho test` on one case under cachegrind), for 0.7 MB less
// in the binary.
//
//go:embed data/iamref.bin
var artifact string

// tables is the decoded reference with its lookup indexes.
type tables struct {
	*decoded
	serviceIndex map[string]int   // lower-case prefix → services
	serviceStart []int            // index in actions of each service's first action
	actionIndex  map[string]int32 // lower-case "service:name" → actions
	actionLower  []string         // lower-case "service:name", parallel to actions
	keys         keyIndex
}

// ref returns the tables, decoding the embedded artifact on first use, so a
// program that never consults the reference does not pay for it.
var ref = sync.OnceValue(func() *tables {
	t, err := load(artifact)
	if err != nil {
		// The artifact is compiled in and covered by tests: failing here
		// means a broken build, not bad user input.
		panic(fmt.Sprintf("awsref: embedded service reference: %v (regenerate with go generate ./awsref)", err))
	}
	return t
})

// load decodes an artifact and builds the indexes.
func load(raw string) (*tables, error) {
	d, err := decode(raw)
	if err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	t := &tables{decoded: d}
	t.indexServices()
	t.indexActions()
	t.keys = buildKeyIndex(d.globals, d.services)
	return t, nil
}

func (t *tables) indexServices() {
	t.serviceIndex = make(map[string]int, len(t.services))
	t.serviceStart = make([]int, len(t.services))
	start := 0
	for i, s := range t.services {
		t.serviceIndex[lowerASCII(s.Prefix)] = i
		t.serviceStart[i] = start
		start += len(s.Actions)
	}
}

// indexActions lower-cases every "service:name" into one buffer, so the
// matcher compares bytes without allocating and the index costs two
// allocations instead of one per action.
func (t *tables) indexActions() {
	size := 0
	for _, a := range t.actions {
		size += len(a.Service) + 1 + len(a.Name)
	}
	buf := make([]byte, size)
	at := 0
	for _, a := range t.actions {
		at += copyLowerASCII(buf[at:], a.Service)
		buf[at] = ':'
		at += 1 + copyLowerASCII(buf[at+1:], a.Name)
	}
	all := string(buf)
	t.actionLower = make([]string, len(t.actions))
	t.actionIndex = make(map[string]int32, len(t.actions))
	off := 0
	for i, a := range t.actions {
		n := len(a.Service) + 1 + len(a.Name)
		t.actionLower[i] = all[off : off+n]
		t.actionIndex[t.actionLower[i]] = int32(i)
		off += n
	}
}

// lookupAction finds an action's index by name, ignoring ASCII case; a
// name that fits is lower-cased on the stack (a map index by string(bytes)
// does not allocate), as LookupAction is asked for every decision.
func (t *tables) lookupAction(name string) (int32, bool) {
	var buf [128]byte
	if len(name) > len(buf) {
		i, ok := t.actionIndex[lowerASCII(name)]
		return i, ok
	}
	n := copyLowerASCII(buf[:], name)
	i, ok := t.actionIndex[string(buf[:n])]
	return i, ok
}

// lowerASCII lower-cases ASCII letters, returning s itself when it has none
// to change. IAM names are ASCII; the standard library's ToLower would also
// fold Unicode, which AWS does not do when it compares action names.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			return string(appendLowerASCII(make([]byte, 0, len(s)), s))
		}
	}
	return s
}

// copyLowerASCII writes s lower-cased at the start of b, which has room,
// and returns its length: a copy, then the few capitals changed in place.
func copyLowerASCII(b []byte, s string) int {
	n := copy(b, s)
	for i, c := range b[:n] {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return n
}

func appendLowerASCII(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}
