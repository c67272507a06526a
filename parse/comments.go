package parse

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// partWords are the words of class and id attributes that say what a piece
// of a comment is, inside a comments section.
var partWords = func() map[string]part {
	m := map[string]part{}
	add := func(p part, words ...string) {
		for _, w := range words {
			m[w] = p
		}
	}
	add(partAuthor, "author", "fn", "name", "commenter", "nick", "nickname", "user", "username", "poster", "who", "vcard",
		"postauthor", "postername")
	add(partDate, "date", "time", "timestamp", "metadata", "meta", "published", "posted", "when", "ago", "datetime",
		"postdate", "postdetails")
	add(partText, "body", "content", "text", "message", "msg", "postbody", "posttext", "postmessage")
	add(partSkip, "reply", "respond", "edit", "permalink", "anchor", "rating", "vote", "votes", "like", "likes",
		"report", "says", "cancel", "form", "pagination", "subscribe", "menu", "share", "actions", "toolbar", "control")
	return m
}()

// commentPart is what n is inside a comments section: its own words (the
// last word that names a part wins, as the head of a compound name:
// "comment-author" is an author, "field-name-comment-body" a text), or its
// parent's. A reply link or a form is skipped whatever else it says.
func commentPart(n *html.Node, parent part) part {
	switch n.DataAtom {
	case atom.Form:
		if holdsCommentText(n) {
			return parent // Facebook's comments plugin writes its whole list inside a <form>
		}
		return partSkip
	case atom.Img, atom.Th:
		return partSkip // a table's header cells ("Author", "Message") label its columns
	case atom.Cite:
		return partAuthor
	case atom.Time:
		return partDate
	}
	// Within one class name the last word that names a part wins; of
	// several class names the first that names one ("datetime
	// secondary-text" is a date, "author publisher-anchor-color" an
	// author; "text-sm" names nothing), but a reply link or a form is skipped unless an earlier
	// class names an author.
	p := partNone
	for _, a := range n.Attr {
		if a.Key != "class" && a.Key != "id" {
			continue
		}
		for _, tok := range strings.Fields(a.Val) {
			if strings.HasPrefix(tok, "text-") {
				continue // a utility class (Tailwind, Bootstrap): text-sm, text-gray-500, text-muted
			}
			q := partNone
			it := words{v: tok}
			for it.next() {
				if w, ok := partWords[string(it.word())]; ok && q != partSkip {
					q = w
				}
			}
			if p == partNone || q == partSkip && p != partAuthor {
				p = q
			}
		}
	}
	switch {
	case p == partNone:
		return parent
	case p == partSkip && textSize(n) > 120:
		return parent // a container named after its replies, not a reply link
	}
	return p
}

// holdsCommentText reports a form that holds an element its class names a
// comment's text (Facebook's UFICommentBody), not only the fields of a
// reply form.
func holdsCommentText(form *html.Node) bool {
	for e := form.FirstChild; e != nil; e = e.NextSibling {
		if e.Type != html.ElementNode || e.DataAtom == atom.Textarea || e.DataAtom == atom.Form {
			continue
		}
		if commentPart(e, partNone) == partText && textSize(e) > 0 || holdsCommentText(e) {
			return true
		}
	}
	return false
}

var (
	noCommentsRe = regexp.MustCompile(`(?i)^(?:(?:there are )?no (?:comments|responses|thoughts|replies)(?: yet| so far)?|be the first to (?:comment|leave a (?:comment|reply))|comments are closed|` +
		`(?:لا توجد|لا يوجد|لا) تعليقات(?: بعد| حتى الان| حتى اللحظة)?|لم يعلق احد(?: بعد)?|كن اول من يعلق|كن اول من يضيف تعليقا|التعليقات مغلقة)\s*[.!:]?$`)
	// relativeDateRe is a comment's date told from the day it was read:
	// "2 days ago", "a year ago", "yesterday at 9:12", "منذ يومين", "قبل ٣ ساعات".
	relativeDateRe = regexp.MustCompile(`(?i)^(?:(?:(?:about|almost|over)\s+)?(?:a|an|one|` + digitClass + `+)\s+(?:second|minute|min|hour|hr|day|week|month|year)s?\s+ago$|` +
		`(?:yesterday|today|just now)(?:\s*(?:at|,)\s*` + digitClass + `{1,2}[:.]` + digitClass + `{2}(?:\s*[ap]\.?m\.?)?)?$|` +
		`(?:منذ|قبل)\s+(?:` + digitClass + `+\s+)?(?:لحظات|ثانية|ثوان|ثواني|دقيقة|دقيقتين|دقائق|ساعة|ساعتين|ساعات|يوم|يومين|ايام|اسبوع|اسبوعين|اسابيع|شهر|شهرين|اشهر|سنة|سنتين|سنوات|عام|عامين|اعوام)$|` +
		`(?:امس|اليوم|الآن)$)`)
	// commentsDisclaimerRe is the line a CMS prints over its comments
	// (PHP-Nuke's "The comments are owned by the poster. We aren't
	// responsible for their content."), folded with normalizeArabic.
	commentsDisclaimerRe = regexp.MustCompile(`(?i)^(?:(?:the\s+)?comments\s+are\s+(?:owned\s+by|the\s+property\s+of)\s+(?:the|their)\s+posters?\b|التعليقات\s+(?:هي\s+)?(?:ملك|ملكا)\s+لاصحابها)`)
	// commentControlsRe is a line of a comments section that a reader did
	// not write: a row of buttons ("Like · Comment · Share", "أعجبني تعليق
	// مشاركة"), a form's prompt ("Write a comment...", "اكتب تعليقا..."), a
	// count of likes ("You and 27 others like this.", "أعجب ١٢ شخصاً بهذا."), folded with
	// normalizeArabic.
	commentControlsRe = regexp.MustCompile(`(?i)^(?:(?:(?:like|comment|share|reply|send|اعجبني|تعليق|مشاركة|رد|ارسال)(?:[\s·|•-]+|$))+$|` +
		`(?:write|add|leave|post)\s+a\s+(?:comment|reply)\s*(?:\.\.\.|…|:)?$|(?:اكتب|اضف)\s+(?:تعليقا|تعليق|ردا|رد)\s*(?:\.\.\.|…|:)?$|` +
		`(?:(?:you|[\p{L}.' ]+?)(?:,\s*[\p{L}.' ]+?)*\s+and\s+)?` + digitClass + `+\s+(?:others|other|people|person)\s+likes?\s+this\.?$|` +
		`(?:انت\s+و\s*)?(?:اعجب|يعجب)\s+(?:بهذا\s+|هذا\s+)?` + digitClass + `+\s+(?:شخصا|اشخاص|شخص|اخرين|اخرون)(?:\s+اخرين)?(?:\s+بهذا|\s+بذلك)?\s*\.?$)`)
	// commentScoreRe is the score PHP-Nuke prints after a comment's subject.
	commentScoreRe = regexp.MustCompile(`\s*\((?:score|التقييم|النقاط)\s*:\s*` + digitClass + `+\)`)
	// notVerifiedRe is what Drupal writes after an anonymous author's name.
	notVerifiedRe = regexp.MustCompile(`\s*\((?:not verified|غير موثق|غير مؤكد)\)\s*$`)
	// saidRe is the verb a theme writes after a comment's author.
	saidRe = regexp.MustCompile(`(?i)\s*(?:said|says|wrote|writes|commented|قال|قالت|كتب|كتبت|يقول|تقول)\s*(?:\.\.\.|…|:)?\s*$`)
)

// findComments finds the comments sections of the page, reads their
// comments and removes them from the document, so that nothing of them is
// read as the post. A section is an element the markup names (comments,
// comment-list, CommentsArea, cmts, replies) outside the site's chrome (a
// "recent comments" widget in the sidebar is not one) and not holding the
// title; failing that, a heading "Comments" / "التعليقات (2)" after the
// title and what follows it in its parent, up to the sidebar.
func findComments(doc *goquery.Document, body, title *html.Node, pageSize int) []Comment {
	out := []Comment{}
	if body == nil {
		return out
	}
	sections := doc.FindMatcher(commentSections{title: title, pageSize: pageSize})
	var regions [][]*html.Node
	for _, n := range sections.Nodes {
		regions = append(regions, []*html.Node{n})
	}
	if len(regions) == 0 {
		if h := commentsHeadingAfter(body, title); h != nil {
			r := []*html.Node{}
			for n := h; n != nil; n = n.NextSibling {
				if n != h && n.Type == html.ElementNode && (chromeElement(n, false) || hasDropWord(n)) {
					break // the sidebar after the comments
				}
				r = append(r, n)
			}
			regions = append(regions, r)
		}
	}
	for _, r := range regions {
		var bs []block
		for _, n := range r {
			if n.Type == html.ElementNode {
				bs = append(bs, readCommentBlocks(n)...)
			} else if n.Type == html.TextNode && trimText(n.Data, "") != "" {
				bs = append(bs, block{text: collapseSpace(n.Data), letters: int32(countLetters(n.Data))})
			}
		}
		for _, c := range assembleComments(bs) {
			if c.Text != "" {
				out = append(out, c) // a heading or a name with no words of its own is no comment: "لێدوانەکان (١)"
			}
		}
		for _, n := range r {
			if n.Parent != nil {
				n.Parent.RemoveChild(n)
			}
		}
	}
	return out
}

// commentSections is a goquery Matcher for the elements the markup names
// as a comments section, the outermost ones.
type commentSections struct {
	title    *html.Node
	pageSize int
}

func (c commentSections) Match(n *html.Node) bool {
	return n.Type == html.ElementNode && mayNameComments(n) && classHint(n) == hintComments && !hasDropWord(n) &&
		(c.title == nil || !contains(n, c.title)) && textSize(n)*10 < c.pageSize*6 && !inSiteChrome(n, c.pageSize)
}

func (c commentSections) MatchAll(n *html.Node) []*html.Node {
	var out []*html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for e := n.FirstChild; e != nil; e = e.NextSibling {
			if e.Type != html.ElementNode {
				continue
			}
			if c.Match(e) {
				out = append(out, e)
				continue
			}
			walk(e)
		}
	}
	walk(n)
	return out
}

func (c commentSections) Filter(ns []*html.Node) []*html.Node { return filterNodes(ns, c.Match) }

// mayNameComments is a cheap test that spares classHint the elements whose
// id and class cannot name a comments section.
func mayNameComments(n *html.Node) bool {
	for _, a := range n.Attr {
		if (a.Key == "class" || a.Key == "id") && (strings.Contains(a.Val, "omment") || strings.Contains(a.Val, "OMMENT") ||
			strings.Contains(a.Val, "cmts") || strings.Contains(a.Val, "repl") || strings.Contains(a.Val, "espons") ||
			strings.Contains(a.Val, "disqus") || a.Val == "jc" || strings.Contains(a.Val, "alkback")) {
			return true
		}
	}
	return false
}

// hasDropWord reports an element whose id or class holds a word of the
// sidebar or widget kind ("widget_recent_comments").
func hasDropWord(n *html.Node) bool {
	found := false
	for _, a := range n.Attr {
		if a.Key == "class" || a.Key == "id" {
			it := words{v: a.Val}
			for it.next() {
				h, ok := hintPairs[string(it.pair())]
				if ok && h != hintDrop {
					continue // "fb_iframe_widget", "ui-widget": the word before says what the widget is
				}
				if hintWords[string(it.word())] == hintDrop {
					found = true
				}
			}
		}
	}
	return found
}

// commentsHeadingAfter finds, after the title, a short element whose text is
// a comments heading, outside the site's chrome; a heading wrapped alone in
// a paragraph is that paragraph.
func commentsHeadingAfter(body, title *html.Node) *html.Node {
	seenTitle := title == nil
	var found *html.Node
	var walk func(n *html.Node) bool
	walk = func(n *html.Node) bool {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c == title {
				seenTitle = true
				continue
			}
			switch c.Type {
			case html.TextNode:
				if !seenTitle || c.Parent == nil || c.Parent == body || c.Parent.DataAtom == atom.Th {
					continue // a table's "Replies" column (a list of topics) heads no comments
				}
				if c.Parent.DataAtom == atom.A && besideLinks(c.Parent) {
					continue // a button in a row of links ("أعجبني · تعليق · مشاركة"): it opens a form, it heads nothing
				}
				// The heading's text may be split by markup: "2 thoughts on “<span>Title</span>”".
				if t := trimText(c.Data, ""); t != "" && isCommentsHeading(t) && isCommentsHeading(trimText(textOf(c.Parent), "")) {
					found = c.Parent
					return true
				}
			case html.ElementNode:
				if walk(c) {
					return true
				}
			}
		}
		return false
	}
	walk(body)
	if found == nil {
		return nil
	}
	for found.Parent != nil && found.Parent != body && onlyElementChild(found.Parent, found) && !isArticleElement(found.Parent) {
		found = found.Parent
	}
	return found
}

// besideLinks reports a link whose nearest sibling element, before or
// after it, is a link too.
func besideLinks(a *html.Node) bool {
	for s := a.PrevSibling; s != nil; s = s.PrevSibling {
		if s.Type == html.ElementNode {
			if s.DataAtom == atom.A {
				return true
			}
			break
		}
	}
	for s := a.NextSibling; s != nil; s = s.NextSibling {
		if s.Type == html.ElementNode {
			return s.DataAtom == atom.A
		}
	}
	return false
}

// onlyElementChild reports whether c is p's only child but white space.
func onlyElementChild(p, c *html.Node) bool {
	for k := p.FirstChild; k != nil; k = k.NextSibling {
		if k == c {
			continue
		}
		if k.Type == html.ElementNode || k.Type == html.TextNode && trimText(k.Data, "") != "" {
			return false
		}
	}
	return true
}

// textOf is n's text, collapsed: the text of block elements is set apart
// by a space, inline elements are joined as written ("<b>مح</b>مد" is one
// word, "<div>Dr.</div><div>Hassan</div>" two).
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		block := n.Type == html.ElementNode && isBlockElement(n)
		if block {
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			b.WriteByte(' ')
		}
	}
	walk(n)
	return collapseSpace(b.String())
}

// assembleComments reads comments from a section's blocks, in whatever
// markup: an author part starts a comment, a date part dates it, a text
// part is its text (a label inside it stays text: "Noor" wrote "Dialogue of
// thought: please ..."). Blocks the markup says nothing of are read by
// their shape: "Name: text", "Name said...", a bold name before a date, a
// date line of its own.
func assembleComments(bs []block) []Comment {
	out := []Comment{}
	cur := -1
	last := partNone
	pendingDate := ""
	// around is the element that holds the current comment's author line
	// and what follows it: a plain paragraph inside it continues the
	// comment, one outside it starts a comment of its own.
	var around *html.Node
	var textAt *html.Node // the element of the current comment's first text
	subject := false      // the last block was the subject line of the comment out[cur]
	newComment := func(c Comment) {
		if c.Date == "" {
			c.Date, pendingDate = pendingDate, ""
		}
		out = append(out, c)
		cur = len(out) - 1
		around = nil
	}
	for i, b := range bs {
		text := b.text
		t := trimText(text, "")
		if t == "" || b.letters == 0 || b.part == partSkip || isCommentsHeading(t) {
			continue
		}
		// "No comments yet" is a short line: the anchored regexp, whose
		// cost grows with its input, reads no long comment.
		if n := normalizeArabic(t); len(n) <= 200 && (noCommentsRe.MatchString(trimText(n, "")) || commentControlsRe.MatchString(trimText(n, ""))) || commentsDisclaimerRe.MatchString(n) {
			continue
		}
		kind := b.part
		if kind == partNone || kind == partDate && b.time == "" && commentDate(b) == "" {
			kind = shapeOf(b)
		}
		if kind == partNone && nameLike(t) && (cur < 0 || out[cur].Author == "" || out[cur].Text != "") && i+1 < len(bs) && bs[i+1].part != partAuthor && bs[i+1].part != partText && commentDate(bs[i+1]) != "" {
			kind = partAuthor // a name on its own line before the date, in markup that says neither: "Hadi R." / "2 days ago"
		}
		if kind == partNone && nameLike(t) && !endsSentence(t) && (cur < 0 || out[cur].Text != "") && i+1 < len(bs) && bs[i+1].part == partNone &&
			b.container != nil && bs[i+1].container != nil && bs[i+1].container != b.container && contains(b.container, bs[i+1].container) {
			kind = partAuthor // a name loose in the comment's element, over its paragraphs: <div class="comment"><span>Ali</span><p>...</p></div>
		}
		if linkDense(b) && kind != partAuthor && kind != partDate {
			continue // "Reply", "Post a Comment"; a date may be a permalink
		}
		switch kind {
		case partAuthor:
			author, date := splitAuthorDate(b)
			if cur >= 0 && out[cur].Author == "" && (out[cur].Text == "" || subject || signsOff(bs, i, textAt)) {
				out[cur].Author = author
			} else {
				newComment(Comment{Author: author})
			}
			if b.container != nil {
				around = b.container.Parent
			}
			if date != "" && out[cur].Date == "" {
				out[cur].Date = date
			}
		case partDate:
			d := commentDate(b)
			if cur >= 0 && out[cur].Date == "" {
				out[cur].Date = d
			} else {
				pendingDate = d
			}
		case partText, partNone:
			if b.part == partNone && strings.HasSuffix(t, ":") && utf8.RuneCountInString(t) <= 30 {
				continue // a form's label: "Name:", "الاسم:"
			}
			t = trimText(t, ":：-–—")
			if b.part == partNone {
				if label, rest, ok := commentLabel(b); ok && (cur < 0 || out[cur].Text != "") {
					author, date := splitCommentAuthor(label)
					newComment(Comment{Author: author, Date: date, Text: rest})
					last = partText
					continue
				}
			}
			if b.part == partNone && i+1 < len(bs) && bs[i+1].part == partNone && shapeOf(bs[i+1]) == partAuthor && wordCount(t) <= 8 && !endsSentence(t) {
				// A comment's subject over its author line (PHP-Nuke's
				// "شكراً (التقييم: 1)" over "بواسطة X في ..."): the
				// comment that follows opens with it.
				newComment(Comment{Text: trimText(commentScoreRe.ReplaceAllString(t, ""), "")})
				textAt, subject, last = b.container, true, partText
				continue
			}
			switch {
			case cur >= 0 && out[cur].Text == "":
				out[cur].Text, textAt = t, b.container
			case cur >= 0 && (last == partText || b.part == partNone && around != nil && b.container != nil && contains(around, b.container)):
				out[cur].Text += "\n\n" + t
			default:
				newComment(Comment{Text: t})
				textAt = b.container
			}
		}
		last = kind
		subject = false
	}
	return out
}

// signsOff reports an author line, bs[i], that signs the comment whose
// text came before it, in the item's own footer (Shopify's comments: the
// text, then "Hana" and the date): the element that holds both the text
// (at textAt) and bs[i] holds no text after bs[i], so it is that comment's
// item, not the list of them.
func signsOff(bs []block, i int, textAt *html.Node) bool {
	if textAt == nil || bs[i].container == nil {
		return false
	}
	item := bs[i].container
	for item != nil && !contains(item, textAt) {
		item = item.Parent
	}
	if item == nil {
		return false
	}
	for _, b := range bs[i+1:] {
		if b.part == partSkip || b.part == partDate || b.part == partAuthor || linkDense(b) || trimText(b.text, "") == "" || commentDate(b) != "" {
			continue
		}
		return b.container != nil && !contains(item, b.container)
	}
	return true
}

// submittedByRe is a comment's author line that names the author and the
// date in words: "Submitted by Zaid on Tue, 12/12/2023 - 09:02" (Drupal),
// "Posted by Huda at 9:12 AM", "أرسله زيد في 12/12/2023", Blogger's
// "مرسلة بواسطة سلام يوسف في 10:20 ص" (posted by ... at).
var submittedByRe = regexp.MustCompile(`(?i)^(?:(?:submitted|posted|written|added)\s+by\s+(.{1,60}?)\s+(?:on|at)\s+(.+)$|(?:أرسله|أرسلته|كتبه|كتبته|نشره|نشرته|(?:(?:مرسلة|مرسل|نشرت|كتبت)\s+)?بواسطة)\s+(.{1,60}?)\s+(?:في|بتاريخ)\s+(.+)$)`)

// submittedBy reads such a line: the author and the date as written.
func submittedBy(t string) (author, date string, ok bool) {
	m := submittedByRe.FindStringSubmatch(t)
	if m == nil {
		return "", "", false
	}
	author, date = m[1]+m[3], m[2]+m[4]
	if dateOnly(date) == "" && !strings.ContainsAny(date, "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹") {
		return "", "", false
	}
	return trimText(notVerifiedRe.ReplaceAllString(author, ""), ""), trimText(date, ""), true
}

// shapeOf reads a block of a comments section the markup says nothing of.
func shapeOf(b block) part {
	t := trimText(b.text, "")
	if _, _, ok := submittedBy(t); ok {
		return partAuthor
	}
	if b.bold != "" && b.bold != t && strings.HasPrefix(t, b.bold) {
		if rest := trimText(t[len(b.bold):], volatileTrim+" "); rest == "" || dateOnly(rest) != "" && isVolatile(rest) {
			return partAuthor // "<strong>Mohammed Jawad</strong> · 21 October 2021"
		}
	}
	if commentDate(b) != "" {
		return partDate
	}
	if (b.allBold || b.level > 0) && !linkDense(b) && utf8.RuneCountInString(t) <= maxLabelRunes {
		return partAuthor // a name set in bold or as a heading: <h5>Ali</h5><time>...</time>
	}
	if utf8.RuneCountInString(t) <= maxLabelRunes+12 && saidRe.MatchString(t) {
		return partAuthor // "Karrar said..."
	}
	return partNone
}

// nameLike reports a line that may be a commenter's name: a few words,
// no sentence punctuation, no colon.
func nameLike(t string) bool {
	if utf8.RuneCountInString(t) > 40 || len(strings.Fields(t)) > 5 {
		return false
	}
	if strings.ContainsAny(t, ":：?؟!,،") {
		return false
	}
	return !strings.HasSuffix(t, ".") || strings.LastIndexByte(t, ' ') >= len(t)-4 // "Hadi R." is a name, "Thanks." is not
}

// splitAuthorDate separates a comment's author line into the name (without
// "said...") and a date written beside it.
func splitAuthorDate(b block) (author, date string) {
	t := trimText(b.text, "")
	if a, d, ok := submittedBy(t); ok {
		return a, d
	}
	if b.bold != "" && b.bold != t && strings.HasPrefix(t, b.bold) {
		rest := trimText(t[len(b.bold):], volatileTrim+" ")
		if d := dateOnly(rest); d != "" {
			date = rest
		}
		t = b.bold
	}
	t = saidRe.ReplaceAllString(t, "")
	t = notVerifiedRe.ReplaceAllString(t, "")
	return trimText(t, ":：-–—|·•"), date
}

// commentDate is the date a block gives a comment: its <time>'s datetime as
// RFC 3339 when it has one, else the date as written; "" when the block is
// more than a date (and a time, and a word or two such as "at" or "Reply").
func commentDate(b block) string {
	text := trimText(b.text, "")
	if len(text) > 160 {
		return ""
	}
	if b.timeAttr {
		if v := machineDate(b.time); v != "" {
			return v
		}
	}
	sc := scanVolatile(text)
	if !sc.strong || dateOnly(text) == "" {
		if b.time != "" {
			return b.time
		}
		if len(text) <= 40 && relativeDateRe.MatchString(normalizeArabic(text)) {
			return text
		}
		return ""
	}
	if len(sc.rest) > 3 {
		return ""
	}
	for _, w := range sc.rest {
		if utf8.RuneCountInString(w) > 6 {
			return ""
		}
	}
	return trimText(text[sc.first:sc.last], volatileTrim)
}

// commentLabel reads "Name: text", also "Name (2026-01-05): text" with a
// date in the label.
func commentLabel(b block) (string, string, bool) {
	if l, r, ok := splitLabel(b); ok && r != "" {
		return l, r, true
	}
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
