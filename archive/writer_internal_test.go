package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/parse"
)

func openInternal(t *testing.T) *DB {
	t.Helper()
	db, err := Open(filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// One job of a group fails: its changes are rolled back, the others commit,
// and each caller gets its own outcome.
func TestWrite_GroupIsolatesFailure(t *testing.T) {
	db := openInternal(t)
	ctx := context.Background()
	hold, held := make(chan struct{}), make(chan struct{})
	var first sync.WaitGroup
	first.Add(1)
	go func() {
		defer first.Done()
		// Keeps the writer busy until the three jobs below are queued, so
		// that they make one group.
		db.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
			close(held)
			<-hold
			_, err := putURL(ctx, tx, "http://127.0.0.1/first")
			return err
		})
	}()
	<-held
	boom := errors.New("boom")
	jobs := map[string]error{"http://127.0.0.1/a": nil, "http://127.0.0.1/b": boom, "http://127.0.0.1/c": nil}
	got := map[string]error{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for u, want := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := db.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
				if _, err := putURL(ctx, tx, u); err != nil {
					return err
				}
				return want
			})
			mu.Lock()
			got[u] = err
			mu.Unlock()
		}()
	}
	for len(db.writer.jobs) < len(jobs) {
		// wait until all three are queued behind the held job
		runtime.Gosched()
	}
	close(hold)
	wg.Wait()
	first.Wait()
	for u, want := range jobs {
		if !errors.Is(got[u], want) && !(want == nil && got[u] == nil) {
			t.Errorf("%s: error %v, want %v", u, got[u], want)
		}
		_, ok, err := findURL(ctx, db.db, u)
		if err != nil {
			t.Fatal(err)
		}
		if ok != (want == nil) {
			t.Errorf("%s stored = %v, want %v", u, ok, want == nil)
		}
	}
	if _, ok, _ := findURL(ctx, db.db, "http://127.0.0.1/first"); !ok {
		t.Error("the first job's change was lost")
	}
}

// A plan made against a dictionary that is no longer that blob (a rollback
// let SQLite reuse its id) is refused, and storePlanned plans again.
func TestStoreBlob_RefusesStaleDictionary(t *testing.T) {
	db := openInternal(t)
	ctx := context.Background()
	dictA := []byte(strings.Repeat("<nav>Home News Activities Seminars</nav><p>حوار الفكر</p>", 50))
	data := append([]byte("<h1>new page</h1>"), dictA...)
	var dictID int64
	err := db.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		dictID, _, _, err = storeBlob(ctx, tx, plainPlan(dictA, sha256Sum(dictA)))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	good, err := planWithDict(data, dictA, sha256Sum(dictA), dictID)
	if err != nil || good.dictID != dictID {
		t.Fatalf("plan against the dictionary: %+v, %v", good.dictID, err)
	}
	stale := good
	stale.dictSum = sha256Sum([]byte("another blob that had this id before a rollback"))
	replanned := false
	var id int64
	err = db.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		if _, _, ok, err := storeBlob(ctx, tx, stale); err != nil || ok {
			t.Errorf("stale plan stored: ok=%v err=%v", ok, err)
		}
		id, _, err = storePlanned(ctx, tx, &stale, func() (blobPlan, error) {
			replanned = true
			return planWithDict(data, dictA, sha256Sum(dictA), dictID)
		})
		return err
	})
	if err != nil || !replanned {
		t.Fatalf("replanned=%v err=%v", replanned, err)
	}
	back, err := db.readBlob(ctx, db.db, id)
	if err != nil || string(back) != string(data) {
		t.Fatalf("blob read back wrong: %v", err)
	}
	// A plan against a dictionary not yet named (dictID 0) is never stored as is.
	data2 := append([]byte("<h1>another page</h1>"), dictA...)
	unnamed, err := planWithDict(data2, dictA, sha256Sum(dictA), 0)
	if err != nil || unnamed.dictSum == nil {
		t.Fatalf("plan against an unnamed dictionary: %v", err)
	}
	db.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		if _, _, ok, _ := storeBlob(ctx, tx, unnamed); ok {
			t.Error("a delta without its dictionary's id was stored")
		}
		return nil
	})
}

// A job alone in its group that fails leaves nothing, and caches that may
// name its rows are emptied.
func TestWrite_RollbackForgetsCaches(t *testing.T) {
	db := openInternal(t)
	ctx := context.Background()
	db.templates.set("text/html /post", 7)
	db.dicts.put(7, dictEntry{b: []byte("x"), sum: sha256Sum([]byte("x"))})
	err := db.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		if _, err := putURL(ctx, tx, "http://127.0.0.1/lone"); err != nil {
			return err
		}
		return errors.New("fail")
	})
	if err == nil || err.Error() != "fail" {
		t.Errorf("a lone failing job returned %v", err)
	}
	if _, ok, _ := findURL(ctx, db.db, "http://127.0.0.1/lone"); ok {
		t.Error("a lone failing job's change was committed")
	}
	if db.templates.get("text/html /post") != 0 {
		t.Error("template cache kept after a rollback")
	}
	if _, ok := db.dicts.get(7); ok {
		t.Error("dictionary cache kept after a rollback")
	}
}

// KnownURLs reads a page at a time: every document's URL once, in order,
// across page boundaries, and fn may write to the archive meanwhile.
func TestKnownURLs_Pages(t *testing.T) {
	defer func(n int) { knownURLsPage = n }(knownURLsPage)
	knownURLsPage = 7
	db := openInternal(t)
	ctx := context.Background()
	crawl, err := db.BeginCrawl(ctx, []string{"http://127.0.0.1/"}, map[string]any{})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for i := range 22 {
		u := fmt.Sprintf("http://127.0.0.1/en/post/%d", i)
		c := &Capture{RequestURL: u, FinalURL: u, Method: "GET", Status: 200, StatusLine: "HTTP/1.1 200 OK",
			Proto: "HTTP/1.1", Body: []byte(fmt.Sprintf("<p>%d</p>", i)), FetchedAt: time.Unix(int64(1000+i), 0), ContentType: "text/html"}
		doc := &parse.Document{DocKey: fmt.Sprintf("hewariraq.com/en/post/%d", i), URL: u, Lang: "en", Kind: "article", Title: fmt.Sprint(i)}
		if _, err := db.Ingest(ctx, crawl, c, doc, ""); err != nil {
			t.Fatal(err)
		}
		want = append(want, u)
	}
	var got []string
	err = db.KnownURLs(ctx, func(u string) error {
		got = append(got, u)
		return db.FrontierAdd(ctx, crawl, []FrontierItem{{Key: u, URL: u}})
	})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("KnownURLs:\n got %v\nwant %v", got, want)
	}
}

// The WAL's checkpoint interval takes at most an eighth of the free room,
// within SQLite's default at its default page size (4 MB) and 80 MB,
// counted in the file's pages.
func TestWalPages(t *testing.T) {
	for _, c := range []struct {
		free, pageSize int64
		want           int
	}{
		{0, 4096, 1000},
		{256 << 10, 4096, 1000},
		{24 << 20, 4096, 1000},
		{200 << 20, 4096, 6400},
		{1 << 40, 4096, 20000},
		{24 << 20, 16384, 250},
		{200 << 20, 16384, 1600},
		{1 << 40, 16384, 5000},
	} {
		if got := walPages(c.free, c.pageSize); got != c.want {
			t.Errorf("walPages(%d, %d) = %d, want %d", c.free, c.pageSize, got, c.want)
		}
	}
}
