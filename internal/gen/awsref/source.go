package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
)

// The reference as the artifact stores it: only the fields sekisho uses.
type refData struct {
	Version  string // npm package version
	Date     string // when the package's data was last refreshed, RFC 3339
	Globals  []condKey
	Services []service
}

type service struct {
	Prefix, Name string
	Keys         []condKey
	Resources    []resourceType
	Actions      []action
}

type condKey struct{ Name, Type string }

type resourceType struct {
	Name       string
	ARNFormats []string
	Keys       []string
}

type action struct {
	Name      string
	Access    accessLevel
	Resources []actionResource
	Keys      []string
	Dependent []string
}

type actionResource struct {
	Name      string
	Required  bool
	Keys      []string
	Dependent []string
}

func (r *refData) actionCount() int {
	n := 0
	for _, s := range r.Services {
		n += len(s.Actions)
	}
	return n
}

// actionResourceCount lets the decoder allocate all action resources at once.
func (r *refData) actionResourceCount() int {
	n := 0
	for _, s := range r.Services {
		for _, a := range s.Actions {
			n += len(a.Resources)
		}
	}
	return n
}

// The package's JSON shapes (data/actions/*.json and friends).
type (
	jsonPackage struct {
		Version   string `json:"version"`
		UpdatedAt string `json:"updatedAt"`
	}
	jsonAction struct {
		Name             string               `json:"name"`
		AccessLevel      string               `json:"accessLevel"`
		ResourceTypes    []jsonActionResource `json:"resourceTypes"`
		ConditionKeys    []string             `json:"conditionKeys"`
		DependentActions []string             `json:"dependentActions"`
	}
	jsonActionResource struct {
		Name             string   `json:"name"`
		Required         bool     `json:"required"`
		ConditionKeys    []string `json:"conditionKeys"`
		DependentActions []string `json:"dependentActions"`
	}
	jsonResourceType struct {
		Key           string   `json:"key"`
		ARN           string   `json:"arn"`
		ConditionKeys []string `json:"conditionKeys"`
	}
	jsonConditionKey struct {
		Key  string `json:"key"`
		Type string `json:"type"`
	}
)

// readPackage reads an extracted package directory.
func readPackage(dir string) (*refData, error) {
	var pkg jsonPackage
	if err := readJSON(filepath.Join(dir, "package.json"), &pkg); err != nil {
		return nil, err
	}
	date, err := time.Parse(time.RFC3339, pkg.UpdatedAt)
	if err != nil {
		return nil, fmt.Errorf("package.json updatedAt: %w", err)
	}
	ref := &refData{Version: pkg.Version, Date: date.UTC().Format(time.RFC3339)}
	if ref.Globals, err = readGlobalKeys(dir); err != nil {
		return nil, err
	}
	var names map[string]string
	if err := readJSON(filepath.Join(dir, "data", "serviceNames.json"), &names); err != nil {
		return nil, err
	}
	for _, prefix := range slices.Sorted(maps.Keys(names)) {
		s, err := readService(filepath.Join(dir, "data"), prefix, names[prefix])
		if err != nil {
			return nil, fmt.Errorf("service %s: %w", prefix, err)
		}
		ref.Services = append(ref.Services, s)
	}
	return ref, nil
}

func readService(dataDir, prefix, name string) (service, error) {
	s := service{Prefix: prefix, Name: name}
	file := prefix + ".json"
	var keys map[string]jsonConditionKey
	if err := readJSON(filepath.Join(dataDir, "conditionKeys", file), &keys); err != nil {
		return s, err
	}
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		s.Keys = append(s.Keys, condKey{Name: keys[k].Key, Type: keys[k].Type})
	}
	var types map[string]jsonResourceType
	if err := readJSON(filepath.Join(dataDir, "resourceTypes", file), &types); err != nil {
		return s, err
	}
	for _, k := range slices.Sorted(maps.Keys(types)) {
		t := types[k]
		s.Resources = append(s.Resources, resourceType{Name: t.Key, ARNFormats: []string{t.ARN}, Keys: t.ConditionKeys})
	}
	var actions map[string]jsonAction
	if err := readJSON(filepath.Join(dataDir, "actions", file), &actions); err != nil {
		return s, err
	}
	for _, k := range slices.Sorted(maps.Keys(actions)) {
		a, err := convertAction(actions[k])
		if err != nil {
			return s, fmt.Errorf("action %s: %w", k, err)
		}
		s.Actions = append(s.Actions, a)
	}
	return s, nil
}

func convertAction(j jsonAction) (action, error) {
	access, err := parseAccessLevel(j.AccessLevel)
	if err != nil {
		return action{}, err
	}
	a := action{Name: j.Name, Access: access, Keys: j.ConditionKeys, Dependent: j.DependentActions}
	for _, r := range j.ResourceTypes {
		a.Resources = append(a.Resources, actionResource{
			Name: r.Name, Required: r.Required, Keys: r.ConditionKeys, Dependent: r.DependentActions,
		})
	}
	return a, nil
}

// readGlobalKeys loads the package's global condition keys. They are not in
// its JSON data but in a compiled module (dist/cjs/globalConditionKeys.js,
// exported as globalConditionKeys), so node evaluates it and prints JSON.
func readGlobalKeys(dir string) ([]condKey, error) {
	module := filepath.Join(dir, "dist", "cjs", "globalConditionKeys.js")
	script := `process.stdout.write(JSON.stringify(require(process.argv[1]).globalConditionKeys))`
	cmd := exec.Command("node", "-e", script, module)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("node %s: %w", module, err)
	}
	var raw []jsonConditionKey
	if err := json.Unmarshal(out, &raw); err != nil {
		return nil, fmt.Errorf("global condition keys: %w", err)
	}
	keys := make([]condKey, 0, len(raw))
	for _, k := range raw {
		keys = append(keys, condKey{Name: canonicalGlobalName(k.Key), Type: k.Type})
	}
	sort.Slice(keys, func(i, j int) bool { return strings.ToLower(keys[i].Name) < strings.ToLower(keys[j].Name) })
	return keys, nil
}

// canonicalGlobalName writes a global key the way the service files and the
// AWS page "AWS global condition context keys" write it. The package spells
// tag keys as ".../tag-key" while every service file uses ".../${TagKey}",
// and it lower-cases aws:Referer.
func canonicalGlobalName(name string) string {
	if base, ok := strings.CutSuffix(name, "/tag-key"); ok {
		return base + "/${TagKey}"
	}
	if strings.EqualFold(name, "aws:referer") {
		return "aws:Referer"
	}
	return name
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
