package cli

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/sekisho/sekisho/analysis"
	"github.com/sekisho/sekisho/internal/render"
	"github.com/sekisho/sekisho/internal/shard"
)

// ShardSchemaVersion names the JSON Schema of shard documents
// (docs/schema/shard-*.schema.json).
const ShardSchemaVersion = "1"

// ShardHeader is what a shard document says about itself: which question,
// on which model, and which part. sekisho merge puts documents together
// only when all of it but the index agrees.
type ShardHeader struct {
	SchemaVersion string        `json:"schemaVersion"`
	Command       string        `json:"command"` // audit, graph, whocan
	Question      Question      `json:"question"`
	Model         ModelIdentity `json:"model"`
	Shard         ShardPart     `json:"shard"`
}

// Question is the command's arguments and the flags given to it, but for
// --shard, --format (chosen at merge) and the model's paths (a model is
// named by its digest, so that shards can run where it is mounted at
// other paths).
type Question struct {
	Args  []string            `json:"args"`
	Flags map[string][]string `json:"flags"`
}

// ModelIdentity names a model by its files: the SHA-256 of every file's
// path (relative to the model directory) and content, and the same of the
// --aws-managed-policies directory when one is given.
type ModelIdentity struct {
	Digest string `json:"digest"`
	Files  int    `json:"files"`
}

// ShardPart is one shard: index of count, as --shard gave it.
type ShardPart struct {
	Index int    `json:"index"`
	Count int    `json:"count"`
	Split string `json:"split"` // how units are assigned to shards
}

// splitName says how work units are assigned to shards (internal/shard).
const splitName = "sha256-mod: unit key's SHA-256, first 8 bytes big-endian, modulo count"

// The shard documents, one type per command, for their schemas.
type (
	AuditShard struct {
		ShardHeader
		Answer analysis.AuditResult `json:"answer"`
	}
	GraphShard struct {
		ShardHeader
		Answer analysis.Graph `json:"answer"`
	}
	WhoCanShard struct {
		ShardHeader
		Answer analysis.WhoCanMatrix `json:"answer"`
	}
)

// notWithShard are the flags a question is recorded without.
var notWithShard = map[string]bool{"shard": true, "format": true, "model": true, "aws-managed-policies": true}

// registerShard adds --shard to a command whose answer can be split.
func (f *analysisFlags) registerShard(cmd *cobra.Command, units string) {
	cmd.Flags().StringVar(&f.shardSpec, "shard", "", "answer for shard INDEX/COUNT of the "+units+" (0-based, e.g. $JOB_COMPLETION_INDEX/8) and write a shard document for sekisho merge (docs/shards.md)")
}

// parseShard reads --shard; with it, the answer is a shard document,
// always JSON: the format is chosen when the shards are merged.
func (f *analysisFlags) parseShard(cmd *cobra.Command) error {
	if f.shardSpec == "" {
		return nil
	}
	s, err := shard.Parse(f.shardSpec)
	if err != nil {
		return badInput(fmt.Errorf("--shard: %w", err))
	}
	if cmd.Flags().Changed("format") && f.format != "json" {
		return badInput(fmt.Errorf("--shard writes a shard document (JSON); give --format %s to sekisho merge instead", f.format))
	}
	// Shards run at different moments: without one time for all, a
	// condition on aws:CurrentTime could be decided differently in two
	// parts of one answer.
	if f.now.t.IsZero() {
		return badInput(fmt.Errorf("--shard needs --now: every shard must answer at the same time (take it once for the whole job, e.g. --now $(date -u +%%Y-%%m-%%dT%%H:%%M:%%SZ))"))
	}
	f.part = s
	return nil
}

// answerOf computes a shardable command's answer, or takes the one sekisho
// merge put together. With --shard it writes the shard document instead,
// and done is true.
func answerOf[T any](env *environment, cmd *cobra.Command, args []string, f *analysisFlags, compute func() (*T, error)) (res *T, done bool, err error) {
	if env.merged != nil {
		r, ok := env.merged.(*T)
		if !ok {
			return nil, false, fmt.Errorf("internal error: merged answer of type %T for %s", env.merged, cmd.Name())
		}
		return r, false, nil
	}
	if err := f.parseShard(cmd); err != nil {
		return nil, false, err
	}
	res, err = compute()
	if err != nil || f.shardSpec == "" {
		return res, false, err
	}
	h, err := f.header(cmd, args)
	if err != nil {
		return nil, false, err
	}
	return nil, true, render.JSON(env.stdout, struct {
		ShardHeader
		Answer *T `json:"answer"`
	}{h, res})
}

// header describes the shard being written.
func (f *analysisFlags) header(cmd *cobra.Command, args []string) (ShardHeader, error) {
	id, err := modelIdentity(f.dir, f.awsManaged)
	if err != nil {
		return ShardHeader{}, badInput(err)
	}
	q := Question{Args: append([]string{}, args...), Flags: map[string][]string{}}
	cmd.Flags().Visit(func(fl *pflag.Flag) {
		if notWithShard[fl.Name] {
			return
		}
		if sv, ok := fl.Value.(pflag.SliceValue); ok {
			q.Flags[fl.Name] = append([]string{}, sv.GetSlice()...)
		} else {
			q.Flags[fl.Name] = []string{fl.Value.String()}
		}
	})
	return ShardHeader{SchemaVersion: ShardSchemaVersion, Command: cmd.Name(), Question: q, Model: id,
		Shard: ShardPart{Index: f.part.Index, Count: f.part.Count, Split: splitName}}, nil
}

// modelIdentity digests the model's files and the AWS managed policies
// directory, if any. Each file adds its path relative to its root, its
// size and its content's SHA-256, in path order, so that a copy of the
// model elsewhere has the same identity and any change of a byte another.
func modelIdentity(dir, awsManaged string) (ModelIdentity, error) {
	h := sha256.New()
	files := 0
	for _, root := range []struct{ tag, path string }{{"model", dir}, {"aws-managed-policies", awsManaged}} {
		if root.path == "" {
			continue
		}
		n, err := digestTree(h, root.tag, root.path)
		if err != nil {
			return ModelIdentity{}, err
		}
		files += n
	}
	return ModelIdentity{Digest: "sha256:" + hex.EncodeToString(h.Sum(nil)), Files: files}, nil
}

func digestTree(h io.Writer, tag, root string) (int, error) {
	var paths []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			paths = append(paths, path)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("model identity: %w", err)
	}
	sort.Strings(paths)
	for _, p := range paths {
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return 0, err
		}
		sum, size, err := digestFile(p)
		if err != nil {
			return 0, fmt.Errorf("model identity: %w", err)
		}
		name := tag + "/" + filepath.ToSlash(rel)
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(size))
		fmt.Fprintf(h, "%d:%s", len(name), name)
		h.Write(n[:])
		h.Write(sum)
	}
	return len(paths), nil
}

// digestFile hashes one file (a symbolic link: what it points to); only
// regular files are read, as the model loader reads only them.
func digestFile(path string) ([]byte, int64, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, 0, err
	}
	if !info.Mode().IsRegular() {
		if info.IsDir() { // a link to a directory: its name stands for it
			sum := sha256.Sum256([]byte("dir"))
			return sum[:], 0, nil
		}
		return nil, 0, fmt.Errorf("%s: not a regular file", path)
	}
	fh, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	defer fh.Close()
	s := sha256.New()
	n, err := io.Copy(s, fh)
	if err != nil {
		return nil, 0, err
	}
	return s.Sum(nil), n, nil
}
