package parse

import (
	"encoding/json"
	"net/url"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// page is what is read of the whole document before anything is removed
// from it: the head, the links, the breadcrumbs, the machine-readable dates.
type page struct {
	doc      *goquery.Document
	body     *html.Node
	meta     map[string]string // name/property/itemprop (lower case) -> content
	jsonLD   []string
	titleTag string
	htmlLang string
	base     *url.URL // the page's address, or its first <base href>
	baseSeen bool
	hrefs    []string     // every <a href>, in document order
	links    []string     // in-scope absolute links, first-seen order
	headings []*html.Node // h1-h6 and elements a theme names as a title, in document order
	crumbs   []string     // breadcrumb texts
	catLinks []*html.Node // <a rel="category">, in document order
	authors  []*html.Node // elements that name a post's author (authorMarker), for a thread's replies
	// categories are the texts of the category links outside the site's
	// chrome (a sidebar's list of every category is not the post's).
	categories []string
	itemDate   string // an itemprop=datePublished element's date
	shortURL   string // the first <link rel="shortlink" href>, as written (WordPress: /?p={post id})
	canonURL   string // the first <link rel="canonical" href>, as written
	size       int    // bytes of the body's text, before anything is removed
}

// invisible is a goquery Matcher for what a reader never sees as text of
// the page: scripts, styles, form controls, embedded objects, the head. It
// matches on the element's atom: a selector group of fifteen tags would
// compare every node fifteen times.
type invisible struct{}

func (invisible) Match(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Iframe, atom.Object, atom.Embed,
		atom.Select, atom.Textarea, atom.Input, atom.Map, atom.Canvas, atom.Head:
		return true
	case atom.Button:
		return !headerButton(n)
	case atom.A:
		if permalinkMark(n) || footnoteLink(n) {
			return true
		}
	case atom.Sup:
		if footnoteMark(n) {
			return true
		}
	}
	return len(n.Attr) > 0 && hiddenFromReaders(n)
}

// hiddenFromReaders reports an element the page hides from its readers:
// the hidden attribute, an inline display:none or visibility:hidden, the
// screen-reader-only classes of Bootstrap, WordPress and Drupal ("Share on
// Facebook", "Continue reading<span class="screen-reader-text"> Title</span>")
// and a block marked aria-hidden="true" (an off-canvas menu, a slide's
// copy). Hidden spam goes with them. A disclosure's panel stays: a collapsed
// accordion or toggle answer is hidden until its header is clicked, and it
// is the post's text (disclosurePanel).
func hiddenFromReaders(n *html.Node) bool {
	hidden := false
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			hidden = true
		case "style":
			hidden = hidden || hiddenStyle(a.Val)
		case "aria-hidden":
			hidden = hidden || a.Val == "true" && isBlockAtom(n.DataAtom)
		case "class":
			if strings.Contains(a.Val, "only") || strings.Contains(a.Val, "hidden") || strings.Contains(a.Val, "screen-reader") || strings.Contains(a.Val, "invisible") {
				return hasAttrWord(n, "class", "sr-only") || hasAttrWord(n, "class", "visually-hidden") || hasAttrWord(n, "class", "visuallyhidden") ||
					hasAttrWord(n, "class", "screen-reader-text") || hasAttrWord(n, "class", "element-invisible") || hasAttrWord(n, "class", "screen-reader-only")
			}
		}
	}
	return hidden && !disclosurePanel(n)
}

// hiddenStyle reports an inline style that hides its element.
func hiddenStyle(st string) bool {
	if !strings.Contains(st, "none") && !strings.Contains(st, "hidden") {
		return false
	}
	st = strings.ToLower(strings.Join(strings.Fields(st), ""))
	return strings.Contains(st, "display:none") || strings.Contains(st, "visibility:hidden")
}

// disclosurePanel reports a hidden element that a control shows: a tab's
// or an accordion's panel (role tabpanel or region, aria-labelledby, the
// class words of Bootstrap's, jQuery UI's and the page builders' widgets),
// or the element after a toggle's header (an element with aria-expanded or
// aria-controls, a <dt> or a button; a heading alone is no control).
func disclosurePanel(n *html.Node) bool {
	switch attr(n, "role") {
	case "tabpanel", "region":
		return true
	}
	if attr(n, "aria-labelledby") != "" {
		return true
	}
	it := words{v: attr(n, "class")}
	for it.next() {
		switch string(it.word()) {
		case "collapse", "collapsed", "accordion", "toggle", "tab", "panel", "spoiler", "answer", "content", "faq":
			return true
		}
	}
	prev := n.PrevSibling
	for prev != nil && prev.Type != html.ElementNode {
		prev = prev.PrevSibling
	}
	if prev == nil {
		return false
	}
	if prev.DataAtom == atom.Dt || prev.DataAtom == atom.Button {
		return true
	}
	return hasToggle(prev)
}

// hasToggle reports whether n or an element inside it controls another's
// visibility (aria-expanded, aria-controls).
func hasToggle(n *html.Node) bool {
	if attr(n, "aria-expanded") != "" || attr(n, "aria-controls") != "" {
		return true
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && hasToggle(c) {
			return true
		}
	}
	return false
}

// headerButton reports a button that is a heading's whole text: the
// header of an accordion or a disclosure widget (WAI-ARIA's accordion
// pattern, Bootstrap's <h2 class="accordion-header"><button>), whose
// text is the panel's title, a question over its answer. Any other
// button is a control, never read.
func headerButton(n *html.Node) bool {
	h := n.Parent
	if h == nil || h.Type != html.ElementNode || headingLevel(h.DataAtom) == 0 && attr(h, "role") != "heading" {
		return false
	}
	for c := h.FirstChild; c != nil; c = c.NextSibling {
		if c != n && (c.Type == html.ElementNode || c.Type == html.TextNode && strings.TrimSpace(c.Data) != "") {
			return false
		}
	}
	return true
}

// permalinkMark reports a heading's link to itself that shows a symbol, not
// words: Sphinx's and MkDocs' "¶" (`<a class="headerlink" href="#x">`),
// a "#", "§" or "🔗" beside the heading. It is an icon, no part of the
// heading's text (a title "Round table: ...¶").
func permalinkMark(n *html.Node) bool {
	href := attr(n, "href")
	if href == "" || href[0] != '#' || n.Parent == nil || headingLevel(n.Parent.DataAtom) == 0 && (n.Parent.Parent == nil || headingLevel(n.Parent.Parent.DataAtom) == 0) {
		return false
	}
	t := textOf(n)
	if t == "" || len(t) > 8 {
		return false
	}
	for _, r := range t {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// footnoteMark reports a footnote's mark: a <sup> that is only a link
// within the page whose text is a number, bare or in brackets (MediaWiki's
// <sup class="reference"><a href="#cite_note-1">[1]</a></sup>, Word's and
// Markdown's "1"). It points to a note, and no part of the sentence.
func footnoteMark(n *html.Node) bool {
	a := n.FirstChild
	if a == nil || a.NextSibling != nil || a.Type != html.ElementNode || a.DataAtom != atom.A || !strings.HasPrefix(attr(a, "href"), "#") {
		return false
	}
	t := strings.Trim(textOf(a), "[]() ")
	if t == "" || len(t) > 4 {
		return false
	}
	for _, r := range t {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// footnoteLink reports a footnote's mark set as a link around its number
// (pandoc's <a href="#fn1" class="footnote-ref"><sup>1</sup></a>): the
// <sup> inside a link within the page.
func footnoteLink(n *html.Node) bool {
	sup := n.FirstChild
	if sup == nil || sup.NextSibling != nil || sup.Type != html.ElementNode || sup.DataAtom != atom.Sup || !strings.HasPrefix(attr(n, "href"), "#") {
		return false
	}
	t := strings.Trim(textOf(sup), "[]() ")
	return t != "" && len(t) <= 4 && strings.Trim(t, "0123456789") == ""
}

// MatchAll returns the outermost matching elements under n: what is inside
// a removed element goes with it.
func (m invisible) MatchAll(n *html.Node) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if m.Match(c) {
				out = append(out, c)
			} else if c.Type == html.ElementNode {
				walk(c)
			}
		}
	}
	walk(n)
	return out
}

func (m invisible) Filter(ns []*html.Node) []*html.Node { return filterNodes(ns, m.Match) }

// readPage reads, in one pass over the document, the head, the links and
// the hints that removing the chrome would lose.
func readPage(doc *goquery.Document, base *url.URL) *page {
	p := &page{doc: doc, meta: map[string]string{}, base: base}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if p.readElement(c) {
				walk(c)
			}
		}
	}
	for _, n := range doc.Nodes {
		walk(n)
	}
	if p.body != nil {
		p.size = textSize(p.body)
	}
	p.links = resolveLinks(p.base, base, p.hrefs)
	for _, a := range p.catLinks {
		if postCategoryLink(a, p.size) {
			p.categories = append(p.categories, textOf(a))
		}
	}
	return p
}

// readElement reads what n says of the page and reports whether its
// children are worth reading.
func (p *page) readElement(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Html:
		p.htmlLang = strings.ToLower(attr(n, "lang"))
	case atom.Body:
		if p.body == nil {
			p.body = n
		}
	case atom.Title:
		if p.titleTag == "" {
			p.titleTag = collapseSpace(textOf(n))
		}
		return false
	case atom.Base:
		if h := strings.TrimSpace(attr(n, "href")); h != "" && p.base != nil && !p.baseSeen {
			if u, err := p.base.Parse(h); err == nil {
				p.base, p.baseSeen = u, true
			}
		}
	case atom.Meta:
		p.readMeta(n)
		return false
	case atom.Link:
		rel := strings.Fields(strings.ToLower(attr(n, "rel")))
		if p.shortURL == "" && slices.Contains(rel, "shortlink") {
			p.shortURL = strings.TrimSpace(attr(n, "href"))
		}
		if p.canonURL == "" && slices.Contains(rel, "canonical") {
			p.canonURL = strings.TrimSpace(attr(n, "href"))
		}
		return false
	case atom.Script:
		if strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") {
			p.jsonLD = append(p.jsonLD, textOf(n))
		}
		return false
	case atom.Style, atom.Template, atom.Noscript, atom.Svg:
		return false
	case atom.A:
		if href, ok := attrOK(n, "href"); ok {
			p.hrefs = append(p.hrefs, href)
			if profileHref(href) {
				p.authors = append(p.authors, n)
			}
		}
		if hasAttrWord(n, "rel", "category") {
			p.catLinks = append(p.catLinks, n)
		}
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		p.headings = append(p.headings, n)
	}
	for _, a := range n.Attr {
		switch a.Key {
		case "itemtype":
			if strings.HasSuffix(a.Val, "/BreadcrumbList") {
				p.crumbs = append(p.crumbs, crumbTexts(n)...)
				return false
			}
		case "itemprop":
			if p.itemDate == "" && strings.EqualFold(a.Val, "datePublished") && n.DataAtom != atom.Meta && !inComment(n) {
				p.itemDate = itemDate(n)
			}
			if a.Val == "author" {
				p.authors = append(p.authors, n)
			}

		case "class", "id", "aria-label":
			v := a.Val
			if a.Key != "aria-label" && authorClass(v) {
				p.authors = append(p.authors, n)
			}
			if a.Key == "id" && v == "wm-ipp-base" {
				return false // the Wayback Machine's toolbar: its links and calendar are the archive's, not the page's
			}
			if headingLevel(n.DataAtom) == 0 && (strings.Contains(v, "itle") || strings.Contains(v, "eading") || strings.Contains(v, "eadline") || strings.Contains(v, "ttl")) &&
				classHint(n) == hintTitle && (len(p.headings) == 0 || p.headings[len(p.headings)-1] != n) {
				p.headings = append(p.headings, n)
			}
			if (strings.Contains(v, "rumb") || strings.Contains(v, "pathway")) && (classHint(n) == hintCrumbs || n.DataAtom == atom.Nav) {
				p.crumbs = append(p.crumbs, crumbTexts(n)...)
				return false
			}
		}
	}
	return true
}

// crumbTexts are a breadcrumb trail's texts: the whole trail, whose parts
// a separator may divide ("Home » News"), and each of its list items and
// links, which a theme may set apart by markup alone.
func crumbTexts(n *html.Node) []string {
	out := []string{textOf(n)}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if c.DataAtom == atom.Li || c.DataAtom == atom.A {
				out = append(out, textOf(c))
				continue
			}
			walk(c)
		}
	}
	walk(n)
	return out
}

func (p *page) readMeta(n *html.Node) {
	key := attr(n, "property")
	if key == "" {
		key = attr(n, "name")
	}
	if key == "" {
		key = attr(n, "itemprop")
	}
	if key == "" {
		return
	}
	key = strings.ToLower(key)
	if _, dup := p.meta[key]; !dup {
		v := attr(n, "content")
		if v == "" {
			v = attr(n, "datetime")
		}
		p.meta[key] = v
	}
}

// inComment reports a node inside an element whose id or class names a
// comment: a comment's own datePublished is not the post's.
func inComment(n *html.Node) bool {
	for a := n.Parent; a != nil && a.Type == html.ElementNode; a = a.Parent {
		if strings.Contains(strings.ToLower(attr(a, "class")+" "+attr(a, "id")), "comment") {
			return true
		}
	}
	return false
}

// itemDate is the date an itemprop=datePublished element gives: its
// content, datetime or title attribute, else its text.
func itemDate(n *html.Node) string {
	for _, k := range []string{"content", "datetime", "title"} {
		if v := attr(n, k); v != "" {
			return v
		}
	}
	return textOf(n)
}

// attrOK returns n's attribute key and whether n has it.
func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// resolveLinks resolves every <a href> against the page (or its <base
// href>) and keeps the in-scope ones: http or https, the page's host and
// port, fragment dropped, first-seen order, no duplicates. Menus and footers
// count: they are how the crawler finds the sections.
func resolveLinks(base, page *url.URL, hrefs []string) []string {
	links := []string{}
	if base == nil || page == nil {
		return links
	}
	host := keyHostPort(page)
	origins := originsOf(base, page, host)
	seen := make(map[string]bool, len(hrefs))
	done := make(map[string]bool, len(hrefs)) // hrefs already resolved: a page repeats its menu and post links
	for _, href := range hrefs {
		href = strings.TrimSpace(href)
		if done[href] {
			continue
		}
		done[href] = true
		abs, ok := origins.resolve(href)
		if !ok {
			abs = resolveLink(base, page.Host, host, href)
		}
		if abs != "" && !seen[abs] {
			seen[abs] = true
			links = append(links, abs)
		}
	}
	return links
}

// resolveLink returns the absolute in-scope URL of href, or "" when it is
// off-site, not http(s), or only a fragment.
// pageHost is the page's Host as written (a link with the same one needs no
// normalizing), host its normalized form.
func resolveLink(base *url.URL, pageHost, host, href string) string {
	if href == "" || href[0] == '#' {
		return ""
	}
	if i := strings.IndexByte(href, ':'); i > 0 && i < 12 {
		switch strings.ToLower(href[:i]) {
		case "http", "https":
		default:
			if !strings.ContainsAny(href[:i], "/?#") {
				return "" // mailto:, javascript:, data:, file:, tel:, ...
			}
		}
	}
	u, err := base.Parse(href)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Host != pageHost && keyHostPort(u) != host {
		return ""
	}
	u.Fragment, u.RawFragment = "", ""
	return u.String()
}

// linkOrigins are what a link needs to resolve without net/url when it is
// written as net/url would write it back: the base's scheme and host, for a
// path from the root ("/post/708/%D8%AD..."), and the page's, for an
// absolute URL on the page's own host. Either is "" when its links must go
// through net/url (a base off the page's host, a user name, a host that
// net/url would escape).
type linkOrigins struct {
	base, page string
}

// originsOf returns the origins of base and page, each "" when it is not plain.
// Parsing, unescaping and escaping again the 26 links of a synthetic page,
// most of them long percent-encoded Arabic slugs, took 7% of Parse's CPU and
// a fifth of its allocated bytes.
func originsOf(base, page *url.URL, host string) linkOrigins {
	origin := func(u *url.URL) string {
		if u.User != nil || u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
			return ""
		}
		o := (&url.URL{Scheme: u.Scheme, Host: u.Host}).String()
		if o != u.Scheme+"://"+u.Host {
			return ""
		}
		return o
	}
	var o linkOrigins
	if base.Host == page.Host || keyHostPort(base) == host {
		o.base = origin(base)
	}
	o.page = origin(page)
	return o
}

// resolve returns the absolute URL of href and true when href is a path
// from the root, or an absolute URL on the page's origin, written as
// net/url writes it back (plainPath), with no "." or ".." segment and no
// query; the fragment, plain too, is dropped. Any other href gives false.
func (o linkOrigins) resolve(href string) (string, bool) {
	link, fragment, _ := strings.Cut(href, "#")
	if !plainPath(fragment) {
		return "", false
	}
	switch {
	case o.page != "" && strings.HasPrefix(link, o.page):
		if path := link[len(o.page):]; strings.HasPrefix(path, "/") && plainPath(path) && !hasDotSegment(path) {
			return link, true
		}
	case o.base != "" && strings.HasPrefix(link, "/") && !strings.HasPrefix(link, "//"):
		if plainPath(link) && !hasDotSegment(link) {
			return o.base + link, true
		}
	}
	return "", false
}

// plainPath reports whether s holds only ASCII letters and digits, "-._~/"
// and %XX escapes: a path net/url parses and writes back unchanged.
func plainPath(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '.', c == '_', c == '~', c == '/':
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			i += 2
		default:
			return false
		}
	}
	return true
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// hasDotSegment reports a "." or ".." segment in path, which resolving
// removes.
func hasDotSegment(path string) bool {
	for seg := range strings.SplitSeq(path, "/") {
		if seg == "." || seg == ".." {
			return true
		}
	}
	return false
}

// keyHostPort is the host used to decide whether a link is in scope: lower
// case, without "www." and without a default port.
func keyHostPort(u *url.URL) string {
	h := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	if p := u.Port(); p != "" && !(p == "80" && u.Scheme == "http") && !(p == "443" && u.Scheme == "https") {
		h += ":" + p
	}
	return h
}

// inSiteChrome reports a node inside a menu, a sidebar or the site's header
// or footer, judged by tags and hints. A hint on an element that holds much
// of the page's text (pageSize, x0.4) is not believed.
func inSiteChrome(n *html.Node, pageSize int) bool { return inChrome(n, pageSize, nil) }

// inChrome is inSiteChrome with the drop-hinted elements that count
// narrowed to those whose class or id holds one of the words in only (all
// of them when only is nil).
func inChrome(n *html.Node, pageSize int, only map[string]bool) bool {
	edge := false
	for a := n.Parent; a != nil && a.Type == html.ElementNode && a.DataAtom != atom.Body; a = a.Parent {
		// The body's classes describe the page (Weebly's "header-page",
		// WordPress's "has-sidebar"), never a part of it.
		switch {
		case isArticleElement(a):
			return false
		case a.DataAtom == atom.Nav || a.DataAtom == atom.Aside:
			return true
		case a.DataAtom == atom.Header || a.DataAtom == atom.Footer:
			edge = true
		}
		switch classHint(a) {
		case hintDrop:
			if textSize(a)*10 < pageSize*4 && (only == nil || hasWordOf(a, only)) {
				return true
			}
		case hintEdge:
			edge = true
		}
	}
	return edge
}

// isArticleElement reports the elements that hold a post: <article>,
// <main>, role=main, itemprop=articleBody, and the entries microformats and
// schema.org mark (class hentry, as WordPress and Blogger write it; an
// itemscope of type Article, NewsArticle or BlogPosting).
func isArticleElement(n *html.Node) bool {
	if n.DataAtom == atom.Article || n.DataAtom == atom.Main ||
		strings.EqualFold(attr(n, "role"), "main") || strings.EqualFold(attr(n, "itemprop"), "articleBody") {
		return true
	}
	if t := attr(n, "itemtype"); t != "" {
		t = t[strings.LastIndexByte(t, '/')+1:]
		return t == "Article" || t == "NewsArticle" || t == "BlogPosting"
	}
	return strings.Contains(attr(n, "class"), "entry") && hasWordOf(n, entryWords)
}

// entryWords are the class words that mark a post's entry (hAtom).
var entryWords = map[string]bool{"hentry": true}

// textSize is the length in bytes of n's text (scripts and styles left
// out): the measure of how much of the page an element holds, for the rules
// that do not believe a hint on an element holding most of the page.
func textSize(n *html.Node) int {
	switch {
	case n.Type == html.TextNode:
		return len(n.Data)
	case n.DataAtom == atom.Script || n.DataAtom == atom.Style || n.DataAtom == atom.Noscript || n.DataAtom == atom.Template:
		return 0
	}
	c := 0
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		c += textSize(k)
	}
	return c
}

// contains reports whether n is a or inside it.
func contains(a, n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == a {
			return true
		}
	}
	return false
}

// dropInvisible removes scripts, styles, form controls and the head: a
// reader never sees their text.
func dropInvisible(doc *goquery.Document) {
	doc.FindMatcher(invisible{}).Remove()
}

// stripChrome removes what is never the post: menus, sidebars, the site's
// header and footer, share/tag/related boxes, counters, breadcrumbs, tables
// of contents, next/previous links, ad boxes and forms with little text.
// keep holds the post's title (nil when none was found); what is protected
// stays.
func stripChrome(doc *goquery.Document, keep *html.Node, pageSize int) {
	doc.FindMatcher(chrome{keep: keep, pageSize: pageSize}).Remove()
}

// chrome is a goquery Matcher for what stripChrome removes. MatchAll walks
// the tree once, knowing on the way down whether it is inside a post (where
// a header or footer is the post's meta line, kept); Match works that out
// from the ancestors.
type chrome struct {
	keep     *html.Node
	pageSize int
}

func (c chrome) Match(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	inArticle := false
	for a := n.Parent; a != nil; a = a.Parent {
		inArticle = inArticle || a.Type == html.ElementNode && isArticleElement(a)
	}
	return chromeElement(n, inArticle) && !protected(n, c.keep, c.pageSize) && !c.titleSibling(n)
}

// titleSibling reports an element whose drop hint the title's own box
// carries too, inside a box beside it: a page builder that calls every
// block of the post a "widget" (Elementor's elementor-widget-heading,
// -text-editor, and the elementor-widget-container in each) names its
// building block with that word, not a sidebar's widget. Its other words
// must be the title box's too: a "share" widget beside the title is still
// chrome.
func (c chrome) titleSibling(n *html.Node) bool {
	if c.keep == nil {
		return false
	}
	for x := n; x != nil && x.Parent != nil; x = x.Parent {
		var box *html.Node // the child of x's parent that holds the title
		for a := c.keep; a != nil && a.Parent != nil; a = a.Parent {
			if a.Parent == x.Parent {
				box = a
				break
			}
		}
		if box == nil {
			continue
		}
		if box == x || classHint(box) != hintDrop {
			return false
		}
		own := dropWords(box)
		for _, w := range dropWords(n) {
			if !slices.Contains(own, w) {
				return false
			}
		}
		return true
	}
	return false
}

// dropWords are the words (and pairs) of n's class and id that hint it is
// chrome (hintDrop).
func dropWords(n *html.Node) []string {
	var out []string
	for _, a := range n.Attr {
		if a.Key != "class" && a.Key != "id" {
			continue
		}
		it := words{v: a.Val}
		for it.next() {
			if h, ok := hintPairs[string(it.pair())]; ok {
				if h == hintDrop {
					out = append(out, string(it.pair()))
				}
				continue // the pair says what its words mean ("widget tabs" is no drop word)
			}
			if hintWords[string(it.word())] == hintDrop {
				out = append(out, string(it.word()))
			}
		}
	}
	return out
}

// MatchAll returns the outermost chrome elements under n: what is inside
// goes with them.
func (c chrome) MatchAll(n *html.Node) []*html.Node {
	var drop []*html.Node
	var walk func(n *html.Node, inArticle bool)
	walk = func(n *html.Node, inArticle bool) {
		for e := n.FirstChild; e != nil; e = e.NextSibling {
			if e.Type != html.ElementNode {
				continue
			}
			if chromeElement(e, inArticle) && !protected(e, c.keep, c.pageSize) && !c.titleSibling(e) {
				drop = append(drop, e)
				continue
			}
			walk(e, inArticle || isArticleElement(e))
		}
	}
	walk(n, false)
	return drop
}

func (c chrome) Filter(ns []*html.Node) []*html.Node { return filterNodes(ns, c.Match) }

// filterNodes keeps the nodes match accepts: a Matcher's Filter.
func filterNodes(ns []*html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for _, n := range ns {
		if match(n) {
			out = append(out, n)
		}
	}
	return out
}

// protected reports an element that stays whatever its hints say: it holds
// the title, or most of the page (three quarters of its text; two fifths
// when there is no title to go by): a wrapper named "has-sidebar" or
// "widget Blog".
func protected(n, title *html.Node, pageSize int) bool {
	if title != nil {
		return contains(n, title) || textSize(n)*4 >= pageSize*3 || postCredit(n, title)
	}
	return textSize(n)*10 >= pageSize*4
}

// postCredit reports a small box after the post's title and text, inside
// the element that holds them (an article's footer under any class: its
// tags, then "أجرى الحوار: X"), with a line of its own that credits the
// interviewer: it is the post's, whatever its class says. Its chrome inside
// (the tags) still goes.
func postCredit(n, title *html.Node) bool {
	if n.Parent == nil {
		return false
	}
	box := title // the child of n's parent that holds the title: n comes after it
	for box != nil && box.Parent != n.Parent {
		box = box.Parent
	}
	if box == nil || box == n || textSize(n) > 300 {
		return false
	}
	after := false
	for e := box.NextSibling; e != nil && !after; e = e.NextSibling {
		after = e == n
	}
	if !after {
		return false
	}
	for e := n.FirstChild; e != nil; e = e.NextSibling {
		if e.Type != html.ElementNode {
			continue
		}
		if _, ok := interviewerLine(strings.TrimSpace(textOf(e))); ok {
			return true
		}
	}
	return false
}

// chromeElement reports an element that is never content by its tag or
// hints: inside a post, a header or footer is the post's meta line, kept.
func chromeElement(n *html.Node, inArticle bool) bool {
	switch n.DataAtom {
	case atom.Nav, atom.Aside:
		return true
	case atom.Header, atom.Footer:
		if !inArticle {
			return true
		}
	case atom.Form:
		return textSize(n) < 400 // a search box or a comment form; a page inside a <form> stays
	}
	switch strings.ToLower(attr(n, "role")) {
	case "navigation", "complementary", "search", "banner", "contentinfo":
		return !inArticle
	}
	switch classHint(n) {
	case hintDrop:
		return !signedCredit(n)
	case hintCrumbs:
		return true
	case hintEdge:
		return !inArticle
	}
	return false
}

// signedCredit reports an element classed only "signature" whose text is a
// credit line ("حاوره: علي حسين", "Interviewed by ..."): an article's
// sign-off, which names its interviewer, not a forum member's signature.
func signedCredit(n *html.Node) bool {
	for _, w := range dropWords(n) {
		if w != "signature" {
			return false
		}
	}
	if textSize(n) > 300 {
		return false
	}
	_, ok := interviewerLine(strings.TrimSpace(textOf(n)))
	return ok
}

// jsonLDDate finds the first datePublished anywhere in a JSON-LD script.
func jsonLDDate(raw string) string {
	return jsonLDString(raw, "datePublished")
}

// jsonLDString finds the first string value of key anywhere in a JSON-LD
// script.
func jsonLDString(raw, key string) string {
	if !strings.Contains(raw, key) {
		return ""
	}
	var v any
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		return ""
	}
	var find func(any) string
	find = func(v any) string {
		switch x := v.(type) {
		case map[string]any:
			if s, ok := x[key].(string); ok {
				return s
			}
			// Keys in order, so that the same script always gives the same date.
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				if s := find(x[k]); s != "" {
					return s
				}
			}
		case []any:
			for _, c := range x {
				if s := find(c); s != "" {
					return s
				}
			}
		}
		return ""
	}
	return find(v)
}
