package awsref

import (
	"bytes"
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
	serviceIndex map[string]int // lower-case prefix → services
	serviceStart []int          // index in actions of each service's first action
	// actionLower is the lower-case "service:name" of each action,
	// parallel to actions; a service's entries are written when the
	// service is indexed (indexedService), and read only after.
	actionLower []string
	// serviceActions, parallel to services, are the action indexes, each
	// built the first time an action of its service is looked up: a run
	// of sekisho test asks for the actions of a few services, and
	// indexing all 19,000 at load was a third of decoding the reference.
	serviceActions []serviceActions
	allLowered     sync.Once // every service indexed, for the matcher
	keys           keyIndex
}

// serviceActions indexes one service's actions.
type serviceActions struct {
	once  sync.Once
	index map[string]int32 // lower-case action name, after the colon → actions
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

// Preload starts decoding the reference on another goroutine and returns
// at once. A command that will consult the reference calls it before
// reading its input, so that the decoding (4-5 ms) runs on the core the
// reading leaves idle instead of after it: sekisho test otherwise decoded
// it when the first case was checked, while the goroutines deciding cases
// had nothing to do.
func Preload() { go ref() }

// load decodes an artifact and builds the indexes.
func load(raw string) (*tables, error) {
	d, err := decode(raw)
	if err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	t := &tables{decoded: d}
	t.indexServices()
	t.actionLower = make([]string, len(d.actions))
	t.serviceActions = make([]serviceActions, len(d.services))
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

// indexedService returns the action index of the service at si, building
// it on first use. The service's lower-case "service:name"s go into one
// buffer, so the matcher compares bytes without allocating and a
// service's index costs two allocations instead of one per action.
func (t *tables) indexedService(si int) *serviceActions {
	sa := &t.serviceActions[si]
	sa.once.Do(func() { sa.index = t.indexActions(si) })
	return sa
}

// indexActions writes the lower-case names of the service at si into
// actionLower and returns its index by lower-case action name. Of two
// names equal but for case, the later is found, as in one index of every
// "service:name".
func (t *tables) indexActions(si int) map[string]int32 {
	s := t.services[si]
	size := 0
	for _, a := range s.Actions {
		size += len(a.Service) + 1 + len(a.Name)
	}
	buf := make([]byte, size)
	at := 0
	for _, a := range s.Actions {
		at += copyLowerASCII(buf[at:], a.Service)
		buf[at] = ':'
		at += 1 + copyLowerASCII(buf[at+1:], a.Name)
	}
	all := string(buf)
	index := make(map[string]int32, len(s.Actions))
	off, start := 0, t.serviceStart[si]
	for i, a := range s.Actions {
		n := len(a.Service) + 1 + len(a.Name)
		lower := all[off : off+n]
		t.actionLower[start+i] = lower
		index[lower[len(a.Service)+1:]] = int32(start + i)
		off += n
	}
	return index
}

// lowered indexes every service, for a matcher that reads actionLower
// across services.
func (t *tables) lowered() {
	t.allLowered.Do(func() {
		for si := range t.services {
			t.indexedService(si)
		}
	})
}

// lookupAction finds an action's index by name, ignoring ASCII case: the
// service by the part before the first colon, then the action in that
// service's index. A name that fits is lower-cased on the stack (a map
// index by string(bytes) does not allocate), as LookupAction is asked for
// every decision.
func (t *tables) lookupAction(name string) (int32, bool) {
	var buf [128]byte
	var lower []byte
	if len(name) > len(buf) {
		lower = []byte(lowerASCII(name))
	} else {
		lower = buf[:copyLowerASCII(buf[:], name)]
	}
	colon := bytes.IndexByte(lower, ':')
	if colon < 0 {
		return 0, false
	}
	si, ok := t.serviceIndex[string(lower[:colon])]
	if !ok {
		return 0, false
	}
	i, ok := t.indexedService(si).index[string(lower[colon+1:])]
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
