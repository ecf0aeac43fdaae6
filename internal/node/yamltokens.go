package node

import (
	"fmt"

	"github.com/sekisho/sekisho/internal/errcode"
)

// MaxYAMLTokens bounds the tokens of a YAML file, counted by a scan of its
// bytes before yaml.v3 reads it: yaml.v3 builds its whole tree of a
// stream's document before a value can be counted (about 390 bytes
// allocated a value), so the value bound of the file's kind
// (readfile.Limit.Values) alone let 4 MiB of one-letter values, 2 million
// of them, cost 9 s of CPU and 630 MiB before any answer. A token is a
// flow indicator ([ ] { } ,) or the start of a word (bytes between white
// space and flow indicators): every value of the tree starts at a token
// or is an empty value next to one (a mapping with its first key, "a:"'s
// null), so a file of t tokens holds at most about 3t values before its
// aliases are expanded (bounded apart, MaxAliasNodes). Comments and the
// words of block scalars count too: the scan does not tell them apart, it
// only has to be cheap and never count less. 262,144 is a token per 16
// bytes of MaxYAMLBytes, the density of the value bounds of every kind of
// file (docs/model.md, "Limits of a model file"); the largest YAML file of
// this repository (testdata/cases/evaluation/scp/scp.yaml, 21 KB) holds
// 2,543.
const MaxYAMLTokens = 1 << 18

// maxYAMLTokens is MaxYAMLTokens, smaller in tests.
var maxYAMLTokens = MaxYAMLTokens

// yamlTooManyTokens refuses a YAML source of more than maxYAMLTokens
// tokens, at the first token past the bound.
func yamlTooManyTokens(src []byte) error {
	if n, pos := yamlTokens(src, maxYAMLTokens); n > maxYAMLTokens {
		return &Error{Pos: pos, Code: errcode.Refused,
			Msg: fmt.Sprintf("more than %d YAML tokens (values, keys, indicators, words of comments and text), over the YAML limit of %d tokens: split it into several files, or write it as JSON", maxYAMLTokens, maxYAMLTokens)}
	}
	return nil
}

// yamlTokens counts the tokens of src, stopping at the one past max, and
// returns the count and the position of the last token counted.
func yamlTokens(src []byte, max int) (tokens int, pos Pos) {
	line, col := 1, 0
	prevSep := true // the previous byte ends a word: start, space or indicator
	for _, c := range src {
		col++
		switch c {
		case '\n':
			line, col, prevSep = line+1, 0, true
			continue
		case ' ', '\t', '\r':
			prevSep = true
			continue
		case '[', ']', '{', '}', ',':
			prevSep = true
		default:
			if c&0xC0 == 0x80 { // a UTF-8 continuation byte: the same column
				col--
			}
			if !prevSep {
				continue
			}
			prevSep = false
		}
		if tokens++; tokens > max {
			return tokens, Pos{Line: line, Col: col}
		}
	}
	return tokens, Pos{Line: line, Col: col}
}
