package parse

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// hint is what a theme's markup suggests an element is. Hints come from tag
// names and from the words of id and class attributes; they decide nothing
// alone: the text decides the rest, and an element that holds the post's
// title or most of the page's text is never thrown away on a hint.
type hint uint8

const (
	hintNone     hint = iota
	hintDrop          // menus, sidebars, share/tag/related boxes, counters, tables of contents: never content
	hintEdge          // a header or footer: the site's outside the post, the post's own meta inside it
	hintMeta          // a date, byline or caption line: read for dates and bylines, never content
	hintComments      // the comments section
	hintCrumbs        // breadcrumbs: read for the section, then dropped
	hintTitle         // a title, heading or headline
	hintContent       // the post's text: entry-content, post-body, NewsBody ...
)

// hintWords maps the words themes use in ids and classes to hints. Words are
// whole: "post-share-buttons" is post, share, buttons; "NewsTitle" is news,
// title; so "has-sidebar" on a page wrapper is a word of its own, and the
// wrapper is protected by the size rule, not by the list.
var hintWords = func() map[string]hint {
	m := map[string]hint{}
	add := func(h hint, words ...string) {
		for _, w := range words {
			m[w] = h
		}
	}
	add(hintDrop, "nav", "navbar", "navigation", "menu", "menubar", "menus", "submenu", "mnu", "tabs",
		"sidebar", "side", "widget", "widgets", "moduletable", "sidebox",
		"share", "shares", "sharing", "sharer", "social", "addthis", "sharethis", "sociable",
		"related", "relateditems", "readalso", "seealso", "readmore",
		"tags", "tagcloud", "labels", "keywords",
		"pager", "pagination", "pagenav", "paging", "prev", "previous", "next", "nextprev", "prevnext",
		"print", "hits", "counter", "visitors", "invisible", "ad", "ads", "advert", "advertisement", "adsense", "sponsor", "sponsored",
		"newsletter", "subscribe", "poll", "search", "searchform", "login", "feeds", "feed",
		"ticker", "breaking", "marquee", "clock", "weather", "bio", "authorbox", "tools", "newstools",
		"signature", "signaturecontainer", "editsection",
		"popup", "cookie", "cookies", "consent", "gdpr", "donate", "donation", "donations", "paywall")
	add(hintEdge, "header", "masthead", "topbar", "hdr", "topline", "banner",
		"footer", "foot", "colophon", "copyright")
	add(hintMeta, "meta", "postmeta", "byline", "info", "date", "createdate", "modifydate", "time", "timestamp",
		"posted", "author", "caption", "dateline", "postmetadata")
	add(hintComments, "comments", "commentlist", "cmts", "replies", "responses", "disqus", "jcomments", "jc", "talkback")
	add(hintCrumbs, "breadcrumb", "breadcrumbs", "crumb", "crumbs", "pathway")
	add(hintTitle, "title", "headline", "heading", "contentheading", "ttl")
	add(hintContent, "articlebody", "newsbody", "postbody", "entrycontent", "txt")
	return m
}()

// hintPairs are two words in a row that mean more than each alone, keyed
// "first second".
var hintPairs = map[string]hint{
	"read also": hintDrop, "see also": hintDrop, "screen reader": hintDrop, "sr only": hintDrop,
	"visually hidden": hintDrop, "element hidden": hintDrop, "about author": hintDrop, "author box": hintDrop,
	"author info": hintDrop, "top bar": hintEdge, "site info": hintEdge, "views label": hintMeta,
	// Blogger's day over its posts ("date-header"), not the site's header.
	"date header": hintMeta,
	// Bootstrap's accordion (5: accordion-header, 4: a card-header over a
	// collapse): the header of one panel, its title, not the site's.
	"accordion header": hintTitle, "card header": hintTitle,
	// A page builder's tabs widget holds the post's text in its panels
	// (WPBakery's vc_tta-tabs, Elementor's elementor-tabs and
	// elementor-widget-tabs): only the row of tab labels is a menu.
	"tta tabs": hintNone, "elementor tabs": hintNone, "widget tabs": hintNone,
	"tabs list": hintDrop, "tabs wrapper": hintDrop,
	// jQuery UI names every widget it draws "ui-widget" (an accordion, its
	// panels "ui-widget-content"): the post's own box, not a sidebar's.
	"ui widget": hintNone,
	// Facebook's SDK names each plugin it draws "fb_iframe_widget" (its
	// comments among them): an embedded frame, not a sidebar's widget.
	"iframe widget": hintNone,
	// MediaWiki's tagline under the title ("From Basra Memory Wiki").
	"site sub": hintDrop,
	// A header or footer named for the post is the post's own: its meta lines, not the site's edge.
	"article head": hintMeta, "article header": hintMeta, "article foot": hintMeta, "article footer": hintMeta,
	"post head": hintMeta, "post header": hintMeta, "post foot": hintMeta, "post footer": hintMeta,
	"entry head": hintMeta, "entry header": hintMeta, "entry foot": hintMeta, "entry footer": hintMeta,
	"story head": hintMeta, "story header": hintMeta, "story foot": hintMeta, "story footer": hintMeta,
	"comment list": hintComments, "comment area": hintComments, "comment box": hintComments,
	"comment block": hintComments, "comment section": hintComments, "comment wrap": hintComments,
	"comments area": hintComments,
	// Drupal 8 and later: the section of a node's comment field.
	"comment wrapper": hintComments,
	// A class that says what the element is not ("wsite-not-footer", Weebly's
	// main content; WordPress's body class "no-sidebar") is no hint of it.
	"not footer": hintNone, "no footer": hintNone, "not header": hintNone, "no header": hintNone,
	"not sidebar": hintNone, "no sidebar": hintNone, "without sidebar": hintNone,
	"entry content": hintContent, "post content": hintContent, "post body": hintContent,
	"article body": hintContent, "article content": hintContent, "news body": hintContent,
	"story body": hintContent, "entry body": hintContent, "post text": hintContent,
	"article text": hintContent, "news text": hintContent,
}

// hintRank orders hints when an element's words suggest several: comments
// over breadcrumbs over dropping over the rest.
var hintRank = [...]int{hintNone: 0, hintContent: 1, hintTitle: 2, hintMeta: 3, hintEdge: 4, hintDrop: 5, hintCrumbs: 6, hintComments: 7}

// classHint is the strongest hint of n's id and class words; a pair of
// words ("read also") wins over its words alone.
func classHint(n *html.Node) hint {
	best := hintNone
	for _, a := range n.Attr {
		if a.Key != "class" && a.Key != "id" {
			continue
		}
		// A heading's id is an anchor made of its text (Hugo, Markdown):
		// "next" for "What comes next?" says nothing of chrome.
		anchor := a.Key == "id" && headingLevel(n.DataAtom) > 0
		it := words{v: a.Val}
		with := false
		for it.next() {
			// A class token's words after "with" say what the element
			// is beside, not what it is: Docusaurus names every heading
			// "anchorWithStickyNavbar", a wrapper "page-with-sidebar".
			if it.prevLen == 0 {
				with = false
			}
			if with {
				continue
			}
			if string(it.word()) == "with" {
				with = true
				continue
			}
			h, ok := hintPairs[string(it.pair())]
			if !ok {
				h = hintWords[string(it.word())]
			}
			if anchor && (h == hintDrop || h == hintEdge) {
				continue
			}
			if hintRank[h] > hintRank[best] {
				best = h
			}
		}
	}
	return best
}

// words iterates over the words of an attribute value, lower case: tokens
// split into words at '-', '_', digits and a lower-to-upper change
// ("ReadAlso" is read, also). pair is the previous word of the same token,
// a space and the word ("" for a token's first word). The words live in the
// iterator, on the caller's stack: no allocation per element.
type words struct {
	v       string
	i       int
	n       int // length of the current word in buf
	prevLen int // length of the previous word of the token in pair, 0 at a token's start
	buf     [48]byte
	pairBuf [97]byte
}

// next moves to the next word and reports whether there is one.
func (it *words) next() bool {
	// The current word becomes the previous one.
	if it.n > 0 {
		copy(it.pairBuf[:], it.buf[:it.n])
		it.prevLen = it.n
		it.n = 0
	}
	v := it.v
	for it.i < len(v) {
		c := v[it.i]
		if isASCIILetter(c) {
			break
		}
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' {
			it.prevLen = 0 // pairs do not span class tokens
		}
		it.i++
	}
	if it.i >= len(v) {
		return false
	}
	start := it.i
	it.i++
	for it.i < len(v) && isASCIILetter(v[it.i]) && !(v[it.i] >= 'A' && v[it.i] <= 'Z' && v[it.i-1] >= 'a' && v[it.i-1] <= 'z') {
		it.i++
	}
	for k := start; k < it.i && it.n < len(it.buf); k++ {
		c := v[k]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		it.buf[it.n] = c
		it.n++
	}
	return true
}

// word is the current word.
func (it *words) word() []byte { return it.buf[:it.n] }

// pair is the previous word, a space and the current word, or nil.
func (it *words) pair() []byte {
	if it.prevLen == 0 {
		return nil
	}
	it.pairBuf[it.prevLen] = ' '
	copy(it.pairBuf[it.prevLen+1:], it.buf[:it.n])
	return it.pairBuf[:it.prevLen+1+it.n]
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// attr returns n's attribute key, or "".
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// classWord reports whether n's class holds word as one of its words
// ("field__label" holds "label"), as the hints read them.
func classWord(n *html.Node, word string) bool {
	it := words{v: attr(n, "class")}
	for it.next() {
		if string(it.word()) == word {
			return true
		}
	}
	return false
}

// hasAttrWord reports whether the space-separated attribute key of n holds
// word (ASCII, any case).
func hasAttrWord(n *html.Node, key, word string) bool {
	v := attr(n, key)
	for v != "" {
		v = strings.TrimLeft(v, " \t\n\r\f")
		end := strings.IndexAny(v, " \t\n\r\f")
		if end < 0 {
			end = len(v)
		}
		if strings.EqualFold(v[:end], word) {
			return true
		}
		v = v[end:]
	}
	return false
}

// isBoldElement reports an element that sets its text in bold: <b>,
// <strong>, or a span or font styled font-weight: bold (or 600 and more).
func isBoldElement(n *html.Node) bool {
	switch n.DataAtom {
	case atom.B, atom.Strong:
		return true
	case atom.Span, atom.Font, atom.Div, atom.P:
		st := attr(n, "style")
		if st == "" {
			return false
		}
		st = strings.ToLower(st)
		i := strings.Index(st, "font-weight")
		if i < 0 {
			return false
		}
		v := strings.TrimLeft(st[i+len("font-weight"):], " :")
		return strings.HasPrefix(v, "bold") || strings.HasPrefix(v, "600") || strings.HasPrefix(v, "700") ||
			strings.HasPrefix(v, "800") || strings.HasPrefix(v, "900")
	}
	return false
}

// isBlockAtom reports the elements that end a paragraph of text.
func isBlockAtom(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Li, atom.Ul, atom.Ol,
		atom.Section, atom.Article, atom.Header, atom.Footer, atom.Nav, atom.Aside, atom.Main, atom.Table,
		atom.Tr, atom.Td, atom.Th, atom.Blockquote, atom.Dl, atom.Dt, atom.Dd, atom.Figure, atom.Figcaption,
		atom.Form, atom.Pre, atom.Address, atom.Hr, atom.Br, atom.Body, atom.Html, atom.Details, atom.Summary,
		atom.Caption, atom.Tbody, atom.Thead, atom.Tfoot, atom.Fieldset, atom.Legend, atom.Label, atom.Center,
		atom.Hgroup, atom.Menu, atom.Dialog, atom.Dir, atom.Listing, atom.Xmp:
		return true
	}
	return false
}

// isBlockElement reports an element whose text is a paragraph of its own:
// a block element, or an inline one the page displays as a block
// (<span style="display:block">, class="block" or "d-block"). Other inline
// elements never end a word: Arabic words are often split across <span>s
// and <b>s ("<b>مح</b>مد").
func isBlockElement(n *html.Node) bool {
	if isBlockAtom(n.DataAtom) {
		return true
	}
	for _, a := range n.Attr {
		switch a.Key {
		case "style":
			if displaysAsBlock(a.Val) {
				return true
			}
		case "class":
			if hasAttrWord(n, "class", "block") || hasAttrWord(n, "class", "d-block") || hasAttrWord(n, "class", "flex") || hasAttrWord(n, "class", "d-flex") {
				return true // Tailwind's and Bootstrap's display utilities
			}
		}
	}
	return false
}

// displaysAsBlock reports an inline style that makes a box of its own:
// display block, flex, grid, list-item or table (not inline-*, none, contents).
func displaysAsBlock(style string) bool {
	i := strings.Index(strings.ToLower(style), "display")
	if i < 0 {
		return false
	}
	v := strings.TrimLeft(style[i+len("display"):], " \t")
	if !strings.HasPrefix(v, ":") {
		return false
	}
	v = strings.ToLower(strings.TrimLeft(v[1:], " \t"))
	for _, box := range []string{"block", "flex", "grid", "list-item", "table"} {
		if strings.HasPrefix(v, box) {
			return true
		}
	}
	return false
}

func headingLevel(a atom.Atom) int8 {
	switch a {
	case atom.H1:
		return 1
	case atom.H2:
		return 2
	case atom.H3:
		return 3
	case atom.H4:
		return 4
	case atom.H5:
		return 5
	case atom.H6:
		return 6
	}
	return 0
}

// countLetters counts letters and digits: link density is measured on them,
// so that "[ Print ] [ Facebook ]" counts as all links. ASCII and the Arabic
// block, most of the site's text, are read without Unicode tables.
func countLetters(s string) int {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			n += int(asciiAlnum[c])
			i++
			continue
		}
		if (c == 0xD8 || c == 0xD9) && i+1 < len(s) {
			// U+0600-U+067F: letters from U+0620 (tatweel, U+0640, too),
			// digits U+0660-U+0669; not the punctuation, the harakat
			// (U+064B-U+065F), the signs U+066A-U+066D or the superscript
			// alef U+0670 (TestCountLetters checks every rune).
			d := s[i+1]
			if c == 0xD8 && d >= 0xA0 || c == 0xD9 && (d <= 0x8A || d >= 0xA0 && d <= 0xA9 || d == 0xAE || d == 0xAF || d >= 0xB1) {
				n++
			}
			i += 2
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
		i += size
	}
	return n
}

// asciiAlnum is 1 for ASCII letters and digits.
var asciiAlnum = func() (t [128]uint8) {
	for c := 0; c < 128; c++ {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			t[c] = 1
		}
	}
	return t
}()

// hasUpper reports an ASCII upper-case letter in s.
func hasUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' {
			return true
		}
	}
	return false
}

func isASCIIAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
