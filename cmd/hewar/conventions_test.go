package main

import (
	"database/sql"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/hewar-archive/hewar/crawler"
	"github.com/hewar-archive/hewar/fixtures"
)

// checkConventionSite crawls site with the binary two nights running into
// one archive and holds each night to what an archivist wants: every
// wanted page asked for once, nothing unwanted asked for (a variant of a
// page, a trap, a page robots.txt disallows), and the binary files stored
// whole. The second night revisits what the first found, as a nightly
// crawl does. It returns the archive.
func checkConventionSite(t *testing.T, site *fixtures.ConventionSite) string {
	t.Helper()
	srv := httptest.NewServer(site)
	t.Cleanup(srv.Close)
	base := srv.URL
	db := filepath.Join(t.TempDir(), "hewar.db")
	for night := 1; night <= 2; night++ {
		site.ResetRequests()
		// --max-pages bounds a crawl that falls into a trap, so that it
		// fails here rather than by the test's timeout.
		if r := hewarCmd(t, "crawl", "--db", db, "--seed", base+site.Seed, "--delay", "0", "--quiet", "--max-pages", "400"); r.code != 0 {
			t.Fatalf("night %d: hewar crawl of the %s site: %v", night, site.Name, r)
		}
		// Answers are counted by page: the crawler asks for a page under the
		// first of its addresses it finds (index.php?view=article&id=5&... or
		// index.php?id=5&view=article&...), maybe one that redirects to it.
		got := map[string]int{}
		var unwanted []string
		for uri := range site.Requests() {
			if why, bad := site.Unwanted(uri); bad {
				unwanted = append(unwanted, uri+" ("+why+")")
			}
		}
		for uri, n := range site.Answers() {
			got[pageKey(t, base+uri)] += n
		}
		sort.Strings(unwanted)
		if len(unwanted) > 0 {
			t.Errorf("night %d: the %s site was asked for %d URIs a careful crawler never asks for, such as:\n  %s",
				night, site.Name, len(unwanted), strings.Join(unwanted[:min(len(unwanted), 12)], "\n  "))
		}
		for _, w := range site.Want {
			if got[pageKey(t, base+w)] != 1 {
				t.Errorf("night %d: the %s site was asked for %s %d times, want once", night, site.Name, w, got[pageKey(t, base+w)])
			}
		}
	}
	for uri, size := range site.Bodies {
		var stored, doc sql.NullInt64
		var failure sql.NullString
		queryRow(t, db, `SELECT c.size, c.error, c.document_id FROM capture_rows c JOIN urls u ON u.id = c.url_id
			WHERE u.url = '`+base+uri+`' ORDER BY c.id DESC LIMIT 1`, &stored, &failure, &doc)
		if stored.Int64 != int64(size) || failure.Valid {
			t.Errorf("%s: stored %d bytes of %d (error %q), want the whole body", uri, stored.Int64, size, failure.String)
		}
		if doc.Valid {
			t.Errorf("%s, a PDF, was read as a page (document %d)", uri, doc.Int64)
		}
	}
	for _, uri := range site.Pages {
		var doc sql.NullInt64
		queryRow(t, db, `SELECT c.document_id FROM capture_rows c JOIN urls u ON u.id = c.url_id
			WHERE u.url = '`+base+uri+`' ORDER BY c.id DESC LIMIT 1`, &doc)
		if !doc.Valid {
			t.Errorf("%s, a page served with another Content-Type, was not read as a page", uri)
		}
	}
	return db
}

// pageKey is the page a URL names, as the frontier keys it; the keys of a
// redirect and its target are not told apart (a post without its trailing
// slash is the post).
func pageKey(t *testing.T, raw string) string {
	t.Helper()
	k, err := crawler.Canonicalize(raw)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// TestCrawl_PortalConventions crawls a Joomla-like portal (fixtures.NewPortalSite):
// index.php?option=... addresses with their parameters in any order, a
// session id in every link, tracking parameters, sort orders, print
// copies, an endless events calendar, tag combinations, a robots.txt with a group for two
// agents, Allow over Disallow, * and $. main asked for 10,113 URIs no
// archivist wants (7,000 with PHPSESSID, 2,047 with ;jsessionid=, 1,000
// with fbclid, 30 print copies, 30 with utm_*, 6 sort orders) and, its
// budget spent on them, never reached the news listing or 16 of the 30
// articles. A second night of the first fix walked the calendar twelve
// months further, from the months the archive knew. Tag pages that narrow
// to every combination of tags (id[0]=1&id[1]=3...) took 349 requests of
// the first night and all 400 of the second.
func TestCrawl_PortalConventions(t *testing.T) {
	checkConventionSite(t, fixtures.NewPortalSite())
}

// TestCrawl_BlogConventions crawls a WordPress-like blog (fixtures.NewBlogSite):
// /page/N/ pagination by "Older posts" links, endless month archives,
// trailing-slash redirects, <base href> and ../ links, AMP copies, posts
// only its RSS feed lists or only a meta refresh leads to, a page and PDFs
// served with the wrong Content-Type, a robots.txt that redirects, a
// sitemap index of .xml.gz sitemaps, comment reply links (?replytocom=),
// members' pages that redirect to the login page with their way back.
// main walked the month archives without end (1,399 of 1,500 requests),
// fetched 26 AMP copies, 34 reply links and a login page per members'
// page, never
// found the posts only the feed lists (15, 16) or the meta refresh leads
// to (17), and stored no PDF: application/pdf and application/octet-stream
// were refused as failures, and the PDF served as text/html was parsed as
// a page.
func TestCrawl_BlogConventions(t *testing.T) {
	checkConventionSite(t, fixtures.NewBlogSite())
}

// TestCrawl_LegacyConventions crawls an old static site (fixtures.NewLegacySite):
// robots.txt answered with an HTML page, a sitemap served as text/html, a
// home page in frames, an image map, directories linked as /issues/ and
// /issues/index.html, a listing paginated only by <link rel="next">, a feed
// named only by <link rel="alternate">, an <iframe>.
func TestCrawl_LegacyConventions(t *testing.T) {
	checkConventionSite(t, fixtures.NewLegacySite())
}
