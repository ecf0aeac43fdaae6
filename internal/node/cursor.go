package node

import (
	"encoding/binary"
	"math/bits"
	"unsafe"

	"github.com/sekisho/sekisho/internal/readfile"
)

// Cursor is a place in JSON text and the JSON reader's state there (line,
// column, values read), for a reader of one shape of input (casefile's
// cases, policy's documents) that reads it straight into its own values
// and hands any value it does not fully understand to ParseValueAt, which
// reads it as ParseJSON would at that place: same tree, same positions,
// same errors, same value count.
//
// A Cursor's reading methods accept only the plainest JSON: strings of
// printable ASCII without escapes (so that a byte is a character and the
// string is its bytes), no longer than MaxFastString. Anything else
// reports false and leaves the caller to go back to a saved copy of the
// Cursor and read the value through ParseValueAt. Every value read is
// counted as the JSON reader counts it, against the file's bound.
type Cursor struct {
	b []byte
	s string // b, as one string: the strings read are parts of it

	off, line, lineStart int
	colOff, col          int
	values               int
	limit                readfile.Limit
}

// MaxFastString is the longest string a Cursor reads: MaxValueChars of
// the policy package, so that no string it accepts can be refused for its
// length.
const MaxFastString = 32_768

// NewCursor returns a Cursor at the start of src, a file of kind l.
func NewCursor(src []byte, l readfile.Limit) *Cursor {
	return &Cursor{b: src, s: string(src), line: 1, col: 1, limit: valueLimit(l)}
}

// NewCursorShared is NewCursor for a src that is never changed once it
// is read (a file's bytes, read for the reader alone): the strings read
// share its memory instead of a copy's. The caller must not change src
// while any of them is in use. Copying a 10 MB case file was a tenth of
// the memory sekisho test touched on the 10,000 random cases.
func NewCursorShared(src []byte, l readfile.Limit) *Cursor {
	c := &Cursor{b: src, line: 1, col: 1, limit: valueLimit(l)}
	if len(src) > 0 {
		c.s = unsafe.String(&src[0], len(src))
	}
	return c
}

// Off is the offset of the cursor in the text.
func (c *Cursor) Off() int { return c.off }

// Text is the text from offset from to the cursor.
func (c *Cursor) Text(from int) string { return c.s[from:c.off] }

// Space skips white space, as the JSON reader does.
func (c *Cursor) Space() {
	// A compact file has none: a byte above ' ' is not white space.
	if c.off < len(c.s) && c.s[c.off] > ' ' {
		return
	}
	c.space()
}

func (c *Cursor) space() {
	s, i := c.s, c.off
	for ; i < len(s); i++ {
		if ch := s[i]; ch == '\n' {
			c.line++
			c.lineStart = i + 1
		} else if ch != ' ' && ch != '\t' && ch != '\r' {
			break
		}
	}
	c.off = i
}

// Peek returns the byte at the cursor after white space, 0 at the end.
func (c *Cursor) Peek() byte {
	c.Space()
	if c.off < len(c.s) {
		return c.s[c.off]
	}
	return 0
}

// Eat skips white space and ch, reporting whether ch was there.
func (c *Cursor) Eat(ch byte) bool {
	if c.Peek() == ch {
		c.off++
		return true
	}
	return false
}

// Pos is the position of the next value or member name (after white
// space), as the JSON reader gives it. Every byte a Cursor steps over is
// ASCII, a character each.
func (c *Cursor) Pos() Pos {
	c.Space()
	if c.colOff < c.lineStart || c.colOff > c.off {
		c.colOff, c.col = c.lineStart, 1
		// The text from the line's start may hold what ParseValueAt
		// read: counted as the reader counts it (multiEnd: it may hold
		// characters past ASCII anywhere up to the cursor).
		p := jsonParser{src: c.b, off: c.off, lineStart: c.lineStart, colOff: c.lineStart, col: 1, line: c.line, multiEnd: c.off}
		pos := p.pos()
		c.colOff, c.col = c.off, pos.Col
		return pos
	}
	c.col += c.off - c.colOff
	c.colOff = c.off
	return Pos{Line: c.line, Col: c.col}
}

// Value counts one value at the cursor, reporting false when it is past
// the file's bound (which the JSON reader then reports).
func (c *Cursor) Value() bool {
	if c.values >= c.limit.Values {
		return false
	}
	c.values++
	return true
}

// Str reads a string at the cursor (after white space): its text, a part
// of the source; false for a string the Cursor does not read (an escape,
// a byte outside printable ASCII, longer than MaxFastString) or another
// value. It does not count a value: a member name is none.
func (c *Cursor) Str() (string, bool) {
	if c.Peek() != '"' {
		return "", false
	}
	return c.str()
}

// str is Str at a '"'.
func (c *Cursor) str() (string, bool) {
	s, start := c.s, c.off+1
	end := min(len(s), start+MaxFastString+1)
	i := start
	// Eight bytes at a time while none of them ends the run: the
	// strings are most of a case file's bytes. The lowest byte marked
	// in m is the first that is not plain (a borrow marks only bytes
	// above one that is).
	b, found := c.b, false
	for ; i+8 <= end; i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		if m := x&highs | below(x, 0x20) | below(x^(ones*'"'), 1) | below(x^(ones*'\\'), 1); m != 0 {
			i += bits.TrailingZeros64(m) >> 3
			found = true
			break
		}
	}
	for !found && i < end && plain[s[i]] {
		i++
	}
	if i >= end || s[i] != '"' {
		return "", false
	}
	c.off = i + 1
	return s[start:i], true
}

// StrValue reads a string value: Str, counted.
func (c *Cursor) StrValue() (string, bool) {
	if c.Peek() != '"' || !c.Value() {
		return "", false
	}
	return c.str()
}

// Member reads a member name and its colon, for the value to follow.
func (c *Cursor) Member() (string, bool) {
	k, ok := c.Str()
	if !ok || !c.Eat(':') {
		return "", false
	}
	return k, true
}

// More reads what follows a member or an item: true after a ',', false
// after close (ok), or not ok for anything else.
func (c *Cursor) More(close byte) (more, ok bool) {
	switch c.Peek() {
	case ',':
		c.off++
		return true, true
	case close:
		c.off++
		return false, true
	}
	return false, false
}

// Open reads the start of an object ('{') or a list ('['), counted as a
// value, and reports whether it is empty (its close read too).
func (c *Cursor) Open(open byte) (empty, ok bool) {
	if c.Peek() != open || !c.Value() {
		return false, false
	}
	c.off++
	close := byte('}')
	if open == '[' {
		close = ']'
	}
	if c.Eat(close) {
		return true, true
	}
	return false, true
}

// plain holds the bytes a Cursor reads in a string: printable ASCII other
// than the quote and the backslash (the JSON reader's plainASCII).
var plain = plainASCII

// ParseValueAt reads the value at the cursor (after white space) with
// the JSON reader, at nesting depth, as ParseJSON would read it there,
// and moves the cursor past it. Its errors are the reader's syntax errors.
func (c *Cursor) ParseValueAt(depth int) (*Node, error) {
	c.Space()
	p := newJSONParser(c.b)
	p.off, p.line, p.lineStart, p.colOff, p.col = c.off, c.line, c.lineStart, c.colOff, c.col
	p.values, p.limit = c.values, c.limit
	n, err := p.value(depth)
	p.pos() // the column at p.off, counted over the value's characters
	c.off, c.line, c.lineStart, c.colOff, c.col, c.values = p.off, p.line, p.lineStart, p.colOff, p.col, p.values
	if err != nil {
		return nil, syntaxError(err)
	}
	return n, nil
}

// ContinueList reads the rest of the file's top JSON list with the JSON
// reader, as EachJSONItem does: the cursor is just after the list's '['
// (i == 0) or after its item i-1. fn is called with each item from i;
// an error of fn stops the reading and is returned as it is, and the
// reader's errors (the list's syntax, anything after it) are its syntax
// errors.
func (c *Cursor) ContinueList(i int, fn func(i int, item *Node) error) error {
	p := newJSONParser(c.b)
	p.off, p.line, p.lineStart, p.colOff, p.col = c.off, c.line, c.lineStart, c.colOff, c.col
	p.values, p.limit = c.values, c.limit
	stopped := false // by fn
	each := func(i int, item *Node) error {
		err := fn(i, item)
		stopped = err != nil
		return err
	}
	var err error
	if i == 0 {
		p.skipSpace()
		if p.off < len(p.src) && p.src[p.off] == ']' {
			p.off++
		} else {
			err = p.itemsFrom(0, 0, each)
		}
	} else if more, e := p.next(); e != nil {
		err = e
	} else if more {
		err = p.itemsFrom(0, i, each)
	}
	if stopped {
		return err
	}
	if err == nil {
		err = p.end()
	}
	return syntaxError(err)
}

// ones is 1 in each byte of a word.
const ones = 0x0101010101010101

// below has the high bit set in some byte of its result exactly when a
// byte of x below 0x80 is less than n (1 <= n <= 0x80): the borrow of
// the subtraction sets it, and ^x keeps it only for bytes below 0x80.
// Bytes from 0x80 are told apart by x&highs.
func below(x uint64, n uint64) uint64 { return (x - ones*n) & ^x & highs }
