package collect

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// acct is the collection of one account.
type acct struct {
	r   *runner
	id  string
	cfg aws.Config
}

// account collects one account: its global calls and each Region, as
// separate tasks.
func (r *runner) account(ctx context.Context, id string) {
	a := &acct{r: r, id: id, cfg: r.configFor(id)}
	entry := r.ledger.account(id)
	defer func() {
		if ctx.Err() == nil {
			entry.Finished = time.Now().UTC()
		}
		r.ledger.setAccount(entry)
		r.emit(Event{Kind: AccountDone, Account: id, Err: errorOf(entry.Error)})
	}()
	var regions []string
	ok := r.task(ctx, func() {
		who, err := sts.NewFromConfig(a.cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		if err != nil {
			entry.Error = fmt.Sprintf("cannot act in the account (sts get-caller-identity as %s): %v", r.o.RoleName, err)
			return
		}
		entry.Principal = aws.ToString(who.Arn)
		regions, err = a.regions(ctx, entry.Regions)
		if err != nil {
			entry.Error = err.Error()
			return
		}
		entry.Regions = regions
	})
	if !ok || entry.Error != "" {
		return
	}
	var wg sync.WaitGroup
	run := func(fn func(context.Context)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.task(ctx, func() { fn(ctx) })
		}()
	}
	run(a.iam)
	run(a.s3)
	for _, region := range regions {
		run(func(ctx context.Context) { a.region(ctx, region) })
	}
	wg.Wait()
}

func errorOf(s string) error {
	if s == "" {
		return nil
	}
	return errors.New(s)
}

// regions are the Regions to collect in the account: the ones asked for,
// else those a resumed run found before, else the account's enabled
// Regions (ec2 describe-regions lists only enabled ones by default).
func (a *acct) regions(ctx context.Context, known []string) ([]string, error) {
	if len(a.r.o.Regions) > 0 {
		return a.r.o.Regions, nil
	}
	if len(known) > 0 {
		return known, nil
	}
	out, err := ec2.NewFromConfig(a.cfg).DescribeRegions(ctx, &ec2.DescribeRegionsInput{})
	if err != nil {
		return nil, fmt.Errorf("list enabled Regions (ec2 describe-regions): %w", err)
	}
	var list []string
	for _, reg := range out.Regions {
		list = append(list, aws.ToString(reg.RegionName))
	}
	if len(list) == 0 {
		return nil, errors.New("ec2 describe-regions listed no Region")
	}
	return list, nil
}

// region collects one Region of the account.
func (a *acct) region(ctx context.Context, region string) {
	cfg := a.cfg.Copy()
	cfg.Region = region
	a.ec2(ctx, cfg)
	a.s3control(ctx, cfg)
	for _, fn := range regionalServices {
		if ctx.Err() != nil {
			return
		}
		fn(a, ctx, cfg)
	}
}

// regionalServices are the services collected in each Region after EC2,
// each in its own file.
var regionalServices []func(*acct, context.Context, aws.Config)

// fetch makes one call unless a resumed run already has it, writes its
// answer and records the outcome. It returns the file's content (read back
// on resume), or nil when nothing was written.
func (a *acct) fetch(ctx context.Context, c *Call, region string, get func(context.Context) (any, error), ids ...string) []byte {
	return a.r.fetch(ctx, c, a.id, region, get, ids...)
}

func (r *runner) fetch(ctx context.Context, c *Call, account, region string, get func(context.Context) (any, error), ids ...string) []byte {
	if ctx.Err() != nil {
		return nil
	}
	file := filePath(c, account, region, ids...)
	if c.Scope == OrgScope && r.o.Shard.Index > 0 {
		return r.readOnly(ctx, get) // shard 0 writes the organization's files
	}
	if r.ledger.isDone(file) {
		data, err := os.ReadFile(filepath.Join(r.o.Out, filepath.FromSlash(file)))
		if err == nil && json.Valid(data) || errors.Is(err, os.ErrNotExist) {
			r.emit(Event{Kind: CallDone, Account: account, Region: region, File: file, Outcome: "skipped"})
			return data
		}
	}
	v, err := get(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil // not recorded: a resumed run makes it
		}
		r.recordError(c, account, region, err, ids...)
		return nil
	}
	e := entry(c, file, account, region, ids)
	if v == nil { // the answer itself says "no policy"
		r.ledger.record(absent, e)
		r.emit(Event{Kind: CallDone, Account: account, Region: region, File: file, Outcome: "absent"})
		return nil
	}
	data, err := encode(v)
	if err == nil {
		err = writeFile(r.o.Out, file, data)
	}
	if err != nil {
		e.Error = err.Error()
		r.ledger.record(failed, e)
		r.emit(Event{Kind: CallDone, Account: account, Region: region, File: file, Outcome: "failed", Err: err})
		return nil
	}
	r.ledger.record(collected, e)
	r.emit(Event{Kind: CallDone, Account: account, Region: region, File: file, Outcome: "collected"})
	return data
}

func entry(c *Call, file, account, region string, ids []string) Entry {
	e := Entry{Call: c.Stem, File: file, Command: c.Command, Account: account, Region: region, At: time.Now().UTC()}
	if len(ids) > 0 {
		e.ID = ids[0]
	}
	if c.Scope == OrgScope {
		e.Call, e.Region = "organizations."+c.Stem, ""
	}
	return e
}

// recordError records a call that AWS answered with an error: absent,
// denied or failed.
func (r *runner) recordError(c *Call, account, region string, err error, ids ...string) {
	file := filePath(c, account, region, ids...)
	e := entry(c, file, account, region, ids)
	code, msg := errorCode(err)
	e.Code, e.Error = code, msg
	if code != "" {
		e.Error = code + ": " + msg
	}
	o := r.classify(c, e.Code)
	r.ledger.record(o, e)
	r.emit(Event{Kind: CallDone, Account: account, Region: region, File: file, Outcome: o.String(), Code: e.Code, Err: err})
}

func (r *runner) classify(c *Call, code string) outcome {
	for _, a := range c.Absent {
		if a == code {
			return absent
		}
	}
	if deniedCodes[code] {
		return denied
	}
	return failed
}

func (o outcome) String() string {
	return [...]string{"collected", "absent", "denied", "failed"}[o]
}

// decode reads back a written answer for the ids of what it lists.
func decode[T any](data []byte) (T, bool) {
	var v T
	if data == nil {
		return v, false
	}
	if err := json.Unmarshal(data, &v); err != nil {
		return v, false
	}
	return v, true
}

// readOnly makes a call for its answer alone, writing and recording nothing.
func (r *runner) readOnly(ctx context.Context, get func(context.Context) (any, error)) []byte {
	v, err := get(ctx)
	if err != nil || v == nil {
		return nil
	}
	data, err := encode(v)
	if err != nil {
		return nil
	}
	return data
}
