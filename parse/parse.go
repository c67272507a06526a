package parse

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Version is the parser version recorded in every Document. Bump it whenever
// the output for some page changes, so that the archive can tell which
// versions came from an older parser and reparse them.
const Version = "9"

// Parser names, one per kind of page.
const (
	ParserInterview = "hewar-interview"
	ParserArticle   = "hewar-article"
	ParserListing   = "hewar-listing"
	ParserPage      = "hewar-page"
)

// Parse turns one fetched page into a Document. url is the address that
// answered (after redirects), contentType the response's Content-Type (may be
// empty), fetchedAt the capture time (used only to flag dates in the future).
// It does no I/O and reads no clock: the same arguments give the same
// Document.
//
// One pipeline serves every page, whatever its theme:
//
//	decode -> DOM (goquery) -> read the head, links, breadcrumbs, dates
//	       -> find the title -> take out the comments -> strip the chrome
//	       -> blocks -> the post's range (hints, then text density)
//	       -> classify (date line, byline, chrome lines) -> turns -> fields
func Parse(rawURL, contentType string, body []byte, fetchedAt time.Time) (*Document, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, ErrEmpty
	}
	if !isHTML(contentType, body) {
		return nil, ErrNotHTML
	}
	text, _, err := decode(body, contentType)
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", rawURL, err)
	}
	if isXHTML(contentType, text) {
		text = closeEmptyElements(text)
	}
	root, err := html.Parse(bytes.NewReader(text))
	if err != nil {
		return nil, fmt.Errorf("parse %s: html: %w", rawURL, err)
	}
	base, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || base.Scheme == "" && base.Host == "" && rawURL != "" {
		base = nil
	}
	doc := goquery.NewDocumentFromNode(root)
	p := readPage(doc, base)
	dropInvisible(doc)
	titleNode, title := findTitle(p)
	comments := findComments(doc, p.body, titleNode, p.size)
	comments = append(comments, findReplies(p.body, titleNode, p.size, p.authors)...)
	stripChrome(doc, titleNode, p.size)
	var blocks []block
	titleAt, titleTo := -1, -1
	category := ""
	if p.body != nil {
		blocks, titleAt, titleTo, category = readBlocks(p.body, titleNode, p.size)
	}

	urlKey := DocKey(rawURL)
	d := &Document{
		URL:      rawURL,
		DocKey:   urlKey,
		QA:       []QA{},
		Links:    p.links,
		Comments: comments,
		Warnings: []Warning{},
	}
	if rawURL == "" {
		d.DocKey = ""
	}
	_, _, isPost := PostID(rawURL)
	if _, wp := WordPressPostID(rawURL); !isPost && !wp && rawURL != "" {
		// A page of the old WordPress site under a pretty address
		// (/2016/03/slug/) is the post its shortlink names.
		if id, ok := WordPressPostID(p.shortURL); ok {
			d.DocKey = wordPressKey(id)
		} else if key, ok := mirroredPost(p); ok {
			d.DocKey = key
		}
	}
	if titleAt >= 0 {
		titleAt, titleTo, titleNode = postHeading(blocks, titleAt, titleTo, titleNode, title)
	}
	var pdfPage bool
	blocks, titleAt, titleTo, pdfPage = joinPositionedLines(blocks, titleAt, titleTo)
	blocks, titleAt, titleTo = joinRowCells(blocks, titleAt, titleTo)
	blocks, titleAt, titleTo = joinDataRows(blocks, titleAt, titleTo)
	listing := !isPost && (isListingURL(base) || postLinkBlocks(blocks, titleTo) >= 3 && (isHomePath(base) || !relatedLinksOnly(blocks, titleTo)))
	home := listing && isHomePath(base) && titleAt >= 0 && !repeatsTitleKey(p, title)
	if home {
		// A home page's first widget heading ("Latest news") is no title:
		// the page is the site's, and its items are read from the top.
		titleAt, titleTo, titleNode = -1, -1, nil
	}
	from, to := mainRange(blocks, titleAt, titleTo, listing)
	for pdfPage && to < len(blocks) && positionedLine(blocks[to]) {
		to++ // the PDF's next pages: each page is an element of its own, the post all of them
	}
	if titleAt < 0 && !listing {
		if i := titledBoxBefore(blocks, from); i >= 0 {
			titleAt, titleTo, titleNode, title = i, i+1, blocks[i].container, blocks[i].text
			from, to = mainRange(blocks, titleAt, titleTo, listing)
		}
	}
	to = signatureStart(blocks, from, to)
	c := sortContent(blocks[from:to], listing)
	c.description = p.meta["og:description"]
	if c.description == "" {
		c.description = p.meta["description"]
	}
	if c.description == "" && titleTo >= 0 && titleTo < len(blocks) && blocks[titleTo].meta && blocks[titleTo].level > 0 {
		c.description = blocks[titleTo].text // the dek under the title: "A conversation with Hana Yousif, the librarian who ..."
	}
	if titleTo >= 0 && titleTo < len(blocks) && blocks[titleTo].meta && blocks[titleTo].level == 0 && isDek(blocks[titleTo].text) {
		c.dek = blocks[titleTo].text // Ghost's excerpt in the post's header: "The economist X, of ..., answers our questions on ..."
	}
	if titleAt > 0 && !listing {
		readAboveTitle(&c, blocks, titleAt, titleNode)
	}
	if titleAt >= 0 && !listing {
		readBelowText(&c, blocks, to, titleNode)
	}
	c.blocks = dropSiteLine(c.blocks, p, title)
	feedTitle := ""
	if n := len(c.blocks); n > 0 {
		if m := feedFooter(trimText(c.blocks[n-1].text, "")); m != nil {
			// A feed item's HTML served as a page ends with the feed's
			// footer: "The post X appeared first on Y." names the post,
			// and is no text of it.
			feedTitle, c.blocks = trimText(m[1]+m[2], ""), c.blocks[:n-1]
		}
	}
	if titleAt < 0 && !home {
		title = cleanTitleTag(p)
		if title == "" && len(c.blocks) > 3 && isIssueLine(c.blocks[0].text) && titleLine(c.blocks[1]) {
			// A magazine's page: "حوار الفكر - العدد (٤٤) - حزيران ٢٠١٨" over the title.
			title, c.blocks = c.blocks[1].text, append(c.blocks[:1:1], c.blocks[2:]...)
		} else if title == "" && len(c.blocks) > 2 && (isHeadingBlock(c.blocks[0]) || titleLine(c.blocks[0])) {
			title, c.blocks = c.blocks[0].text, c.blocks[1:]
		} else if i := boldTitleLine(c.blocks, title); i >= 0 {
			title, c.blocks = c.blocks[i].text, append(c.blocks[:i:i], c.blocks[i+1:]...)
		}
		if title == "" {
			title = feedTitle
		}
		d.Warnings = append(d.Warnings, Warning{Code: WarnGenericLayout, Where: "",
			Detail: "no heading repeats the page's title: the content was found by its text alone"})
	}
	if home {
		title = homeTitle(p)
	}
	d.Title = title
	d.Lang = pageLang(base, p, c.blocks)
	if d.DocKey == urlKey && rawURL != "" {
		d.DocKey = DocKeyLang(rawURL, d.Lang)
	}
	d.Section = section(base, p, category, title)
	d.Published = published(p, c)
	if d.Published == "" && c.relative != "" {
		d.Published = relativeDay(c.relative, fetchedAt) // "منذ 3 أيام" under the title, told from the capture
	}
	hijriOnly := c.hijriOnly && d.Published != "" && d.Published == c.dateLine
	if d.Published == "" {
		d.Published, hijriOnly = titleDate(title) // "لقاء مع X (الجمعة ٢٨ شعبان ١٤٤٥ هـ - ٨ آذار ٢٠٢٤ م)"
	}
	if d.Published == "" && len(c.blocks) > 0 {
		d.Published = datelineDate(c.blocks[0].text) // "BAGHDAD, March 3, 2024 (IID) — ..."
	}
	if d.Published == "" {
		d.Published = urlDate(base) // WordPress's /2024/03/05/slug/
	}
	if d.Published == "" && len(c.blocks) > 0 && !listing {
		d.Published = reportDate(c.blocks[0].text) // "عقد المعهد ... يوم السبت 12 آذار 2022 ندوة ..."
	}

	presents := presentsAsInterview(title, c.blocks, isPost) || describedAsInterview(c.description, c.blocks)
	// A title that says "interview", or the post's category or tag, lets
	// turns count however short the page (minInterviewWords keeps a page
	// with no turns from being one).
	titled := presents || !listing && (presentsRe.MatchString(title) || filedAsInterview(p, category))
	var iv *interview
	if !listing && !faqTitle(title) {
		iv = findTurns(c.blocks, titled)
	}
	if iv != nil {
		built := *d
		buildInterview(&built, iv, c)
		if !titled && iv.convention != QANameLabels && iv.convention != QARoleLabels && built.Interviewee == nil && built.Magazine == nil {
			// Questions set apart by typography alone, on a page that
			// neither calls itself an interview nor names anyone who
			// answers or the magazine: an explainer's subheadings ("What
			// does the law change?"), not turns.
			iv = nil
		} else {
			*d = built
		}
	}
	switch {
	case iv != nil:
	case listing:
		d.Kind, d.Parser.Name = KindListing, ParserListing
		d.Body = joinBlocks(c.blocks)
		d.Published = "" // the dates on a listing are its items'
	case presents:
		d.Kind, d.Parser.Name = KindInterview, ParserInterview
		d.Body = joinBlocks(c.blocks)
		d.Magazine = readMagazine(append([]string{firstText(c.blocks)}, append(metaTexts(c.meta), title)...)...)
		d.Interviewer = c.interviewer
		if d.Interviewer == "" {
			d.Interviewer = bylineIn(c.meta)
		}
		d.Interviewee = fieldPerson(c, nil, title, firstText(c.blocks), "")
		d.Warnings = append(d.Warnings, Warning{Code: WarnNoTurnsFound, Where: "qa",
			Detail: "the page presents itself as an interview but no turns were found (no speaker labels, no questions set apart)"})
	case isPost || d.Section != "" || d.Published != "":
		d.Kind, d.Parser.Name = KindArticle, ParserArticle
		d.Body = joinBlocks(c.blocks)
	default:
		d.Kind, d.Parser.Name = KindPage, ParserPage
		d.Body = joinBlocks(c.blocks)
	}
	if d.Body == "" && len(c.blocks) == 0 && !listing {
		d.Body = jsonLDBody(p.jsonLD)
	}
	if hijriOnly && d.Published != "" {
		d.Warnings = append(d.Warnings, Warning{Code: WarnHijriDate, Where: "published",
			Detail: fmt.Sprintf("the post gives only a Hijri date (%q): kept as written", d.Published)})
	}
	d.Parser.Version = Version
	d.Warnings = append(d.Warnings, futureWarnings(d, fetchedAt)...)
	d.Warnings = append(d.Warnings, repeatedWarnings(d)...)
	d.ContentHash = ContentHash(d)
	return d, nil
}

// feedFooterRe is the line WordPress adds under each item of its feeds
// ("The post X appeared first on Y.", "ظهرت المقالة X أولاً على Y"): X is
// the item's title.
var feedFooterRe = regexp.MustCompile(`^(?:The post (.{2,200}?) appeared first on .{2,100}?\.?$|` + arWord("ظهرت") + `\s+(?:` + arWord("المقالة") + `|` + arWord("التدوينة") + `)\s+(.{2,200}?)\s+(?:` + arWord("أولاً") + `|` + arWord("أولا") + `)\s+` + arWord("على") + `\s+.{2,100}?\.?$)`)

// feedFooter is feedFooterRe's submatches in text, or nil. Only a line that
// opens as the footer does is given to the regexp: the last block of a post
// is often a long paragraph.
func feedFooter(text string) []string {
	if !strings.HasPrefix(text, "The post ") && !strings.HasPrefix(text, "ظ") {
		return nil
	}
	return feedFooterRe.FindStringSubmatch(text)
}

// faqTitleRe is the title of a page of frequently asked questions: its Q:
// and A: lines are the institute's answers, not an interview.
var faqTitleRe = regexp.MustCompile(`(?i)\bfaqs?\b|\bf\.a\.q|frequently\s+asked\s+questions|` +
	`(?:` + arWord("الأسئلة") + `|` + arWord("أسئلة") + `)\s+(?:` + arWord("الشائعة") + `|` + arWord("شائعة") + `|` + arWord("المتكررة") + `|` + arWord("متكررة") + `)`)

// faqTitle reports a title faqTitleRe matches. Only a title with "faq",
// "f.a.q" or "frequently" in any case, or the ئ of أسئلة, is given to the
// regexp, which tries every position of the title.
func faqTitle(title string) bool {
	lower := strings.ToLower(title)
	if !strings.Contains(lower, "faq") && !strings.Contains(lower, "f.a.q") && !strings.Contains(lower, "frequently") && !strings.Contains(title, "ئ") {
		return false
	}
	return faqTitleRe.MatchString(title)
}

// readAboveTitle reads the meta lines a theme sets just above the post's
// title (Ghost's "<time> / Interviews" over the heading, a seminar's date
// line) into c: they join c.meta, and give the date when nothing after the
// title did. Only lines inside the element that holds both the title and the
// post's text count, and only the last few short ones before the title that
// are dates or marked as meta: the site's header, further up, is never read.
func readAboveTitle(c *content, all []block, titleAt int, title *html.Node) {
	post := postElement(c, title)
	if post == nil {
		return
	}
	blocks := all[:titleAt]
	for i := len(blocks) - 1; i >= 0 && i >= len(blocks)-3; i-- {
		b := blocks[i]
		if !contains(post, b.container) || wordCount(b.text) > 18 || clockRe.MatchString(b.text) || strings.ContainsAny(b.text, "°℃") {
			if c.dateLine == "" && c.time == "" && !contains(post, b.container) {
				forumHeaderDate(c, all, i, titleAt, title, post)
			}
			return
		}
		d, hijri, isDate := metaDateLine(b)
		if !isDate && !b.meta && !b.timeAttr {
			return
		}
		c.meta = append(c.meta, b)
		if c.time == "" && c.dateLine == "" && b.timeAttr {
			c.time = b.time
		}
		if isDate && (c.dateLine == "" || c.hijriOnly && !hijri) && c.time == "" {
			c.dateLine, c.hijriOnly = d, hijri
		}
	}
}

// postHeading moves the title to the post's own heading when the one found
// is the topic's, repeated in the post nearer its text: a forum prints the
// topic's title over the thread (or in its breadcrumb) and again as the
// post's subject, with the poster's column, a pager or a reply button
// between them. Only short lines may stand between the two; the post is
// what follows the second.
func postHeading(blocks []block, at, to int, n *html.Node, title string) (int, int, *html.Node) {
	for i := to; i < len(blocks) && i < to+12; i++ {
		b := blocks[i]
		if sameTitle(b.text, title) {
			return i, i + 1, b.container
		}
		if wordCount(b.text) > 20 || endsSentence(b.text) {
			break
		}
	}
	return at, to, n
}

// jsonLDBody is the articleBody of the page's JSON-LD, its paragraphs
// joined as a body's are: the text of a page that shows none of its own (a
// script renders it in the reader's browser, the server sends an empty
// <div id="root">).
func jsonLDBody(scripts []string) string {
	for _, raw := range scripts {
		if t := jsonLDString(raw, "articleBody"); t != "" {
			var paras []string
			for _, para := range strings.Split(strings.ReplaceAll(t, "\r", ""), "\n") {
				if para = collapseSpace(para); para != "" {
					paras = append(paras, para)
				}
			}
			return strings.Join(paras, "\n\n")
		}
	}
	return ""
}

// titledBoxBefore is the index of a page's title when no heading repeats
// its <title>: one of the three blocks just before the post's text (from),
// in an element the theme names a title ("<div class="title">", styled
// bold) or set wholly in bold (PHP-Nuke's "<font class="option"><b>"), of
// three to twenty-five words, no link, asking nothing; else -1.
func titledBoxBefore(blocks []block, from int) int {
	for i := from - 1; i >= 0 && i >= from-3; i-- {
		b := blocks[i]
		if b.level > 0 || b.linkRunes > 0 || b.container == nil || classHint(b.container) != hintTitle && !b.allBold || endsQuestion(b.text) || isChromeLine(b.text) {
			continue
		}
		if n := wordCount(b.text); n >= 3 && n <= 25 {
			return i
		}
	}
	return -1
}

// boldTitleLine is the index of the line a page without headings sets as
// its title, when its <title> is no line of the page (a PDF's "حوار العدد
// 44", a Google Docs export's file name): one of its first three lines,
// wholly in bold or in an element the theme names a title (Google Docs'
// <p class="title">), of three to twenty
// words, that asks nothing and is no introduction's heading; else -1.
func boldTitleLine(blocks []block, tag string) int {
	for i := 0; i < len(blocks) && i < 3; i++ {
		b := blocks[i]
		if tag != "" && strings.Contains(b.text, tag) {
			return -1 // the <title> is on the page: it is the title
		}
		if (b.allBold || b.container != nil && classHint(b.container) == hintTitle) && b.level == 0 && !endsQuestion(b.text) && !isIntroHeading(b.text) {
			if n := wordCount(b.text); n >= 3 && n <= 20 {
				for _, o := range blocks[i+1:] {
					if tag != "" && strings.Contains(o.text, tag) {
						return -1
					}
				}
				return i
			}
		}
	}
	return -1
}

// joinPositionedLines joins the lines of a PDF turned into HTML, where each
// line is an absolutely positioned element of its own (pdftohtml's
// <p style="position:absolute;top:...">): a line that does not end a
// sentence, followed by a line in the same font (the same class), goes on
// in it, and a line of digits alone is the page's number. Only a page of
// five such lines or more is read so.
func joinPositionedLines(blocks []block, titleAt, titleTo int) ([]block, int, int, bool) {
	positioned := positionedLine
	n := 0
	for i := 0; i < len(blocks) && i < 40 && n < 5; i++ {
		if positioned(blocks[i]) {
			n++
		}
	}
	if n < 5 {
		return blocks, titleAt, titleTo, false // five among the first lines, or it is no PDF's page
	}
	blocks, titleAt, titleTo = joinBlocksWhere(blocks, titleAt, titleTo, func(prev, b block) bool {
		return positioned(prev) && positioned(b) && lineFont(prev.container) == lineFont(b.container) && !endsSentence(prev.text) && !strings.HasSuffix(prev.text, ":")
	}, func(b block) bool {
		return positioned(b) && strings.TrimFunc(b.text, func(r rune) bool { return asciiDigit(r) >= '0' && asciiDigit(r) <= '9' || r == ' ' }) == ""
	})
	return blocks, titleAt, titleTo, true
}

// positionedLine reports a block that is a line of a PDF turned into
// HTML: an absolutely positioned element (pdftohtml's style attribute), or
// pdf2htmlEX's line.
func positionedLine(b block) bool {
	if b.container == nil {
		return false
	}
	if pdf2htmlLine(b.container) {
		return true
	}
	st := attr(b.container, "style")
	return strings.Contains(st, "absolute") && strings.Contains(strings.ReplaceAll(st, " ", ""), "position:absolute")
}

// pdf2htmlLine reports a line of pdf2htmlEX's output: a <div> classed "t"
// (its style sheet positions them absolutely) with its font family
// ("ff1") among its classes.
func pdf2htmlLine(n *html.Node) bool {
	return n.DataAtom == atom.Div && hasAttrWord(n, "class", "t") && pdfFontWords(n) != ""
}

// pdfFontWords are pdf2htmlEX's classes for a line's font: its family and
// size ("ff2 fs1"); the others place the line (x3, y9, h4) and differ on
// every line.
func pdfFontWords(n *html.Node) string {
	var out []string
	for _, w := range strings.Fields(attr(n, "class")) {
		if len(w) > 2 && (strings.HasPrefix(w, "ff") || strings.HasPrefix(w, "fs")) {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

// lineFont is what says that two positioned lines are set in one font:
// pdf2htmlEX's font classes, else the whole class (pdftohtml's "ft01").
func lineFont(n *html.Node) string {
	if f := pdfFontWords(n); f != "" && hasAttrWord(n, "class", "t") {
		return f
	}
	return attr(n, "class")
}

// joinRowCells joins a table row of a header cell and a data cell, an
// infobox's "Date | 4–5 December 2023", "Organised by | Iraqi Institute for
// Dialogue", into one line, as the row shows it: apart, the value would be
// read alone (a date line, a link) and the label left without it. A CMS's
// field, a label element and its value beside it ("Interviewee | Dr. Amal
// Qasim" in Drupal's field__label and field__item), is joined the same way
// into a meta line, "Interviewee: Dr. Amal Qasim", as fieldValue reads it.
func joinRowCells(blocks []block, titleAt, titleTo int) ([]block, int, int) {
	join := false // a row or a field to join
	copied := false
	for i := range blocks {
		b := blocks[i]
		join = join || b.tag == atom.Th
		field := i > 0 && fieldLabel(blocks[i-1], b)
		text, inline := "", false
		if !field {
			text, inline = inlineField(b)
		}
		if !field && !inline {
			continue
		}
		if !copied {
			blocks, copied = slices.Clone(blocks), true
		}
		switch {
		case field:
			join = true
			if !strings.HasSuffix(blocks[i-1].text, ":") {
				blocks[i-1].text += ":"
			}
			blocks[i-1].meta, blocks[i].meta = true, true
		case inline:
			blocks[i].text = text
			if !personField(text) {
				continue // "When: Thursday ...", "Where: ...": the text's own lines
			}
			blocks[i].meta = true
			if i > 0 && blocks[i-1].level > 0 && blocks[i-1].container != nil && b.container.Parent != nil &&
				contains(blocks[i-1].container.Parent, b.container) {
				blocks[i-1].meta = true // the fields' heading ("Additional information")
			}
		}
	}
	if !join {
		return blocks, titleAt, titleTo
	}
	return joinBlocksWhere(blocks, titleAt, titleTo, func(prev, b block) bool {
		if fieldLabel(prev, b) {
			return true
		}
		if prev.tag != atom.Th || b.tag != atom.Td || prev.container == nil || b.container == nil || wordCount(prev.text) > 4 {
			return false
		}
		th, td := prev.container, b.container
		if th.Parent == nil || th.Parent != td.Parent || th.Parent.DataAtom != atom.Tr {
			return false
		}
		for c := td.NextSibling; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode {
				return false // a row of three cells or more is a table's, not a label and its value
			}
		}
		return true
	}, func(block) bool { return false })
}

// joinDataRows writes each row of a data table of three columns or more
// as one line, its cells parted by " | ": a seminar's speakers ("د. حسن
// الجنابي | وزير الموارد المائية الأسبق | الاتفاقيات المائية"), a
// programme's times, halls and talks. Cell by cell, a row's name, office
// and title would read as three unrelated lines. Only rows whose every
// cell is one short line (twelve words at most) count: a layout table's
// row (menu, text, sidebar) and a question/answer table's two columns stay
// as they are.
func joinDataRows(blocks []block, titleAt, titleTo int) ([]block, int, int) {
	var out []block
	copied := false
	for i := 0; i < len(blocks); i++ {
		n := dataRowCells(blocks, i)
		if n > 0 && (titleAt >= i && titleAt < i+n || titleTo > i && titleTo < i+n) {
			n = 0 // the title is a cell of the row: the row stays as it is
		}
		if n == 0 {
			if copied {
				out = append(out, blocks[i])
			}
			continue
		}
		if !copied {
			out, copied = append(make([]block, 0, len(blocks)), blocks[:i]...), true
		}
		row := blocks[i]
		for _, b := range blocks[i+1 : i+n] {
			row.text += " | " + b.text
			row.letters += b.letters
			row.linkRunes += b.linkRunes
			row.allBold = row.allBold && b.allBold
		}
		row.tag, row.bold = atom.Tr, ""
		if i+n <= titleAt {
			titleAt, titleTo = titleAt-(n-1), titleTo-(n-1)
		}
		out = append(out, row)
		i += n - 1
	}
	if !copied {
		return blocks, titleAt, titleTo
	}
	return out, titleAt, titleTo
}

// dataRowCells is how many blocks from blocks[i] are the cells of one row
// of a data table (joinDataRows), each the whole text of its cell; 0 when
// blocks[i] opens no such row.
func dataRowCells(blocks []block, i int) int {
	b := blocks[i]
	cell := tableCell(b)
	if cell == nil || b.level > 0 {
		return 0
	}
	tr := cell.Parent
	if tr == nil || tr.DataAtom != atom.Tr || cell != firstElement(tr) {
		return 0
	}
	cells := 0
	for c := tr.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			cells++
		}
	}
	if cells < 3 || i+cells > len(blocks) {
		return 0
	}
	c := cell
	for k := 0; k < cells; k++ {
		cb := blocks[i+k]
		if tableCell(cb) != c || cb.level > 0 || wordCount(cb.text) > 12 {
			return 0
		}
		c = nextElement(c)
	}
	return cells
}

// tableCell is the <td> or <th> whose whole text b is: its container, or
// the cell its container is the only element of ("<td><p>...</p></td>").
func tableCell(b block) *html.Node {
	c := b.container
	if c == nil {
		return nil
	}
	if c.DataAtom == atom.Td || c.DataAtom == atom.Th {
		return c
	}
	if p := c.Parent; p != nil && (p.DataAtom == atom.Td || p.DataAtom == atom.Th) && onlyElementChild(p, c) {
		return p
	}
	return nil
}

// fieldLabel reports a field's label and its value: label's block alone in
// an element classed "label" (field__label, field-label), of four words at
// most, and value inside that element's next sibling, the last element of
// their parent. A table's header cell is a row's label, joined as a row
// (an infobox's rows are the text's).
func fieldLabel(label, value block) bool {
	l := label.container
	if l != nil && l.DataAtom == atom.Dt && value.container != nil && strings.HasSuffix(label.text, ":") && wordCount(label.text) <= 4 &&
		l.Parent != nil && (classWord(l.Parent, "field") || classWord(l.Parent, "fields")) {
		// A field list (docutils' and Sphinx's <dl class="field-list">:
		// <dt>Date:</dt><dd>16 October 2024</dd>), not a glossary.
		next := nextElement(l)
		return next != nil && next.DataAtom == atom.Dd && contains(next, value.container)
	}
	if l != nil && l.DataAtom == atom.Dt && value.container != nil && wordCount(label.text) <= 4 && wordCount(value.text) <= 12 &&
		l.Parent != nil && l.Parent.DataAtom == atom.Div && l.Parent.Parent != nil && l.Parent.Parent.DataAtom == atom.Dl {
		// A name and its value grouped in a <div> of a <dl> (Omeka's
		// item metadata: <div class="property"><dt>Date</dt><dd>2019-04-13</dd></div>),
		// a record's field, when the value is one short line.
		next := nextElement(l)
		return next != nil && next.DataAtom == atom.Dd && nextElement(next) == nil && contains(next, value.container) &&
			!holdsBlockElement(next) && firstElement(l.Parent) == l
	}
	if l == nil || value.container == nil || l.DataAtom == atom.Th || !strings.Contains(attr(l, "class"), "abel") ||
		wordCount(label.text) > 4 || !classWord(l, "label") || wordCount(value.text) > maxFieldWords {
		return false // a paragraph under its heading (OJS's abstract under <h2 class="label">) is text, not a field's value
	}
	next := nextElement(l)
	return next != nil && nextElement(next) == nil && contains(next, value.container)
}

// maxFieldWords is the most words a labelled field's value holds: a name,
// a date, a place, a short list; a longer one is a paragraph of the text.
const maxFieldWords = 25

// holdsBlockElement reports an element with a block element inside it.
func holdsBlockElement(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (isBlockElement(c) || holdsBlockElement(c)) {
			return true
		}
	}
	return false
}

// personField reports a field line that names the interviewee, their
// role or the interviewer: the post's meta, not its text.
func personField(line string) bool {
	l, _, _ := strings.Cut(line, ":")
	l = strings.ToLower(normalizeArabic(trimText(l, "")))
	if intervieweeFields[l] || positionFields[l] {
		return true
	}
	_, credit := interviewerLine(line)
	return credit
}

// inlineField reads a field whose label and value are inline elements of
// one line (Joomla K2's <li><span class="itemExtraFieldsLabel">الضيف:</span>
// <span class="itemExtraFieldsValue">...</span></li>): the line as "Label:
// value", and whether it is one.
func inlineField(b block) (string, bool) {
	c := b.container
	if c == nil || c.DataAtom == atom.Th || c.DataAtom == atom.Td {
		return "", false
	}
	l := c.FirstChild
	for l != nil && l.Type != html.ElementNode {
		if l.Type == html.TextNode && trimText(l.Data, "") != "" {
			return "", false
		}
		l = l.NextSibling
	}
	if l == nil || !strings.Contains(attr(l, "class"), "abel") || isBlockElement(l) || !classWord(l, "label") {
		return "", false
	}
	v := nextElement(l)
	if v == nil || nextElement(v) != nil {
		return "", false
	}
	label := trimText(textOf(l), "")
	if label == "" || wordCount(label) > 4 || !strings.HasPrefix(b.text, label) {
		return "", false
	}
	return strings.TrimSuffix(label, ":") + ": " + trimText(b.text[len(label):], ": "), true
}

// firstElement is n's first element child, nil when none.
func firstElement(n *html.Node) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			return c
		}
	}
	return nil
}

func nextElement(n *html.Node) *html.Node {
	for s := n.NextSibling; s != nil; s = s.NextSibling {
		if s.Type == html.ElementNode {
			return s
		}
	}
	return nil
}

// joinBlocksWhere joins each block to the one before it where join says
// so, and leaves out the blocks drop names; titleAt and titleTo follow.
// The title's blocks are never joined or dropped.
func joinBlocksWhere(blocks []block, titleAt, titleTo int, join func(prev, b block) bool, drop func(block) bool) ([]block, int, int) {
	out := make([]block, 0, len(blocks))
	newAt, newTo := titleAt, titleTo
	for i, b := range blocks {
		if i == titleAt {
			newAt = len(out)
		}
		if i == titleTo {
			newTo = len(out)
		}
		if i >= titleAt && i < titleTo {
			out = append(out, b)
			continue
		}
		if drop(b) {
			continue
		}
		if k := len(out) - 1; k >= 0 && !(k >= newAt && k < newAt+titleTo-titleAt) && join(out[k], b) {
			out[k].text += " " + b.text
			out[k].letters += b.letters
			out[k].linkRunes += b.linkRunes
			out[k].postLinks += b.postLinks
			out[k].allBold = out[k].allBold && b.allBold
			continue
		}
		out = append(out, b)
	}
	if titleTo == len(blocks) {
		newTo = len(out)
	}
	return out, newAt, newTo
}

// dropSiteLine takes off the end of the post a line that only names the
// site, as the other part of its <title> does, with a year or a copyright
// sign at most ("Karbala Review 2013" after a rule, under the last answer):
// the site's footer, in a theme that does not mark it. A first line that
// is only the institute's name is a credit above the text (a reader view's
// "credits"), not the text either.
func dropSiteLine(blocks []block, p *page, title string) []block {
	if len(blocks) > 1 && len(blocks[0].text) < 64 && siteNameRe.MatchString(trimText(datelineSource(blocks[0].text), "")) {
		blocks = blocks[1:] // the institute credited above the text (a reader view's "credits" line, a press dateline's "بغداد/ المعهد العراقي للحوار")
	}
	if len(blocks) < 2 || p.titleTag == "" {
		return blocks
	}
	last := blocks[len(blocks)-1]
	if wordCount(last.text) > 8 {
		return blocks
	}
	line := strings.TrimFunc(last.text, func(r rune) bool {
		return unicode.IsDigit(r) || unicode.IsSpace(r) || unicode.IsPunct(r) || r == '©'
	})
	if line == "" {
		return blocks
	}
	for _, sep := range titleSeparators {
		for _, part := range strings.Split(p.titleTag, sep) {
			part = trimText(part, "")
			if part != "" && !sameTitle(part, title) && sameTitle(line, part) && !sameTitle(part, p.titleTag) {
				return blocks[:len(blocks)-1]
			}
		}
	}
	return blocks
}

// datelineSource is the source a press dateline names after its place
// ("بغداد/ المعهد العراقي للحوار": the institute), else text as it is.
func datelineSource(text string) string {
	place, source, ok := strings.Cut(text, "/")
	if !ok || wordCount(place) > 2 {
		return text
	}
	return source
}

// postElement is the element that holds the post's title and the first
// block of its text, nil when there is none or it is the whole page.
func postElement(c *content, title *html.Node) *html.Node {
	if title == nil || len(c.blocks) == 0 {
		return nil
	}
	post := commonAncestor(title, c.blocks[0].container)
	if post == nil || post.DataAtom == atom.Body || post.DataAtom == atom.Html {
		return nil
	}
	return post
}

// readBelowText reads the meta lines just after the post's text, inside
// the element that holds its title and text, outside the element with the
// most text: the date when nothing else gave one ("Posted 3 November 2025"
// under a seminar's announcement), and a line that names the magazine
// ("This interview appears in Dialogue of Thought, issue 88 ..."), and
// the interviewer's credit when no line in the text gave one (an article's
// footer after its tags: "أجرى الحوار: X"), which is a credit in any markup,
// and a blog's "Posted by X at ..." line under a body its theme marks as
// the article's (Blogger's itemprop=articleBody), read for its author.
func readBelowText(c *content, blocks []block, to int, title *html.Node) {
	var post *html.Node
	needDate := c.dateLine == "" && c.time == ""
	for i := to; i < len(blocks) && i < to+3; i++ {
		b := blocks[i]
		credit, isCredit := "", false
		if c.interviewer == "" {
			credit, isCredit = interviewerLine(b.text)
		}
		_, _, posted := submittedBy(trimText(b.text, ""))
		posted = posted && b.meta && i < to+2
		if !isCredit && !posted && (!b.meta || i >= to+2 || !needDate && !(mayNameMagazine(b.text) && magazineRe.MatchString(b.text))) {
			continue
		}
		if post == nil {
			if post = postElement(c, title); post == nil {
				return
			}
		}
		if !contains(post, b.container) {
			return
		}
		if isCredit {
			c.interviewer = credit
			c.meta = append(c.meta, b)
			continue
		}
		if needDate {
			if d, hijri, ok := metaDateLine(b); ok {
				c.meta = append(c.meta, b)
				c.dateLine, c.hijriOnly = d, hijri
				return
			}
		}
		if posted || magazineRe.MatchString(b.text) {
			c.meta = append(c.meta, b)
		}
	}
}

// forumHeaderDate reads the date a forum prints in a post's header row,
// above or beside the poster's column (vBulletin's "14-03-2011, 09:41 PM"
// over the name, rank and post count, then the post's title and text), when
// the walk back from the title met a block outside the post's own element
// at blocks[from]. It reads back over short lines (the poster's column, the
// post's number) to the nearest date line, which counts only when it opens
// the post's frame: the element around the post's column and that date that
// holds nothing before the date and little besides the post (a signature, a
// quote button), so that the site's header, another post or a "Joined: ..."
// line of a column above some other text is never read.
func forumHeaderDate(c *content, all []block, from, titleAt int, title, post *html.Node) {
	for j := from; j >= 0 && j > from-12; j-- {
		b := all[j]
		if contains(post, b.container) || wordCount(b.text) > 10 || endsSentence(b.text) {
			return
		}
		d, hijri, isDate := metaDateLine(b)
		if !isDate {
			continue
		}
		frame := commonAncestor(b.container, title)
		if frame == nil || frame == post || frame.DataAtom == atom.Body || frame.DataAtom == atom.Html || j > 0 && contains(frame, all[j-1].container) {
			return
		}
		besides := 0 // letters in the frame after the title outside the post
		for _, a := range all[titleAt+1:] {
			if !contains(frame, a.container) {
				break
			}
			if !contains(post, a.container) {
				besides += int(a.letters)
			}
		}
		if besides > 300 {
			return
		}
		c.meta = append(c.meta, b)
		c.dateLine, c.hijriOnly = d, hijri
		return
	}
}

// dialogueHeadingRe is a heading that only names the dialogue under it, or
// opens its first part ("Part one: ...", "الجزء الأول").
var dialogueHeadingRe = regexp.MustCompile(`(?i)^(?:(?:the\s+)?(?:full\s+)?(?:transcript|interview|conversation|dialog(?:ue)?|q\s*&\s*a|questions\s+and\s+answers)$|` +
	`(?:part|chapter)\s+(?:one|1|i|first)\b|(?:` + arWord("الجزء") + `|` + arWord("الحلقة") + `|` + arWord("القسم") + `)\s+(?:` + arWord("الأول") + `|` + arWord("الاولى") + `|` + arWord("الأولى") + `|1|١)|` +
	`(?:` + arWord("نص") + `\s+)?(?:` + arWord("الحوار") + `|` + arWord("المقابلة") + `|` + arWord("اللقاء") + `|` + arWord("الحديث") + `)$)`)

func dialogueHeading(text string) bool {
	return len(text) <= 64 && dialogueHeadingRe.MatchString(trimText(normalizeArabic(text), ":："))
}

// buildInterview fills the interview fields from the turns found.
func buildInterview(d *Document, iv *interview, c content) {
	d.Kind, d.Parser.Name = KindInterview, ParserInterview
	iv.cutClosing()
	d.QA = iv.qa
	d.QAConvention = iv.convention
	// Before the first turn: the lede, then (after an "Introduction to the
	// dialog" heading, or from the second paragraph on) the introduction.
	var lede, intro []block
	pre := iv.pre
	if iv.interviewer != "" && len(pre) > 1 && pre[0].allBold && wordCount(pre[0].text) <= 4 && sameSpeaker(trimText(pre[0].text, ""), iv.interviewer) {
		pre = pre[1:] // the asker's name in bold under the title (LaTeX2HTML's author line): a byline, the interviewer's
	}
	for len(pre) > 0 && pre[len(pre)-1].tag == atom.Th && iv.convention == QAStyledQuestions {
		pre = pre[:len(pre)-1] // the header row over a table's question and answer columns names them
	}
	introAt := -1
	for i, b := range pre {
		if isIntroHeading(b.text) {
			introAt = i
			break
		}
	}
	switch {
	case introAt >= 0:
		lede, intro = pre[:introAt], pre[introAt+1:]
	case len(pre) > 1 && isIssueLine(pre[0].text):
		// "Issue 49 – September 2023" on a line of its own, then the lede.
		lede, intro = pre[:2], pre[2:]
	case len(pre) > 1 && pre[0].level > 0 && pre[1].level == 0:
		// A section's heading ("Background", a pandoc export's first
		// <h1>) over the lede: the lede is the paragraph under it.
		lede, intro = pre[:2], pre[2:]
	case len(pre) > 0:
		lede, intro = pre[:1], pre[1:]
	}
	for len(intro) > 0 && (intro[len(intro)-1].level > 0 && dialogueHeading(intro[len(intro)-1].text) || roleWords[foldKey(trimText(intro[len(intro)-1].text, ":"))] != 0) {
		// The heading that names what follows ("Transcript", "The
		// interview", "الحوار") or its first part ("Part one: the river",
		// as the later parts' headings are nobody's words), or the column
		// heads of a table of questions and answers ("السؤال | الجواب"):
		// not its introduction. Any other heading before the first turn (a
		// subtitle) is the introduction's last line, kept.
		intro = intro[:len(intro)-1]
	}
	d.Body = joinBlocks(lede)
	if d.Body == "" {
		d.Body = c.dek // the lede is the dek under the title when the text opens with the first question
	}
	d.Intro = joinBlocks(intro)
	d.Magazine = readMagazine(append(append([]string{d.Body}, metaTexts(c.meta)...), d.Intro, d.Title)...)
	// The interviewer: the person a credit line or a byline names, else
	// the asker's label as first written ("Dialogue of thought", a
	// person's name), else, for role labels ("Q:") and questions set
	// apart by typography, the magazine the lede names.
	d.Interviewer = iv.interviewer
	named := c.interviewer
	if named == "" {
		named = bylineIn(c.meta)
	}
	if named == "" {
		named = aboutInterviewer(c.blocks)
	}
	switch {
	case named != "":
		d.Interviewer = named
	case iv.interviewer == "" || iv.roleLabels:
		if d.Magazine != nil && d.Magazine.Name != "" {
			d.Interviewer = d.Magazine.Name
		}
	}
	if d.Interviewer == "" {
		d.Interviewer = authorAsInterviewer(d, c.meta)
	}
	d.Interviewer = strings.ReplaceAll(expandAcronym(d.Interviewer, d.Body), "ـ", "") // "حـوار الفكـر:" as a label names حوار الفكر
	if !iv.panel {
		d.Interviewee = fieldPerson(c, iv.labels, d.Title, d.Body, d.Intro) // a round table has no one interviewee: its answers say who speaks
	}
	if n := len(d.QA); n > 2 && d.QA[n-1].Answer == "" && closingScene(d.QA[n-1].Question) {
		// The interviewer's thanks, answered by no one ("Thank you both."),
		// closes the post: the post's, no question.
		iv.closing = append(iv.closing, d.QA[n-1].Question)
		d.QA = d.QA[:n-1]
	}
	if n := len(d.QA); n > 0 {
		d.QA[n-1].Answer = cutEditorNote(d.QA[n-1].Answer)
		if a := d.QA[n-1].Answer; strings.Contains(a, "\n\n") {
			// The source line under the last answer ("حوار الفكر - العدد 12
			// - نيسان 2009") names the issue: the post's, nobody's answer.
			i := strings.LastIndex(a, "\n\n")
			if line := a[i+2:]; !endsQuestion(line) && isIssueLine(line) {
				d.QA[n-1].Answer = a[:i]
				iv.closing = append(iv.closing, line)
				if d.Magazine == nil || d.Magazine.Issue == "" {
					d.Magazine = readMagazine(line)
				}
			}
		}
		var scene, notes []string
		d.QA[n-1].Answer, notes = cutFootnotes(d.QA[n-1].Answer, c.blocks)
		d.QA[n-1].Answer, scene = cutClosingScene(d.QA[n-1].Answer)
		iv.closing = append(append(scene, notes...), iv.closing...)
	}
	if len(iv.closing) > 0 {
		d.Body = strings.Join(slices.DeleteFunc(append([]string{d.Body}, iv.closing...), func(s string) bool { return s == "" }), "\n\n")
	}
	d.Warnings = append(d.Warnings, truncatedAnswers(d.QA)...)
}

// cutClosingScene takes off the end of the last answer the writer's
// closing lines: the run of paragraphs after the first that ends the
// answer and tells the scene rather than the interviewee's words: the
// writer taking leave ("The ambassador walked us to the door ...",
// "غادرنا المرسم ...": a short line with no year, since an interviewee says
// "we left Basra in 1991" too), or a quotation put in the interviewee's
// mouth ("“That is the whole of it,” he said."). They are the post's body,
// after the lede.
func cutClosingScene(answer string) (string, []string) {
	paras := strings.Split(answer, "\n\n")
	k := len(paras)
	for k > 1 && closingScene(paras[k-1]) {
		k--
	}
	if k == len(paras) {
		return answer, nil
	}
	return strings.Join(paras[:k], "\n\n"), paras[k:]
}

// footnoteWords name the element a document's notes are written in:
// LibreOffice's <div id="sdfootnote1"> and <p class="sdfootnote">, its
// endnotes, pandoc's <section class="footnotes">, Word's <div id=ftn1>.
var footnoteWords = map[string]bool{"footnote": true, "footnotes": true, "sdfootnote": true, "endnote": true, "endnotes": true, "sdendnote": true,
	"ftn": true, "edn": true}

// cutFootnotes takes off the end of the last answer the notes the document
// closes with: they annotate the whole text, and are the post's body, not
// the interviewee's words.
func cutFootnotes(answer string, blocks []block) (string, []string) {
	k := len(blocks)
	for k > 0 && inFootnote(blocks[k-1].container) {
		k--
	}
	if k == len(blocks) {
		return answer, nil
	}
	var notes []string
	for _, b := range blocks[k:] {
		notes = append(notes, b.text)
	}
	tail := strings.Join(notes, "\n\n")
	if rest, ok := strings.CutSuffix(answer, "\n\n"+tail); ok {
		return rest, notes
	}
	return answer, nil
}

// inFootnote reports an element inside a document's notes (footnoteWords),
// up to three levels up.
func inFootnote(n *html.Node) bool {
	for i := 0; n != nil && n.Type == html.ElementNode && i < 3; i, n = i+1, n.Parent {
		if hasWordOf(n, footnoteWords) {
			return true
		}
	}
	return false
}

// closingScene reports a paragraph of the writer's closing scene
// (cutClosingScene).
func closingScene(p string) bool {
	if speechTagRe.MatchString(p) {
		return true
	}
	return wordCount(p) <= 25 && !yearRe.MatchString(ASCIIDigits(p)) && leaveTakingRe.MatchString(p)
}

var (
	// speechTagRe is a quotation with its speech tag at its end: "“...,” he said.", "«...» قال.".
	speechTagRe = regexp.MustCompile(`(?i)["”»]\s*,?\s*(?:he|she)\s+(?:said|added|says|smiled|laughed)\s*\.?\s*$|` +
		`[«"”]\s*[،,]?\s*(?:` + arWord("قال") + `|` + arWord("قالت") + `|` + arWord("أضاف") + `|` + arWord("أضافت") + `)(?:\s+\S+)?\s*[.]?\s*$`)
	// leaveTakingRe is the writer taking leave of the interviewee: "walked us
	// to the door", "saw us out", "As we left", "غادرنا ...", "ودعناه ...".
	leaveTakingRe = regexp.MustCompile(`(?i)\b(?:walked|saw|showed|accompanied)\s+us\s+(?:to\s+the\s+(?:door|gate|car|street)|out|off)\b|^(?:as|when)\s+we\s+(?:left|parted|were\s+leaving)\b|\bwe\s+(?:said\s+(?:our\s+)?goodbyes?|took\s+our\s+leave)\b|` +
		// the interviewer's thanks to the guest by name, or to the guests: "Thank you, Dr. Aziz.", "Thank you both.", "شكراً لك دكتور ..."
		`^(?:thank\s+you|thanks)(?:\s+(?:very|so)\s+much)?,?\s+(?:mr|mrs|ms|dr|prof|professor|sayyid|sheikh|minister|ambassador|your\s+excellency|both|all|everyone)\b|` +
		`^` + arWord("شكرا") + `ً?\s+(?:` + arWord("لك") + `|` + arWord("لكم") + `)\s+(?:` + arWord("دكتور") + `|` + arWord("دكتورة") + `|` + arWord("أستاذ") + `|` + arWord("أستاذة") + `|` + arWord("سيادة") + `|` + arWord("معالي") + `|` + arWord("سعادة") + `|` + arWord("سماحة") + `)|` +
		`^(?:` + arWord("غادرنا") + `|` + arWord("وغادرنا") + `|` + arWord("ودعنا") + `|` + arWord("ودعناه") + `|` + arWord("ودعناها") + `|` + arWord("وودعناه") + `|` + arWord("تركناه") + `|` + arWord("تركناها") + `|` + arWord("خرجنا") + `|` + arWord("وخرجنا") + `)\s`)
	// yearRe is a year in a text (ASCII digits).
	yearRe = regexp.MustCompile(`\b(?:1[89]|20)[0-9]{2}\b`)
)

// isDek reports a line under the title, in the post's header, that is a
// sentence of its own (eight words or more, ending as one), not a date or
// a credit: the dek a theme sets as the post's excerpt.
func isDek(text string) bool {
	if wordCount(text) < 8 || !endsSentence(text) {
		return false
	}
	if _, ok := interviewerLine(text); ok {
		return false
	}
	_, _, isDate := dateLine(text)
	return !isDate
}

// expandAcronym is the name an asker's label in capitals stands for, when
// the lede spells it out before it in brackets: "IID:" after "the Iraqi
// Institute for Dialogue (IID)" is the Iraqi Institute for Dialogue; else
// name as it is.
func expandAcronym(name, lede string) string {
	if len(name) < 2 || len(name) > 6 || strings.IndexFunc(name, func(r rune) bool { return r < 'A' || r > 'Z' }) >= 0 {
		return name
	}
	i := strings.Index(lede, "("+name+")")
	if i < 0 {
		return name
	}
	words := strings.Fields(lede[:i])
	need := len(name)
	for k := len(words) - 1; k >= 0 && need > 0; k-- {
		w := words[k]
		switch {
		case w[0] == name[need-1]:
			need--
			if need == 0 {
				return strings.Join(words[k:], " ")
			}
		case w == "for" || w == "of" || w == "and" || w == "the" || w == "on":
		default:
			return name
		}
	}
	return name
}

// authorAsInterviewer is the post's author, from a blog's footer ("Posted
// by Ruqaya Salim at 10:05 AM", "كتبه X في ..."), as the interviewer of an
// interview that names no other: no credit line, no byline, no asker's label
// that names anyone (role labels, questions set apart), no issue of the
// magazine (an interview the magazine published is the magazine's, whoever
// posted it), and no word that the post is republished ("Reposted from
// ...", "نقلاً عن ...", "Source: ..."). Then the blog's author wrote the
// interview up, and asked the questions. A name of two words or more; a
// forum's handle ("basra_reader") or a desk ("Admin") names no one.
func authorAsInterviewer(d *Document, meta []block) string {
	if d.Magazine != nil || republishedRe.MatchString(normalizeArabic(d.Body)) || republishedRe.MatchString(normalizeArabic(d.Intro)) {
		return ""
	}
	for _, b := range meta {
		author, _, ok := submittedBy(trimText(b.text, ""))
		if !ok {
			continue
		}
		name := creditName(author)
		if wordCount(name) < 2 || strings.ContainsAny(name, "_@0123456789") || magazineRe.MatchString(name) || siteNameRe.MatchString(name) {
			continue
		}
		for _, w := range strings.Fields(name) {
			if staffWords[strings.ToLower(w)] {
				return ""
			}
		}
		return name
	}
	return ""
}

// aboutInterviewerRe is the heading of a box about the person who
// conducted the interview, after the text: "About the interviewer",
// "عن المحاور", "نبذة عن المحاورة".
var aboutInterviewerRe = regexp.MustCompile(`(?i)^(?:about\s+the\s+interviewers?|(?:نبذة\s+)?عن\s+(?:المحاور|المحاورة))\s*:?$`)

// aboutNameRe is the name a box about someone opens with: "Maysoon Aziz
// is a journalist ...", "ميسون عزيز، صحفية ...", "ميسون عزيز صحفية ..."
// is not read (where the name ends is not written).
var aboutNameRe = regexp.MustCompile(`^(?:((?:\p{Lu}[\p{L}'’-]+\s+){1,3}\p{Lu}[\p{L}'’-]+)\s+(?:is|was|has|writes|works)\b|((?:\p{Arabic}+\s+){1,3}\p{Arabic}+)\s*[،,]\s*\S|((?:\p{Arabic}+\s+){1,3}\p{Arabic}+)\s+(?:هو|هي)\s)`)

// aboutInterviewer is the interviewer an "About the interviewer" box
// names in the sentence under its heading, "" when there is none.
func aboutInterviewer(blocks []block) string {
	for i := 0; i+1 < len(blocks); i++ {
		if len(blocks[i].text) > 64 || !aboutInterviewerRe.MatchString(trimText(normalizeArabic(blocks[i].text), "")) {
			continue
		}
		m := aboutNameRe.FindStringSubmatch(trimText(blocks[i+1].text, ""))
		if m == nil {
			return ""
		}
		return m[1] + m[2] + m[3]
	}
	return ""
}

// republishedRe is a post's word that its text comes from elsewhere, folded
// with normalizeArabic.
var republishedRe = regexp.MustCompile(`(?i)\b(?:re-?posted|re-?published|first\s+published|originally\s+published|courtesy\s+of|source\s*:)|نقلا\s+عن|نقلا\s*:|المصدر\s*:|منقول`)

// editorNoteRe is the editor's note that closes an interview: "This
// interview has been edited for length and clarity", "Translated from the
// Arabic by the editors", a print view's "المصدر: ..." (where it was
// published), "نشر في صحيفة المدى بتاريخ ...", "تم تحرير الحوار واختصاره".
var editorNoteRe = regexp.MustCompile(`(?i)^[(\[]?(?:editor'?s\s+note\b|(?:this\s+)?(?:interview|conversation|transcript|text)\s+(?:has\s+been|was|is|have\s+been)\s+(?:lightly\s+)?(?:edited|condensed|abridged|translated)\b|edited\s+(?:for|and)\s+(?:length|clarity|brevity|condensed)\b|translat(?:ed|ion)\s+(?:from|by|into)\s|(?:first|originally)\s+published\s+(?:in|by)\s|` +
	`(?:` + arWord("نشر") + `|` + arWord("نشر هذا الحوار") + `|` + arWord("نشر الحوار") + `)\s+` + arWord("في") + `\s+(?:` + arWord("صحيفة") + `|` + arWord("جريدة") + `|` + arWord("مجلة") + `)|` +
	arWord("ملاحظة المحرر") + `|` + arWord("ملاحظة") + `\s*:|` + arWord("المصدر") + `\s*:|source\s*:|(?:` + arWord("تم") + `|` + arWord("جرى") + `)\s+(?:` + arWord("تحرير") + `|` + arWord("اختصار") + `|` + arWord("ترجمة") + `)\s+(?:` + arWord("الحوار") + `|` + arWord("اللقاء") + `|` + arWord("النص") + `))`)

// cutEditorNote takes an editor's note off the end of the last answer: the
// paragraph is the magazine's, not the interviewee's.
func cutEditorNote(answer string) string {
	i := strings.LastIndex(answer, "\n\n")
	if i < 0 || !editorNoteRe.MatchString(trimText(answer[i+2:], "*_ —–-")) {
		return answer
	}
	return answer[:i]
}

// metaTexts are the texts of the post's meta lines.
func metaTexts(meta []block) []string {
	out := make([]string, len(meta))
	for i, b := range meta {
		out[i] = b.text
	}
	return out
}

func firstText(blocks []block) string {
	if len(blocks) == 0 {
		return ""
	}
	return blocks[0].text
}

// signatureStart is where a forum post's or an email's signature starts in
// blocks[from:to], or to: a line of underscores alone ("__________________",
// vBulletin's and phpBB's separator) or "--" (an email's) with only a few
// short lines after it. A rule before a
// longer text (notes, references) is the post's own.
func signatureStart(blocks []block, from, to int) int {
	for i := to - 1; i >= from && i >= to-4; i-- {
		t := strings.TrimSpace(blocks[i].text)
		email := t == "--" && blocks[i].tag == atom.Pre // a plain-text email's, not an answer's dash
		if !email && (len(t) < 5 || strings.Trim(t, "_") != "") {
			continue
		}
		var after int32
		for _, b := range blocks[i+1 : to] {
			after += b.letters
		}
		if after <= 200 {
			return i
		}
	}
	return to
}

// isHomePath reports the site's home page ("/", "/en/", "/index.php"): a
// listing of posts whatever text welcomes the reader first.
func isHomePath(u *url.URL) bool {
	if u == nil {
		return false
	}
	_, rest := splitLang(u.Path)
	switch strings.Trim(rest, "/") {
	case "", "index.php", "index.html", "index.htm", "home":
		return true
	}
	return false
}

// maxRelatedLinks bounds a box of related or most-read posts under an
// article: more links to posts are a list of them.
const maxRelatedLinks = 10

// minArticleWords is how much text of its own, without links, an article
// writes before a box of links to other posts.
const minArticleWords = 50

// relatedLinksOnly reports a page whose links to posts after the title are
// a box or two beside one article ("Related", "Most read", "الأكثر قراءة",
// before the text or after it), not a list of posts: the links stand
// together, two or more in each box, with no excerpts between them (a
// heading or a short line at most), ten at most in all, and the text
// outside the boxes is an article of its own (minArticleWords without
// links). A listing's items, each a title and an excerpt, are boxes of one.
func relatedLinksOnly(blocks []block, from int) bool {
	const maxBoxes = 2
	words, links, boxes, inBox := 0, 0, 0, 0 // inBox: links in the box being read
	pending := 0                             // words of short lines inside a box, the article's if the box ends there
	for _, b := range blocks[max(from, 0):] {
		switch {
		case b.postLinks > 0 && (!b.meta || b.level > 0):
			if inBox == 0 {
				boxes++
			}
			inBox += int(b.postLinks)
			links += int(b.postLinks)
			pending = 0
		case b.meta:
		case inBox > 0 && (linkDense(b) || wordCount(b.text) <= 6):
			pending += wordCount(b.text) // a heading between the links, or after the box
		default:
			if inBox == 1 {
				return false // a title and its excerpt: a listing's item
			}
			inBox = 0
			words += pending
			pending = 0
			if b.linkRunes == 0 {
				words += wordCount(b.text)
			}
		}
	}
	if inBox == 1 {
		return false
	}
	return boxes > 0 && boxes <= maxBoxes && links <= maxRelatedLinks && words+pending >= minArticleWords
}

// postLinkBlocks counts the blocks after the title that link to posts.
func postLinkBlocks(blocks []block, from int) int {
	n := 0
	for _, b := range blocks[max(from, 0):] {
		if b.postLinks > 0 && (!b.meta || b.level > 0) { // an entry's title may sit in its own header
			n++
		}
	}
	return n
}

// presentsLedeRe is a lede that reports an interview the magazine conducted,
// not a news item that mentions one.
var presentsLedeRe = regexp.MustCompile(`(?i)\bconducted\s+an?\s+interview|\bheld\s+an?\s+interview|\binterviewed\b|\b(?:in\s+)?this\s+(?:interview|conversation)\b|\bspoke\s+with\b|\bmet\b|^(?:` +
	arWord("أجرت") + `|` + arWord("أجرى") + `|` + arWord("حاورت") + `|` + arWord("التقت") + `|` + arWord("التقى") + `)\s`)

// minInterviewWords is the least text a page needs to present itself as an
// interview: a contact page or an "about us" that mentions the magazine's
// interviews is a page, not an interview without turns.
const minInterviewWords = 80

// presentsAsInterview reports a page whose title says "interview", or a
// post whose lede says the magazine conducted one. A page that is not a post
// needs some text too: a thin contact or "about" page that mentions the
// magazine's interviews is a page.
func presentsAsInterview(title string, blocks []block, isPost bool) bool {
	if !isPost {
		words := 0
		for _, b := range blocks {
			words += wordCount(b.text)
		}
		if words < minInterviewWords {
			return false
		}
	}
	if presentsRe.MatchString(title) {
		return true
	}
	if isPost && len(blocks) > 0 && len(blocks[0].text) < 600 && presentsLedeRe.MatchString(blocks[0].text) && readMagazine(blocks[0].text) != nil {
		return true
	}
	// "مجلة حوار الفكر، العدد 50، حزيران 2019" on a line of its own, then
	// "التقت مجلة حوار الفكر الروائي X ...": the lede is the second block.
	return isPost && len(blocks) > 1 && wordCount(blocks[0].text) <= 12 && readMagazine(blocks[0].text) != nil &&
		len(blocks[1].text) < 600 && presentsLedeRe.MatchString(blocks[1].text)
}

// interviewCategories are the names of a category or a tag of
// interviews, folded with normalizeArabic.
var interviewCategories = map[string]bool{"interview": true, "interviews": true, "حوار": true, "حوارات": true,
	"لقاء": true, "لقاءات": true, "مقابلة": true, "مقابلات": true}

// filedAsInterview reports a post whose category or tag is the site's
// interviews: a category link of the post (rel="category"), its
// article:section or article:tag (Ghost writes the primary tag there).
func filedAsInterview(p *page, category string) bool {
	for _, c := range append(p.categories, category, p.meta["article:section"], p.meta["article:tag"]) {
		if c != "" && len(c) < 40 && interviewCategories[strings.ToLower(normalizeArabic(trimText(c, "")))] {
			return true
		}
	}
	return false
}

// mirroredPost is the key of the site's post a page on another host says
// it copies: its canonical address or og:url is the post's on the site
// itself (a mirror's page of post 777 names https://hewariraq.com/post/777).
// A relative address names the mirror, not the site.
func mirroredPost(p *page) (string, bool) {
	for _, u := range []string{p.canonURL, p.meta["og:url"]} {
		if strings.Contains(u, "://") && strings.Contains(strings.ToLower(u), canonicalHost) {
			if _, _, ok := PostID(u); ok {
				return DocKey(u), true
			}
		}
	}
	return "", false
}

// describedAsInterview reports a page whose own summary (a meta
// description, og:description) calls it an interview with someone the
// post's first paragraph names: "An interview with the archivist Yusuf
// Jabbar about ..." over "Yusuf Jabbar has spent twenty years ...". A
// site's summary repeated on every page names nobody of the post's.
func describedAsInterview(description string, blocks []block) bool {
	if description == "" || len(blocks) == 0 || !presentsRe.MatchString(description) {
		return false
	}
	name := intervieweeInLede(description)
	return name != "" && namedIn(name, blocks[0].text)
}

func isListingURL(u *url.URL) bool {
	if u == nil {
		return false
	}
	if _, _, ok := PostID(u.String()); ok {
		return false
	}
	q := u.Query()
	return q.Get("page") != "" || q.Get("paged") != "" || sectionIndexPath(u.Path) || archivePath(u.Path)
}

// archivePath reports the address of a CMS's archive of posts, whatever
// the section is called: a numbered page of it ("/.../page/3/", as
// WordPress writes them), or a category, tag or author archive with
// nothing after its name ("/category/hiwarat/", "/tag/basra/").
func archivePath(path string) bool {
	var segs []string
	for _, seg := range strings.Split(path, "/") {
		if seg != "" {
			segs = append(segs, seg)
		}
	}
	n := len(segs)
	if n >= 2 && segs[n-2] == "page" {
		if _, _, isNum := number(segs[n-1]); isNum {
			return true
		}
	}
	if n >= 2 {
		switch segs[n-2] {
		case "category", "tag", "author":
			return true
		}
	}
	return false
}

// sectionIndexPath reports a section's own address: /news, /en/seminars/,
// /category/activities, /news/page/2; not an item under it (/news/4120,
// /news/2019/05/some-slug).
func sectionIndexPath(path string) bool {
	if sectionFromPath(path) == "" {
		return false
	}
	_, rest := splitLang(path)
	var segs []string
	for _, seg := range strings.Split(rest, "/") {
		if seg != "" && seg != "category" && seg != "section" && seg != "categories" {
			segs = append(segs, seg)
		}
	}
	switch len(segs) {
	case 1:
		return true
	case 3:
		_, _, isNum := number(segs[2])
		return segs[1] == "page" && isNum
	}
	return false
}

// pageLang is the language from the URL, then <html lang>, then the script
// most of the content is written in.
func pageLang(u *url.URL, p *page, blocks []block) string {
	if l := langOfURL(u); l != "" {
		return l
	}
	if l := p.htmlLang; len(l) >= 2 && (l[:2] == "ar" || l[:2] == "en") {
		return l[:2]
	}
	ar, lat := 0, 0
	for _, b := range blocks {
		for _, r := range b.text {
			switch {
			case isArabicLetter(r):
				ar++
			case r < 0x80 && unicode.IsLetter(r):
				lat++
			}
		}
	}
	switch {
	case ar == 0 && lat == 0:
		return ""
	case ar >= lat:
		return "ar"
	}
	return "en"
}

// published is the post's own date: machine-readable dates first (meta
// tags, JSON-LD datePublished, an itemprop=datePublished element outside
// the comments, a <time> or an RDFa dc:date in the post), then the post's
// visible date line. Never the header's
// rendered date, which lies outside the post.
func published(p *page, c content) string {
	for _, k := range []string{"article:published_time", "datepublished", "og:published_time", "publish-date", "pubdate", "dc.date", "dc.date.issued", "date"} {
		if v := machineDate(p.meta[k]); v != "" {
			return v
		}
	}
	for _, raw := range p.jsonLD {
		if v := machineDate(jsonLDDate(raw)); v != "" {
			return v
		}
	}
	if v := machineDate(p.itemDate); v != "" {
		return v
	}
	if v := machineDate(c.time); v != "" {
		return v
	}
	return c.dateLine
}

// titleDate is the date a title gives in brackets, a Hijri and a
// Gregorian date as a blog prints them ("لقاء مع X (الجمعة ٢٨ شعبان ١٤٤٥
// هـ - ٨ آذار ٢٠٢٤ م)", "... [8 March 2024]"), read as a date line: the
// Gregorian date, else the Hijri one as written with hijri set. Brackets
// that hold more than a date give none ("(الجزء الثاني ٢٠٢٤)").
func titleDate(title string) (date string, hijri bool) {
	for t := title; ; {
		i := strings.IndexAny(t, "([")
		if i < 0 {
			return "", false
		}
		closing := ")"
		if t[i] == '[' {
			closing = "]"
		}
		j := strings.Index(t[i:], closing)
		if j < 0 {
			return "", false
		}
		if d, h, ok := dateLine(t[i+1 : i+j]); ok {
			return d, h
		}
		t = t[i+j:]
	}
}

// datelineRe opens a news item with its dateline: the place in capitals
// or capitalised, the date, the agency in brackets, a dash ("BAGHDAD, March
// 3, 2024 (IID) — ...", "Baghdad, 12 March 2019 — ..."), or the Arabic
// "بغداد - ٣ آذار ٢٠٢٤ - ...". What lies between the place and the dash
// must be a date and nothing else (dateOnly).
var datelineRe = regexp.MustCompile(`^(?:[A-Z][A-Za-z.'\-]+(?: [A-Z][A-Za-z.'\-]+){0,2}|\p{Arabic}+(?: \p{Arabic}+)?)\s*[,،/\-–—]\s*([^()—–]{6,40}?)\s*(?:\([^)]{1,30}\)\s*)?[—–-]\s`)

// datelineDate is the date of a news item's dateline, "" when its first
// paragraph opens with none.
func datelineDate(text string) string {
	m := datelineRe.FindStringSubmatch(text)
	if m == nil {
		return ""
	}
	return dateOnly(m[1])
}

// reportOpenRe opens a report of what the institute held, in the past
// tense: "عقد المعهد ...", "ونظّم ...", "أقيمت ...", "The Institute held ...".
var reportOpenRe = regexp.MustCompile(`(?i)^(?:(?:[وف]?(?:` + arWord("عقد") + `|` + arWord("عقدت") + `|` + arWord("نظم") + `|` + arWord("نظمت") + `|` + arWord("أقام") + `|` + arWord("أقامت") + `|` + arWord("أقيمت") + `|` + arWord("أقيم") + `|` +
	arWord("استضاف") + `|` + arWord("استضافت") + `|` + arWord("احتضن") + `|` + arWord("احتضنت") + `|` + arWord("اختتم") + `|` + arWord("اختتمت") + `|` + arWord("افتتح") + `|` + arWord("شهد") + `|` + arWord("شهدت") + `)\s)|` +
	`(?:on\s|the\s+(?:iraqi\s+)?institute(?:\s+for\s+dialog(?:ue)?)?\s+(?:held|organi[sz]ed|hosted|convened|opened|concluded)\s))`)

// reportDayRe is where a report's first sentence says the day it tells of:
// "يوم السبت 12 آذار 2022", "في 12 آذار", "بتاريخ ...", "on Saturday 12 March 2022".
var reportDayRe = regexp.MustCompile(`(?i)(?:^|\s)(?:` + arWord("يوم") + `|` + arWord("في") + `|` + arWord("بتاريخ") + `|on)\s+`)

// reportDate is the day a report of an event (a seminar held, a workshop
// organised) gives in its first sentence, when the post gives no date of
// its own: the report is written on that day or soon after, and it is the
// nearest date the page has. "" when the text does not open so.
func reportDate(text string) string {
	sentence, _, _ := strings.Cut(text, ". ")
	if len(sentence) > 400 || strings.IndexFunc(sentence, unicode.IsDigit) < 0 || !reportOpenRe.MatchString(sentence) {
		return ""
	}
	for _, m := range reportDayRe.FindAllStringIndex(sentence, 4) {
		window := sentence[m[1]:]
		if len(window) > 60 {
			window = window[:60]
		}
		if d := dateOnly(window); d != "" {
			return d
		}
	}
	return ""
}

// urlDate is the date a post's address gives, as WordPress's permalinks
// do (/2024/03/05/slug/: "2024-03-05"), when a slug follows it; "" else.
func urlDate(u *url.URL) string {
	if u == nil {
		return ""
	}
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	for i := 0; i+2 < len(segs); i++ {
		y, err := strconv.Atoi(segs[i])
		if err != nil || len(segs[i]) != 4 || y < 1990 || y > 2100 {
			continue
		}
		m, err := strconv.Atoi(segs[i+1])
		if err != nil || len(segs[i+1]) != 2 || m < 1 || m > 12 {
			return ""
		}
		d, err := strconv.Atoi(segs[i+2])
		if err != nil || len(segs[i+2]) != 2 || d < 1 || d > 31 || i+3 >= len(segs) {
			return "" // a month alone (Blogger's /2020/07/slug.html) is no date of the post's
		}
		return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
	}
	return ""
}

// section is news, activities or seminars when the URL, the breadcrumbs
// (markup or JSON-LD), a category link, a meta tag or a title that opens
// with the section's name ("Seminar: ...", "ندوة: ...") says so. The
// navigation menu names every section and is not used.
func section(u *url.URL, p *page, category, title string) string {
	if u != nil {
		if s := sectionFromPath(u.Path); s != "" {
			return s
		}
		if s := sectionFromScript(u.Path); s != "" {
			return s
		}
	}
	if s := sectionFromCrumbs(p.crumbs); s != "" {
		return s
	}
	for _, c := range append(p.categories, category) {
		if s := sectionOf(c); s != "" {
			return s
		}
	}
	if s := sectionOf(p.meta["article:section"]); s != "" {
		return s
	}
	if s := sectionFromJSONLD(p.jsonLD); s != "" {
		return s
	}
	if s := sectionFromTitleTag(p.titleTag); s != "" {
		return s
	}
	return sectionFromTitle(title)
}

// sectionFromTitleTag is the section a part of the <title> names by itself,
// between the separators that set the site's name and the post's title
// apart: "المعهد العراقي للحوار :: نشاطات :: ندوة حوارية عن الدستور".
func sectionFromTitleTag(tag string) string {
	for _, sep := range titleSeparators {
		parts := strings.Split(tag, sep)
		if len(parts) < 2 {
			continue
		}
		for _, part := range parts {
			if s := sectionOf(part); s != "" {
				return s
			}
		}
		return ""
	}
	return ""
}
