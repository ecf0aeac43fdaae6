package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/sekisho/sekisho/analysis"
	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/internal/render"
	"github.com/sekisho/sekisho/model"
)

func init() { register(newAssumeCommand) }

type assumeParams struct {
	format   string
	model    modelQueryFlags
	caller   string
	role     string
	session  string
	duration int
	now      nowFlag
}

func newAssumeCommand(env *environment) *cobra.Command {
	var p assumeParams
	cmd := &cobra.Command{
		Use:   "assume --model DIR --caller ARN --role ARN [--from VANTAGE]",
		Short: "Decide an sts:AssumeRole call against an organization model",
		Long: `Decide whether the caller may assume the role: the role's trust policy, the
caller's identity policies (needed cross-account, or when the trust policy
names only the account), the caller's SCPs, the role account's RCPs and the
endpoint policy of the path; then the duration limits (the role's maximum
session duration; one hour when a role session assumes a role: role
chaining). Prints the session principal, usable as --principal in
"sekisho eval --model".`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(p.format, "text", "json"); err != nil {
				return err
			}
			return runAssume(p, env.stdout)
		},
	}
	p.model.register(cmd, false)
	cmd.Flags().StringVar(&p.format, "format", "text", "output format: text or json")
	cmd.Flags().StringVar(&p.caller, "caller", "", "the caller's credentials: a principal ARN, access-key:AKIA..., instance-profile:i-... or role-session:ROLE-ARN[:NAME]")
	cmd.Flags().StringVar(&p.role, "role", "", "the ARN of the role to assume")
	cmd.Flags().StringVar(&p.session, "session-name", "sekisho", "the role session name")
	cmd.Flags().IntVar(&p.duration, "duration", 3600, "DurationSeconds asked for")
	cmd.Flags().Var(&p.now, "now", "the request time (RFC 3339; default: the clock)")
	return cmd
}

// assumeOutput is the JSON form of an AssumeRole decision.
type assumeOutput struct {
	Decision      string            `json:"decision"`
	Succeeds      bool              `json:"succeeds"`
	Caller        string            `json:"caller"`
	Role          string            `json:"role"`
	Session       string            `json:"session"`
	Chained       bool              `json:"roleChaining"`
	Duration      int               `json:"duration"`
	MaxDuration   int               `json:"maxDuration"`
	DurationError string            `json:"durationError,omitempty"`
	Route         string            `json:"route"`
	Explanation   *eval.Explanation `json:"explanation"`
}

func runAssume(p assumeParams, stdout io.Writer) error {
	if p.model.dir == "" || p.caller == "" || p.role == "" {
		return badInput(fmt.Errorf("assume needs --model, --caller and --role"))
	}
	creds, err := model.ParseCredentials(p.caller)
	if err != nil {
		return badInput(fmt.Errorf("--caller: %w", err))
	}
	v, err := p.model.vantage()
	if err != nil {
		return err
	}
	ctx, err := contextFlags(p.model.context)
	if err != nil {
		return err
	}
	m, err := p.model.load()
	if err != nil {
		return err
	}
	an := analysis.New(m)
	an.Now = p.now.t
	a, err := an.AssumeRole(model.AssumeInput{Caller: creds, Role: p.role, From: v, SessionName: p.session,
		Duration: p.duration, Context: ctx})
	if err != nil {
		return badInput(err)
	}
	exp := a.Decided.Explain()
	out := assumeOutput{Decision: a.Decided.Result.Decision.String(), Succeeds: a.Succeeds(), Caller: a.Caller, Role: p.role,
		Session: a.Session, Chained: a.Chained, Duration: a.Duration, MaxDuration: a.MaxDuration,
		DurationError: a.DurationError, Route: a.Gathered.Route.Summary, Explanation: exp}
	if p.format == "json" {
		return render.JSON(stdout, out)
	}
	writeModelHeader(stdout, out.Caller, "sts:AssumeRole on "+out.Role, out.Route)
	writeAssumeSummary(stdout, out)
	render.Explanation(stdout, "", exp, "")
	return nil
}

func writeAssumeSummary(w io.Writer, out assumeOutput) {
	limit := "the role's maximum session duration"
	if out.Chained {
		limit = "role chaining: 1 hour"
	}
	fmt.Fprintf(w, "duration: %d s asked, at most %d s (%s)\n", out.Duration, out.MaxDuration, limit)
	switch {
	case out.Succeeds:
		fmt.Fprintf(w, "session: %s\n", out.Session)
	case out.DurationError != "":
		fmt.Fprintf(w, "AssumeRole fails: %s\n", out.DurationError)
	default:
		fmt.Fprintf(w, "AssumeRole fails: %s\n", out.Decision)
	}
}
