package guardrail_test

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/sekisho/sekisho/casefile"
	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/guardrail"
	"github.com/sekisho/sekisho/policy"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// variant is one generator with one set of parameters.
type variant struct {
	name   string
	params map[string]string
}

// golden names the golden file of a variant: the name, then each
// parameter as key=value, sorted.
func (v variant) golden() string {
	parts := []string{v.name}
	var keys []string
	for k := range v.params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		parts = append(parts, k+"="+strings.NewReplacer(",", "+", "/", "_", "*", "x").Replace(v.params[k]))
	}
	return strings.Join(parts, "__") + ".json"
}

// variants covers every generator and every parameter.
var variants = []variant{
	{"instance-credentials-pin", nil},
	{"instance-credentials-pin", map[string]string{"key": "ip"}},
	{"instance-credentials-pin", map[string]string{"key": "both"}},
	{"instance-credentials-pin", map[string]string{"exempt-aws-service-calls": "false"}},
	{"region-lock", nil},
	{"region-lock", map[string]string{"regions": "ap-northeast-1,ap-northeast-3"}},
	{"region-lock", map[string]string{"regions": "us-east-1", "scope": "identity"}},
	{"region-lock", map[string]string{"scope": "scp", "regions": "eu-central-1,eu-west-1"}},
	{"region-lock", map[string]string{"scope": "scp", "exempt-roles": "OrgAdmin,admin/*"}},
	{"endpoint-own-principals", map[string]string{"accounts": "111111111111"}},
	{"endpoint-own-principals", map[string]string{"org": "o-a1b2c3d4e5"}},
	{"endpoint-own-principals", map[string]string{"accounts": "111111111111,222222222222", "org": "o-a1b2c3d4e5",
		"public-buckets": "amazonlinux-2-repos-ap-northeast-1,al2023-repos-ap-northeast-1-de612dc2"}},
	{"endpoint-own-resources", map[string]string{"accounts": "999999999999"}},
	{"endpoint-own-resources", map[string]string{"org": "o-a1b2c3d4e5", "public-buckets": "amazonlinux-2-repos-ap-northeast-1"}},
	{"require-imdsv2", nil},
	{"require-imdsv2", map[string]string{"hop-limit": "2", "admin-roles": "ec2-imds-admins"}},
}

func TestEveryGeneratorHasVariants(t *testing.T) {
	t.Parallel()
	covered := map[string]map[string]bool{}
	for _, v := range variants {
		if covered[v.name] == nil {
			covered[v.name] = map[string]bool{}
		}
		for k := range v.params {
			covered[v.name][k] = true
		}
	}
	for _, g := range guardrail.All() {
		if covered[g.Name] == nil {
			t.Errorf("%s: no variant in the test table", g.Name)
			continue
		}
		for _, p := range g.Params {
			if !covered[g.Name][p.Name] && p.Default == "" {
				t.Errorf("%s: no variant sets parameter %s", g.Name, p.Name)
			}
		}
	}
	for _, want := range []string{"instance-credentials-pin", "region-lock", "endpoint-own-principals", "endpoint-own-resources", "require-imdsv2"} {
		if _, ok := guardrail.Lookup(want); !ok {
			t.Errorf("generator %s is missing", want)
		}
	}
}

// TestSuitesPass runs each generated suite through the case file reader
// and the engine: every case must get its expected decision.
func TestSuitesPass(t *testing.T) {
	t.Parallel()
	for _, v := range variants {
		t.Run(strings.TrimSuffix(v.golden(), ".json"), func(t *testing.T) {
			t.Parallel()
			r, err := guardrail.Generate(v.name, v.params)
			if err != nil {
				t.Fatal(err)
			}
			cases, err := casefile.Parse(r.SuiteYAML(), v.name+".yaml")
			if err != nil {
				t.Fatalf("generated suite does not read back: %v\n%s", err, r.SuiteYAML())
			}
			if len(cases) != len(r.Cases) || len(cases) < 4 {
				t.Fatalf("read %d cases, generated %d", len(cases), len(r.Cases))
			}
			allow, deny := 0, 0
			for _, c := range cases {
				got := decide(t, c)
				if c.Expect == nil || got != *c.Expect {
					t.Errorf("case %s: got %s, want %v", c.Name, got, c.Expect)
				}
				if got == eval.Allow {
					allow++
				} else {
					deny++
				}
			}
			if allow == 0 || deny == 0 {
				t.Errorf("the suite must hold cases that are allowed (%d) and denied (%d)", allow, deny)
			}
		})
	}
}

func decide(t *testing.T, c *casefile.Case) eval.Decision {
	t.Helper()
	d, err := eval.Decide(c.Policies, c.Request, time.Time{})
	if err != nil {
		t.Fatalf("case %s: %v", c.Name, err)
	}
	return d.Result.Decision
}

// TestPoliciesParse checks that each policy reads as its kind, and that
// the guardrail in the suite is the policy printed.
func TestPoliciesParse(t *testing.T) {
	t.Parallel()
	for _, v := range variants {
		r, err := guardrail.Generate(v.name, v.params)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := policy.Parse(r.Policy.JSON(), policy.Source{File: v.golden(), Kind: r.Kind}); err != nil {
			t.Errorf("%s: %v", v.golden(), err)
		}
	}
}

func TestGolden(t *testing.T) {
	t.Parallel()
	for _, v := range variants {
		r, err := guardrail.Generate(v.name, v.params)
		if err != nil {
			t.Fatal(err)
		}
		checkGolden(t, v.golden(), r.Policy.JSON())
	}
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update creates it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test -update rewrites it)\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

func TestDeterministic(t *testing.T) {
	t.Parallel()
	for _, v := range variants {
		a, err := guardrail.Generate(v.name, v.params)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := guardrail.Generate(v.name, v.params)
		if !bytes.Equal(a.Policy.JSON(), b.Policy.JSON()) || !bytes.Equal(a.SuiteYAML(), b.SuiteYAML()) {
			t.Errorf("%s: two runs differ", v.golden())
		}
	}
}

func TestSeedPolicies(t *testing.T) {
	t.Parallel()
	// Seed 001's policy, Sid aside, is the default region-lock.
	r, err := guardrail.Generate("region-lock", nil)
	if err != nil {
		t.Fatal(err)
	}
	seed, err := os.ReadFile("../examples/seeds/001-region-lock/policy_disable-launch-outside-of-tokyo.json")
	if err != nil {
		t.Skip("seed example not found:", err)
	}
	want := strings.ReplaceAll(compact(t, seed), `"Sid":"VisualEditor0",`, `"Sid":"DenyEc2ChangesOutsideAllowedRegions",`)
	if got := r.Policy.Compact(); got != want {
		t.Errorf("region-lock differs from seed 001's policy:\n got %s\nwant %s", got, want)
	}
	doc, err := guardrail.RegionLockPolicy([]string{"ap-northeast-1"})
	if err != nil || doc.Compact() != r.Policy.Compact() {
		t.Errorf("RegionLockPolicy differs from the generator's default: %v", err)
	}
}

func compact(t *testing.T, src []byte) string {
	t.Helper()
	var buf bytes.Buffer
	for _, line := range strings.Split(string(src), "\n") {
		buf.WriteString(strings.TrimSpace(line))
	}
	return strings.ReplaceAll(strings.ReplaceAll(buf.String(), `": `, `":`), `, "`, `,"`)
}

func TestParameterErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		params map[string]string
		msg    string
	}{
		{"nope", nil, `unknown guardrail "nope"`},
		{"region-lock", map[string]string{"region": "x"}, `unknown parameter "region": expected one of regions, scope, exempt-roles`},
		{"region-lock", map[string]string{"regions": "tokyo"}, `parameter regions: got "tokyo": expected an AWS Region code`},
		{"region-lock", map[string]string{"regions": " , "}, "expected at least one Region"},
		{"region-lock", map[string]string{"scope": "org"}, `expected one of identity, scp`},
		{"region-lock", map[string]string{"exempt-roles": "OrgAdmin"}, "applies to scope=scp only"},
		{"region-lock", map[string]string{"scope": "scp", "exempt-roles": "*"}, "exempt every role"},
		{"endpoint-own-principals", nil, "expected --param accounts="},
		{"endpoint-own-principals", map[string]string{"accounts": "1234"}, "12-digit"},
		{"endpoint-own-resources", map[string]string{"org": "org-1"}, "organization id"},
		{"endpoint-own-resources", map[string]string{"accounts": "111111111111", "public-buckets": "Bad_Bucket"}, "S3 bucket name"},
		{"require-imdsv2", map[string]string{"hop-limit": "0"}, "1 to 64"},
	}
	for _, tt := range tests {
		_, err := guardrail.Generate(tt.name, tt.params)
		if err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%s %v: got %v, want an error containing %q", tt.name, tt.params, err, tt.msg)
		}
	}
	_, err := guardrail.Generate("nope", nil)
	if !errors.Is(err, guardrail.ErrUnknown) {
		t.Errorf("unknown name: got %v, want ErrUnknown", err)
	}
}
