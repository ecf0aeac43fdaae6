package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/sekisho/sekisho/model/load"
	"github.com/sekisho/sekisho/server"
)

func init() { register(newServeCommand) }

type serveParams struct {
	dir, awsManaged string
	listen          string
	token           string
	tokenFile       string
	accessKey       string
	secretKey       string
	watch           time.Duration
	cfg             server.Config
}

// Environment variables for the SigV4 key pair, so that the secret need
// not be on the command line.
const (
	envServeAccessKey = "SEKISHO_SERVE_ACCESS_KEY_ID"
	envServeSecretKey = "SEKISHO_SERVE_SECRET_ACCESS_KEY"
)

func newServeCommand(env *environment) *cobra.Command {
	var p serveParams
	cmd := &cobra.Command{
		Use:   "serve --model DIR [--listen 127.0.0.1:8080] [--token T | --token-file F]",
		Short: "Serve the IAM policy simulator API, a JSON API and a web UI over a model, offline",
		Long: `Serve one organization model over HTTP (docs/serve.md):

  POST /            the IAM Query API's SimulateCustomPolicy and
                    SimulatePrincipalPolicy (aws iam simulate-custom-policy
                    --endpoint-url http://127.0.0.1:8080 works unchanged)
  /api/v1/...       a JSON API whose answers are the CLI's --format json
  /                 the web UI: policy playground and organization explorer
  /healthz          liveness; /metrics Prometheus text format

Read-only: nothing is written to AWS or to the model directory. The server
listens on 127.0.0.1 unless told otherwise; any other address needs
--token (or --token-file) or a SigV4 key pair. SIGHUP, or --watch, reloads
the model: the old model serves until the new one has loaded, and a model
that fails to load is logged and ignored. SIGINT or SIGTERM stop accepting
and let the requests in flight finish.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := p.validate(); err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			defer setServeGC()()
			return runServe(ctx, p, env.stderr, nil)
		},
	}
	f := cmd.Flags()
	f.StringVar(&p.dir, "model", "", "organization model: a directory (or file) of model files (docs/model.md)")
	f.StringVar(&p.awsManaged, "aws-managed-policies", "", "directory of AWS managed policy documents, read on demand")
	f.StringVar(&p.listen, "listen", "127.0.0.1:8080", "address to listen on, HOST:PORT")
	f.StringVar(&p.token, "token", "", "require \"Authorization: Bearer TOKEN\" on API requests")
	f.StringVar(&p.tokenFile, "token-file", "", "read the token from this file (first line)")
	f.StringVar(&p.accessKey, "access-key-id", "", "verify SigV4 signatures made with this access key id (or $"+envServeAccessKey+")")
	f.StringVar(&p.secretKey, "secret-access-key", "", "the secret of --access-key-id (or $"+envServeSecretKey+")")
	f.DurationVar(&p.watch, "watch", 0, "reload the model when its files change, checking this often (e.g. 2s; 0: only on SIGHUP)")
	f.IntVar(&p.cfg.MaxInFlight, "max-in-flight", 0, "requests evaluated at once (default 4 per CPU)")
	f.IntVar(&p.cfg.MaxQueue, "max-queue", 256, "requests waiting for a slot before 429")
	f.DurationVar(&p.cfg.QueueWait, "queue-wait", 2*time.Second, "longest wait for a slot before 503")
	f.DurationVar(&p.cfg.RequestTimeout, "request-timeout", 30*time.Second, "longest time for one request before 503")
	f.Int64Var(&p.cfg.MaxBodyBytes, "max-body", 4<<20, "largest request body in bytes (413 above)")
	return cmd
}

func (p *serveParams) validate() error {
	if p.dir == "" {
		return badInput(fmt.Errorf("--model DIR is required"))
	}
	if p.token != "" && p.tokenFile != "" {
		return badInput(fmt.Errorf("give --token or --token-file, not both"))
	}
	if p.tokenFile != "" {
		b, err := os.ReadFile(p.tokenFile)
		if err != nil {
			return badInput(fmt.Errorf("--token-file: %w", err))
		}
		p.token, _, _ = strings.Cut(strings.TrimSpace(string(b)), "\n")
		if p.token == "" {
			return badInput(fmt.Errorf("--token-file %s is empty", p.tokenFile))
		}
	}
	if p.accessKey == "" {
		p.accessKey = os.Getenv(envServeAccessKey)
	}
	if p.secretKey == "" {
		p.secretKey = os.Getenv(envServeSecretKey)
	}
	if (p.accessKey == "") != (p.secretKey == "") {
		return badInput(fmt.Errorf("--access-key-id and --secret-access-key go together"))
	}
	if p.accessKey != "" {
		p.cfg.Keys = map[string]string{p.accessKey: p.secretKey}
	}
	loopback, err := isLoopback(p.listen)
	if err != nil {
		return badInput(err)
	}
	if !loopback && p.token == "" && p.accessKey == "" {
		return badInput(fmt.Errorf("--listen %s is not a loopback address: give --token, --token-file or a SigV4 key pair so that the model is not open to the network", p.listen))
	}
	if p.watch < 0 {
		return badInput(fmt.Errorf("--watch must be a positive duration such as 2s"))
	}
	p.cfg.Token = p.token
	return nil
}

// isLoopback reports whether a listen address binds only to loopback.
func isLoopback(listen string) (bool, error) {
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		return false, fmt.Errorf("--listen %q: expected HOST:PORT, such as 127.0.0.1:8080", listen)
	}
	if host == "localhost" {
		return true, nil
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return false, nil // a host name: it may resolve to anything
	}
	return addr.IsLoopback(), nil
}

// logFlushInterval is the longest a log line waits in the buffer.
const logFlushInterval = 100 * time.Millisecond

// runServe serves until ctx is done. ready, when not nil, is called with
// the address once the server listens (tests listen on port 0).
func runServe(ctx context.Context, p serveParams, stderr io.Writer, ready func(addr string)) error {
	logs := newLogBuffer(stderr, logFlushInterval)
	defer logs.Close()
	logger := slog.New(slog.NewJSONHandler(logs, nil))
	p.cfg.ModelDir = p.dir
	p.cfg.ModelOptions = load.Options{AWSManagedDir: p.awsManaged}
	p.cfg.Logger = logger
	s, err := server.New(p.cfg)
	if err != nil {
		return badInput(err)
	}
	ln, err := net.Listen("tcp", p.listen)
	if err != nil {
		return badInput(fmt.Errorf("--listen: %w", err))
	}
	addr := ln.Addr().String()
	logger.Info("serving", "address", "http://"+addr, "model", p.dir, "generation", s.Generation(),
		"token", p.token != "", "sigv4", p.accessKey != "")
	_ = logs.Flush() // whoever waits for the server to listen reads this line now
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				_ = s.Reload() // a failed reload is logged and the old model keeps serving
			}
		}
	}()
	if p.watch > 0 {
		go s.Watch(ctx, p.watch)
	}
	if ready != nil {
		ready(addr)
	}
	err = s.Serve(ctx, ln)
	logger.Info("stopped", "address", "http://"+addr)
	return err
}
