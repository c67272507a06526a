package parse_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/parse"
	"golang.org/x/net/html"
)

// BenchmarkParse and BenchmarkHTMLParseOnly run on the same bytes (the seed
// interview as the replica serves it): the target is Parse at most 2x the
// cost of html.Parse alone. Compare their ns/op in one run:
//
//	go test -tags sqlite_fts5 -run '^$' -bench . -benchmem ./parse/
func BenchmarkParse(b *testing.B) {
	url, ctype, body := benchPage(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parse.Parse(url, ctype, body, renderClock); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHTMLParseOnly(b *testing.B) {
	_, _, body := benchPage(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := html.Parse(bytes.NewReader(body)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseVsHTMLParse alternates html.Parse and Parse on the same bytes
// in every iteration and reports their ratio ("parse/html"), so that a load
// that comes and goes on a shared machine weighs on both sides alike. Target:
// at most 2.
func BenchmarkParseVsHTMLParse(b *testing.B) {
	url, ctype, body := benchPage(b)
	var htmlTime, parseTime time.Duration
	for b.Loop() {
		t0 := time.Now()
		if _, err := html.Parse(bytes.NewReader(body)); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if _, err := parse.Parse(url, ctype, body, renderClock); err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		htmlTime += t1.Sub(t0)
		parseTime += t2.Sub(t1)
	}
	if htmlTime > 0 {
		b.ReportMetric(float64(parseTime)/float64(htmlTime), "parse/html")
	}
}
