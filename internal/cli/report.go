package cli

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/sekisho/sekisho/internal/render"
)

// testJSON is the JSON report of `sekisho test --format json`.
type testJSON struct {
	Passed int            `json:"passed"`
	Failed int            `json:"failed"`
	Cases  []testCaseJSON `json:"cases"`
}

type testCaseJSON struct {
	Name        string `json:"name"`
	File        string `json:"file"`
	Line        int    `json:"line,omitempty"`
	Expect      string `json:"expect"`
	Decision    string `json:"decision"`
	Passed      bool   `json:"passed"`
	Explanation any    `json:"explanation,omitempty"`
}

func writeTestJSON(w io.Writer, results []caseResult, passed, failed int) error {
	out := testJSON{Passed: passed, Failed: failed, Cases: []testCaseJSON{}}
	for _, r := range results {
		if r.skipped {
			continue
		}
		tc := testCaseJSON{Name: r.c.Name, File: r.c.File, Line: r.c.Pos.Line, Expect: r.c.Expect.String(), Decision: r.got.String(), Passed: r.passed}
		if !r.passed {
			tc.Explanation = r.exp
		}
		out.Cases = append(out.Cases, tc)
	}
	return render.JSON(w, out)
}

// JUnit XML, as CI systems read it (one testsuite per case file).
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",chardata"`
}

func writeJUnit(w io.Writer, results []caseResult, passed, failed int) error {
	doc := junitOf(results)
	doc.Tests, doc.Failures = passed+failed, failed
	return writeJUnitDoc(w, doc)
}

// junitOf is one testsuite per case file of the results.
func junitOf(results []caseResult) junitSuites {
	var doc junitSuites
	index := map[string]int{}
	for _, r := range results {
		if r.skipped {
			continue
		}
		i, ok := index[r.c.File]
		if !ok {
			i = len(doc.Suites)
			index[r.c.File] = i
			doc.Suites = append(doc.Suites, junitSuite{Name: r.c.File})
		}
		s := &doc.Suites[i]
		tc := junitCase{Name: r.c.Name, Classname: r.c.File}
		if !r.passed {
			var b strings.Builder
			render.Explanation(&b, "", r.exp, "")
			tc.Failure = &junitFailure{Message: fmt.Sprintf("expected %s, got %s", r.c.Expect, r.got), Type: "decision", Body: b.String()}
			s.Failures++
			doc.Failures++
		}
		s.Tests++
		doc.Tests++
		s.Cases = append(s.Cases, tc)
	}
	return doc
}

func writeJUnitDoc(w io.Writer, doc junitSuites) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// indent returns a writer that indents every line by four spaces.
func indent(w io.Writer) io.Writer { return &indenter{w: w, bol: true} }

type indenter struct {
	w   io.Writer
	bol bool
}

func (i *indenter) Write(p []byte) (int, error) {
	for _, c := range p {
		if i.bol {
			if _, err := io.WriteString(i.w, "    "); err != nil {
				return 0, err
			}
		}
		if _, err := i.w.Write([]byte{c}); err != nil {
			return 0, err
		}
		i.bol = c == '\n'
	}
	return len(p), nil
}
