package cond_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/internal/cond"
)

// TestContextAsMap: a context answers as a map of lower-cased keys would,
// below and past the size where a map starts to index its keys, keys set
// again in another case, as a list or not, included.
func TestContextAsMap(t *testing.T) {
	t.Parallel()
	for _, n := range []int{0, 1, 5, 23, 24, 25, 26, 60} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			t.Parallel()
			ctx := cond.NewContextSize(n / 2)
			type want struct {
				name   string
				values []string
				list   bool
			}
			model := map[string]*want{}
			set := func(key string, list bool, values ...string) {
				if list {
					ctx.SetList(key, values...)
				} else {
					ctx.Set(key, values...)
				}
				lk := strings.ToLower(key)
				if w := model[lk]; w != nil {
					w.values, w.list = values, list
					return
				}
				model[lk] = &want{name: key, values: values, list: list}
			}
			for i := range n {
				set(fmt.Sprintf("svc:Key%d", i), i%3 == 0, fmt.Sprint(i))
			}
			for i := 0; i < n; i += 2 { // set again, in upper case, the other way
				set(fmt.Sprintf("SVC:KEY%d", i), i%3 != 0, "again", fmt.Sprint(i))
			}
			set("svc:empty", false)
			setAbsent := func(key string, values ...string) {
				lk := strings.ToLower(key)
				w := model[lk]
				wantSet := w == nil || len(w.values) == 0
				if got := ctx.SetAbsent(key, values...); got != wantSet {
					t.Errorf("SetAbsent(%s) = %v, want %v", key, got, wantSet)
				}
				switch {
				case w == nil:
					model[lk] = &want{name: key, values: values}
				case wantSet:
					w.values, w.list = values, false
				}
			}
			setAbsent("Svc:Empty", "now")
			for i := 0; i < n+3; i += 3 {
				setAbsent(fmt.Sprintf("Svc:key%d", i), "absent")
			}
			set("svc:empty2", true)
			setAbsent("svc:EMPTY2", "x")
			for i := range n + 4 {
				lk := fmt.Sprintf("svc:key%d", i)
				switch i {
				case n + 2:
					lk = "svc:empty"
				case n + 3:
					lk = "svc:empty2"
				}
				w := model[lk]
				if w == nil {
					w = &want{name: lk}
				}
				if got := ctx.Lookup(lk); !slices.Equal(got, w.values) {
					t.Errorf("Lookup(%s) = %q, want %q", lk, got, w.values)
				}
				if got := ctx.Get(strings.ToUpper(lk)); !slices.Equal(got, w.values) {
					t.Errorf("Get(%s) = %q, want %q", lk, got, w.values)
				}
				if got := ctx.Has(lk); got != (len(w.values) > 0) {
					t.Errorf("Has(%s) = %v", lk, got)
				}
				if got, wl := ctx.IsList(lk), len(w.values) > 1 || len(w.values) == 1 && w.list; got != wl {
					t.Errorf("IsList(%s) = %v, want %v", lk, got, wl)
				}
				v, ok := ctx.Resolve(lk)
				if wok := len(w.values) == 1 && !w.list; ok != wok || ok && v != w.values[0] {
					t.Errorf("Resolve(%s) = %q, %v", lk, v, ok)
				}
				if got := ctx.Name(lk); got != w.name {
					t.Errorf("Name(%s) = %q, want %q", lk, got, w.name)
				}
			}
			keys := ctx.Keys()
			slices.Sort(keys)
			var wantKeys []string
			for k := range model {
				wantKeys = append(wantKeys, k)
			}
			slices.Sort(wantKeys)
			if !slices.Equal(keys, wantKeys) {
				t.Errorf("Keys() = %q, want %q", keys, wantKeys)
			}
		})
	}
}
