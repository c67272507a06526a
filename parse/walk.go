package parse

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// zone is where a block sits in the page, from tags and class hints.
type zone uint8

const (
	zoneNone     zone = iota
	zoneHeader        // site header outside the article
	zoneNav           // menus
	zoneAside         // sidebars, widgets, share buttons
	zoneFooter        // site footer outside the article
	zoneComments      // the comments section
	zoneForm          // forms (comment forms, search boxes)
	zoneCrumbs        // breadcrumbs
	zoneMeta          // the post's own footer or meta line: category, print, share
)

// chrome reports zones that are never content.
func (z zone) chrome() bool {
	return z == zoneHeader || z == zoneNav || z == zoneAside || z == zoneFooter || z == zoneForm || z == zoneCrumbs || z == zoneMeta
}

// block is one paragraph-like run of text, in document order.
type block struct {
	text      string // white space collapsed, as published
	tag       string // the enclosing block element: p, h1, li, div, ...
	bold      string // the text of a leading <strong>/<b>, if the block starts with one
	category  string // text of a rel=category / class category link in the block
	level     int8   // heading level 1-6, 0 for other blocks
	zone      zone
	inArticle bool  // inside <article> or <main>
	linkRunes int32 // letters of text inside <a>
	letters   int32 // letters of the whole text
	postLinks int32 // links in the block to post addresses

	// Offsets of text and bold in the walker's arena, until the walk ends.
	ts, te, boldEnd int32
}

// page is everything one walk of the tree collects.
type page struct {
	blocks    []block
	links     []string          // in-scope absolute links, first-seen order
	meta      map[string]string // name/property/itemprop (lower case) -> content
	jsonLD    []string
	titleTag  string
	htmlLang  string
	times     []timeMark
	crumbs    []string // breadcrumb texts
	baseFound bool
}

// timeMark is a <time> element: its datetime (or text) and the index of the
// block it sits in, so that only times inside the post count.
type timeMark struct {
	value string // the datetime attribute, or the text when there is none
	text  string // the text as written
	block int
	zone  zone
}

// walker holds the state of the single tree walk.
type walker struct {
	p        *page
	base     *url.URL
	host     string
	seen     map[string]bool
	resolved map[string]bool // href -> is a post address
	origin   string          // scheme://host of the page, "" when unusual
	// arena holds the text of every block, one after the other; the current
	// block is arena[start:]. One string is made of it when the walk ends,
	// and blocks' texts are substrings of it: no allocation per block.
	arena    []byte
	start    int
	cur      block // attributes of the block being accumulated
	started  bool  // cur has received non-space text
	space    bool  // a white space is pending before the next text
	boldOpen int   // depth of <strong>/<b> that started the block
	boldDone bool
	linkOpen int
	// Stacks by element depth, kept as values indexed by depth so that
	// pushing one writes no pointer (no GC write barrier per element).
	zones    []zone
	zdepth   int
	article  int
	blockTag []atom.Atom
	bdepth   int
}

// walkPage walks the tree once. sizeHint is the length of the decoded page:
// its text is never longer, so the arena is allocated once.
func walkPage(root *html.Node, base *url.URL, sizeHint int) *page {
	w := &walker{
		p:        &page{meta: map[string]string{}, blocks: make([]block, 0, max(64, sizeHint/150))},
		base:     base,
		seen:     map[string]bool{},
		resolved: map[string]bool{},
		arena:    make([]byte, 0, max(1024, sizeHint)),
	}
	if base != nil {
		w.host = keyHostPort(base)
		if (base.Scheme == "http" || base.Scheme == "https") && base.Host != "" && base.User == nil {
			w.origin = base.Scheme + "://" + base.Host
		}
	}
	w.zones = make([]zone, 64)
	w.blockTag = make([]atom.Atom, 64)
	w.blockTag[0] = atom.Body
	w.walk(root)
	w.flush()
	w.finish()
	return w.p
}

// keyHostPort is the host used to decide whether a link is in scope: lower
// case, without "www." and without a default port.
func keyHostPort(u *url.URL) string {
	h := u.Hostname()
	if hasUpper(h) {
		h = strings.ToLower(h)
	}
	h = strings.TrimPrefix(h, "www.")
	if p := u.Port(); p != "" && !(p == "80" && u.Scheme == "http") && !(p == "443" && u.Scheme == "https") {
		h += ":" + p
	}
	return h
}

func (w *walker) zone() zone {
	if w.zdepth == 0 {
		return zoneNone
	}
	return w.zones[w.zdepth-1]
}

func (w *walker) pushZone(z zone) {
	if w.zdepth == len(w.zones) {
		w.zones = append(w.zones, make([]zone, len(w.zones))...)
	}
	w.zones[w.zdepth] = z
	w.zdepth++
}

func (w *walker) pushTag(a atom.Atom) {
	w.bdepth++
	if w.bdepth == len(w.blockTag) {
		w.blockTag = append(w.blockTag, make([]atom.Atom, len(w.blockTag))...)
	}
	w.blockTag[w.bdepth] = a
}

// flush ends the current block.
func (w *walker) flush() {
	if len(w.arena) > w.start {
		b := w.cur
		b.ts, b.te = int32(w.start), int32(len(w.arena))
		b.tag = w.blockTag[w.bdepth].String()
		b.level = int8(headingLevel(b.tag))
		b.zone = w.zone()
		b.inArticle = w.article > 0
		if b.linkRunes > 0 {
			// A transient view of the arena: nothing writes to it during the call.
			b.letters = int32(countLetters(unsafe.String(&w.arena[b.ts], b.te-b.ts)))
		}
		w.p.blocks = append(w.p.blocks, b)
	}
	w.start = len(w.arena)
	w.cur = block{}
	w.started = false
	w.space = false
	w.boldOpen = 0
	w.boldDone = false
}

// finish gives every block its text, as substrings of one string. The
// string shares the arena's memory instead of copying it: nothing writes to
// the arena after this point (the walker drops it), so the string is immutable
// as Go requires.
func (w *walker) finish() {
	all := ""
	if len(w.arena) > 0 {
		all = unsafe.String(&w.arena[0], len(w.arena))
	}
	for i := range w.p.blocks {
		b := &w.p.blocks[i]
		b.text = all[b.ts:b.te]
		if b.boldEnd > b.ts {
			b.bold = strings.TrimRight(all[b.ts:min(b.boldEnd, b.te)], " ")
		}
	}
	w.arena = nil
}

// countLetters counts letters and digits: link density is measured on them,
// so that "[ Print ] [ Facebook ]" counts as all links.
func countLetters(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return n + countLettersSlow(s[i:])
		}
		if isASCIIAlnum(s[i]) {
			n++
		}
	}
	return n
}

func countLettersSlow(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
	}
	return n
}

func headingLevel(tag string) int {
	if len(tag) == 2 && tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6' {
		return int(tag[1] - '0')
	}
	return 0
}

func isBlockAtom(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Li, atom.Ul, atom.Ol,
		atom.Section, atom.Article, atom.Header, atom.Footer, atom.Nav, atom.Aside, atom.Main, atom.Table,
		atom.Tr, atom.Td, atom.Th, atom.Blockquote, atom.Dl, atom.Dt, atom.Dd, atom.Figure, atom.Figcaption,
		atom.Form, atom.Pre, atom.Address, atom.Hr, atom.Br, atom.Body, atom.Html, atom.Details, atom.Summary,
		atom.Caption, atom.Tbody, atom.Thead, atom.Tfoot, atom.Fieldset, atom.Legend, atom.Label, atom.Option:
		return true
	}
	return false
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// classZones maps whole class/id tokens to zones. They are hints only: the
// text decides the rest. Tokens are matched whole, so a wrapper such as
// "page-with-sidebar" or "has-nav" does not swallow the page.
var classZones = map[string]zone{
	"breadcrumb": zoneCrumbs, "breadcrumbs": zoneCrumbs, "crumbs": zoneCrumbs,
	"comments": zoneComments, "comment-list": zoneComments, "comments-box": zoneComments, "comment-box": zoneComments, "commentlist": zoneComments,
	"comments-area": zoneComments, "comment-section": zoneComments, "post-comments": zoneComments,
	"nav": zoneNav, "navbar": zoneNav, "navigation": zoneNav, "menu": zoneNav, "main-menu": zoneNav,
	"main-nav": zoneNav, "site-nav": zoneNav, "primary-menu": zoneNav, "top-menu": zoneNav,
	"nav-menu": zoneNav, "menu-bar": zoneNav, "site-navigation": zoneNav,
	"sidebar": zoneAside, "widget": zoneAside, "widget-area": zoneAside, "share": zoneAside,
	"share-buttons": zoneAside, "sharing": zoneAside, "social": zoneAside, "social-links": zoneAside,
	"related": zoneAside, "related-posts": zoneAside,
	"entry-footer": zoneMeta, "entry-meta": zoneMeta, "post-meta": zoneMeta, "cat-links": zoneMeta, "tags-links": zoneMeta,
	"footer": zoneFooter, "site-footer": zoneFooter, "page-footer": zoneFooter, "copyright": zoneFooter,
	"site-header": zoneHeader, "masthead": zoneHeader, "topbar": zoneHeader, "top-bar": zoneHeader,
	"weather": zoneHeader, "clock": zoneHeader, "date-time": zoneHeader, "datetime": zoneHeader, "ticker": zoneHeader,
}

var roleZones = map[string]zone{
	"navigation": zoneNav, "contentinfo": zoneFooter, "complementary": zoneAside, "banner": zoneHeader,
}

func classZone(n *html.Node) zone {
	best := zoneNone
	for _, a := range n.Attr {
		switch a.Key {
		case "role":
			if z, ok := roleZones[strings.ToLower(a.Val)]; ok {
				return z
			}
		case "id", "class":
			v := a.Val
			for v != "" {
				var tok string
				v = strings.TrimLeft(v, " \t\n\r\f")
				if i := strings.IndexAny(v, " \t\n\r\f"); i >= 0 {
					tok, v = v[:i], v[i:]
				} else {
					tok, v = v, ""
				}
				if tok == "" {
					continue
				}
				z, ok := classZones[tok]
				if !ok && hasUpper(tok) {
					z, ok = classZones[strings.ToLower(tok)]
				}
				if ok && (best == zoneNone || z == zoneComments) {
					best = z
				}
			}
		}
	}
	return best
}

func hasUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' {
			return true
		}
	}
	return false
}

// hasField reports whether word is one of the space-separated tokens of s.
func hasField(s, word string) bool {
	for _, f := range strings.Fields(s) {
		if f == word {
			return true
		}
	}
	return false
}

func (w *walker) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.text(n.Data)
		return
	case html.ElementNode:
	case html.DocumentNode:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			w.walk(c)
		}
		return
	default:
		return
	}
	switch n.DataAtom {
	case atom.Script:
		if strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") && n.FirstChild != nil {
			w.p.jsonLD = append(w.p.jsonLD, n.FirstChild.Data)
		}
		return
	case atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Iframe, atom.Object, atom.Select, atom.Button, atom.Textarea, atom.Input:
		return
	case atom.Head:
		w.head(n)
		return
	case atom.Html:
		if l := attr(n, "lang"); l != "" {
			w.p.htmlLang = strings.ToLower(l)
		}
	case atom.Meta:
		w.metaTag(n)
		return
	case atom.Title:
		if n.FirstChild != nil && w.p.titleTag == "" {
			w.p.titleTag = collapseSpace(n.FirstChild.Data)
		}
		return
	case atom.Base:
		if h := attr(n, "href"); h != "" && w.base != nil && !w.p.baseFound {
			if b, err := w.base.Parse(h); err == nil {
				w.base = b
				w.p.baseFound = true
				w.origin = ""
				if (b.Scheme == "http" || b.Scheme == "https") && b.Host != "" && b.User == nil && keyHostPort(b) == w.host {
					w.origin = b.Scheme + "://" + b.Host
				}
			}
		}
		return
	}

	block := isBlockAtom(n.DataAtom)
	if block {
		w.flush()
		if n.DataAtom == atom.Br || n.DataAtom == atom.Hr {
			return
		}
		w.pushTag(n.DataAtom)
	}

	z := zoneNone
	switch n.DataAtom {
	case atom.Nav:
		z = zoneNav
		if strings.Contains(strings.ToLower(attr(n, "aria-label")), "breadcrumb") {
			z = zoneCrumbs
		}
	case atom.Aside:
		z = zoneAside
	case atom.Form:
		z = zoneForm
	case atom.Header:
		if w.article == 0 {
			z = zoneHeader
		}
	case atom.Footer:
		if w.article == 0 {
			z = zoneFooter
		} else if w.zone() != zoneComments {
			z = zoneMeta
		}
	}
	if cz := classZone(n); cz != zoneNone && (z == zoneNone || cz == zoneComments || cz == zoneCrumbs) {
		// Inside the article, only comments and breadcrumbs hints count: a
		// theme's "entry-header" or "post-footer" still holds the post.
		if w.article == 0 || cz == zoneComments || cz == zoneCrumbs || cz == zoneAside || cz == zoneMeta {
			z = cz
		}
	}
	if z == zoneNone {
		z = w.zone()
	} else if cur := w.zone(); cur.chrome() && z == zoneComments {
		z = cur // a "comments" counter inside the header stays header
	}
	w.pushZone(z)
	isArticle := n.DataAtom == atom.Article || n.DataAtom == atom.Main || strings.EqualFold(attr(n, "role"), "main")
	if isArticle {
		w.article++
	}

	var crumbStart int
	if z == zoneCrumbs && (w.zdepth < 2 || w.zones[w.zdepth-2] != zoneCrumbs) {
		w.flush()
		crumbStart = len(w.p.blocks) + 1
	}

	switch n.DataAtom {
	case atom.Strong, atom.B:
		if !w.started && !w.boldDone && w.boldOpen == 0 {
			w.boldOpen = 1
			start := w.start
			w.walkChildren(n)
			if w.start == start {
				w.cur.boldEnd = int32(len(w.arena))
			}
			w.boldOpen = 0
			w.boldDone = true
		} else {
			w.walkChildren(n)
		}
	case atom.A:
		href := attr(n, "href")
		if w.link(href) {
			w.cur.postLinks++
		}
		rel := attr(n, "rel")
		if hasUpper(rel) {
			rel = strings.ToLower(rel)
		}
		before := len(w.arena)
		w.linkOpen++
		w.walkChildren(n)
		w.linkOpen--
		if hasField(rel, "category") || hasField(attr(n, "class"), "category") {
			if before <= len(w.arena) {
				w.cur.category = collapseSpace(string(w.arena[before:]))
			}
		}
	case atom.Time:
		before := len(w.arena)
		idx := len(w.p.blocks)
		w.walkChildren(n)
		text := ""
		if before <= len(w.arena) {
			text = collapseSpace(string(w.arena[before:]))
		}
		v := attr(n, "datetime")
		if v == "" {
			v = text
		}
		w.p.times = append(w.p.times, timeMark{value: v, text: text, block: idx, zone: w.zone()})
	case atom.Img:
		// Images carry no text; their alt text is not part of the content.
	default:
		w.walkChildren(n)
	}

	if isArticle {
		w.article--
	}
	if block {
		w.flush()
		w.bdepth--
	}
	if crumbStart > 0 {
		w.flush()
		for _, b := range w.p.blocks[crumbStart-1:] {
			w.p.crumbs = append(w.p.crumbs, string(w.arena[b.ts:b.te]))
		}
	}
	w.zdepth--
}

func (w *walker) walkChildren(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c)
	}
}

// text appends a text node to the block, collapsing white space as it goes
// (the block's text never needs a second pass) and counting letters, in and
// out of links.
func (w *walker) text(s string) {
	// Menus, sidebars, site footers and forms are never read for their text
	// (their links are collected all the same): skip copying it.
	if z := w.zone(); z == zoneNav || z == zoneAside || z == zoneFooter || z == zoneForm {
		return
	}
	// Fast path: text that holds no white space but single ASCII spaces
	// (found with a few vectorized scans) is copied in one go.
	if plainText(s) && w.linkOpen == 0 {
		if s[0] == ' ' {
			w.space = w.started
			s = s[1:]
		}
		trailing := len(s) > 0 && s[len(s)-1] == ' '
		if trailing {
			s = s[:len(s)-1]
		}
		if s != "" {
			if w.space {
				w.arena = append(w.arena, ' ')
			}
			w.arena = append(w.arena, s...)
			w.started = true
			w.space = false
		}
		if trailing {
			w.space = w.started
		}
		return
	}
	// Work on locals and store them back once: storing the slice into the
	// heap-allocated walker for every word would pay a write barrier each
	// time during a GC.
	buf, space, started := w.arena, w.space, w.started
	for i := 0; i < len(s); {
		c := s[i]
		var j int
		if c < utf8.RuneSelf {
			if c <= ' ' && (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
				space = started
				i++
				continue
			}
			// ASCII fast path: most of the markup's text.
			j = i + 1
			for j < len(s) && s[j] > ' ' && s[j] < utf8.RuneSelf {
				j++
			}
		} else {
			r, n := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				space = started
				i += n
				continue
			}
			j = i + n
		}
		if space {
			buf = append(buf, ' ')
			space = false
		}
		started = true
		buf = append(buf, s[i:j]...)
		if w.linkOpen > 0 {
			w.cur.linkRunes += int32(countLetters(s[i:j]))
		}
		i = j
	}
	w.arena, w.space, w.started = buf, space, started
}

// plainText reports text whose only white space is single ASCII spaces: no
// newline, tab, CR, FF, VT, double space, or the lead bytes of Unicode spaces
// (U+0085 and U+00A0: C2; U+1680: E1; U+2000-U+205F: E2; U+3000: E3).
func plainText(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range [...]byte{'\n', '\t', '\r', '\f', '\v', 0xC2, 0xE1, 0xE2, 0xE3} {
		if strings.IndexByte(s, c) >= 0 {
			return false
		}
	}
	return !strings.Contains(s, "  ")
}

func isASCIIAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func (w *walker) head(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			w.walk(c)
		}
	}
}

func (w *walker) metaTag(n *html.Node) {
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
	if _, dup := w.p.meta[key]; !dup {
		v := attr(n, "content")
		if v == "" {
			v = attr(n, "datetime")
		}
		w.p.meta[key] = v
	}
}

// link resolves href and records it when it is in scope: http or https, same
// host as the page, fragment dropped. It reports whether href leads to a post.
// Resolutions are cached: a page repeats its menu and post links.
func (w *walker) link(href string) bool {
	if r, ok := w.resolved[href]; ok {
		return r
	}
	abs, post := w.resolve(href)
	w.resolved[href] = post
	if abs != "" && !w.seen[abs] {
		w.seen[abs] = true
		w.p.links = append(w.p.links, abs)
	}
	return post
}

// rootRelative resolves the common "/en/news?page=2" without url.Parse: a
// path from the root made only of characters that url.URL.String would
// write unchanged, and no dot segments. ok is false for anything else.
func (w *walker) rootRelative(href string) (string, bool) {
	if w.origin == "" || len(href) < 1 || href[0] != '/' || len(href) > 1 && href[1] == '/' {
		return "", false
	}
	end := len(href)
	for i := 0; i < len(href); i++ {
		c := href[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == '/', c == '-', c == '_', c == '~', c == '=', c == '&':
		case c == '.':
			if i > 0 && href[i-1] == '/' {
				return "", false // "/./" or "/../"
			}
		case c == '?', c == '+', c == ',':
		case c == '%':
			// A valid escape is written back as it is by url.URL.String.
			if i+2 >= len(href) || !isHex(href[i+1]) || !isHex(href[i+2]) {
				return "", false
			}
		case c == '#':
			end = i
			i = len(href)
		default:
			return "", false // non-ASCII, spaces, ...: let net/url decide
		}
	}
	return w.origin + href[:end], true
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// resolve returns the absolute in-scope URL of href ("" when off-site or
// not http) and whether it is a post address.
func (w *walker) resolve(href string) (string, bool) {
	href = strings.TrimSpace(href)
	if href == "" || href[0] == '#' || w.base == nil {
		return "", false
	}
	if abs, ok := w.rootRelative(href); ok {
		post := strings.Contains(abs, "post/") && postPathRe.MatchString(abs[len(w.origin):])
		return abs, post
	}
	if i := strings.IndexByte(href, ':'); i > 0 && i < 12 {
		switch strings.ToLower(href[:i]) {
		case "http", "https":
		default:
			return "", false // mailto:, javascript:, data:, file:, tel:, ...
		}
	}
	u, err := w.base.Parse(href)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", false
	}
	u.Fragment = ""
	u.RawFragment = ""
	post := strings.Contains(u.Path, "post/") && postPathRe.MatchString(u.Path)
	if keyHostPort(u) != w.host {
		return "", post
	}
	return u.String(), post
}
