package cli_test

import (
	"bytes"
	"encoding"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/sekisho/sekisho/analysis"
	"github.com/sekisho/sekisho/internal/cli"
	"github.com/sekisho/sekisho/internal/shardfile"
)

// The JSON answers of the organization-wide commands have published
// schemas, docs/schema/COMMAND.schema.json (JSON Schema 2020-12). They are
// derived from the Go types (go test ./internal/cli -update rewrites
// them), and every answer the tests produce is validated against them, so
// a field that drifts from its schema, or a list written as null, fails.
var schemaTypes = map[string]any{
	"whocan":  analysis.WhoCanResult{},
	"whatcan": analysis.WhatCanResult{},
	"leak":    analysis.LeakResult{},
	"exfil":   analysis.ExfilResult{},
	"graph":   analysis.Graph{},
	"audit":   analysis.AuditResult{},
	"diff":    cli.DiffAnswer{},
	"plan":    cli.PlanAnswer{},
	// whocan --all-resources, and the shard documents of --shard i/n.
	"whocan-all-resources": analysis.WhoCanMatrix{},
	"shard-audit":          shardfile.AuditShard{},
	"shard-graph":          shardfile.GraphShard{},
	"shard-whocan":         shardfile.WhoCanShard{},
}

// schemaTitle names what a schema describes.
func schemaTitle(cmd string) string {
	if c, ok := strings.CutPrefix(cmd, "shard-"); ok {
		return "sekisho " + c + " --shard i/n (a shard document for sekisho merge)"
	}
	return "sekisho " + strings.Replace(cmd, "-all-resources", " --all-resources", 1) + " --format json"
}

func schemaPath(cmd string) string {
	return filepath.Join("..", "..", "docs", "schema", cmd+".schema.json")
}

// TestSchemasUpToDate: the published schemas are those of the types.
func TestSchemasUpToDate(t *testing.T) {
	t.Parallel()
	for cmd, v := range schemaTypes {
		got := schemaFor(cmd, reflect.TypeOf(v))
		if *updateGolden {
			if err := os.WriteFile(schemaPath(cmd), got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(schemaPath(cmd))
		if err != nil {
			t.Fatalf("%v (go test ./internal/cli -update writes it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the Go types (go test ./internal/cli -update rewrites it)", schemaPath(cmd))
		}
	}
}

// TestJSONAnswersMatchSchemas runs each command with --format json and
// validates its answer against the published schema.
func TestJSONAnswersMatchSchemas(t *testing.T) {
	t.Parallel()
	c := jsonschema.NewCompiler()
	compiled := map[string]*jsonschema.Schema{}
	for cmd := range schemaTypes {
		s, err := c.Compile(schemaPath(cmd))
		if err != nil {
			t.Fatal(err)
		}
		compiled[cmd] = s
	}
	tests := [][]string{
		{"whocan", "--model", seedModel("000-instance-credentials"), "--show-denied", "s3:ListBucket", "arn:aws:s3:::app-bucket"},
		{"whocan", "--model", "testdata/model/undeclared", "sqs:SendMessage", "arn:aws:sqs:ap-northeast-1:111111111111:orders"},
		{"whatcan", "--model", "testdata/model/follow", "--follow-assume", "--service", "iam", "arn:aws:iam::111111111111:user/bob"},
		{"whatcan", "--model", "testdata/model/undeclared-multi", "arn:aws:iam::111111111111:user/alice"},
		{"leak", "--model", seedModel("000-instance-credentials"), "i-0abc123def4567890"},
		{"leak", "--model", "testdata/model/follow", "--service", "ec2", "arn:aws:iam::111111111111:user/bob"},
		{"exfil", "--model", seedModel("002-endpoint-policy"), "i-0igwonly000001"},
		{"graph", "--model", seedModel("003-trust"), "assume"},
		{"graph", "--model", seedModel("003-trust"), "privesc"},
		{"audit", "--model", seedModel("002-endpoint-policy")},
		{"diff", "--both", "testdata/diff/bucket-old.json", "testdata/diff/bucket-new.json"},
		{"diff", "--kind", "scp", "--must-not-grant", "ec2:RunInstances", "testdata/diff/region-lock-old.json", "testdata/diff/region-lock-new.json"},
		{"diff", "--both", "--model", "../../modeldiff/testdata/models/new-user", "--model-after", "../../modeldiff/testdata/models/bucket-other-account"},
		{"plan", "testdata/plan/bucket-policy-replace.json"},
		{"plan", "testdata/plan/scp-attach.json"},
		{"plan", "testdata/plan/unknown-values.json"},
		{"plan", "testdata/plan/narrowing.json"},
		{"plan", "--model", "../../modeldiff/testdata/models/base", "testdata/plan/model-changes.json"},
		{"plan", "--model", "../../modeldiff/testdata/models/base", "testdata/plan/model-scp-detach.json"},
	}
	for _, args := range tests {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			t.Parallel()
			code, out, errOut := run(append([]string{args[0], "--format", "json", "--now", fixedNow}, args[1:]...)...)
			if code != 0 && code != 3 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			doc, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			if err := compiled[args[0]].Validate(doc); err != nil {
				t.Errorf("the answer does not match %s: %v", schemaPath(args[0]), err)
			}
		})
	}
}

// schemaFor derives a JSON Schema from a Go type as encoding/json writes
// it: structs are closed objects whose fields without omitempty are
// required; slices are arrays (never null: the answers write empty lists
// as []... unless the field is omitempty); maps are objects.
func schemaFor(cmd string, t reflect.Type) []byte {
	defs := map[string]any{}
	root := typeSchema(t, defs)
	root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	root["$id"] = "https://github.com/sekisho/sekisho/docs/schema/" + cmd + ".schema.json"
	root["title"] = schemaTitle(cmd)
	root["$defs"] = defs
	b, err := json.MarshalIndent(root, "", "  ")
	if err != nil {
		panic(err)
	}
	return append(b, '\n')
}

func typeSchema(t reflect.Type, defs map[string]any) map[string]any {
	if t.Kind() != reflect.Pointer && t.Implements(reflect.TypeFor[encoding.TextMarshaler]()) {
		return map[string]any{"type": "string"} // encoding/json writes it as its text (lint.Severity)
	}
	switch t.Kind() {
	case reflect.Pointer:
		return typeSchema(t.Elem(), defs)
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Uint8, reflect.Uint, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice:
		return map[string]any{"type": "array", "items": typeSchema(t.Elem(), defs)}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": typeSchema(t.Elem(), defs)}
	case reflect.Interface:
		return map[string]any{}
	case reflect.Struct:
		if _, done := defs[t.Name()]; !done {
			defs[t.Name()] = true // placeholder against recursion
			defs[t.Name()] = structSchema(t, defs)
		}
		return map[string]any{"$ref": "#/$defs/" + t.Name()}
	}
	panic("schema: unsupported kind " + t.Kind().String())
}

func structSchema(t reflect.Type, defs map[string]any) map[string]any {
	props, required := map[string]any{}, []string{}
	var add func(t reflect.Type)
	add = func(t reflect.Type) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			tag := f.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			if f.Anonymous && name == "" {
				add(f.Type)
				continue
			}
			if name == "" {
				name = f.Name
			}
			s := typeSchema(f.Type, defs)
			if f.Type.Kind() == reflect.Pointer && !strings.Contains(opts, "omitempty") {
				s = map[string]any{"anyOf": []any{s, map[string]any{"type": "null"}}}
			}
			props[name] = s
			if !strings.Contains(opts, "omitempty") {
				required = append(required, name)
			}
		}
	}
	add(t)
	return map[string]any{"type": "object", "properties": props, "required": required, "additionalProperties": false}
}
