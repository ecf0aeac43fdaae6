package policy

import (
	"fmt"
	"unicode/utf8"

	"github.com/sekisho/sekisho/internal/node"
)

// StoredByIAM reports whether IAM (or STS, for session policies) stores
// documents of this kind, and so refuses the characters RejectedRune finds.
func (k Kind) StoredByIAM() bool {
	switch k {
	case Identity, Boundary, Session, Trust:
		return true
	}
	return false
}

// RejectedRune returns the first character of s that IAM refuses in a
// policy document: IAM accepts only tab, line feed, carriage return and
// U+0020 to U+00FF (IAM User Guide, "IAM and AWS STS quotas", policy
// character requirements). NUL, other control characters, U+200B and every
// character past Latin-1 are refused; so is invalid UTF-8, read as U+FFFD.
func RejectedRune(s string) (rune, bool) {
	for i := 0; i < len(s); {
		// Every string of every document IAM stores is read here: the
		// characters that need no check are skipped in a tight loop.
		for i < len(s) && printable[s[i]] {
			i++
		}
		if i == len(s) {
			break
		}
		if c := s[i]; c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return rune(c), true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r > 0xFF { // invalid UTF-8 too: utf8.RuneError is U+FFFD
			return r, true
		}
		i += size
	}
	return 0, false
}

// printable holds the bytes that are a character IAM accepts on their
// own: ASCII from the space on.
var printable = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = true
	}
	return t
}()

// RejectedCharacter finds the first string or member name of a document
// holding a character IAM refuses, and says where it is. The JSON path is
// built only when there is one: a document is scanned without it first.
func RejectedCharacter(n *node.Node, path node.Path) *node.Error {
	if !holdsRejected(n) {
		return nil
	}
	return rejectedAt(n, path)
}

func holdsRejected(n *node.Node) bool {
	if n.PrintableASCII() {
		return false // known when it was read: U+0020 to U+007F only, keys and values
	}
	switch n.Kind {
	case node.String:
		_, ok := RejectedRune(n.Text)
		return ok
	case node.Array:
		for _, it := range n.Items {
			if holdsRejected(it) {
				return true
			}
		}
	case node.Object:
		for _, f := range n.Fields {
			if _, ok := RejectedRune(f.Key); ok || holdsRejected(f.Value) {
				return true
			}
		}
	}
	return false
}

func rejectedAt(n *node.Node, path node.Path) *node.Error {
	switch n.Kind {
	case node.String:
		if r, ok := RejectedRune(n.Text); ok {
			return rejected(n.Pos, path, r)
		}
	case node.Array:
		for i, it := range n.Items {
			if e := rejectedAt(it, path.Index(i)); e != nil {
				return e
			}
		}
	case node.Object:
		for _, f := range n.Fields {
			if r, ok := RejectedRune(f.Key); ok {
				return rejected(f.KeyPos, path.Key(f.Key), r)
			}
			if e := rejectedAt(f.Value, path.Key(f.Key)); e != nil {
				return e
			}
		}
	}
	return nil
}

func rejected(pos node.Pos, path node.Path, r rune) *node.Error {
	return &node.Error{Path: path, Pos: pos, Msg: fmt.Sprintf("%q (U+%04X) is not allowed in an IAM policy, which may hold only tab, line feed, carriage return and characters U+0020 to U+00FF", r, r)}
}
