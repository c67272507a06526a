package main

import (
	"database/sql"
	"fmt"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

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
		if night == 2 && site.Later != nil {
			site.Later()
		}
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
		checkAnswers(t, night, base, site.Want, got)
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

// checkAnswers holds the answers of a night, counted by page (pageKey), to
// want: each wanted URI once. Two wanted URIs of one key (a page that does
// not exist and the print copy fetched in its place) are two answers.
func checkAnswers(t *testing.T, night int, base string, want []string, got map[string]int) {
	t.Helper()
	wanted := map[string]int{}
	for _, w := range want {
		wanted[pageKey(t, base+w)]++
	}
	for _, w := range want {
		if k := pageKey(t, base+w); got[k] != wanted[k] {
			t.Errorf("night %d: %s answered %d times, want %d", night, w, got[k], wanted[k])
		}
	}
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
// the first night and all 400 of the second. The tag pages link each
// article as Joomla writes it under the tag's menu item, with its slug and
// an Itemid of its own (id=5:seminar-5&Itemid=113), and the listing's head
// names its own feed (&format=feed&type=rss): main fetched an article once
// for each menu that lists it, and the listing's feed with each of its
// pages, every night.
func TestCrawl_PortalConventions(t *testing.T) {
	site := fixtures.NewPortalSite()
	checkConventionSite(t, site)
	// The second night's answers, by article: each once, under any of
	// its addresses.
	byArticle := map[string][]string{}
	for uri, n := range site.Answers() {
		u, err := url.Parse(uri)
		if err != nil {
			t.Fatal(err)
		}
		if q := u.Query(); q.Get("view") == "article" && q.Get("format") == "" {
			id, _, _ := strings.Cut(q.Get("id"), ":")
			for range n {
				byArticle[id] = append(byArticle[id], uri)
			}
		}
	}
	for id, uris := range byArticle {
		if len(uris) != 1 {
			t.Errorf("night 2: article %s answered %d times: %q", id, len(uris), uris)
		}
	}
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

// docOf is the document the latest capture of base+uri made or was linked
// to (0: none), and the status of that document's current version.
func docOf(t *testing.T, db, url string) (int64, string) {
	t.Helper()
	var doc sql.NullInt64
	var status sql.NullString
	queryRow(t, db, `SELECT c.document_id, (SELECT v.status FROM documents d JOIN versions v ON v.id = d.current_version_id WHERE d.id = c.document_id)
		FROM capture_rows c JOIN urls u ON u.id = c.url_id WHERE u.url = '`+url+`' ORDER BY c.id DESC LIMIT 1`, &doc, &status)
	return doc.Int64, status.String
}

// TestCrawl_DrupalConventions crawls a Drupal site (fixtures.NewDrupalSite)
// two nights: /node/N and its path alias, which its rel=canonical names,
// are one document; the pages of the ?page=N listing, which all name the
// first as their canonical, are not folded into it; the node whose only
// copy is its print page is archived from it; a photo linked by its file
// is not fetched, a diagram served as image/png is, and neither fails the
// crawl, nor the partner link that redirects to another site (kept, its
// target never asked for); its "not found" page, served with 200, is no
// document, and by the second night the unpublished node (answered with
// it) and the deleted one (redirected to the home page) are removed.
// main made /node/N and its alias two documents, and every page of the
// listing one; fetched /node/8 and its "not found" page as a document, and
// never its print copy; counted the partner link and the diagram as failed
// fetches; and the second night made "Page not found" a new version of
// node 5 and /node/6 an address of the home page, neither removed. Every
// node's "Log in to post comments" (/user/login?destination=node/N, which
// Drupal 7's robots.txt allows: its rule is /user/login/) was a login page
// of its own, one a node a night, until destination= was dropped as a
// login's way back.
func TestCrawl_DrupalConventions(t *testing.T) {
	site := fixtures.NewDrupalSite()
	srv := httptest.NewServer(site)
	t.Cleanup(srv.Close)
	base := srv.URL
	db := filepath.Join(t.TempDir(), "hewar.db")
	for night := 1; night <= 2; night++ {
		if night == 2 {
			site.Later()
		}
		site.ResetRequests()
		if r := hewarCmd(t, "crawl", "--db", db, "--seed", base+"/", "--delay", "0", "--quiet", "--max-pages", "400", "--max-failures", "0"); r.code != 0 {
			t.Fatalf("night %d: hewar crawl: %v", night, r)
		}
		req := site.Requests()
		for uri, n := range req {
			if why, bad := site.Unwanted(uri); bad {
				t.Errorf("night %d: asked for %s %d times (%s)", night, uri, n, why)
			}
		}
		got := map[string]int{}
		for uri, n := range site.Answers() {
			got[pageKey(t, base+uri)] += n
		}
		checkAnswers(t, night, base, site.Want, got)
		if req["/partner"] != 1 {
			t.Errorf("night %d: /partner asked for %d times, want once", night, req["/partner"])
		}
		probes := 0
		for uri := range req {
			if strings.HasPrefix(uri, "/hewar-probe-") {
				probes++
			}
		}
		if probes != 1 {
			t.Errorf("night %d: %d soft 404 probes, want one", night, probes)
		}
		var failed, gone int
		queryRow(t, db, `SELECT failed, gone FROM crawls ORDER BY id DESC LIMIT 1`, &failed, &gone)
		if failed != 0 {
			t.Errorf("night %d: %d failed fetches, want none", night, failed)
		}
		if night == 1 {
			for n := 1; n <= 9; n++ {
				if n == 8 {
					continue
				}
				node, _ := docOf(t, db, fmt.Sprintf("%s/node/%d", base, n))
				alias, _ := docOf(t, db, fmt.Sprintf("%s/articles/seminar-%d", base, n))
				if node == 0 || node != alias {
					t.Errorf("/node/%d is document %d, its alias %d: want one", n, node, alias)
				}
			}
			first, _ := docOf(t, db, base+"/node")
			second, _ := docOf(t, db, base+"/node?page=1")
			if first == 0 || second == 0 || first == second {
				t.Errorf("the listing's first and second pages are documents %d and %d: want two", first, second)
			}
			if d, _ := docOf(t, db, base+"/node/8/print"); d == 0 {
				t.Error("/node/8/print, the node's only copy, made no document")
			}
			if d, _ := docOf(t, db, base+"/node/8"); d != 0 {
				t.Errorf("/node/8, the site's \"not found\" page, is document %d", d)
			}
			var status int
			var failure sql.NullString
			queryRow(t, db, `SELECT c.status, c.error FROM capture_rows c JOIN urls u ON u.id = c.url_id WHERE u.url = '`+base+`/partner'`, &status, &failure)
			if status != 302 || failure.Valid {
				t.Errorf("/partner: status %d, error %q; want the 302 kept, no error", status, failure.String)
			}
		}
	}
	for _, uri := range []string{"/node/5", "/articles/seminar-5", "/node/6", "/articles/seminar-6"} {
		if d, status := docOf(t, db, base+uri); d == 0 || status != "removed" {
			t.Errorf("%s: document %d is %q after the second night, want removed", uri, d, status)
		}
	}
	if d, status := docOf(t, db, base+"/node/7"); d == 0 || status != "present" {
		t.Errorf("/node/7: document %d is %q, want present", d, status)
	}
	if r := hewarCmd(t, "changes", "--db", db); r.code != 0 || !strings.Contains(r.stdout, "removed") {
		t.Errorf("hewar changes: %v", r)
	}
}

// TestCrawl_ArabicNewsConventions crawls an Arabic news site behind a busy
// server (fixtures.NewArabicNewsSite) two nights: its Crawl-delay spaces
// every request; the listing's page that answers 429 with Retry-After: 1
// is asked again no sooner, the article that answers 503 and the one whose
// connection is cut in the middle of its body are asked again, and none
// fails the crawl; an article linked raw, lower-case and upper-case
// escaped is fetched once; /ar/about and /ar/about/ once; an article and
// its ?ref=home address, whose canonical drops it, are one document, but
// not an article whose canonical is on another host or is the home page;
// the article titled "Error 404" is an article; and by the second night
// the first article, answered with the site's "not found" page (200, in
// Arabic), is removed. main made the ?ref=home addresses documents of
// their own and the first article's "not found" page its new version.
func TestCrawl_ArabicNewsConventions(t *testing.T) {
	site := fixtures.NewArabicNewsSite()
	db := checkConventionSite(t, site)
	log := site.Log() // the second night's
	for i, r := range log {
		if r.URI == "/ar/news?page=2" {
			for _, later := range log[i+1:] {
				if later.URI == r.URI {
					if d := later.At.Sub(r.At); d < time.Second {
						t.Errorf("the listing's second page was asked again %s after its 429 with Retry-After: 1", d)
					}
					break
				}
			}
			break
		}
	}
	// Starts are spaced by the gate; arrivals differ from starts by what the
	// machine's load delays a goroutine, which on a busy machine brings two
	// together now and then. Without the Crawl-delay (--delay 0, two in
	// parallel) nearly every two requests arrive together.
	near := 0
	for i := 2; i < len(log); i++ { // robots.txt, and the request its Crawl-delay came with, aside
		if log[i].At.Sub(log[i-1].At) < 25*time.Millisecond {
			near++
		}
	}
	if near > (len(log)-2)/4 {
		t.Errorf("%d of %d requests came less than 25ms after the one before: Crawl-delay is 50ms", near, len(log)-2)
	}
	var failed int
	queryRow(t, db, `SELECT sum(failed) FROM crawls`, &failed)
	if failed != 0 {
		t.Errorf("%d failed fetches, want none", failed)
	}
	var base string
	queryRow(t, db, `SELECT substr(url, 1, instr(url, '/ar/') - 1) FROM urls WHERE url LIKE '%/ar/' LIMIT 1`, &base)
	// The address of article n as the crawl first found it (in one of its
	// three spellings).
	article := func(n int) string {
		var u string
		queryRow(t, db, `SELECT url FROM urls WHERE url LIKE '%/`+fmt.Sprint(n)+`-%' AND url NOT LIKE '%?%' ORDER BY id LIMIT 1`, &u)
		return u
	}
	for _, n := range []int{2, 5} {
		plain, _ := docOf(t, db, article(n))
		ref, _ := docOf(t, db, article(n)+"?ref=home")
		if plain == 0 || plain != ref {
			t.Errorf("article %d is document %d, with ?ref=home %d: want one", n, plain, ref)
		}
	}
	home, _ := docOf(t, db, base+"/ar/")
	for _, n := range []int{3, 4, 6, 7} {
		d, status := docOf(t, db, article(n))
		if d == 0 || d == home || status != "present" {
			t.Errorf("article %d: document %d (%q), the home page is %d: want a present document of its own", n, d, status, home)
		}
	}
	if d, status := docOf(t, db, article(1)); d == 0 || status != "removed" {
		t.Errorf("article 1: document %d is %q after the second night, want removed", d, status)
	}
}

// TestCrawl_ASPNetConventions crawls an ASP.NET site with cookieless
// sessions and an endless pager (fixtures.NewASPNetSite) two nights: each
// page is asked for once a night without a session, its redirect to a new
// session followed once, and stored as one document under its address
// without the session, the same document both nights; links under a stale
// session or the (A(...)F(...)) segment are the same pages, and a link to
// the staff's login under a session is disallowed by robots.txt as it is
// without; the listing is walked to its last page, and by the second night
// to its new one, and no more than a few pages past it.
func TestCrawl_ASPNetConventions(t *testing.T) {
	db := checkConventionSite(t, fixtures.NewASPNetSite())
	var docs, sessions int
	queryRow(t, db, `SELECT count(DISTINCT c.document_id) FROM capture_rows c JOIN urls u ON u.id = c.url_id
		WHERE u.url LIKE '%/Contact.aspx'`, &docs)
	queryRow(t, db, `SELECT count(*) FROM capture_rows c JOIN urls u ON u.id = c.url_id WHERE u.url LIKE '%(S(%'`, &sessions)
	if docs != 1 || sessions != 0 {
		t.Errorf("/Contact.aspx is %d documents over two nights, and %d captures are stored under a session's address: want one and none", docs, sessions)
	}
}

// TestCrawl_WordPressConventions crawls a WordPress install as one really
// serves (fixtures.NewWordPressSite) two nights: every post, its
// attachment page, the listings and the login page asked for once; none
// of its AMP, print or PDF copies, share links, comment reply links,
// REST API, XML-RPC or oEmbed addresses; and the posts whose slugs are
// "print" and "amp-ceremony" fetched as the posts they are, documents of
// their own. main asked for 48 URIs of the first night and 54 of the
// second that no archivist wants (each post's four Jetpack share links,
// redirects to Facebook, and its ?format=pdf and ?output=pdf copies), and
// never fetched the post whose slug is "print" (/2025/11/print/ was folded
// into the month's archive, /2025/11/) nor its attachment page.
func TestCrawl_WordPressConventions(t *testing.T) {
	db := checkConventionSite(t, fixtures.NewWordPressSite())
	stored := func(path string) string { return storedURL(t, db, path) }
	month, _ := docOf(t, db, stored("/2025/11/"))
	for _, p := range []string{"/2025/11/print/", "/2025/11/amp-ceremony/"} {
		if d, status := docOf(t, db, stored(p)); d == 0 || d == month || status != "present" {
			t.Errorf("%s: document %d (%q), the month's archive is %d: want a present document of its own", p, d, status, month)
		}
	}
}

// TestCrawl_WidgetsConventions crawls a site in a CMS theme with sidebar
// widgets (fixtures.NewWidgetsSite) two nights: its endless news pager is
// walked a few pages past the last, though the sidebar (a random quote, the
// latest comment, a counter) makes every page new; its services section's
// page named print (/services/print/) is fetched as the page it is; the
// site's feed linked in a story's body is read, the story's own comment
// feed, its trackback address and its embed, AMP and print copies are
// not fetched.
func TestCrawl_WidgetsConventions(t *testing.T) {
	db := checkConventionSite(t, fixtures.NewWidgetsSite())
	stored := func(path string) string { return storedURL(t, db, path) }
	section, _ := docOf(t, db, stored("/services/"))
	if d, status := docOf(t, db, stored("/services/print/")); d == 0 || d == section || status != "present" {
		t.Errorf("/services/print/: document %d (%q), the section is %d: want a present document of its own", d, status, section)
	}
}

// storedURL is the URL of path as the archive db holds it: the shortest
// that ends in path.
func storedURL(t *testing.T, db, path string) string {
	t.Helper()
	var u string
	queryRow(t, db, `SELECT url FROM urls WHERE url LIKE '%`+path+`' ORDER BY length(url) LIMIT 1`, &u)
	return u
}
