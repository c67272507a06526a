package parse

import (
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// block is one paragraph-like run of text, in document order: a <p>, a
// heading, a list item, a table cell, or a run of text between <br>s.
type block struct {
	text      string    // white space collapsed, as published
	tag       atom.Atom // the block element the text sits in
	level     int8      // heading level 1-6, 0 for other blocks
	bold      string    // the leading run of bold text, "" when the block does not start in bold
	allBold   bool      // every letter of the block is bold
	meta      bool      // inside a meta line (date, byline, caption, the post's header or footer)
	letters   int32     // letters and digits of the text
	linkRunes int32     // letters and digits inside links
	postLinks int32     // links to post addresses; 1 for a heading that is one link (an entry's title on a listing)
	time      string    // the datetime (else the text) of the first <time> in the block
	timeAttr  bool      // time is a machine-readable attribute (datetime, RDFa content), not the text
	container *html.Node
	wrap      *html.Node // the inline element (italics, a colour, a class) around every letter of the block, nil when none
	leadWrap  *html.Node // such an element around the block's first letters only ("<em>Why?</em> Because ..."), nil when none
	leadEnd   int32      // where leadWrap's text ends in text
	part      part       // in a comments section: what the markup says this block is
}

// part is what a comments section's markup says a block of it is.
type part uint8

const (
	partNone   part = iota
	partAuthor      // comment-author, fn, CommentName, cite
	partDate        // comment-date, comment-meta, timestamp, <time>
	partText        // comment-body, comment-content, CommentText
	partSkip        // reply links, avatars, the comment form
)

// linkDense reports a block that is nearly all link text: a menu, a tag
// list, a "read more".
func linkDense(b block) bool {
	return b.linkRunes > 0 && b.linkRunes*10 >= b.letters*8
}

// walker turns a subtree into blocks in one pass.
type walker struct {
	blocks   []block
	buf      []byte
	started  bool
	space    bool
	cur      block
	boldLead int8 // 0: no letter yet; 1: every letter so far bold; 2: a plain letter came
	boldEnd  int
	boldLet  int32

	wraps    []*html.Node // the open inline elements that can set a block apart (isWrapElement)
	wrapNode *html.Node   // the outermost of them open at the block's first letter
	wrapOpen bool         // wrapNode is still open
	wrapLet  int32        // letters of the block inside wrapNode
	wrapEnd  int          // len(buf) when wrapNode closed, 0 while open

	bold, links, meta int
	pre               int  // inside <pre>: a blank line, or an email signature's "--" line, ends a block
	preLineStart      bool // inside <pre>, at the start of a line
	containers        []*html.Node
	parts             []part

	title            *html.Node
	titleAt, titleTo int // blocks of the title: [titleAt, titleTo)
	comments         bool
	pageSize         int    // a hint on an element holding this much text or more (x0.4) is not believed
	category         string // the text of the first rel=category link
}

// readBlocks walks n into blocks. title, when not nil, is made blocks of
// its own, and their range is returned.
// It also returns the text of the first category link (rel=category):
// the chrome is gone, so it is the post's own.
func readBlocks(n, title *html.Node, pageSize int) (blocks []block, titleAt, titleTo int, category string) {
	w := &walker{title: title, titleAt: -1, titleTo: -1, blocks: make([]block, 0, 128), containers: []*html.Node{n}, pageSize: pageSize}
	w.walk(n)
	w.flush()
	return w.blocks, w.titleAt, w.titleTo, w.category
}

// readCommentBlocks walks a comments section into blocks that carry what
// the markup says of them (author, date, text).
func readCommentBlocks(n *html.Node) []block {
	w := &walker{comments: true, titleAt: -1, containers: []*html.Node{n}, parts: []part{partNone}}
	w.walk(n)
	w.flush()
	return w.blocks
}

func (w *walker) flush() {
	if len(w.buf) > 0 {
		b := w.cur
		b.text = string(w.buf)
		b.container = w.containers[len(w.containers)-1]
		b.tag = b.container.DataAtom
		b.level = headingLevel(b.tag)
		if b.level == 0 {
			b.level = ariaHeadingLevel(b.container)
		}
		if b.level > 0 && b.postLinks == 0 && b.linkRunes == b.letters && b.letters > 0 {
			b.postLinks = 1 // an entry's title, whatever its address looks like
		}
		if w.boldEnd > 0 {
			b.bold = strings.TrimRight(b.text[:min(w.boldEnd, len(b.text))], " ")
		}
		b.allBold = b.letters > 0 && w.boldLet == b.letters
		if b.letters > 0 && w.wrapLet == b.letters {
			b.wrap = w.wrapNode
		} else if w.wrapLet > 0 && w.wrapEnd > 0 && w.wrapEnd < len(b.text) {
			b.leadWrap, b.leadEnd = w.wrapNode, int32(w.wrapEnd)
		}
		w.blocks = append(w.blocks, b)
	}
	w.buf = w.buf[:0]
	w.cur = block{}
	w.started, w.space = false, false
	w.boldLead, w.boldEnd, w.boldLet = 0, 0, 0
	w.wrapNode, w.wrapOpen, w.wrapLet, w.wrapEnd = nil, false, 0, 0
}

func (w *walker) walk(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			if w.pre > 0 {
				w.preText(c.Data)
				continue
			}
			w.text(c.Data)
		case html.ElementNode:
			w.element(c)
		}
	}
}

func (w *walker) element(n *html.Node) {
	if n == w.title {
		w.flush()
		w.titleAt = len(w.blocks)
		w.walk(n)
		w.flush()
		w.titleTo = len(w.blocks)
		return
	}
	block := isBlockElement(n)
	if block {
		w.flush()
		if n.DataAtom == atom.Br || n.DataAtom == atom.Hr {
			return
		}
		w.containers = append(w.containers, n)
	}
	meta := false
	if !w.comments {
		switch classHint(n) {
		case hintMeta, hintEdge:
			meta = true
		}
		// An <address> is its post's contact line: LaTeX2HTML's author and date under the text.
		meta = meta || n.DataAtom == atom.Header || n.DataAtom == atom.Footer || n.DataAtom == atom.Address || n.DataAtom == atom.Figcaption && captionsMedia(n)
		if meta && w.meta == 0 && textSize(n)*10 >= w.pageSize*4 {
			meta = false // a wrapper that holds the page is not a meta line, whatever its class
		}
	}
	if meta {
		w.meta++
	}
	if w.comments {
		// Each part of a comment (its author, its date, its text) is a
		// block of its own, even when the theme writes it inline:
		// <p><span class="fn">Ali</span>: text</p>. What the markup says
		// is never read (reply links, avatars, the form) is left out.
		p := commentPart(n, w.parts[len(w.parts)-1])
		if p == partSkip {
			if block {
				w.containers = w.containers[:len(w.containers)-1]
			}
			if d := dateElementIn(n); d != nil {
				// A row of actions that holds the comment's date
				// (Facebook's "Like · Reply · 6 October 2022"): the
				// date is read, the buttons are not.
				w.flush()
				w.parts = append(w.parts, partDate)
				w.walk(d)
				w.flush()
				w.parts = w.parts[:len(w.parts)-1]
			}
			return
		}
		if p != w.partOfBlock() {
			w.flush()
		}
		w.parts = append(w.parts, p)
	}
	bold := isBoldElement(n)
	if bold {
		w.bold++
	}
	wrap := !block && !w.comments && isWrapElement(n)
	if wrap {
		w.wraps = append(w.wraps, n)
	}
	if w.cur.time == "" && !eventDate(n) {
		if v := machineDateAttr(n); v != "" {
			w.cur.time, w.cur.timeAttr = v, true
		} else if w.comments {
			if v := tooltipDate(n); v != "" {
				w.cur.time, w.cur.timeAttr = v, true
			}
		}
	}
	switch n.DataAtom {
	case atom.Pre, atom.Xmp, atom.Listing:
		w.pre++
		w.preLineStart = true
		w.walk(n)
		w.pre--
	case atom.A:
		href := attr(n, "href")
		if strings.Contains(href, "post/") && isPostHref(href) {
			w.cur.postLinks++
		}
		// A heading's anchor to itself (Hugo's, GitHub's <h2 id="x"><a
		// href="#x">, an old page's <a name="q1">) is the heading's
		// permalink or target, not a link away: its text is the heading's.
		anchor := (href == "" || href[0] == '#') && headingLevel(w.containers[len(w.containers)-1].DataAtom) > 0 ||
			placeholderLink(n, href, w.containers[len(w.containers)-1])
		if !anchor && href != "" && len(w.buf) > 0 && !w.space && endsInLetter(w.buf) {
			// A link set right after a word is a word of its own: a
			// listing's "<span class=cat>حوارات</span><a>title</a>"
			// displays them apart; a word is split across <b>s and
			// <span>s, not across a link to elsewhere.
			w.space = true
		}
		at := len(w.buf)
		if !anchor {
			w.links++
		}
		w.walk(n)
		if !anchor {
			w.links--
		}
		if w.category == "" && (hasAttrWord(n, "rel", "category") || hasAttrWord(n, "class", "category")) && at <= len(w.buf) {
			w.category = trimText(string(w.buf[at:]), "")
		}
	case atom.Img:
		// A question set as a picture (a card of an Instagram series, a
		// scanned page) is read from its alt text, when the picture stands
		// alone in its block and the text asks: a photograph's description
		// ("Wisam Shawkat in his studio") stays out.
		if alt := trimText(attr(n, "alt"), ""); !w.comments && len(w.buf) == 0 && endsQuestion(alt) &&
			textSize(w.containers[len(w.containers)-1]) == 0 {
			w.text(alt)
		}
	case atom.Time:
		at := len(w.buf)
		w.walk(n)
		if w.cur.time == "" && !eventDate(n) {
			if v := attr(n, "datetime"); v != "" {
				w.cur.time, w.cur.timeAttr = v, true
			} else if at <= len(w.buf) {
				w.cur.time = trimText(string(w.buf[at:]), "")
			}
		}
	default:
		w.walk(n)
	}
	if bold {
		w.bold--
	}
	if wrap {
		w.wraps = w.wraps[:len(w.wraps)-1]
		if n == w.wrapNode && w.wrapOpen {
			w.wrapOpen, w.wrapEnd = false, len(w.buf)
		}
	}
	if meta {
		w.meta--
	}
	if w.comments {
		if w.parts = w.parts[:len(w.parts)-1]; w.parts[len(w.parts)-1] != w.partOfBlock() {
			w.flush()
		}
	}
	if block {
		w.flush()
		w.containers = w.containers[:len(w.containers)-1]
	}
}

// ariaHeadingLevel is the heading level WAI-ARIA gives an element that is
// no <h1>-<h6>: role=heading (its aria-level, else 2), or role=tab, the
// title of a tab panel (Elementor's tabs write each panel's title so,
// again over the panel for small screens), 4. It is 0 for any other.
func ariaHeadingLevel(n *html.Node) int8 {
	switch strings.ToLower(attr(n, "role")) {
	case "heading":
		if l := attr(n, "aria-level"); len(l) == 1 && l[0] >= '1' && l[0] <= '6' {
			return int8(l[0] - '0')
		}
		return 2
	case "tab":
		return 4
	}
	return 0
}

// placeholderLink reports an <a> that leads nowhere (no href, or an
// empty one, a bare "#" or a script) set in a disclosure control: on it
// or up to its block, role=button, aria-expanded, or a class word of an
// accordion, toggle or spoiler. Elementor's toggles and accordions write
// each panel's title so (<div class="elementor-tab-title" role="button"
// aria-expanded="false"><a tabindex="0">Q?</a></div>), and Foundation's
// accordion (<a href="#" class="accordion-title">Q?</a>): the title is
// text, a question over its panel, not a link away. A bare <a>Reply</a>
// under a comment is still a link, read as the chrome it is.
func placeholderLink(n *html.Node, href string, container *html.Node) bool {
	if href = strings.TrimSpace(href); href != "" && href != "#" && !strings.HasPrefix(strings.ToLower(href), "javascript:") {
		return false
	}
	for a := n; a != nil && a.Type == html.ElementNode; a = a.Parent {
		if strings.EqualFold(attr(a, "role"), "button") || hasWordOf(a, disclosureWords) {
			return true
		}
		if _, ok := attrOK(a, "aria-expanded"); ok {
			return true
		}
		if a == container {
			break
		}
	}
	return false
}

// disclosureWords are the class words of the widgets that show and hide a
// panel under its title.
var disclosureWords = map[string]bool{"accordion": true, "toggle": true, "collapse": true, "collapsible": true, "spoiler": true, "expander": true}

// isWrapElement reports an inline element that can set a paragraph apart
// from the ones around it: italics, underlining, a quotation, a <font>, or
// a <span> (or a bold element) the theme gives a style or a class. Plain
// bold is read apart (block.allBold).
func isWrapElement(n *html.Node) bool {
	switch n.DataAtom {
	case atom.I, atom.Em, atom.U, atom.Cite, atom.Q, atom.Mark, atom.Font, atom.Ins, atom.Big:
		return true
	case atom.Span, atom.B, atom.Strong:
		for _, a := range n.Attr {
			if a.Key == "style" || a.Key == "class" || a.Key == "color" {
				return true
			}
		}
	}
	return false
}

// partOfBlock is the part of the text being gathered: the innermost part
// when the block started. Text after a part ends is another block.
func (w *walker) partOfBlock() part {
	if len(w.buf) == 0 {
		return w.parts[len(w.parts)-1]
	}
	return w.cur.part
}

// machineDateAttr is the date an element states for machines besides
// <time datetime>: RDFa (property="dc:date", content="..."), microdata
// (itemprop="datePublished", content or datetime) or hAtom's abbr.published.
func machineDateAttr(n *html.Node) string {
	var prop, content string
	for _, a := range n.Attr {
		switch a.Key {
		case "property", "itemprop":
			prop = a.Val
		case "content", "datetime":
			content = a.Val
		}
	}
	if n.DataAtom == atom.Abbr && hasAttrWord(n, "class", "published") {
		// hAtom's <abbr class="published" title="2011-05-01T18:20:00+03:00">:
		// the title is the date for machines, the text for readers.
		t := strings.TrimSpace(attr(n, "title"))
		if loc := isoDateRe.FindStringIndex(t); loc != nil && loc[0] == 0 {
			return t
		}
	}
	if ms := attr(n, "data-time"); len(ms) == 13 && isDigits(ms) && hasAttrWord(n, "class", "relative-date") {
		// Discourse's <span class="relative-date" data-time="1709294400000"
		// title="Mar 1, 2024 12:00 pm">Mar 1</span>: the time in
		// milliseconds is for machines, the text a short form of it.
		if v, err := strconv.ParseInt(ms, 10, 64); err == nil {
			return time.UnixMilli(v).UTC().Format(time.RFC3339)
		}
	}
	if content == "" || prop == "" {
		return ""
	}
	if strings.Contains(prop, "dc:date") || strings.Contains(prop, "dc:created") || strings.Contains(prop, "datePublished") || strings.Contains(prop, "dateCreated") {
		return content
	}
	return ""
}

// tooltipDate is the date a comment's "1 year ago" carries in its title
// for the reader who hovers it (Commento's <div class="commento-timeago"
// title="Tue Aug 22 2023">, Disqus' <a class="time-ago" title="Tuesday,
// August 22, 2023 1:05 PM">), as YYYY-MM-DD; "" when the element's text is
// no relative date or its title no date.
func tooltipDate(n *html.Node) string {
	t := attr(n, "title")
	if t == "" || len(t) > 80 {
		return ""
	}
	d := dateOnly(t)
	if d == "" {
		return ""
	}
	if text := textOf(n); len(text) > 40 || !relativeDateRe.MatchString(normalizeArabic(text)) {
		return ""
	}
	return d
}

// dateElementIn is the first <time> or <abbr> under n whose text is a date, or
// nil; a form's fields hold none.
func dateElementIn(n *html.Node) *html.Node {
	if n.DataAtom == atom.Form {
		return nil
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if c.DataAtom == atom.Time || c.DataAtom == atom.Abbr {
			if t := textOf(c); len(t) <= 80 && (dateOnly(t) != "" || relativeDateRe.MatchString(normalizeArabic(t))) {
				return c
			}
			continue
		}
		if d := dateElementIn(c); d != nil {
			return d
		}
	}
	return nil
}

// isPostHref reports a link to a post address (/post/{id}, /en/post/{id}).
func isPostHref(href string) bool {
	u, err := url.Parse(strings.TrimSpace(href))
	return err == nil && postPathRe.MatchString(u.Path)
}

// preText reads the text of a <pre> (a plain-text newsletter, an email
// pasted whole): its lines are wrapped at a width, so a line break is a
// space, but a blank line ends a paragraph, and so does the "--" line
// an email's signature starts with, which is a block of its own.
func (w *walker) preText(s string) {
	for {
		line, rest, more := strings.Cut(s, "\n")
		switch t := strings.TrimSpace(line); {
		case w.preLineStart && t == "" && more:
			w.flush() // a blank line
		case w.preLineStart && t == "--":
			w.flush()
			w.text(t)
			w.flush()
		default:
			w.text(line)
			if line != "" {
				w.preLineStart = false
			}
		}
		if !more {
			return
		}
		w.space = w.started
		w.preLineStart = true
		s = rest
	}
}

// text appends a text node to the block in one pass: white space is
// collapsed as it goes (the block's text never needs a second pass) and the
// letters are counted, in and out of links and bold.
func (w *walker) text(s string) {
	letters := 0
	start := -1 // start of the run of text being read, -1 in white space
	for i := 0; i < len(s); {
		c := s[i]
		if c > ' ' && c < utf8.RuneSelf {
			// A word in ASCII, read to its end in one loop.
			if start < 0 {
				start = i
			}
			for ; i < len(s) && s[i] > ' ' && s[i] < utf8.RuneSelf; i++ {
				letters += int(asciiAlnum[s[i]])
			}
			continue
		}
		if c < utf8.RuneSelf {
			if c == ' ' && start >= 0 && i+1 < len(s) && (s[i+1] > ' ' && s[i+1] < utf8.RuneSelf || s[i+1] == 0xD8 || s[i+1] == 0xD9) {
				i++ // one space before a word stays in the run: nothing to collapse
				continue
			}
			if c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v' {
				if start >= 0 {
					w.appendRun(s[start:i])
					start = -1
				}
				w.space = w.started
			} else {
				if start < 0 {
					start = i
				}
				letters += int(asciiAlnum[c])
			}
			i++
			continue
		}
		size := 2
		switch {
		case c == 0xD8 || c == 0xD9:
			// The Arabic block: never a space (see countLetters).
			if i+1 < len(s) {
				d := s[i+1]
				if c == 0xD8 && d >= 0xA0 || c == 0xD9 && (d <= 0x8A || d >= 0xA0 && d <= 0xA9 || d == 0xAE || d == 0xAF || d >= 0xB1) {
					letters++
				}
			}
		default:
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			if (c == 0xC2 || c == 0xE1 || c == 0xE2 || c == 0xE3) && unicode.IsSpace(r) {
				if start >= 0 {
					w.appendRun(s[start:i])
					start = -1
				}
				w.space = w.started
				i += size
				continue
			}
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				letters++
			}
		}
		if start < 0 {
			start = i
		}
		i += size
	}
	if start >= 0 {
		w.appendRun(s[start:])
	}
	w.count(int32(letters))
}

// count adds the letters of a text to the block, in and out of links and
// bold.
func (w *walker) count(letters int32) {
	if letters == 0 {
		return
	}
	switch {
	case w.boldLead == 0 && w.bold > 0:
		w.boldLead = 1
	case w.boldLead == 0:
		w.boldLead = 2
	case w.boldLead == 1 && w.bold == 0:
		w.boldLead = 2
	}
	if w.bold > 0 {
		w.boldLet += letters
		if w.boldLead == 1 {
			w.boldEnd = len(w.buf)
		}
	}
	if w.meta > 0 {
		w.cur.meta = true
	}
	if w.cur.letters == 0 && len(w.wraps) > 0 {
		w.wrapNode, w.wrapOpen = w.wraps[0], true
	}
	if w.wrapOpen {
		w.wrapLet += letters
	}
	w.cur.letters += letters
	if w.links > 0 {
		w.cur.linkRunes += letters
	}
}

// appendRun appends text that holds no white space, after the pending space.
func (w *walker) appendRun(s string) {
	if w.comments && len(w.buf) == 0 {
		w.cur.part = w.parts[len(w.parts)-1]
	}
	if w.space {
		w.buf = append(w.buf, ' ')
		w.space = false
	}
	w.buf = append(w.buf, s...)
	w.started = true
}

// eventDate reports an element that holds an event's date, not the post's:
// schema.org's startDate, endDate and doorTime (<time itemprop="startDate">
// on a seminar's page is the day it is held).
func eventDate(n *html.Node) bool {
	for _, a := range n.Attr {
		if a.Key != "itemprop" && a.Key != "property" {
			continue
		}
		v := strings.ToLower(a.Val)
		if strings.Contains(v, "startdate") || strings.Contains(v, "enddate") || strings.Contains(v, "doortime") {
			return true
		}
	}
	return false
}

// endsInLetter reports text whose last rune is a letter.
func endsInLetter(b []byte) bool {
	r, _ := utf8.DecodeLastRune(b)
	return unicode.IsLetter(r)
}

// captionsMedia reports a <figcaption> whose figure shows a picture, a
// video or an embed: a caption, the post's meta line. A figure of text
// alone (a theme that sets each question in the figcaption over its answer)
// has its caption as text.
func captionsMedia(caption *html.Node) bool {
	fig := caption.Parent
	if fig == nil || fig.DataAtom != atom.Figure {
		return true
	}
	for e := range fig.Descendants() {
		switch e.DataAtom {
		case atom.Img, atom.Picture, atom.Video, atom.Audio, atom.Iframe, atom.Svg, atom.Object, atom.Embed, atom.Canvas:
			return true
		}
	}
	return false
}
