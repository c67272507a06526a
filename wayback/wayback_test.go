package wayback_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/fixtures"
	"github.com/hewar-archive/hewar/wayback"
	"github.com/hewar-archive/hewar/wayback/waybacktest"
)

// sleeps records the waits a Client asks for, and waits for real up to
// 50 ms of each, so that the stand-in sees requests spaced by the delay
// while a Retry-After of seconds costs the test nothing.
type sleeps struct {
	mu  sync.Mutex
	got []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.got = append(s.got, d)
	s.mu.Unlock()
	t := time.NewTimer(min(d, 50*time.Millisecond))
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func (s *sleeps) waits() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.got...)
}

func backfillAll(t *testing.T, c *wayback.Client, q wayback.Query) ([]wayback.Capture, wayback.Stats) {
	t.Helper()
	var got []wayback.Capture
	st, err := c.Backfill(context.Background(), q, func(cp wayback.Capture) error {
		got = append(got, cp)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got, st
}

// TestBackfill runs the client against the stand-in's default captures:
// several pages of CDX rows with resume keys, a duplicate and a malformed
// row, identical-digest repeats, a 404, a redirect, a 429 with Retry-After
// and a capture whose replay fails.
func TestBackfill(t *testing.T) {
	srv := waybacktest.New(waybacktest.WithThrottle(1, "2"))
	defer srv.Close()
	sl := &sleeps{}
	const delay = 20 * time.Millisecond
	c := &wayback.Client{Endpoint: srv.URL, Delay: delay, PageSize: 4, Sleep: sl.sleep}
	got, st := backfillAll(t, c, wayback.Query{URL: "hewariraq.com/*"})

	defaults := waybacktest.DefaultCaptures()
	if st.Rows != len(defaults) || st.Duplicates != 1 || st.Malformed != 1 {
		t.Errorf("listed %d rows (%d duplicates, %d malformed), want %d, 1, 1", st.Rows, st.Duplicates, st.Malformed, len(defaults))
	}
	if st.Requests < 3 {
		t.Errorf("%d CDX requests for %d rows 4 a page: no paging", st.Requests, len(defaults)+1)
	}
	if st.Repeats != 2 || st.Fetched != len(defaults)-2 || st.Failed != 1 || len(got) != len(defaults) {
		t.Errorf("stats %+v with %d captures; want 2 repeats, %d fetched, 1 failed", st, len(got), len(defaults)-2)
	}

	byKey := map[string]wayback.Capture{}
	for _, cp := range got {
		byKey[cp.URL+" "+cp.Time.Format("20060102")] = cp
		if cp.Err == "" && !strings.HasPrefix(cp.Source, srv.URL+"/web/"+cp.Time.Format("20060102150405")+"id_/"+cp.URL) {
			t.Errorf("capture %s source %s", cp.URL, cp.Source)
		}
	}
	// Each capture is what the site answered, byte for byte.
	for _, d := range defaults {
		cp, ok := byKey[srv.Original(d.Path)+" "+d.Time.Format("20060102")]
		if !ok {
			t.Errorf("no capture of %s at %s", d.Path, d.Time)
			continue
		}
		if d.Fail {
			if cp.Err == "" || !strings.Contains(cp.Err, "502") || cp.Status != 0 || cp.Body != nil {
				t.Errorf("the failing capture: %+v", cp)
			}
			continue
		}
		status, header, body := srv.Capture(d)
		if cp.Err != "" || cp.Status != status || !bytes.Equal(cp.Body, body) || !cp.Time.Equal(d.Time) {
			t.Errorf("%s at %s: status %d, %d bytes, err %q; want %d, %d bytes", d.Path, d.Time, cp.Status, len(cp.Body), cp.Err, status, len(body))
		}
		if cp.Digest != waybacktest.Digest(body) {
			t.Errorf("%s: digest %s", d.Path, cp.Digest)
		}
		for name := range header {
			if cp.Get(name) != header.Get(name) {
				t.Errorf("%s: header %s = %q, the site sent %q", d.Path, name, cp.Get(name), header.Get(name))
			}
		}
		for _, h := range cp.Header {
			if strings.HasPrefix(strings.ToLower(h.Name), "x-archive") || strings.EqualFold(h.Name, "Memento-Datetime") || strings.EqualFold(h.Name, "Server") {
				t.Errorf("%s: the replay's header %s among the capture's", d.Path, h.Name)
			}
		}
	}
	p708 := srv.Original(defaults[0].Path)
	if cp := byKey[p708+" 20190601"]; !cp.Repeat || !bytes.Equal(cp.Body, byKey[p708+" 20190301"].Body) {
		t.Errorf("the repeat of 708: repeat %v", cp.Repeat)
	}
	if cp := byKey[p708+" 20200201"]; cp.Repeat || bytes.Equal(cp.Body, byKey[p708+" 20190301"].Body) {
		t.Error("the edited 708 came as a repeat of the first")
	}
	if cp := byKey[srv.Original(defaults[6].Path)+" 20200202"]; cp.Status != 404 || cp.Err != "" || len(cp.Body) == 0 {
		t.Errorf("the 404 capture: status %d, err %q", cp.Status, cp.Err)
	}
	redirect := byKey[srv.Original(fixtures.Redirects()[0].From)+" 20181201"]
	if redirect.Status != 301 || redirect.Get("Location") != srv.Original(fixtures.Redirects()[0].To) {
		t.Errorf("the redirect: %d to %q, want 301 to %s", redirect.Status, redirect.Get("Location"), srv.Original(fixtures.Redirects()[0].To))
	}

	// Politeness: one request at a time, spaced by the delay, the 429's
	// Retry-After (2 s) waited, a User-Agent naming hewar on every request.
	reqs := srv.Requests()
	if srv.MostInFlight() != 1 {
		t.Errorf("%d requests in flight at once", srv.MostInFlight())
	}
	for i, r := range reqs {
		if !strings.Contains(r.UserAgent, "hewar") {
			t.Errorf("request %s with User-Agent %q", r.Path, r.UserAgent)
		}
		if i > 0 && r.At.Sub(reqs[i-1].At) < delay {
			t.Errorf("requests %d and %d %s apart, less than the delay %s", i-1, i, r.At.Sub(reqs[i-1].At), delay)
		}
	}
	waited := false
	for _, d := range sl.waits() {
		waited = waited || d == 2*time.Second
	}
	if !waited {
		t.Errorf("no wait of the Retry-After's 2 s: %v", sl.waits())
	}
	resumed := 0
	for _, r := range reqs {
		if strings.Contains(r.Path, "resumeKey=") {
			resumed++
		}
	}
	if resumed != st.Requests-1 {
		t.Errorf("%d CDX requests with a resume key, want %d", resumed, st.Requests-1)
	}
}

// TestList_Query: from/to and filters reach the CDX server.
func TestList_Query(t *testing.T) {
	srv := waybacktest.New(waybacktest.WithoutMalformedRow())
	defer srv.Close()
	c := &wayback.Client{Endpoint: srv.URL, Delay: -1}
	list := func(q wayback.Query) []wayback.Row {
		t.Helper()
		var rows []wayback.Row
		if _, err := c.List(context.Background(), q, func(r wayback.Row) error { rows = append(rows, r); return nil }); err != nil {
			t.Fatal(err)
		}
		return rows
	}
	for _, r := range list(wayback.Query{URL: "hewariraq.com/*", From: "2020", To: "20201231"}) {
		if r.Time.Year() != 2020 {
			t.Errorf("from 2020 to 2020: a row of %s", r.Timestamp)
		}
	}
	rows := list(wayback.Query{URL: "hewariraq.com/*", Filters: []string{"statuscode:200"}})
	for _, r := range rows {
		if r.Status != 200 {
			t.Errorf("filter statuscode:200: a row with %s", r.StatusCode)
		}
	}
	if len(rows) == 0 {
		t.Error("filter statuscode:200: no rows")
	}
	p708 := srv.Original(waybacktest.DefaultCaptures()[0].Path)
	if rows := list(wayback.Query{URL: p708}); len(rows) != 3 {
		t.Errorf("the exact URL of 708: %d rows, want 3", len(rows))
	}
	if _, err := c.List(context.Background(), wayback.Query{URL: "x", From: "2019-01"}, func(wayback.Row) error { return nil }); err == nil {
		t.Error("a from that is no timestamp: no error")
	}
}

// TestPoliteness_Defaults: without settings, a second of delay and a
// User-Agent naming hewar; a Retry-After as a date; a 429 that does not stop.
func TestPoliteness_Defaults(t *testing.T) {
	var mu sync.Mutex
	var uas []string
	answers := []func(http.ResponseWriter){
		func(w http.ResponseWriter) {
			w.Header().Set("Retry-After", time.Now().Add(90*time.Second).UTC().Format(http.TimeFormat))
			w.WriteHeader(http.StatusTooManyRequests)
		},
		func(w http.ResponseWriter) {
			w.Write([]byte(`[["urlkey","timestamp","original","mimetype","statuscode","digest","length"]]`))
		},
	}
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		uas = append(uas, r.Header.Get("User-Agent"))
		a := answers[min(n, len(answers)-1)]
		n++
		mu.Unlock()
		a(w)
	}))
	defer srv.Close()
	sl := &sleeps{}
	c := &wayback.Client{Endpoint: srv.URL, Sleep: sl.sleep}
	for i := 0; i < 2; i++ {
		if _, err := c.List(context.Background(), wayback.Query{URL: "hewariraq.com/*"}, func(wayback.Row) error { return nil }); err != nil {
			t.Fatal(err)
		}
	}
	w := sl.waits()
	if len(w) != 2 || w[0] < 85*time.Second || w[0] > 90*time.Second || w[1] < 900*time.Millisecond {
		t.Errorf("waits %v: want the Retry-After date's ~90 s, then the default delay of 1 s", w)
	}
	for _, ua := range uas {
		if ua != wayback.DefaultUserAgent || !strings.Contains(ua, "hewar") {
			t.Errorf("User-Agent %q", ua)
		}
	}

	// Always 429: given up after the retries, a Retry-After too long at once.
	always := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", r.URL.Query().Get("after"))
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer always.Close()
	c = &wayback.Client{Endpoint: always.URL, Sleep: (&sleeps{}).sleep, Delay: -1, MaxRetries: 2}
	cp, err := c.Fetch(context.Background(), wayback.Row{Timestamp: "20190301093000", Original: "https://hewariraq.com/?after=1"})
	if err != nil || !strings.Contains(cp.Err, "429 3 times") {
		t.Errorf("always 429: err %v, capture error %q", err, cp.Err)
	}
	cp, _ = c.Fetch(context.Background(), wayback.Row{Timestamp: "20190301093000", Original: "https://hewariraq.com/?after=86400"})
	if !strings.Contains(cp.Err, "longer than") {
		t.Errorf("a day's Retry-After: capture error %q", cp.Err)
	}
}

// TestFetch_NotACapture: the Wayback Machine's own 404 (no memento headers)
// and a redirect to another capture of the URL are failures, not captures.
func TestFetch_NotACapture(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "/other") {
			w.Header().Set("Location", "/web/20190302000000id_/https://hewariraq.com/other")
			w.Header().Set("Memento-Datetime", "Fri, 01 Mar 2019 00:00:00 GMT")
			w.WriteHeader(http.StatusFound)
			return
		}
		http.Error(w, "not archived", http.StatusNotFound)
	}))
	defer srv.Close()
	c := &wayback.Client{Endpoint: srv.URL, Delay: -1}
	for _, r := range []wayback.Row{
		{Timestamp: "20190301000000", Original: "https://hewariraq.com/missing", Status: 200},
		{Timestamp: "20190301000000", Original: "https://hewariraq.com/other", Status: 200},
	} {
		cp, err := c.Fetch(context.Background(), r)
		if err != nil || cp.Err == "" || cp.Status != 0 {
			t.Errorf("%s: err %v, capture %+v", r.Original, err, cp)
		}
	}
}

// TestFetch_OneAtATime: fetches from several goroutines still go one at a
// time, the delay apart, each request ending before the next begins.
func TestFetch_OneAtATime(t *testing.T) {
	srv := waybacktest.New()
	defer srv.Close()
	const delay = 20 * time.Millisecond
	c := &wayback.Client{Endpoint: srv.URL, Delay: delay}
	var rows []wayback.Row
	if _, err := c.List(context.Background(), wayback.Query{URL: "hewariraq.com/*"}, func(r wayback.Row) error {
		rows = append(rows, r)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for _, r := range rows {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Fetch(context.Background(), r); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	reqs := srv.Requests()
	if srv.MostInFlight() != 1 || len(reqs) != len(rows)+1 {
		t.Errorf("%d requests, at most %d at once", len(reqs), srv.MostInFlight())
	}
	for i := 1; i < len(reqs); i++ {
		if gap := reqs[i].At.Sub(reqs[i-1].At); gap < delay {
			t.Errorf("requests %d and %d %s apart", i-1, i, gap)
		}
	}
}

// The CDX server's three answers give the same rows and resume key: the
// Wayback Machine's JSON array (output=json), its plain text form (the
// default output, which some servers give whatever is asked) and pywb's
// JSON lines. Before, the client read the array only and stopped at the
// others ("the CDX answer is not a JSON array").
func TestList_AnswerForms(t *testing.T) {
	rows := [][]string{
		{"com,hewariraq)/en/post/708", "20190301093000", "https://hewariraq.com/en/post/708", "text/html", "200", "AAAA", "2048"},
		{"com,hewariraq)/en/post/708", "20190601093000", "https://hewariraq.com/en/post/708", "warc/revisit", "-", "AAAA", "512"},
	}
	var plain, lines strings.Builder
	array := []any{[]string{"urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"}}
	for _, r := range rows {
		plain.WriteString(strings.Join(r, " ") + "\n")
		b, _ := json.Marshal(map[string]string{"urlkey": r[0], "timestamp": r[1], "url": r[2], "mime": r[3], "status": r[4], "digest": r[5], "length": r[6],
			"filename": "x.warc.gz", "offset": "0"})
		lines.WriteString(string(b) + "\n")
		array = append(array, r)
	}
	array = append(array, []string{}, []string{"next%21"})
	ab, _ := json.Marshal(array)
	for name, answer := range map[string]string{
		"json array": string(ab), "plain": plain.String() + "\nnext%21\n", "json lines": lines.String() + "next%21\n",
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Query().Get("resumeKey") != "" {
				return // the last page: empty
			}
			io.WriteString(w, answer)
		}))
		c := &wayback.Client{Endpoint: srv.URL, Delay: -1}
		var got []wayback.Row
		var keys []string
		st, err := c.ListPages(context.Background(), wayback.Query{URL: "hewariraq.com/*"}, "", func(rs []wayback.Row, next string) error {
			got = append(got, rs...)
			keys = append(keys, next)
			return nil
		})
		srv.Close()
		if err != nil || st.Malformed != 0 || len(got) != 2 || got[1].StatusCode != "-" || got[1].MimeType != "warc/revisit" ||
			got[0].Original != rows[0][2] || got[0].Status != 200 || strings.Join(keys, ",") != "next%21," {
			t.Errorf("%s: rows %+v, keys %q, %+v, %v", name, got, keys, st, err)
		}
	}
}

// listAnswer lists the captures of a CDX server that gives answer to
// every request.
func listAnswer(t *testing.T, answer string) ([]wayback.Row, wayback.ListStats, error) {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, answer) }))
	defer srv.Close()
	c := &wayback.Client{Endpoint: srv.URL, Delay: -1}
	var got []wayback.Row
	st, err := c.List(context.Background(), wayback.Query{URL: "hewariraq.com/*"}, func(r wayback.Row) error {
		got = append(got, r)
		return nil
	})
	return got, st, err
}

// CDX answers as other servers than the Wayback Machine give them, each
// listing en-post-708's capture of 2019-03-01 09:30 and its edit of
// 2020-02-01: archive-it's JSON array, whose header names all eleven
// fields in its own order (fl ignored); OpenWayback's classic CDX lines,
// eleven and nine fields, with the legend line; Arquivo.pt's JSON lines
// (pywb's names, numbers as numbers); a Memento TimeMap in link format
// (quoted datetimes holding commas, rel="first memento"). Before, the
// first three had every row counted malformed and the backfill ended
// "0 captures" with exit 0; the TimeMap likewise. A bad answer (an HTML
// page, lines that are no CDX, a TimeMap cut inside a link) is one error.
func TestList_OtherServers(t *testing.T) {
	const (
		u1, u2 = "https://hewariraq.com/en/post/708", "http://hewariraq.com/en/post/708/slug"
		k      = "com,hewariraq)/en/post/708"
	)
	answers := map[string]string{
		"archive-it json array": `[["original","timestamp","urlkey","statuscode","mimetype","digest","redirect","robotflags","length","offset","filename"],` +
			`["` + u1 + `","20190301093000","` + k + `","200","text/html","AAAA","-","-","2048","17","ARCHIVEIT-1.warc.gz"],` +
			`["` + u2 + `","20200201093000","` + k + `","200","text/html","BBBB","-","-","2050","4242","ARCHIVEIT-2.warc.gz"]]`,
		"openwayback cdx 11": " CDX N b a m s k r M S V g\n" +
			k + " 20190301093000 " + u1 + " text/html 200 AAAA - - 2048 17 IAH-1.warc.gz\n" +
			k + " 20200201093000 " + u2 + " text/html 200 BBBB - - 2050 4242 IAH-2.warc.gz\n",
		"cdx 9 without legend": k + " 20190301093000 " + u1 + " text/html 200 AAAA - 17 IAH-1.arc.gz\n" +
			k + " 20200201093000 " + u2 + " text/html 200 BBBB - 4242 IAH-2.arc.gz\n",
		"arquivo.pt json lines": `{"urlkey":"` + k + `","timestamp":"20190301093000","url":"` + u1 + `","mime":"text/html","status":200,"digest":"AAAA","length":2048,"offset":17,"filename":"AWP-1.warc.gz","collection":"AWP29"}` + "\n" +
			`{"urlkey":"` + k + `","timestamp":20200201093000,"url":"` + u2 + `","mime":"text/html","status":"200","digest":"BBBB","length":"2050"}` + "\n",
		"timemap link format": `<` + u1 + `>; rel="original",
<http://arquivo.pt/wayback/timemap/link/` + u1 + `>; rel="self"; type="application/link-format"; from="Fri, 01 Mar 2019 09:30:00 GMT",
<http://arquivo.pt/wayback/` + u1 + `>; rel="timegate",
<http://arquivo.pt/wayback/20190301093000/` + u1 + `>
   ; rel="first memento"; datetime="Fri, 01 Mar 2019 09:30:00 GMT",
<http://arquivo.pt/wayback/20200201093000/` + u1 + `>; rel="last memento"; datetime="Sat, 01 Feb 2020 09:30:00 GMT"` + "\n",
	}
	for name, answer := range answers {
		got, st, err := listAnswer(t, answer)
		if err != nil || st.Malformed != 0 || len(got) != 2 || got[0].Timestamp != "20190301093000" || got[1].Timestamp != "20200201093000" ||
			!strings.HasPrefix(got[0].Original, "https://hewariraq.com/en/post/708") {
			t.Errorf("%s: %+v %+v %v", name, got, st, err)
			continue
		}
		if name != "timemap link format" && (got[0].Status != 200 || got[0].MimeType != "text/html" || got[0].Digest != "AAAA" || got[1].Original != u2) {
			t.Errorf("%s: fields %+v", name, got)
		}
		if name == "timemap link format" && (got[0].StatusCode != "-" || got[1].Original != u1) {
			t.Errorf("%s: fields %+v", name, got)
		}
	}
	for name, answer := range map[string]string{
		"html page":    "<!DOCTYPE html>\n<html><head><title>Maintenance</title></head><body>back soon</body></html>\n",
		"not cdx":      "hello world\nthis is not a cdx answer\n",
		"timemap cut":  `<` + u1 + `>; rel="original", <http://arquivo.pt/wayback/20190301093000/` + u1,
		"json cut":     `[["urlkey","timestamp"],["a","b"`,
		"json garbage": `[1, 2, {"a": 3}]`,
	} {
		got, _, err := listAnswer(t, answer)
		if err == nil || strings.Contains(err.Error(), "\n") || len(got) != 0 {
			t.Errorf("%s: %v, %d rows; want one error line", name, err, len(got))
		}
	}
}
