package shardfile

import (
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/sekisho/sekisho/internal/node"
)

// checkShape checks that a JSON tree has the shape of Go type t as
// encoding/json writes it: objects with exactly the struct's field names
// (those without omitempty present), values of the field's type.
func checkShape(n *node.Node, t reflect.Type, p node.Path) error {
	switch t.Kind() {
	case reflect.Pointer:
		if n.Kind == node.Null {
			return nil
		}
		return checkShape(n, t.Elem(), p)
	case reflect.Interface:
		return nil
	case reflect.String:
		return want(n, p, node.String, "a string")
	case reflect.Bool:
		return want(n, p, node.Bool, "true or false")
	case reflect.Int, reflect.Int64, reflect.Int32:
		if n.Kind != node.Number || strings.ContainsAny(n.Text, ".eE") {
			return node.Errorf(n, p, "expected an integer, found %s", node.Describe(n))
		}
		return nil
	case reflect.Float64:
		return want(n, p, node.Number, "a number")
	case reflect.Slice:
		if n.Kind == node.Null {
			return nil
		}
		if err := want(n, p, node.Array, "a list"); err != nil {
			return err
		}
		for i, it := range n.Items {
			if err := checkShape(it, t.Elem(), p.Index(i)); err != nil {
				return err
			}
		}
		return nil
	case reflect.Map:
		if n.Kind == node.Null {
			return nil
		}
		if err := want(n, p, node.Object, "an object"); err != nil {
			return err
		}
		for _, f := range n.Fields {
			if err := checkShape(f.Value, t.Elem(), p.Key(f.Key)); err != nil {
				return err
			}
		}
		return nil
	case reflect.Struct:
		return checkStruct(n, t, p)
	}
	return node.Errorf(n, p, "internal error: no shape for %s", t)
}

func want(n *node.Node, p node.Path, k node.Kind, what string) error {
	if n.Kind != k {
		return node.Errorf(n, p, "expected %s, found %s", what, node.Describe(n))
	}
	return nil
}

type jsonField struct {
	typ      reflect.Type
	required bool
}

func checkStruct(n *node.Node, t reflect.Type, p node.Path) error {
	if err := want(n, p, node.Object, "an object"); err != nil {
		return err
	}
	fields := map[string]jsonField{}
	structFields(t, fields)
	for _, f := range n.Fields {
		jf, ok := fields[f.Key]
		if !ok {
			e := node.Errorf(f.Value, p.Key(f.Key), "unknown field %q: expected one of %s", f.Key, strings.Join(slices.Sorted(maps.Keys(fields)), ", "))
			e.Pos = f.KeyPos
			return e
		}
		if err := checkShape(f.Value, jf.typ, p.Key(f.Key)); err != nil {
			return err
		}
	}
	for _, name := range slices.Sorted(maps.Keys(fields)) {
		if fields[name].required && n.Get(name) == nil {
			return node.Errorf(n, p, "missing field %q", name)
		}
	}
	return nil
}

// structFields are the JSON members of a struct, with embedded structs'.
func structFields(t reflect.Type, out map[string]jsonField) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			structFields(f.Type, out)
			continue
		}
		if !f.IsExported() || tag == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = jsonField{typ: f.Type, required: !strings.Contains(opts, "omitempty")}
	}
}
