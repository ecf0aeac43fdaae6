package load

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/model/synth"
)

// loadBoth loads a model with the documents parsed ahead and parsed in
// place. The tests that call it are not parallel: they switch
// prefetchDocs, which no parallel test runs beside.
func loadBoth(t *testing.T, load func() (*model.Model, error)) (ahead, inPlace *model.Model, errAhead, errInPlace error) {
	t.Helper()
	defer func() { prefetchDocs = true }()
	prefetchDocs = false
	inPlace, errInPlace = load()
	prefetchDocs = true
	ahead, errAhead = load()
	return
}

// TestPrefetchSameModel: the model built from documents parsed ahead, on
// the parsing goroutines, is the model built by parsing each document
// where the builder meets it: every policy with the same name, path,
// kind, statements and positions (native files, AWS CLI output and the
// collected layout, the loaders' testdata).
func TestPrefetchSameModel(t *testing.T) {
	native := synth.Generate(synth.Config{Seed: 5, Accounts: 6, RolesPerAccount: 12})
	cli := synth.GenerateAWSCLI(synth.Config{Seed: 5, Accounts: 4, RolesPerAccount: 12})
	cases := []struct {
		name string
		load func() (*model.Model, error)
	}{
		{"synth native", func() (*model.Model, error) { return LoadFiles(native, Options{}) }},
		{"synth AWS CLI", func() (*model.Model, error) { return LoadFiles(cli, Options{}) }},
		{"testdata/aws", func() (*model.Model, error) { return Load("testdata/aws", Options{}) }},
		{"testdata/collected", func() (*model.Model, error) { return Load("testdata/collected", Options{}) }},
		{"testdata/iamcollect", func() (*model.Model, error) { return Load("testdata/iamcollect", Options{}) }},
	}
	// A YAML alias may make one node two documents, even of two kinds:
	// each is parsed for its place.
	aliased := map[string][]byte{"m/a.yaml": []byte(`
accounts:
  - id: "111111111111"
    roles:
      - name: a
        trust: &t {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: "sts:AssumeRole"}]}
      - name: b
        trust: *t
        inline:
          p: &p {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "s3:*", Resource: "*"}]}
          q: *p
`)}
	cases = append(cases, struct {
		name string
		load func() (*model.Model, error)
	}{"YAML aliases", func() (*model.Model, error) { return LoadFiles(aliased, Options{}) }})
	seeds, _ := filepath.Glob("../../examples/seeds-model/*/model")
	if len(seeds) == 0 {
		t.Fatal("no models under examples/seeds-model")
	}
	for _, dir := range seeds {
		cases = append(cases, struct {
			name string
			load func() (*model.Model, error)
		}{dir, func() (*model.Model, error) { return Load(dir, Options{}) }})
	}
	for _, c := range cases {
		ahead, inPlace, errAhead, errInPlace := loadBoth(t, c.load)
		if errAhead != nil || errInPlace != nil {
			t.Fatalf("%s: %v / %v", c.name, errAhead, errInPlace)
		}
		if !reflect.DeepEqual(ahead, inPlace) {
			t.Errorf("%s: the model built from documents parsed ahead differs from the one parsed in place", c.name)
		}
	}
	// The native reader asks for every document its files hold, so none
	// of them is parsed twice: 12 roles of 6 accounts, each a trust policy
	// and inline policies, and the rest.
	for name, src := range native {
		if !strings.HasPrefix(name, "accounts/") || strings.Contains(name, synth.ManagementAccount) {
			continue
		}
		n, err := node.ParseJSON(src)
		if err != nil {
			t.Fatal(err)
		}
		r := &reader{file: name, pre: prefetch(name, n, nil)}
		if len(r.pre) < 12 {
			t.Fatalf("%s: %d documents parsed ahead, want at least the 12 trust policies", name, len(r.pre))
		}
		b := newBuilder(Options{})
		if err := b.native(r, n); err != nil {
			t.Fatal(err)
		}
		if len(r.pre) != 0 {
			t.Errorf("%s: %d documents parsed ahead and not used", name, len(r.pre))
		}
		break
	}
}

// TestPrefetchErrorsDeterministic: with documents parsed ahead, a model
// whose documents do not parse reports what the serial load reports, on
// every run: each file's first error (which stops the reading of that
// file), sorted, the documents' errors with file, JSON path and line:column.
func TestPrefetchErrorsDeterministic(t *testing.T) {
	dir := t.TempDir()
	trust := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}`
	inline := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}`
	bad := []string{
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Permit", "Action": "s3:*", "Resource": "*"}]}`,                           // bad effect
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}`,          // principal in an identity policy
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::caf\u00e9\u4e2d"}]}`, // a character IAM refuses
		`{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3", "Resource": "*"}}`,                                // malformed action
	}
	for i := range 30 {
		account := fmt.Sprintf("1111111111%02d", i)
		roleTrust, roleInline := trust, inline
		switch i % 5 {
		case 1:
			roleInline = bad[i%len(bad)]
		case 3:
			roleTrust = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole"}]}` // no principal
		case 4:
			roleInline = bad[(i+1)%len(bad)]
			roleTrust = `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny"}]}` // no action, after the bad inline
		}
		src := `{"accounts": [{"id": "` + account + `", "roles": [` +
			`{"name": "ok", "trust": ` + trust + `, "inline": {"p": ` + inline + `}},` +
			`{"name": "r", "inline": {"p": ` + roleInline + `}, "trust": ` + roleTrust + `},` +
			`{"name": "later", "trust": ` + bad[0] + `}]}]}`
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%02d.json", i)), []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	run := func() (*model.Model, error) { return Load(dir, Options{}) }
	_, _, errAhead, errInPlace := loadBoth(t, run)
	if errInPlace == nil || errAhead == nil {
		t.Fatalf("a model with broken documents loaded: %v / %v", errInPlace, errAhead)
	}
	want := errInPlace.Error()
	if got := errAhead.Error(); got != want {
		t.Fatalf("parsed ahead, the load reports\n%s\nparsed in place\n%s", got, want)
	}
	if n := strings.Count(want, "\n") + 1; n != 30 {
		t.Errorf("%d errors, want one per file (30):\n%s", n, want)
	}
	first := filepath.Join(dir, "f00.json") + `:1:`
	if !strings.HasPrefix(want, first) || !strings.Contains(want, "$.accounts[0].roles[2].trust.Statement[0].Effect") {
		t.Errorf("errors do not start with f00.json's, at the document's path:\n%s", want)
	}
	for range 5 {
		if _, err := run(); err == nil || err.Error() != want {
			t.Fatalf("another run reported\n%v\nwant\n%s", err, want)
		}
	}
}

// TestReadBuffersReused: Load reads each file into the bytes of the file
// its goroutine read before (readfile.ReadInto), which is safe only as no
// tree, model or error holds the bytes it was parsed from. The model Load
// builds from a directory is the one LoadFiles builds from the same files
// in memory, each in its own bytes.
func TestReadBuffersReused(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	gen := synth.Generate(synth.Config{Seed: 9, Accounts: 12, RolesPerAccount: 10})
	files := map[string][]byte{}
	for name, src := range gen {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, src, 0o600); err != nil {
			t.Fatal(err)
		}
		files[path] = src
	}
	fromDisk, err := Load(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	inMemory, err := LoadFiles(files, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fromDisk, inMemory) {
		t.Error("the model loaded from disk, through reused read buffers, differs from the model loaded from memory")
	}
}
