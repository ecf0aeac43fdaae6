package collect_test

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/sekisho/sekisho/collect"
	"github.com/sekisho/sekisho/internal/fakeaws"
)

// baseConfig is the SDK configuration of the management account's
// credentials on the fake.
func baseConfig() aws.Config {
	return aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider(fakeaws.BaseKey, "fake-secret", "")}
}

func options(srv *fakeaws.Server, out string) collect.Options {
	return collect.Options{Out: out, Endpoint: srv.URL, HTTPClient: srv.HTTPClient(), MaxBackoff: 5 * time.Millisecond, Tool: "sekisho test"}
}

// files lists the files of a directory, slash-separated and sorted.
func files(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

func TestSmoke(t *testing.T) {
	w := fakeaws.SampleOrg(3)
	srv := fakeaws.Start(w, fakeaws.Faults{})
	defer srv.Close()
	out := t.TempDir()
	o := options(srv, out)
	o.Org = true
	if err := collect.Run(context.Background(), baseConfig(), o); err != nil {
		t.Fatal(err)
	}
	fs := files(t, out)
	t.Log(strings.Join(fs, "\n"))
	m, _ := os.ReadFile(filepath.Join(out, "manifest.json"))
	t.Log(string(m)[:2000])
}
