package crawler

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// admit turns a link into a frontier item, or says no: only http(s), in
// scope, not too long, not too deep, not excluded, not a trap, not
// disallowed by a robots.txt already read (its origin's, or that of its
// host's other spelling: twinDisallows). base resolves relative links;
// seedLike items (seeds, the sitemaps robots.txt or a sitemap index names,
// the targets of redirects) are exempt from Include: the pages sitemaps
// list, the URLs the archive knows and enumerated ids are not.
func (cr *Crawler) admit(raw string, base *url.URL, depth int, seedLike bool) (Item, bool) {
	return cr.admitOf(raw, base, depth, seedLike, false)
}

// admitOf is admit, which takes a last path segment "print", "amp" or
// "embed" for a page of its own, no copy, when asPage is set: a page of a
// section (sectionPages).
func (cr *Crawler) admitOf(raw string, base *url.URL, depth int, seedLike, asPage bool) (Item, bool) {
	raw = strings.TrimSpace(raw)
	var u *url.URL
	var err error
	if base != nil {
		u, err = base.Parse(raw)
	} else {
		u, err = url.Parse(raw)
	}
	if err != nil || u.Host == "" {
		return Item{}, false
	}
	// javascript:, data:, mailto:, file: and the like end here.
	if s := strings.ToLower(u.Scheme); s != "http" && s != "https" {
		return Item{}, false
	}
	u.Fragment, u.RawFragment = "", ""
	u.User = nil
	// Go's parser keeps a raw space in a query (href="?page=2 #top"): sent as
	// is it breaks the request line, and Canonicalize of the URL string would
	// trim it and give another key than the one queued.
	u.RawQuery = strings.ReplaceAll(u.RawQuery, " ", "%20")
	var copyURL *url.URL // the print or AMP copy u names, if it names one
	if !asPage && isCopy(u) {
		c := *u
		dropVariantsOf(&c, true)
		copyURL = &c
	}
	dropVariantsOf(u, asPage)
	host := hostKey(u.Host)
	if _, ok := cr.scope[host]; !ok {
		return Item{}, false
	}
	cr.fetchAddress(u, host)
	// robots.txt is read by every Run for its origin, never fetched as a
	// page (a server may answer it with an HTML page, which is then an
	// archived document, and a known URL of the next crawl).
	if u.Path == "/robots.txt" {
		return Item{}, false
	}
	s := u.String()
	if len(s) > cr.cfg.MaxURLLength {
		return Item{}, false
	}
	if cr.cfg.MaxDepth > 0 && depth > cr.cfg.MaxDepth {
		return Item{}, false
	}
	if slices.ContainsFunc(cr.cfg.Exclude, func(re *regexp.Regexp) bool { return re.MatchString(s) }) {
		return Item{}, false
	}
	if !seedLike && len(cr.cfg.Include) > 0 &&
		!slices.ContainsFunc(cr.cfg.Include, func(re *regexp.Regexp) bool { return re.MatchString(s) }) {
		return Item{}, false
	}
	if !seedLike && cr.notDownloaded(u.Path) {
		return Item{}, false
	}
	key, err := canonicalKeyOf(u, asPage)
	if err != nil {
		return Item{}, false
	}
	if cr.isTrap(u, key) {
		return Item{}, false
	}
	cr.mu.Lock()
	e := cr.robotsByOrigin[origin(u)]
	cr.mu.Unlock()
	if e != nil {
		if ok, err := e.allowed(u, cr.agent); !ok && err == nil {
			return Item{}, false
		}
	}
	if cr.twinDisallows(u) {
		return Item{}, false
	}
	cr.noteID(u)
	if copyURL != nil {
		cr.noteCopy(key, copyURL, host)
	}
	return Item{Key: key, URL: s, Depth: depth}, true
}

// noteCopy remembers, for this Run, the first print or AMP copy found of
// the page whose key is key: fetched if the page turns out not to exist
// (copyFallback).
func (cr *Crawler) noteCopy(key string, c *url.URL, host string) {
	cr.fetchAddress(c, host)
	ck, err := canonicalKeyOf(c, true)
	if err != nil || ck == key {
		return
	}
	cr.mu.Lock()
	defer cr.mu.Unlock()
	if cr.copies == nil {
		cr.copies = map[string]Item{}
	}
	if _, ok := cr.copies[key]; !ok {
		cr.copies[key] = Item{Key: ck, URL: c.String()}
	}
}

// copyFallback is the item of the print or AMP copy of the page a capture
// asked for, when the page does not exist (404, 410) and this Run found a
// link to such a copy: a post whose only copy is /print/ or ?amp=1 is
// archived from it, not lost as a variant of nothing. ok is false
// otherwise. A copy is fetched once per Run.
func (cr *Crawler) copyFallback(c *Capture) (Item, bool) {
	if !c.Gone() {
		return Item{}, false
	}
	cr.mu.Lock()
	defer cr.mu.Unlock()
	it, ok := cr.copies[c.Key]
	if !ok {
		return Item{}, false
	}
	delete(cr.copies, c.Key)
	it.Depth, it.Via = c.Depth, c.Via
	return it, true
}

// mediaByExtension are the media types of the file extensions that name
// images, sound, video, fonts, styles and scripts on every site. A link to
// one whose type Config.ContentTypes does not download is not fetched: its
// answer would be a head without its body. (A fixed table: the mime
// package reads the machine's own, which differs from one machine to the next.)
var mediaByExtension = map[string]string{
	".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif", ".webp": "image/webp",
	".svg": "image/svg+xml", ".ico": "image/x-icon", ".bmp": "image/bmp", ".tif": "image/tiff", ".tiff": "image/tiff",
	".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".wav": "audio/wav", ".ogg": "audio/ogg",
	".mp4": "video/mp4", ".webm": "video/webm", ".avi": "video/x-msvideo", ".mov": "video/quicktime", ".mkv": "video/x-matroska",
	".woff": "font/woff", ".woff2": "font/woff2", ".ttf": "font/ttf", ".css": "text/css", ".js": "text/javascript",
}

// notDownloaded reports a path whose extension names a media type (an
// image, a video: mediaByExtension) that Config.ContentTypes does not download.
func (cr *Crawler) notDownloaded(p string) bool {
	i := strings.LastIndexByte(p, '.')
	if i < 0 || strings.IndexByte(p[i:], '/') >= 0 {
		return false
	}
	mt, ok := mediaByExtension[strings.ToLower(p[i:])]
	return ok && !contentTypeAllowed(mt, cr.cfg.ContentTypes)
}

// movedTo is where a site redirected one of its pages to itself: another
// scheme, another spelling of its host (www. or not), or both.
type movedTo struct{ scheme, host string }

// fetchAddress gives u, whose host key is host, the scheme and host it is
// fetched with: http and https are one site, fetched with the seeds'
// scheme, never both; and once the site redirected a page to itself under
// another scheme or host (http to https, example.org to www.example.org),
// with those, so that its other pages cost one request, not two.
func (cr *Crawler) fetchAddress(u *url.URL, host string) {
	// A host in Unicode letters (حوار.example) is asked for, matched
	// against robots.txt's origin and stored IDNA-encoded
	// (xn--mgbln4g.example), as the client sends it: one spelling of one
	// site. (url.URL.String writes it percent-encoded otherwise.)
	if !isASCII(u.Host) {
		u.Host = asciiHost(u.Host)
	}
	scheme := cr.scope[host]
	if m, ok := cr.moved.Load(host); ok {
		mv := m.(movedTo)
		scheme = mv.scheme
		if !strings.EqualFold(u.Host, mv.host) {
			u.Host = mv.host
		}
	}
	if scheme != "" && scheme != strings.ToLower(u.Scheme) {
		u.Scheme = scheme
		if p := u.Port(); p == "80" || p == "443" {
			u.Host = u.Hostname()
		}
	}
}

// isTrap spots URL spaces with no end: a path segment repeated (/a/b/a/b/a),
// a path too deep, a calendar query or a date archive (/1987/04/) with a
// year far from now, a query that gives one parameter twice (a combination
// of filters: tag=a&tag=b, id[0]=1&id[1]=3), or too many query variants of
// one path with the same parameter names. (Calendars and listings' pagers
// are also walked only so far: calendarWalk, pagerWalk.)
func (cr *Crawler) isTrap(u *url.URL, key string) bool {
	path := strings.Trim(u.EscapedPath(), "/")
	if path != "" {
		segs := strings.Split(path, "/")
		if len(segs) > cr.cfg.TrapDepth {
			return cr.trap(u, "path too deep")
		}
		seen := make(map[string]int, len(segs))
		for _, s := range segs {
			if s == "" {
				continue
			}
			seen[s]++
			if seen[s] >= cr.cfg.TrapRepeats {
				return cr.trap(u, "repeated path segment "+s)
			}
		}
	}
	if y, ok := pathDate(u.EscapedPath()); ok && farYear(y) {
		return cr.trap(u, "date archive "+y)
	}
	if u.RawQuery == "" {
		return false
	}
	q := u.Query()
	names := make([]string, 0, len(q))
	var filters map[string]bool // names without their [..], of the filters seen
	for k, vs := range q {
		names = append(names, k)
		if calendarParam(k) && slices.ContainsFunc(vs, farYear) {
			return cr.trap(u, "calendar query "+k)
		}
		// A filter given twice (tag=a&tag=b, id[0]=1&id[1]=3) combines
		// facets: every combination is an address, and each lists
		// pages the single values list already.
		base, _, _ := strings.Cut(k, "[")
		if len(vs) > 1 || filters[base] {
			return cr.trap(u, "a combination of filters "+base)
		}
		if base != k {
			if filters == nil {
				filters = map[string]bool{}
			}
			filters[base] = true
		}
	}
	slices.Sort(names)
	shape := hostKey(u.Host) + canonicalPath(u.EscapedPath()) + "?" + strings.Join(names, "&")
	cr.mu.Lock()
	keys := cr.shapes[shape]
	if keys == nil {
		keys = map[string]struct{}{}
		cr.shapes[shape] = keys
	}
	_, known := keys[key]
	full := !known && len(keys) >= cr.cfg.QueryVariants
	if !known && !full {
		keys[key] = struct{}{}
	}
	cr.mu.Unlock()
	if full {
		return cr.trap(u, "too many query variants of "+shape)
	}
	return false
}

func (cr *Crawler) trap(u *url.URL, why string) bool {
	cr.cfg.Logf("trap: %s: %s", u, why)
	return true
}

var calendarNames = regexp.MustCompile(`(?i)^(year|yr|month|day|date|cal|calendar|ym|ymd|week)$`)

func calendarParam(name string) bool { return calendarNames.MatchString(name) }

// farYear reports a value starting with a year more than ten years from now
// (or before 1990, older than the web of this institute).
func farYear(v string) bool {
	if len(v) < 4 {
		return false
	}
	y, err := strconv.Atoi(v[:4])
	if err != nil {
		return false
	}
	now := time.Now().Year()
	return y < 1990 || y > now+10
}

// noteID remembers the highest number Config.Enumerate's Classify reads in
// a URL, and which numbers were seen in which form.
func (cr *Crawler) noteID(u *url.URL) {
	e := cr.cfg.Enumerate
	if e == nil {
		return
	}
	form, id, ok := e.Classify(u.String())
	if !ok || id <= 0 || id > maxEnumerated {
		return
	}
	cr.mu.Lock()
	defer cr.mu.Unlock()
	cr.seenIDs[idKey(form, id)] = struct{}{}
	cr.maxID = max(cr.maxID, id)
}

// maxEnumerated bounds the numbers Enumerate walks: a typo in one link must
// not queue millions of URLs.
const maxEnumerated = 10_000_000

func idKey(form string, id int) string { return form + "/" + strconv.Itoa(id) }

// pathDate reads a path that ends in a date, a date archive: a year and a
// month ("/2025/11/", "/news/2025/11/30"), and returns the year. A path
// that ends in one number ("/post/2025") is no date.
func pathDate(escaped string) (year string, ok bool) {
	segs := strings.Split(strings.Trim(escaped, "/"), "/")
	end := len(segs)
	start := end
	for start > 0 && end-start < 3 && isDigits(segs[start-1]) {
		start--
	}
	if end-start < 2 || len(segs[start]) != 4 || len(segs[start+1]) != 2 || segs[start+1] < "01" || segs[start+1] > "12" {
		return "", false
	}
	return segs[start], true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// calendarPage reports a page of a calendar or a date archive: a query
// with a calendar parameter (year=, month=, date=, ...) or a path that ends
// in a date (pathDate).
func calendarPage(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	if _, ok := pathDate(u.EscapedPath()); ok {
		return true
	}
	if u.RawQuery == "" {
		return false
	}
	for k := range u.Query() {
		if calendarParam(k) {
			return true
		}
	}
	return false
}

// calendarWalk is how many calendar pages in a row that lead to nothing
// new (no page but other months) a crawl walks through before it stops
// following their previous and next links: a year of months without a
// post. Calendars and date archives link months without end, both ways.
const calendarWalk = 12

// walkCalendar applies calendarWalk to the links of page (its key and URL)
// that are to be queued: on a calendar page that links nothing new but
// other calendar pages (barren), the calendar links are dropped once the
// walk has gone calendarWalk barren pages in a row, and otherwise carry
// the walk's length on to the pages they name. Links of other pages are
// returned as they are, after one look at the page's URL.
//
// A calendar page queued from the archive's known URLs (no link of this Run
// reached it: via is "", and it is no seed) counts as at the walk's end: a
// nightly crawl revisits the months the first night walked, and walks no
// further unless one of them leads to something new.
func (cr *Crawler) walkCalendar(pageKey, pageURL, via string, items []Item) []Item {
	if len(items) == 0 || !calendarPage(pageURL) {
		return items
	}
	cal := make([]bool, len(items))
	barren := true
	for i, it := range items {
		cal[i] = calendarPage(it.URL)
		barren = barren && cal[i]
	}
	cr.mu.Lock()
	defer cr.mu.Unlock()
	walk := cr.walkLength(cr.walks, pageKey, via, barren, calendarWalk)
	return cr.carryWalk(items, cal, cr.walks, walk, calendarWalk, "calendar pages in a row led to nothing new")
}

// walkLength is the length of a walk (walkCalendar, walkPager) at the page
// whose key is key and whose capture's Via is via: 0 for a page that is not
// barren, else one more than at the page that linked it (walks, by key),
// and at least limit for a page no link of this Run reached, no seed. The
// caller holds cr.mu.
func (cr *Crawler) walkLength(walks map[string]int, key, via string, barren bool, limit int) int {
	if !barren {
		return 0
	}
	w, linked := walks[key]
	if _, seed := cr.seedKeys[key]; !linked && via == "" && !seed {
		w = limit
	}
	return w + 1
}

// carryWalk drops the items of a page that continue a walk (walked[i]:
// the calendar's or the listing's own pages) once its length walk has
// reached limit, and gives the others the walk's length in walks, the
// shortest that reaches them. why says, in the log, why an item is
// dropped. The caller holds cr.mu.
func (cr *Crawler) carryWalk(items []Item, walked []bool, walks map[string]int, walk, limit int, why string) []Item {
	kept := items[:0]
	for i, it := range items {
		if walked[i] {
			if walk >= limit {
				cr.cfg.Logf("trap: %s: %d %s", it.URL, walk, why)
				continue
			}
			if w, ok := walks[it.Key]; !ok || walk < w {
				walks[it.Key] = walk
			}
		}
		kept = append(kept, it)
	}
	return kept
}

// pagerWalk is how many pages of a listing in a row that show nothing new
// (walkPager) a crawl walks through before it stops following the links
// to the listing's other pages: some pagers answer every page past the
// last with 200, "No articles found." and a Next link, without end.
const pagerWalk = 3

// listingParams are the query parameters that give a listing's page
// (listingPlace).
var listingParams = []string{"page", "paged", "pg", "start", "limitstart", "offset"}

// listingOf is the listing u is a page of: its host key, path and query
// without the page's number and without what names no other page
// (dropVariants: a sort order, a session). Every page of one listing has
// the same: /News.aspx?page=7&sort=date and /(S(x))/News.aspx are
// /News.aspx's, /blog/page/3/ is /blog/'s.
func listingOf(u *url.URL) string {
	c := *u
	dropVariants(&c)
	p := c.EscapedPath()
	if m := pagePathRe.FindStringIndex(p); m != nil {
		p = p[:m[0]]
	}
	q := c.Query()
	for _, n := range listingParams {
		q.Del(n)
	}
	return hostKey(c.Host) + canonicalPath(p) + "?" + q.Encode()
}

// walkPager applies pagerWalk to the links of page c (its URL parsed in
// base, its links as the Sink gave them) that are to be queued. A page of a
// listing after its first (listingPlace) is barren when every link it has
// on its own host, the links to later pages of listings aside (its Next and
// Previous, the page in another language), was on a page of the same
// listing fetched before in this Run: it shows nothing but
// the site's chrome, or the articles of a page seen already. Whether those
// links are queued already does not count: a listing whose articles the
// sitemap queued shows, on each page, articles no other page of it shows,
// and is walked to its end. Once pagerWalk barren pages follow one another,
// the links to later pages of listings are dropped (its Next, and the next
// page in another language, a listing of its own); a page that shows
// something new starts the count again. As for calendars (walkCalendar), a
// barren page queued from the archive's known URLs, which no link of this
// Run reached, counts as at the walk's end. Links of pages that are no
// later page of a listing are returned as they are, after one look at the
// page's URL.
func (cr *Crawler) walkPager(c *Capture, base *url.URL, links []string, items []Item) []Item {
	if listingPlace(base) == "" {
		return items
	}
	id := listingOf(base)
	host := hostKey(base.Host)
	// The links the page shows outside the site's chrome (chrome.go): a
	// sidebar's widgets change on every request, and are not what the
	// listing shows.
	linkBase := base
	if c.Status >= 200 && c.Status <= 299 && maybePage(c.Header.Get("Content-Type")) && mayHaveChrome(c.Body) {
		// A page with nothing outside its chrome is one whose content the
		// chrome rule took for chrome: all its links count.
		if content, baseHref := contentLinks(c.Body); len(content) > 0 {
			links = content
			if b, err := base.Parse(strings.TrimSpace(baseHref)); baseHref != "" && err == nil {
				linkBase = b
			}
		}
	}
	own := make([]uint64, 0, len(links))
	for _, raw := range links {
		u, err := linkBase.Parse(strings.TrimSpace(raw))
		if err != nil || hostKey(u.Host) != host {
			continue
		}
		u.Fragment, u.RawFragment = "", ""
		if listingPlace(u) != "" {
			continue // Next, Previous, the page's numbers, the page in another language
		}
		if k, err := canonicalKey(u); err == nil {
			own = append(own, keyHash(k))
		}
	}
	// The links to later pages of a listing, this one's or another's (the
	// page in another language, whose walk this one's carries on).
	pager := make([]bool, len(items))
	for i, it := range items {
		u, err := url.Parse(it.URL)
		pager[i] = err == nil && listingPlace(u) != ""
	}
	cr.mu.Lock()
	defer cr.mu.Unlock()
	shown := cr.listings[id]
	barren := len(shown) > 0
	for _, k := range own {
		if _, ok := shown[k]; !ok {
			barren = false
			break
		}
	}
	if shown == nil {
		shown = make(map[uint64]struct{}, len(own))
		cr.listings[id] = shown
	}
	for _, k := range own {
		shown[k] = struct{}{}
	}
	walk := cr.walkLength(cr.pagerWalks, c.Key, c.Via, barren, pagerWalk)
	return cr.carryWalk(items, pager, cr.pagerWalks, walk, pagerWalk, "pages of its listing in a row showed nothing new")
}
