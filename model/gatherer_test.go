package model_test

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/model/load"
	"github.com/sekisho/sekisho/policy"
)

// TestGathererSameAsGather: a Gatherer gathers what the model's GatherAll
// does, error for error, on first asking and from what it kept, whatever
// was asked before (every gather case, then the same again, through one
// Gatherer; the error cases of TestGatherErrors among them).
func TestGathererSameAsGather(t *testing.T) {
	t.Parallel()
	m := loadAWS(t)
	var queries []model.Query
	for _, tc := range gatherCases {
		queries = append(queries, query(t, tc.creds, tc.from, tc.action, tc.resource, tc.context))
	}
	for _, tc := range [][4]string{
		{"arn:aws:iam::111111111111:user/nobody", "", "s3:GetObject", "*"},
		{"instance-profile:i-0prod000000000001:v1", "", "s3:GetObject", "*"},
		{"arn:aws:iam::111111111111:user/alice", "", "s3:GetObject", "arn:aws:s3:::unknown-bucket/x"},
		{"arn:aws:iam::111111111111:user/alice", "", "kms:Decrypt", "arn:aws:kms:ap-northeast-1:111111111111:key/abcd"},
		{"arn:aws:iam::111111111111:user/alice", "vpc:vpc-nothere", "s3:GetObject", "*"},
		{"arn:aws:iam::111111111111:user/alice", "", "sts:AssumeRole", "arn:aws:iam::111111111111:role/nothere"},
		// The same role as a resource, with and without its trust policy.
		{"arn:aws:iam::111111111111:user/alice", "", "iam:GetRole", "arn:aws:iam::111111111111:role/app-role"},
		{"arn:aws:iam::222222222222:user/sandbox-dev", "", "sts:AssumeRole", "arn:aws:iam::111111111111:role/app-role"},
		{"arn:aws:iam::222222222222:user/sandbox-dev", "instance:i-0prod000000000001", "s3:GetObject", "arn:aws:s3:::prod-data/report.csv"},
		// Credentials other than a principal's own, resolved once.
		{"access-key:AKIANOTHERE", "", "s3:GetObject", "*"},
		{"role-session:arn:aws:iam::111111111111:role/app-role:me", "", "s3:GetObject", "arn:aws:s3:::prod-data/report.csv"},
		{"role-session:arn:aws:iam::111111111111:role/app-role", "", "s3:GetObject", "arn:aws:s3:::prod-data/report.csv"},
		{"instance-profile:i-0prod000000000002", "internet:203.0.113.9", "s3:GetObject", "arn:aws:s3:::prod-data/x"},
		// A session of an instance's role, asked as a principal: a Caller
		// resolves it to the instance's credentials, not into its own room.
		{"arn:aws:sts::111111111111:assumed-role/app-role/i-0prod000000000001", "", "s3:GetObject", "arn:aws:s3:::prod-data/report.csv"},
	} {
		queries = append(queries, query(t, tc[0], tc[1], tc[2], tc[3], nil))
	}
	g := m.NewGatherer()
	if g.Model() != m {
		t.Fatal("Gatherer.Model is not its model")
	}
	// A Caller per credentials, kept over both rounds: GatherAs gathers
	// through it what GatherAll does.
	callers := map[model.Credentials]*model.Caller{}
	for round := range 2 {
		for i, q := range queries {
			t.Run(fmt.Sprintf("round%d/%d-%s-%s", round, i, q.Action, q.Resource), func(t *testing.T) {
				want, wantErr := m.GatherAll(q)
				got, err := g.GatherAll(q)
				if fmt.Sprint(err) != fmt.Sprint(wantErr) {
					t.Fatalf("error %v, the model's %v", err, wantErr)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("gathered\n%+v\nthe model's\n%+v", got, want)
				}
				c := callers[q.Credentials]
				if c == nil {
					c = g.Caller(q.Credentials)
					callers[q.Credentials] = c
				}
				got, err = g.GatherAs(c, q)
				if fmt.Sprint(err) != fmt.Sprint(wantErr) {
					t.Fatalf("GatherAs: error %v, the model's %v", err, wantErr)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("GatherAs gathered\n%+v\nthe model's\n%+v", got, want)
				}
			})
		}
	}
	if _, err := m.NewGatherer().GatherAs(g.Caller(queries[0].Credentials), queries[0]); err == nil {
		t.Error("GatherAs took a Caller of another Gatherer")
	}
}

func query(t *testing.T, creds, from, action, resource string, ctx map[string][]string) model.Query {
	t.Helper()
	c, err := model.ParseCredentials(creds)
	if err != nil {
		t.Fatal(err)
	}
	v, err := model.ParseVantage(from)
	if err != nil {
		t.Fatal(err)
	}
	return model.Query{Credentials: c, Action: action, Resource: resource, From: v, Context: ctx}
}

// TestGatheredAsResolved: the request's principal is the one the
// credentials resolve to, parsed (its path, its ARN as the model writes
// it), however the query wrote it: alice is asked without her path.
func TestGatheredAsResolved(t *testing.T) {
	t.Parallel()
	m := loadAWS(t)
	g := m.NewGatherer()
	for _, tc := range gatherCases {
		q := query(t, tc.creds, tc.from, tc.action, tc.resource, tc.context)
		for _, gather := range []func(model.Query) (*model.Gathered, error){m.GatherAll, g.GatherAll,
			func(q model.Query) (*model.Gathered, error) { return g.GatherAs(g.Caller(q.Credentials), q) }} {
			got, err := gather(q)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			want, err := arn.ParsePrincipal(got.Principal)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if got.Request.Principal != want {
				t.Errorf("%s: request principal %+v, want %+v (%s parsed)", tc.name, got.Request.Principal, want, got.Principal)
			}
		}
	}
}

// TestGatheredKeepsItsLayers: a request's layers are its own (each
// Gathered backs them): gathering more, or appending to one request's
// layers, leaves the layers of every request gathered before as they
// were (printed when gathered: fmt sorts map keys).
func TestGatheredKeepsItsLayers(t *testing.T) {
	t.Parallel()
	m := loadAWS(t)
	g := m.NewGatherer()
	var kept []*model.Gathered
	var printed []string
	for _, tc := range gatherCases {
		q := query(t, tc.creds, tc.from, tc.action, tc.resource, tc.context)
		got, err := g.GatherAs(g.Caller(q.Credentials), q)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		printed = append(printed, fmt.Sprint(got.Request.Layers))
		// Two readers that each extend the same gathered request
		// (withDefaultRegion adds a Region layer) must not write into one
		// room: Request.Layers is clipped, so each append copies.
		one := append(got.Request.Layers, map[string][]string{"aws:SourceIp": {"192.0.2.1"}})
		two := append(got.Request.Layers, map[string][]string{"aws:SourceIp": {"198.51.100.1"}})
		if a, b := one[len(one)-1]["aws:SourceIp"][0], two[len(two)-1]["aws:SourceIp"][0]; a == b {
			t.Errorf("%s: two extensions of one gathered request share their last layer (%s)", tc.name, a)
		}
		kept = append(kept, got)
	}
	for i, got := range kept {
		if now := fmt.Sprint(got.Request.Layers); now != printed[i] {
			t.Errorf("%s: layers %s after more gathers, were %s", gatherCases[i].name, now, printed[i])
		}
	}
}

// TestCallerKeepsItsPolicies: what a Caller keeps of its principal (in
// rooms of its own) is read only. Two readers that each extend the
// identity policies of the same principal's gathered sets do not write
// into one room, and a principal without identity policies gathers none
// (nil), as the model's GatherAll does.
func TestCallerKeepsItsPolicies(t *testing.T) {
	t.Parallel()
	m, err := load.Load("load/testdata/aws", load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := m.PutUser("111111111111", "no-policies"); err != nil {
		t.Fatal(err)
	}
	g := m.NewGatherer()
	extra := []*policy.Policy{{}, {}}
	for _, creds := range []string{"arn:aws:iam::111111111111:user/no-policies", "arn:aws:iam::111111111111:user/alice",
		"arn:aws:iam::111111111111:role/app-role", "arn:aws:iam::222222222222:user/sandbox-dev"} {
		q := query(t, creds, "", "s3:GetObject", "*", nil)
		want, err := m.GatherAll(q)
		if err != nil {
			t.Fatalf("%s: %v", creds, err)
		}
		c := g.Caller(q.Credentials)
		var sets [2]*model.Gathered
		for i := range sets {
			if sets[i], err = g.GatherAs(c, q); err != nil {
				t.Fatalf("%s: %v", creds, err)
			}
			if !reflect.DeepEqual(sets[i], want) {
				t.Errorf("%s: GatherAs gathered\n%+v\nthe model's\n%+v", creds, sets[i], want)
			}
		}
		one := append(sets[0].Set.Identity, extra[0])
		two := append(sets[1].Set.Identity, extra[1])
		if one[len(one)-1] == two[len(two)-1] {
			t.Errorf("%s: two extensions of one principal's identity policies share their last", creds)
		}
	}
}
