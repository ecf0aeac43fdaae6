package load

import (
	"strings"

	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/model"
)

// Lambda ARNs: arn:aws:lambda:REGION:ACCOUNT:function:NAME, its versions
// and aliases function:NAME:QUALIFIER, and
// arn:aws:lambda:REGION:ACCOUNT:layer:NAME:VERSION. A version and an
// alias have a policy of their own, which governs requests on their
// qualified ARN (Lambda Developer Guide, "Using Lambda aliases in event
// sources and permissions policies": a permission given to an alias
// allows invoking through the alias ARN only).

// listFunctions reads `aws lambda list-functions`: {"Functions": [{"FunctionName", "FunctionArn"}]}.
func (b *builder) listFunctions(r *reader, n *node.Node) error {
	return b.listed(r, n, "Functions", "functions", model.Function, r.byARN("FunctionArn", "FunctionName"))
}

// functionPolicy reads `aws lambda get-policy [--qualifier Q]`: {"Policy": "...", "RevisionId": "..."},
// from lambda.get-policy.FUNCTION.json or, for a version or an alias,
// lambda.get-policy.FUNCTION.QUALIFIER.json (function names hold no dot).
func (b *builder) functionPolicy(r *reader, n *node.Node) error {
	return b.policyFile(r, n, model.Function, "function", func(id string) string {
		return r.head("lambda") + "function:" + strings.Replace(id, ".", ":", 1)
	}, node.Root, "Policy")
}

// listFunctionVersions reads `aws lambda list-versions-by-function --function-name F`
// from lambda.list-versions-by-function.F.json: {"Versions": [{"FunctionArn", "Version"}]};
// every published version is a resource of its own ($LATEST is the function).
func (b *builder) listFunctionVersions(r *reader, n *node.Node) error {
	return b.qualified(r, n, "Versions", "function versions", "FunctionArn", "Version")
}

// listFunctionAliases reads `aws lambda list-aliases --function-name F`
// from lambda.list-aliases.F.json: {"Aliases": [{"AliasArn", "Name", "FunctionVersion"}]}.
func (b *builder) listFunctionAliases(r *reader, n *node.Node) error {
	return b.qualified(r, n, "Aliases", "function aliases", "AliasArn", "Name")
}

// qualified declares the versions or aliases of the function the file
// name names: each ARN must be function:F:QUALIFIER.
func (b *builder) qualified(r *reader, n *node.Node, key, what, arnKey, qualifierKey string) error {
	fn, err := r.id(n, "function")
	if err != nil {
		return err
	}
	head := r.head("lambda") + "function:" + fn + ":"
	return b.listed(r, n, key, what, model.Function, func(item *node.Node, ip node.Path) (string, string, error) {
		a, err := r.ownARN(item, ip, arnKey)
		if err != nil {
			return "", "", err
		}
		q, err := r.reqStr(item, ip, qualifierKey)
		if err != nil {
			return "", "", err
		}
		if q == "$LATEST" && a == head+q {
			return r.head("lambda") + "function:" + fn, fn, nil // the unqualified function
		}
		if a != head+q {
			return "", "", r.errf(item.Get(arnKey), ip.Key(arnKey), "expected %s%s (function %s, which the file name names), got %s", head, q, fn, a)
		}
		return a, fn + ":" + q, nil
	})
}

// listLayers reads `aws lambda list-layers`: {"Layers": [{"LayerName", "LayerArn",
// "LatestMatchingVersion": {"LayerVersionArn", "Version"}}]}. Only the
// latest version is listed; older versions' policies come from their files.
func (b *builder) listLayers(r *reader, n *node.Node) error {
	return b.listed(r, n, "Layers", "layers", model.LayerVersion, func(item *node.Node, ip node.Path) (string, string, error) {
		name, err := r.reqStr(item, ip, "LayerName")
		if err != nil {
			return "", "", err
		}
		v := item.Get("LatestMatchingVersion")
		if v == nil || v.Kind != node.Object {
			return "", "", r.errf(item, ip, "layer %s has no LatestMatchingVersion", name)
		}
		a, err := r.ownARN(v, ip.Key("LatestMatchingVersion"), "LayerVersionArn")
		return a, name, err
	})
}

// listLayerVersions reads `aws lambda list-layer-versions --layer-name LAYER`
// from a file named lambda.list-layer-versions.LAYER.json:
// {"LayerVersions": [{"LayerVersionArn", "Version"}]}; every version of a
// layer has its own policy.
func (b *builder) listLayerVersions(r *reader, n *node.Node) error {
	layer, err := r.id(n, "layer")
	if err != nil {
		return err
	}
	return b.listed(r, n, "LayerVersions", "layer versions", model.LayerVersion, func(item *node.Node, ip node.Path) (string, string, error) {
		a, err := r.ownARN(item, ip, "LayerVersionArn")
		if err != nil {
			return "", "", err
		}
		if !strings.HasPrefix(a, r.head("lambda")+"layer:"+layer+":") {
			return "", "", r.errf(item, ip.Key("LayerVersionArn"), "%s is not a version of layer %s, which the file name names", a, layer)
		}
		return a, layer + ":" + a[strings.LastIndex(a, ":")+1:], nil
	})
}

// layerVersionPolicy reads `aws lambda get-layer-version-policy` from a file
// named lambda.get-layer-version-policy.LAYER.VERSION.json: {"Policy": "...", "RevisionId": "..."}.
func (b *builder) layerVersionPolicy(r *reader, n *node.Node) error {
	id, err := r.id(n, "layer")
	if err != nil {
		return err
	}
	name, version, ok := strings.Cut(id, ".")
	if !ok || name == "" || !digits(version) {
		return r.errf(n, node.Root, "cannot tell which layer version this policy is for: name the file lambda.get-layer-version-policy.LAYER.VERSION.json, got %q", id)
	}
	arnStr := r.head("lambda") + "layer:" + name + ":" + version
	res, err := b.resourceAt(r, n, node.Root, model.LayerVersion, arnStr, name+":"+version)
	if err != nil {
		return err
	}
	pol, err := r.reqPolicy(n, node.Root, "Policy", arnStr+" "+model.LayerVersion.PolicyLabel())
	if err != nil {
		return err
	}
	return b.setPolicy(r, n, node.Root, res, pol)
}

func digits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}
