package awsref

import "strings"

// ResourceTypesForARN returns the resource types of a service whose ARN
// format an ARN could match. The ARN may be a policy's Resource value with
// "*" and "?" wildcards and policy variables ("${aws:username}", which can
// take any value): the answer is every type some concrete ARN matching both
// could belong to. So "arn:aws:s3:::bucket/*" is an object,
// "arn:aws:s3:::bucket" a bucket, and "arn:aws:s3:::*" either.
//
// Limits: the reference gives a format, not a grammar. A placeholder such
// as ${BucketName} matches one or more characters other than ':' and '/',
// except placeholders named *Path or ObjectName, which match anything (a
// role's path, an object key). Comparison is case-sensitive, as for ARNs in
// policies.
func ResourceTypesForARN(service, arn string) []ResourceType {
	s, ok := LookupService(service)
	if !ok {
		return nil
	}
	in := compileARNPattern(arn)
	var out []ResourceType
	for _, t := range s.ResourceTypes {
		for _, f := range t.ARNFormats {
			if intersects(compileARNFormat(f), in) {
				out = append(out, t)
				break
			}
		}
	}
	return out
}

// globToken is one step of an ARN pattern: a literal byte, or a byte of a
// class, optionally repeated zero or more times.
type globToken struct {
	lit    byte
	class  charClass
	repeat bool // zero or more, like "*"
}

type charClass uint8

const (
	classLiteral charClass = iota // only lit
	classAny                      // any byte
	classSegment                  // any byte but ':' and '/'
)

func (t globToken) allows(c byte) bool {
	switch t.class {
	case classAny:
		return true
	case classSegment:
		return c != ':' && c != '/'
	}
	return c == t.lit
}

// compileARNPattern reads a Resource value: "*" and "?" are wildcards, a
// policy variable matches anything, and "${*}", "${?}", "${$}" are the
// escapes for the literal characters.
func compileARNPattern(s string) []globToken {
	var ts []globToken
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '*':
			ts = append(ts, globToken{class: classAny, repeat: true})
		case c == '?':
			ts = append(ts, globToken{class: classAny})
		case strings.HasPrefix(s[i:], "${"):
			end := strings.IndexByte(s[i:], '}')
			if end < 0 {
				ts = append(ts, globToken{lit: c})
				continue
			}
			ts = append(ts, variableToken(s[i+2:i+end]))
			i += end
		default:
			ts = append(ts, globToken{lit: c})
		}
	}
	return ts
}

func variableToken(name string) globToken {
	if len(name) == 1 && strings.Contains("*?$", name) {
		return globToken{lit: name[0]}
	}
	return globToken{class: classAny, repeat: true}
}

// compileARNFormat reads a reference ARN format: "${Name}" is a placeholder
// of one or more characters (see ResourceTypesForARN), "*" a wildcard.
func compileARNFormat(f string) []globToken {
	var ts []globToken
	for i := 0; i < len(f); i++ {
		c := f[i]
		end := -1
		if strings.HasPrefix(f[i:], "${") {
			end = strings.IndexByte(f[i:], '}')
		}
		switch {
		case end > 0:
			class := placeholderClass(f[i+2 : i+end])
			ts = append(ts, globToken{class: class}, globToken{class: class, repeat: true})
			i += end
		case c == '*':
			ts = append(ts, globToken{class: classAny, repeat: true})
		default:
			ts = append(ts, globToken{lit: c})
		}
	}
	return ts
}

func placeholderClass(name string) charClass {
	if strings.HasSuffix(name, "Path") || name == "ObjectName" {
		return classAny
	}
	return classSegment
}

// compatible reports whether some byte satisfies both tokens. The classes
// all contain letters, so two classes always share one.
func compatible(a, b globToken) bool {
	switch {
	case a.class == classLiteral:
		return b.allows(a.lit)
	case b.class == classLiteral:
		return a.allows(b.lit)
	}
	return true
}

// intersects reports whether some string matches both token sequences: a
// search over pairs of positions, the product of the two automata.
func intersects(a, b []globToken) bool {
	w := len(b) + 1
	seen := make([]bool, (len(a)+1)*w)
	var visit func(i, j int) bool
	visit = func(i, j int) bool {
		if seen[i*w+j] {
			return false
		}
		seen[i*w+j] = true
		if i == len(a) && j == len(b) {
			return true
		}
		if i < len(a) && a[i].repeat && visit(i+1, j) {
			return true
		}
		if j < len(b) && b[j].repeat && visit(i, j+1) {
			return true
		}
		if i == len(a) || j == len(b) || !compatible(a[i], b[j]) {
			return false
		}
		ni, nj := advance(a, i), advance(b, j)
		return (ni != i || nj != j) && visit(ni, nj)
	}
	return visit(0, 0)
}

// advance is the position after consuming one byte at token i: a repeated
// token may consume more, so it stays.
func advance(ts []globToken, i int) int {
	if ts[i].repeat {
		return i
	}
	return i + 1
}
