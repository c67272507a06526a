package parse_test

import (
	"bytes"
	"testing"

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
