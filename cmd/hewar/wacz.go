package main

import (
	"context"
	"errors"
	"fmt"
	iofs "io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/hewar-archive/hewar/pipeline"
)

// WACZ out: pipeline.ExportWACZ draws it.

func init() {
	registerSub("export", "wacz", "the captures as a WACZ package that ReplayWeb.page opens (WARC, index, pages)", runExportWACZ)
}

// runExportWACZ is `hewar export wacz`.
func runExportWACZ(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "export wacz", "--db FILE -o OUT.wacz [--crawl ID] [--since TIME] [--json]")
	dbPath := archiveDBFlag(fs)
	out := fs.String("o", "", "write the package to `OUT`, a name ending in .wacz that does not exist yet")
	captureFilter := captureFilterFlags(fs)
	asJSON := fs.Bool("json", false, "print the summary as JSON: {wacz, warc, captures, records, responses, revisits, requests, failures, pages, bytes, resources}")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := noArguments("export wacz", pos); err != nil {
		return err
	}
	if *out == "" {
		return usageError{"export wacz needs -o OUT.wacz"}
	}
	if !strings.HasSuffix(*out, ".wacz") {
		return usageError{fmt.Sprintf("-o %s: a WACZ package's name must end in .wacz", *out)}
	}
	filter, err := captureFilter()
	if err != nil {
		return err
	}
	if err := checkOutputs("export wacz", *out); err != nil {
		return err
	}
	if _, err := os.Lstat(*out); err == nil {
		return fmt.Errorf("export wacz: %s already exists: remove it first or give another -o", *out)
	} else if !errors.Is(err, iofs.ErrNotExist) {
		return fmt.Errorf("export wacz: %w", err)
	}
	db, err := openReadArchive(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	info, err := pipeline.ExportInfo(ctx, db, filter, filepath.Base(*dbPath), hewarSoftware())
	if err != nil {
		return crawlError(filter.CrawlID, outputError("export wacz", *out, err))
	}
	sum, err := pipeline.ExportWACZ(ctx, db, filter, *out, info)
	if err != nil {
		return outputError("export wacz", *out, err)
	}
	if *asJSON {
		return emitJSON(e.stdout, sum)
	}
	fmt.Fprintf(e.stdout, "wrote %s to %s: %s, %s (%s, %s, %s, %s), %.1f MB\n",
		plural(sum.Captures, "capture", "captures"), *out, plural(sum.Pages, "page", "pages"),
		plural(sum.Records, "WARC record", "WARC records"), plural(sum.Responses, "response", "responses"),
		plural(sum.Revisits, "revisit", "revisits"), plural(sum.Requests, "request", "requests"),
		plural(sum.Failures, "failed fetch", "failed fetches"), float64(sum.Bytes)/1e6)
	return nil
}
