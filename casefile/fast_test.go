package casefile_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/casefile"
	"github.com/sekisho/sekisho/internal/benchcases"
	"github.com/sekisho/sekisho/internal/errcode"
)

// read is what reading src one case at a time gives, with the fast
// reader on or off: Each's and EachConcurrent's cases and errors.
type read struct {
	each, conc       []*casefile.Case
	eachErr, concErr string
}

func readAll(src []byte, file string, fast bool) read {
	old := casefile.SetScanCases(fast)
	defer casefile.SetScanCases(old)
	var r read
	r.eachErr = describe(casefile.Each(src, file, func(c *casefile.Case) error {
		r.each = append(r.each, c)
		return nil
	}))
	r.concErr = describe(casefile.EachConcurrent(src, file, 2, func(c *casefile.Case) (*casefile.Case, error) { return c, nil },
		func(_ *casefile.Case, c *casefile.Case) error {
			r.conc = append(r.conc, c)
			return nil
		}))
	return r
}

// describe is an error's message and code, which the CLI prints.
func describe(err error) string {
	if err == nil {
		return ""
	}
	var c errcode.Coder
	if errors.As(err, &c) {
		return fmt.Sprintf("%s [%s]", err, c.ErrorCode())
	}
	return err.Error()
}

// compareReaders fails unless the fast reader gives what the tree's
// reading gives: the same cases, field for field, and the same errors.
func compareReaders(t *testing.T, src []byte, file string) {
	t.Helper()
	fast, slow := readAll(src, file, true), readAll(src, file, false)
	if fast.eachErr != slow.eachErr || fast.concErr != slow.concErr {
		t.Fatalf("%s: errors differ:\nfast: %s | %s\ntree: %s | %s", file, fast.eachErr, fast.concErr, slow.eachErr, slow.concErr)
	}
	for i := range max(len(fast.each), len(slow.each)) {
		if i >= len(fast.each) || i >= len(slow.each) || !reflect.DeepEqual(fast.each[i], slow.each[i]) {
			t.Fatalf("%s: case %d differs (fast %d cases, tree %d)", file, i, len(fast.each), len(slow.each))
		}
	}
	if !reflect.DeepEqual(fast.conc, slow.conc) {
		t.Fatalf("%s: EachConcurrent's cases differ (fast %d, tree %d)", file, len(fast.conc), len(slow.conc))
	}
}

// The fast reader of case lists reads every JSON file of the
// repository's test data, case files and others, as the tree's reading
// does, and the benchmark's random cases, passing and failing.
func TestFastReaderSameCases(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..")
	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == ".git") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".json") && strings.Contains(filepath.ToSlash(path), "testdata/") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, failEvery := range []int{0, 7} {
		f, err := benchcases.Write(dir, fmt.Sprintf("random-%d.json", failEvery), 3, 500, failEvery)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	lists := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if len(src) > 4<<20 {
			continue
		}
		if strings.HasPrefix(strings.TrimSpace(string(src)), "[") {
			lists++
		}
		compareReaders(t, src, f)
	}
	if lists < 10 {
		t.Fatalf("only %d JSON lists among %d files: the test reads too little", lists, len(files))
	}
}

// FuzzFastReader: on any input the fast reader of case lists gives the
// cases and the errors of the tree's reading (seeds in
// testdata/fuzz/FuzzFastReader: the cases the fast reader takes, and
// near misses it must leave to the tree).
func FuzzFastReader(f *testing.F) {
	ok := `{"name":"a","expect":"Allow","request":{"principal":"arn:aws:iam::111111111111:user/a","action":"s3:GetObject","resource":"arn:aws:s3:::b/k","context":{"aws:SourceIp":"10.0.0.1","aws:TagKeys":["a","b"],"aws:SecureTransport":"true"}},` +
		`"policies":{"identity":[{"Statement":[{"Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":"arn:aws:s3:::b/${aws:username}","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"},"StringLike":{"s3:prefix":["home/*",""]}}}],"Version":"2012-10-17"}],` +
		`"scp":[["full.json"],[{"Statement":{"Effect":"Deny","NotAction":"iam:*","NotResource":"*"}}]],"resource":{"Id":"r","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111111111111:root","*"]},"Action":"*","Resource":"*"}]}}}`
	for _, s := range []string{
		"[" + ok + "]",
		"[" + ok + "," + strings.Replace(ok, `"name":"a"`, `"name":"b"`, 1) + "]",
		"[" + ok + "," + ok + "]", // duplicate name
		"[" + ok + ",]",
		"[" + ok + "] x",
		"[" + strings.Replace(ok, `"Version":"2012-10-17"`, `"Version":"2012-10-17","Version":"2012-10-17"`, 1) + "]",
		"[" + strings.Replace(ok, `"10.0.0.0/8"`, `"10.0.0.0/33"`, 1) + "]",
		"[" + strings.Replace(ok, `"s3:GetObject"`, `"s3:Get\u00e9"`, 1) + "]",
		"[" + strings.Replace(ok, `"Id":"r"`, `"Id":""`, 1) + "]",
		"[\n " + strings.ReplaceAll(ok, ",", ",\n\t") + "\n]\n",
		`[{"name":"é","request":{"action":"s3:GetObject"}},` + ok + `,{"name":"c","request":{"action":"s3:GetObject","principal":5}}]`,
		"[]", " [ ] ", "[", "[{}]", "{}",
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "full.json"), []byte(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`), 0o644); err != nil {
		f.Fatal(err)
	}
	file := filepath.Join(dir, "fuzz.json")
	f.Fuzz(func(t *testing.T, src []byte) {
		compareReaders(t, src, file)
	})
}

// The fast reader makes its cases' values from shared arrays
// (internal/slab), each slice without room past its end: appending to
// every slice of every case read must leave every other case as the
// tree's reading gives it.
func TestFastReaderCasesOwnTheirSlices(t *testing.T) {
	t.Parallel()
	file, err := benchcases.Write(t.TempDir(), "random.json", 5, 400, 7)
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	fast, slow := readAll(src, file, true), readAll(src, file, false)
	if fast.eachErr != "" || len(fast.each) != 400 {
		t.Fatalf("read %d cases, error %q", len(fast.each), fast.eachErr)
	}
	seen := map[uintptr]bool{}
	for _, c := range fast.each {
		appendEverywhere(reflect.ValueOf(c), seen)
	}
	for i := range fast.each {
		if !reflect.DeepEqual(fast.each[i], slow.each[i]) {
			t.Fatalf("case %d changed by appending to the slices of others", i)
		}
	}
}

// appendEverywhere appends a value to every slice reachable from v
// through exported fields, pointers, slices and maps, dropping the
// result: what it writes lands past each slice's end, in the slice's own
// array if it has room.
func appendEverywhere(v reflect.Value, seen map[uintptr]bool) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return
		}
		seen[v.Pointer()] = true
		appendEverywhere(v.Elem(), seen)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				appendEverywhere(v.Field(i), seen)
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			appendEverywhere(it.Value(), seen)
		}
	case reflect.Slice:
		for i := range v.Len() {
			appendEverywhere(v.Index(i), seen)
		}
		poison := reflect.New(v.Type().Elem()).Elem()
		if poison.Kind() == reflect.String {
			poison.SetString("poison")
		}
		_ = reflect.Append(v, poison)
	}
}

// The fast reader remembers the context values it found valid: a value
// of the same key that is not valid, after valid ones, is still refused,
// with the tree's error.
func TestFastReaderChecksEveryContextValue(t *testing.T) {
	t.Parallel()
	item := func(name, ctx string) string {
		return `{"name":"` + name + `","request":{"action":"s3:GetObject","context":{` + ctx + `}}}`
	}
	for _, bad := range []string{
		`"aws:SourceIp":"10.0.0.300"`,
		`"aws:SourceIp":["10.0.0.1","x"]`,
		`"aws:SecureTransport":"yes"`,
		`"aws:SourceIp":"10.0.0.1","aws:EpochTime":"soon"`,
	} {
		src := "[" + item("a", `"aws:SourceIp":"10.0.0.1","aws:SecureTransport":"true","aws:EpochTime":"1"`) + "," +
			item("b", `"aws:SourceIp":["10.0.0.1"]`) + "," + item("c", bad) + "]"
		compareReaders(t, []byte(src), "ctx.json")
		if got := readAll([]byte(src), "ctx.json", true); got.eachErr == "" || len(got.each) != 2 {
			t.Errorf("%s: read %d cases, error %q; want 2 and an error", bad, len(got.each), got.eachErr)
		}
	}
}

// The fast reader reads a document's statements straight into shared
// memory (slab.Slab.Room): a document it gives up on part way (an escape
// in its second statement, which the tree's reading takes) must leave
// nothing of its first statement there for the next document's.
func TestFastReaderGivesUpCleanly(t *testing.T) {
	t.Parallel()
	good := `{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}`
	plain := `{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}`
	item := func(name, statements string) string {
		return `{"name":"` + name + `","request":{"action":"s3:GetObject"},"policies":{"identity":[{"Version":"2012-10-17","Statement":[` + statements + `]}]}}`
	}
	for _, bad := range []string{
		`{"Sid":"\u0041","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}`,
		`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"},"StringEquals":{"k":"\u00e9"}}}`,
	} {
		// e's one statement is not in a list: read alone (slab.Slab.New).
		e := func(name string) string { return strings.Replace(item(name, plain), `[`+plain+`]`, plain, 1) }
		src := "[" + item("a", good+","+good+","+good+","+good+","+bad) + "," + item("b", plain+","+plain) + "," +
			item("c", good+","+bad) + "," + e("e") + "," + item("d", good+","+good+","+bad) + "," + e("f") + "]"
		compareReaders(t, []byte(src), "room.json")
		if got := readAll([]byte(src), "room.json", true); got.eachErr != "" || len(got.each) != 6 {
			t.Fatalf("read %d cases, error %q; want 6", len(got.each), got.eachErr)
		}
	}
}

// The fast reader shares the one-value template lists of values without
// a variable between statements and conditions (policy.Scanner): a
// value with a variable, whose template is written once the Version is
// known, must not be shared, or a 2008-10-17 document (variables off)
// would read the template of a 2012-10-17 one, or the other way round.
func TestFastReaderSharesOnlyLiterals(t *testing.T) {
	t.Parallel()
	statement := func(resource, value string) string {
		return `{"Effect":"Allow","Action":"s3:GetObject","Resource":"` + resource +
			`","Condition":{"StringLike":{"s3:prefix":"` + value + `"}}}`
	}
	item := func(name, version, statements string) string {
		return `{"name":"` + name + `","request":{"action":"s3:GetObject"},"policies":{"identity":[{"Version":"` +
			version + `","Statement":[` + statements + `]}]}}`
	}
	withVar, literal := "arn:aws:s3:::b/${aws:username}", "arn:aws:s3:::b/x"
	tests := []struct{ name, src string }{
		{"variable, then without", "[" + item("a", "2012-10-17", statement(withVar, "${aws:username}/*")) + "," +
			item("b", "2008-10-17", statement(withVar, "${aws:username}/*")) + "]"},
		{"without, then variable", "[" + item("a", "2008-10-17", statement(withVar, "${aws:username}/*")) + "," +
			item("b", "2012-10-17", statement(withVar, "${aws:username}/*")) + "]"},
		{"literal as resource and value", "[" + item("a", "2012-10-17", statement(literal, literal)+","+statement(literal, "home/")) + "," +
			item("b", "2008-10-17", statement(literal, literal)) + "]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			compareReaders(t, []byte(tt.src), "literals.json")
		})
	}
	// The sharing itself, which is the point: the literal's list is one.
	got := readAll([]byte(tests[2].src), "literals.json", true)
	if got.eachErr != "" || len(got.each) != 2 {
		t.Fatalf("read %d cases, error %q; want 2", len(got.each), got.eachErr)
	}
	first := got.each[0].Policies.Identity[0].Statements[0].Resources
	last := got.each[1].Policies.Identity[0].Statements[0].Resources
	if &first[0] != &last[0] {
		t.Errorf("the resource %q is read into two lists; want one shared", literal)
	}
}
