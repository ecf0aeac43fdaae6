package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/sekisho/sekisho/server"
)

const (
	testModel = "testdata/model"
	seedSCP   = "../examples/seeds/000-instance-credentials/scp.json"
	testNow   = "2026-06-01T12:00:00Z"
)

// start serves the test model (or cfg.ModelDir) on a loopback port.
func start(t *testing.T, cfg server.Config) (*server.Server, *httptest.Server) {
	t.Helper()
	if cfg.ModelDir == "" {
		cfg.ModelDir = testModel
	}
	if cfg.Now == nil {
		now, _ := time.Parse(time.RFC3339, testNow)
		cfg.Now = func() time.Time { return now }
	}
	s, err := server.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return s, ts
}

// client is the real AWS SDK IAM client pointed at the test server,
// signing with the given key (dummy credentials when empty) and without
// retries, so that error tests see the first answer.
func client(url, keyID, secret string) *iam.Client {
	if keyID == "" {
		keyID, secret = "AKIDEXAMPLE", "dummy-secret"
	}
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider(keyID, secret, ""),
		Retryer: func() aws.Retryer { return aws.NopRetryer{} }}
	return iam.NewFromConfig(cfg, func(o *iam.Options) { o.BaseEndpoint = aws.String(url) })
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// copyDir copies a model directory, so that a test can change it.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		return os.WriteFile(out, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

func contextWithCancel(t *testing.T) (context.Context, context.CancelFunc) {
	return context.WithCancel(ctx(t))
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// newLoopbackServer serves h on 127.0.0.1 for a benchmark.
func newLoopbackServer(b *testing.B, h http.Handler) string {
	ts := httptest.NewServer(h)
	b.Cleanup(ts.Close)
	return ts.URL
}
