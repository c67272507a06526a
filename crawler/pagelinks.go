package crawler

import (
	"bytes"
	"html"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// The parser behind the Sink gives a page's <a href> links. A page leads to
// other pages in a few more ways, which pageLinks reads from its bytes:
//
//   - <meta http-equiv="refresh" content="0; url=...">, a redirect made in
//     the page;
//   - <link rel="next"> and rel="prev" (a listing whose older pages only a
//     script's button reaches), rel="alternate" with an RSS or Atom type (a
//     site's feed, the list of its new posts; not the page's own feed,
//     ownFeed) or with an hreflang (the page in another language);
//   - <frame src>, <iframe src> (a site in frames, an embedded page) and an
//     image map's <area href>.
//
// Each is a link like the others: admitted by scope, robots.txt and the
// trap rules, one step further from the seeds. What it costs a page that
// has none of them: two searches of its head for "</head" and
// "efresh"/"EFRESH", two for "<link"/"<LINK" (and a lower-cased look at
// each link tag of the head, stylesheets included), six searches of the
// page for the frame, iframe and area tags.

// pageHead is how much of a page is taken for its head when no </head>
// ends it sooner.
const pageHead = 32 << 10

var (
	refreshURL = regexp.MustCompile(`(?is)\bcontent\s*=\s*["']?\s*([0-9.]*)\s*[;,]?\s*url\s*=\s*['"]?\s*([^"'>\s]+)`)
	tagAttr    = regexp.MustCompile(`(?is)\b(rel|type|href|src|hreflang)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)`)
)

// pageLinks adds to the parser's links of a capture the ones only its bytes
// show (see above). A capture that is no 2xx page is returned as it is.
func pageLinks(c *Capture, links []string) []string {
	if c.Status < 200 || c.Status > 299 || len(c.Body) == 0 || c.Sitemap || !maybePage(c.Header.Get("Content-Type")) {
		return links
	}
	body := c.Body
	head := body[:min(len(body), pageHead)]
	if i := bytes.Index(head, []byte("</head")); i >= 0 {
		head = head[:i]
	} else if i := bytes.Index(head, []byte("</HEAD")); i >= 0 {
		head = head[:i]
	}
	// With a <base href>, the page's addresses are resolved against it,
	// as the parser resolves its <a href>; without, they are resolved
	// against the page's address with the parser's links.
	page, err := url.Parse(c.FinalURL)
	if err != nil {
		return links
	}
	base, rebase := page, false
	if b := baseHref(head); b != "" {
		if bu, err := page.Parse(strings.TrimSpace(b)); err == nil {
			base, rebase = bu, true
		}
	}
	resolve := func(href string) string {
		if !rebase {
			return href
		}
		if u, err := base.Parse(strings.TrimSpace(href)); err == nil {
			return u.String()
		}
		return ""
	}
	add := func(href string) {
		if h := resolve(href); h != "" {
			links = append(links, h)
		}
	}
	if u, now := metaRefresh(head); u != "" && !reload(c, base, u, now) {
		add(u)
	}
	for _, tag := range []string{"<link", "<LINK"} {
		eachTag(head, tag, relOfInterest, func(attrs map[string]string) {
			if href := resolve(attrs["href"]); href != "" && followedLinkRel(attrs) && !ownFeed(c.FinalURL, href, attrs) {
				links = append(links, href)
			}
		})
	}
	for _, tag := range []string{"<frame", "<FRAME", "<iframe", "<IFRAME"} {
		eachTag(body, tag, nil, func(attrs map[string]string) {
			if src := attrs["src"]; src != "" {
				add(src)
			}
		})
	}
	for _, tag := range []string{"<area", "<AREA"} {
		eachTag(body, tag, nil, func(attrs map[string]string) {
			if href := attrs["href"]; href != "" {
				add(href)
			}
		})
	}
	return linkHeader(c, page, links)
}

// linkHeader adds to links the next and previous pages an HTTP Link
// header names (Link: </news/page/2/>; rel="next", RFC 8288), resolved
// against the page's address: a listing whose pager only that header
// gives.
func linkHeader(c *Capture, page *url.URL, links []string) []string {
	for _, v := range c.Header.Values("Link") {
		for _, l := range strings.Split(v, ",") {
			target, params, ok := strings.Cut(strings.TrimSpace(l), ";")
			if !ok || !strings.HasPrefix(target, "<") || !strings.HasSuffix(target, ">") {
				continue
			}
			attrs := map[string]string{}
			for _, p := range strings.Split(params, ";") {
				if k, v, ok := strings.Cut(strings.TrimSpace(p), "="); ok {
					attrs[strings.ToLower(strings.TrimSpace(k))] = strings.Trim(strings.TrimSpace(v), `"`)
				}
			}
			if !slices.ContainsFunc(strings.Fields(strings.ToLower(attrs["rel"])), func(r string) bool { return r == "next" || r == "prev" || r == "previous" }) {
				continue
			}
			if u, err := page.Parse(target[1 : len(target)-1]); err == nil {
				links = append(links, u.String())
			}
		}
	}
	return links
}

// baseHref is the href of a page's <base> in its head, or "".
func baseHref(head []byte) string {
	var href string
	for _, tag := range []string{"<base", "<BASE"} {
		eachTag(head, tag, nil, func(attrs map[string]string) {
			if href == "" {
				href = attrs["href"]
			}
		})
	}
	return href
}

// reload reports a meta refresh of the page at c (its links resolved
// against base) to its own address but for the query: after a while
// (content="300; url=/news/?t=1733"), a reload of the page, with a
// cache-buster that is new on every request; at once, a page reached by
// such a refresh from its own address (c.Via) that refreshes to itself
// again. Followed, each was another address, without end.
func reload(c *Capture, base *url.URL, target string, now bool) bool {
	t, err := base.Parse(strings.TrimSpace(target))
	if err != nil {
		return false
	}
	page, err := url.Parse(c.FinalURL)
	if err != nil || hostKey(t.Host) != hostKey(page.Host) || canonicalPath(t.EscapedPath()) != canonicalPath(page.EscapedPath()) {
		return false
	}
	if !now {
		return true
	}
	via, err := url.Parse(c.Via)
	return err == nil && hostKey(via.Host) == hostKey(page.Host) && canonicalPath(via.EscapedPath()) == canonicalPath(page.EscapedPath())
}

// maybePage reports a Content-Type a page may be served with: none, HTML,
// text, or the unknown type; a PDF of 50 MiB is not searched for tags.
func maybePage(ct string) bool {
	mt := strings.ToLower(strings.TrimSpace(strings.SplitN(ct, ";", 2)[0]))
	return mt == "" || strings.Contains(mt, "html") || mt == "text/plain" || mt == "application/octet-stream"
}

// followedLinkRel reports a <link> that names a page to crawl: the next or
// previous page of a listing, a feed, the page in another language.
func followedLinkRel(attrs map[string]string) bool {
	for _, rel := range strings.Fields(strings.ToLower(attrs["rel"])) {
		switch rel {
		case "next", "prev", "previous":
			return true
		case "alternate":
			t := strings.ToLower(attrs["type"])
			if t == "application/rss+xml" || t == "application/atom+xml" || attrs["hreflang"] != "" {
				return true
			}
		}
	}
	return false
}

// ownFeed reports a feed link (rel="alternate", an RSS or Atom type) of
// the page at pageURL to the page's own feed: its address and a last
// segment "feed" (WordPress's /2025/11/slug/feed/, the comments of a post,
// on every post; /category/news/feed/ on its listing; Drupal's
// /taxonomy/term/5/feed), or its address and format=feed (Joomla's
// ?format=feed&type=rss on a category's page); on any page of a listing,
// the listing's feed (/category/news/page/2/ names /category/news/feed/).
// Such a feed lists what the page shows, and a feed is fetched again every
// night: one request a post a night for nothing. The feed of the home page
// or of a language's root (/feed/, /en/feed/) is the site's, and followed.
func ownFeed(pageURL, href string, attrs map[string]string) bool {
	if attrs["hreflang"] != "" {
		return false
	}
	page, err := url.Parse(pageURL)
	if err != nil {
		return false
	}
	u, err := page.Parse(strings.TrimSpace(href))
	if err != nil {
		return false
	}
	if q := u.Query(); strings.EqualFold(q.Get("format"), "feed") {
		q.Del("format")
		q.Del("type")
		u.RawQuery = q.Encode()
	} else if p, ok := strings.CutSuffix(strings.TrimSuffix(u.EscapedPath(), "/"), "/feed"); ok {
		if u.Path, err = url.PathUnescape(p); err != nil {
			return false
		}
		u.RawPath = p
	} else {
		return false
	}
	// u is now the page the feed is of: one of this page's listing (a
	// category's second page names the category's feed), not the home page.
	return !homePath(u) && listingOf(u) == listingOf(page)
}

// relOfInterest is a quick look at a <link> tag before its attributes are
// read: stylesheets and icons, most of a head's links, are passed over.
func relOfInterest(raw []byte) bool {
	l := bytes.ToLower(raw)
	return bytes.Contains(l, []byte("next")) || bytes.Contains(l, []byte("prev")) || bytes.Contains(l, []byte("alternate"))
}

// eachTag calls fn with the attributes (names lower-cased, values
// unescaped) of every tag of b that starts with tag ("<link" matches
// <link ...>, not <linkage>) and that keep, when not nil, accepts as it
// reads in b.
func eachTag(b []byte, tag string, keep func(raw []byte) bool, fn func(attrs map[string]string)) {
	t := []byte(tag)
	for off := 0; ; {
		i := bytes.Index(b[off:], t)
		if i < 0 {
			return
		}
		start := off + i + len(t)
		off = start
		if start >= len(b) || !isTagSpace(b[start]) {
			continue
		}
		end := bytes.IndexByte(b[start:], '>')
		if end < 0 {
			return
		}
		raw := b[start : start+end]
		off = start + end
		if keep != nil && !keep(raw) {
			continue
		}
		attrs := map[string]string{}
		for _, m := range tagAttr.FindAllSubmatch(raw, -1) {
			v := strings.Trim(string(m[2]), `"'`)
			attrs[strings.ToLower(string(m[1]))] = html.UnescapeString(strings.TrimSpace(v))
		}
		fn(attrs)
	}
}

func isTagSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '/'
}

// metaRefresh returns the address a page's <meta http-equiv="refresh">
// sends a browser to, or "", and whether it does so at once (a delay of
// 0: a redirect made in the page) rather than after a while (a reload).
func metaRefresh(head []byte) (u string, now bool) {
	i := bytes.Index(head, []byte("efresh"))
	if i < 0 {
		if i = bytes.Index(head, []byte("EFRESH")); i < 0 {
			return "", false
		}
	}
	start := bytes.LastIndexByte(head[:i], '<')
	end := bytes.IndexByte(head[i:], '>')
	if start < 0 || end < 0 {
		return "", false
	}
	tag := string(head[start : i+end])
	if !strings.Contains(strings.ToLower(tag), "http-equiv") {
		return "", false
	}
	m := refreshURL.FindStringSubmatch(tag)
	if m == nil {
		return "", false
	}
	return html.UnescapeString(m[2]), strings.Trim(m[1], "0.") == ""
}

// CanonicalOf returns the canonical address a page names for itself (its
// <link rel="canonical" href>, resolved against pageURL), when it is
// plausible: an http(s) address on the page's own host (www., the scheme
// and a default port aside), not the site's home page (or a language's:
// /en/) unless the page is a home page too (a theme that names the home page on every page), and
// keeping the page's place in a listing (a ?page=3 or /page/3/ whose
// canonical drops it names the listing's first page, not itself). It
// returns "" for a page that names none, or none plausible. The page is
// then one document under every address that names the same canonical:
// a Drupal /node/12 and its path alias, a page with and without the
// parameters of a campaign.
func CanonicalOf(pageURL string, body []byte) string {
	base, err := url.Parse(pageURL)
	if err != nil || base.Host == "" {
		return ""
	}
	head := body[:min(len(body), pageHead)]
	if i := bytes.Index(head, []byte("</head")); i >= 0 {
		head = head[:i]
	} else if i := bytes.Index(head, []byte("</HEAD")); i >= 0 {
		head = head[:i]
	}
	var href string
	for _, tag := range []string{"<link", "<LINK"} {
		eachTag(head, tag, func(raw []byte) bool { return bytes.Contains(bytes.ToLower(raw), []byte("canonical")) }, func(attrs map[string]string) {
			if href == "" && slices.Contains(strings.Fields(strings.ToLower(attrs["rel"])), "canonical") {
				href = attrs["href"]
			}
		})
	}
	if strings.TrimSpace(href) == "" {
		return ""
	}
	u, err := base.Parse(strings.TrimSpace(href))
	if err != nil || !plausibleCanonical(base, u) {
		return ""
	}
	u.Fragment, u.RawFragment = "", ""
	return u.String()
}

// plausibleCanonical reports whether c may be the canonical address of the
// page at page (CanonicalOf).
func plausibleCanonical(page, c *url.URL) bool {
	if s := strings.ToLower(c.Scheme); s != "http" && s != "https" || hostKey(c.Host) != hostKey(page.Host) {
		return false
	}
	if homePath(c) && !homePath(page) {
		return false
	}
	if n := listingPlace(page); n != "" && listingPlace(c) != n {
		return false
	}
	return true
}

// pagePathRe is a listing's page number in its path: /page/3/, /page-3.
var pagePathRe = regexp.MustCompile(`(?i)/page[/-]([0-9]+)/?$`)

// listingPlace is the page number of a listing's page after its first
// (?page=3, ?start=20, /page/3/), or "". ?page=1 counts: Drupal counts
// its pages from 0.
func listingPlace(u *url.URL) string {
	if m := pagePathRe.FindStringSubmatch(u.EscapedPath()); m != nil && m[1] != "1" {
		return m[1]
	}
	q := u.Query()
	for _, name := range listingParams {
		if v := q.Get(name); v != "" && v != "0" {
			return name + "=" + v
		}
	}
	return ""
}
