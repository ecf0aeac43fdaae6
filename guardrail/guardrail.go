package guardrail

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/sekisho/sekisho/policy"
)

// Generator is one named guardrail.
type Generator struct {
	Name    string
	Summary string  // one line: what the policy does and which seed it comes from
	Doc     string  // the AWS documentation page the policy follows
	Params  []Param // in the order --list shows them
	build   func(a args) (*Result, error)
}

// Param is one parameter of a generator.
type Param struct {
	Name    string
	Help    string
	Default string   // "" means no default
	Choices []string // a closed set of values, if any
	List    bool     // a comma-separated list
	check   func(string) error
}

// Setting is one parameter value a policy was generated with.
type Setting struct {
	Name, Value string
}

// Result is a generated guardrail: the policy, ready to deploy, and the
// cases it must allow and deny.
type Result struct {
	Name     string
	Kind     policy.Kind // how the policy is deployed: SCP, identity, endpoint
	Settings []Setting   // every parameter, defaults filled in, in Params order
	Policy   Document
	Cases    []Case
}

// ErrUnknown is returned for a name that is not a guardrail.
var ErrUnknown = errors.New("unknown guardrail")

var registry []*Generator

func register(g *Generator) { registry = append(registry, g) }

// All returns every generator, sorted by name.
func All() []*Generator {
	out := append([]*Generator(nil), registry...)
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Lookup returns the generator with the given name.
func Lookup(name string) (*Generator, bool) {
	for _, g := range registry {
		if g.Name == name {
			return g, true
		}
	}
	return nil, false
}

// Names returns the names of every generator, sorted.
func Names() []string {
	var out []string
	for _, g := range All() {
		out = append(out, g.Name)
	}
	return out
}

// Generate builds the named guardrail with the given parameters.
func Generate(name string, params map[string]string) (*Result, error) {
	g, ok := Lookup(name)
	if !ok {
		return nil, fmt.Errorf("%w %q: expected one of %s", ErrUnknown, name, strings.Join(Names(), ", "))
	}
	return g.Generate(params)
}

// Generate builds the guardrail with the given parameters; absent ones
// take their defaults.
func (g *Generator) Generate(params map[string]string) (*Result, error) {
	a, err := g.resolve(params)
	if err != nil {
		return nil, fmt.Errorf("guardrail %s: %w", g.Name, err)
	}
	r, err := g.build(a)
	if err != nil {
		return nil, fmt.Errorf("guardrail %s: %w", g.Name, err)
	}
	r.Name = g.Name
	for _, p := range g.Params {
		r.Settings = append(r.Settings, Setting{Name: p.Name, Value: a.values[p.Name]})
	}
	return r, nil
}

// args is a generator's validated parameters.
type args struct {
	values map[string]string
}

func (a args) str(name string) string { return a.values[name] }

func (a args) list(name string) []string {
	v := a.values[name]
	if v == "" {
		return nil
	}
	return strings.Split(v, ",")
}

func (a args) flag(name string) bool { return a.values[name] == "true" }

func (g *Generator) resolve(params map[string]string) (args, error) {
	a := args{values: map[string]string{}}
	for name := range params {
		if g.param(name) == nil {
			return a, fmt.Errorf("unknown parameter %q: expected one of %s", name, strings.Join(g.paramNames(), ", "))
		}
	}
	for _, p := range g.Params {
		v, given := params[p.Name]
		if !given {
			v = p.Default
		}
		v, err := p.normalize(v)
		if err != nil {
			return a, fmt.Errorf("parameter %s: %w", p.Name, err)
		}
		a.values[p.Name] = v
	}
	return a, nil
}

func (g *Generator) param(name string) *Param {
	for i := range g.Params {
		if g.Params[i].Name == name {
			return &g.Params[i]
		}
	}
	return nil
}

func (g *Generator) paramNames() []string {
	var out []string
	for _, p := range g.Params {
		out = append(out, p.Name)
	}
	return out
}

// normalize trims and checks a value: list items one by one, without
// duplicates; choices against the closed set.
func (p *Param) normalize(v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	items := []string{v}
	if p.List {
		items = splitList(v)
	}
	for _, it := range items {
		if err := p.checkOne(it); err != nil {
			return "", err
		}
	}
	return strings.Join(items, ","), nil
}

func (p *Param) checkOne(v string) error {
	if len(p.Choices) > 0 {
		for _, c := range p.Choices {
			if v == c {
				return nil
			}
		}
		return fmt.Errorf("got %q: expected one of %s", v, strings.Join(p.Choices, ", "))
	}
	if p.check != nil {
		return p.check(v)
	}
	return nil
}

// splitList splits a comma-separated list, dropping blanks and repeats.
func splitList(v string) []string {
	var out []string
	seen := map[string]bool{}
	for _, it := range strings.Split(v, ",") {
		it = strings.TrimSpace(it)
		if it != "" && !seen[it] {
			seen[it] = true
			out = append(out, it)
		}
	}
	return out
}

// Value checks shared by the generators. The expressions are compiled on
// first use, not at package init: every sekisho command links this package,
// and roleRE's {1,512} alone made compiling them about 2 ms of each process
// start (GODEBUG=inittrace=1), paid by `sekisho test` and `sekisho version`
// too.
var (
	regionRE  = lazyRegexp(`^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$`)
	accountRE = lazyRegexp(`^[0-9]{12}$`)
	orgRE     = lazyRegexp(`^o-[a-z0-9]{10,32}$`)
	bucketRE  = lazyRegexp(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
	roleRE    = lazyRegexp(`^[\w+=,.@/*-]{1,512}$`)
)

// lazyRegexp returns a function that compiles expr once, on its first call.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

func matching(re func() *regexp.Regexp, what string) func(string) error {
	return func(v string) error {
		if !re().MatchString(v) {
			return fmt.Errorf("got %q: expected %s", v, what)
		}
		return nil
	}
}

var (
	checkRegion  = matching(regionRE, "an AWS Region code such as ap-northeast-1")
	checkAccount = matching(accountRE, "a 12-digit AWS account id")
	checkOrg     = matching(orgRE, "an organization id such as o-a1b2c3d4e5")
	checkBucket  = matching(bucketRE, "an S3 bucket name such as amazonlinux-2-repos-ap-northeast-1")
	checkRole    = matching(roleRE, "an IAM role name, optionally with a path or \"*\", such as OrgAdmin or admin/*")
)

// roleMatches reports whether an IAM role pattern ("*" matches any run of
// characters, as ArnLike does) matches the role's path and name.
func roleMatches(pattern, pathName string) bool {
	re := "^" + strings.ReplaceAll(regexp.QuoteMeta(pattern), `\*`, ".*") + "$"
	return regexp.MustCompile(re).MatchString(pathName)
}

// unexemptRole returns the name of a role that none of the patterns match,
// for the cases that show the guardrail applying.
func unexemptRole(patterns []string) string {
	for _, name := range []string{"developer", "app-deployer", "ci-runner", "qa-tester"} {
		exempt := false
		for _, p := range patterns {
			exempt = exempt || roleMatches(p, name)
		}
		if !exempt {
			return name
		}
	}
	return ""
}

// checkRolePatterns rejects role patterns that exempt every role.
func checkRolePatterns(patterns []string) error {
	if len(patterns) > 0 && unexemptRole(patterns) == "" {
		return fmt.Errorf("the role patterns %s exempt every role", strings.Join(patterns, ","))
	}
	return nil
}
