package main

import "testing"

func TestParseAccessLevel(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want accessLevel
	}{
		{"List", accessList},
		{"Read", accessRead},
		{"Write", accessWrite},
		{"Permissions management, Write", accessPermissions},
		{"Tagging, Write", accessTagging},
		{"Tagging", accessTagging},
	}
	for _, tt := range tests {
		if got, err := parseAccessLevel(tt.in); err != nil || got != tt.want {
			t.Errorf("parseAccessLevel(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	if _, err := parseAccessLevel("Admin"); err == nil {
		t.Error("parseAccessLevel(Admin) accepted an unknown level")
	}
}

func TestCanonicalGlobalName(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"aws:RequestTag/tag-key": "aws:RequestTag/${TagKey}",
		"aws:referer":            "aws:Referer",
		"aws:SourceVpc":          "aws:SourceVpc",
	} {
		if got := canonicalGlobalName(in); got != want {
			t.Errorf("canonicalGlobalName(%q) = %q, want %q", in, got, want)
		}
	}
}
