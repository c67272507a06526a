package pipeline_test

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/fixtures"
	"github.com/hewar-archive/hewar/pipeline"
	"github.com/hewar-archive/hewar/warc"
	"github.com/hewar-archive/hewar/wayback"
	"github.com/hewar-archive/hewar/wayback/waybacktest"
)

// A capture from a replay of another archive (a Wayback URL) goes into the
// history at the time it was archived, under the original URL, with the
// address it was read from kept beside it: a backfill older than the
// crawls lands before them, and comes in once however often it is read.
func TestIngest_WaybackBackfill(t *testing.T) {
	ctx := context.Background()
	db, crawlID := openCrawl(t)
	in := pipeline.Ingester{DB: db, CrawlID: crawlID}
	site := fixtures.NewSite()
	var path string
	for _, p := range fixtures.Pages() {
		if p.Name == "en-post-708" {
			path = p.Path
		}
	}
	crawledAt := time.Date(2026, 1, 9, 9, 0, 0, 0, time.UTC)
	// A page as rendered at the time it was archived, fetched at at.
	page := func(epoch int, u string, at time.Time) *warc.Capture {
		archived := at
		if _, t, ok := warc.OriginalURL(u); ok {
			archived = t
		}
		_, h, body := site.Render(epoch, path, archived)
		return &warc.Capture{URL: u, Date: at, Method: "GET", Status: http.StatusOK, StatusLine: "HTTP/1.1 200 OK",
			Header: warc.Fields{{Name: "Content-Type", Value: h.Get("Content-Type")}}, Body: body, RecordID: "<urn:uuid:" + u + ">"}
	}
	crawled, _ := pipeline.FromWARC(page(2, "http://127.0.0.1:8081"+path, crawledAt))
	crawled.RecordID = "" // as hewar's crawler stores it
	if res, err := in.Ingest(ctx, crawled, nil); err != nil || res.Outcome != archive.OutcomeNew {
		t.Fatalf("crawl: %+v, %v", res, err)
	}
	replay := "https://web.archive.org/web/20200315120000/https://hewariraq.com" + path
	back, ok := pipeline.FromWARC(page(1, replay, time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)))
	if !ok || back.SourceURL != replay || !back.FetchedAt.Equal(time.Date(2020, 3, 15, 12, 0, 0, 0, time.UTC)) {
		t.Fatalf("Wayback capture = %+v", back)
	}
	res, err := in.Ingest(ctx, back, nil)
	if err != nil || res.Outcome != archive.OutcomeChanged || res.Version != 2 {
		t.Fatalf("backfill: %+v, %v; want an older version, 2 in all", res, err)
	}
	h, err := db.History(ctx, "hewariraq.com/en/post/708")
	if err != nil || len(h.Versions) != 2 || !h.Versions[0].ObservedFrom.Equal(back.FetchedAt) ||
		!h.Versions[1].ObservedFrom.Equal(crawledAt) || h.Versions[1].Change != "modified" {
		t.Fatalf("history after the backfill = %+v, %v", h, err)
	}
	var source string
	if err := db.SQLDB().QueryRow(`SELECT source_url FROM capture_rows WHERE id = ?`, res.CaptureID).Scan(&source); err != nil || source != replay {
		t.Errorf("source_url = %q, %v", source, err)
	}
	again, _ := pipeline.FromWARC(page(1, replay, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)))
	again.RecordID = "<urn:uuid:another-read-of-the-same-capture>"
	if res, err := in.Ingest(ctx, again, nil); err != nil || res.Outcome != archive.OutcomeDuplicate {
		t.Errorf("the same Wayback capture read again: %+v, %v; want a duplicate", res, err)
	}
}

// backfillClient is a client of the stand-in, four CDX rows a page (the
// default captures take three pages), with no delay; rt, when set, sees
// each request first.
func backfillClient(srv *waybacktest.Server, rt func(*http.Request) error) *wayback.Client {
	c := &wayback.Client{Endpoint: srv.URL, Delay: -1, PageSize: 4}
	if rt != nil {
		c.HTTP = &http.Client{
			Transport: roundTrip(func(r *http.Request) (*http.Response, error) {
				if err := rt(r); err != nil {
					return nil, err
				}
				return http.DefaultTransport.RoundTrip(r)
			}),
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	return c
}

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// A backfill into an archive that holds a later crawl of the replica: the
// Wayback captures enter at their capture times, so the interview's
// history starts at its earliest Wayback capture and ends at the crawl; the
// counts say what happened to each listed row; a second run fetches
// nothing but the capture that failed, and stores nothing.
func TestImportWayback_BeforeTheCrawls(t *testing.T) {
	ctx := context.Background()
	db, crawlID := openCrawl(t)
	site := fixtures.NewSite()
	crawledAt := time.Date(2026, 1, 9, 9, 0, 0, 0, time.UTC)
	var path708 string
	for _, p := range fixtures.Pages() {
		if p.Name == "en-post-708" {
			path708 = p.Path
		}
	}
	_, h, body := site.Render(2, path708, crawledAt)
	in := pipeline.Ingester{DB: db, CrawlID: crawlID}
	if _, err := in.Ingest(ctx, &archive.Capture{RequestURL: "http://127.0.0.1:8081" + path708, Method: "GET", Status: 200,
		StatusLine: "HTTP/1.1 200 OK", Headers: warc.Fields{{Name: "Content-Type", Value: h.Get("Content-Type")}}, Body: body,
		FetchedAt: crawledAt, ContentType: h.Get("Content-Type")}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := db.FinishCrawl(ctx, crawlID); err != nil {
		t.Fatal(err)
	}

	srv := waybacktest.New()
	defer srv.Close()
	sum, err := pipeline.ImportWayback(ctx, db, backfillClient(srv, nil), []string{"hewariraq.com/*"}, "", "", "hewar/test", nil)
	if err != nil {
		t.Fatal(err)
	}
	// 12 rows listed (the 11 captures, one twice) and a malformed one; 2 repeats of 708 and 468.
	want := pipeline.WaybackSummary{CrawlID: sum.CrawlID, ListStats: wayback.ListStats{Requests: 3, Rows: 11, Duplicates: 1, Malformed: 1},
		Queued: 11, Fetched: 9, Repeats: 2, Failed: 1, Captures: 11, Outcomes: sum.Outcomes}
	if sum.CrawlID == 0 || sum.Resumed || !reflect.DeepEqual(sum, want) {
		t.Errorf("first run:\n got %+v\nwant %+v", sum, want)
	}
	if sum.Outcomes[archive.OutcomeFailed] != 1 || sum.Outcomes[archive.OutcomeRemoved] != 1 {
		t.Errorf("outcomes %v: want the 777 failure and the 803 removal", sum.Outcomes)
	}
	if n := len(srv.Replays()); n != 9 {
		t.Errorf("%d id_ requests, want 9", n)
	}
	hist, err := db.History(ctx, "hewariraq.com/en/post/708")
	if err != nil {
		t.Fatal(err)
	}
	v := hist.Versions
	at := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 9, 30, 0, 0, time.UTC) }
	if len(v) != 2 || !v[0].ObservedFrom.Equal(at(2019, 3, 1)) || !v[0].ObservedTo.Equal(at(2019, 6, 1)) ||
		!v[1].ObservedFrom.Equal(at(2020, 2, 1)) || !v[1].ObservedTo.Equal(crawledAt) {
		t.Errorf("history of 708 = %+v; want the 2019 version (two captures), then the 2020 one confirmed by the 2026 crawl", v)
	}
	var failed, sources int
	sqlDB := db.SQLDB()
	sqlDB.QueryRow(`SELECT count(*) FROM captures WHERE crawl_id = ? AND status = 0 AND error != '' AND url LIKE '%/post/777%'`, sum.CrawlID).Scan(&failed)
	sqlDB.QueryRow(`SELECT count(*) FROM capture_rows WHERE crawl_id = ? AND source_url LIKE ? || '/web/%id_/https://hewariraq.com/%'`, sum.CrawlID, srv.URL).Scan(&sources)
	if failed != 1 || sources != 11 {
		t.Errorf("%d failed captures of 777, %d captures with their id_ address as source; want 1 and 11", failed, sources)
	}
	var queue int
	sqlDB.QueryRow(`SELECT (SELECT count(*) FROM wayback_queue) + (SELECT count(*) FROM wayback_listings)`).Scan(&queue)
	if queue != 0 {
		t.Errorf("%d rows of a finished backfill's queue left", queue)
	}

	before := len(srv.Replays())
	again, err := pipeline.ImportWayback(ctx, db, backfillClient(srv, nil), []string{"hewariraq.com/*"}, "", "", "hewar/test", nil)
	if err != nil {
		t.Fatal(err)
	}
	if again.CrawlID != 0 || again.Held != 10 || again.Fetched != 1 || again.Failed != 1 || again.Captures != 0 || again.Redundant != 1 {
		t.Errorf("second run: %+v; want 10 held, only the failure fetched again and not stored twice, no crawl row", again)
	}
	if got := srv.Replays()[before:]; len(got) != 1 || !strings.Contains(got[0], "/post/777") {
		t.Errorf("second run fetched %v; want only the capture that failed", got)
	}
	var imports int
	sqlDB.QueryRow(`SELECT count(*) FROM crawls WHERE kind = 'import'`).Scan(&imports)
	if imports != 1 {
		t.Errorf("%d import rows; the second run stored nothing and must leave none", imports)
	}
}

// A backfill stopped half-way (here by a cancelled context, at a CDX page
// and then at a capture; the command's test kills the process) is taken
// up by the next run of the same patterns: no CDX page is listed twice, no
// capture fetched twice, and the archive ends as after one whole run.
func TestImportWayback_Resume(t *testing.T) {
	ctx := context.Background()
	srv := waybacktest.New()
	defer srv.Close()
	db, _ := openCrawl(t)
	run := func(stopAt func(*http.Request) bool) (pipeline.WaybackSummary, error) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		c := backfillClient(srv, func(r *http.Request) error {
			if stopAt != nil && stopAt(r) {
				cancel()
				return ctx.Err()
			}
			return nil
		})
		return pipeline.ImportWayback(ctx, db, c, []string{"hewariraq.com/*"}, "2018", "2020", "hewar/test", nil)
	}
	cdx, ids := 0, 0
	// Stopped at the second CDX page: the first page's rows are queued.
	sum, err := run(func(r *http.Request) bool { cdx += b2i(r.URL.Path == "/cdx/search/cdx"); return cdx == 2 })
	if !errors.Is(err, pipeline.ErrWaybackInterrupted) || sum.Queued != 4 || sum.Fetched != 0 {
		t.Fatalf("first run: %+v, %v; want 4 queued and an interruption", sum, err)
	}
	// Stopped at the third capture fetched.
	sum, err = run(func(r *http.Request) bool { ids += b2i(strings.HasPrefix(r.URL.Path, "/web/")); return ids == 3 })
	if !errors.Is(err, pipeline.ErrWaybackInterrupted) || !sum.Resumed || sum.Requests != 2 || sum.Fetched != 2 {
		t.Fatalf("second run: %+v, %v; want the listing taken up from page 2 and 2 captures fetched", sum, err)
	}
	sum, err = run(nil)
	if err != nil || !sum.Resumed || sum.Requests != 0 {
		t.Fatalf("third run: %+v, %v; want the run finished without listing again", sum, err)
	}
	seen := map[string]bool{}
	for _, r := range srv.Requests() {
		if seen[r.Path] {
			t.Errorf("%s asked for twice", r.Path)
		}
		seen[r.Path] = true
	}
	var captures, crawls int
	db.SQLDB().QueryRow(`SELECT count(*) FROM capture_rows WHERE source_url IS NOT NULL`).Scan(&captures)
	db.SQLDB().QueryRow(`SELECT count(*) FROM crawls WHERE kind = 'import' AND finished_at IS NOT NULL`).Scan(&crawls)
	if captures != 11 || crawls != 1 {
		t.Errorf("%d captures in %d finished imports; want the 11 of one whole run, in one import", captures, crawls)
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// wordPressPage is a post of the old WordPress site, as its theme wrote it.
func wordPressPage(shortlink, title, text string) []byte {
	head := ""
	if shortlink != "" {
		head = `<link rel='shortlink' href='` + shortlink + `' />`
	}
	return []byte(`<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="UTF-8"><title>` + title + ` &#8211; المعهد العراقي للحوار</title>` + head +
		`<meta name="generator" content="WordPress 4.4.2"></head><body class="single single-post"><div id="page" class="site"><header class="site-header"><p class="site-title">المعهد العراقي للحوار</p></header>` +
		`<main id="main"><article class="post type-post"><header class="entry-header"><h1 class="entry-title">` + title + `</h1></header>` +
		`<div class="entry-content"><p>` + text + `</p></div></article></main><footer class="site-footer">Proudly powered by WordPress</footer></div></body></html>`)
}

// Pages of the old WordPress site come in under their own addresses: a post
// by its WordPress id, whether captured at its pretty address (its
// shortlink names the id) or at /?p={id}, so that its two captures are one
// document with two versions; a page without a post id under its own key;
// the old address of a current post, a 301, under that address, leading to
// the post's document.
func TestImportWayback_OldWordPressSite(t *testing.T) {
	ctx := context.Background()
	old := func(path string, y, m, d int, body []byte) waybacktest.Capture {
		at := time.Date(y, time.Month(m), d, 8, 0, 0, 0, time.UTC)
		return waybacktest.Capture{Path: path, Time: at, RenderAt: at, Body: body}
	}
	text := "نص الحوار كما نشر على الموقع القديم للمعهد، في فقرة طويلة بما يكفي لتكون متن الصفحة كلها."
	srv := waybacktest.New(waybacktest.WithCaptures(append(waybacktest.DefaultCaptures(),
		old("/2016/03/an-interview/", 2016, 3, 10, wordPressPage("https://hewariraq.com/?p=4120", "حوار مع مدير المعهد", text)),
		old("/?p=4120", 2017, 1, 5, wordPressPage("https://hewariraq.com/?p=4120", "حوار مع مدير المعهد", text+" وأضيفت جملة.")),
		old("/about-us/", 2016, 4, 1, wordPressPage("", "من نحن", "المعهد العراقي للحوار مؤسسة بحثية مستقلة تأسست في بغداد، وهذه صفحة التعريف بها.")))...,
	), waybacktest.WithoutMalformedRow())
	defer srv.Close()
	db, _ := openCrawl(t)
	sum, err := pipeline.ImportWayback(ctx, db, backfillClient(srv, nil), []string{"hewariraq.com/*"}, "", "", "hewar/test", nil)
	if err != nil || sum.Captures != 14 {
		t.Fatalf("%+v, %v; want 14 captures", sum, err)
	}
	h, err := db.History(ctx, "hewariraq.com/?p=4120")
	if err != nil || len(h.Versions) != 2 || !h.Versions[0].ObservedFrom.Equal(time.Date(2016, 3, 10, 8, 0, 0, 0, time.UTC)) ||
		!h.Versions[1].ObservedFrom.Equal(time.Date(2017, 1, 5, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("history of WordPress post 4120: %+v, %v; want its pretty address in 2016, then /?p=4120 in 2017", h, err)
	}
	for u, want := range map[string]string{
		"https://hewariraq.com/2016/03/an-interview/": "hewariraq.com/?p=4120",
		"https://hewariraq.com/?p=4120":               "hewariraq.com/?p=4120",
		"https://hewariraq.com/about-us/":             "hewariraq.com/ar/about-us",
		"https://hewariraq.com/an-interview-with-the-director-of-the-iraqi-institute-for-dialogue/": "hewariraq.com/en/post/468",
	} {
		if got, err := db.ResolveDocKey(ctx, u); err != nil || got != want {
			t.Errorf("%s is in document %q (%v), want %q", u, got, err, want)
		}
	}
	var own int
	db.SQLDB().QueryRow(`SELECT count(*) FROM captures WHERE url IN ('https://hewariraq.com/2016/03/an-interview/', 'https://hewariraq.com/?p=4120',
		'https://hewariraq.com/an-interview-with-the-director-of-the-iraqi-institute-for-dialogue/')`).Scan(&own)
	if own != 3 {
		t.Errorf("%d captures under the old addresses, want 3: each under its own", own)
	}
}

// A Wayback replay that passes a br or zstd body on with its header (the
// Wayback Machine replays the bytes it holds) is read as a crawl's or a
// WARC's would be: FromWayback, then the one Ingest. Before, it was stored
// as failed, with "content encoding "br"" as its error.
func TestFromWayback_Encodings(t *testing.T) {
	ctx := context.Background()
	db, crawlID := openCrawl(t)
	in := pipeline.Ingester{DB: db, CrawlID: crawlID}
	for i, tt := range []struct {
		enc  string
		body []byte
	}{{"br", brotlied(t, []byte(page))}, {"zstd", zstded(t, []byte(page))}} {
		cp := wayback.Capture{URL: "https://hewariraq.com/en/post/70" + string(rune('1'+i)), Time: t0.Add(time.Duration(i) * time.Hour),
			Status: 200, Body: tt.body, Header: []wayback.Header{{Name: "Content-Type", Value: "text/html"}, {Name: "Content-Encoding", Value: tt.enc}}}
		res, err := in.Ingest(ctx, pipeline.FromWayback(cp), nil)
		if err != nil || res.Outcome != archive.OutcomeNew {
			t.Errorf("%s: ingest %+v, %v; want a new document", tt.enc, res, err)
		}
	}
}
