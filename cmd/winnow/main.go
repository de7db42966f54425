// Command winnow turns cybersecurity news into structured, cited threat
// intelligence. Run "winnow --help" for the commands.
package main

import (
	"os"

	"github.com/winnow-cti/winnow/internal/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
