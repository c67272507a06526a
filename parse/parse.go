package parse

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// Version is the parser version recorded in every Document. Bump it whenever
// the output for some page changes, so that the archive can tell which
// versions came from an older parser and reparse them.
const Version = "1"

// Parser names, one per profile of page.
const (
	ParserInterview = "hewar-interview"
	ParserArticle   = "hewar-article"
	ParserListing   = "hewar-listing"
	ParserPage      = "hewar-page"
	ParserGeneric   = "hewar-generic"
)

// Parse turns one fetched page into a Document. url is the address that
// answered (after redirects), contentType the response's Content-Type (may be
// empty), fetchedAt the capture time (used only to flag dates in the future).
// It does no I/O and reads no clock: the same arguments give the same
// Document.
//
// The flow: decode the charset, parse the HTML once, walk the tree once into
// blocks of text with hints (where they sit, which are bold or links), find the
// title and the comments by their text, then read the content between them as
// an interview (speaker labels), a listing (post links) or an article. When
// no title or no content can be found the generic readability extractor runs.
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
	root, err := html.Parse(bytes.NewReader(text))
	if err != nil {
		return nil, fmt.Errorf("parse %s: html: %w", rawURL, err)
	}
	base, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || base.Scheme == "" && base.Host == "" && rawURL != "" {
		base = nil
	}
	p := walkPage(root, base, len(text))
	d := &Document{
		URL:      rawURL,
		DocKey:   DocKey(rawURL),
		QA:       []QA{},
		Links:    p.links,
		Comments: []Comment{},
		Warnings: []Warning{},
	}
	if rawURL == "" {
		d.DocKey = ""
	}
	if d.Links == nil {
		d.Links = []string{}
	}
	l := findLayout(p)
	blocks := make([]block, 0, len(l.main))
	for _, i := range l.main {
		blocks = append(blocks, p.blocks[i])
	}
	title := ""
	if l.title >= 0 {
		title = p.blocks[l.title].text
	}
	generic := l.title < 0 || len(blocks) == 0
	if generic {
		gTitle, gBlocks, ok := genericContent(root, base)
		if ok {
			if title == "" {
				title = gTitle
			}
			blocks = gBlocks
		}
	}
	d.Title = title
	d.Lang = pageLang(base, p, blocks)
	d.Published = published(p, l)
	if dl, rest := takeDateLine(blocks); dl != "" {
		blocks = rest
		if d.Published == "" {
			d.Published = dl
		}
	}
	d.Comments = readComments(p.blocks, p.times, l)
	d.Section = section(base, p, blocks)

	_, _, isPost := PostID(rawURL)
	// The line naming the interviewer ("Conducted by: ...") is kept in its
	// field, out of the turns.
	named, at := namedInterviewer(l.between(p.blocks))
	if at >= 0 {
		nb := l.between(p.blocks)[at].text
		kept := blocks[:0:0]
		for _, b := range blocks {
			if b.text != nb {
				kept = append(kept, b)
			}
		}
		blocks = kept
	}
	iv := findTurns(blocks)
	switch {
	case iv != nil && !isListingURL(base):
		buildInterview(d, iv, named)
	case !isPost && isListing(base, blocks):
		d.Kind, d.Parser.Name = KindListing, ParserListing
		d.Body = joinBlocks(blocks, true)
		d.Published = "" // the dates on a listing are its items'

	case presentsAsInterview(title, blocks):
		d.Kind, d.Parser.Name = KindInterview, ParserInterview
		d.Body = joinBlocks(blocks, false)
		d.Magazine = readMagazine(firstText(blocks), title)
		d.Warnings = append(d.Warnings, Warning{Code: WarnNoTurnsFound, Where: "qa",
			Detail: "the page presents itself as an interview but no speaker labels were found"})
	case isPost || d.Section != "" || d.Published != "":
		d.Kind, d.Parser.Name = KindArticle, ParserArticle
		d.Body = joinBlocks(blocks, false)
	default:
		d.Kind, d.Parser.Name = KindPage, ParserPage
		d.Body = joinBlocks(blocks, false)
	}
	if generic {
		d.Parser.Name = ParserGeneric
		d.Warnings = append(d.Warnings, Warning{Code: WarnGenericLayout, Where: "",
			Detail: "no title or content found by the site parsers; the generic extractor was used"})
	}
	d.Parser.Version = Version
	d.Warnings = append(d.Warnings, futureWarnings(d, fetchedAt)...)
	d.Warnings = append(d.Warnings, repeatedWarnings(d)...)
	d.ContentHash = contentHash(d)
	return d, nil
}

// buildInterview fills the interview fields from the turns found.
func buildInterview(d *Document, iv *interview, named string) {
	d.Kind, d.Parser.Name = KindInterview, ParserInterview
	d.QA = iv.qa
	// Before the first turn: the lede, then (after an "Introduction to the
	// dialog" heading, or from the second paragraph on) the introduction.
	var lede, intro []block
	introAt := -1
	for i, b := range iv.pre {
		if isIntroHeading(b.text) {
			introAt = i
			break
		}
	}
	switch {
	case introAt >= 0:
		lede, intro = iv.pre[:introAt], iv.pre[introAt+1:]
	case len(iv.pre) > 0:
		lede, intro = iv.pre[:1], iv.pre[1:]
	}
	d.Body = joinBlocks(lede, false)
	d.Intro = joinBlocks(intro, false)
	d.Magazine = readMagazine(d.Body, d.Intro, d.Title)
	d.Interviewer = iv.interviewer
	if named != "" {
		d.Interviewer = named
	} else if interviewerRe.MatchString(foldKey(iv.interviewer)) && len([]rune(iv.interviewer)) <= 3 && d.Magazine != nil && d.Magazine.Name != "" {
		d.Interviewer = d.Magazine.Name // "Q:" stands for the magazine
	}
	d.Interviewee = personIn(iv, d.Title, d.Body, d.Intro)
	d.Warnings = append(d.Warnings, truncatedAnswers(d.QA)...)
}

func firstText(blocks []block) string {
	if len(blocks) == 0 {
		return ""
	}
	return blocks[0].text
}

// joinBlocks joins paragraphs with a blank line. Link-dense blocks (menus,
// tag lists, "read more") are left out unless keepLinks, as listings need
// them.
func joinBlocks(blocks []block, keepLinks bool) string {
	var b strings.Builder
	for _, bl := range blocks {
		if !keepLinks && linkDense(bl) && bl.level == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(bl.text)
	}
	return b.String()
}

// presentsAsInterview reports a page whose title or lede says "interview".
func presentsAsInterview(title string, blocks []block) bool {
	if presentsRe.MatchString(title) {
		return true
	}
	if len(blocks) > 0 && len(blocks[0].text) < 600 && presentsLedeRe.MatchString(blocks[0].text) && readMagazine(blocks[0].text) != nil {
		return true
	}
	return false
}

func isListingURL(u *url.URL) bool {
	if u == nil {
		return false
	}
	if _, _, ok := PostID(u.String()); ok {
		return false
	}
	q := u.Query()
	return q.Get("page") != "" || q.Get("paged") != "" || sectionFromPath(u.Path) != "" && strings.Count(strings.Trim(u.Path, "/"), "/") <= 2
}

// isListing reports a page made mostly of links to posts.
func isListing(u *url.URL, blocks []block) bool {
	if isListingURL(u) {
		return true
	}
	n := 0
	for _, b := range blocks {
		n += int(b.postLinks)
	}
	return n >= 3
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

// published is the post's own date from markup: meta tags, JSON-LD, then a
// <time> inside the post (never the header's rendered date, which sits before
// the title), then the post's date line.
func published(p *page, l layout) string {
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
	if l.title >= 0 {
		for _, t := range p.times {
			if t.block > l.title && t.block <= l.comments && !t.zone.chrome() && t.zone != zoneComments {
				if v := machineDate(t.value); v != "" {
					return v
				}
			}
		}
	}
	if len(l.dateLines) > 0 {
		return l.dateLines[0]
	}
	return ""
}

// jsonLDDate finds the first datePublished anywhere in a JSON-LD script.
func jsonLDDate(raw string) string {
	if !strings.Contains(raw, "datePublished") {
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
			if s, ok := x["datePublished"].(string); ok {
				return s
			}
			for _, c := range x {
				if s := find(c); s != "" {
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

// presentsLedeRe is a lede that reports an interview the magazine conducted,
// not a news item that mentions one.
var presentsLedeRe = regexp.MustCompile(`(?i)\bconducted\s+an?\s+interview|\binterviewed\b|^(?:` + arWord("أجرت") + `|` + arWord("أجرى") + `|` + arWord("حاورت") + `)\s`)

var dateLabelRe = regexp.MustCompile(`(?i)^(?:published(?:\s+on)?|posted(?:\s+on)?|date|on|updated|تاريخ النشر|نشر بتاريخ|نشر في|بتاريخ|التاريخ|تاريخ)?\s*:?\s*$`)

// takeDateLine removes the post's own date line ("Published: 15 September
// 2019", "Published: 05/01/2026 - Media office") from the first blocks after
// the title and returns its date.
func takeDateLine(blocks []block) (string, []block) {
	for i := 0; i < len(blocks) && i < 3; i++ {
		b := blocks[i]
		if len(b.text) > 160 {
			continue
		}
		sc := scanVolatile(b.text)
		if !sc.strong {
			continue
		}
		d := dateOnly(b.text)
		if d == "" {
			continue
		}
		label := trimText(b.text[:sc.first], volatileTrim)
		after := trimText(b.text[sc.last:], "")
		if after != "" && (!strings.ContainsAny(after[:1], "-–—|") || len(strings.Fields(after)) > 5) {
			continue // more than a short byline after the date
		}
		if dateLabelRe.MatchString(label) {
			out := append(append([]block(nil), blocks[:i]...), blocks[i+1:]...)
			return d, out
		}
	}
	return "", blocks
}

// section is news, activities or seminars when the URL, the breadcrumbs, a
// category link or a meta tag says so. The navigation menu names every
// section and is not used.
func section(u *url.URL, p *page, blocks []block) string {
	if u != nil {
		if s := sectionFromPath(u.Path); s != "" {
			return s
		}
	}
	if s := sectionFromCrumbs(p.crumbs); s != "" {
		return s
	}
	for _, b := range p.blocks {
		if b.category != "" {
			if s := sectionOf(b.category); s != "" {
				return s
			}
		}
	}
	if s := sectionOf(p.meta["article:section"]); s != "" {
		return s
	}
	return ""
}

var noCommentsRe = regexp.MustCompile(`(?i)^(?:no comments(?: yet)?|be the first to comment|لا توجد تعليقات(?: بعد)?|لا تعليقات(?: بعد)?)\s*[.!]?$`)

// readComments reads the comments section: "Name: text" lines, with a date
// from a <time> element, a date in the label ("Name (2026-01-05): text") or
// a date line of its own ("January 3, 2026 at 19:42 Reply"). A date is the
// <time>'s datetime when there is one, else the date as written.
func readComments(blocks []block, times []timeMark, l layout) []Comment {
	out := []Comment{}
	timeAt := map[int]timeMark{}
	for _, t := range times {
		if t.block >= l.comments {
			if _, dup := timeAt[t.block]; !dup {
				timeAt[t.block] = t
			}
		}
	}
	pendingDate := ""
	inZone := false
	for i := l.comments; i < len(blocks); i++ {
		b := blocks[i]
		// The comments end where the page leaves their container, or, in a
		// theme without hints, at a sidebar box title or a list of links.
		if b.zone == zoneComments {
			inZone = true
		} else if inZone || boxTitleRe.MatchString(trimText(b.text, "»«")) || linkDense(b) && !(i == l.comments) {
			break
		}
		if b.level > 0 || b.zone == zoneForm || b.zone == zoneFooter || b.zone == zoneNav || b.zone == zoneHeader || b.zone == zoneAside {
			continue
		}
		if b.zone != zoneComments && (isFooterText(b.text) || isVolatile(b.text) && dateOnly(b.text) == "") {
			continue
		}
		if isCommentsHeading(b.text) || noCommentsRe.MatchString(trimText(NormalizeArabic(b.text), "")) {
			continue
		}
		if date, ok := commentDateLine(b.text, timeAt, i); ok {
			if n := len(out); n > 0 && out[n-1].Date == "" {
				out[n-1].Date = date
			} else {
				pendingDate = date
			}
			continue
		}
		if label, rest, ok := commentLabel(b); ok {
			author, date := splitCommentAuthor(label)
			if date == "" {
				date, pendingDate = pendingDate, ""
			}
			out = append(out, Comment{Author: author, Date: date, Text: rest})
			continue
		}
		if n := len(out); n > 0 && pendingDate == "" {
			if out[n-1].Text != "" {
				out[n-1].Text += "\n\n"
			}
			out[n-1].Text += b.text
			continue
		}
		out = append(out, Comment{Date: pendingDate, Text: b.text})
		pendingDate = ""
	}
	return out
}

// commentDateLine reports a line that only dates a comment: a date, maybe a
// time, and at most a few short words ("at", "Reply", "رد").
func commentDateLine(text string, timeAt map[int]timeMark, i int) (string, bool) {
	if len(text) > 160 {
		return "", false
	}
	t, hasTime := timeAt[i]
	sc := scanVolatile(text)
	if !hasTime && (!sc.strong || dateOnly(text) == "") {
		return "", false
	}
	rest := sc.rest
	if hasTime {
		rest = scanVolatile(strings.Replace(text, t.text, "", 1)).rest
	}
	if len(rest) > 3 {
		return "", false
	}
	for _, w := range rest {
		if utf8.RuneCountInString(w) > 6 {
			return "", false
		}
	}
	if hasTime {
		if v := machineDate(t.value); v != "" {
			return v, true
		}
		return t.text, true
	}
	return trimText(text[sc.first:sc.last], volatileTrim), true
}

// commentLabel is splitLabel with room for a date in the label.
func commentLabel(b block) (string, string, bool) {
	if l, r, ok := splitLabel(b); ok && r != "" {
		return l, r, true
	}
	// "Ahmed (2026-01-05): text" has digits and brackets in its label.
	i := strings.Index(b.text, ": ")
	if i <= 0 || utf8.RuneCountInString(b.text[:i]) > maxLabelRunes {
		return "", "", false
	}
	label := b.text[:i]
	if dateOnly(label) == "" {
		return "", "", false
	}
	return trimText(label, ""), trimText(b.text[i+2:], ""), true
}

// splitCommentAuthor separates "Ahmed (2026-01-05)" or "Ahmed - 5 January
// 2026" into author and date as written.
func splitCommentAuthor(label string) (author, date string) {
	if dateOnly(label) == "" {
		return label, ""
	}
	sc := scanVolatile(label)
	if !sc.strong {
		return label, ""
	}
	date = trimText(label[sc.first:sc.last], volatileTrim)
	author = trimText(label[:sc.first]+label[sc.last:], volatileTrim)
	return author, date
}
