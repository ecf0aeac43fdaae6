package awsref

import (
	"strings"
	"sync"
	"testing"
)

// TestLookupActionAsOneIndex checks the per-service action indexes, built
// lazily, against one index of every lower-case "service:name" built at
// once (the index they replace): every action and every spelling tried
// is found, or not, alike, including names that are not actions.
func TestLookupActionAsOneIndex(t *testing.T) {
	d, err := load(artifact)
	if err != nil {
		t.Fatal(err)
	}
	whole := map[string]int32{}
	prefixes := map[string]bool{}
	for i, a := range d.actions {
		whole[strings.ToLower(a.Service+":"+a.Name)] = int32(i)
	}
	for _, s := range d.services {
		p := strings.ToLower(s.Prefix)
		if prefixes[p] || strings.Contains(p, ":") {
			t.Fatalf("service prefix %q repeated or with a colon: a lookup by service would miss actions", s.Prefix)
		}
		prefixes[p] = true
	}
	names := []string{"", ":", "s3", "s3:", ":GetObject", "nosuch:GetObject", "s3:NoSuchAction", "s3:GetObject:x",
		"s3::GetObject", "S3:GETOBJECT ", strings.Repeat("s3:", 50) + "GetObject", "s3:" + strings.Repeat("a", 200)}
	for _, a := range d.actions {
		names = append(names, a.Service+":"+a.Name, strings.ToUpper(a.Service)+":"+a.Name, a.Service+":"+a.Name+"x")
	}
	for _, n := range names {
		want, wantOK := whole[strings.ToLower(n)]
		got, ok := d.lookupAction(n)
		if ok != wantOK || got != want {
			t.Fatalf("lookupAction(%q) = %d, %v; want %d, %v", n, got, ok, want, wantOK)
		}
		if ok && d.actionLower[got] != strings.ToLower(n) {
			t.Fatalf("actionLower of %q = %q", n, d.actionLower[got])
		}
	}
}

// TestActionIndexesConcurrent looks up actions of every service from
// several goroutines at once on fresh tables, so that the race detector
// sees services indexed while others are read, then checks that the
// matcher's view of every lower-case name (tables.lowered) agrees.
func TestActionIndexesConcurrent(t *testing.T) {
	d, err := load(artifact)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < len(d.actions); i += 4 {
				a := d.actions[i]
				if _, ok := d.lookupAction(a.Service + ":" + a.Name); !ok {
					t.Errorf("%s:%s: not found", a.Service, a.Name)
					return
				}
			}
		})
	}
	wg.Go(d.lowered)
	wg.Wait()
	for i, a := range d.actions {
		if want := strings.ToLower(a.Service + ":" + a.Name); d.actionLower[i] != want {
			t.Fatalf("actionLower[%d] = %q, want %q", i, d.actionLower[i], want)
		}
	}
}

// TestExpandOnFreshTables expands patterns on tables no lookup has
// indexed yet, and compares with the package's tables: the matcher reads
// every service's lower-case names, which it must have built first.
func TestExpandOnFreshTables(t *testing.T) {
	for _, tc := range []struct {
		patterns []string
		not      bool
	}{
		{[]string{"*:Get*"}, false},
		{[]string{"iam:PassRole", "S3:*Object"}, false},
		{[]string{"s3:*", "ec2:Describe*"}, true},
	} {
		d, err := load(artifact)
		if err != nil {
			t.Fatal(err)
		}
		expand, want := d.expandAny, ExpandAny(tc.patterns)
		if tc.not {
			expand, want = d.expandNot, ExpandNot(tc.patterns)
		}
		got := expand(tc.patterns)
		if len(want) == 0 || len(got) != len(want) {
			t.Fatalf("%v (not %v): %d actions on fresh tables, %d on the package's", tc.patterns, tc.not, len(got), len(want))
		}
		for i := range got {
			if got[i].String() != want[i].String() {
				t.Fatalf("%v (not %v): action %d is %s, want %s", tc.patterns, tc.not, i, got[i], want[i])
			}
		}
	}
}
