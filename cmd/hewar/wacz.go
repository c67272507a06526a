package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/wacz"
	"github.com/hewar-archive/hewar/warc"
)

// WACZ out: the WARC export's records and a WACZ index (warc package), the
// archive's document pages, packaged by the wacz package:
//
//	archive.Captures --> warc.Writer (IndexForWACZ) --> temp NAME.warc.gz + index.cdxj
//	archive.DocumentPages --> wacz.Page
//	wacz.Write --> temp file --> linked to OUT.wacz (never over an existing file)

func init() {
	registerSub("export", "wacz", "the captures as a WACZ package that ReplayWeb.page opens (WARC, index, pages)", runExportWACZ)
}

// runExportWACZ is `hewar export wacz`.
func runExportWACZ(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "export wacz", "--db FILE -o OUT.wacz [--crawl ID] [--since TIME]")
	dbPath := archiveDBFlag(fs)
	out := fs.String("o", "", "write the package to `OUT`, a name ending in .wacz that does not exist yet")
	crawlID := fs.Int64("crawl", 0, "only the captures of crawl `ID`")
	since := fs.String("since", "", "only captures fetched at or after `TIME` (2026-01-08T09:00:00Z, 2026-01-08, 36h, 7d)")
	asJSON := fs.Bool("json", false, "print the summary as JSON: {wacz, warc, captures, records, responses, revisits, requests, failures, pages, bytes, resources}")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{fmt.Sprintf("export wacz takes no arguments, got %q", pos[0])}
	}
	if *out == "" {
		return usageError{"export wacz needs -o OUT.wacz"}
	}
	if !strings.HasSuffix(*out, ".wacz") {
		return usageError{fmt.Sprintf("-o %s: a WACZ package's name must end in .wacz", *out)}
	}
	if *crawlID < 0 || (*crawlID == 0 && flagGiven(fs, "crawl")) {
		return usageError{fmt.Sprintf("--crawl %d is not a crawl id: they are numbered from 1 (leave --crawl out for every crawl)", *crawlID)}
	}
	filter := archive.CaptureFilter{CrawlID: *crawlID}
	if *since != "" {
		if filter.Since, err = parseSince(*since, time.Now()); err != nil {
			return usageError{err.Error()}
		}
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
	info, err := exportInfo(ctx, db, filter, *dbPath, "export wacz")
	if err != nil {
		return err
	}
	sum, err := exportWACZ(ctx, db, filter, *out, info)
	if err != nil {
		return err
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

// waczSummary is what `hewar export wacz --json` prints (docs/warc.md).
type waczSummary struct {
	WACZ      string          `json:"wacz"`
	WARC      string          `json:"warc"` // its path inside the package
	Captures  int             `json:"captures"`
	Records   int             `json:"records"`
	Responses int             `json:"responses"`
	Revisits  int             `json:"revisits"`
	Requests  int             `json:"requests"`
	Failures  int             `json:"failures"`
	Pages     int             `json:"pages"`
	Bytes     int64           `json:"bytes"`
	Resources []wacz.Resource `json:"resources"`
}

// exportWACZ writes the selected captures as one WARC with its WACZ index
// in a temporary directory beside out, then the package, and links it to
// out only when it is whole.
func exportWACZ(ctx context.Context, db *archive.DB, filter archive.CaptureFilter, out string, info warc.Info) (waczSummary, error) {
	tmp, err := os.MkdirTemp(filepath.Dir(out), ".hewar-wacz-*")
	if err != nil {
		return waczSummary{}, fmt.Errorf("export wacz: %w", err)
	}
	defer os.RemoveAll(tmp)
	name := strings.TrimSuffix(filepath.Base(out), ".wacz") + ".warc.gz"
	warcPath, indexPath := filepath.Join(tmp, name), filepath.Join(tmp, "index.cdxj")
	st, n, err := writeWARC(ctx, db, filter, warcPath, indexPath, info, true)
	if err != nil {
		return waczSummary{}, err // says "export warc: ...": the WARC inside the package
	}
	pkg := wacz.Package{
		WARCs: []string{warcPath}, Index: indexPath,
		Title: info.Title, Description: info.Description, Software: info.Software, Created: time.Now(),
		Pages: func(yield func(wacz.Page) error) error {
			return db.DocumentPages(ctx, filter, func(p *archive.DocumentPage) error {
				return yield(wacz.Page{ID: pageID(p), URL: p.URL, Date: p.FetchedAt, Title: p.Title, Text: p.Text})
			})
		},
	}
	var ws wacz.Summary
	err = writeNewFileAtomic(out, func(w io.Writer) error {
		var err error
		ws, err = wacz.Write(w, pkg)
		return err
	})
	if err != nil {
		return waczSummary{}, err
	}
	return waczSummary{WACZ: out, WARC: "archive/" + name, Captures: n, Records: st.Records, Responses: st.Responses,
		Revisits: st.Revisits, Requests: st.Requests, Failures: st.Failures, Pages: ws.Pages, Bytes: ws.Bytes,
		Resources: ws.Resources}, nil
}
