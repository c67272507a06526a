package crawler

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

var now0 = time.Date(2026, 3, 10, 3, 0, 0, 0, time.UTC)

func TestParseLastmod(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2026-03-09T10:30:00+03:00", time.Date(2026, 3, 9, 7, 30, 0, 0, time.UTC), true},
		{" 2026-03-09T10:30:00.5Z ", time.Date(2026, 3, 9, 10, 30, 0, 5e8, time.UTC), true},
		{"2026-03-09T10:30+00:00", time.Date(2026, 3, 9, 10, 30, 0, 0, time.UTC), true},
		// A date alone is the end of that day anywhere: 36 hours after its midnight UTC.
		{"2026-03-09", time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC), true},
		{"2026-03", time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC), true},
		{"2026", time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC), true},
		// No zone: the latest one, UTC-12.
		{"2026-03-09T10:30:00", time.Date(2026, 3, 9, 22, 30, 0, 0, time.UTC), true},
		{"yesterday", time.Time{}, false},
		{"", time.Time{}, false},
	} {
		got, ok := ParseLastmod(tt.in)
		if ok != tt.ok || !got.Equal(tt.want) {
			t.Errorf("ParseLastmod(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestRevisit_Decide(t *testing.T) {
	day := 24 * time.Hour
	ago := func(d time.Duration) time.Time { return now0.Add(-d) }
	listing := func(_, kind string) bool { return kind == "listing" }
	week := &Revisit{After: 7 * day, Listing: listing}
	for _, tt := range []struct {
		name   string
		policy *Revisit
		st     *URLState
		want   Decision
	}{
		{"unknown", week, nil, Decision{true, rankNew, ReasonNew}},
		{"never confirmed (failed, or left queued)", week, &URLState{}, Decision{true, rankNew, ReasonNew}},
		{"a listing", week, &URLState{ConfirmedAt: ago(time.Hour), Kind: "listing"}, Decision{true, rankAlways, ReasonAlways}},
		{"a sitemap", week, &URLState{ConfirmedAt: ago(time.Hour), Kind: KindSitemap}, Decision{true, rankAlways, ReasonAlways}},
		{"confirmed yesterday", week, &URLState{ConfirmedAt: ago(day)}, Decision{Reason: ReasonNotDue}},
		{"a tenth early is due", week, &URLState{ConfirmedAt: ago(7*day - 7*day/10)}, Decision{true, ago(7*day - 7*day/10).UnixMilli(), ReasonDue}},
		{"just before that, not", week, &URLState{ConfirmedAt: ago(7*day - 7*day/10 - time.Minute)}, Decision{Reason: ReasonNotDue}},
		{"a month old", week, &URLState{ConfirmedAt: ago(30 * day)}, Decision{true, ago(30 * day).UnixMilli(), ReasonDue}},
		{"lastmod later than the capture: changed", week,
			&URLState{ConfirmedAt: ago(day), Lastmod: ago(time.Hour), LastmodAt: ago(0)}, Decision{true, rankNew, ReasonLastmod}},
		{"lastmod older, vouched for today", week,
			&URLState{ConfirmedAt: ago(30 * day), Lastmod: ago(60 * day), LastmodAt: ago(time.Hour)}, Decision{Reason: ReasonVouched}},
		{"lastmod older, vouched for long ago", week,
			&URLState{ConfirmedAt: ago(30 * day), Lastmod: ago(60 * day), LastmodAt: ago(20 * day)}, Decision{true, ago(20 * day).UnixMilli(), ReasonDue}},
		{"lastmod ignored", &Revisit{After: 7 * day, IgnoreLastmod: true},
			&URLState{ConfirmedAt: ago(30 * day), Lastmod: ago(time.Hour), LastmodAt: ago(0)}, Decision{true, ago(30 * day).UnixMilli(), ReasonDue}},
		{"no --revisit-after: every URL due", &Revisit{}, &URLState{ConfirmedAt: ago(time.Minute)}, Decision{true, ago(time.Minute).UnixMilli(), ReasonDue}},
		{"adaptive, new: a day", &Revisit{Adaptive: true}, &URLState{ConfirmedAt: ago(day)}, Decision{true, ago(day).UnixMilli(), ReasonDue}},
		{"adaptive, four days", &Revisit{Adaptive: true}, &URLState{ConfirmedAt: ago(3 * day), Interval: 4 * day}, Decision{Reason: ReasonNotDue}},
		{"adaptive, above its bound", &Revisit{Adaptive: true}, &URLState{ConfirmedAt: ago(7 * day), Interval: 30 * day}, Decision{true, ago(7 * day).UnixMilli(), ReasonDue}},
		{"adaptive, --revisit-after bounds it", &Revisit{Adaptive: true, After: 3 * day}, &URLState{ConfirmedAt: ago(3 * day), Interval: 30 * day}, Decision{true, ago(3 * day).UnixMilli(), ReasonDue}},
	} {
		if got := tt.policy.Decide("http://127.0.0.1/x", tt.st, now0); got != tt.want {
			t.Errorf("%s: %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestRevisit_NextInterval(t *testing.T) {
	day := 24 * time.Hour
	r := &Revisit{Adaptive: true}
	steps := []time.Duration{r.NextInterval(0, true)}
	for range 4 {
		steps = append(steps, r.NextInterval(steps[len(steps)-1], false))
	}
	if fmt.Sprint(steps) != fmt.Sprint([]time.Duration{day, 2 * day, 4 * day, 7 * day, 7 * day}) {
		t.Errorf("a new URL that never changes: intervals %v, want 1, 2, 4, 7, 7 days", steps)
	}
	if got := r.NextInterval(7*day, true); got != 7*day/2 {
		t.Errorf("a change halves 7 days: %v", got)
	}
	if got := r.NextInterval(36*time.Hour, true); got != day {
		t.Errorf("a change never goes under a day: %v", got)
	}
	var none *Revisit // the archive keeps intervals for crawls without a policy too
	if got := none.NextInterval(4*day, false); got != 7*day {
		t.Errorf("default bounds: %v", got)
	}
}

// stateFrontier is a MemoryFrontier that remembers URLs across crawls, as
// the archive's does.
type stateFrontier struct {
	*MemoryFrontier
	mu       sync.Mutex
	states   map[string]URLState
	lastmods map[string]time.Time
}

func newStateFrontier() *stateFrontier {
	return &stateFrontier{MemoryFrontier: NewMemoryFrontier(), states: map[string]URLState{}, lastmods: map[string]time.Time{}}
}

func (f *stateFrontier) States(_ context.Context, keys []string) (map[string]URLState, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]URLState{}
	for _, k := range keys {
		if st, ok := f.states[k]; ok {
			out[k] = st
		}
	}
	return out, nil
}

func (f *stateFrontier) NoteLastmods(_ context.Context, lastmods []Lastmod, _ time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, l := range lastmods {
		f.lastmods[l.Key] = l.At
	}
	return nil
}

func (f *stateFrontier) set(t *testing.T, raw string, st URLState) string {
	t.Helper()
	k, err := Canonicalize(raw)
	if err != nil {
		t.Fatal(err)
	}
	f.states[k] = st
	return k
}

// A crawl with a revisit policy fetches what is always fetched, new and
// changed URLs, then the due ones, oldest first, and leaves the rest: the
// counts say why.
func TestRevisit_Run(t *testing.T) {
	day := 24 * time.Hour
	ago := func(d time.Duration) time.Time { return now0.Add(-d) }
	h := &hits{}
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nAllow: /\nSitemap: /maps/site.xml\n") // relative: resolved against robots.txt
	})
	mux.HandleFunc("/maps/site.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		w.Header().Set("ETag", `"map"`)
		fmt.Fprintf(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>/a</loc><lastmod>%s</lastmod></url>
<url><loc>/b</loc><lastmod>%s</lastmod></url>
<url><loc>/e</loc><lastmod>%s</lastmod></url>
</urlset>`, ago(10*day).Format(time.RFC3339), ago(day).Format(time.RFC3339), ago(60*day).Format(time.RFC3339))
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		if r.URL.Path == "/" {
			fmt.Fprint(w, `<a href="/listing">l</a> <a href="/d">d</a> <a href="/c">c</a> <a href="/f">f</a> <a href="/a">a</a>`)
			return
		}
		fmt.Fprint(w, "page")
	})
	srv := serve(t, h.wrap(mux))
	f := newStateFrontier()
	f.set(t, srv.URL+"/", URLState{ConfirmedAt: ago(time.Hour), Kind: "listing"})
	f.set(t, srv.URL+"/listing", URLState{ConfirmedAt: ago(time.Hour), Kind: "listing"})
	mapKey := f.set(t, srv.URL+"/maps/site.xml", URLState{ConfirmedAt: ago(time.Hour), Kind: KindSitemap})
	f.SetValidators(mapKey, Validators{ETag: `"map"`})
	f.set(t, srv.URL+"/a", URLState{ConfirmedAt: ago(2 * day)})
	f.set(t, srv.URL+"/b", URLState{ConfirmedAt: ago(2 * day)})
	f.set(t, srv.URL+"/c", URLState{ConfirmedAt: ago(10 * day)})
	f.set(t, srv.URL+"/e", URLState{ConfirmedAt: ago(8 * day)})
	f.set(t, srv.URL+"/f", URLState{ConfirmedAt: ago(20 * day)})

	cfg := testConfig(srv.URL + "/")
	cfg.Parallel = 1
	cfg.Now = func() time.Time { return now0 }
	cfg.Revisit = &Revisit{After: 7 * day, Listing: func(_, kind string) bool { return kind == "listing" }}
	// "/", the sitemap, /listing, /d (new), /b (its lastmod says it changed)
	// and the oldest due, /f: not /c.
	cfg.MaxPages = 6
	sink := &linkSink{}
	st := mustRun(t, cfg, f, sink)
	got := strings.Join(sink.paths(t), " ")
	if want := "/ /b /d /f /listing /maps/site.xml /robots.txt"; got != want {
		t.Errorf("fetched %s, want %s", got, want)
	}
	if st.NotDue != 1 || st.Vouched != 1 || st.StoppedBy != "max_pages" || st.Queued != 1 {
		t.Errorf("stats %+v: want /a not due, /e vouched for by its lastmod, /c left", st)
	}
	if h.header("/maps/site.xml").Get("If-None-Match") != "" {
		t.Error("the sitemap was asked for with a validator: a 304 would leave its entries unread")
	}
	for _, p := range []string{"/a", "/b", "/e"} {
		if f.lastmods[mustKey(t, srv.URL+p)].IsZero() {
			t.Errorf("%s: the sitemap's lastmod not recorded", p)
		}
	}
	if c := sink.byPath(t)["/maps/site.xml"]; c == nil || !c.Sitemap {
		t.Errorf("the sitemap's capture is not marked Sitemap: %+v", c)
	}
}

func mustKey(t *testing.T, raw string) string {
	t.Helper()
	k, err := Canonicalize(raw)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// Without a Sitemap line, /sitemap.xml and /sitemap_index.xml are tried;
// an index's sitemaps are fetched, and their pages.
func TestSitemap_DefaultPlaces(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "User-agent: *\nAllow: /\n") })
	mux.HandleFunc("/sitemap.xml", http.NotFound)
	mux.HandleFunc("/sitemap_index.xml", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<sitemapindex><sitemap><loc>http://%s/post-sitemap.xml</loc></sitemap></sitemapindex>`, r.Host)
	})
	mux.HandleFunc("/post-sitemap.xml", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<urlset><url><loc>/only-in-the-sitemap</loc></url></urlset>`)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "page") })
	srv := serve(t, mux)
	sink := &linkSink{}
	st := mustRun(t, testConfig(srv.URL+"/"), NewMemoryFrontier(), sink)
	got := strings.Join(sink.paths(t), " ")
	if want := "/ /only-in-the-sitemap /post-sitemap.xml /robots.txt /sitemap.xml /sitemap_index.xml"; got != want {
		t.Errorf("fetched %s, want %s", got, want)
	}
	// The 404 of /sitemap.xml is an answer, not a failure.
	if st.Gone != 1 || st.Failed != 0 || st.Done() != 6 {
		t.Errorf("stats %+v", st)
	}
}

// A seed whose host refuses every connection is named, with why.
func TestCrawler_UnreachableSeeds(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String() + "/"
	ln.Close()
	cfg := testConfig(dead)
	cfg.Retries = 1
	st := mustRun(t, cfg, NewMemoryFrontier(), &linkSink{})
	if len(st.UnreachableSeeds) != 1 || st.UnreachableSeeds[0].URL != dead ||
		!strings.Contains(st.UnreachableSeeds[0].Error, "robots.txt could not be read") || st.Failed != 1 {
		t.Errorf("stats %+v: want the seed unreachable, its robots.txt failed", st)
	}
}

// MaxDuration stops taking items; what is in flight ends.
func TestCrawler_MaxDuration(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(20 * time.Millisecond)
		var b strings.Builder
		for i := range 200 {
			fmt.Fprintf(&b, `<a href="/p%d">%d</a>`, i, i)
		}
		fmt.Fprint(w, b.String())
	})
	srv := serve(t, mux)
	cfg := testConfig(srv.URL + "/")
	cfg.Parallel = 1
	cfg.MaxDuration = 100 * time.Millisecond
	st := mustRun(t, cfg, NewMemoryFrontier(), &linkSink{})
	if st.StoppedBy != "max_duration" || st.Done() >= 200 || st.Queued == 0 {
		t.Errorf("stats %+v: want a run stopped by its duration", st)
	}
}
