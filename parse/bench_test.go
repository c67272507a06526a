package parse_test

import (
	"bytes"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/parse"
	"golang.org/x/net/html"
)

// BenchmarkParse and BenchmarkHTMLParseOnly run on the same bytes (the seed
// interview as the replica serves it): the target is Parse at most 3x the
// cost of html.Parse alone (the whole pipeline on goquery, without unsafe).
// Compare their ns/op in one run:
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
// in every iteration and reports the ratio of their median times
// ("parse/html", target at most 3) and of their fastest times
// ("parse/html-min"). Medians and minimums, unlike sums, are not moved by
// another process taking the CPU for a while on a shared machine.
func BenchmarkParseVsHTMLParse(b *testing.B) {
	url, ctype, body := benchPage(b)
	var htmlTimes, parseTimes []time.Duration
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
		htmlTimes = append(htmlTimes, t1.Sub(t0))
		parseTimes = append(parseTimes, t2.Sub(t1))
	}
	if len(htmlTimes) == 0 {
		return
	}
	slices.Sort(htmlTimes)
	slices.Sort(parseTimes)
	mid := len(htmlTimes) / 2
	b.ReportMetric(float64(parseTimes[mid])/float64(htmlTimes[mid]), "parse/html")
	b.ReportMetric(float64(parseTimes[0])/float64(htmlTimes[0]), "parse/html-min")
}

// BenchmarkParseVsHTMLParseCPU is BenchmarkParseVsHTMLParse measured in the
// thread's CPU time (Linux), in blocks of 20 calls: other processes on a
// loaded machine do not count, GC assists do (the GC's background workers run
// on other threads and do not). It reads the English seed interview, as it
// did before the Arabic twin below was added, so earlier figures compare.
func BenchmarkParseVsHTMLParseCPU(b *testing.B) {
	parseVsHTMLParseCPU(b, "en-post-708")
}

// BenchmarkParseVsHTMLParseCPUArabic is the same measure on the Arabic
// version of the seed interview (Arabic-Indic digits, RTL markup).
func BenchmarkParseVsHTMLParseCPUArabic(b *testing.B) {
	parseVsHTMLParseCPU(b, "ar-post-708")
}

// parseVsHTMLParseCPU reports parse/html-cpu, the ratio of Parse's thread CPU
// time to html.Parse's on the named replica page.
func parseVsHTMLParseCPU(b *testing.B, page string) {
	url, ctype, body := replicaPage(b, page)
	pagesVsHTMLParseCPU(b, slices.Repeat([]benchDoc{{url, ctype, body}}, 20))
}

// benchDoc is a page as Parse is given it.
type benchDoc struct {
	url, ctype string
	body       []byte
}

// pagesVsHTMLParseCPU reports parse/html-cpu for docs: every iteration
// runs html.Parse on all of them, then Parse on all of them.
func pagesVsHTMLParseCPU(b *testing.B, docs []benchDoc) {
	if _, ok := threadCPU(); !ok {
		b.Skip("no per-thread CPU time on this system")
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var htmlCPU, parseCPU time.Duration
	for b.Loop() {
		c0, _ := threadCPU()
		for _, d := range docs {
			if _, err := html.Parse(bytes.NewReader(d.body)); err != nil {
				b.Fatal(err)
			}
		}
		c1, _ := threadCPU()
		for _, d := range docs {
			if _, err := parse.Parse(d.url, d.ctype, d.body, renderClock); err != nil {
				b.Fatal(err)
			}
		}
		c2, _ := threadCPU()
		htmlCPU += c1 - c0
		parseCPU += c2 - c1
	}
	if htmlCPU > 0 {
		b.ReportMetric(float64(parseCPU)/float64(htmlCPU), "parse/html-cpu")
	}
}
