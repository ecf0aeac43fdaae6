package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sekisho/sekisho/analysis"
	"github.com/sekisho/sekisho/internal/render"
)

func init() { register(newGraphCommand) }

func newGraphCommand(env *environment) *cobra.Command {
	var p analysisFlags
	cmd := &cobra.Command{
		Use:   "graph --model DIR [flags] assume|privesc",
		Short: "Graph who can assume which role, or who can escalate to whom",
		Long: `graph assume: principals to the roles they can assume (trust policy AND the
caller's identity policies AND its SCPs), cross-account edges, service
principals trusted by roles, and broad trusts (an account root or "*" with no
condition).
graph privesc: escalation edges (editing a principal's policies or trust,
creating its credentials, passing a role to a compute service that trusts it,
assuming a role), administrators, and who ends up effectively administrator.
Formats: text, json, dot (Graphviz) and mermaid.`,
		Args:      cobra.ExactArgs(1),
		ValidArgs: []string{"assume", "privesc"},
		RunE: func(cmd *cobra.Command, args []string) error {
			if args[0] != "assume" && args[0] != "privesc" {
				return badInput(fmt.Errorf("unknown graph %q: expected assume or privesc", args[0]))
			}
			g, done, err := answerOf(env, cmd, args, &p, func() (*analysis.Graph, error) {
				a, err := p.analyzer("text", "json", "dot", "mermaid")
				if err != nil {
					return nil, err
				}
				var g *analysis.Graph
				if args[0] == "assume" {
					v, verr := p.vantage()
					if verr != nil {
						return nil, verr
					}
					g, err = a.AssumeGraph(v)
				} else {
					g, err = a.PrivescGraph()
				}
				if err != nil {
					return nil, badInput(err)
				}
				return g, nil
			})
			if done || err != nil {
				return err
			}
			if err := checkFormat(p.format, "text", "json", "dot", "mermaid"); err != nil {
				return err
			}
			return writeGraph(env.stdout, g, p.format)
		},
	}
	p.register(cmd, "text", "json", "dot", "mermaid")
	p.registerShard(cmd, "roles (assume) or principals (privesc)")
	return cmd
}

func writeGraph(w io.Writer, g *analysis.Graph, format string) error {
	switch format {
	case "json":
		return render.JSON(w, g)
	case "dot":
		writeDOT(w, g)
		writeCommented(w, "// ", g.Completeness)
	case "mermaid":
		writeMermaid(w, g)
		writeCommented(w, "%% ", g.Completeness)
	default:
		writeGraphText(w, g)
	}
	return nil
}

func writeGraphText(w io.Writer, g *analysis.Graph) {
	fmt.Fprintf(w, "%s graph: %d principals, %d edges\n", g.Kind, len(g.Nodes), len(g.Edges))
	writeAssumptions(w, g.Assumptions)
	for _, e := range g.Edges {
		fmt.Fprintf(w, "  %s → %s  [%s%s]", e.From, e.To, e.Kind, viaText(e))
		if e.CrossAccount {
			fmt.Fprint(w, " cross-account")
		}
		if e.Witness != nil && e.Witness.Statement != nil {
			fmt.Fprintf(w, "  by %s", e.Witness.Statement)
		}
		fmt.Fprintln(w)
	}
	for _, r := range g.Remarks {
		fmt.Fprintf(w, "%s: %s\n", r.Principal, r.Message)
	}
	writeCompleteness(w, g.Completeness)
}

func viaText(e analysis.Edge) string {
	if e.Via == "" {
		return ""
	}
	return ": " + e.Via
}

func writeDOT(w io.Writer, g *analysis.Graph) {
	fmt.Fprintf(w, "digraph %s {\n  rankdir=LR;\n", g.Kind)
	for _, n := range g.Nodes {
		shape := map[string]string{"user": "ellipse", "role": "box", "service": "diamond"}[n.Kind]
		extra := ""
		if n.Admin {
			extra = ", style=bold, color=red"
		}
		fmt.Fprintf(w, "  %q [shape=%s%s];\n", n.ID, shape, extra)
	}
	for _, e := range g.Edges {
		style := ""
		if e.CrossAccount {
			style = ", style=dashed"
		}
		fmt.Fprintf(w, "  %q -> %q [label=%q%s];\n", e.From, e.To, strings.TrimPrefix(e.Kind+viaText(e), ""), style)
	}
	fmt.Fprintln(w, "}")
}

func writeMermaid(w io.Writer, g *analysis.Graph) {
	fmt.Fprintln(w, "flowchart LR")
	ids := map[string]string{}
	for i, n := range g.Nodes {
		ids[n.ID] = fmt.Sprintf("n%d", i)
		open, close := "(", ")"
		if n.Kind == "role" {
			open, close = "[", "]"
		} else if n.Kind == "service" {
			open, close = "{", "}"
		}
		fmt.Fprintf(w, "  %s%s\"%s\"%s\n", ids[n.ID], open, n.ID, close)
	}
	for _, e := range g.Edges {
		arrow := "-->"
		if e.CrossAccount {
			arrow = "-.->"
		}
		fmt.Fprintf(w, "  %s %s|%s| %s\n", ids[e.From], arrow, e.Kind+viaText(e), ids[e.To])
	}
}
