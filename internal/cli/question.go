package cli

import (
	"fmt"
	"sort"
	"strings"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/awsref"
	"github.com/sekisho/sekisho/internal/wildcard"
)

// A question names actions, services, condition keys and resources. Each
// is checked against the built-in service authorization reference before
// the model is asked: a misspelt name matches no policy statement, so the
// answer would be "nobody" or "nothing", read as safe (issue 11). An
// unknown name is bad input (exit 2), with the nearest real one.

// checkQuestion checks the action, resource and context keys of one request.
func checkQuestion(action, resource string, ctx map[string][]string) error {
	if err := checkAction("--action", action); err != nil {
		return err
	}
	if err := checkResource("--resource", action, resource); err != nil {
		return err
	}
	return checkContextKeys(ctx)
}

// checkAction: a known action, or a pattern that matches at least one.
func checkAction(flag, action string) error {
	svc, name, ok := strings.Cut(action, ":")
	if !ok || svc == "" || name == "" {
		return badInput(fmt.Errorf("%s %q: expected an action written service:Action, such as s3:GetObject", flag, action))
	}
	if wildcard.HasWildcard(action) {
		if len(awsref.Expand(action)) == 0 {
			return badInput(fmt.Errorf("%s %q matches no action of the AWS service reference of %s%s", flag, action, referenceDay(), suggestion(awsref.SuggestService(svc))))
		}
		return nil
	}
	if _, ok := awsref.LookupAction(action); ok {
		return nil
	}
	if _, ok := awsref.LookupService(svc); !ok {
		return badInput(fmt.Errorf("%s %q: unknown service prefix %q in the AWS service reference of %s%s", flag, action, svc, referenceDay(), suggestion(awsref.SuggestAction(action))))
	}
	return badInput(fmt.Errorf("%s %q is not an action of %s in the AWS service reference of %s%s", flag, action, svc, referenceDay(), suggestion(awsref.SuggestAction(action))))
}

// checkService: a service prefix of the reference.
func checkService(flag, svc string) error {
	if svc == "" {
		return nil
	}
	if _, ok := awsref.LookupService(svc); ok {
		return nil
	}
	return badInput(fmt.Errorf("%s %q: unknown service prefix in the AWS service reference of %s%s", flag, svc, referenceDay(), suggestion(awsref.SuggestService(svc))))
}

// checkContextKeys: every --context key is a global or service key of the
// reference (tag keys with their tag, identity-provider keys by host).
func checkContextKeys(ctx map[string][]string) error {
	keys := make([]string, 0, len(ctx))
	for k := range ctx {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if _, _, ok := awsref.ResolveConditionKey(k); !ok {
			return badInput(fmt.Errorf("--context %s: unknown condition key: neither a global key nor a service key in the AWS service reference of %s, so no policy tests it%s",
				k, referenceDay(), suggestion(awsref.SuggestConditionKey(k))))
		}
	}
	return nil
}

// checkResource: "*", or an ARN of a known service whose form is one of
// the resource types the action acts on (AWS service authorization
// reference, "Resource types defined by ..."; an action with no resource
// type supports only "*").
func checkResource(flag, action, res string) error {
	if res == "*" {
		return nil
	}
	parts, ok := arn.Split(res)
	if !ok || parts[0] != "arn" {
		return badInput(fmt.Errorf("%s %q: expected \"*\" or an ARN, arn:partition:service:region:account-id:resource", flag, res))
	}
	if _, ok := awsref.LookupService(parts[2]); !ok {
		return badInput(fmt.Errorf("%s %q: unknown service %q in the AWS service reference of %s%s", flag, res, parts[2], referenceDay(), suggestion(awsref.SuggestService(parts[2]))))
	}
	if wildcard.HasWildcard(action) {
		return nil // a pattern's actions take different resources
	}
	act, ok := awsref.LookupAction(action)
	if !ok {
		return nil // checkAction reports it
	}
	if len(act.Resources) == 0 {
		return badInput(fmt.Errorf("%s %q: %s supports only resource \"*\" (it has no resource types in the AWS service reference)", flag, res, act))
	}
	fitsType := map[string]bool{}
	for _, t := range awsref.ResourceTypesForARN(act.Service, res) {
		fitsType[t.Name] = true
		if as := alsoFits[act.Service][t.Name]; as != "" {
			fitsType[as] = true
		}
	}
	var formats []string
	for _, r := range act.Resources {
		if fitsType[r.Type] {
			return nil
		}
		if t, ok := awsref.LookupResourceType(act.Service, r.Type); ok {
			formats = append(formats, r.Type+" ("+strings.Join(t.ARNFormats, ", ")+")")
		}
	}
	return badInput(fmt.Errorf("%s %q is not a resource %s acts on: expected %s, or \"*\"", flag, res, act, strings.Join(formats, "; ")))
}

// alsoFits are resource types AWS accepts where the service reference
// lists another for an action: a Lambda function's version or alias ARN
// (function:NAME:QUALIFIER) wherever a function is (Lambda Developer
// Guide, "Fine-tuning the Resources and Conditions sections of policies":
// actions that operate on a function can be restricted to a specific
// function by function, version, or alias ARN).
var alsoFits = map[string]map[string]string{
	"lambda": {"function alias": "function", "function version": "function"},
}

// suggestion formats the nearest names: `; did you mean "s3"?`.
func suggestion(names []string) string {
	if len(names) == 0 {
		return ""
	}
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return "; did you mean " + strings.Join(q, " or ") + "?"
}

func referenceDay() string {
	_, day := awsref.Version()
	return day
}
