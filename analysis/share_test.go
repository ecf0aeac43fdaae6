package analysis

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/model/load"
	"github.com/sekisho/sekisho/model/synth"
	"github.com/sekisho/sekisho/policy"
)

// TestSharedDecisionsUnchanged compares the answers of shared decisions
// (share.go: resources of other accounts a caller cannot tell apart are
// decided once) with a straightforward evaluation that decides every
// resource on its own, on small organizations whose instances differ:
// IMDSv1 and IMDSv2, other instance profiles, identity policies that name
// some buckets (allow and deny, NotResource, variables), endpoint policies
// that read aws:ResourceAccount or name buckets, bucket policies that read
// resource tags, buckets of other Regions and a partner's. Audit, leak
// (with and without AssumeRole chains), whatcan from each instance and
// exfil from each VPC must be the same, byte for byte.
func TestSharedDecisionsUnchanged(t *testing.T) {
	t.Parallel()
	// AssumeRole chains are followed in the native organization only: in
	// the others the tooling account reaches every administrator role,
	// whose whatcan from every place is long to ask twice.
	orgs := map[string]func(t *testing.T) *model.Model{
		"native": func(t *testing.T) *model.Model {
			return loadFiles(t, synth.Generate(synth.Config{Seed: 7, Accounts: 6, RolesPerAccount: 8, BucketsPerAccount: 4, InstancesPerVPC: 3}))
		},
		"awscli": func(t *testing.T) *model.Model {
			return loadFiles(t, synth.GenerateAWSCLI(synth.Config{Seed: 3, Accounts: 4, RolesPerAccount: 3, InstancesPerVPC: 3}))
		},
		"varied": func(t *testing.T) *model.Model {
			m := loadFiles(t, synth.GenerateAWSCLI(synth.Config{Seed: 5, Accounts: 6, RolesPerAccount: 3, InstancesPerVPC: 3}))
			vary(t, m)
			return m
		},
	}
	for name, load := range orgs {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m := load(t)
			shared, alone := New(m), New(m)
			alone.noShare = true
			for _, a := range []*Analyzer{shared, alone} {
				a.Now = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
			}
			for _, q := range shareQuestions(m, name == "native") {
				got, gerr := q.ask(shared)
				want, werr := q.ask(alone)
				if fmt.Sprint(gerr) != fmt.Sprint(werr) {
					t.Fatalf("%s: error %v, want %v", q.name, gerr, werr)
				}
				g, _ := json.Marshal(got)
				w, _ := json.Marshal(want)
				if string(g) != string(w) {
					t.Errorf("%s: shared decisions answer differently (%d bytes, want %d; first difference at byte %d)",
						q.name, len(g), len(w), firstDifference(g, w))
				}
			}
			classed := 0
			shared.sides.Each(func(v resourceSideKey) {
				if v.key != "" {
					classed++
				}
			})
			if classed == 0 {
				t.Errorf("no resource was classed: the test compares nothing shared")
			}
		})
	}
}

type shareQuestion struct {
	name string
	ask  func(a *Analyzer) (any, error)
}

func shareQuestions(m *model.Model, follow bool) []shareQuestion {
	qs := []shareQuestion{{"audit", func(a *Analyzer) (any, error) { return a.Audit(AuditOptions{}) }}}
	for _, id := range slices.Sorted(maps.Keys(m.Instances)) {
		// leak asks whatcan from the instance, then each place
		qs = append(qs, shareQuestion{"leak " + id, func(a *Analyzer) (any, error) { return a.Leak(id, WhatCanOptions{FollowAssume: follow}) }})
	}
	for _, id := range slices.Sorted(maps.Keys(m.VPCs)) {
		qs = append(qs, shareQuestion{"exfil " + id, func(a *Analyzer) (any, error) { return a.Exfil(id) }})
	}
	return qs
}

func loadFiles(t *testing.T, files map[string][]byte) *model.Model {
	t.Helper()
	m, err := load.LoadFiles(files, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// vary makes the instances, endpoints and buckets of a synthetic
// organization differ in the ways shared decisions must tell apart.
func vary(t *testing.T, m *model.Model) {
	t.Helper()
	kindDoc := func(k policy.Kind, src string) *policy.Policy {
		p, err := policy.Parse([]byte(src), policy.Source{File: "vary.json", Kind: k, Name: "vary-" + k.String()})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	doc := func(src string) *policy.Policy { return kindDoc(policy.Identity, src) }
	acct := func(i int) *model.Account { return m.Accounts[synth.AccountID(i)] }
	bucket := func(i, b int) string { return "arn:aws:s3:::synth-" + synth.AccountID(i) + "-data-" + fmt.Sprint(b) }

	// Account 1's instance role denies one bucket of account 2 and
	// allows writes to another; account 2's names buckets with a variable.
	r1 := acct(1).Roles["app-0"]
	r1.Inline = append(r1.Inline, doc(`{"Version":"2012-10-17","Statement":[
		{"Effect":"Deny","Action":"s3:GetObject","Resource":"`+bucket(2, 1)+`/*"},
		{"Effect":"Allow","Action":"s3:PutObject","Resource":["`+bucket(3, 0)+`/*","`+bucket(4, 2)+`/*"]}]}`))
	r2 := acct(2).Roles["app-0"]
	r2.Inline = append(r2.Inline, doc(`{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::synth-${aws:PrincipalAccount}-data-0/*"}]}`))
	// Account 2's role may write to a bucket from one of its instances
	// only: its instances must not share their audit (auditleak.go, twins).
	r2.Inline = append(r2.Inline, doc(`{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":"s3:PutObject","Resource":"`+bucket(2, 1)+`/*",
		 "Condition":{"StringEquals":{"ec2:SourceInstanceARN":"`+m.Instances[synth.InstanceID(2, 1)].ARN()+`"}}}]}`))
	// Account 3's instance role denies everything but one bucket.
	r3 := acct(3).Roles["app-0"]
	r3.Inline = append(r3.Inline, doc(`{"Version":"2012-10-17","Statement":[
		{"Effect":"Deny","Action":"s3:*","NotResource":["`+bucket(0, 0)+`","`+bucket(0, 0)+`/*"]}]}`))

	// One instance of account 4 uses another role's profile.
	a4 := acct(4)
	for name := range a4.Roles {
		if name != "app-0" {
			arnStr := "arn:aws:iam::" + a4.ID + ":instance-profile/other"
			a4.InstanceProfiles["other"] = &model.InstanceProfile{ARN: arnStr, Name: "other", Path: "/", Account: a4.ID, Role: name}
			m.Instances[synth.InstanceID(4, 2)].InstanceProfile = arnStr
			break
		}
	}

	// Account 0's S3 endpoint lets through only accounts 0 and 1's
	// resources; account 5's names two buckets, and one action on any.
	for _, v := range m.VPCs {
		for _, e := range v.Endpoints {
			switch {
			case e.Service != "s3":
			case v.Account == synth.AccountID(0):
				e.Policy = kindDoc(policy.Endpoint, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*",
					"Condition":{"StringEquals":{"aws:ResourceAccount":["`+synth.AccountID(0)+`","`+synth.AccountID(1)+`"]}}}]}`)
			case v.Account == synth.AccountID(5):
				// The one statement on "*" tells s3:GetObject from the other
				// actions the instance role asks, as no other account's
				// policies do: classes of actions kept for other sets must
				// not be reused here (share.go, actionClassesOf).
				e.Policy = kindDoc(policy.Endpoint, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*",
					"Resource":["`+bucket(1, 0)+`","`+bucket(1, 0)+`/*","`+bucket(2, 2)+`/*"]},
					{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}`)
			}
		}
	}

	// Buckets of account 2 carry tags that a bucket policy reads; one
	// bucket of account 3 is in another Region.
	for b := 0; b < 3; b++ {
		r := m.Resources[bucket(2, b)]
		r.Tags = map[string]string{"team": fmt.Sprint("team-", b%2)}
		r.Policy = kindDoc(policy.Resource, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":["s3:GetObject","s3:ListBucket"],
			"Resource":["`+bucket(2, b)+`","`+bucket(2, b)+`/*"],
			"Condition":{"StringEquals":{"aws:ResourceTag/team":"team-0","aws:PrincipalOrgID":"`+synth.OrgID+`"}}}]}`)
	}
	m.Resources[bucket(3, 1)].Region = "us-east-1"
}

func firstDifference(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// TestSameButActionFields: sameButAction compares every field of a
// request but the action; a field added to policy.Request must be
// compared too.
func TestSameButActionFields(t *testing.T) {
	t.Parallel()
	if n := reflect.TypeFor[policy.Request]().NumField(); n != 8 {
		t.Errorf("policy.Request has %d fields; sameButAction compares 8 (update it)", n)
	}
}

// TestCountedUnitsClassesByAccount: the classes a counted leak keeps for
// its units (countedUnits.classesOf) are kept by the caller's account,
// whose own resources never share: a caller of another account asking
// the same units gets its own classes, and those kept stay as they were
// when they are laid out in one arena (an auditScratch's).
func TestCountedUnitsClassesByAccount(t *testing.T) {
	t.Parallel()
	a := New(loadFiles(t, synth.GenerateAWSCLI(synth.Config{Seed: 3, Accounts: 2})))
	ofA, ofB := &resourceSideKey{id: 1, account: "A"}, &resourceSideKey{id: 2, account: "B"}
	units := []shareUnit{
		{svc: "s3", res: "arn:aws:s3:::a1", side: ofA}, {svc: "s3", res: "arn:aws:s3:::a2", side: ofA},
		{svc: "s3", res: "arn:aws:s3:::b1", side: ofB}, {svc: "s3", res: "arn:aws:s3:::b2", side: ofB},
		{svc: "s3", res: "arn:aws:s3:::b3", side: ofB, extra: "other actions"},
	}
	for _, arena := range []*classArena{nil, {}} {
		cu := &countedUnits{units: units, classes: map[string][][]int{}, arena: arena}
		for _, account := range []string{"A", "B", "A", "C", "B"} {
			got, want := cu.classesOf(a, account), a.shareClasses(account, units)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("arena %t, caller of %s: classes %v, want %v", arena != nil, account, got, want)
			}
		}
	}
	if got := a.shareClasses("A", units); !reflect.DeepEqual(got, [][]int{{2, 3}}) {
		t.Errorf("caller of A: classes %v, want [[2 3]]", got)
	}
}

// TestShareClassesByExtraText: units share by the text of what else they
// ask (extra), wherever that text is in memory: the same actions listed
// by two builders share, other actions of the same length do not, and a
// string that shares its memory with a longer one is its own text.
func TestShareClassesByExtraText(t *testing.T) {
	t.Parallel()
	a := New(loadFiles(t, synth.GenerateAWSCLI(synth.Config{Seed: 3, Accounts: 2})))
	side := &resourceSideKey{id: 1, account: "B"}
	list := func(s string) string { return strings.Clone(s) } // its own memory
	long := "s3:GetObject,s3:PutObject,"
	units := []shareUnit{
		{svc: "s3", res: "arn:aws:s3:::b1", side: side, extra: list("s3:GetObject,")},
		{svc: "s3", res: "arn:aws:s3:::b2", side: side, extra: list("s3:PutObject,")}, // the same length
		{svc: "s3", res: "arn:aws:s3:::b3", side: side, extra: list("s3:GetObject,")},
		{svc: "s3", res: "arn:aws:s3:::b4", side: side, extra: long[:len("s3:GetObject,")]}, // a prefix of another's memory
		{svc: "s3", res: "arn:aws:s3:::b5", side: side, extra: long},
		{svc: "s3", res: "arn:aws:s3:::b6", side: side, extra: list(long)},
		{svc: "s3", res: "arn:aws:s3:::b7", side: side},
		{svc: "s3", res: "arn:aws:s3:::b8", side: side, extra: list("s3:PutObject,")},
	}
	want := [][]int{{0, 2, 3}, {1, 7}, {4, 5}}
	if got := a.shareClasses("A", units); !reflect.DeepEqual(got, want) {
		t.Errorf("classes %v, want %v", got, want)
	}
}

// TestAuditIMDSv1RoleDelivery: audit counts IMDSv1 credentials as the
// IMDSv2 ones only while no policy reads ec2:RoleDelivery (countIMDSv1).
// Here account 1's instance role denies reads to IMDSv1 credentials: the
// IMDSv1 counts of its instances must differ from the legitimate counts,
// as leak decides them.
func TestAuditIMDSv1RoleDelivery(t *testing.T) {
	t.Parallel()
	m := loadFiles(t, synth.GenerateAWSCLI(synth.Config{Seed: 3, Accounts: 3, RolesPerAccount: 3, InstancesPerVPC: 2}))
	deny, err := policy.Parse([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["s3:Get*","ec2:Describe*"],"Resource":"*",
		"Condition":{"NumericLessThan":{"ec2:RoleDelivery":"2.0"}}}]}`), policy.Source{File: "v1.json", Kind: policy.Identity, Name: "deny-v1"})
	if err != nil {
		t.Fatal(err)
	}
	r := m.Accounts[synth.AccountID(1)].Roles["app-0"]
	r.Inline = append(r.Inline, deny)
	shared, alone := New(m), New(m)
	alone.noShare = true
	got, err := shared.Audit(AuditOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := alone.Audit(AuditOptions{})
	if err != nil {
		t.Fatal(err)
	}
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		t.Errorf("audit with a policy reading ec2:RoleDelivery answers differently (%d bytes, want %d; first difference at byte %d)",
			len(g), len(w), firstDifference(g, w))
	}
	v1 := synth.InstanceID(1, 1) // HttpTokens optional
	found := false
	for _, f := range got.Findings {
		if f.Check == CheckIMDSv2 && f.Subject == v1 {
			found = true
		}
	}
	if !found {
		t.Fatalf("no IMDSv2 finding for %s: the test checks nothing", v1)
	}
}

// TestTwinSetKeepsUntilLastTwin: audit keeps an instance's counted leak
// for its twins still to come, in whatever order the instances come, and
// drops it after the last (twinSet): kept for every account until the
// audit ends, the plans grew the heap with the square of the accounts.
// Each twin's counts must be those its own count gives.
func TestTwinSetKeepsUntilLastTwin(t *testing.T) {
	t.Parallel()
	m := loadFiles(t, synth.GenerateAWSCLI(synth.Config{Seed: 3, Accounts: 2, RolesPerAccount: 3, InstancesPerVPC: 3}))
	a := New(m)
	// Twins of two accounts, interleaved.
	ids := []string{synth.InstanceID(0, 0), synth.InstanceID(1, 0), synth.InstanceID(0, 1), synth.InstanceID(1, 1), synth.InstanceID(0, 2), synth.InstanceID(1, 2)}
	twins := a.newTwinSet(ids)
	if len(twins.left) != 2 {
		t.Fatalf("%d twin keys, want 2 (one per account)", len(twins.left))
	}
	for n, id := range ids {
		in := m.Instances[id]
		got, ok := a.twinLeakOf(in, twins, nil) // two accounts' leaks live at once: no scratch
		if !ok {
			t.Fatalf("%s: not counted", id)
		}
		want, _, ok := New(m).auditLeak(id, nil)
		if !ok {
			t.Fatalf("%s: not counted alone", id)
		}
		if g, w := fmt.Sprintf("%+v", *got), fmt.Sprintf("%+v", *want); g != w {
			t.Errorf("%s: counted %s, want %s", id, g, w)
		}
		// After the first two, both accounts' leaks are kept until their
		// last twin (the last two).
		wantKept := map[int]int{0: 1, 1: 2, 2: 2, 3: 2, 4: 1, 5: 0}[n]
		if len(twins.leaks) != wantKept {
			t.Errorf("after %s: %d counted leaks kept, want %d", id, len(twins.leaks), wantKept)
		}
	}
}

// TestAuditInstancesInOrder: audit counts its instances' leaks on every
// CPU (instanceLeaks), twins by one worker; its findings must be those of
// counting one instance after the other with one twinSet, as an audit did
// before, finding for finding.
func TestAuditInstancesInOrder(t *testing.T) {
	t.Parallel()
	m := loadFiles(t, synth.GenerateAWSCLI(synth.Config{Seed: 5, Accounts: 4, RolesPerAccount: 3, InstancesPerVPC: 3}))
	a := New(m)
	got, err := a.Audit(AuditOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// One after the other.
	b := New(m)
	want := &AuditResult{Checked: map[string]int{}}
	ids := slices.Sorted(maps.Keys(m.Instances))
	twins := b.newTwinSet(ids)
	for _, id := range ids {
		in := m.Instances[id]
		var c leakOrError
		if in.InstanceProfile != "" {
			c.leak, c.err = b.instanceLeak(in, twins, nil)
		}
		if err := b.auditInstance(want, in, c); err != nil {
			t.Fatal(err)
		}
	}
	var gotInstances []AuditFinding
	for _, f := range got.Findings {
		if _, ok := m.Instances[f.Subject]; ok {
			gotInstances = append(gotInstances, f)
		}
	}
	if len(want.Findings) < 2*len(ids) {
		t.Fatalf("%d instance findings for %d instances: the test checks little", len(want.Findings), len(ids))
	}
	g, _ := json.Marshal(gotInstances)
	w, _ := json.Marshal(want.Findings)
	if string(g) != string(w) {
		t.Errorf("instance findings differ from one instance after the other:\n got %s\nwant %s", g, w)
	}
	for _, c := range []string{CheckPinned, CheckIMDSv2} {
		if got.Checked[c] != want.Checked[c] {
			t.Errorf("checked %s %d, want %d", c, got.Checked[c], want.Checked[c])
		}
	}
}

// TestCandidateNamesOfList: the names of a candidate list are kept by the
// list's first element and length; a shorter list from the same place, or
// a list whose names changed, must get its own names.
func TestCandidateNamesOfList(t *testing.T) {
	t.Parallel()
	a := New(&model.Model{})
	c := []candidate{{name: "s3:GetObject"}, {name: "s3:ListBucket"}, {name: "s3:PutObject"}}
	if got := a.candidateNamesOf(c); !slices.Equal(got, []string{"s3:GetObject", "s3:ListBucket", "s3:PutObject"}) {
		t.Fatalf("names %v", got)
	}
	if got := a.candidateNamesOf(c[:2]); !slices.Equal(got, []string{"s3:GetObject", "s3:ListBucket"}) {
		t.Errorf("shorter list: names %v", got)
	}
	c[1].name = "s3:GetObjectAcl"
	if got := a.candidateNamesOf(c); !slices.Equal(got, []string{"s3:GetObject", "s3:GetObjectAcl", "s3:PutObject"}) {
		t.Errorf("changed list: names %v", got)
	}
}

// TestStarRouteKeyUnchanged: a request on "*" that decideStar answers
// before gathering, from a decision of another service whose route agrees
// (starDecisions.byRoute), is decided as gathering it decides it: the
// same result, request, policy set and route. The instances' VPCs have
// an S3 gateway endpoint with a policy, and account 1's an EC2 interface
// endpoint that denies a read and an SSM one with the default policy, so
// that services' routes differ in their endpoint and its context; the
// internet and a foreign VPC ask every service through the same route.
func TestStarRouteKeyUnchanged(t *testing.T) {
	t.Parallel()
	m := loadFiles(t, synth.GenerateAWSCLI(synth.Config{Seed: 5, Accounts: 6, RolesPerAccount: 3, InstancesPerVPC: 3}))
	vary(t, m)
	deny, err := policy.Parse([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},
		{"Effect":"Deny","Principal":"*","Action":"ec2:DescribeInstances","Resource":"*"}]}`), policy.Source{File: "e.json", Kind: policy.Endpoint, Name: "ec2-endpoint"})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range m.VPCs {
		if v.Account != synth.AccountID(1) {
			continue
		}
		for _, svc := range []string{"ec2", "ssm"} {
			e := &model.Endpoint{ID: "vpce-test-" + svc, Account: v.Account, VPC: v.ID, Region: v.Region, ServiceName: "com.amazonaws." + v.Region + "." + svc,
				Service: svc, Type: model.Interface}
			if svc == "ec2" {
				e.Policy = deny
			}
			v.Endpoints = append(v.Endpoints, e)
			m.Endpoints[e.ID] = e
		}
	}
	a := New(m)
	a.Now = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	hits, endpoints := 0, map[*model.Endpoint]bool{}
	for _, id := range slices.Sorted(maps.Keys(m.Instances)) {
		creds, legit, base := instanceBase(t, a, id)
		byService := a.candidatesOf(base.gathered.Set, "")
		places := append([]leakPlace{{name: "legitimate", from: legit}}, a.leakPlaces(legit)[:2]...)
		for _, pl := range places {
			s := &starDecisions{}
			for _, svc := range slices.Sorted(maps.Keys(byService)) {
				for _, c := range byService[svc][:min(2, len(byService[svc]))] {
					q := model.Query{Credentials: creds, Action: c.name, Resource: "*", From: pl.from, Context: pl.context}
					got, gerr := a.decideStar(q, s)
					want, werr := a.decide(q)
					if fmt.Sprint(gerr) != fmt.Sprint(werr) {
						t.Fatalf("%s from %s, %s: error %v, want %v", id, pl.name, c.name, gerr, werr)
					}
					if gerr != nil {
						continue
					}
					switch {
					case !reflect.DeepEqual(got.Result, want.Result):
						t.Errorf("%s from %s, %s: result %+v, want %+v", id, pl.name, c.name, got.Result, want.Result)
					case !reflect.DeepEqual(got.gathered.Request, want.gathered.Request):
						t.Errorf("%s from %s, %s: the request gathered differs: %+v, want %+v", id, pl.name, c.name, got.gathered.Request, want.gathered.Request)
					case keyOf(got.gathered.Set) != keyOf(want.gathered.Set):
						t.Errorf("%s from %s, %s: policy set differs from the gathered one", id, pl.name, c.name)
					case got.gathered.Route != want.gathered.Route:
						t.Errorf("%s from %s, %s: route %q, want %q", id, pl.name, c.name, got.gathered.Route.Summary, want.gathered.Route.Summary)
					}
					if e := want.gathered.Route.Endpoint; e != nil {
						endpoints[e] = true
					}
				}
			}
			hits += s.hits
		}
	}
	if hits == 0 || len(endpoints) < 3 {
		t.Errorf("%d decisions taken before gathering, through %d endpoints: the test compares too little", hits, len(endpoints))
	}
}

// TestCountedJobsActionList: the list of actions a counted job keeps for
// the places it is decided at (jobOrder.list, decideNamed) is its
// capabilities' actions in Leak's order, with their actionsHash, as
// decideCaps would list and hash them.
func TestCountedJobsActionList(t *testing.T) {
	t.Parallel()
	m := loadFiles(t, synth.GenerateAWSCLI(synth.Config{Seed: 5, Accounts: 6, RolesPerAccount: 3, InstancesPerVPC: 3}))
	vary(t, m)
	a := New(m)
	a.Now = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	checked := 0
	sc := new(auditScratch) // each plan is dropped before the next
	for _, id := range slices.Sorted(maps.Keys(m.Instances)) {
		creds, legit, base := instanceBase(t, a, id)
		plan := a.planCapabilities(creds, WhatCanOptions{From: legit, noCompleteness: true, noStatements: true}, a.candidatesOf(base.gathered.Set, ""),
			base.gathered.Set.Identity, base.Request.Principal, nil, sc)
		for _, j := range a.countedJobs(plan, sc) {
			var want []string
			for _, t := range j.order {
				want = append(want, j.caps[t].Action)
			}
			if !slices.Equal(j.list.names, want) || j.list.hash != actionsHash(want) {
				t.Fatalf("%s, job %s: kept actions %v (hash %x), want %v (hash %x)", id, plan.jobs[j.job].t.res, j.list.names, j.list.hash, want, actionsHash(want))
			}
			checked++
		}
	}
	if checked == 0 {
		t.Error("no counted job: the test compares nothing")
	}
}

// instanceBase is what a leak of instance id starts from: its
// credentials, its legitimate place and the decision that gathers its
// identity policies there.
func instanceBase(t *testing.T, a *Analyzer, id string) (model.Credentials, model.Vantage, *decision) {
	t.Helper()
	creds, legit, err := a.leakTarget(id)
	if err != nil {
		t.Fatal(err)
	}
	base, err := a.decide(model.Query{Credentials: creds, Action: "sts:GetCallerIdentity", From: legit})
	if err != nil {
		t.Fatal(err)
	}
	return creds, legit, base
}
