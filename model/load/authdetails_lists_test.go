package load_test

import (
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/model/load"
)

// TestAuthDetailsListsWithoutPaths: a role's inline policies, attached
// policies, tags and instance profiles read without their JSON paths
// (plainLists) are what reading them with paths gives, model and errors,
// for lists that read and lists that fail in each way a list can.
func TestAuthDetailsListsWithoutPaths(t *testing.T) {
	doc := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}`
	cases := []struct {
		lists string
		fails bool
	}{
		{`"AttachedManagedPolicies": [{"PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess", "PolicyName": "ReadOnlyAccess"}],
		  "Tags": [{"Key": "team", "Value": "a"}, {"Key": "env"}, {"Key": "x", "Value": null}, {"Key": "team", "Value": "b"}],
		  "RolePolicyList": [], "InstanceProfileList": []`, false},
		{`"AttachedManagedPolicies": null, "Tags": [], "RolePolicyList": null, "InstanceProfileList": null`, false},
		{``, false},
		{`"Tags": {"team": "a"}`, false},
		{`"Tags": null`, false},
		{`"Tags": [{"Key": 5, "Value": true}], "AttachedManagedPolicies": []`, false},
		{`"InstanceProfileList": [{"InstanceProfileName": "p", "Path": "/"}]`, false},
		{`"RolePolicyList": [{"PolicyName": "in", "PolicyDocument": ` + doc + `}]`, false},
		{`"AttachedManagedPolicies": [{"PolicyName": "x"}]`, true},
		{`"AttachedManagedPolicies": [{"PolicyArn": null}]`, true},
		{`"AttachedManagedPolicies": [{"PolicyArn": {}}]`, true},
		{`"AttachedManagedPolicies": {}`, true},
		{`"AttachedManagedPolicies": ["arn:aws:iam::aws:policy/ReadOnlyAccess"]`, true},
		{`"Tags": [{"Value": "a"}]`, true},
		{`"Tags": [{"Key": null, "Value": "a"}]`, true},
		{`"Tags": [{"Key": "a", "Value": {}}]`, true},
		{`"Tags": ["a"]`, true},
		{`"Tags": "a"`, true},
		{`"RolePolicyList": {}`, true},
		{`"InstanceProfileList": {}`, true},
		{`"InstanceProfileList": [{"Path": "/"}]`, true},
	}
	read := func(lists string) (*model.Model, string) {
		if lists != "" {
			lists = ", " + lists
		}
		src := `{"RoleDetailList": [{"RoleName": "app", "Arn": "arn:aws:iam::111111111111:role/app", "Path": "/", "RoleId": "AROAAPP",
  "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}` + lists + `}]}`
		m, err := load.LoadFiles(map[string][]byte{"authorization-details.111111111111.json": []byte(src)}, load.Options{})
		if err != nil {
			return nil, err.Error()
		}
		return m, ""
	}
	for _, c := range cases {
		m, errs := read(c.lists)
		restore := load.NoPlainLists()
		want, wantErrs := read(c.lists)
		restore()
		if errs != wantErrs {
			t.Errorf("%s:\nerrors %q\nwith paths %q", c.lists, errs, wantErrs)
		}
		if (errs != "") != c.fails {
			t.Errorf("%s: errors %q, want failure %v", c.lists, errs, c.fails)
		}
		if !reflect.DeepEqual(m, want) {
			t.Errorf("%s: the model differs from the one read with paths", c.lists)
		}
	}
	m, _ := read(cases[0].lists)
	role := m.Accounts["111111111111"].Roles["app"]
	if !maps.Equal(role.Tags, map[string]string{"team": "b", "env": "", "x": ""}) ||
		!slices.Equal(role.Managed, []string{"arn:aws:iam::aws:policy/ReadOnlyAccess"}) {
		t.Errorf("read tags %v and attached policies %v", role.Tags, role.Managed)
	}
	if _, errs := read(cases[len(cases)-1].lists); !strings.Contains(errs, "$.RoleDetailList[0].InstanceProfileList[0]") {
		t.Errorf("a profile without a name: %q, want its path", errs)
	}
}

// TestSharedTags: principals whose lists of tags are the same share one
// map of them; any difference in the list (a key, a value, where one ends
// and the next starts, a tag more) is a map of its own, holding what the
// list holds.
func TestSharedTags(t *testing.T) {
	t.Parallel()
	tags := map[string]string{
		"a": `[{"Key": "team", "Value": "x"}]`,
		"b": `[{"Key": "team", "Value": "x"}]`,
		"c": `[{"Key": "team", "Value": "y"}]`,
		"d": `[{"Key": "teamx", "Value": ""}]`,
		"e": `[{"Key": "team", "Value": "x"}, {"Key": "env"}]`,
		"f": `[{"Key": "tea", "Value": "mx"}]`,
	}
	var roles []string
	for _, name := range slices.Sorted(maps.Keys(tags)) {
		roles = append(roles, `{"RoleName": "`+name+`", "Arn": "arn:aws:iam::111111111111:role/`+name+`", "Path": "/", "Tags": `+tags[name]+`,
  "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}`)
	}
	src := `{"RoleDetailList": [` + strings.Join(roles, ",") + `]}`
	m, err := load.LoadFiles(map[string][]byte{"authorization-details.111111111111.json": []byte(src)}, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := func(name string) map[string]string { return m.Accounts["111111111111"].Roles[name].Tags }
	same := func(x, y map[string]string) bool {
		return reflect.ValueOf(x).UnsafePointer() == reflect.ValueOf(y).UnsafePointer()
	}
	if !same(got("a"), got("b")) {
		t.Error("roles a and b, of the same tags, do not share their map")
	}
	want := map[string]map[string]string{"a": {"team": "x"}, "c": {"team": "y"}, "d": {"teamx": ""},
		"e": {"team": "x", "env": ""}, "f": {"tea": "mx"}}
	for name, w := range want {
		if !maps.Equal(got(name), w) {
			t.Errorf("role %s: tags %v, want %v", name, got(name), w)
		}
		if name != "a" && same(got(name), got("a")) {
			t.Errorf("role %s shares role a's tags", name)
		}
	}
}
