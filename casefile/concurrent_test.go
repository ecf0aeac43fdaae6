package casefile_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/casefile"
	"github.com/sekisho/sekisho/internal/readfile"
)

// eachConcurrent reads src with EachConcurrent on workers goroutines, the
// work failing on the case named failOn: it returns what fn saw (each case
// with its work's value) and the error.
func eachConcurrent(src []byte, file string, workers int, failOn string) ([]string, error) {
	var seen []string
	err := casefile.EachConcurrent(src, file, workers, func(c *casefile.Case) (string, error) {
		if c.Name == failOn {
			return "", fmt.Errorf("work failed on %s", c.Name)
		}
		return c.Name + "@" + c.Pos.String() + ":" + c.Request.Action, nil
	}, func(c *casefile.Case, v string) error {
		if want := c.Name + "@" + c.Pos.String() + ":" + c.Request.Action; v != want {
			return fmt.Errorf("fn got the value %q with the case of %q", v, want)
		}
		seen = append(seen, v)
		return nil
	})
	return seen, err
}

// TestEachConcurrentAsSequential: on several goroutines, the cases reach
// fn in file order with their own work's value, and the error is the one
// reading on one goroutine gives, the first in file order, whether it is
// a case that cannot be read, a duplicate name, an error of work or a
// syntax error further on, wherever it falls in a batch. (Collecting the
// slots out of order, or taking the first error to arrive, fails it.)
func TestEachConcurrentAsSequential(t *testing.T) {
	t.Parallel()
	item := func(i int) string {
		return fmt.Sprintf(`{"name": "c%d", "request": {"action": "s3:Get%d"}, "expect": "ImplicitDeny"}`, i, i)
	}
	list := func(n int, edit func(i int, s string) string) string {
		var items []string
		for i := range n {
			items = append(items, edit(i, item(i)))
		}
		return "[\n" + strings.Join(items, ",\n") + "\n]"
	}
	same := func(_ int, s string) string { return s }
	tests := []struct {
		name, src, failOn string
	}{
		{"all good", list(500, same), ""},
		{"empty", "[]", ""},
		{"not a list", item(1), ""},
		{"unreadable case late, work fails later", list(300, func(i int, s string) string {
			if i == 250 {
				return `{"name": "bad", "request": {"action": 7}}`
			}
			return s
		}), "c260"},
		{"work fails first", list(300, func(i int, s string) string {
			if i == 250 {
				return `{"name": "bad", "request": {"action": 7}}`
			}
			return s
		}), "c37"},
		{"duplicate before an unreadable case", list(300, func(i int, s string) string {
			switch i {
			case 100:
				return item(3)
			case 101:
				return `{"request": {}}`
			}
			return s
		}), ""},
		{"syntax error after the cases", list(200, same)[:len(list(200, same))-2] + ",\n{\"name\": }]", ""},
		{"syntax error after a failing work", list(200, same)[:len(list(200, same))-2] + ",\n{\"name\": }]", "c150"},
		{"trailing garbage", list(100, same) + " x", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			wantSeen, wantErr := eachConcurrent([]byte(tc.src), "cases.json", 1, tc.failOn)
			for _, workers := range []int{2, 3, 8} {
				for range 5 { // the goroutines interleave differently each time
					seen, err := eachConcurrent([]byte(tc.src), "cases.json", workers, tc.failOn)
					if fmt.Sprint(err) != fmt.Sprint(wantErr) {
						t.Fatalf("%d workers: error %v, want %v", workers, err, wantErr)
					}
					if !reflect.DeepEqual(seen, wantSeen) {
						t.Fatalf("%d workers: fn saw %d cases, want the %d of one goroutine in order", workers, len(seen), len(wantSeen))
					}
				}
			}
		})
	}
}

// TestEachConcurrentTooManyCases: the limit of cases per file holds, and
// is the error of its item, as on one goroutine.
func TestEachConcurrentTooManyCases(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("[")
	for i := range casefile.MaxCases + 5 {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"name":"c%d","request":{"action":"s3:GetObject"}}`, i)
	}
	b.WriteString("]")
	_, want := eachConcurrent([]byte(b.String()), "big.json", 1, "")
	_, err := eachConcurrent([]byte(b.String()), "big.json", 4, "")
	if want == nil || fmt.Sprint(err) != fmt.Sprint(want) {
		t.Fatalf("error %v, want %v", err, want)
	}
}

// TestEachConcurrentValueLimit: a case file of more values than a case
// file may hold (readfile.Cases) is refused on several goroutines with the
// error it has on one, at the same place.
func TestEachConcurrentValueLimit(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString(`[{"name":"many","request":{"action":"s3:GetObject","context":{"aws:SourceVpc":[`)
	for i := range readfile.Cases.Values + 10 {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`"a"`)
	}
	b.WriteString("]}}}]")
	_, want := eachConcurrent([]byte(b.String()), "many.json", 1, "")
	_, err := eachConcurrent([]byte(b.String()), "many.json", 4, "")
	if want == nil || !strings.Contains(want.Error(), "case file limit") || fmt.Sprint(err) != fmt.Sprint(want) {
		t.Fatalf("error %v, want %v (the case file limit)", err, want)
	}
}

// TestEachConcurrentPolicyFileReadOnce: cases read on several goroutines
// that name one policy file still share one parsed policy.
func TestEachConcurrentPolicyFileReadOnce(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "scp.json"), []byte(`{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "s3:*", "Resource": "*"}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	var items []string
	for i := range 200 {
		items = append(items, fmt.Sprintf(`{"name": "c%d", "request": {"action": "s3:GetObject"}, "policies": {"scp": [["scp.json"]]}}`, i))
	}
	file := filepath.Join(dir, "cases.json")
	var first any
	err := casefile.EachConcurrent([]byte("["+strings.Join(items, ",")+"]"), file, 4,
		func(c *casefile.Case) (any, error) { return c.Policies.SCP[0][0], nil },
		func(c *casefile.Case, pol any) error {
			if first == nil {
				first = pol
			}
			if pol != first {
				return fmt.Errorf("case %s has its own copy of scp.json", c.Name)
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
}
