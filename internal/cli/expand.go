package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sekisho/sekisho/awsref"
	"github.com/sekisho/sekisho/internal/render"
)

func init() { register(newExpandCommand) }

type expandParams struct {
	patterns []string
	not      bool
	format   string
}

func newExpandCommand(env *environment) *cobra.Command {
	var p expandParams
	cmd := &cobra.Command{
		Use:   "expand [flags] PATTERN...",
		Short: "List the AWS actions that IAM action patterns match",
		Long: `List the actions that IAM action patterns match, as a policy's Action
element would: case is ignored, "*" matches any run of characters and "?"
one character, in the service part too ("s3:*", "ec2:Run*", "*:Get*").
With --not, list the actions that none of the patterns matches, as a
NotAction element would. Actions come from the built-in AWS service
reference (see "sekisho version").

Each line is the action and its access level, separated by a tab.`,
		Example: `  sekisho expand 'ec2:Run*'
  sekisho expand --format json 's3:*Object*'
  sekisho expand --not 'iam:*' 'sts:*'`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p.patterns = args
			if err := p.validate(); err != nil {
				return badInput(err)
			}
			return runExpand(p, env.stdout, env.stderr)
		},
	}
	cmd.Flags().BoolVar(&p.not, "not", false, "list the actions no pattern matches (NotAction)")
	cmd.Flags().StringVar(&p.format, "format", "text", "output format: text or json")
	return cmd
}

// expandWriters render the matched actions, one per output format.
var expandWriters = map[string]func(io.Writer, []awsref.Action) error{
	"text": writeExpandText,
	"json": writeExpandJSON,
}

func (p expandParams) validate() error {
	if _, ok := expandWriters[p.format]; !ok {
		return fmt.Errorf("unknown --format %q: expected text or json", p.format)
	}
	for _, pat := range p.patterns {
		if strings.TrimSpace(pat) == "" {
			return fmt.Errorf("empty pattern")
		}
	}
	return nil
}

func runExpand(p expandParams, stdout, stderr io.Writer) error {
	if err := checkPatterns(p.patterns, stderr); err != nil {
		return badInput(err)
	}
	var actions []awsref.Action
	if p.not {
		actions = awsref.ExpandNot(p.patterns)
	} else {
		actions = awsref.ExpandAny(p.patterns)
	}
	if err := expandWriters[p.format](stdout, actions); err != nil {
		return fmt.Errorf("write actions: %w", err)
	}
	return nil
}

// checkPatterns rejects patterns that match no action, which are usually
// typos. One such pattern among others that match is only worth a warning:
// policies list actions that a newer reference may know.
func checkPatterns(patterns []string, stderr io.Writer) error {
	var unmatched []string
	for _, pat := range patterns {
		if len(awsref.Expand(pat)) == 0 {
			unmatched = append(unmatched, pat)
		}
	}
	if len(unmatched) == len(patterns) {
		return fmt.Errorf("no action matches %s (service reference %s)", quoteAll(unmatched), referenceLabel())
	}
	for _, pat := range unmatched {
		fmt.Fprintf(stderr, "sekisho: warning: no action matches %q\n", pat)
	}
	return nil
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

func writeExpandText(w io.Writer, actions []awsref.Action) error {
	var b strings.Builder
	for _, a := range actions {
		fmt.Fprintf(&b, "%s\t%s\n", a, a.Access)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// expandedAction is the JSON form of one action.
type expandedAction struct {
	Action string             `json:"action"`
	Access awsref.AccessLevel `json:"access"`
}

func writeExpandJSON(w io.Writer, actions []awsref.Action) error {
	out := make([]expandedAction, len(actions))
	for i, a := range actions {
		out[i] = expandedAction{Action: a.String(), Access: a.Access}
	}
	return render.JSON(w, out)
}
