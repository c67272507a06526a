package archive_test

import (
	"context"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/parse"
)

// doubling is an interval rule for tests: an hour to begin with, doubled
// when unchanged, halved when changed.
func doubling(prev time.Duration, changed bool) time.Duration {
	switch {
	case prev == 0:
		return time.Hour
	case changed:
		return prev / 2
	}
	return prev * 2
}

func ingestFetched(t *testing.T, db *archive.DB, crawl int64, key string, c *archive.Capture, doc *parse.Document, kind string) archive.IngestResult {
	t.Helper()
	upd := archive.FrontierUpdate{Fetched: []archive.FrontierItem{{Key: key, URL: c.RequestURL}}, Interval: doubling, Kind: kind}
	r, err := db.IngestCommit(context.Background(), crawl, c, doc, upd, nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func stateOf(t *testing.T, db *archive.DB, key string) archive.URLState {
	t.Helper()
	st, err := db.URLStates(context.Background(), []string{key})
	if err != nil {
		t.Fatal(err)
	}
	s, ok := st[key]
	if !ok {
		t.Fatalf("no url_state for %s", key)
	}
	return s
}

// Every capture of a crawl tells url_state what it showed of its URL: an
// answer confirms the content, a failure does not, a change is a change,
// and a capture older than the state changes nothing.
func TestURLState_FromCaptures(t *testing.T) {
	db := MustOpenDB(t)
	crawl := MustBeginCrawl(t, db)
	const key = "127.0.0.1/en/post/9"
	u := "http://127.0.0.1/en/post/9"
	at := func(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }
	doc := interview("hewariraq.com/en/post/9", "Nine", "Q?", "A.")
	edited := interview("hewariraq.com/en/post/9", "Nine", "Q?", "A, corrected.")
	failed := status(u, 503, at(3))
	failed.Err = "http error status: HTTP/1.1 503 (after 3 tries)"
	older := page(u, "<p>nine</p>", at(1))
	older.FetchedAt = at(1).Add(30 * time.Minute)
	for _, step := range []struct {
		name             string
		c                *archive.Capture
		doc              *parse.Document
		fetched, confirm int // hours
		changed          int
		status           int
		interval         time.Duration
	}{
		{"first capture", page(u, "<p>nine</p>", at(0)), doc, 0, 0, 0, 200, time.Hour},
		{"same content", page(u, "<p>nine, again</p>", at(1)), doc, 1, 1, 0, 200, 2 * time.Hour},
		{"304", status(u, 304, at(2)), nil, 2, 2, 0, 304, 4 * time.Hour},
		{"a failure confirms nothing", failed, nil, 3, 2, 0, 503, 4 * time.Hour},
		{"an older capture changes nothing", older, doc, 3, 2, 0, 503, 4 * time.Hour},
		{"an edit", page(u, "<p>nine, corrected</p>", at(4)), edited, 4, 4, 4, 200, 2 * time.Hour},
		{"a removal", status(u, 404, at(5)), nil, 5, 5, 5, 404, time.Hour},
	} {
		ingestFetched(t, db, crawl, key, step.c, step.doc, "")
		st := stateOf(t, db, key)
		if !st.FetchedAt.Equal(at(step.fetched)) || !st.ConfirmedAt.Equal(at(step.confirm)) || !st.ChangedAt.Equal(at(step.changed)) ||
			st.Status != step.status || st.Interval != step.interval || st.Kind != parse.KindInterview || st.URL != u {
			t.Errorf("%s: state %+v; want fetched %dh, confirmed %dh, changed %dh, status %d, interval %s, kind interview",
				step.name, st, step.fetched, step.confirm, step.changed, step.status, step.interval)
		}
	}

	// A sitemap: no document, its kind given; its bytes tell a change.
	const mapKey = "127.0.0.1/sitemap.xml"
	m := "http://127.0.0.1/sitemap.xml"
	sitemap := func(body string, h int) *archive.Capture {
		c := page(m, body, at(h))
		c.ContentType = "application/xml"
		return c
	}
	ingestFetched(t, db, crawl, mapKey, sitemap("<urlset>1</urlset>", 0), nil, "sitemap")
	ingestFetched(t, db, crawl, mapKey, sitemap("<urlset>1</urlset>", 1), nil, "sitemap")
	if st := stateOf(t, db, mapKey); st.Kind != "sitemap" || !st.ChangedAt.Equal(at(0)) || !st.ConfirmedAt.Equal(at(1)) {
		t.Errorf("unchanged sitemap: %+v", st)
	}
	ingestFetched(t, db, crawl, mapKey, sitemap("<urlset>1 2</urlset>", 2), nil, "sitemap")
	if st := stateOf(t, db, mapKey); !st.ChangedAt.Equal(at(2)) {
		t.Errorf("changed sitemap: %+v", st)
	}

	// A sitemap's lastmod, for a URL never fetched too.
	lm := []archive.Lastmod{{Key: key, URL: u, At: at(4)}, {Key: "127.0.0.1/en/post/10", URL: "http://127.0.0.1/en/post/10", At: at(6)}}
	if err := db.NoteLastmods(context.Background(), lm, at(7)); err != nil {
		t.Fatal(err)
	}
	if st := stateOf(t, db, key); !st.Lastmod.Equal(at(4)) || !st.LastmodAt.Equal(at(7)) || !st.ConfirmedAt.Equal(at(5)) {
		t.Errorf("after the sitemap: %+v", st)
	}
	if st := stateOf(t, db, "127.0.0.1/en/post/10"); !st.ConfirmedAt.IsZero() || !st.FirstSeen.Equal(at(7)) || !st.Lastmod.Equal(at(6)) {
		t.Errorf("a URL only the sitemap lists: %+v", st)
	}
	var keys []string
	if err := db.EachURLState(context.Background(), func(s archive.URLState) error { keys = append(keys, s.Key); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(keys) != 3 || keys[0] != "127.0.0.1/en/post/10" {
		t.Errorf("EachURLState: %q", keys)
	}
}

// A 404 or a 410 is an answer: counted as gone, a removal when it is one,
// never a failure.
func TestCrawlCounts_Gone(t *testing.T) {
	db := MustOpenDB(t)
	crawl := MustBeginCrawl(t, db)
	u := "http://127.0.0.1/en/post/9"
	mustIngest(t, db, crawl, page(u, "<p>nine</p>", t0), interview("hewariraq.com/en/post/9", "Nine"))
	mustIngest(t, db, crawl, status("http://127.0.0.1/no-such-page", 404, t0), nil)
	mustIngest(t, db, crawl, status(u, 404, t0.Add(time.Hour)), nil)
	mustIngest(t, db, crawl, status(u, 410, t0.Add(2*time.Hour)), nil)
	failed := status("http://127.0.0.1/down", 500, t0)
	failed.Err = "http error status: HTTP/1.1 500"
	mustIngest(t, db, crawl, failed, nil)
	c, err := db.Crawl(context.Background(), crawl)
	if err != nil {
		t.Fatal(err)
	}
	want := archive.CrawlCounts{Fetched: 5, New: 1, Removed: 1, Unchanged: 1, Gone: 3, Failed: 1}
	if c.Counts != want {
		t.Errorf("counts %+v, want %+v", c.Counts, want)
	}
}

// FinishCrawl keeps the items a crawl left queued as URLs never fetched.
func TestFinishCrawl_KeepsWhatIsLeft(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	crawl := MustBeginCrawl(t, db)
	items := []archive.FrontierItem{{Key: "127.0.0.1/a", URL: "http://127.0.0.1/a"}, {Key: "127.0.0.1/b", URL: "http://127.0.0.1/b", Rank: 5}, {Key: "127.0.0.1/c", URL: "http://127.0.0.1/c", Rank: 1}}
	if err := db.FrontierAdd(ctx, crawl, items); err != nil {
		t.Fatal(err)
	}
	next, err := db.FrontierNext(ctx, crawl, 2)
	if err != nil || len(next) != 2 || next[0].Key != "127.0.0.1/a" || next[1].Key != "127.0.0.1/c" {
		t.Fatalf("FrontierNext by rank: %+v, %v", next, err)
	}
	ingestFetched(t, db, crawl, "127.0.0.1/a", page("http://127.0.0.1/a", "a", t0), nil, "")
	if err := db.FrontierDone(ctx, crawl, "127.0.0.1/a"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.FinishCrawl(ctx, crawl); err != nil {
		t.Fatal(err)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM frontier`); n != 0 {
		t.Errorf("%d frontier rows after the crawl finished", n)
	}
	st, err := db.URLStates(ctx, []string{"127.0.0.1/a", "127.0.0.1/b", "127.0.0.1/c"})
	if err != nil {
		t.Fatal(err)
	}
	if len(st) != 3 || st["127.0.0.1/a"].ConfirmedAt.IsZero() || !st["127.0.0.1/b"].FetchedAt.IsZero() || !st["127.0.0.1/c"].ConfirmedAt.IsZero() {
		t.Errorf("states %+v: want a confirmed, b and c known and never fetched", st)
	}
}

// Removals counts the removed documents, and those nobody saw gone again.
func TestRemovals(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	crawl := MustBeginCrawl(t, db)
	for i, u := range []string{"http://127.0.0.1/en/post/1", "http://127.0.0.1/en/post/2"} {
		mustIngest(t, db, crawl, page(u, "<p>x</p>", t0), interview("hewariraq.com/en/post/"+string(rune('1'+i)), "T"))
		mustIngest(t, db, crawl, status(u, 404, t0.Add(time.Hour)), nil)
	}
	mustIngest(t, db, crawl, status("http://127.0.0.1/en/post/2", 404, t0.Add(2*time.Hour)), nil)
	removed, unconfirmed, oldest, err := db.Removals(ctx, 10)
	if err != nil || removed != 2 || unconfirmed != 1 || len(oldest) != 1 || oldest[0].DocKey != "hewariraq.com/en/post/1" ||
		oldest[0].URL != "http://127.0.0.1/en/post/1" || !oldest[0].RemovedAt.Equal(t0.Add(time.Hour)) {
		t.Errorf("Removals = %d, %d, %+v, %v", removed, unconfirmed, oldest, err)
	}
}
