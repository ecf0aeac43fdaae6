package diff

import "testing"

func TestWitnessRegions(t *testing.T) {
	t.Parallel()
	gs := []glob{resourceGlob("arn:aws:s3:::b/*"), resourceGlob("arn:aws:s3:::b/public/*"), plainGlob("arn:aws:s3:::?*/?*")}
	ws, complete := witnesses(gs, 20000)
	if !complete {
		t.Fatal("incomplete")
	}
	t.Logf("%d regions: %q", len(ws), ws)
	// regions: none, format only, b/* and format, b/public/* and b/* and format
	if len(ws) != 5 { // none; format only; b/ (b/* only); b/* and format; b/public/* too
		t.Errorf("got %d regions, want 5", len(ws))
	}
}

func BenchmarkWitnessGetObject(b *testing.B) {
	q := &question{in: Input{Principal: defaultPrincipal}, budget: Budget{}.orDefault()}
	gs := []glob{resourceGlob("arn:aws:s3:::b/*")}
	for _, f := range formats("s3:GetObject") {
		gs = append(gs, q.formatGlob(f))
	}
	for i := 0; i < b.N; i++ {
		ws, complete := witnesses(gs, 20000)
		if i == 0 {
			b.Logf("%d regions complete=%v %q", len(ws), complete, ws)
		}
	}
}
