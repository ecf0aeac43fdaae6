package node

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// maxDepth bounds nesting so that hostile input cannot exhaust the stack.
const maxDepth = 256

// ParseJSON reads one JSON value (RFC 8259) from src. Duplicate keys in an
// object are an error: AWS's handling of them is undocumented, and a silent
// choice could hide a statement from the reader.
func ParseJSON(src []byte) (*Node, error) {
	n, err := parseJSON(src)
	return n, syntaxError(err)
}

func parseJSON(src []byte) (*Node, error) {
	p := &jsonParser{src: src, line: 1, lineStart: 0, col: 1}
	p.skipSpace()
	n, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.off < len(p.src) {
		return nil, p.errorf("unexpected %s after the end of the JSON value", p.describeNext())
	}
	return n, nil
}

type jsonParser struct {
	src       []byte
	off       int
	line      int
	lineStart int
	// The column of colOff on the current line, so that pos counts only
	// the characters since the last call: minified JSON is one long line.
	colOff, col int
	keyProbes   int // steps of duplicate-member detection
}

func (p *jsonParser) pos() Pos {
	if p.colOff < p.lineStart || p.colOff > p.off {
		p.colOff, p.col = p.lineStart, 1
	}
	p.col += utf8.RuneCount(p.src[p.colOff:p.off])
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

func (p *jsonParser) skipSpace() {
	for p.off < len(p.src) {
		switch p.src[p.off] {
		case '\n':
			p.off++
			p.line++
			p.lineStart = p.off
		case ' ', '\t', '\r':
			p.off++
		default:
			return
		}
	}
}

func (p *jsonParser) value(depth int) (*Node, error) {
	if depth > maxDepth {
		return nil, p.errorf("nesting deeper than %d levels", maxDepth)
	}
	if p.off >= len(p.src) {
		return nil, p.errorf("expected a JSON value, got end of input")
	}
	pos := p.pos()
	switch c := p.src[p.off]; {
	case c == '{':
		return p.object(pos, depth)
	case c == '[':
		return p.array(pos, depth)
	case c == '"':
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		return &Node{Kind: String, Pos: pos, Text: s}, nil
	case c == '-' || c >= '0' && c <= '9':
		return p.number(pos)
	case c == 't' || c == 'f' || c == 'n':
		return p.literal(pos)
	}
	return nil, p.errorf("expected a JSON value, got %s", p.describeNext())
}

func (p *jsonParser) literal(pos Pos) (*Node, error) {
	for _, lit := range []string{"true", "false", "null"} {
		if strings.HasPrefix(string(p.src[p.off:min(len(p.src), p.off+5)]), lit) {
			p.off += len(lit)
			if lit == "null" {
				return &Node{Kind: Null, Pos: pos}, nil
			}
			return &Node{Kind: Bool, Pos: pos, Text: lit}, nil
		}
	}
	return nil, p.errorf("expected a JSON value, got %s", p.describeNext())
}

func (p *jsonParser) object(pos Pos, depth int) (*Node, error) {
	n := &Node{Kind: Object, Pos: pos}
	p.off++ // '{'
	p.skipSpace()
	if p.off < len(p.src) && p.src[p.off] == '}' {
		p.off++
		return n, nil
	}
	keys := keySet{probes: &p.keyProbes}
	for {
		p.skipSpace()
		if p.off >= len(p.src) || p.src[p.off] != '"' {
			return nil, p.errorf("expected a member name in double quotes, got %s", p.describeNext())
		}
		keyPos := p.pos()
		key, err := p.str()
		if err != nil {
			return nil, err
		}
		if keys.seen(n, key) {
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
		n.Fields = append(n.Fields, Field{Key: key, KeyPos: keyPos, Value: v})
		p.skipSpace()
		if p.off < len(p.src) && p.src[p.off] == ',' {
			p.off++
			continue
		}
		if p.off < len(p.src) && p.src[p.off] == '}' {
			p.off++
			return n, nil
		}
		return nil, p.errorf("expected ',' or '}' in object, got %s", p.describeNext())
	}
}

func (p *jsonParser) array(pos Pos, depth int) (*Node, error) {
	n := &Node{Kind: Array, Pos: pos}
	p.off++ // '['
	p.skipSpace()
	if p.off < len(p.src) && p.src[p.off] == ']' {
		p.off++
		return n, nil
	}
	for {
		p.skipSpace()
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		n.Items = append(n.Items, v)
		p.skipSpace()
		if p.off < len(p.src) && p.src[p.off] == ',' {
			p.off++
			continue
		}
		if p.off < len(p.src) && p.src[p.off] == ']' {
			p.off++
			return n, nil
		}
		return nil, p.errorf("expected ',' or ']' in list, got %s", p.describeNext())
	}
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
	return &Node{Kind: Number, Pos: pos, Text: string(p.src[start:p.off])}, nil
}

func (p *jsonParser) str() (string, error) {
	p.off++ // opening quote
	var b strings.Builder
	for {
		if p.off >= len(p.src) {
			return "", p.errorf("unterminated string")
		}
		if b.Len() > MaxString {
			return "", p.errorf("string longer than %d bytes: %s", MaxString, stringLimitWhy)
		}
		c := p.src[p.off]
		switch {
		case c == '"':
			p.off++
			return b.String(), nil
		case c == '\\':
			if err := p.escape(&b); err != nil {
				return "", err
			}
		case c < 0x20:
			return "", p.errorf("control character in string (write it as an escape such as \\n)")
		default:
			r, size := utf8.DecodeRune(p.src[p.off:])
			if r == utf8.RuneError && size == 1 {
				return "", p.errorf("invalid UTF-8 in string")
			}
			b.WriteRune(r)
			p.off += size
		}
	}
}

func (p *jsonParser) escape(b *strings.Builder) error {
	if p.off+1 >= len(p.src) {
		return p.errorf("unterminated escape in string")
	}
	c := p.src[p.off+1]
	p.off += 2
	switch c {
	case '"', '\\', '/':
		b.WriteByte(c)
	case 'b':
		b.WriteByte('\b')
	case 'f':
		b.WriteByte('\f')
	case 'n':
		b.WriteByte('\n')
	case 'r':
		b.WriteByte('\r')
	case 't':
		b.WriteByte('\t')
	case 'u':
		r, err := p.hex4()
		if err != nil {
			return err
		}
		b.WriteRune(p.surrogatePair(r))
	default:
		p.off -= 2
		return p.errorf("invalid escape \\%c in string", c)
	}
	return nil
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
