package awsref

import (
	"strings"
	"sync"

	"github.com/sekisho/sekisho/internal/wildcard"
)

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
	// An ARN without wildcards or variables (a model's resource) is
	// matched against each format; a pattern is intersected with it.
	literal := !strings.ContainsAny(arn, "*?$")
	var in []wildcard.GlobToken
	if !literal {
		in = compileARNPattern(arn)
	}
	var out []ResourceType
	formats := serviceFormats(s)
	for i, t := range s.ResourceTypes {
		for _, f := range formats[i] {
			if literal && wildcard.MatchGlob(f, arn) || !literal && wildcard.Intersects(f, in) {
				out = append(out, t)
				break
			}
		}
	}
	return out
}

// The byte classes of ARN patterns.
var (
	anyByte     = wildcard.AnyByte
	segmentByte = wildcard.AnyByte.Without(':', '/') // a placeholder's: not across ARN parts or path segments
	nameByte    = wildcard.AnyByte.Without(':')      // a name that ends an ARN: may hold '/'
)

func literal(c byte) wildcard.GlobToken           { return wildcard.GlobToken{Set: wildcard.Byte(c)} }
func anyRun() wildcard.GlobToken                  { return wildcard.GlobToken{Set: anyByte, Repeat: true} }
func oneOf(s wildcard.ByteSet) wildcard.GlobToken { return wildcard.GlobToken{Set: s} }

// compileARNPattern reads a Resource value: "*" and "?" are wildcards, a
// policy variable matches anything, and "${*}", "${?}", "${$}" are the
// escapes for the literal characters.
func compileARNPattern(s string) []wildcard.GlobToken {
	ts := make([]wildcard.GlobToken, 0, len(s)) // a token a byte at most
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '*':
			ts = append(ts, anyRun())
		case c == '?':
			ts = append(ts, oneOf(anyByte))
		case strings.HasPrefix(s[i:], "${"):
			end := strings.IndexByte(s[i:], '}')
			if end < 0 {
				ts = append(ts, literal(c))
				continue
			}
			ts = append(ts, variableToken(s[i+2:i+end]))
			i += end
		default:
			ts = append(ts, literal(c))
		}
	}
	return ts
}

func variableToken(name string) wildcard.GlobToken {
	if len(name) == 1 && strings.Contains("*?$", name) {
		return literal(name[0])
	}
	return anyRun()
}

// formats holds the compiled ARN formats of the reference, by format: an
// organization-wide question asks the types of thousands of ARNs, and
// compiling every format of the service for each was most of its
// allocations. Bounded by the reference's formats.
var formats sync.Map // string -> []wildcard.GlobToken (read only)

// byService holds serviceFormats by service prefix (read only), bounded by
// the reference's services as formats is by its formats.
var byService sync.Map

// serviceFormats returns the compiled ARN formats of each of a service's
// resource types, in their order, compiled once per service.
func serviceFormats(s Service) [][][]wildcard.GlobToken {
	if fs, ok := byService.Load(s.Prefix); ok {
		return fs.([][][]wildcard.GlobToken)
	}
	out := make([][][]wildcard.GlobToken, len(s.ResourceTypes))
	for i, t := range s.ResourceTypes {
		for _, f := range t.ARNFormats {
			out[i] = append(out[i], compiledFormat(f))
		}
	}
	fs, _ := byService.LoadOrStore(s.Prefix, out)
	return fs.([][][]wildcard.GlobToken)
}

func compiledFormat(f string) []wildcard.GlobToken {
	if ts, ok := formats.Load(f); ok {
		return ts.([]wildcard.GlobToken)
	}
	ts, _ := formats.LoadOrStore(f, compileARNFormat(f))
	return ts.([]wildcard.GlobToken)
}

// compileARNFormat reads a reference ARN format: "${Name}" is a placeholder
// of one or more characters (see ResourceTypesForARN), "*" a wildcard.
func compileARNFormat(f string) []wildcard.GlobToken {
	var ts []wildcard.GlobToken
	for i := 0; i < len(f); i++ {
		c := f[i]
		end := -1
		if strings.HasPrefix(f[i:], "${") {
			end = strings.IndexByte(f[i:], '}')
		}
		switch {
		case end > 0:
			class := placeholderClass(f[i+2:i+end], i+end == len(f)-1)
			ts = append(ts, oneOf(class), wildcard.GlobToken{Set: class, Repeat: true})
			i += end
		case c == '*':
			ts = append(ts, anyRun())
		default:
			ts = append(ts, literal(c))
		}
	}
	return ts
}

// placeholderClass is what a placeholder may hold: paths and object keys
// anything; the placeholder that ends a format anything but ':', because
// names there may hold '/' (Secrets Manager "prod/db", ECR "team/app",
// IAM paths; a wrong "not a resource of this action" would make a real
// question bad input, or hide access in a diff), except bucket names,
// which never do (Amazon S3 User Guide, "Bucket naming rules"); any other
// placeholder one ARN segment without '/'.
func placeholderClass(name string, last bool) wildcard.ByteSet {
	switch {
	case strings.HasSuffix(name, "Path"), name == "ObjectName":
		return anyByte
	case last && name != "BucketName":
		return nameByte
	}
	return segmentByte
}
