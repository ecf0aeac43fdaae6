package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sekisho/sekisho/analysis"
)

func init() { register(newLeakCommand) }

func newLeakCommand(env *environment) *cobra.Command {
	var p whatCanParams
	cmd := &cobra.Command{
		Use:   "leak --model DIR [flags] PRINCIPAL_OR_INSTANCE",
		Short: "Blast radius of stolen credentials: what they allow from the internet, a foreign VPC, other regions",
		Long: `Report what the credentials of PRINCIPAL_OR_INSTANCE allow at their legitimate
place (an instance: its own VPC, with credentials fetched through IMDSv2), then
from the internet, from a VPC of a foreign account and in other regions: what
stays allowed, and which guardrail (SCP, identity policy, endpoint policy)
stops the rest. For an instance, what IMDSv1 credentials allow is reported
apart (none, when the instance requires IMDSv2).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkService("--service", p.service); err != nil {
				return err
			}
			if err := p.layout.check(); err != nil {
				return err
			}
			a, err := p.analyzer("text", "json")
			if err != nil {
				return err
			}
			defer showProgress(a, env.stderr)() // AssumeRole chains across an organization take a while
			v, err := p.vantage()
			if err != nil {
				return err
			}
			opt, err := p.options(v)
			if err != nil {
				return err
			}
			res, err := a.Leak(args[0], opt)
			if err != nil {
				return badInput(err)
			}
			if err := writeResult(env.stdout, p.format, res, p.layout.leak); err != nil {
				return err
			}
			if res.ReachableElsewhere() > 0 {
				return withCode(ExitWarnings) // findings: the credentials work beyond their place
			}
			return nil
		},
	}
	p.register(cmd, "text", "json")
	cmd.Flags().StringVar(&p.service, "service", "", "only this service prefix, such as s3")
	p.registerFollow(cmd, true)
	p.layout.register(cmd)
	return cmd
}

func (l layoutFlags) leak(w io.Writer, r *analysis.LeakResult) {
	fmt.Fprintf(w, "stolen credentials of %s (%s, acting as %s)\n", r.Target, r.Credentials, r.Principal)
	writeAssumptions(w, r.Assumptions)
	writeLeakSummary(w, r)
	l.writePlace(w, r.Legitimate, true)
	for _, p := range r.Elsewhere {
		l.writePlace(w, p, false)
	}
	if r.IMDSv1 != nil {
		l.writePlace(w, *r.IMDSv1, false)
	}
	writeCompleteness(w, r.Completeness)
}

func (l layoutFlags) writePlace(w io.Writer, p analysis.Place, legit bool) {
	fmt.Fprintf(w, "%s", p.Name)
	if p.From != "" {
		fmt.Fprintf(w, " (%s)", p.From)
	}
	if len(p.Context) > 0 {
		fmt.Fprintf(w, " [%s]", strings.Join(p.Context, " "))
	}
	fmt.Fprintln(w, ":")
	if p.Error != "" {
		fmt.Fprintf(w, "  unusable: %s\n", p.Error)
		return
	}
	if legit {
		l.writeCapabilities(w, "  ", "allowed ", p.Allowed)
		for _, c := range p.ViaAssumeRole {
			fmt.Fprintf(w, "  through %s: %d allowed\n", strings.Join(c.Chain, " → "), len(c.Allowed))
			l.writeCapabilities(w, "    ", "allowed ", c.Allowed)
		}
		return
	}
	defer l.writeChains(w, p.ViaAssumeRole)
	fmt.Fprintf(w, "  still allowed: %d\n", len(p.Allowed))
	l.writeCapabilities(w, "    ", "", p.Allowed)
	fmt.Fprintf(w, "  stopped: %d\n", len(p.Stopped))
	l.writeList(w, "    ", len(p.Stopped), func(i int) string { return accountOf(p.Stopped[i].Resource) }, func(w io.Writer, i int) {
		s := p.Stopped[i]
		by := s.Reason
		if s.By != nil {
			by = s.By.String()
		}
		fmt.Fprintf(w, "    %s on %s: %s by %s\n", s.Action, s.Resource, s.Decision, by)
	})
}

// writeCapabilities writes one line per capability under --limit and
// --group-by (the account of the resource).
func (l layoutFlags) writeCapabilities(w io.Writer, indent, verb string, cs []analysis.Capability) {
	l.writeList(w, indent, len(cs), func(i int) string { return accountOf(cs[i].Resource) }, func(w io.Writer, i int) {
		fmt.Fprintf(w, "%s%s%s on %s\n", indent, verb, cs[i].Action, cs[i].Resource)
	})
}

// writeChains says, for each AssumeRole chain, what it still yields at a
// place, or which hop is denied there.
func (l layoutFlags) writeChains(w io.Writer, chains []analysis.Chained) {
	for _, c := range chains {
		fmt.Fprintf(w, "  through %s:", strings.Join(c.Chain, " → "))
		if s := c.StoppedAt; s != nil {
			fmt.Fprintf(w, " stopped at sts:AssumeRole on %s: %s\n", s.Resource, stoppedBy(*s))
			continue
		}
		fmt.Fprintf(w, " still allowed: %d, stopped: %d\n", len(c.Allowed), len(c.Stopped))
		l.writeCapabilities(w, "    ", "", c.Allowed)
	}
}

func stoppedBy(s analysis.Stopped) string {
	by := s.Reason
	if s.By != nil {
		by = s.By.String()
	}
	if s.Decision == "" {
		return by
	}
	return s.Decision + " by " + by
}
