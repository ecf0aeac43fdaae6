// Package render writes Sekisho's answers for people and programs: the
// one JSON encoder (indented, as every --format json and the server's
// JSON API write it), and the text of explanations and witnesses, shared
// by the command line and the server so that they cannot drift apart.
//
// Usage:
//
//	render.JSON(w, v)                          // indented JSON, one value
//	render.Explanation(w, "case name", exp, "Allow")
//	render.Witness(wit)                        // one line: what decided it
package render
