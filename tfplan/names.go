package tfplan

import (
	"reflect"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/sekisho/sekisho/internal/node"
)

// Terraform writes its JSON member names in one exact spelling (Terraform
// docs, "JSON Output Format"), but encoding/json, which terraform-json
// decodes with, also accepts any other case ("RESOURCE_CHANGES"). Sekisho
// validates and locates the plan on its own tree, where names match
// exactly, so a miscased name would be read by one reader and not the
// other: what validate never saw would be analysed. Such a name is refused.
var (
	planNames   = jsonNames(reflect.TypeFor[tfjson.Plan]())
	changeNames = jsonNames(reflect.TypeFor[tfjson.ResourceChange]())
	diffNames   = jsonNames(reflect.TypeFor[tfjson.Change]())
)

// jsonNames lists the member names encoding/json maps onto t's fields.
func jsonNames(t reflect.Type) []string {
	var names []string
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		names = append(names, name)
	}
	return names
}

// exactNames refuses a member of the object n whose name matches one of
// names only when case is ignored.
func exactNames(n *node.Node, path node.Path, names []string) error {
	if n == nil || n.Kind != node.Object {
		return nil
	}
	for _, f := range n.Fields {
		for _, want := range names {
			if f.Key != want && strings.EqualFold(f.Key, want) {
				return &node.Error{Path: path.Key(f.Key), Pos: f.KeyPos,
					Msg: "member names of a Terraform plan are case-sensitive: expected \"" + want + "\", found \"" + f.Key + "\""}
			}
		}
	}
	return nil
}
