package cli

import (
	"encoding/xml"
	"fmt"
	"github.com/sekisho/sekisho/internal/result"
	"io"
	"strings"

	"github.com/sekisho/sekisho/internal/render"
)

func writeTestJSON(w io.Writer, results []result.Outcome) error {
	return render.JSON(w, result.NewTest(results))
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

func writeJUnit(w io.Writer, results []result.Outcome, passed, failed int) error {
	doc := junitOf(results)
	doc.Tests, doc.Failures = passed+failed, failed
	return writeJUnitDoc(w, doc)
}

// junitOf is one testsuite per case file of the results.
func junitOf(results []result.Outcome) junitSuites {
	var doc junitSuites
	index := map[string]int{}
	for _, r := range results {
		if r.Skipped {
			continue
		}
		i, ok := index[r.Case.File]
		if !ok {
			i = len(doc.Suites)
			index[r.Case.File] = i
			doc.Suites = append(doc.Suites, junitSuite{Name: r.Case.File})
		}
		s := &doc.Suites[i]
		tc := junitCase{Name: r.Case.Name, Classname: r.Case.File}
		if !r.Passed {
			var b strings.Builder
			render.Explanation(&b, "", r.Explanation, "")
			tc.Failure = &junitFailure{Message: fmt.Sprintf("expected %s, got %s", r.Case.Expect, r.Got), Type: "decision", Body: b.String()}
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
