package cli

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/internal/render"
	"github.com/sekisho/sekisho/internal/result"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/model/load"
)

// modelQueryFlags are the flags of a question to an organization model.
type modelQueryFlags struct {
	dir        string
	awsManaged string
	principal  string
	action     string
	resource   string
	from       string
	context    []string
	// resourceAccount states the owner of an undeclared resource whose ARN names no account.
	resourceAccount string
}

func (f *modelQueryFlags) register(cmd *cobra.Command, query bool) {
	cmd.Flags().StringVar(&f.dir, "model", "", "organization model: a directory (or file) of native model files and AWS CLI output (docs/model.md)")
	cmd.Flags().StringVar(&f.awsManaged, "aws-managed-policies", "", "directory of AWS managed policy documents (POLICY-NAME.json, get-policy-version output) that override the built-in ones")
	cmd.Flags().StringVar(&f.from, "from", "", "vantage point: instance:i-..., internet[:IP] or vpc:vpc-...[:IP]")
	cmd.Flags().StringArrayVar(&f.context, "context", nil, "extra condition key, KEY=VALUE (repeat; a repeated key gets several values)")
	if query {
		f.registerResourceAccount(cmd)
		cmd.Flags().StringVar(&f.principal, "principal", "", "credentials: a principal ARN, access-key:AKIA..., instance-profile:i-...[:v1] or role-session:ROLE-ARN[:NAME]")
		cmd.Flags().StringVar(&f.action, "action", "", "the action, service:Action")
		cmd.Flags().StringVar(&f.resource, "resource", "*", "the resource ARN")
	}
}

func (f *modelQueryFlags) load() (*model.Model, error) {
	m, err := load.Load(f.dir, load.Options{AWSManagedDir: f.awsManaged})
	if err != nil {
		return nil, badInput(err)
	}
	return m, nil
}

func (f *modelQueryFlags) vantage() (model.Vantage, error) {
	v, err := model.ParseVantage(f.from)
	if err != nil {
		return v, badInput(fmt.Errorf("--from: %w", err))
	}
	return v, nil
}

// contextFlags reads --context KEY=VALUE flags.
func contextFlags(flags []string) (map[string][]string, error) {
	if len(flags) == 0 {
		return nil, nil
	}
	out := map[string][]string{}
	for _, kv := range flags {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, badInput(fmt.Errorf("--context %q: expected KEY=VALUE, such as aws:SourceIp=203.0.113.5", kv))
		}
		if err := eval.CheckContextValue(k, v); err != nil {
			return nil, badInput(fmt.Errorf("--context %q: %w", kv, err))
		}
		out[k] = append(out[k], v)
	}
	return out, nil
}

func (f *modelQueryFlags) query() (model.Query, error) {
	var q model.Query
	if f.principal == "" || f.action == "" {
		return q, badInput(fmt.Errorf("eval --model needs --principal and --action (and --resource unless the action takes \"*\")"))
	}
	creds, err := model.ParseCredentials(f.principal)
	if err != nil {
		return q, badInput(fmt.Errorf("--principal: %w", err))
	}
	v, err := f.vantage()
	if err != nil {
		return q, err
	}
	ctx, err := contextFlags(f.context)
	if err != nil {
		return q, err
	}
	if err := checkQuestion(f.action, f.resource, ctx); err != nil {
		return q, err
	}
	owner, err := f.owner()
	if err != nil {
		return q, err
	}
	return model.Query{Credentials: creds, Action: f.action, Resource: f.resource, From: v, Context: ctx, ResourceOwner: owner}, nil
}

// registerResourceAccount adds --resource-account, for the questions that take a resource.
func (f *modelQueryFlags) registerResourceAccount(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.resourceAccount, "resource-account", "", "the account that owns the resource when the model does not declare it and its ARN names no account (an S3 bucket)")
}

// owner reads --resource-account.
func (f *modelQueryFlags) owner() (string, error) {
	if f.resourceAccount != "" && !arn.IsAccountID(f.resourceAccount) {
		return "", badInput(fmt.Errorf("--resource-account %q: expected a 12-digit account id", f.resourceAccount))
	}
	return f.resourceAccount, nil
}

// runModelEval answers one query; now is the request time (zero: the clock).
func runModelEval(format string, f modelQueryFlags, now time.Time, stdout io.Writer) error {
	q, err := f.query()
	if err != nil {
		return err
	}
	m, err := f.load()
	if err != nil {
		return err
	}
	out, err := result.EvalModel(m, nil, q, now)
	if err != nil {
		return badInput(err)
	}
	if format == "json" {
		return render.JSON(stdout, out)
	}
	writeModelHeader(stdout, out.Principal, out.Action+" on "+out.Resource, out.Route)
	for _, a := range out.Assumed {
		fmt.Fprintf(stdout, "assumed: %s\n", a)
	}
	render.Explanation(stdout, "", out.Explanation, "")
	return nil
}

func writeModelHeader(w io.Writer, principal, what, route string) {
	fmt.Fprintf(w, "principal: %s\n", principal)
	fmt.Fprintf(w, "request: %s\n", what)
	fmt.Fprintf(w, "route: %s\n", route)
}
