package server_test

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/sekisho/sekisho/server"
)

// Browser tests drive the web UI in a real Chromium (the Debian package
// "chromium", which .ci/run installs), started by the test. Screenshots go
// to testdata/out (ignored by git) so that a person can look at them.

// browserPath finds a Chromium or Chrome; $SEKISHO_BROWSER overrides.
func browserPath() string {
	if p := os.Getenv("SEKISHO_BROWSER"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browser starts a headless Chromium with a fresh profile.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := browserPath()
	if path == "" {
		t.Skip("no Chromium or Chrome found (apt-get install -y chromium, or set SEKISHO_BROWSER): browser tests skipped")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1440, 1000),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	bctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	tctx, cancel := context.WithTimeout(bctx, 4*time.Minute) // the machine may be busy with the rest of go test ./...
	t.Cleanup(cancel)
	if err := chromedp.Do(tctx); err != nil {
		t.Fatalf("start %s: %v", path, err)
	}
	return tctx
}

// value runs an action that answers a value, failing the test on error.
func value[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func steps(t *testing.T, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		if shot, serr := chromedp.Run(ctx, chromedp.CaptureScreenshot()); serr == nil {
			name := filepath.Join("testdata", "out", "failed-"+strings.ReplaceAll(t.Name(), "/", "-")+".png")
			_ = os.MkdirAll(filepath.Dir(name), 0o755)
			_ = os.WriteFile(name, shot, 0o644)
			t.Logf("screenshot of the failure: %s", name)
		}
		t.Fatal(err)
	}
}

func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	buf := value(t, ctx, chromedp.FullScreenshot(100))
	dir := filepath.Join("testdata", "out")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, name+".png")
	if err := os.WriteFile(out, buf, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", out)
}

func uiServer(t *testing.T, modelDir string) *httptest.Server {
	_, ts := start(t, server.Config{ModelDir: modelDir, Now: func() time.Time { return time.Time{} }})
	return ts
}

// paste puts text into a field the way a paste does: the value changes
// and one input event fires.
func paste(sel, text string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Run(ctx, chromedp.Evaluate[any](`(() => { const e = document.querySelector(`+jsString(sel)+`);
			e.focus(); e.value = `+jsString(text)+`;
			e.dispatchEvent(new InputEvent('input', {bubbles: true, inputType: 'insertFromPaste'})); return true; })()`))
		return err
	})
}

func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "`", "\\`", "$", `\$`)
	return "`" + r.Replace(s) + "`"
}

type css = chromedp.CSS

// The playground: paste seed 000's SCP and the stolen-credentials
// request; the decision is ExplicitDeny and the SCP's statement is the one
// highlighted. The link it leaves in the address bar opens the same answer.
func TestBrowserPlayground(t *testing.T) {
	ctx := browser(t)
	ts := uiServer(t, testModel)
	identity := `{"Version":"2012-10-17","Statement":[{"Sid":"ListTheAppBucket","Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::app-bucket"}]}`
	steps(t, ctx,
		chromedp.Navigate(ts.URL+"/#playground"),
		chromedp.WaitVisible(css("#principal")),
		chromedp.SendKeys(css("#principal"), "arn:aws:sts::111111111111:assumed-role/app-instance-role/i-0abc123def4567890"),
		chromedp.SendKeys(css("#action"), "s3:ListBucket"),
		chromedp.SendKeys(css("#resource"), "arn:aws:s3:::app-bucket"),
		chromedp.SendKeys(css("#context"), "aws:ec2InstanceSourceVpc=vpc-abc123\naws:SourceIp=203.0.113.50"),
		paste("#pol-identity", identity),
		paste("#pol-scp", readFile(t, seedSCP)),
		chromedp.WaitVisible(css("#pg-decision.ExplicitDeny")),
	)
	decision := value(t, ctx, chromedp.Text(css("#pg-decision")))
	heading := value(t, ctx, chromedp.Text(css("#deciding h3")))
	highlighted := value(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#deciding .ln.hl')].map(e => e.textContent)`))
	url := value(t, ctx, chromedp.Location())
	screenshot(t, ctx, "playground-seed000-stolen")
	if decision != "ExplicitDeny" || !strings.Contains(heading, "Denied by statement #0") || !strings.Contains(heading, "Service control policy") {
		t.Errorf("decision %q, deciding %q", decision, heading)
	}
	joined := strings.Join(highlighted, "\n")
	if !strings.Contains(joined, `"Effect": "Deny"`) || !strings.Contains(joined, "aws:ec2InstanceSourceVpc") || len(highlighted) != 13 {
		t.Errorf("highlighted lines (%d):\n%s", len(highlighted), joined)
	}

	// Make the request the instance's own call: Allow, as the user types.
	steps(t, ctx,
		paste("#context", "aws:ec2InstanceSourceVpc=vpc-abc123\naws:SourceVpc=vpc-abc123"),
		chromedp.WaitVisible(css("#pg-decision.Allow")),
	)
	if after := value(t, ctx, chromedp.Text(css("#deciding h3"))); !strings.Contains(after, `Allowed by statement #0 "ListTheAppBucket"`) {
		t.Errorf("after the change: %q", after)
	}
	screenshot(t, ctx, "playground-seed000-legit")

	// The link of the first answer opens it again.
	if !strings.Contains(url, "#playground?s=") {
		t.Fatalf("no shareable link in the address bar: %s", url)
	}
	steps(t, ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(url), chromedp.WaitVisible(css("#pg-decision.ExplicitDeny")))
	if again := value(t, ctx, chromedp.Text(css("#pg-decision"))); again != "ExplicitDeny" {
		t.Errorf("shared link: %q", again)
	}
}

// The explorer on seed 000's model: who can list the app bucket, through
// the form, and again from a link that encodes the question.
func TestBrowserWhoCan(t *testing.T) {
	ctx := browser(t)
	ts := uiServer(t, seedModel("000-instance-credentials"))
	steps(t, ctx,
		chromedp.Navigate(ts.URL+"/#explore"),
		chromedp.WaitVisible(css("#wc-action")),
		chromedp.SendKeys(css("#wc-action"), "s3:ListBucket"),
		chromedp.SendKeys(css("#wc-resource"), "arn:aws:s3:::app-bucket"),
		chromedp.Click(css("#wc-denied")),
		chromedp.Click(css("#whocan-form button[type=submit]")),
		chromedp.WaitVisible(css("#whocan-out table")),
	)
	table := value(t, ctx, chromedp.Text(css("#whocan-out")))
	url := value(t, ctx, chromedp.Location())
	screenshot(t, ctx, "explorer-whocan-seed000")
	for _, want := range []string{"arn:aws:iam::111111111111:role/app-instance-role", "ListTheAppBucket", "Allowed ("} {
		if !strings.Contains(table, want) {
			t.Errorf("who-can answer lacks %q:\n%s", want, table)
		}
	}
	steps(t, ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(url), chromedp.WaitVisible(css("#whocan-out table")))
	if again := value(t, ctx, chromedp.Text(css("#whocan-out"))); !strings.Contains(again, "app-instance-role") || !strings.Contains(url, "q=whocan") {
		t.Errorf("shared link %s:\n%s", url, again)
	}

	// What the instance's credentials can do in S3, from a link.
	steps(t, ctx, chromedp.Navigate(ts.URL+"/#explore?q=whatcan&principal=instance-profile:i-0abc123def4567890&service=s3&from=instance:i-0abc123def4567890"),
		chromedp.WaitVisible(css("#whatcan-out table")))
	what := value(t, ctx, chromedp.Text(css("#whatcan-out")))
	screenshot(t, ctx, "explorer-whatcan-seed000")
	if !strings.Contains(what, "s3:ListBucket") || !strings.Contains(what, "arn:aws:s3:::app-bucket") {
		t.Errorf("what-can answer:\n%s", what)
	}
}

// The assume graph of seed 003, laid out by dagre and drawn as SVG; the
// tabs answer the arrow keys; the audit findings of seed 002.
func TestBrowserGraphAndAudit(t *testing.T) {
	ctx := browser(t)
	ts := uiServer(t, seedModel("003-trust"))
	steps(t, ctx,
		chromedp.Navigate(ts.URL+"/#explore?q=graph&kind=assume&highlight=DeveloperRole"),
		chromedp.WaitVisible(css("#graph-out svg g.node")),
	)
	nodes := value(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#graph-out svg g.node').length`))
	edges := value(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#graph-out svg g.edge').length`))
	matched := value(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#graph-out svg g.node.match').length`))
	screenshot(t, ctx, "explorer-graph-assume-seed003")
	if nodes < 3 || edges < 2 || matched != 1 {
		t.Errorf("graph: %d nodes, %d edges, %d highlighted", nodes, edges, matched)
	}
	steps(t, ctx, chromedp.Focus(css("#tab-graph")), chromedp.KeyEvent(kb.ArrowLeft))
	if sel := value(t, ctx, chromedp.Evaluate[string](`document.activeElement.id + ' ' + document.activeElement.getAttribute('aria-selected')`)); sel != "tab-whatcan true" {
		t.Errorf("ArrowLeft from the graph tab: focus on %q, want tab-whatcan selected", sel)
	}

	ts2 := uiServer(t, seedModel("002-endpoint-policy"))
	steps(t, ctx, chromedp.Navigate(ts2.URL+"/#explore?q=audit"), chromedp.WaitVisible(css("#audit-out .finding")))
	findings := value(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#audit-out .finding').length`))
	text := value(t, ctx, chromedp.Text(css("#audit-out")))
	screenshot(t, ctx, "explorer-audit-seed002")
	if findings == 0 || !strings.Contains(text, "instance-credentials-pin") {
		t.Errorf("audit: %d findings\n%s", findings, text)
	}
}

// With --token, the UI asks for the token when the API answers 401, keeps
// asking while the token is wrong, sends the right one on every request
// after it, and keeps it for the browser session (a reload does not ask
// again).
func TestBrowserTokenPrompt(t *testing.T) {
	ctx := browser(t)
	const token = "correct-horse-battery-staple"
	_, ts := start(t, server.Config{ModelDir: seedModel("000-instance-credentials"), Token: token, Now: func() time.Time { return time.Time{} }})
	visible := func() bool {
		return value(t, ctx, chromedp.Evaluate[bool](`!document.getElementById('token-bar').hidden`))
	}
	steps(t, ctx,
		chromedp.Navigate(ts.URL+"/#explore"),
		chromedp.WaitVisible(css("#token-bar")),
		chromedp.WaitVisible(css("#token-input")),
	)
	if info := value(t, ctx, chromedp.Text(css("#model-info"))); !strings.Contains(info, "not available") {
		t.Errorf("without a token the model loaded: %q", info)
	}
	screenshot(t, ctx, "token-prompt")

	// A wrong token: the API refuses it and the prompt comes back.
	steps(t, ctx,
		chromedp.SendKeys(css("#token-input"), "wrong"),
		chromedp.Click(css("#token-form button[type=submit]")),
		chromedp.WaitVisible(css("#token-bar")),
	)
	if kept := value(t, ctx, chromedp.Evaluate[string](`sessionStorage.getItem('sekisho-token')`)); kept != "wrong" || !visible() {
		t.Fatalf("a wrong token: kept %q, prompt shown %v", kept, visible())
	}

	// The right one: the model loads and a question is answered.
	steps(t, ctx,
		chromedp.SetValue(css("#token-input"), token),
		chromedp.Click(css("#token-form button[type=submit]")),
		chromedp.WaitNotVisible(css("#token-bar")),
		modelLoaded(),
		chromedp.SendKeys(css("#wc-action"), "s3:ListBucket"),
		chromedp.SendKeys(css("#wc-resource"), "arn:aws:s3:::app-bucket"),
		chromedp.Click(css("#whocan-form button[type=submit]")),
		chromedp.WaitVisible(css("#whocan-out table")),
	)
	if table := value(t, ctx, chromedp.Text(css("#whocan-out"))); !strings.Contains(table, "app-instance-role") || visible() {
		t.Errorf("with the token: prompt shown %v, answer:\n%s", visible(), table)
	}
	screenshot(t, ctx, "token-accepted-whocan")

	// A reload in the same session keeps the token.
	steps(t, ctx,
		chromedp.Reload(),
		modelLoaded(),
	)
	if visible() {
		t.Error("the reloaded page asked for the token again")
	}
}

// modelLoaded waits until the page has loaded the model's summary.
func modelLoaded() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById('model-info').textContent.startsWith('Model: ')`,
			chromedp.WithPollingTimeout(time.Minute)))
		return err
	})
}
