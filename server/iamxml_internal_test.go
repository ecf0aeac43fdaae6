package server

import (
	"bytes"
	"encoding/xml"
	"testing"
)

// TestXMLTextAsEscapeText: the writer's fast path for plain text writes
// what encoding/xml's EscapeText writes, for every byte and for text that
// mixes plain ASCII with characters to escape, UTF-8 and invalid UTF-8.
func TestXMLTextAsEscapeText(t *testing.T) {
	t.Parallel()
	inputs := []string{"", "arn:aws:s3:::bucket/*", "PolicyInputList.1", "a&b", `"q"`, "it's", "<x>", "tab\there", "line\nbreak",
		"cr\rhere", "日本語", "\xff\xfe", "del\x7f", "nul\x00"}
	for b := 0; b < 256; b++ {
		inputs = append(inputs, "x"+string([]byte{byte(b)})+"y")
	}
	for _, in := range inputs {
		var want bytes.Buffer
		want.WriteString("<v>")
		_ = xml.EscapeText(&want, []byte(in))
		want.WriteString("</v>")
		x := newXMLWriter(0)
		x.text("v", in)
		if got := x.b.String(); got != want.String() {
			t.Errorf("text(%q) = %q, want %q", in, got, want.String())
		}
		x.free()
	}
}
