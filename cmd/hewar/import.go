package main

import (
	"context"
	"fmt"
)

func init() {
	register("import", "import web archives into the archive: hewar import warc --db FILE FILE...", runImport)
}

// runImport dispatches on the format of what is imported; WARC is the one
// there is.
func runImport(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(e.stderr, "usage: hewar import warc --db FILE FILE.warc[.gz]...")
		if len(args) == 0 {
			return usageError{"import needs a format: hewar import warc --db FILE FILE..."}
		}
		return nil
	}
	switch args[0] {
	case "warc":
		return runImportWARC(ctx, e, args[1:])
	}
	return usageError{fmt.Sprintf("import: unknown format %q (known: warc)", args[0])}
}
