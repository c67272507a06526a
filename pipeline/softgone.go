package pipeline

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"unicode"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/crawler"
	"github.com/hewar-archive/hewar/parse"
	"github.com/hewar-archive/hewar/warc"
)

// Soft 404s in an import. Another tool's WARC may hold "not found" pages
// served with 200 (WordPress's "Page not found – Site"), which, taken as
// they come, become documents titled "Page not found", or new versions of
// the posts whose addresses answered them. A crawl tells them from pages
// with a probe (crawler/softgone.go); an import cannot send one, so it
// reads the evidence the files and the archive hold instead. A 2xx page
// whose title (or first heading) says it is not found, by the crawl's own
// words (crawler.SaysNotFound), is a soft 404, stored as received and read
// as a 404 (archive.SoftGonePrefix), when
//
//   - another document of its site (another doc key, as parsed) in the
//     import answered with the same title, which says only "not found" and
//     at most one other thing (notFoundAndName): what the probe shows, two
//     unrelated addresses answered with one "not found" page;
//   - the archive holds a soft 404 of its site with that title (a crawl's
//     probe showed it, or an earlier import by these rules);
//   - its title says nothing else (bareNotFound: "Page not found", "404 Not
//     Found", "الصفحة غير موجودة"), alone or beside the site's name, which
//     is a part of the titles of two other pages of the site in the import.
//
// A post whose title says "not found" in a sentence ("Error 404: the lost
// manuscripts", "Why the files were not found") is none of them. Such
// pages are held in memory until every file has been read, unless a
// second document decides them sooner: a few pages per import, not a copy
// of every page. A Wayback backfill holds none (softGonesAsTheyCome).

// softGones judges the soft 404s of one import.
type softGones struct {
	groups   map[notFoundKey]*notFoundGroup
	order    []notFoundKey
	names    map[string]map[string]*titlePart // host -> part of a title -> where seen
	archived map[string][]string              // host -> the reasons of its soft 404s in the archive, lowercased
	settled  bool                             // every file read: pages are judged as they come
	alone    bool                             // no page is held (a Wayback backfill): never judged by another address (rule 1)
}

// notFoundKey is a site and a "not found" title, lowercased.
type notFoundKey struct{ host, title string }

// notFoundGroup is the pages of one site that answered with one "not
// found" title.
type notFoundGroup struct {
	title  string          // as the first page gave it
	docs   map[string]bool // their doc keys
	held   []heldCapture   // not yet sent: not judged yet
	reason string          // why they are soft 404s, "" while not (yet) judged so
}

// heldCapture is a capture the importer has not sent yet.
type heldCapture struct {
	c    *archive.Capture
	from *warc.Capture
	file int
}

// titlePart is one part of the titles of a site's pages (see titleParts):
// the first title it was seen in, and whether another has it too.
type titlePart struct {
	first  string
	shared bool
}

func newSoftGones() *softGones {
	return &softGones{groups: map[notFoundKey]*notFoundGroup{}, names: map[string]map[string]*titlePart{}}
}

// maxTitleParts bounds the title parts remembered per site: a site's name
// is on every page and is seen early.
const maxTitleParts = 20000

// admit takes a capture the importer is about to send and returns what to
// send now: the capture itself, nothing (it is held), or the pages of its
// group that it decided.
func (s *softGones) admit(hc heldCapture) []heldCapture {
	if to := redirectedHome(hc.c); to != "" {
		hc.c.Err = archive.SoftGonePrefix + "redirected to the home page " + to
		return []heldCapture{hc}
	}
	title, host := notFoundTitle(hc.c)
	if host == "" {
		return []heldCapture{hc}
	}
	if !crawler.SaysNotFound(title) {
		s.learn(host, title)
		return []heldCapture{hc}
	}
	k := notFoundKey{host, strings.ToLower(title)}
	g := s.groups[k]
	if g == nil {
		g = &notFoundGroup{title: title, docs: map[string]bool{}}
		s.groups[k] = g
		s.order = append(s.order, k)
	}
	key := pageURL(hc.c)
	if doc, _ := Parse(hc.c); doc != nil {
		key = doc.DocKey
	}
	g.docs[key] = true
	g.held = append(g.held, hc)
	if g.reason == "" && !s.alone && len(g.docs) > 1 && notFoundAndName(title) {
		g.reason = `answered with the "not found" title another address of the site answered with in the import (` + g.title + ")"
	}
	if g.reason == "" && !s.settled {
		return nil
	}
	if g.reason == "" {
		s.judge(k, g)
	}
	return g.release()
}

// settle judges the pages held once every file has been read and returns
// them, to be sent; later pages are judged as they come.
func (s *softGones) settle(ctx context.Context, db *archive.DB) ([]heldCapture, error) {
	s.settled = true
	if len(s.order) == 0 {
		return nil, nil
	}
	if err := s.readArchived(ctx, db); err != nil {
		return nil, err
	}
	var out []heldCapture
	for _, k := range s.order {
		g := s.groups[k]
		if g.reason == "" {
			s.judge(k, g)
		}
		out = append(out, g.release()...)
	}
	return out, nil
}

// softGonesAsTheyCome judges the soft 404s of an import that holds no page
// back (a Wayback backfill, whose queue lives in the archive, so that a
// page held in memory would be lost to a kill): each page is judged as it
// comes, by the archive's soft 404s of its site (rule 2, which counts the
// pages the backfill has judged so far, in this run or one before it) and
// by its title alone (rule 3, the site's name known from the pages of the
// site seen before it in this run), never by another address of the site
// (rule 1), which would need the first page held until the second comes.
func softGonesAsTheyCome(ctx context.Context, db *archive.DB) (*softGones, error) {
	s := newSoftGones()
	s.settled, s.alone = true, true
	return s, s.readArchived(ctx, db)
}

// readArchived reads the archive's soft 404s, by site (rule 2).
func (s *softGones) readArchived(ctx context.Context, db *archive.DB) error {
	gones, err := db.SoftGones(ctx)
	if err != nil {
		return err
	}
	s.archived = map[string][]string{}
	for _, sg := range gones {
		if h := siteOf(sg.URL); h != "" {
			s.archived[h] = append(s.archived[h], strings.ToLower(sg.Reason))
		}
	}
	return nil
}

// judge gives g its reason when the archive or its title says its pages
// are soft 404s (the rules that need no second page in the import).
func (s *softGones) judge(k notFoundKey, g *notFoundGroup) {
	for _, r := range s.archived[k.host] {
		if strings.HasSuffix(r, "("+k.title+")") {
			g.reason = `answered with the "not found" title of the site's soft 404s in the archive (` + g.title + ")"
			return
		}
	}
	if s.onlyNotFound(k.host, g.title) {
		g.reason = `titled as a "not found" page and nothing else (` + g.title + ")"
	}
}

// release returns the pages held, marked as soft 404s when g has a reason.
func (g *notFoundGroup) release() []heldCapture {
	out := g.held
	g.held = nil
	if g.reason != "" {
		for _, hc := range out {
			hc.c.Err = archive.SoftGonePrefix + g.reason
		}
	}
	return out
}

// onlyNotFound reports a title that says nothing but "not found": the whole
// title, or the title but the site's name (a part of two other titles of
// the site's pages in the import: "Page not found – Hewar" where "Post –
// Hewar" and "Other post – Hewar" are).
func (s *softGones) onlyNotFound(host, title string) bool {
	if bareNotFound(title) {
		return true
	}
	for _, sep := range titleSeparators {
		first, rest, ok := strings.Cut(title, sep)
		if ok && bareNotFound(first) && s.siteName(host, rest) {
			return true
		}
		if i := strings.LastIndex(title, sep); i >= 0 && bareNotFound(title[i+len(sep):]) && s.siteName(host, title[:i]) {
			return true
		}
	}
	return false
}

// notFoundAndName reports a title that says only "not found", or that and
// one other part (a site's name, unknown): "Page not found | Anything". Two
// posts with one title that says "not found" in a sentence, under two
// addresses the parser did not find to be one post, are not taken for the
// site's "not found" page.
func notFoundAndName(title string) bool {
	if bareNotFound(title) {
		return true
	}
	for _, sep := range titleSeparators {
		if parts := strings.Split(title, sep); len(parts) == 2 && (bareNotFound(parts[0]) || bareNotFound(parts[1])) {
			return true
		}
	}
	return false
}

// siteName reports a part of the titles of two of host's pages.
func (s *softGones) siteName(host, part string) bool {
	p := s.names[host][strings.ToLower(strings.TrimSpace(part))]
	return p != nil && p.shared
}

// learn remembers the parts of a page's title (titleParts), as many as
// maxTitleParts a site.
func (s *softGones) learn(host, title string) {
	parts := s.names[host]
	if parts == nil {
		parts = map[string]*titlePart{}
		s.names[host] = parts
	}
	for _, p := range titleParts(title) {
		p = strings.ToLower(p)
		switch seen := parts[p]; {
		case seen == nil && len(parts) < maxTitleParts:
			parts[p] = &titlePart{first: title}
		case seen != nil && seen.first != title:
			seen.shared = true
		}
	}
}

// titleSeparators stand between a page's title and its site's name in the
// <title> the CMSs write ("Post – Site", "Site | Post"). A colon is none:
// "Error 404: the lost manuscripts" is one title.
var titleSeparators = []string{" – ", " — ", " | ", " - ", " · ", " :: ", " « ", " » "}

// titleParts are the first and the last part of a title split at a
// separator, where a site's name stands.
func titleParts(title string) []string {
	var out []string
	for _, sep := range titleSeparators {
		if i := strings.Index(title, sep); i >= 0 {
			out = append(out, strings.TrimSpace(title[:i]))
		}
		if i := strings.LastIndex(title, sep); i >= 0 {
			out = append(out, strings.TrimSpace(title[i+len(sep):]))
		}
	}
	return out
}

// notFoundWords are the words of a title that says only that a page is not
// found, in English and Arabic.
var notFoundWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`404 ٤٠٤ error oops sorry page the this that it is was you requested
		not found be been can cannot t could couldn doesn does exist exists no longer available nothing here file
		خطأ عذرا عذراً الصفحة صفحة هذه المطلوبة غير موجودة موجود لم يتم العثور على`) {
		notFoundWords[w] = true
	}
}

// bareNotFound reports a title that says that the page is not found and
// nothing else: every word one of notFoundWords ("Page not found", "Oops!
// That page can’t be found.", "404 Not Found", "الصفحة غير موجودة"), and
// the crawl's words for it there.
func bareNotFound(title string) bool {
	if !crawler.SaysNotFound(title) {
		return false
	}
	words := strings.FieldsFunc(strings.ToLower(title), func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r)
	})
	for _, w := range words {
		if !notFoundWords[w] {
			return false
		}
	}
	return len(words) > 0
}

// notFoundTitle is the title of c, a page as Parse would parse it, and
// its site; "" and "" for a capture that is no such page.
func notFoundTitle(c *archive.Capture) (title, host string) {
	mt := c.MediaType()
	if c.Err != "" || c.Status < 200 || c.Status > 299 || c.Truncated || c.Method == "HEAD" ||
		(mt != "" && mt != "application/octet-stream" && !c.IsHTML()) {
		return "", ""
	}
	body, err := decodeContent(c.Body, c.Headers.Get("Content-Encoding"))
	if err != nil {
		return "", ""
	}
	if title = crawler.PageTitle(body, c.ContentType, parse.Decode); title == "" {
		return "", ""
	}
	return title, siteOf(pageURL(c))
}

// redirectedHome is the home page c, a redirect, sends its address to when
// the crawl's rule (crawler.RedirectsHome) takes it for a soft 404: a
// removed post redirected to "/" or "/en/". "" for any other capture. The
// Location of a page replayed from a Wayback-style archive is read as the
// address it was archived at (warc.OriginalURL), as the page's own is.
func redirectedHome(c *archive.Capture) string {
	switch c.Status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
	default:
		return ""
	}
	loc := strings.TrimSpace(c.Headers.Get("Location"))
	if c.Err != "" || loc == "" {
		return ""
	}
	from, err := url.Parse(pageURL(c))
	if err != nil {
		return ""
	}
	to, err := from.Parse(loc)
	if err != nil {
		return ""
	}
	if src, err := url.Parse(c.SourceURL); err == nil && c.SourceURL != "" {
		if wrapped, err := src.Parse(loc); err == nil {
			if orig, _, ok := warc.OriginalURL(wrapped.String()); ok {
				if to, err = url.Parse(orig); err != nil {
					return ""
				}
			}
		}
	}
	if !crawler.RedirectsHome(from, to) {
		return ""
	}
	return to.String()
}

// siteOf is the host of an address, lowercased, without "www.".
func siteOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}
