package node_test

import (
	"encoding/json"
	"testing"

	"github.com/sekisho/sekisho/internal/node"
)

// FuzzParseJSON: never panic; accept only valid JSON; when encoding/json
// accepts the input, so do we, unless an object repeats a member name or
// the nesting is deeper than our limit, or a string is not UTF-8 (which
// encoding/json accepts and we reject: policies are UTF-8 text).
func FuzzParseJSON(f *testing.F) {
	f.Add([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`))
	f.Add([]byte(`[1, -2.5e3, true, false, null, "a\u00e9\ud83d\ude00"]`))
	f.Fuzz(func(t *testing.T, src []byte) {
		n, err := node.ParseJSON(src)
		valid := json.Valid(src)
		if err == nil && !valid {
			t.Fatalf("accepted invalid JSON %q", src)
		}
		if err != nil && valid {
			e, ok := err.(*node.Error)
			if !ok || !(contains(e.Msg, "duplicate member") || contains(e.Msg, "nesting deeper") || contains(e.Msg, "invalid UTF-8")) {
				t.Fatalf("rejected valid JSON %q: %v", src, err)
			}
		}
		if err == nil && n == nil {
			t.Fatal("nil node without error")
		}
	})
}

// FuzzParseYAML: never panic.
func FuzzParseYAML(f *testing.F) {
	f.Add([]byte("name: a\nrequest: {principal: x, action: 's3:GetObject'}\n"))
	f.Add([]byte("- &a [*a]\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		_, _ = node.ParseYAML(src)
	})
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
