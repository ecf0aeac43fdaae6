package awsref

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// The artifact data/iamref.bin is this layout, written by
// internal/gen/awsref (encode.go there must stay in step with this file).
// Every number is an unsigned varint; "str" is an index into the string
// table, "list" an index into the list table.
//
//	magic    "SKSHREF1"
//	strings  n, n × byte length, then the n strings' bytes back to back
//	lists    n, n × (k, k × str); list 0 is the empty list
//	header   str package, str version, str date (RFC 3339),
//	         number of actions, number of action resources (for allocation)
//	globals  n, n × (str name, str type)
//	services n, n × service
//	service  str prefix, str name,
//	         n, n × (str key name, str key type),
//	         n, n × resource type (str name, list ARN formats, list keys),
//	         n, n × action
//	action   str name, access (0 List, 1 Read, 2 Write,
//	         3 Permissions management, 4 Tagging),
//	         n, n × (str resource type, required 0/1, list keys, list dependent),
//	         list keys, list dependent
//
// Interning keeps the artifact small and decoding cheap: strings become one
// Go string sliced in place, and every list is decoded once and shared.
const magic = "SKSHREF1"

var accessCodes = []AccessLevel{List, Read, Write, PermissionsManagement, Tagging}

// decoded is the artifact as read, before the lookup indexes are built.
type decoded struct {
	pkg, version, date string
	globals            []ConditionKey
	services           []Service
	actions            []Action // all, in service order; Service.Actions point into it
}

type reader struct {
	b         string // the artifact, embedded: strings are sliced from it, never copied
	off       int
	err       error
	strs      []string
	lists     [][]string
	actions   []Action         // all actions, allocated once
	resources []ActionResource // all actions' resources, allocated once
}

func (r *reader) num() uint64 {
	// Most numbers of the artifact are string and list indexes below 128:
	// one byte, read here, where the call is inlined.
	if r.off < len(r.b) && r.b[r.off] < 0x80 && r.err == nil {
		r.off++
		return uint64(r.b[r.off-1])
	}
	return r.varint()
}

// varint is binary.Uvarint over a string: the artifact is embedded as
// one, so that its string table is used in place.
func (r *reader) varint() uint64 {
	if r.err != nil {
		return 0
	}
	var v uint64
	for i, shift := r.off, 0; i < len(r.b) && i < r.off+binary.MaxVarintLen64; i, shift = i+1, shift+7 {
		c := r.b[i]
		if c < 0x80 {
			if i == r.off+binary.MaxVarintLen64-1 && c > 1 {
				break // overflows 64 bits
			}
			r.off = i + 1
			return v | uint64(c)<<shift
		}
		v |= uint64(c&0x7f) << shift
	}
	r.fail("bad varint")
	return 0
}

// count reads a length and rejects one larger than the bytes left, so a
// corrupt artifact cannot make the decoder allocate wildly.
func (r *reader) count() int {
	v := r.num()
	if v > uint64(len(r.b)-r.off) {
		r.fail("count out of range")
		return 0
	}
	return int(v)
}

func (r *reader) fail(msg string) {
	if r.err == nil {
		r.err = fmt.Errorf("offset %d: %s", r.off, msg)
	}
}

func (r *reader) str() string {
	i := r.num()
	if i >= uint64(len(r.strs)) {
		r.fail("string index out of range")
		return ""
	}
	return r.strs[i]
}

func (r *reader) list() []string {
	i := r.num()
	if i >= uint64(len(r.lists)) {
		r.fail("list index out of range")
		return nil
	}
	return r.lists[i]
}

func (r *reader) readStrings() {
	n := r.count()
	lens := make([]int, n)
	total := 0
	for i := range lens {
		lens[i] = r.count()
		total += lens[i]
	}
	if r.err != nil || total > len(r.b)-r.off {
		r.fail("string table truncated")
		return
	}
	blob := r.b[r.off : r.off+total] // the embedded bytes themselves
	r.off += total
	r.strs = make([]string, n)
	for i, l := range lens {
		r.strs[i], blob = blob[:l], blob[l:]
	}
}

func (r *reader) readLists() {
	lens := make([]int, r.count())
	var all []string
	for i := range lens {
		lens[i] = r.count()
		for range lens[i] {
			all = append(all, r.str())
		}
	}
	// Slice only once all is complete, so every list shares one array.
	r.lists = make([][]string, len(lens))
	off := 0
	for i, l := range lens {
		if l > 0 {
			r.lists[i] = all[off : off+l : off+l]
			off += l
		}
	}
}

func (r *reader) readKeys(global bool) []ConditionKey {
	keys := make([]ConditionKey, r.count())
	for i := range keys {
		keys[i] = ConditionKey{Name: r.str(), Type: r.str(), Global: global}
	}
	return keys
}

// readService reads one service, appending its actions to r.actions; the
// caller points Service.Actions into that array once it stops growing.
func (r *reader) readService() Service {
	s := Service{Prefix: r.str(), Name: r.str()}
	s.ConditionKeys = r.readKeys(false)
	s.ResourceTypes = make([]ResourceType, r.count())
	for i := range s.ResourceTypes {
		s.ResourceTypes[i] = ResourceType{Service: s.Prefix, Name: r.str(), ARNFormats: r.list(), ConditionKeys: r.list()}
	}
	for range r.count() {
		r.actions = append(r.actions, r.readAction(s.Prefix))
	}
	return s
}

func (r *reader) readAction(service string) Action {
	a := Action{Service: service, Name: r.str()}
	code := r.num()
	if code >= uint64(len(accessCodes)) {
		r.fail("bad access level")
		return a
	}
	a.Access = accessCodes[code]
	if n := r.count(); n > 0 {
		lo := len(r.resources)
		for range n {
			res := ActionResource{Type: r.str(), Required: r.num() == 1, ConditionKeys: r.list(), Dependent: r.list()}
			r.resources = append(r.resources, res)
		}
		a.Resources = r.resources[lo:len(r.resources):len(r.resources)]
	}
	a.ConditionKeys = r.list()
	a.Dependent = r.list()
	return a
}

// decode reads the artifact. The decoded strings are slices of b.
func decode(b string) (*decoded, error) {
	if len(b) < len(magic) || b[:len(magic)] != magic {
		return nil, errors.New("not a sekisho service reference (bad magic)")
	}
	r := &reader{b: b, off: len(magic)}
	r.readStrings()
	r.readLists()
	d := &decoded{pkg: r.str(), version: r.str(), date: r.str()}
	// Sized from the header; a wrong count costs reallocation, not errors.
	r.actions = make([]Action, 0, r.count())
	r.resources = make([]ActionResource, 0, r.count())
	d.globals = r.readKeys(true)
	d.services = make([]Service, r.count())
	ends := make([]int, len(d.services))
	for i := range d.services {
		d.services[i] = r.readService()
		ends[i] = len(r.actions)
	}
	d.actions = r.actions
	lo := 0
	for i, hi := range ends {
		d.services[i].Actions = d.actions[lo:hi:hi]
		lo = hi
	}
	if r.err == nil && r.off != len(b) {
		r.fail("trailing bytes")
	}
	if r.err != nil {
		return nil, r.err
	}
	return d, nil
}
