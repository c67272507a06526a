package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/fixtures"
	"github.com/hewar-archive/hewar/wayback/waybacktest"
)

func init() {
	register("demo", "serve the bundled replica on loopback, crawl it as it changes and is re-themed, show what changed, backfill its past from a Wayback stand-in", runDemo)
}

// demoDocKey is the interview whose answer the replica edits in epoch 2.
const demoDocKey = "hewariraq.com/en/post/708"

func runDemo(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "demo", "[--db FILE] [--delay DURATION]")
	dbPath := fs.String("db", filepath.Join("demo", "hewar-demo.db"), "the demo archive `FILE` (made anew each time)")
	delay := fs.Duration("delay", 20*time.Millisecond, "least time between two requests (the replica is on loopback)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{fmt.Sprintf("demo takes no arguments, got %q", pos[0])}
	}
	if err := freshDemoArchive(*dbPath); err != nil {
		return err
	}

	// The replica, on an ephemeral loopback port. Its robots.txt asks for no
	// crawl delay, so the demo takes seconds; --delay still spaces requests.
	site := fixtures.NewSite(fixtures.WithCrawlDelay(0))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("demo: listen on loopback: %w", err)
	}
	srv := &http.Server{Handler: site, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()

	out := e.stdout
	p := newPainter(out)
	step := func(format string, a ...any) { fmt.Fprintf(out, "\n%s\n", p.bold("== "+fmt.Sprintf(format, a...))) }
	fmt.Fprintf(out, "hewar demo: the replica of hewariraq.com is served at %s (loopback only)\n", base)
	fmt.Fprintf(out, "archive: %s\n", *dbPath)

	opts := &crawlOptions{
		db:       *dbPath,
		seeds:    multiFlag{base + "/", base + "/en/"},
		delay:    *delay,
		parallel: 2,
		quiet:    !isTerminal(e.stderr),
	}
	// A loopback crawl needs no contact: it sends hewar's own User-Agent.
	if err := opts.validate(); err != nil {
		return err
	}
	for epoch := fixtures.FirstEpoch; epoch <= fixtures.LastEpoch; epoch++ {
		site.SetEpoch(epoch)
		switch epoch {
		case fixtures.FirstEpoch:
			step("crawl 1: the site as it is (epoch %d)", epoch)
		case fixtures.RethemeEpoch:
			step("crawl %d: the site re-themed (epoch %d: every page in new markup, the same text; expect no changed document)", epoch, epoch)
		default:
			step("crawl %d: the site a little later (epoch %d: one answer edited, one title changed, one post removed, one interview added)", epoch, epoch)
		}
		sum, err := doCrawl(ctx, e, opts)
		if err != nil {
			return fmt.Errorf("demo crawl: %w", err)
		}
		printCrawlSummary(out, p, sum, opts)
	}

	step("hewar changes --db %s --crawl 2   (what the second crawl changed)", *dbPath)
	if err := run(ctx, []string{"changes", "--db", *dbPath, "--crawl", "2"}, e.stdin, out, e.stderr); err != nil {
		return err
	}
	step("hewar changes --db %s   (the re-themed site: the latest crawl)", *dbPath)
	if err := run(ctx, []string{"changes", "--db", *dbPath}, e.stdin, out, e.stderr); err != nil {
		return err
	}
	step("hewar diff --db %s %s   (the edited interview)", *dbPath, demoDocKey)
	if err := run(ctx, []string{"diff", "--db", *dbPath, demoDocKey}, e.stdin, out, e.stderr); err != nil {
		return err
	}

	// The site's past, from a stand-in of the Wayback Machine on loopback:
	// its captures of the site as the first crawl found it (epoch 1), dated
	// 2018-2019, so the interview's first version is now known since 2019;
	// the answer edited in crawl 2 stays the one change.
	var past []waybacktest.Capture
	for _, c := range waybacktest.DefaultCaptures() {
		if c.Epoch == 1 {
			past = append(past, c)
		}
	}
	wb := waybacktest.New(waybacktest.WithCaptures(past...))
	defer wb.Close()
	step("hewar import wayback --db %s --endpoint %s 'hewariraq.com/*'   (the site's past, from a stand-in of the Wayback Machine)", *dbPath, wb.URL)
	if err := run(ctx, []string{"import", "wayback", "--db", *dbPath, "--endpoint", wb.URL, "--delay", delay.String(), "hewariraq.com/*"}, e.stdin, out, e.stderr); err != nil {
		return err
	}
	step("hewar history --db %s %s   (from the earliest Wayback capture to the latest crawl; url changes too because the stand-in's captures are of hewariraq.com, the crawls' of the loopback replica)", *dbPath, demoDocKey)
	if err := run(ctx, []string{"history", "--db", *dbPath, demoDocKey}, e.stdin, out, e.stderr); err != nil {
		return err
	}

	step("try next")
	for _, c := range []string{
		"status  --db %[1]s        # what the archive covers, and what the next crawl would fetch",
		"history --db %[1]s " + demoDocKey,
		"show    --db %[1]s " + demoDocKey,
		"search  --db %[1]s 'الكاظمي'",
		"sql     --db %[1]s \"select n, question from qa_latest where doc_key = '" + demoDocKey + "' limit 3\"",
		"export  --db %[1]s --format jsonl",
		"export warc --db %[1]s -o demo/hewar-demo.warc.gz",
		"serve   --db %[1]s        # then open http://127.0.0.1:8080/ in a browser",
	} {
		fmt.Fprintf(out, "  ./bin/hewar "+c+"\n", *dbPath)
	}
	fmt.Fprintf(out, "  sqlite3 %s '.tables'\n", *dbPath)
	return nil
}

// freshDemoArchive removes a previous demo archive, and refuses to remove a
// file that is not one, so that a mistyped --db never destroys other data.
func freshDemoArchive(path string) error {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return os.MkdirAll(filepath.Dir(path), 0o755)
	}
	// A demo archive an older hewar made is one too: its schema is older.
	db, err := archive.OpenReadOnly(path)
	if err != nil && !errors.Is(err, archive.ErrOldSchema) {
		return fmt.Errorf("demo: %s exists and is not a hewar archive; choose another --db", path)
	}
	if db != nil {
		db.Close()
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(path + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("demo: remove old archive: %w", err)
		}
	}
	return nil
}
