package node

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/sekisho/sekisho/internal/readfile"
)

// maxDepth bounds nesting so that hostile input cannot exhaust the stack.
const maxDepth = 256

// ParseJSON reads one JSON value (RFC 8259) from src. Duplicate keys in an
// object are an error: AWS's handling of them is undocumented, and a silent
// choice could hide a statement from the reader.
func ParseJSON(src []byte) (*Node, error) { return ParseJSONAs(src, readfile.Limit{}) }

// parseJSON reads the value of src, and whether one of its string values
// may hold a JSON document (jsonParser.docStrings).
func parseJSON(src []byte, l readfile.Limit, a *Arena) (n *Node, docStrings bool, err error) {
	p := newJSONParser(src)
	p.limit = valueLimit(l)
	p.arena = a
	if a != nil {
		// the member names of the arena's earlier documents: the files a
		// reader parses into one arena repeat their names
		p.names = a.names
	}
	p.skipSpace()
	n, err = p.value(0)
	if err != nil {
		return nil, false, err
	}
	p.skipSpace()
	if p.off < len(p.src) {
		return nil, false, p.errorf("unexpected %s after the end of the JSON value", p.describeNext())
	}
	return n, p.docStrings, nil
}

type jsonParser struct {
	src       []byte
	off       int
	line      int
	lineStart int
	// The column of colOff on the current line, so that pos counts only
	// the characters since the last call: minified JSON is one long line.
	colOff, col int
	// multiEnd is the offset just past the last non-ASCII character read
	// (str reads them all: outside strings JSON is ASCII), so that pos
	// knows a run since colOff that starts at or after it to be one
	// column per byte without reading it. A parser started in the middle
	// of a text (Cursor) that may follow such characters on its line sets
	// it to where it starts.
	multiEnd  int
	keyProbes int // steps of duplicate-member detection
	// docStrings is set when a string value may hold a JSON document
	// (mayHoldDocument), so that ParseJSONAs walks the tree to count
	// their values only when one might.
	docStrings bool

	// What the parser reuses, so that a file of a million values does not
	// cost a million small allocations: nodes are cut from slabs, the
	// members and items of the values being read wait on two stacks and
	// are copied once into a slice of the right length, and member names
	// (few, repeated in every object) are shared.
	slab   []Node
	fields []Field
	items  []*Node
	names  map[string]string
	recent [128]string // of names, by slot (name)
	// the last short string value of each slot (text)
	recentValues [128]string
	// The objects' members and the lists' items are cut from slabs too,
	// each a slice whose capacity ends at its length, so that appending
	// to one never writes into the next.
	fieldSlab []Field
	itemSlab  []*Node

	limit  readfile.Limit // the file's kind, which bounds its values
	values int            // values read
	arena  *Arena         // where the slabs come from; nil: new ones
}

func newJSONParser(src []byte) *jsonParser {
	return &jsonParser{src: src, line: 1, lineStart: 0, col: 1, limit: defaultLimit}
}

// maxSlab is the most nodes one slab holds: a slab stays in memory while
// any of its nodes does.
const maxSlab = 512

// newNode returns a zero node from the current slab. Slabs start small, so
// that a short document does not pay for a large one, and double.
func (p *jsonParser) newNode() *Node {
	if len(p.slab) == cap(p.slab) {
		size := min(maxSlab, max(8, 2*cap(p.slab)))
		if a := p.arena; a != nil {
			p.slab = slab(&a.freeNodes, &a.nodes, 1, size)
		} else {
			p.slab = make([]Node, 0, size)
		}
	}
	p.slab = p.slab[:len(p.slab)+1]
	return &p.slab[len(p.slab)-1]
}

// cut copies vs into the slab and returns the copy, its capacity its
// length. When vs do not fit, a new slab is started, of twice the size of
// the last up to maxSlab (a short document does not pay for a large one),
// or of len(vs) for a longer run.
// With an arena, the new slab is the arena's (free, used).
func cut[T any](cur *[]T, vs []T, free, used *[][]T) []T {
	if len(vs) > cap(*cur)-len(*cur) {
		size := max(len(vs), min(maxSlab, max(8, 2*cap(*cur))))
		if free != nil {
			*cur = slab(free, used, len(vs), size)
		} else {
			*cur = make([]T, 0, size)
		}
	}
	i := len(*cur)
	*cur = append(*cur, vs...)
	return (*cur)[i : i+len(vs) : i+len(vs)]
}

// maxNames bounds the shared member names of one document (of an
// arena's documents, together), so that documents of distinct names do
// not grow the table without end.
const maxNames = 4096

// name returns the member name held in raw (no escapes), shared with the
// previous members of that name. The name last met in each of 128 slots
// (recent), by length and end bytes, is compared first: a file repeats
// a few names, and a comparison costs less than hashing for the map.
func (p *jsonParser) name(raw []byte) string {
	slot := slotOf(raw)
	if s := p.recent[slot]; s == string(raw) {
		return s
	}
	s, ok := p.names[string(raw)]
	if !ok {
		s = string(raw)
		if p.names == nil {
			p.names = map[string]string{}
			if a := p.arena; a != nil {
				a.names = p.names
			}
		}
		if len(p.names) < maxNames {
			p.names[s] = s
		}
	}
	p.recent[slot] = s
	return s
}

// slotOf is the slot of recent or recentValues for the string raw.
func slotOf(raw []byte) int {
	if len(raw) == 0 {
		return 0
	}
	return (len(raw)*7 + int(raw[0])*3 + int(raw[len(raw)-1])) % 128
}

// maxShared is the longest string value shared through recentValues.
const maxShared = 64

// text returns the string value held in raw (no escapes). A short one is
// shared with the last value of its slot when they are equal: three in
// four values of a synthetic account file repeat one read shortly before
// (its ARNs, "Allow", "sts:AssumeRole"), and a comparison costs less than
// an allocation, which the loaded model would also keep.
func (p *jsonParser) text(raw []byte) string {
	if len(raw) > maxShared {
		return string(raw)
	}
	slot := slotOf(raw)
	if s := p.recentValues[slot]; s == string(raw) {
		return s
	}
	s := string(raw)
	p.recentValues[slot] = s
	return s
}

func (p *jsonParser) pos() Pos {
	if p.colOff < p.lineStart || p.colOff > p.off {
		p.colOff, p.col = p.lineStart, 1
	}
	if p.multiEnd <= p.colOff {
		// No character since colOff is past ASCII: a byte is a column.
		p.col += p.off - p.colOff
		p.colOff = p.off
		return Pos{Line: p.line, Col: p.col}
	}
	run := p.src[p.colOff:p.off]
	n := asciiRun(run)
	// The run since the last position is mostly a few bytes of ASCII
	// (a quote, a colon, a space): counted here, not in a call.
	for n < len(run) && run[n] < utf8.RuneSelf {
		n++
	}
	if n < len(run) {
		n += utf8.RuneCount(run[n:])
	}
	p.col += n
	p.colOff = p.off
	return Pos{Line: p.line, Col: p.col}
}

func (p *jsonParser) errorf(format string, args ...any) *Error {
	return &Error{Pos: p.pos(), Msg: fmt.Sprintf(format, args...)}
}

func (p *jsonParser) describeNext() string {
	if p.off >= len(p.src) {
		return "end of input"
	}
	r, _ := utf8.DecodeRune(p.src[p.off:])
	return strconv.QuoteRune(r)
}

// skipSpace skips white space, in locals: a pretty-printed file is as
// much indentation as values, and this loop reads all of it. A line's
// indentation, after its newline, is skipped eight spaces at a time (the
// AWS CLI indents by four per level, and a role's members are five to ten
// levels deep).
func (p *jsonParser) skipSpace() {
	const spaces = 0x2020202020202020 // eight ' '
	src, i := p.src, p.off
	for ; i < len(src); i++ {
		if c := src[i]; c > ' ' || c != ' ' && c != '\n' && c != '\t' && c != '\r' {
			break
		} else if c == '\n' {
			p.line++
			p.lineStart = i + 1
			for i+9 <= len(src) && binary.LittleEndian.Uint64(src[i+1:]) == spaces {
				i += 8
			}
		}
	}
	p.off = i
}

func (p *jsonParser) value(depth int) (*Node, error) {
	if depth > maxDepth {
		return nil, p.errorf("nesting deeper than %d levels", maxDepth)
	}
	if p.off >= len(p.src) {
		return nil, p.errorf("expected a JSON value, got end of input")
	}
	pos := p.pos()
	if p.values++; p.values > p.limit.Values {
		return nil, tooManyValues(pos, p.limit)
	}
	switch c := p.src[p.off]; {
	case c == '{':
		return p.object(pos, depth)
	case c == '[':
		return p.array(pos, depth)
	case c == '"':
		s, ascii, err := p.str(false)
		if err != nil {
			return nil, err
		}
		n := p.newNode()
		n.Kind, n.Pos, n.Text, n.ascii = String, pos, s, ascii
		return n, nil
	case c == '-' || c >= '0' && c <= '9':
		return p.number(pos)
	case c == 't' || c == 'f' || c == 'n':
		return p.literal(pos)
	}
	return nil, p.errorf("expected a JSON value, got %s", p.describeNext())
}

func (p *jsonParser) literal(pos Pos) (*Node, error) {
	rest := p.src[p.off:]
	for _, lit := range [...]string{"true", "false", "null"} {
		if len(rest) >= len(lit) && string(rest[:len(lit)]) == lit {
			p.off += len(lit)
			n := p.newNode()
			n.Kind, n.Pos, n.ascii = Null, pos, true
			if lit != "null" {
				n.Kind, n.Text = Bool, lit
			}
			return n, nil
		}
	}
	return nil, p.errorf("expected a JSON value, got %s", p.describeNext())
}

func (p *jsonParser) object(pos Pos, depth int) (*Node, error) {
	n := p.newNode()
	n.Kind, n.Pos, n.ascii = Object, pos, true
	p.off++ // '{'
	p.skipSpace()
	if p.off < len(p.src) && p.src[p.off] == '}' {
		p.off++
		return n, nil
	}
	base := len(p.fields)
	keys := keySet{probes: &p.keyProbes}
	for {
		p.skipSpace()
		if p.off >= len(p.src) || p.src[p.off] != '"' {
			return nil, p.errorf("expected a member name in double quotes, got %s", p.describeNext())
		}
		keyPos := p.pos()
		key, keyASCII, err := p.str(true)
		if err != nil {
			return nil, err
		}
		if keys.seen(p.fields[base:], key) {
			return nil, &Error{Pos: keyPos, Msg: fmt.Sprintf("duplicate member %q in the same object", key)}
		}
		p.skipSpace()
		if p.off >= len(p.src) || p.src[p.off] != ':' {
			return nil, p.errorf("expected ':' after member name, got %s", p.describeNext())
		}
		p.off++
		p.skipSpace()
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		p.fields = append(p.fields, Field{Key: key, KeyPos: keyPos, Value: v})
		n.ascii = n.ascii && keyASCII && v.ascii
		p.skipSpace()
		if p.off < len(p.src) && p.src[p.off] == ',' {
			p.off++
			continue
		}
		if p.off < len(p.src) && p.src[p.off] == '}' {
			p.off++
			if a := p.arena; a != nil {
				n.Fields = cut(&p.fieldSlab, p.fields[base:], &a.freeFields, &a.fields)
			} else {
				n.Fields = cut(&p.fieldSlab, p.fields[base:], nil, nil)
			}
			p.fields = p.fields[:base]
			return n, nil
		}
		return nil, p.errorf("expected ',' or '}' in object, got %s", p.describeNext())
	}
}

func (p *jsonParser) array(pos Pos, depth int) (*Node, error) {
	n := p.newNode()
	n.Kind, n.Pos, n.ascii = Array, pos, true
	base := len(p.items)
	if err := p.eachItem(depth, func(_ int, v *Node) error {
		p.items = append(p.items, v)
		n.ascii = n.ascii && v.ascii
		return nil
	}); err != nil {
		return nil, err
	}
	if len(p.items) > base {
		if a := p.arena; a != nil {
			n.Items = cut(&p.itemSlab, p.items[base:], &a.freeItems, &a.items)
		} else {
			n.Items = cut(&p.itemSlab, p.items[base:], nil, nil)
		}
		p.items = p.items[:base]
	}
	return n, nil
}

func (p *jsonParser) number(pos Pos) (*Node, error) {
	start := p.off
	if p.src[p.off] == '-' {
		p.off++
	}
	digits := func() int {
		s := p.off
		for p.off < len(p.src) && p.src[p.off] >= '0' && p.src[p.off] <= '9' {
			p.off++
		}
		return p.off - s
	}
	if n := digits(); n == 0 || n > 1 && p.src[p.off-n] == '0' {
		return nil, p.errorf("malformed number")
	}
	if p.off < len(p.src) && p.src[p.off] == '.' {
		p.off++
		if digits() == 0 {
			return nil, p.errorf("malformed number: expected digits after '.'")
		}
	}
	if p.off < len(p.src) && (p.src[p.off] == 'e' || p.src[p.off] == 'E') {
		p.off++
		if p.off < len(p.src) && (p.src[p.off] == '+' || p.src[p.off] == '-') {
			p.off++
		}
		if digits() == 0 {
			return nil, p.errorf("malformed number: expected digits in exponent")
		}
	}
	n := p.newNode()
	n.Kind, n.Pos, n.Text, n.ascii = Number, pos, string(p.src[start:p.off]), true
	return n, nil
}

// str reads a string. The common string, ASCII or UTF-8 without escapes,
// is one copy of its bytes (a member name, when name is set, is shared
// with the earlier members of that name); an escape starts a buffer. The
// checks are those of reading one character at a time: each happens at
// the character it is about, with the length limit checked before each.
// ascii reports a string of printable ASCII read as itself (Node.ascii).
func (p *jsonParser) str(name bool) (s string, ascii bool, err error) {
	p.off++        // opening quote
	var buf []byte // the value up to start, once an escape has been read
	start := p.off
	ascii = true
	for {
		// A run of plain ASCII is skipped at once, as far as the length
		// limit still holds: what follows sees the byte it would have.
		end := min(len(p.src), start+MaxString-len(buf)+1)
		// In locals, so that the loop keeps them in registers: this loop
		// reads most bytes of a case file.
		src, i := p.src[:end], p.off
		for i+8 <= len(src) {
			if m := notPlain(binary.LittleEndian.Uint64(src[i:])); m != 0 {
				i += bits.TrailingZeros64(m) / 8
				break
			}
			i += 8
		}
		if i+8 > len(src) {
			for i < len(src) && plainASCII[src[i]] {
				i++
			}
		}
		p.off = i
		if p.off >= len(p.src) {
			return "", false, p.errorf("unterminated string")
		}
		if len(buf)+p.off-start > MaxString {
			return "", false, p.errorf("string longer than %d bytes: %s", MaxString, stringLimitWhy)
		}
		c := p.src[p.off]
		switch {
		case c == '"':
			raw := p.src[start:p.off]
			p.off++
			switch {
			case buf != nil:
				s := string(append(buf, raw...))
				p.docStrings = p.docStrings || !name && mayHoldDocument(s)
				return s, false, nil
			case name:
				return p.name(raw), ascii, nil
			}
			s := p.text(raw)
			p.docStrings = p.docStrings || mayHoldDocument(s)
			return s, ascii, nil
		case c == '\\':
			buf = append(buf, p.src[start:p.off]...)
			if buf, err = p.escape(buf); err != nil {
				return "", false, err
			}
			start = p.off
		case c < 0x20:
			return "", false, p.errorf("control character in string (write it as an escape such as \\n)")
		case c < utf8.RuneSelf:
			p.off++
		default:
			r, size := utf8.DecodeRune(p.src[p.off:])
			if r == utf8.RuneError && size == 1 {
				return "", false, p.errorf("invalid UTF-8 in string")
			}
			p.off += size
			p.multiEnd = p.off
			ascii = false
		}
	}
}

// plainASCII holds the bytes a string holds as themselves that need no
// check: ASCII other than the quote, the backslash and control characters.
var plainASCII = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// notPlain marks, in the high bit of each byte, the bytes of w (read
// little-endian) that are not plainASCII: control characters (below
// 0x20), '"', '\\' and bytes past ASCII. (x - ones) &^ x & highs marks
// the bytes of x that are zero, or, for x - 0x20 × ones, below 0x20; a
// borrow may mark a higher byte too, but only above a byte rightly
// marked, so the lowest mark, the first byte the string reader must
// look at, is exact.
func notPlain(w uint64) uint64 {
	quote, backslash := w^('"'*ones), w^('\\'*ones)
	found := (w - ' '*ones) &^ w
	found |= (quote - ones) &^ quote
	found |= (backslash - ones) &^ backslash
	return (found | w) & highs
}

// escape appends the character of the escape at p.off to b.
func (p *jsonParser) escape(b []byte) ([]byte, error) {
	if p.off+1 >= len(p.src) {
		return b, p.errorf("unterminated escape in string")
	}
	c := p.src[p.off+1]
	p.off += 2
	switch c {
	case '"', '\\', '/':
		return append(b, c), nil
	case 'b':
		return append(b, '\b'), nil
	case 'f':
		return append(b, '\f'), nil
	case 'n':
		return append(b, '\n'), nil
	case 'r':
		return append(b, '\r'), nil
	case 't':
		return append(b, '\t'), nil
	case 'u':
		r, err := p.hex4()
		if err != nil {
			return b, err
		}
		return utf8.AppendRune(b, p.surrogatePair(r)), nil
	}
	p.off -= 2
	return b, p.errorf("invalid escape \\%c in string", c)
}

// surrogatePair completes a UTF-16 surrogate r with the \uXXXX escape that
// follows it, as RFC 8259 section 7 and encoding/json read them: a valid
// high-low pair is one character and consumes both escapes; any other
// surrogate is U+FFFD on its own, and the next escape (if any) is left to
// be decoded by itself, never swallowed.
func (p *jsonParser) surrogatePair(r rune) rune {
	if !utf16.IsSurrogate(r) {
		return r
	}
	if p.off+6 <= len(p.src) && p.src[p.off] == '\\' && p.src[p.off+1] == 'u' {
		if r2, err := strconv.ParseUint(string(p.src[p.off+2:p.off+6]), 16, 32); err == nil {
			if dec := utf16.DecodeRune(r, rune(r2)); dec != utf8.RuneError {
				p.off += 6
				return dec
			}
		}
	}
	return utf8.RuneError
}

func (p *jsonParser) hex4() (rune, error) {
	if p.off+4 > len(p.src) {
		return 0, p.errorf("expected 4 hex digits after \\u")
	}
	v, err := strconv.ParseUint(string(p.src[p.off:p.off+4]), 16, 32)
	if err != nil {
		return 0, p.errorf("expected 4 hex digits after \\u")
	}
	p.off += 4
	return rune(v), nil
}
