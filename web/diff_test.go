package web_test

import (
	"context"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/parse"
)

// TestDiff_alignsPairs: with a pair inserted, one edited, one dropped and
// one added, the side-by-side view puts each pair beside its counterpart,
// as the archive aligned them, and keeps every pair of both versions.
func TestDiff_alignsPairs(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pairs.db")
	db, err := archive.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	const key = "hewariraq.com/ar/post/900"
	t0 := time.Date(2026, 1, 8, 9, 0, 0, 0, time.UTC)
	version := func(at time.Time, qa ...string) {
		crawl, err := db.BeginCrawl(ctx, []string{"http://127.0.0.1/"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		d := &parse.Document{URL: "http://127.0.0.1/post/900", DocKey: key, Lang: "ar", Kind: parse.KindInterview,
			Title: "حوار مع الباحث", Parser: parse.ParserInfo{Name: "test", Version: "1"}}
		for i := 0; i+1 < len(qa); i += 2 {
			d.QA = append(d.QA, parse.QA{Question: qa[i], Answer: qa[i+1]})
		}
		c := &archive.Capture{RequestURL: d.URL, Status: 200, StatusLine: "HTTP/1.1 200 OK", Body: []byte("<p>" + at.String() + "</p>"),
			Headers: []archive.Header{{Name: "Content-Type", Value: "text/html; charset=utf-8"}}, FetchedAt: at, Duration: time.Millisecond}
		if _, err := db.Ingest(ctx, crawl, c, d, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := db.FinishCrawl(ctx, crawl); err != nil {
			t.Fatal(err)
		}
	}
	version(t0,
		"ما هو دور المعهد في الحوار الوطني؟", "المعهد يجمع الأطراف حول طاولة واحدة.",
		"كيف ترون مستقبل المياه في العراق؟", "المياه قضية أمن وطني قبل كل شيء.",
		"متى تأسس المعهد العراقي للحوار؟", "تأسس المعهد بعد عام ٢٠٠٣ في بغداد.")
	version(t0.Add(24*time.Hour),
		"ما هو دور المعهد في الحوار الوطني؟", "المعهد يجمع الأطراف حول طاولة واحدة.",
		"هل لروسيا دور في المنطقة؟", "نعم، ولها مصالح دائمة.",
		"كيف ترون مستقبل المياه في العراق؟", "المياه قضية أمن قومي قبل كل شيء.",
		"ما رأيكم في مؤتمر بغداد الدولي للحوار؟", "مؤتمر ناجح جمع الباحثين.")
	db.Close()

	srv, rdb := serve(t, path)
	res, err := rdb.Diff(ctx, key, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, c := range res.Changes {
		paths = append(paths, c.Op+" "+c.Path)
	}
	t.Logf("archive changes: %v", paths)

	r := get(t, srv.URL+"/diff/"+key+"?from=1&to=2")
	if r.status != 200 {
		t.Fatalf("diff: %d\n%s", r.status, r.body)
	}
	if !strings.Contains(r.body, `<table class="diff" dir="rtl" lang="ar">`) {
		t.Errorf("Arabic diff is not right-to-left")
	}
	rows := regexp.MustCompile(`<tbody class="pair ([a-z ]+)" id="(pair-[a-z0-9-]+)">`).FindAllStringSubmatch(r.body, -1)
	var got []string
	for _, m := range rows {
		got = append(got, m[2]+" "+m[1])
	}
	want := []string{
		"pair-1 same",
		"pair-2 changed added",
		"pair-3 changed modified",
		"pair-old-3 changed removed",
		"pair-4 changed added",
	}
	if !slices.Equal(got, want) {
		t.Errorf("pairs laid out as\n%v\nwant\n%v", got, want)
	}
	// The edited answer marks the one word that changed, on each side.
	if !strings.Contains(r.body, `<del class="w-del">وطني</del>`) || !strings.Contains(r.body, `<ins class="w-ins">قومي</ins>`) {
		t.Errorf("the edited word is not marked:\n%s", between(r.body, `id="pair-3"`, "</tbody>"))
	}
}
