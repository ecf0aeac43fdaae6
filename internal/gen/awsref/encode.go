package main

import (
	"encoding/binary"
	"fmt"
	"os"
	"strings"
)

// accessLevel is the artifact's code for an access level; the order is part
// of the format (see awsref/decode.go).
type accessLevel uint64

const (
	accessList accessLevel = iota
	accessRead
	accessWrite
	accessPermissions
	accessTagging
)

// parseAccessLevel maps the package's access level to the one the AWS
// reference pages show. The package writes "Permissions management, Write"
// and "Tagging, Write" (AWS's machine-readable reference flags those actions
// as writes too); the pages, and policy authors, call them
// "Permissions management" and "Tagging".
func parseAccessLevel(s string) (accessLevel, error) {
	switch {
	case strings.Contains(s, "Permissions management"):
		return accessPermissions, nil
	case strings.Contains(s, "Tagging"):
		return accessTagging, nil
	case s == "List":
		return accessList, nil
	case s == "Read":
		return accessRead, nil
	case s == "Write":
		return accessWrite, nil
	}
	return 0, fmt.Errorf("unknown access level %q", s)
}

// magic starts the artifact; bump its digit when the layout changes.
const magic = "SKSHREF1"

// encoder writes the layout documented in awsref/decode.go: a string table,
// a table of string lists, then the records as varints referring to them.
// Interning matters: the same condition key lists repeat thousands of times.
type encoder struct {
	strs     []string
	strIndex map[string]uint64
	lists    [][]uint64
	lstIndex map[string]uint64
	body     []byte
}

func newEncoder() *encoder {
	e := &encoder{strIndex: map[string]uint64{}, lstIndex: map[string]uint64{}}
	e.list(nil) // list 0 is the empty list
	return e
}

func (e *encoder) str(s string) uint64 {
	if i, ok := e.strIndex[s]; ok {
		return i
	}
	i := uint64(len(e.strs))
	e.strs = append(e.strs, s)
	e.strIndex[s] = i
	return i
}

func (e *encoder) list(items []string) uint64 {
	ids := make([]uint64, len(items))
	for i, s := range items {
		ids[i] = e.str(s)
	}
	key := fmt.Sprint(ids)
	if i, ok := e.lstIndex[key]; ok {
		return i
	}
	i := uint64(len(e.lists))
	e.lists = append(e.lists, ids)
	e.lstIndex[key] = i
	return i
}

func (e *encoder) num(n uint64)       { e.body = binary.AppendUvarint(e.body, n) }
func (e *encoder) putStr(s string)    { e.num(e.str(s)) }
func (e *encoder) putList(l []string) { e.num(e.list(l)) }

func (e *encoder) putBool(b bool) {
	if b {
		e.num(1)
	} else {
		e.num(0)
	}
}

func (e *encoder) putKeys(keys []condKey) {
	e.num(uint64(len(keys)))
	for _, k := range keys {
		e.putStr(k.Name)
		e.putStr(k.Type)
	}
}

func (e *encoder) putService(s service) {
	e.putStr(s.Prefix)
	e.putStr(s.Name)
	e.putKeys(s.Keys)
	e.num(uint64(len(s.Resources)))
	for _, r := range s.Resources {
		e.putStr(r.Name)
		e.putList(r.ARNFormats)
		e.putList(r.Keys)
	}
	e.num(uint64(len(s.Actions)))
	for _, a := range s.Actions {
		e.putAction(a)
	}
}

func (e *encoder) putAction(a action) {
	e.putStr(a.Name)
	e.num(uint64(a.Access))
	e.num(uint64(len(a.Resources)))
	for _, r := range a.Resources {
		e.putStr(r.Name)
		e.putBool(r.Required)
		e.putList(r.Keys)
		e.putList(r.Dependent)
	}
	e.putList(a.Keys)
	e.putList(a.Dependent)
}

// bytes assembles the tables and the body into the final layout.
func (e *encoder) bytes() []byte {
	var out []byte
	out = append(out, magic...)
	out = binary.AppendUvarint(out, uint64(len(e.strs)))
	for _, s := range e.strs {
		out = binary.AppendUvarint(out, uint64(len(s)))
	}
	for _, s := range e.strs {
		out = append(out, s...)
	}
	out = binary.AppendUvarint(out, uint64(len(e.lists)))
	for _, l := range e.lists {
		out = binary.AppendUvarint(out, uint64(len(l)))
		for _, id := range l {
			out = binary.AppendUvarint(out, id)
		}
	}
	return append(out, e.body...)
}

func encode(ref *refData) []byte {
	e := newEncoder()
	e.putStr(packageName)
	e.putStr(ref.Version)
	e.putStr(ref.Date)
	e.num(uint64(ref.actionCount()))
	e.num(uint64(ref.actionResourceCount()))
	e.putKeys(ref.Globals)
	e.num(uint64(len(ref.Services)))
	for _, s := range ref.Services {
		e.putService(s)
	}
	return e.bytes()
}

// writeArtifact writes the encoding into path and returns its size. It is
// not compressed: awsref embeds it as a string and decodes it in place
// (awsref/load.go says why).
func writeArtifact(path string, ref *refData) (int, error) {
	b := encode(ref)
	return len(b), os.WriteFile(path, b, 0o644)
}
