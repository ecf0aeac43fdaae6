// Command sekisho evaluates AWS requests against every policy gate, offline.
package main

import (
	"os"

	"github.com/sekisho/sekisho/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
