package archive_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/hewar-archive/hewar/archive"
)

// TestCrawl_Source reads what made a run from its row as the commands
// write it, and from an archive older than crawls.kind, whose imports were
// rows of kind crawl with their source in the settings.
func TestCrawl_Source(t *testing.T) {
	for _, tc := range []struct {
		kind, settings string
		want           archive.CrawlSource
	}{
		{"crawl", `{"delay": "1s", "user_agent": "hewar"}`, archive.CrawlSource{Kind: "crawl"}},
		{"import", `{"source": "warc-import", "files": ["a.warc.gz", "b.warc"], "software": "hewar"}`,
			archive.CrawlSource{Kind: "warc-import", Files: []string{"a.warc.gz", "b.warc"}}},
		{"import", `{"source": "wayback", "patterns": ["hewariraq.com/*"], "from": ""}`,
			archive.CrawlSource{Kind: "wayback", Patterns: []string{"hewariraq.com/*"}}},
		{"crawl", `{"source": "warc-import", "files": ["cut.warc.gz"]}`, archive.CrawlSource{Kind: "warc-import", Files: []string{"cut.warc.gz"}}},
		{"import", `{}`, archive.CrawlSource{Kind: "import"}},
		{"import", `not json`, archive.CrawlSource{Kind: "import"}},
	} {
		c := archive.Crawl{ID: 1, Kind: tc.kind, Settings: json.RawMessage(tc.settings)}
		if got := c.Source(); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("kind %s, settings %s: Source() = %+v, want %+v", tc.kind, tc.settings, got, tc.want)
		}
	}
}
