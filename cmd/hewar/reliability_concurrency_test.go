package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/fixtures"
	"github.com/hewar-archive/hewar/web"
)

// TestCrawl_ReadersWhileCrawling runs `hewar crawl` in a subprocess, writing
// as fast as it can, while goroutines of this process run hewar search, sql,
// history, show and changes, and the web view's search API, in loops. No
// reader may fail: a SQLITE_BUSY or "database is locked" must never reach a
// user. While the crawl runs, a second `hewar crawl` on the same archive, in
// process and as another process, is refused with a clear message.
func TestCrawl_ReadersWhileCrawling(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocess test")
	}
	site := fixtures.NewSynthetic(100, 6, fixtures.WithCrawlDelay(0))
	srv := httptest.NewServer(site)
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "hewar.db")
	args := []string{"crawl", "--db", db, "--seed", srv.URL + "/", "--seed", srv.URL + "/en/",
		"--delay", "0", "--parallel", "4", "--quiet", "--json"}
	// A first, short crawl, so that the readers have something to read.
	crawlJSON(t, append(args, "--max-pages", "20")...)
	var docKey string
	queryRow(t, db, "select doc_key from documents where doc_key like 'hewariraq.com/%' order by id limit 1", &docKey)

	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "HEWAR_TEST_AS_MAIN=1")
	var crawlOut, crawlErr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &crawlOut, &crawlErr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	crawlDone := make(chan error, 1)
	go func() { crawlDone <- cmd.Wait() }()
	var stop atomic.Bool

	ctx := context.Background()
	readers := map[string][]string{
		"search":  {"search", "--db", db, "--limit", "5", "interview"},
		"search2": {"search", "--db", db, "--json", "حوار"},
		"sql":     {"sql", "--db", db, "--format", "csv", "select count(*) from captures"},
		"sql2":    {"sql", "--db", db, "--format", "json", "select doc_key, version, title from latest order by doc_key limit 50"},
		"history": {"history", "--db", db, docKey},
		"show":    {"show", "--db", db, docKey},
		"changes": {"changes", "--db", db, "--json"},
	}
	var (
		mu     sync.Mutex
		errs   []string
		counts = map[string]int{}
		wg     sync.WaitGroup
	)
	fail := func(name string, err error, stderr string) {
		mu.Lock()
		defer mu.Unlock()
		if len(errs) < 20 {
			errs = append(errs, fmt.Sprintf("%s: %v %s", name, err, strings.TrimSpace(stderr)))
		}
	}
	for name, a := range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			last := -1
			for !stop.Load() {
				var out, errb bytes.Buffer
				if err := run(ctx, a, strings.NewReader(""), &out, &errb); err != nil {
					fail(name, err, errb.String())
					continue
				}
				if name == "sql" {
					// The number of captures a reader sees never goes down.
					lines := strings.Split(strings.TrimSpace(out.String()), "\n")
					n, err := strconv.Atoi(lines[len(lines)-1])
					if err != nil || n < last {
						fail(name, fmt.Errorf("captures went from %d to %q", last, lines[len(lines)-1]), "")
					}
					last = n
				}
				mu.Lock()
				counts[name]++
				mu.Unlock()
			}
		}()
	}
	// The web view reads through its own read-only handle.
	wg.Add(1)
	go func() {
		defer wg.Done()
		rdb, err := archive.OpenReadOnly(db)
		if err != nil {
			fail("web", err, "")
			return
		}
		defer rdb.Close()
		ws, err := web.New(rdb)
		if err != nil {
			fail("web", err, "")
			return
		}
		for !stop.Load() {
			for _, path := range []string{"/api/search?q=interview", "/api/history/" + docKey, "/"} {
				rec := httptest.NewRecorder()
				ws.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
				if rec.Code != 200 {
					fail("web "+path, fmt.Errorf("status %d", rec.Code), rec.Body.String())
				}
			}
			mu.Lock()
			counts["web"]++
			mu.Unlock()
		}
	}()

	// A second crawl is refused while the first holds the archive.
	waitFor(t, func() bool { n, err := countRows(db, "select count(*) from crawl_lock"); return err == nil && n == 1 })
	crawlsBefore, err := countRows(db, "select count(*) from crawls")
	if err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	err = run(ctx, args, strings.NewReader(""), &out, &errb)
	if !errors.Is(err, errCrawlLocked) || exitCode(err) == 0 {
		t.Errorf("second crawl in process: err = %v, want errCrawlLocked", err)
	}
	second := exec.Command(os.Args[0], args...)
	second.Env = append(os.Environ(), "HEWAR_TEST_AS_MAIN=1")
	var secondErr bytes.Buffer
	second.Stderr = &secondErr
	err = second.Run()
	var ee *exec.ExitError
	msg := strings.TrimSpace(secondErr.String())
	if !errors.As(err, &ee) || ee.ExitCode() != exitCrawlNotStarted || !strings.HasPrefix(msg, "hewar: another crawl is writing to this archive") ||
		strings.Count(msg, "\n") != 0 {
		t.Errorf("second crawl as a process: %v, stderr %q; want exit %d (could not start) and one line saying another crawl holds the archive", err, msg, exitCrawlNotStarted)
	}
	if strings.Count(msg, "wait for it to finish") != 1 {
		t.Errorf("the refusal %q says what to do more than once, or not at all", msg)
	}
	if !strings.Contains(msg, "pid "+strconv.Itoa(cmd.Process.Pid)) {
		t.Errorf("the refusal %q does not name the crawling process (pid %d)", msg, cmd.Process.Pid)
	}
	if n, err := countRows(db, "select count(*) from crawls"); err != nil || n != crawlsBefore {
		t.Errorf("the refused crawls added %d crawl rows (%v)", n-crawlsBefore, err)
	}

	select {
	case err = <-crawlDone:
	case <-time.After(2 * time.Minute):
		cmd.Process.Signal(syscall.SIGKILL)
		err = <-crawlDone
	}
	stop.Store(true)
	wg.Wait()
	if err != nil {
		t.Fatalf("the writing crawl failed: %v\n%s", err, crawlErr.String())
	}
	for _, e := range errs {
		t.Errorf("reader failed while the crawl wrote: %s", e)
	}
	for name := range readers {
		if counts[name] == 0 {
			t.Errorf("reader %s never ran during the crawl", name)
		}
	}
	t.Logf("reads during the crawl: %v", counts)
	var captures int
	queryRow(t, db, "select count(*) from captures", &captures)
	if captures < site.NumPages() {
		t.Errorf("%d captures; want at least the site's %d pages", captures, site.NumPages())
	}
	checkIntegrity(t, db)
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("timed out waiting for a condition")
		}
		time.Sleep(2 * time.Millisecond)
	}
}
