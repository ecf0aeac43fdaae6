package server

import (
	"errors"
	"net/url"
	"slices"
	"strings"
)

// form is a Query API request's parameters: name and value pairs sorted
// by name, a name given twice keeping the order it came in. The lists of
// the Query API (NAME.member.N, ContextEntries.member.N.FIELD) are then
// runs of neighbouring names, read with one binary search each instead of
// a pass over every parameter per list; a url.Values and the map of each
// list cost more than the simulation they feed.
type form []param

type param struct{ name, value string }

// maxFormParams bounds the parameters of one request, as url.ParseQuery
// does by default (net/url, defaultMaxParams).
const maxFormParams = 10000

var errTooManyParams = errors.New("number of URL query parameters exceeded limit")

// appendQuery adds the parameters of a form-encoded string to f as
// url.ParseQuery reads them: "&" separates, a semicolon is an error, a
// name without "=" has the empty value, every name and value is
// unescaped. The first error is returned after every valid pair is added.
// f is not sorted: sorted does that once every source is in.
func appendQuery(f form, query string) (form, error) {
	if strings.Count(query, "&")+1 > maxFormParams {
		return f, errTooManyParams
	}
	var err error
	for query != "" {
		var pair string
		pair, query, _ = strings.Cut(query, "&")
		if strings.Contains(pair, ";") {
			err = errors.New("invalid semicolon separator in query")
			continue
		}
		if pair == "" {
			continue
		}
		name, value, _ := strings.Cut(pair, "=")
		name, err1 := url.QueryUnescape(name)
		if err1 == nil {
			value, err1 = url.QueryUnescape(value)
		}
		if err1 != nil {
			if err == nil {
				err = err1
			}
			continue
		}
		f = append(f, param{name, value})
	}
	return f, err
}

// sorted sorts f by name, keeping the order of a name's values.
func (f form) sorted() form {
	slices.SortStableFunc(f, func(a, b param) int { return strings.Compare(a.name, b.name) })
	return f
}

// formOf is a url.Values as a form (a body that was not held).
func formOf(v url.Values) form {
	f := make(form, 0, len(v))
	for name, values := range v {
		for _, value := range values {
			f = append(f, param{name, value})
		}
	}
	return f.sorted()
}

// get is the first value of the parameter, "" without one (url.Values.Get).
func (f form) get(name string) string {
	i, ok := slices.BinarySearchFunc(f, name, func(p param, name string) int { return strings.Compare(p.name, name) })
	if !ok {
		return ""
	}
	return f[i].value
}

// prefixed is the run of parameters whose names start with prefix.
func (f form) prefixed(prefix string) form {
	i, _ := slices.BinarySearchFunc(f, prefix, func(p param, prefix string) int { return strings.Compare(p.name, prefix) })
	j := i
	for j < len(f) && strings.HasPrefix(f[j].name, prefix) {
		j++
	}
	return f[i:j]
}
