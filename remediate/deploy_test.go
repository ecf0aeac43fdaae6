package remediate_test

import (
	"encoding/json"
	"os"
	"reflect"
	"regexp"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/sekisho/sekisho/remediate"
)

const (
	templateFile   = "../deploy/remediate.yaml"
	rolePolicyFile = "../deploy/remediate-role-policy.json"
)

// example are the values the template's references take for the rendered
// copy of the role policy: account 111111111111, us-east-1, the defaults.
var example = map[string]string{
	"AWS::Partition":            "aws",
	"AWS::Region":               "us-east-1",
	"AWS::AccountId":            "111111111111",
	"FunctionName":              "sekisho-remediate",
	"DeadLetterQueue.Arn":       "arn:aws:sqs:us-east-1:111111111111:sekisho-remediate-dlq",
	"CreateUserRule.Arn":        "arn:aws:events:us-east-1:111111111111:rule/sekisho-remediate-create-user",
	"TrustChangeRule.Arn":       "arn:aws:events:us-east-1:111111111111:rule/sekisho-remediate-trust-change",
	"Function.Arn":              "arn:aws:lambda:us-east-1:111111111111:function:sekisho-remediate",
	"ExecutionRole.Arn":         "arn:aws:iam::111111111111:role/sekisho-remediate-role",
	"DeadLetterQueue":           "https://sqs.us-east-1.amazonaws.com/111111111111/sekisho-remediate-dlq",
	"LogGroup":                  "/aws/lambda/sekisho-remediate",
	"Function":                  "sekisho-remediate",
	"CodeBucket":                "example-bucket",
	"CodeKey":                   "sekisho-remediate/bootstrap.zip",
	"AllowedRegions":            "ap-northeast-1",
	"PolicyName":                "sekisho-region-lock",
	"DeadLetterQueue.QueueName": "sekisho-remediate-dlq",
}

var subRE = regexp.MustCompile(`\$\{([^}]+)\}`)

// render turns a template node into plain values, resolving !Ref, !GetAtt
// and !Sub with the example values.
func render(t *testing.T, n *yaml.Node) any {
	t.Helper()
	switch n.Kind {
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = render(t, n.Content[i+1])
		}
		return m
	case yaml.SequenceNode:
		if n.Tag == "!Equals" {
			return "!Equals"
		}
		var list []any
		for _, c := range n.Content {
			list = append(list, render(t, c))
		}
		return list
	}
	switch n.Tag {
	case "!Ref", "!GetAtt":
		v, ok := example[n.Value]
		if !ok {
			t.Fatalf("line %d: no example value for %s %s", n.Line, n.Tag, n.Value)
		}
		return v
	case "!Sub":
		return subRE.ReplaceAllStringFunc(n.Value, func(s string) string {
			v, ok := example[s[2:len(s)-1]]
			if !ok {
				t.Fatalf("line %d: no example value for %s", n.Line, s)
			}
			return v
		})
	case "!!bool":
		return n.Value == "true"
	case "!!int":
		return json.Number(n.Value)
	}
	return n.Value
}

func loadTemplate(t *testing.T) map[string]any {
	t.Helper()
	src, err := os.ReadFile(templateFile)
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		t.Fatal(err)
	}
	return render(t, doc.Content[0]).(map[string]any)
}

func resource(t *testing.T, tmpl map[string]any, name string) map[string]any {
	t.Helper()
	r, ok := tmpl["Resources"].(map[string]any)[name].(map[string]any)
	if !ok {
		t.Fatalf("template has no resource %s", name)
	}
	return r["Properties"].(map[string]any)
}

func asJSON(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestTemplateRulesMatchRemediator: the EventBridge rules deliver exactly
// the events the function's rules handle.
func TestTemplateRulesMatchRemediator(t *testing.T) {
	t.Parallel()
	tmpl := loadTemplate(t)
	for name, want := range map[string]string{"CreateUserRule": remediate.CreateUserPattern, "TrustChangeRule": remediate.TrustChangePattern} {
		var w any
		if err := json.Unmarshal([]byte(want), &w); err != nil {
			t.Fatal(err)
		}
		if got := asJSON(t, resource(t, tmpl, name)["EventPattern"]); !reflect.DeepEqual(got, w) {
			t.Errorf("%s.EventPattern = %v, want %v", name, got, w)
		}
	}
	fn := resource(t, tmpl, "Function")
	if fn["Runtime"] != "provided.al2023" || fn["Handler"] != "bootstrap" {
		t.Errorf("Function runtime %v, handler %v", fn["Runtime"], fn["Handler"])
	}
	if fn["DeadLetterConfig"] == nil {
		t.Error("Function has no dead-letter queue: failed events would be lost")
	}
}

// TestRolePolicyFileIsTheTemplates: deploy/remediate-role-policy.json is
// the template's execution role policy, rendered.
func TestRolePolicyFileIsTheTemplates(t *testing.T) {
	t.Parallel()
	tmpl := loadTemplate(t)
	policies := resource(t, tmpl, "ExecutionRole")["Policies"].([]any)
	if len(policies) != 1 {
		t.Fatalf("the execution role has %d inline policies, want 1", len(policies))
	}
	got := asJSON(t, policies[0].(map[string]any)["PolicyDocument"])
	src, err := os.ReadFile(rolePolicyFile)
	if err != nil {
		t.Fatal(err)
	}
	var want any
	if err := json.Unmarshal(src, &want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", "  ")
		t.Errorf("%s differs from the template's role policy:\n%s", rolePolicyFile, g)
	}
	for _, st := range want.(map[string]any)["Statement"].([]any) {
		if r := st.(map[string]any)["Resource"]; r == "*" {
			t.Errorf("%s: statement %v grants on every resource", rolePolicyFile, st.(map[string]any)["Sid"])
		}
	}
}
