package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/sekisho/sekisho/collect"
	"github.com/sekisho/sekisho/internal/shard"
)

func init() { register(newCollectCommand) }

type collectFlags struct {
	out, roleName, accounts, regions, shard, profile string
	org, resume, printPolicy, jsonLog                bool
	concurrency                                      int
}

func newCollectCommand(env *environment) *cobra.Command {
	var f collectFlags
	cmd := &cobra.Command{
		Use:   "collect --out DIR",
		Short: "Collect an account or a whole organization from AWS into AWS CLI output shapes",
		Long: `Collect reads IAM, Organizations, S3 and EC2 (docs/collect.md says which services) with
read-only calls and writes one file per call and account/Region under DIR, as the AWS CLI prints
them, with DIR/manifest.json saying what was collected, denied and failed. Credentials and Region
are resolved as the AWS CLI resolves them (--profile, environment, SSO). The model reads DIR:
sekisho whocan --model DIR ...

Exit codes: 0 everything collected; 3 some calls were denied or failed (listed in the manifest);
1 the collection could not run or was interrupted (--resume completes it); 2 bad flags.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCollect(cmd.Context(), env, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.out, "out", "", "the output directory")
	fl.BoolVar(&f.org, "org", false, "collect the organization and every ACTIVE member account (from the management account or a delegated administrator)")
	fl.StringVar(&f.roleName, "role-name", collect.DefaultRoleName, "the role assumed in the other accounts")
	fl.StringVar(&f.accounts, "accounts", "", "only these accounts (comma-separated ids)")
	fl.StringVar(&f.regions, "regions", "", "only these Regions (comma-separated; default each account's enabled Regions)")
	fl.BoolVar(&f.resume, "resume", false, "make only the calls that DIR/manifest.json does not list as done")
	fl.BoolVar(&f.printPolicy, "print-policy", false, "print the read-only IAM policy the collector needs and exit (with --org: and sts:AssumeRole on the role)")
	fl.StringVar(&f.shard, "shard", "", "collect shard INDEX/COUNT of the accounts (0-based, e.g. $JOB_COMPLETION_INDEX/8)")
	fl.IntVar(&f.concurrency, "concurrency", collect.DefaultConcurrency, "account/Region tasks run at once")
	fl.BoolVar(&f.jsonLog, "json-log", false, "log each call and account to stderr as JSON lines")
	fl.StringVar(&f.profile, "profile", "", "the AWS CLI profile to use")
	return cmd
}

// collectTransport lets tests point the collector at a fake AWS.
var collectTransport struct {
	endpoint   string
	client     *http.Client
	maxBackoff time.Duration
}

func runCollect(ctx context.Context, env *environment, f collectFlags) error {
	if f.printPolicy {
		doc, err := collect.Policy(f.org, f.roleName, "aws")
		if err != nil {
			return badInput(err)
		}
		_, err = env.stdout.Write(doc)
		return err
	}
	o, err := collectOptions(f)
	if err != nil {
		return badInput(err)
	}
	var loadOpts []func(*config.LoadOptions) error
	if f.profile != "" {
		loadOpts = append(loadOpts, config.WithSharedConfigProfile(f.profile))
	}
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	cfg, err := config.LoadDefaultConfig(ctx, loadOpts...)
	if err != nil {
		return &exitError{code: ExitFindings, err: fmt.Errorf("AWS configuration: %w", err)}
	}
	prog := newCollectProgress(env.stderr, f.jsonLog)
	o.Events = prog.event
	err = collect.Run(ctx, cfg, o)
	prog.finish()
	if err != nil {
		if errors.Is(err, context.Canceled) {
			err = fmt.Errorf("interrupted: %s/%s says what was collected; run again with --resume to complete it", f.out, collect.ManifestFile)
		}
		return &exitError{code: ExitFindings, err: err}
	}
	m, err := collect.ReadManifest(f.out)
	if err != nil {
		return &exitError{code: ExitFindings, err: err}
	}
	fmt.Fprintf(env.stdout, "collected %d files from %d accounts into %s: %d denied, %d failed, %d without a policy (%s)\n",
		len(m.Collected), len(m.Accounts), f.out, len(m.Denied), len(m.Failed), len(m.Absent), collect.ManifestFile)
	for _, s := range m.Skipped {
		fmt.Fprintf(env.stdout, "not collected: account %s (--accounts): %s\n", s.ID, s.Reason)
	}
	if len(m.Denied)+len(m.Failed)+len(m.Skipped) > 0 || !m.Complete {
		return withCode(ExitWarnings)
	}
	return nil
}

func collectOptions(f collectFlags) (collect.Options, error) {
	o := collect.Options{
		Out: f.out, Org: f.org, RoleName: f.roleName, Resume: f.resume, Concurrency: f.concurrency,
		Accounts: splitList(f.accounts), Regions: splitList(f.regions), Tool: "sekisho " + sekishoVersion(),
		Endpoint: collectTransport.endpoint, HTTPClient: collectTransport.client, MaxBackoff: collectTransport.maxBackoff,
	}
	if f.out == "" {
		return o, errors.New("collect: --out DIR is required")
	}
	if f.concurrency < 1 || f.concurrency > 1024 {
		return o, fmt.Errorf("collect: --concurrency %d: expected 1 to 1024", f.concurrency)
	}
	if f.shard != "" {
		s, err := shard.Parse(f.shard)
		if err != nil {
			return o, fmt.Errorf("collect: --shard: %w", err)
		}
		o.Shard = s
	}
	if err := o.Check(); err != nil {
		return o, fmt.Errorf("collect: %w", err)
	}
	return o, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// collectProgress shows the run: a bar on a terminal, JSON lines with
// --json-log, nothing otherwise.
type collectProgress struct {
	mu                    sync.Mutex
	bar                   *progressbar.ProgressBar
	log                   *slog.Logger
	calls, denied, failed int
}

func newCollectProgress(stderr io.Writer, jsonLog bool) *collectProgress {
	p := &collectProgress{}
	switch {
	case jsonLog:
		p.log = slog.New(slog.NewJSONHandler(stderr, nil))
	case isTerminal(stderr):
		p.bar = progressbar.NewOptions(-1, progressbar.OptionSetWriter(stderr), progressbar.OptionSetDescription("accounts"),
			progressbar.OptionShowCount(), progressbar.OptionSetElapsedTime(true), progressbar.OptionClearOnFinish(),
			progressbar.OptionThrottle(100*time.Millisecond))
	}
	return p
}

func (p *collectProgress) event(e collect.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch e.Kind {
	case collect.AccountsKnown:
		if p.bar != nil {
			p.bar.ChangeMax(e.Total)
		}
		if p.log != nil {
			p.log.Info("accounts", "total", e.Total)
		}
	case collect.CallDone:
		p.calls++
		switch e.Outcome {
		case "denied":
			p.denied++
		case "failed":
			p.failed++
		}
		if p.log != nil {
			level := slog.LevelInfo
			if e.Outcome == "denied" || e.Outcome == "failed" {
				level = slog.LevelWarn
			}
			attrs := []any{"account", e.Account, "region", e.Region, "file", e.File, "outcome", e.Outcome}
			if e.Code != "" {
				attrs = append(attrs, "code", e.Code)
			}
			if e.Err != nil {
				attrs = append(attrs, "error", e.Err.Error())
			}
			p.log.Log(context.Background(), level, "call", attrs...)
		}
	case collect.AccountDone:
		if p.bar != nil {
			p.bar.Describe(fmt.Sprintf("accounts (calls %d, denied %d, failed %d)", p.calls, p.denied, p.failed))
			p.bar.Add(1)
		}
		if p.log != nil {
			if e.Err != nil {
				p.log.Warn("account", "account", e.Account, "error", e.Err.Error())
			} else {
				p.log.Info("account", "account", e.Account)
			}
		}
	}
}

func (p *collectProgress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		p.bar.Finish()
	}
}
