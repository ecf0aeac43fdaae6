package awsref

import "testing"

// TestLookupConditionKeyAllocs: a key found as it is written, whatever
// its case, is looked up without a lower-cased copy (keyIndex.lookup):
// the case reader looks up every request's context keys.
func TestLookupConditionKeyAllocs(t *testing.T) {
	for _, name := range []string{"aws:SourceIp", "AWS:SOURCEIP", "aws:sourceip", "s3:prefix"} {
		if _, ok := LookupConditionKey(name); !ok {
			t.Fatalf("%s: not found", name)
		}
		if n := testing.AllocsPerRun(100, func() { LookupConditionKey(name) }); n != 0 {
			t.Errorf("LookupConditionKey(%q): %v allocations, want 0", name, n)
		}
	}
}
