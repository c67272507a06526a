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
// disallowed by a robots.txt already read. base resolves relative links;
// seedLike items (seeds, the sitemaps robots.txt or a sitemap index names,
// the targets of redirects) are exempt from Include: the pages sitemaps
// list, the URLs the archive knows and enumerated ids are not.
func (cr *Crawler) admit(raw string, base *url.URL, depth int, seedLike bool) (Item, bool) {
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
	if isCopy(u) {
		c := *u
		dropVariantsOf(&c, true)
		copyURL = &c
	}
	dropVariants(u)
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
	key, err := canonicalKey(u)
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
// one path with the same parameter names. (Calendars are also walked only
// so far: calendarWalk.)
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
	walk := 0
	if barren {
		w, linked := cr.walks[pageKey]
		_, seed := cr.seedKeys[pageKey]
		if !linked && via == "" && !seed {
			w = calendarWalk
		}
		walk = w + 1
	}
	kept := items[:0]
	for i, it := range items {
		if cal[i] {
			if walk >= calendarWalk {
				cr.cfg.Logf("trap: %s: %d calendar pages in a row led to nothing new", it.URL, walk)
				continue
			}
			if w, ok := cr.walks[it.Key]; !ok || walk < w {
				cr.walks[it.Key] = walk
			}
		}
		kept = append(kept, it)
	}
	return kept
}
