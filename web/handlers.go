package web

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html/charset"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/parse"
)

// Limits on what one page shows, so that a big archive stays quick to browse.
const (
	homeCrawls       = 10
	homeChangeCrawls = 3  // crawls whose changes the home page lists
	homeChanges      = 40 // changes shown per crawl on the home page
	searchLimit      = 200
	docCaptures      = 50
	changesShown     = 500     // changes listed on a page of /changes; /api/changes has them all
	sourceLimit      = 2 << 20 // bytes of archived HTML shown as source
)

// head is what the layout needs of every page.
type head struct {
	Title string
	Nav   string // which menu entry is current
	Query string // the search box's text
}

// --- home ---

type crawlChanges struct {
	Crawl   archive.Crawl
	Changes []archive.ChangeEvent
	More    int // changes not shown
}

type homePage struct {
	head
	Totals  archive.Totals
	Crawls  []archive.Crawl
	Recent  []crawlChanges
	Running bool
	Runs    map[int64]RunName // each crawl named by what made it
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := homePage{head: head{Title: "Archive", Nav: "home"}}
	var err error
	if p.Totals, err = s.db.Totals(ctx); err != nil {
		return err
	}
	if p.Crawls, err = s.db.Crawls(ctx, homeCrawls); err != nil {
		return err
	}
	p.Runs = map[int64]RunName{}
	for _, c := range p.Crawls {
		if c.FinishedAt == nil {
			p.Running = true
		}
		p.Runs[c.ID] = NameRun(c.ID, c.Source())
	}
	for _, c := range p.Crawls {
		if len(p.Recent) == homeChangeCrawls {
			break
		}
		// The newest homeChanges, kept as the changes stream past: a first
		// crawl of a large site has one per page.
		var evs []archive.ChangeEvent
		total := 0
		err := s.db.EachChange(ctx, archive.ChangesFilter{CrawlID: c.ID}, func(e archive.ChangeEvent) error {
			total++
			if len(evs) == homeChanges {
				evs = append(evs[:0], evs[1:]...)
			}
			evs = append(evs, e)
			return nil
		})
		if err != nil {
			return err
		}
		if total == 0 {
			continue
		}
		slices.Reverse(evs) // newest first
		cc := crawlChanges{Crawl: c, Changes: evs, More: total - len(evs)}
		if err := s.fillTitles(ctx, cc.Changes); err != nil {
			return err
		}
		p.Recent = append(p.Recent, cc)
	}
	return s.render(w, "home", p)
}

// fillTitles gives a removal the title its document had while online, for
// the page only (the JSON keeps the archive's value).
func (s *Server) fillTitles(ctx context.Context, evs []archive.ChangeEvent) error {
	var keys []string
	for _, e := range evs {
		if e.Title == "" {
			keys = append(keys, e.DocKey)
		}
	}
	if len(keys) == 0 {
		return nil
	}
	rows, err := s.db.DocumentRows(ctx, keys)
	if err != nil {
		return err
	}
	for i, e := range evs {
		if e.Title == "" {
			evs[i].Title = rows[e.DocKey].Title
		}
	}
	return nil
}

// --- documents and search ---

type searchRow struct {
	Hit     archive.SearchHit
	Doc     archive.DocumentRow
	Snippet []seg
}

type documentsPage struct {
	head
	Filter    archive.DocumentFilter
	Kind      string // the kind parameter as given (the form's selection)
	Since     string // the since parameter as given, searching
	Facets    facets
	Docs      []archive.DocumentRow
	Total     int
	Pages     []pageLink
	Searched  bool
	Hits      []searchRow
	HitsCut   bool
	IndexNote string // what the search says of an index behind the archive (archive.IndexLagNote); "" when it is not
}

type pageLink struct {
	N       int
	URL     string
	Current bool
}

// pageLinks are the links to each of pages pages of a list at path, every
// parameter of q kept but page: none when the list fits on one page.
func pageLinks(path string, q url.Values, pages, current int) []pageLink {
	var out []pageLink
	for n := 1; n <= pages && pages > 1; n++ {
		v := url.Values{}
		for k, vs := range q {
			v[k] = vs
		}
		v.Set("page", strconv.Itoa(n))
		out = append(out, pageLink{N: n, URL: path + "?" + v.Encode(), Current: n == current})
	}
	return out
}

func (s *Server) documents(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	f := archive.DocumentFilter{Section: q.Get("section"), Lang: q.Get("lang"), Issue: q.Get("issue"), State: q.Get("state")}
	var err error
	if f.Kinds, err = archive.ParseKinds("kind", q.Get("kind")); err != nil {
		return badRequest("%v", err)
	}
	if f.State != "" && f.State != "present" && f.State != "removed" {
		return badRequest("state must be present or removed, not %q", clip(f.State, 40))
	}
	if f.Page, err = intParam(q, "page", 1, 1); err != nil {
		return err
	}
	query := strings.TrimSpace(q.Get("q"))
	if utf8.RuneCountInString(query) > 500 {
		return badRequest("the search query is too long (500 characters at most)")
	}
	p := documentsPage{head: head{Title: "Documents", Nav: "docs", Query: query}, Filter: f, Kind: q.Get("kind"), Since: q.Get("since")}
	if p.Facets, err = s.facets(ctx); err != nil {
		return err
	}
	if query == "" {
		if p.Docs, p.Total, err = s.db.ListDocuments(ctx, f); err != nil {
			return err
		}
		pages := (p.Total + archive.DocumentPageSize - 1) / archive.DocumentPageSize
		if f.Page > max(pages, 1) {
			// A page past the end is an address that names nothing (a
			// stale bookmark, a list that shrank), not an empty list.
			return notFound("page %d is past the last page of these documents (%d, %d a page, %d in all)", f.Page, max(pages, 1), archive.DocumentPageSize, p.Total)
		}
		p.Pages = pageLinks("/docs", q, pages, f.Page)
		return s.render(w, "documents", p)
	}

	p.Title, p.Searched = "Search: "+clip(query, 60), true
	sq := archive.SearchQuery{Query: query, Limit: searchLimit}
	if err := searchFilters(q).Apply(&sq, "", time.Now()); err != nil {
		return badRequest("%v", err)
	}
	hits, note, err := s.db.SearchWithNote(ctx, sq)
	if err != nil {
		return err
	}
	p.HitsCut, p.IndexNote = len(hits) == searchLimit, note
	keys := make([]string, len(hits))
	for i, h := range hits {
		keys[i] = h.DocKey
	}
	rows, err := s.db.DocumentRows(ctx, keys)
	if err != nil {
		return err
	}
	for _, h := range hits {
		d := rows[h.DocKey]
		if f.Issue != "" && d.Issue != f.Issue { // the search knows no issue
			continue
		}
		p.Hits = append(p.Hits, searchRow{Hit: h, Doc: d, Snippet: snippetSegs(h.Parts)})
	}
	return s.render(w, "documents", p)
}

// searchFilters are the parameters that narrow a search, in /api/search
// and /docs?q= alike: kind, lang, section and since, read as hewar search
// reads its flags of the same names (archive.SearchFilters.Apply).
func searchFilters(q url.Values) archive.SearchFilters {
	return archive.SearchFilters{Kind: q.Get("kind"), Lang: q.Get("lang"), Section: q.Get("section"), Since: q.Get("since")}
}

// goTo resolves a doc_key or an archived URL typed by a person.
func (s *Server) goTo(w http.ResponseWriter, r *http.Request) error {
	u := strings.TrimSpace(r.URL.Query().Get("u"))
	if u == "" {
		return badRequest("give a doc_key (hewariraq.com/en/post/708) or an archived URL in u=")
	}
	key, err := s.db.ResolveDocKey(r.Context(), u)
	if err != nil {
		return err
	}
	http.Redirect(w, r, docURL(key), http.StatusFound)
	return nil
}

// resolveKey reads the doc_key of a /doc/, /diff/ or /api/ path, or of
// ?key=. An archived URL is resolved to its document's key too; canonical is
// false when the page should redirect to the address of that key.
func (s *Server) resolveKey(ctx context.Context, r *http.Request) (key string, canonical bool, err error) {
	raw := r.PathValue("key")
	if raw == "" {
		// ?key= takes what a path cannot carry: an archived URL, whose "//"
		// a path would lose to the mux's path cleaning.
		raw = strings.TrimSpace(r.URL.Query().Get("key"))
		if raw == "" {
			return "", false, badRequest("no document given: the path ends with a doc_key such as hewariraq.com/en/post/708 (or give key=DOC_KEY_OR_URL)")
		}
		key, err = s.db.ResolveDocKey(ctx, raw)
		return key, false, err
	}
	if r.URL.RawQuery != "" && strings.Contains(raw, "://") {
		// An archived URL pasted after /doc/ had its own query cut off by the
		// path split; doc_keys never contain "://".
		raw += "?" + r.URL.RawQuery
	}
	key, err = s.db.ResolveDocKey(ctx, raw)
	if err != nil {
		return "", false, err
	}
	return key, key == raw, nil
}

// --- one document ---

type timelineRow struct {
	archive.HistoryVersion
	CaptureID int64
	Current   bool // the version shown on the page
	Previous  int  // the version a diff of this one starts from, 0 for the first
}

type documentPage struct {
	head
	Key      string
	Shown    *archive.Shown
	Doc      *parse.Document // the version shown, or the last present one for a removal
	DocShown *archive.Shown  // the version Doc comes from
	Lang     string
	Timeline []timelineRow
	Captures []archive.CaptureRow
	// CapturesCut says the list stops at docCaptures.
	CapturesCut bool
	Latest      bool
	Runs        map[int64]RunName // the crawls of the versions and captures, named by what made them
}

func (s *Server) document(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	key, canonical, err := s.resolveKey(ctx, r)
	if err != nil {
		return err
	}
	v, err := intParam(r.URL.Query(), "v", 0, 1)
	if err != nil {
		return err
	}
	if !canonical {
		to := docURL(key)
		if v != 0 {
			to = versionURL(key, v)
		}
		http.Redirect(w, r, to, http.StatusFound)
		return nil
	}
	shown, err := s.db.Show(ctx, key, v)
	if err != nil {
		return err
	}
	hist, err := s.db.History(ctx, key)
	if err != nil {
		return err
	}
	caps, err := s.db.VersionCaptures(ctx, key)
	if err != nil {
		return err
	}
	p := documentPage{Key: key, Shown: shown, Doc: shown.Document, DocShown: shown, Latest: shown.Version == shown.Latest}
	// A removal has no text: show the last version that had some.
	if p.Doc == nil {
		for i := len(hist.Versions) - 1; i >= 0; i-- {
			hv := hist.Versions[i]
			if hv.Version < shown.Version && hv.Change != archive.OpRemoved {
				prev, err := s.db.Show(ctx, key, hv.Version)
				if err != nil {
					return err
				}
				p.Doc, p.DocShown = prev.Document, prev
				break
			}
		}
	}
	for _, hv := range hist.Versions {
		p.Timeline = append(p.Timeline, timelineRow{HistoryVersion: hv, CaptureID: caps[hv.Version],
			Current: hv.Version == shown.Version, Previous: hv.Version - 1})
	}
	slices.Reverse(p.Timeline) // newest first
	if p.Captures, err = s.db.DocumentCaptures(ctx, key, docCaptures); err != nil {
		return err
	}
	p.CapturesCut = len(p.Captures) == docCaptures
	var runs []int64
	for _, t := range p.Timeline {
		runs = append(runs, t.CrawlID)
	}
	for _, c := range p.Captures {
		runs = append(runs, c.CrawlID)
	}
	if p.Runs, err = s.runNames(ctx, runs); err != nil {
		return err
	}
	p.Title = key
	if p.Doc != nil {
		p.Lang = p.Doc.Lang
		if p.Doc.Title != "" {
			p.Title = p.Doc.Title
		}
	}
	p.Nav = "docs"
	return s.render(w, "document", p)
}

// --- diff ---

type diffPage struct {
	head
	Key           string
	Result        *archive.DiffResult
	From, To      *archive.Shown // From is nil when comparing with nothing (version 0)
	Lang          string
	Fields        []fieldRow
	Pairs         []pairRow
	ChangedPairs  int
	Jumps         []jump // links to the changed pairs
	AllPairs      int
	OnlyChanged   bool
	Versions      []int
	OldTitle      string
	NewTitle      string
	NothingBefore bool
}

func (s *Server) diff(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	key, canonical, err := s.resolveKey(ctx, r)
	if err != nil {
		return err
	}
	from, to, err := s.diffVersions(r, key)
	if err != nil {
		return err
	}
	if !canonical {
		http.Redirect(w, r, diffURL(key, from, to), http.StatusFound)
		return nil
	}
	res, err := s.db.Diff(ctx, key, from, to)
	if err != nil {
		return err
	}
	p := diffPage{Key: key, Result: res, head: head{Nav: "docs"}}
	if p.To, err = s.db.Show(ctx, key, res.To); err != nil {
		return err
	}
	if res.From > 0 {
		if p.From, err = s.db.Show(ctx, key, res.From); err != nil {
			return err
		}
	} else {
		p.NothingBefore = true
	}
	var a, b *parse.Document
	if p.From != nil {
		a = p.From.Document
	}
	b = p.To.Document
	p.Fields, p.Pairs = layoutDiff(res.Changes, a, b)
	changed := p.Pairs[:0:0]
	for _, pr := range p.Pairs {
		if pr.Op != "" {
			changed = append(changed, pr)
			id, label := "pair-"+strconv.Itoa(pr.New), "pair "+strconv.Itoa(pr.New)
			if pr.New == 0 {
				id, label = "pair-old-"+strconv.Itoa(pr.Old), "old pair "+strconv.Itoa(pr.Old)
			}
			p.Jumps = append(p.Jumps, jump{ID: id, Label: label, Op: pr.Op})
		}
	}
	p.ChangedPairs, p.AllPairs = len(changed), len(p.Pairs)
	switch r.URL.Query().Get("pairs") {
	case "", "all":
	case "changed":
		p.Pairs, p.OnlyChanged = changed, true
	default:
		return badRequest("pairs must be all or changed")
	}
	for _, d := range []*parse.Document{b, a} {
		if d != nil && d.Lang != "" {
			p.Lang = d.Lang
			break
		}
	}
	if a != nil {
		p.OldTitle = a.Title
	}
	if b != nil {
		p.NewTitle = b.Title
	}
	for v := 1; v <= p.To.Latest; v++ {
		p.Versions = append(p.Versions, v)
	}
	p.Title = "Diff of " + key
	return s.render(w, "diff", p)
}

// jump is a link to a changed pair further down the diff.
type jump struct {
	ID, Label, Op string
}

// --- changes ---

type changesPage struct {
	head
	Crawl   *archive.Crawl
	Since   string
	Changes []archive.ChangeEvent // the page's, newest first
	Total   int                   // all the changes the filters select
	First   int                   // the number of the page's first change, newest first, from 1
	Pages   []pageLink
	APIURL  string  // the same changes as JSON
	Run     RunName // the crawl, named by what made it
	Latest  bool    // Crawl is the latest run, no crawl or time asked for
}

func (s *Server) changes(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	f, err := changesFilter(r.URL.Query(), time.Now())
	if err != nil {
		return err
	}
	q := r.URL.Query()
	page, err := intParam(q, "page", 1, 1)
	if err != nil {
		return err
	}
	api := url.Values{}
	for k, vs := range q {
		if k != "page" {
			api[k] = vs
		}
	}
	p := changesPage{head: head{Title: "Changes", Nav: "changes"}, APIURL: "/api/changes?" + api.Encode()}
	// Without a crawl or a time, the changes are the latest run's
	// (archive.DB.EachChange): the page names it, an empty page too.
	id := f.CrawlID
	if id == 0 && f.Since.IsZero() {
		if id, err = s.db.LatestChangesCrawl(ctx); err != nil {
			return err
		}
		p.Latest = id != 0
	}
	if id != 0 {
		c, err := s.lookupCrawl(ctx, id)
		if err != nil {
			return err
		}
		p.Crawl, p.Run = &c, NameRun(c.ID, c.Source())
	}
	if p.Changes, err = s.db.Changes(ctx, f); err != nil {
		return err
	}
	if !f.Since.IsZero() {
		p.Since = when(f.Since)
	}
	slices.Reverse(p.Changes) // newest first
	p.Total = len(p.Changes)
	pages := (p.Total + changesShown - 1) / changesShown
	if page > max(pages, 1) {
		return notFound("page %d is past the last page of these changes (%d, %d a page, %d in all)", page, max(pages, 1), changesShown, p.Total)
	}
	p.First = (page-1)*changesShown + 1
	p.Changes = p.Changes[p.First-1 : min(p.Total, page*changesShown)]
	p.Pages = pageLinks("/changes", q, pages, page)
	if err := s.fillTitles(ctx, p.Changes); err != nil {
		return err
	}
	return s.render(w, "changes", p)
}

// changesFilter reads crawl= and since= as hewar changes reads --crawl and
// --since; an age in since= counts back from now.
func changesFilter(q url.Values, now time.Time) (archive.ChangesFilter, error) {
	var f archive.ChangesFilter
	c, err := intParam(q, "crawl", 0, 1)
	if err != nil {
		return f, err
	}
	f.CrawlID = int64(c)
	if s := strings.TrimSpace(q.Get("since")); s != "" {
		t, err := archive.ParseSinceParam("since", clip(s, 40), now)
		if err != nil {
			return f, badRequest("%s", err)
		}
		f.Since = t
	}
	return f, nil
}

// --- raw capture ---

type capturePage struct {
	head
	Capture  *archive.StoredCapture
	Versions []archive.CapturedVersion
	Source   string
	Cut      bool
	Charset  string
	// Declared is the charset the page declares when the parser read it
	// in another (Charset), "" when it read it as declared.
	Declared string
	IsHTML   bool
	Binary   bool
	BodySize int
	Run      RunName // the capture's crawl, named by what made it
}

func captureID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, badRequest("a capture is numbered from 1: %q is not a capture number", clip(r.PathValue("id"), 40))
	}
	return id, nil
}

func (s *Server) capture(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := captureID(r)
	if err != nil {
		return err
	}
	c, vs, err := s.storedCapture(ctx, id)
	if err != nil {
		return err
	}
	body, err := c.ReadBody(ctx)
	if err != nil {
		return err
	}
	p := capturePage{head: head{Title: "Capture " + strconv.FormatInt(id, 10), Nav: "docs"}, Capture: c, Versions: vs, BodySize: len(body)}
	p.IsHTML = c.IsHTML()
	runs, err := s.runNames(ctx, []int64{c.CrawlID})
	if err != nil {
		return err
	}
	p.Run = runs[c.CrawlID]
	src, name, binary := decodeBody(body, c.ContentType)
	p.Charset, p.Binary = name, binary
	if cs := parsedCharset(c, body, name, binary); cs != "" {
		src, _, _ = decodeBody(body, "text/html; charset="+cs)
		p.Charset, p.Declared = cs, name
	}
	if !binary {
		if len(src) > sourceLimit {
			src, p.Cut = src[:sourceLimit], true
			src = strings.ToValidUTF8(src, "")
		}
		p.Source = src
	}
	return s.render(w, "capture", p)
}

// captureBody serves the archived body for the capture page's sandboxed
// iframe. Its policy makes it an inert document: a unique origin, no
// scripts, and no request for anything, not even its own images.
func (s *Server) captureBody(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := captureID(r)
	if err != nil {
		return err
	}
	c, err := s.lookupCapture(ctx, id)
	if err != nil {
		return err
	}
	body, err := c.ReadBody(ctx)
	if err != nil {
		return err
	}
	ct := c.ContentType
	h := w.Header()
	h.Set("Content-Security-Policy", archivedCSP)
	h.Set("X-Frame-Options", "SAMEORIGIN")
	h.Set("Cache-Control", "no-cache")
	// Only HTML is shown as HTML (in its own charset, which may be
	// windows-1256); anything else is shown as text, never sniffed.
	if c.IsHTML() {
		if !utf8.Valid(body) {
			_, name, binary := decodeBody(body, ct)
			if cs := parsedCharset(c, body, name, binary); cs != "" {
				// The header's charset wins over the page's own
				// declaration in a browser, as in the parser.
				ct = c.MediaType() + "; charset=" + cs
			}
		}
		h.Set("Content-Type", ct)
	} else {
		h.Set("Content-Type", "text/plain; charset=utf-8")
		if !utf8.Valid(body) {
			if _, name, _ := decodeBody(body, ct); name != "" {
				h.Set("Content-Type", "text/plain; charset="+name)
			}
		}
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.Write(body)
	return nil
}

// parsedCharset is the charset the parser read an HTML capture's body in
// when that is not the one the page declares (declared, as decodeBody
// found it): an old Arabic page that declares Latin-1 over windows-1256
// bytes, which the parser reads as Arabic (parse.decode). "" when the
// parser read it as declared, or it is no HTML text. The parser is asked
// rather than imitated: parse.Decode is the decoding Parse itself uses.
func parsedCharset(c *archive.StoredCapture, body []byte, declared string, binary bool) string {
	if binary || declared == "utf-8" || !c.IsHTML() || c.Headers.Get("Content-Encoding") != "" {
		return ""
	}
	_, cs, err := parse.Decode(body, c.ContentType)
	if err != nil || cs == "" || cs == declared {
		return ""
	}
	return cs
}

// decodeBody turns an archived body into text for the source view, in the
// charset the page declared (header, <meta>, or a guess), and says whether
// it is binary rather than text.
func decodeBody(body []byte, contentType string) (text, charsetName string, binary bool) {
	if bytes.IndexByte(body[:min(len(body), 8192)], 0) >= 0 {
		return "", "", true
	}
	enc, name, _ := charset.DetermineEncoding(body, contentType)
	if name == "utf-8" || enc == nil {
		return strings.ToValidUTF8(string(body), "\uFFFD"), "utf-8", false
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return strings.ToValidUTF8(string(body), "\uFFFD"), name, false
	}
	return string(out), name, false
}
