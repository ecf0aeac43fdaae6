package server

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// formQueries are form-encoded strings of every shape url.ParseQuery
// reads: escapes, "+", empty names and values, names given twice,
// semicolons, bad escapes.
var formQueries = []string{
	"", "&", "&&a=1&&", "a", "a=", "=v", "a=1&a=2&b=3&a=4", "b=2&a=1",
	"Action=SimulateCustomPolicy&Version=2010-05-08&ActionNames.member.1=s3%3AGetObject&PolicyInputList.member.1=%7B%22Version%22%3A%222012-10-17%22%7D",
	"a+b=c+d&%61=%62", "a=%zz", "%zz=a", "a=1;b=2", "a=1&b=2;c=3&d=4", "a=%", "a=%2", "k=v=w", "x=%E6%97%A5%E6%9C%AC",
	"ContextEntries.member.1.ContextKeyName=aws%3ASourceIp&ContextEntries.member.1.ContextKeyValues.member.1=10.0.0.1",
	strings.Repeat("a=1&", maxFormParams), strings.Repeat("a=1&", maxFormParams-1) + "a=1",
}

// parseQueryForm is the form url.ParseQuery makes of q, sorted by name
// with each name's values in order, and its error.
func parseQueryForm(q string) (form, error) {
	v, err := url.ParseQuery(q)
	return formOf(v), err
}

// TestAppendQueryAsParseQuery: the form's parser reads what
// url.ParseQuery reads, and fails where it fails, with its message.
func TestAppendQueryAsParseQuery(t *testing.T) {
	t.Parallel()
	for _, q := range formQueries {
		checkFormAsParseQuery(t, q)
	}
}

func checkFormAsParseQuery(t *testing.T, q string) {
	t.Helper()
	want, wantErr := parseQueryForm(q)
	got, err := appendQuery(nil, q)
	got = got.sorted()
	if fmt.Sprint(err) != fmt.Sprint(wantErr) {
		t.Fatalf("appendQuery(%.80q) error %v, url.ParseQuery %v", q, err, wantErr)
	}
	if err == nil && !slices.Equal(got, want) {
		t.Fatalf("appendQuery(%.80q) = %.200v, url.ParseQuery %.200v", q, got, want)
	}
}

// FuzzForm: for any string, the form's parser and url.ParseQuery agree.
func FuzzForm(f *testing.F) {
	for _, q := range formQueries[:len(formQueries)-2] {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) { checkFormAsParseQuery(t, q) })
}

// TestFormLookups: get is url.Values.Get (the first value), prefixed is
// every parameter whose name starts with the prefix, in order.
func TestFormLookups(t *testing.T) {
	t.Parallel()
	q := "A.member.2=x&A.member.1=y&A.member.1=z&AB=1&A=0&B.member.1=w"
	f, err := appendQuery(nil, q)
	if err != nil {
		t.Fatal(err)
	}
	f = f.sorted()
	v, _ := url.ParseQuery(q)
	for _, name := range []string{"A", "AB", "A.member.1", "A.member.2", "B.member.1", "C", ""} {
		if got, want := f.get(name), v.Get(name); got != want {
			t.Errorf("get(%q) = %q, want %q", name, got, want)
		}
	}
	tests := []struct {
		prefix string
		want   []string
	}{
		{"A.member.", []string{"A.member.1=y", "A.member.1=z", "A.member.2=x"}},
		{"A", []string{"A=0", "A.member.1=y", "A.member.1=z", "A.member.2=x", "AB=1"}},
		{"B.member.", []string{"B.member.1=w"}},
		{"C", nil},
		{"", []string{"A=0", "A.member.1=y", "A.member.1=z", "A.member.2=x", "AB=1", "B.member.1=w"}},
	}
	for _, tt := range tests {
		var got []string
		for _, p := range f.prefixed(tt.prefix) {
			got = append(got, p.name+"="+p.value)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("prefixed(%q) = %q, want %q", tt.prefix, got, tt.want)
		}
	}
}

// TestMemberLists: the Query API's lists from a form, their errors, and
// the first value of a member given twice.
func TestMemberLists(t *testing.T) {
	t.Parallel()
	tests := []struct {
		query, want string
	}{
		{"L.member.1=a&L.member.2=b", "[a b]"},
		{"L.member.2=b&L.member.1=a&L.member.10=j&L.member.3=c&L.member.4=d&L.member.5=e&L.member.6=f&L.member.7=g&L.member.8=h&L.member.9=i", "[a b c d e f g h i j]"},
		{"L.member.1=a&L.member.1=b", "[a]"},
		{"L=", "[]"},
		{"", "[]"},
		{"L.member.01=a", "[a]"},
		{"L.member.2=b", "error: L: member 1 is missing (members must be numbered 1 to 1)"},
		{"L.member.1=a&L.member.3=c", "error: L: member 2 is missing (members must be numbered 1 to 2)"},
		{"L.member.0=a", "error: parameter L.member.0: expected L.member.<N> with N from 1"},
		{"L.member.x=a", "error: parameter L.member.x: expected L.member.<N> with N from 1"},
		{"L.member.1001=a", "error: parameter L.member.1001: a list has at most 1000 members"},
	}
	for _, tt := range tests {
		f, err := appendQuery(nil, tt.query)
		if err != nil {
			t.Fatal(err)
		}
		list, err := memberList(f.sorted(), "L")
		got := fmt.Sprintf("%q", list)
		got = strings.ReplaceAll(strings.Trim(got, "[]"), `"`, "")
		got = "[" + got + "]"
		if err != nil {
			got = "error: " + err.Error()
		}
		if got != tt.want {
			t.Errorf("memberList(%q) = %s, want %s", tt.query, got, tt.want)
		}
	}
}

// TestSCPLevelsAndContextEntries: the two nested lists, their order by
// number and their errors.
func TestSCPLevelsAndContextEntries(t *testing.T) {
	t.Parallel()
	const o = "OrderedOrganizationPolicyInputList.member."
	f, _ := appendQuery(nil, o+"2.ServiceControlPolicyInputList.member.1=b1&"+o+"1.ServiceControlPolicyInputList.member.2=a2&"+o+"1.ServiceControlPolicyInputList.member.1=a1&"+
		"ContextEntries.member.2.ContextKeyName=k2&ContextEntries.member.2.ContextKeyValues.member.1=v2&"+
		"ContextEntries.member.1.ContextKeyName=k1&ContextEntries.member.1.ContextKeyValues.member.1=v1&ContextEntries.member.1.ContextKeyType=stringList")
	f = f.sorted()
	levels, err := scpLevels(f)
	if err != nil || fmt.Sprint(levels) != "[[a1 a2] [b1]]" {
		t.Errorf("scpLevels = %v, %v; want [[a1 a2] [b1]]", levels, err)
	}
	ctx, order, lists, err := contextEntries(f)
	if err != nil || fmt.Sprint(ctx, order, lists) != "map[k1:[v1] k2:[v2]] [k1 k2] map[k1:true]" {
		t.Errorf("contextEntries = %v %v %v, %v", ctx, order, lists, err)
	}
	for _, tt := range []struct{ query, want string }{
		{o + "33.ServiceControlPolicyInputList.member.1=x", "parameter " + o + "33.ServiceControlPolicyInputList.member.1: expected " + o + "<N>.ServiceControlPolicyInputList.member.<M>, N from 1 to 32"},
		{o + "2.ServiceControlPolicyInputList.member.1=x", "OrderedOrganizationPolicyInputList: member 1 is missing (members must be numbered 1 to 1)"},
		{"ContextEntries.member.0.ContextKeyName=k", "parameter ContextEntries.member.0.ContextKeyName: expected ContextEntries.member.<N>.ContextKeyName, N from 1 to 1000"},
		{"ContextEntries.member.1.ContextKeyValues.member.1=v", "ContextEntries.member.1.ContextKeyName is required"},
	} {
		f, _ := appendQuery(nil, tt.query)
		f = f.sorted()
		_, err := scpLevels(f)
		if err == nil {
			_, _, _, err = contextEntries(f)
		}
		if fmt.Sprint(err) != tt.want {
			t.Errorf("%s: got %v, want %s", tt.query, err, tt.want)
		}
	}
}
