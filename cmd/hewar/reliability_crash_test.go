package main

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/crawler"
	"github.com/hewar-archive/hewar/fixtures"
	"github.com/hewar-archive/hewar/parse"
	"github.com/hewar-archive/hewar/pipeline"
)

// crashSeed fixes the kill moments; change it to try others.
const crashSeed = 20260108

// TestCrawl_SurvivesTwentySIGKILLs kills `hewar crawl` (this test binary run
// as main) at 20 moments drawn from a seeded random source: at a random time
// after it starts (while it opens and migrates the archive, takes the lock,
// reads robots.txt...) or right after, or a few milliseconds after, its k-th
// capture. Each time it checks that nothing committed was lost and that the
// file is sound; then it lets the crawl finish and checks that the archive
// holds exactly the documents and versions of an uninterrupted crawl.
//
// HEWAR_CRASH_ROUNDS=N runs N rounds with seeds crashSeed, crashSeed+1, ...
// (20 kills each) for a longer soak; make test runs one.
func TestCrawl_SurvivesTwentySIGKILLs(t *testing.T) {
	if testing.Short() {
		t.Skip("20 subprocesses")
	}
	rounds := 1
	if n, err := strconv.Atoi(os.Getenv("HEWAR_CRASH_ROUNDS")); err == nil && n > 0 {
		rounds = n
	}
	for r := range rounds {
		t.Run("seed"+strconv.Itoa(crashSeed+r), func(t *testing.T) { crashRound(t, crashSeed+uint64(r)) })
	}
}

func crashRound(t *testing.T, seed uint64) {
	gate, base := gatedReplica(t)
	dir := t.TempDir()
	ref := filepath.Join(dir, "ref.db")
	refSum := crawlJSON(t, crawlArgs(ref, base)...)
	total, err := countRows(ref, "select count(*) from captures")
	if err != nil {
		t.Fatal(err)
	}
	pages, err := countRows(ref, pageCaptures)
	if err != nil {
		t.Fatal(err)
	}

	db := filepath.Join(dir, "killed.db")
	args := crawlArgs(db, base, "--delay", "8ms", "--parallel", "2")
	rng := rand.New(rand.NewPCG(seed, 0))
	const kills = 20
	// Spread the kills over the crawl but its last few pages: the i-th that
	// waits for captures waits for about i/kills of all pages but tail.
	// (robots.txt is fetched again by every run, so its captures do not count.)
	// Each run is served one page fewer than it has left to fetch (gate.serve)
	// and held at the next until it is killed, so no run can finish first,
	// however late the kill: a kill that waited for the last pages came after
	// the crawl had finished, one run in about 40 when the machine was idle
	// and more often under load.
	const tail = 5
	prev := 0
	moments := map[string]int{}
	for i := range kills {
		have, err := countRows(db, pageCaptures)
		if err != nil {
			have = 0 // no archive yet, or killed before its schema was complete
		}
		gate.serve(pages - have - 1)
		cmd := exec.Command(os.Args[0], args...)
		cmd.Env = append(os.Environ(), "HEWAR_TEST_AS_MAIN=1")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		var moment string
		target := (i + 1) * (pages - tail) / kills
		k := rng.IntN(3)
		if k == 0 && i >= kills*2/3 {
			// Near the end a resumed crawl has a few pages left, which it
			// can fetch within a random sleep: kill at a capture instead.
			k = 1
		}
		switch k {
		case 0:
			moment = "after a random sleep"
			time.Sleep(time.Duration(rng.IntN(150)) * time.Millisecond)
		case 1:
			moment = "at the k-th capture"
			waitCaptures(db, target)
		default:
			moment = "just after the k-th capture"
			waitCaptures(db, target)
			time.Sleep(time.Duration(rng.IntN(6)) * time.Millisecond)
		}
		moments[moment]++
		cmd.Process.Signal(syscall.SIGKILL)
		err = cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
			t.Fatalf("kill %d: the crawl ended by itself (%v) though it was served fewer pages than it had left: it lost some, or failed", i+1, err)
		}
		if _, err := os.Stat(db); err != nil {
			continue // killed before it created the file
		}
		n, err := countRows(db, "select count(*) from captures")
		if err != nil {
			// Killed before the schema was complete: the next run finishes it.
			continue
		}
		if n < prev {
			t.Fatalf("kill %d: %d captures, fewer than the %d committed before", i+1, n, prev)
		}
		prev = n
		var finished int
		queryRow(t, db, "select count(finished_at) from crawls", &finished)
		if finished != 0 {
			t.Fatalf("kill %d: the crawl was marked finished though it was served fewer pages than it had left", i+1)
		}
		var quick string
		queryRow(t, db, "pragma quick_check", &quick)
		if quick != "ok" {
			t.Fatalf("kill %d: quick_check: %s", i+1, quick)
		}
	}
	t.Logf("%d kills (%v); %d captures stored before the last resume, of %d in an uninterrupted crawl", kills, moments, prev, total)

	gate.release()
	sum := crawlJSON(t, crawlArgs(db, base)...)
	if !sum.Resumed || !sum.Complete {
		t.Fatalf("last run: resumed %v complete %v, want a completed resume", sum.Resumed, sum.Complete)
	}
	// Each page was stored once: a kill neither lost a capture nor made a
	// resume store one again.
	if n, err := countRows(db, pageCaptures); err != nil || n != pages {
		t.Errorf("%d captures of pages (%v), want the %d of an uninterrupted crawl", n, err, pages)
	}
	if a, b := versionsOf(t, ref), versionsOf(t, db); a != b {
		t.Errorf("documents and versions differ from an uninterrupted crawl:\nref    %s\nkilled %s", a, b)
	}
	var crawls int
	queryRow(t, db, "select count(*) from crawls", &crawls)
	if crawls != 1 {
		t.Errorf("%d crawls, want the one crawl resumed after every kill", crawls)
	}
	// Every URL the uninterrupted crawl fetched was fetched.
	want := docKeys(t, ref, "select url from captures")
	got := docKeys(t, db, "select url from captures")
	for u := range want {
		if !got[u] {
			t.Errorf("%s fetched by the uninterrupted crawl, never by the killed one", u)
		}
	}
	if sum.Counts.New != refSum.Counts.New {
		t.Errorf("killed crawl counted %d new documents, uninterrupted %d", sum.Counts.New, refSum.Counts.New)
	}
	checkIntegrity(t, db)
}

// pageCaptures counts the captures other than robots.txt.
const pageCaptures = "select count(*) from captures where url not like '%/robots.txt'"

// pageGate serves the replica but holds the requests for pages (robots.txt
// is always served) beyond a number the test sets, until the client gives up
// the request or the test sets another number. A crawl served fewer pages
// than it has left to fetch cannot finish, however slow the machine or late
// the signal that is meant to stop it.
type pageGate struct {
	site http.Handler

	mu   sync.Mutex
	left int           // page requests still to serve; -1: no limit
	open chan struct{} // closed when the held requests may go on
}

// gatedReplica serves the fixtures replica on 127.0.0.1 through a pageGate
// that holds nothing until serve is called.
func gatedReplica(t *testing.T) (*pageGate, string) {
	site := fixtures.NewSite(fixtures.WithCrawlDelay(0)) // as replicaServer serves it
	g := &pageGate{site: site, left: -1, open: make(chan struct{})}
	srv := httptest.NewServer(g)
	t.Cleanup(srv.Close)
	t.Cleanup(g.release) // runs first: Close waits for held requests
	return g, srv.URL
}

func (g *pageGate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/robots.txt" {
		g.mu.Lock()
		open, hold := g.open, g.left == 0
		if g.left > 0 {
			g.left--
		}
		g.mu.Unlock()
		if hold {
			select {
			case <-open:
			case <-r.Context().Done():
				return
			}
		}
	}
	g.site.ServeHTTP(w, r)
}

// serve lets n more page requests through and holds those after them. The
// requests held until then go on.
func (g *pageGate) serve(n int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	close(g.open)
	g.open = make(chan struct{})
	g.left = max(n, 0)
}

// release serves every request, held or to come.
func (g *pageGate) release() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.left != -1 {
		close(g.open)
		g.open = make(chan struct{})
		g.left = -1
	}
}

// waitCaptures waits until the archive holds n captures of pages, or 20 seconds.
func waitCaptures(db string, n int) {
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if got, err := countRows(db, pageCaptures); err == nil && got >= n {
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// TestCrawl_ResumeKeepsTheLinksOfAPageStoredBeforeTheKill sets up the state a
// kill left when it landed between storing a page and queueing its links
// (the crawler then saved, added links and marked done in three steps), and
// resumes: the page's links must still be crawled. The 20-kill test found
// /en/news?page=2 missing after such a kill (one run in four): the resume
// marked the stored page done. Since then a capture, its links and its done
// mark commit together (the pipeline's crawl sink), so a kill can no longer
// leave this state, and a page stored without them is fetched again.
func TestCrawl_ResumeKeepsTheLinksOfAPageStoredBeforeTheKill(t *testing.T) {
	_, base := replicaServer(t)
	path := filepath.Join(t.TempDir(), "hewar.db")
	ctx := context.Background()
	db, err := archive.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	id, err := db.BeginCrawl(ctx, []string{base + "/", base + "/en/"}, map[string]any{})
	if err != nil {
		t.Fatal(err)
	}
	page := base + "/en/news"
	key, err := crawler.Canonicalize(page)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.FrontierAdd(ctx, id, []archive.FrontierItem{{Key: key, URL: page, Depth: 1}}); err != nil {
		t.Fatal(err)
	}
	if items, err := db.FrontierNext(ctx, id, 10); err != nil || len(items) != 1 {
		t.Fatalf("frontier next: %v, %v", items, err)
	}
	// The killed process fetched the page and stored it...
	resp, err := http.Get(page)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	c := &crawler.Capture{Key: key, RequestURL: page, FinalURL: page, Method: "GET", Proto: resp.Proto,
		Status: resp.StatusCode, StatusLine: resp.Proto + " " + resp.Status, Header: resp.Header, Body: body,
		FetchedAt: time.Now(), Depth: 1}
	var links []string
	_, err = pipeline.Ingester{DB: db, CrawlID: id}.Ingest(ctx, pipeline.FromCrawl(c), func(doc *parse.Document) archive.FrontierUpdate {
		if doc != nil {
			links = doc.Links
		}
		return archive.FrontierUpdate{}
	})
	if err != nil {
		t.Fatal(err)
	}
	next := page + "?page=2"
	if !slices.Contains(links, next) && !slices.Contains(links, "/en/news?page=2") {
		t.Fatalf("the replica's %s does not link %s any more (links %v): fix the test", page, next, links)
	}
	// ... and died before queueing its links and marking it done.
	db.Close()

	sum := crawlJSON(t, crawlArgs(path, base)...)
	if !sum.Resumed || !sum.Complete {
		t.Fatalf("resumed %v complete %v", sum.Resumed, sum.Complete)
	}
	if got := docKeys(t, path, "select url from captures"); !got[next] {
		t.Errorf("%s, linked only from %s, was never fetched after the resume: the kill lost the page's links", next, page)
	}
}

// TestCrawl_InterruptResumes: Ctrl-C (SIGINT) and SIGTERM stop a crawl in
// one line that says how to resume, exit 1, and the same command then
// completes the crawl as if nothing had happened.
func TestCrawl_InterruptResumes(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocess test")
	}
	gate, base := gatedReplica(t)
	dir := t.TempDir()
	ref := filepath.Join(dir, "ref.db")
	crawlJSON(t, crawlArgs(ref, base)...)
	pages, err := countRows(ref, pageCaptures)
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "stopped.db")
	args := crawlArgs(db, base, "--delay", "10ms", "--parallel", "1")
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		have, err := countRows(db, pageCaptures)
		if err != nil {
			have = 0 // the first run: no archive yet
		}
		// The run stores 5 pages, which it does only once main has set up
		// its signal handling, and is then signalled. It is served one page
		// fewer than it has left, so it cannot finish before the signal.
		gate.serve(pages - have - 1)
		cmd := exec.Command(os.Args[0], args...)
		cmd.Env = append(os.Environ(), "HEWAR_TEST_AS_MAIN=1")
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		waitCaptures(db, have+5)
		cmd.Process.Signal(sig)
		err = cmd.Wait()
		var ee *exec.ExitError
		lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
		msg := lines[len(lines)-1] // earlier lines: "resuming crawl 1"
		if !errors.As(err, &ee) || ee.ExitCode() != 1 ||
			msg != "hewar: crawl 1 interrupted; run the same command again to resume it" {
			t.Fatalf("%v: %v, stderr %q; want exit 1 and one line saying how to resume", sig, err, msg)
		}
		var finished int
		queryRow(t, db, "select count(finished_at) from crawls", &finished)
		if finished != 0 {
			t.Fatalf("%v: the crawl was marked finished", sig)
		}
		n, err := countRows(db, pageCaptures)
		if err != nil || n < have+5 {
			t.Fatalf("%v: %d captures of pages (%v), fewer than the %d stored before the signal", sig, n, err, have+5)
		}
	}
	gate.release()
	sum := crawlJSON(t, crawlArgs(db, base)...)
	if !sum.Resumed || !sum.Complete {
		t.Fatalf("after the interrupts: resumed %v, complete %v", sum.Resumed, sum.Complete)
	}
	if a, b := versionsOf(t, ref), versionsOf(t, db); a != b {
		t.Errorf("documents and versions differ from an uninterrupted crawl:\nref         %s\ninterrupted %s", a, b)
	}
	if n, err := countRows(db, pageCaptures); err != nil || n != pages {
		t.Errorf("%d captures of pages (%v), want the %d of an uninterrupted crawl", n, err, pages)
	}
	checkIntegrity(t, db)
}
