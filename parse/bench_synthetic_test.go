package parse_test

import (
	"testing"

	"github.com/hewar-archive/hewar/fixtures"
)

// BenchmarkParseSyntheticVsHTMLParseCPU is BenchmarkParseVsHTMLParseCPU on
// the pages a crawl fetches in issue 16's crawl benchmarks (the synthetic
// site, 5,000 posts, seed 7), one page in 25: home pages, listings,
// articles and interviews in both languages, with their long
// percent-encoded Arabic links. Each iteration parses all of them (212
// pages). Its name keeps it out of -bench ParseVsHTMLParseCPU, whose
// figures compare with earlier runs.
func BenchmarkParseSyntheticVsHTMLParseCPU(b *testing.B) {
	site := fixtures.NewSynthetic(5000, 7)
	var docs []benchDoc
	i := 0
	for path := range site.URLs() {
		if i++; i > 8 && i%25 != 0 {
			continue
		}
		status, header, body := site.Render(path, renderClock)
		if status != 200 {
			b.Fatalf("%s: status %d", path, status)
		}
		docs = append(docs, benchDoc{"http://127.0.0.1:18800" + path, header.Get("Content-Type"), body})
	}
	pagesVsHTMLParseCPU(b, docs)
}
