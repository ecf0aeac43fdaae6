package cli_test

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The real signal: `sekisho serve`, built and run as its own process, is
// sent SIGHUP after its model changed (it then serves the changed model)
// and after the model broke (it logs why and keeps serving the one before),
// then SIGTERM (it stops, exit 0).
func TestServeReloadsOnSIGHUP(t *testing.T) {
	t.Parallel()
	bin, err := sekishoBinary()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range []string{"org.yaml", "app-role.json", "boundary.json", "s3-read.json", "scp.json"} {
		copyFile(t, filepath.Join("..", "..", "server", "testdata", "model", f), filepath.Join(dir, f))
	}
	srv := startServe(t, bin, dir)
	if g := srv.generation(t); g != 1 {
		t.Fatalf("generation %d at start", g)
	}
	if d := srv.decide(t); d != "allowed" {
		t.Fatalf("alice ec2:RunInstances at start: %s", d)
	}

	// A changed model: alice's inline policy no longer names ec2:RunInstances.
	org := filepath.Join(dir, "org.yaml")
	src, err := os.ReadFile(org)
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(src), "Action: [ec2:RunInstances, iam:CreateUser]", "Action: [iam:CreateUser]", 1)
	if changed == string(src) {
		t.Fatal("the test model's alice policy is not as this test expects")
	}
	writeFileT(t, org, changed)
	srv.signal(t, syscall.SIGHUP)
	srv.waitLog(t, `"msg":"model reloaded"`)
	if g, d := srv.generation(t), srv.decide(t); g != 2 || d != "implicitDeny" {
		t.Fatalf("after SIGHUP with a changed model: generation %d, decision %s; want 2, implicitDeny", g, d)
	}

	// A broken model: the reload fails, is logged, and the changed model
	// keeps serving.
	writeFileT(t, org, "accounts: [\n")
	srv.signal(t, syscall.SIGHUP)
	line := srv.waitLog(t, `"msg":"model reload failed; the previous model keeps serving"`)
	if !strings.Contains(line, "org.yaml") {
		t.Errorf("the failure does not name the file: %s", line)
	}
	if g, d := srv.generation(t), srv.decide(t); g != 2 || d != "implicitDeny" {
		t.Fatalf("after SIGHUP with a broken model: generation %d, decision %s; want 2, implicitDeny", g, d)
	}

	srv.signal(t, syscall.SIGTERM)
	if err := srv.wait(); err != nil {
		t.Fatalf("after SIGTERM: %v\n%s", err, srv.logText())
	}
}

// serveProcess is a running `sekisho serve` and the log it has written.
type serveProcess struct {
	cmd  *exec.Cmd
	url  string
	mu   sync.Mutex
	log  []string
	seen int           // log lines before the last signal: waitLog looks after them
	more chan struct{} // signalled when a log line arrives
	done chan error
}

func startServe(t *testing.T, bin, dir string) *serveProcess {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--model", dir, "--listen", "127.0.0.1:0")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &serveProcess{cmd: cmd, more: make(chan struct{}, 1), done: make(chan error, 1)}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = p.wait()
	})
	go p.read(stderr)
	line := p.waitLog(t, `"msg":"serving"`)
	var serving struct{ Address string }
	if err := json.Unmarshal([]byte(line), &serving); err != nil || serving.Address == "" {
		t.Fatalf("serving line %q: %v", line, err)
	}
	p.url = serving.Address
	return p
}

func (p *serveProcess) read(r io.Reader) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		p.mu.Lock()
		p.log = append(p.log, sc.Text())
		p.mu.Unlock()
		select {
		case p.more <- struct{}{}:
		default:
		}
	}
	p.done <- p.cmd.Wait()
}

// wait is the process's exit, once.
func (p *serveProcess) wait() error {
	select {
	case err := <-p.done:
		p.done <- err
		return err
	case <-time.After(30 * time.Second):
		return &exec.Error{Name: "sekisho serve", Err: os.ErrDeadlineExceeded}
	}
}

func (p *serveProcess) signal(t *testing.T, sig os.Signal) {
	t.Helper()
	p.mu.Lock()
	p.seen = len(p.log)
	p.mu.Unlock()
	if err := p.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
}

// waitLog waits (at most a minute) for a log line containing want written
// since the last signal, and returns it.
func (p *serveProcess) waitLog(t *testing.T, want string) string {
	t.Helper()
	p.mu.Lock()
	from := p.seen
	p.mu.Unlock()
	deadline := time.After(time.Minute)
	for {
		p.mu.Lock()
		for _, l := range p.log[min(from, len(p.log)):] {
			if strings.Contains(l, want) {
				p.mu.Unlock()
				return l
			}
		}
		p.mu.Unlock()
		select {
		case <-p.more:
		case <-time.After(100 * time.Millisecond):
		case <-deadline:
			t.Fatalf("no log line with %s within a minute:\n%s", want, p.logText())
		}
	}
}

func (p *serveProcess) logText() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.log, "\n")
}

func (p *serveProcess) generation(t *testing.T) int {
	t.Helper()
	var h struct{ Generation int }
	if err := json.Unmarshal([]byte(p.get(t, "/healthz", nil)), &h); err != nil {
		t.Fatal(err)
	}
	return h.Generation
}

var evalDecisionRE = regexp.MustCompile(`<EvalDecision>([a-zA-Z]+)</EvalDecision>`)

// decide asks the Query API whether alice may run instances.
func (p *serveProcess) decide(t *testing.T) string {
	t.Helper()
	body := p.get(t, "/", url.Values{"Action": {"SimulatePrincipalPolicy"}, "Version": {"2010-05-08"},
		"PolicySourceArn": {"arn:aws:iam::111111111111:user/alice"}, "ActionNames.member.1": {"ec2:RunInstances"}})
	m := evalDecisionRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no EvalDecision in %s", body)
	}
	return m[1]
}

func (p *serveProcess) get(t *testing.T, path string, form url.Values) string {
	t.Helper()
	var resp *http.Response
	var err error
	if form == nil {
		resp, err = http.Get(p.url + path)
	} else {
		resp, err = http.PostForm(p.url+path, form)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d %v %s", path, resp.StatusCode, err, b)
	}
	return string(b)
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	writeFileT(t, to, string(b))
}

func writeFileT(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
