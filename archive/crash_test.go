package archive_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/archive"
)

// crashEnv names the archive a child process ingests into until it is killed.
const crashEnv = "HEWAR_ARCHIVE_CRASH_DB"

// TestCrashChild is not a test on its own: TestIngest_SurvivesKill runs the
// test binary again with crashEnv set, and this ingests until killed.
func TestCrashChild(t *testing.T) {
	db, crawl := childCrawl(t, crashEnv, "TestIngest_SurvivesKill")
	ctx := context.Background()
	body := strings.Repeat("<p>Dialogue of thought: a question about the region, and its answer.</p>", 400)
	for i := 0; ; i++ {
		u := fmt.Sprintf("http://127.0.0.1/en/post/%d", i%50)
		at := t0.Add(time.Duration(i) * time.Second)
		qa := []string{}
		for k := 0; k < 12; k++ {
			qa = append(qa, fmt.Sprintf("Question %d of %d?", k, i/50), fmt.Sprintf("Answer %d, crawl %d.", k, i/50))
		}
		doc := interview(fmt.Sprintf("hewariraq.com/en/post/%d", i%50), "Post", qa...)
		c := page(u, fmt.Sprintf("<header>%d</header>", i)+body, at)
		res, err := db.Ingest(ctx, crawl, c, doc, "")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		// Tell the parent what is committed: it must survive the kill.
		fmt.Printf("committed %d\n", res.CaptureID)
	}
}

// childCrawl is the archive named by the environment variable env, opened
// in a child process, with a crawl begun; it skips the test when env is not
// set (the test run by parent starts the child).
func childCrawl(t *testing.T, env, parent string) (*archive.DB, int64) {
	path := os.Getenv(env)
	if path == "" {
		t.Skip("run by " + parent)
	}
	db, err := archive.Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	crawl, err := db.BeginCrawl(context.Background(), nil, nil)
	if err != nil {
		os.Exit(3)
	}
	return db, crawl
}

// startChild runs the test named test in a child process, with env set to
// path, and returns it with its output and what it wrote to stderr.
func startChild(t *testing.T, test, env, path string) (*exec.Cmd, io.Reader, *strings.Builder) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$")
	cmd.Env = append(os.Environ(), env+"="+path)
	stderr := &strings.Builder{}
	cmd.Stderr = stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, stdout, stderr
}

// A process killed at any moment leaves a file that opens, passes
// integrity_check, and holds only whole captures.
func TestIngest_SurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	for round := 0; round < 3; round++ {
		cmd, stdout, stderr := startChild(t, "TestCrashChild", crashEnv, path)
		// The child says what it committed; once it has committed a few more
		// captures, it is killed mid-stream.
		var committed atomic.Int64
		want := int64(20 * (round + 1))
		reached := make(chan struct{})
		readDone := make(chan struct{})
		go func() {
			defer close(readDone)
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				var id int64
				if _, err := fmt.Sscanf(sc.Text(), "committed %d", &id); err == nil {
					if committed.Swap(id) < want && id >= want {
						close(reached)
					}
				}
			}
		}()
		exited := make(chan struct{})
		go func() { <-readDone; cmd.Wait(); close(exited) }()
		select {
		case <-reached:
		case <-exited:
			t.Fatalf("child exited before being killed: %s", stderr.String())
		}
		// A little later each round, so that the kill lands elsewhere in a commit.
		time.Sleep(time.Duration(round*7) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		<-exited
		checkConsistent(t, path)
		db, err := archive.OpenReadOnly(path)
		if err != nil {
			t.Fatal(err)
		}
		last := queryInt(t, db, `SELECT max(id) FROM capture_rows`)
		db.Close()
		if last < committed.Load() {
			t.Errorf("round %d: capture %d was reported committed but is gone (last %d)", round, committed.Load(), last)
		}
	}
}

// checkConsistent asserts what every committed capture must have with it.
func checkConsistent(t *testing.T, path string) {
	t.Helper()
	db, err := archive.Open(path)
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer db.Close()
	var ok string
	if err := db.SQLDB().QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check = %q, %v", ok, err)
	}
	rows, err := db.SQLDB().Query(`PRAGMA foreign_key_check`)
	if err != nil {
		t.Fatal(err)
	}
	if rows.Next() {
		t.Error("foreign_key_check found orphans")
	}
	rows.Close()
	checks := map[string]string{
		"captures without their body":         `SELECT count(*) FROM captures WHERE status = 200 AND body_id IS NULL`,
		"crawl counters off":                  `SELECT count(*) FROM crawls c WHERE fetched != (SELECT count(*) FROM captures WHERE crawl_id = c.id)`,
		"versions missing Q&A rows":           `SELECT count(*) FROM versions v WHERE status = 'present' AND qa_count != (SELECT count(*) FROM qa WHERE version_id = v.id)`,
		"documents without a current version": `SELECT count(*) FROM documents WHERE current_version_id IS NULL`,
		"documents missing from the index":    `SELECT count(*) FROM documents d WHERE removed_at IS NULL AND NOT EXISTS (SELECT 1 FROM search WHERE rowid = d.id)`,
	}
	for what, q := range checks {
		if n := queryInt(t, db, q); n != 0 {
			t.Errorf("%s: %d", what, n)
		}
	}
	ctx := context.Background()
	last := queryInt(t, db, `SELECT max(id) FROM captures`)
	if _, err := db.Body(ctx, last); err != nil {
		t.Errorf("last body unreadable: %v", err)
	}
}

// writerAndReader opens a new archive for writing, with a crawl begun, and
// again read-only; both are closed when the test ends.
func writerAndReader(t *testing.T) (path string, w *archive.DB, crawl int64, r *archive.DB) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "rw.db")
	w, err := archive.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	crawl = MustBeginCrawl(t, w)
	if r, err = archive.OpenReadOnly(path); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return path, w, crawl, r
}

// readUntil runs read over and over in a goroutine of wg until done is
// closed or read fails, its error then sent to errs.
func readUntil(wg *sync.WaitGroup, done <-chan struct{}, errs chan<- error, read func() error) {
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-done:
				return
			default:
			}
			if err := read(); err != nil {
				errs <- err
				return
			}
		}
	}()
}

// Readers (history, search, sql) work while a crawl writes, without SQLITE_BUSY.
func TestReadersDuringWrites(t *testing.T) {
	ctx := context.Background()
	path, w, crawl, r := writerAndReader(t)
	mustIngest(t, w, crawl, page("http://127.0.0.1/en/post/0", "<p>0</p>", t0), interview("hewariraq.com/en/post/0", "Zero", "Q?", "A."))

	done := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for k := 0; k < 3; k++ {
		readUntil(&wg, done, errs, func() error {
			if _, err := r.History(ctx, "hewariraq.com/en/post/0"); err != nil {
				return err
			}
			if _, err := r.Search(ctx, archive.SearchQuery{Query: "zero OR post", Limit: 5}); err != nil {
				return err
			}
			return r.Query(ctx, `SELECT count(*) FROM captures`, func([]string, []any) error { return nil })
		})
	}
	// A second writer in the same file contends for the write lock too.
	w2, err := archive.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer w2.Close()
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < 50; i++ {
			if err := w2.FrontierAdd(ctx, crawl, []archive.FrontierItem{{Key: fmt.Sprint(i), URL: fmt.Sprint("http://127.0.0.1/x/", i)}}); err != nil {
				errs <- err
				return
			}
		}
	}()
	for i := 1; i < 80; i++ {
		d := interview(fmt.Sprintf("hewariraq.com/en/post/%d", i%10), fmt.Sprint("Post ", i), "Q?", fmt.Sprint("A ", i))
		if _, err := w.Ingest(ctx, crawl, page(fmt.Sprintf("http://127.0.0.1/en/post/%d", i%10), fmt.Sprint("<p>", i, "</p>"), t0.Add(time.Duration(i)*time.Second)), d, ""); err != nil {
			t.Fatal(err)
		}
	}
	close(done)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent access: %v", err)
	}
}

// pendingEnv names the archive a child process ingests new documents into
// until it is killed, each with a word of its own (TestSearch_AfterKill).
const pendingEnv = "HEWAR_ARCHIVE_PENDING_DB"

// TestPendingChild is not a test on its own: TestSearch_AfterKill runs the
// test binary again with pendingEnv set.
func TestPendingChild(t *testing.T) {
	db, crawl := childCrawl(t, pendingEnv, "TestSearch_AfterKill")
	ctx := context.Background()
	for i := 0; ; i++ {
		doc := interview(fmt.Sprintf("hewariraq.com/en/post/%d", i), fmt.Sprint("Post ", i),
			"What is new?", fmt.Sprintf("The word marker%d, once.", i))
		res, err := db.Ingest(ctx, crawl, page(fmt.Sprintf("http://127.0.0.1/en/post/%d", i), fmt.Sprint("<p>", i, "</p>"), t0), doc, "")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		fmt.Printf("committed %d %d\n", res.CaptureID, i)
	}
}

// A crawl killed while documents wait for the search index's next batch
// loses none of them: the archive opened for writing again indexes them,
// and search finds each one.
func TestSearch_AfterKill(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	path := filepath.Join(t.TempDir(), "pending.db")
	cmd, stdout, stderr := startChild(t, "TestPendingChild", pendingEnv, path)
	last := -1
	sc := bufio.NewScanner(stdout)
	for last < 40 && sc.Scan() {
		var id int64
		fmt.Sscanf(sc.Text(), "committed %d %d", &id, &last)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if last < 40 {
		t.Fatalf("child stopped after document %d: %s", last, stderr.String())
	}

	r, err := archive.OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	waiting := queryInt(t, r, `SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM search_text t WHERE t.document_id = d.id)`)
	r.Close()
	if waiting == 0 {
		t.Fatal("no document waited for the index when the child was killed: the test proves nothing")
	}

	db, err := archive.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n := queryInt(t, db, `SELECT count(*) FROM documents d LEFT JOIN search_text t ON t.document_id = d.id
		WHERE t.version_id IS NOT d.current_version_id`); n != 0 {
		t.Errorf("%d documents (of %d waiting) not indexed after reopening", n, waiting)
	}
	r, err = archive.OpenReadOnly(path) // what hewar search reads
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for i := 0; i <= last; i++ {
		hits, err := r.Search(context.Background(), archive.SearchQuery{Query: fmt.Sprintf("marker%d", i)})
		if err != nil || len(hits) != 1 || hits[0].DocKey != fmt.Sprintf("hewariraq.com/en/post/%d", i) {
			t.Errorf("search marker%d: %+v, %v", i, hits, err)
		}
		hits, err = r.Search(context.Background(), archive.SearchQuery{Query: fmt.Sprintf("marker%d", i), Pairs: true})
		if err != nil || len(hits) != 1 {
			t.Errorf("search --qa marker%d: %+v, %v", i, hits, err)
		}
	}
}

// A search while the archive is written, its index a batch behind the
// versions and brought up to date batch by batch, never names a wrong
// document for a row: every hit, of a document or of a pair, is the
// document whose own word matched, and its snippet shows that word.
func TestSearch_DuringWrites(t *testing.T) {
	ctx := context.Background()
	_, w, crawl, r := writerAndReader(t)
	const docs = 10
	key := func(d int) string { return fmt.Sprintf("hewariraq.com/en/post/%d", d) }

	done := make(chan struct{})
	errs := make(chan error, 100)
	var hits atomic.Int64
	var wg sync.WaitGroup
	readUntil(&wg, done, errs, func() error {
		for d := 0; d < docs; d++ {
			word := fmt.Sprintf("own%d", d)
			for _, pairs := range []bool{false, true} {
				found, err := r.Search(ctx, archive.SearchQuery{Query: word, Pairs: pairs})
				if err != nil {
					return err
				}
				for _, h := range found {
					hits.Add(1)
					shown := strings.Contains(strings.ToLower(h.Snippet), "["+word)
					if pairs { // the pair's question as published holds the word
						shown = strings.Contains(h.Question, word)
					}
					if h.DocKey != key(d) || !shown {
						return fmt.Errorf("search %s (pairs %v): hit %s, snippet %q, question %q", word, pairs, h.DocKey, h.Snippet, h.Question)
					}
				}
			}
		}
		return nil
	})
	for i := 0; i < 300; i++ {
		d, k := i%docs, i/docs
		// A version of document d with another number of pairs each time,
		// so that rows of search_qa are deleted and inserted.
		var qa []string
		for n := 0; n <= k%3; n++ {
			qa = append(qa, fmt.Sprintf("Question %d of own%d?", n, d), fmt.Sprintf("Answer %d, version %d.", n, k))
		}
		doc := interview(key(d), fmt.Sprintf("Post %d, version %d", d, k), qa...)
		if _, err := w.Ingest(ctx, crawl, page("http://127.0.0.1/en/post/"+fmt.Sprint(d), fmt.Sprint("<p>", i, "</p>"),
			t0.Add(time.Duration(i)*time.Hour)), doc, ""); err != nil {
			t.Fatal(err)
		}
		if i%7 == 6 {
			if err := w.FlushSearchIndex(ctx); err != nil {
				t.Fatal(err)
			}
		}
	}
	close(done)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if hits.Load() == 0 {
		t.Error("the reader saw no hit at all: the test proves nothing")
	}
}
