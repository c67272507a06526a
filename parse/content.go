package parse

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

var (
	commentsHeadingRe = regexp.MustCompile(`(?i)^(?:(?:` + digitClass + `+|one|no)\s+)?(?:comments?|responses?|replies|thoughts?|reader comments|leave a (?:comment|reply)|add (?:a )?comment|post a comment|previous comments|التعليقات|تعليقات|تعليق|تعليقان|تعليق واحد|رايان|راي واحد|اراء|أضف تعليقا?|اضف تعليقا?|اترك تعليقا?|آراء القراء|اراء القراء|تعليقات القراء|التعليقات السابقة|ارسال تعليق|نشر تعليق)(?:\s+(?:on|to|حول|على)\s+["“”«»'‘’].*)?\s*(?:\(\s*` + digitClass + `+\s*\))?\s*:?$`)
	introHeadingRe    = regexp.MustCompile(`(?i)^(?:introduction(?:\s+to(?:\s+the)?\s+(?:dialog|dialogue|interview|conversation))?|preface|مقدمة(?:\s+(?:الحوار|اللقاء|المقابلة))?|المقدمة|تقديم|مدخل)\s*:?$`)
)

// isFooterText reports the copyright line of a footer, in a theme that does
// not mark its footer.
func isFooterText(text string) bool {
	if len(text) >= 200 {
		return false
	}
	return strings.Contains(text, "©") || strings.Contains(text, "جميع الحقوق") || strings.Contains(text, "حقوق النشر") ||
		strings.Contains(text, "ights reserved") || strings.Contains(text, "IGHTS RESERVED")
}

// isCommentsHeading reports the heading that opens the comments section.
func isCommentsHeading(text string) bool {
	if len(text) > 300 || len(text) > 80 && !containsAny(text, "“", "\"", "«", "'", "‘") ||
		!containsAny(text, "omment", "OMMENT", "eply", "EPLY", "eplies", "EPLIES", "esponse", "ESPONSE", "hought", "HOUGHT", "تعليق", "تعلـ", "آراء", "اراء", "رأي", "راي") {
		return false // a cheap test spares the regexp most blocks; the quotes' first, five words against sixteen
	}
	return commentsHeadingRe.MatchString(trimText(normalizeArabic(text), ""))
}

func isIntroHeading(text string) bool {
	if len(text) > 80 || !containsAny(text, "ntroduction", "NTRODUCTION", "reface", "REFACE", "مقدم", "مقـ", "تقديم", "مدخل", "المقد") {
		return false
	}
	return introHeadingRe.MatchString(trimText(normalizeArabic(text), ""))
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// dataCell reports a cell of a table of three rows or more inside the
// post: a programme's "10:00" or its "Time" column head is the table's
// data, not a clock widget's.
func dataCell(b block) bool {
	if b.tag != atom.Td && b.tag != atom.Th || b.container == nil {
		return false
	}
	t := tableOf(b.container)
	if t == nil {
		return false
	}
	rows := 0
	var count func(n *html.Node)
	count = func(n *html.Node) {
		for c := n.FirstChild; c != nil && rows < 3; c = c.NextSibling {
			switch c.DataAtom {
			case atom.Tr:
				rows++
			case atom.Thead, atom.Tbody, atom.Tfoot:
				count(c)
			}
		}
	}
	count(t)
	return rows >= 3
}

// strayParagraphsEnd is the last of the paragraphs right after the post's
// element (blocks[last] its last) that sit loose beside it, <p>s of the
// element around it: what a stray closing tag ("</div></div>" in the middle
// of an old page's text) put outside the post, which a browser shows on
// after it. A sidebar or a footer after the post sits in an element of its
// own.
func strayParagraphsEnd(blocks []block, last int, best *html.Node) int {
	if best.Parent == nil {
		return last
	}
	for j := last + 1; j < len(blocks); j++ {
		c := blocks[j].container
		if c == nil || c.DataAtom != atom.P || c.Parent != best.Parent || blocks[j].meta || linkDense(blocks[j]) {
			break
		}
		last = j
	}
	return last
}

// contentHolderEnd reads on to the end of the element that holds the
// post's parts side by side when the element that holds the most text is
// one of them: a tabs or accordion widget sets the interview in one panel
// and the guest's biography in the next. That element is the one the
// theme names as the post's text (entry-content, post-content,
// itemprop=articleBody) around best, or the parent of the ARIA tab panel
// (role=tabpanel) best is or sits in. It returns the last block inside it,
// or -1.
func contentHolderEnd(blocks []block, last int, best *html.Node) int {
	var holder *html.Node
	for a, up := best, 0; a != nil && a.Type == html.ElementNode && a.DataAtom != atom.Body; a, up = a.Parent, up+1 {
		if up <= 3 && strings.EqualFold(attr(a, "role"), "tabpanel") && a.Parent != nil {
			holder = a.Parent
			break
		}
		if a != best && (classHint(a) == hintContent || strings.EqualFold(attr(a, "itemprop"), "articleBody")) {
			holder = a
			break
		}
	}
	if holder == nil {
		return -1
	}
	end := -1
	for j := last + 1; j < len(blocks) && contains(holder, blocks[j].container); j++ {
		end = j
	}
	return end
}

// tableOf is the table a cell sits in, nil when none.
func tableOf(cell *html.Node) *html.Node {
	for a := cell.Parent; a != nil && a.Type == html.ElementNode; a = a.Parent {
		if a.DataAtom == atom.Table {
			return a
		}
	}
	return nil
}

// mainRange finds the post among the blocks of the page: from the block
// after the title to the last block of the element that holds the post's
// text. That element is a hinted one (entry-content, post-body, NewsBody,
// itemprop=articleBody) when it holds much of the text, else the element
// the most paragraph text is written in, as readability scores it: a
// paragraph's letters (without its links), or a text <div>'s, count fully
// for the element around it and half for the one around that; text
// written straight into a table cell (between <br>s) counts for the cell. Sidebars and
// related posts after the post's element are left out whatever their
// markup; what sits between the title and that element (a date line, a
// byline) is kept for the classifier to judge.
//
// Without a title the range is that element's blocks. A listing (many
// post links) reaches to the last block of the element that holds them all.
func mainRange(blocks []block, titleAt, titleTo int, listing bool) (from, to int) {
	from = 0
	if titleAt >= 0 {
		from = titleTo
	}
	if from >= len(blocks) {
		return from, from
	}
	credit := map[*html.Node]int{}
	add := func(n *html.Node, v int) {
		if n != nil && n.Type == html.ElementNode {
			credit[n] += v
		}
	}
	for _, b := range blocks[from:] {
		v := int(b.letters - b.linkRunes)
		if v <= 0 || b.meta {
			continue
		}
		c := b.container
		switch c.DataAtom {
		case atom.Td, atom.Th, atom.Body, atom.Form:
			// A cell (or a page) holding its text between <br>s is the
			// post's element itself: its neighbours are other columns.
			add(c, v)
			add(c.Parent, v/2)
			// The table counts too: a text written over many rows (an
			// interview's question and answer cells) is the table's.
			if c.DataAtom == atom.Td || c.DataAtom == atom.Th {
				add(tableOf(c), v/2)
			}
		default:
			// A paragraph, or a <div> written as one, counts for the
			// element around it.
			add(c.Parent, v)
			if c.Parent != nil {
				add(c.Parent.Parent, v/2)
			}
		}
	}
	var best, hinted *html.Node
	for n, v := range credit {
		if best == nil || v > credit[best] || v == credit[best] && before(n, best) {
			best = n
		}
		if classHint(n) == hintContent || strings.EqualFold(attr(n, "itemprop"), "articleBody") {
			if hinted == nil || v > credit[hinted] {
				hinted = n
			}
		}
	}
	if best == nil {
		return from, len(blocks)
	}
	if hinted != nil && credit[hinted]*2 >= credit[best] {
		best = hinted
	}
	best = holderOfRepeated(best, blocks[from:])
	if listing {
		for _, b := range blocks[from:] {
			if b.postLinks > 0 {
				best = commonAncestor(best, b.container)
			}
		}
	}
	first, last := -1, -1
	for i := from; i < len(blocks); i++ {
		if contains(best, blocks[i].container) {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if last < 0 {
		return from, len(blocks)
	}
	if !listing {
		last = max(last, builderBlocksEnd(blocks, from, best))
		last = max(last, contentHolderEnd(blocks, last, best))
		last = strayParagraphsEnd(blocks, last, best)
	}
	if titleAt < 0 {
		from = first
	}
	return from, last + 1
}

// holderOfRepeated is the element that holds the post when its text is
// spread over elements alike: a theme that wraps each question and its
// answer, or each part of a post, in an element of its own (<section
// class="qa">, <div class="qa-item">) puts the most text in one of them, or
// in the lede beside them, and the others are the rest of the post. Alike
// is the same tag and class (or a <section> or <article> with none) among
// the children of one parent, up to three levels above best: best's own
// kind and one more, or two or more of another kind, that together hold at
// least half as much text as best's branch, so that related posts' excerpts
// in the post's markup do not count. Elements a theme marks as
// comments or page chrome are no part of it.
func holderOfRepeated(best *html.Node, blocks []block) *html.Node {
	// The other wrappers hold at least half as much as best's branch, so
	// best holds two thirds of the text at most; most posts' element holds
	// more, and is kept without reading further.
	if inside, total := textWithin(blocks, best); inside*3 > total*2 {
		return best
	}
	// The letters outside links of the blocks within each element, for
	// the elements up to four levels above best (the rest is not read).
	top := best
	for range 4 {
		if top.Parent != nil && top.Parent.Type == html.ElementNode {
			top = top.Parent
		}
	}
	text := map[*html.Node]int{}
	var path []*html.Node
	for _, b := range blocks {
		v := int(b.letters - b.linkRunes)
		if v <= 0 || b.meta {
			continue
		}
		path = path[:0]
		n := b.container
		for ; n != nil && n != top; n = n.Parent {
			path = append(path, n)
		}
		if n == nil {
			continue // outside top
		}
		for _, a := range path {
			text[a] += v
		}
		text[top] += v
	}
	type kind struct {
		tag   atom.Atom
		class string
	}
	kindOf := func(n *html.Node) (kind, bool) {
		k := kind{n.DataAtom, attr(n, "class")}
		return k, k.class != "" || k.tag == atom.Section || k.tag == atom.Article
	}
	n := best
	for range 3 {
		p := n.Parent
		if p == nil || p.DataAtom == atom.Body || p.DataAtom == atom.Html {
			break
		}
		own, _ := kindOf(n)
		type group struct{ count, text int }
		groups := map[kind]group{}
		for c := p.FirstChild; c != nil; c = c.NextSibling {
			if c == n || c.Type != html.ElementNode || text[c] == 0 {
				continue
			}
			if h := classHint(c); h != hintNone && h != hintContent {
				continue
			}
			if k, ok := kindOf(c); ok {
				g := groups[k]
				groups[k] = group{g.count + 1, g.text + text[c]}
			}
		}
		for k, g := range groups {
			if (g.count >= 2 || k == own && g.count >= 1) && g.text*2 >= text[n] {
				return p
			}
		}
		n = p
	}
	return best
}

// builderBlocksEnd reads on past the element that holds the most text when
// it holds less than half the post's: a page builder (Elementor,
// Squarespace, Wix) writes each paragraph or two in a box of its own, side
// by side, so that box is one of many. The boxes after it (after the box
// around it, when it is that box's only element) that hold text of their
// own, not only links, are the post's too: the next question, the credit
// line. It returns the last block of the last such box, or -1.
func builderBlocksEnd(blocks []block, from int, best *html.Node) int {
	textIn := func(n *html.Node) int { v, _ := textWithin(blocks[from:], n); return v }
	if inside, total := textWithin(blocks[from:], best); inside*2 >= total {
		return -1
	}
	box := best
	for box.Parent != nil && box.Parent.Type == html.ElementNode && box.Parent.DataAtom != atom.Body && onlyElementChild(box.Parent, box) {
		box = box.Parent
	}
	var lastBox *html.Node
	for s := box.NextSibling; s != nil; s = s.NextSibling {
		if s.Type == html.ElementNode && textIn(s) > 0 {
			lastBox = s
		}
	}
	if lastBox == nil {
		return -1
	}
	end := -1
	for i := from; i < len(blocks); i++ {
		if contains(lastBox, blocks[i].container) {
			end = i
		}
	}
	return end
}

// textWithin counts the letters outside links of blocks (meta lines left
// out): those inside n, and all of them.
func textWithin(blocks []block, n *html.Node) (inside, total int) {
	for _, b := range blocks {
		if v := int(b.letters - b.linkRunes); v > 0 && !b.meta {
			total += v
			if contains(n, b.container) {
				inside += v
			}
		}
	}
	return inside, total
}

// before reports whether a comes before b in document order: to break
// ties, so that the same page always gives the same result, and to tell
// whether a thread's first post follows the title.
func before(a, b *html.Node) bool {
	pa, pb := ancestors(a), ancestors(b)
	for i := 0; i < len(pa) && i < len(pb); i++ {
		if pa[i] != pb[i] {
			for c := pa[i]; c != nil; c = c.NextSibling {
				if c == pb[i] {
					return true
				}
			}
			return false
		}
	}
	return len(pa) < len(pb)
}

// ancestors lists n's ancestors from the root down to n.
func ancestors(n *html.Node) []*html.Node {
	var out []*html.Node
	for ; n != nil; n = n.Parent {
		out = append(out, n)
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// commonAncestor is the deepest element holding both a and b.
func commonAncestor(a, b *html.Node) *html.Node {
	pa, pb := ancestors(a), ancestors(b)
	var c *html.Node
	for i := 0; i < len(pa) && i < len(pb) && pa[i] == pb[i]; i++ {
		c = pa[i]
	}
	return c
}

// chromeLineRe are the lines themes print around a post that are never
// its content: counters, bylines, "last updated", tags, share bars, "read
// also", "you are here", tables of contents, "read more", comment counts.
var chromeLineRe = regexp.MustCompile(`(?i)^(?:` +
	`(?:hits|views|reads|visits|visitors|عدد المشاهدات|المشاهدات|مشاهدات|عدد القراءات|القراءات|عدد الزيارات|الزيارات)\s*:?\s*` + digitClass + `[0-9٠-٩,٬.]*` +
	`|(?:written|posted|added|created|submitted)\s+by\b.{0,60}` +
	`|(?:last\s+updated?|updated(?:\s+on)?|modified(?:\s+on)?|آخر تحديث|اخر تحديث|تم التحديث|تاريخ التحديث)\b.*` +
	`|(?:tags|labels|keywords|filed under|categories|category|الوسوم|وسوم|الكلمات الدالة|الكلمات المفتاحية|كلمات مفتاحية|التصنيف|تصنيف|الأقسام)\s*:.*` +
	`|(?:share(?: this| on)?|شارك|مشاركة|شارك الخبر|شارك المقال)\s*:.*` +
	`|share (?:this|the) (?:article|post|story|interview|page|news)|شارك (?:هذا|هذه) (?:المقال|الخبر|الحوار|الموضوع|الصفحة|المقالة)` +
	`|(?:you are here|أنت هنا|انت هنا)\s*:.*` +
	`|(?:read also|see also|read more|continue reading|related(?: articles| posts| items| news)?|اقرأ أيضاً?|اقرا ايضا|إقرأ أيضاً?|اقرأ المزيد|اقرا المزيد|المزيد|مقالات ذات صلة|أخبار ذات صلة|اخبار ذات صلة` +
	`|most (?:read|viewed|popular)|popular posts|(?:الأكثر|الاكثر) (?:قراءة|مشاهدة|تداولا|تداولاً|شعبية))\s*[:»«.…]*` +
	`|(?:table of contents|contents|محتويات المقال|المحتويات|فهرس المحتويات)\s*:?` +
	`|` + digitClass + `+\s*(?:comments?|تعليقات|تعليق)` +
	`|advertisement|advertising|sponsored|ad|إعلان|اعلان|مساحة إعلانية|مساحة اعلانية` +
	`)$`)

// chromeWords are the words of a share bar or a tools line ("Print | Send
// to a friend | Views: 884"): a short line made only of them is chrome.
var chromeWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{"print", "email", "e-mail", "mail", "send", "to", "a", "friend", "share", "facebook", "twitter", "x",
		"whatsapp", "telegram", "linkedin", "views", "hits", "reads", "comments", "comment", "reply", "rss", "pdf", "top", "back", "up",
		"طباعة", "أرسل", "ارسل", "لصديق", "مشاركة", "شارك", "فيسبوك", "تويتر", "واتساب", "تلغرام", "تيليغرام", "المشاهدات", "مشاهدة",
		"رد", "للأعلى", "الأعلى", "البريد", "الإلكتروني", "عدد", "القراءات", "قراءات", "الزيارات", "زيارات", "مشاهدات",
		"page", "pages", "next", "previous", "prev", "الصفحات", "صفحات", "الصفحة", "صفحة", "التالي", "السابق", "التالية", "السابقة"} {
		m[foldKey(w)] = true
	}
	return m
}()

// chromeFirstWords are the words a chrome line can start with (those of
// chromeLineRe and chromeWords): a cheap test spares the others the regexp.
var chromeFirstWords = func() map[string]bool {
	m := map[string]bool{}
	for w := range chromeWords {
		m[w] = true
	}
	for _, w := range []string{"hits", "views", "reads", "visits", "visitors", "عدد", "المشاهدات", "مشاهدات", "القراءات", "الزيارات",
		"written", "posted", "added", "created", "submitted", "last", "updated", "modified", "آخر", "اخر", "تم", "تاريخ",
		"tags", "labels", "keywords", "filed", "categories", "category", "الوسوم", "وسوم", "الكلمات", "كلمات", "التصنيف", "تصنيف", "الأقسام",
		"share", "شارك", "مشاركة", "you", "أنت", "انت", "read", "see", "continue", "related", "اقرأ", "اقرا", "إقرأ", "المزيد",
		"most", "popular", "الأكثر",
		"مقالات", "أخبار", "اخبار", "table", "contents", "محتويات", "المحتويات", "فهرس",
		"advertisement", "advertising", "sponsored", "ad", "إعلان", "اعلان", "مساحة",
		"page", "pages", "الصفحات", "صفحات", "الصفحة", "صفحة"} {
		m[foldKey(w)] = true
	}
	return m
}()

// chromeFirstWord looks a word up in chromeFirstWords.
func chromeFirstWord(w string) bool { return hasFoldedWord(chromeFirstWords, w) }

// hasFoldedWord looks a word up in a set of folded words, folding it on the
// stack when it is ASCII (most lines of an English page).
func hasFoldedWord(set map[string]bool, w string) bool {
	if len(w) <= 24 && isASCIILetters(w) {
		var b [24]byte
		for i := 0; i < len(w); i++ {
			c := w[i]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			b[i] = c
		}
		return set[string(b[:len(w)])]
	}
	return set[foldKey(w)]
}

// isChromeLine reports a short line that is chrome by its words alone.
func isChromeLine(text string) bool {
	if len(text) > 160 {
		return false
	}
	first := strings.TrimLeftFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if i := strings.IndexFunc(first, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !isHaraka(r) && r != '-' && r != 'ـ'
	}); i >= 0 {
		first = first[:i]
	}
	if first == "" {
		return false
	}
	if _, _, isNum := number(first); !isNum && !chromeFirstWord(first) {
		return false
	}
	if chromeLineRe.MatchString(trimText(normalizeArabic(text), "")) {
		return true
	}
	n, nums := 0, 0
	for _, w := range strings.FieldsFunc(text, func(r rune) bool {
		return r == ' ' || r == '|' || r == '·' || r == '•' || r == '-' || r == '[' || r == ']' || r == ':' || r == '/' || r == '(' || r == ')'
	}) {
		if _, _, isNum := number(w); isNum {
			nums++
			continue
		}
		if !chromeWords[foldKey(w)] {
			return false
		}
		n++
	}
	return n >= 2 || n == 1 && nums >= 2 // "Print | Email", "الصفحات: 1 2 3"
}

// proseBeforeCredit is the text of a paragraph before the credit it
// closes with, when that text is prose (a sentence of eight words or more,
// not the magazine's issue line) and the credit ends the paragraph: "Omar
// Hadidi opened his bookshop in 2018, a year after ... Interview by Huda
// Sabah." gives the sentences before "Interview by". "" otherwise.
func proseBeforeCredit(text string) string {
	for _, loc := range namedInterviewerRe.FindAllStringIndex(text, 3) {
		before := strings.TrimSpace(text[:loc[0]])
		if before == "" || !endsSentence(before) || wordCount(before) < 8 || magazineRe.MatchString(before) {
			continue
		}
		name := creditName(text[loc[1]:])
		if name == "" || wordCount(trimText(text[loc[1]:], ".")) > wordCount(name) {
			continue // more after the name than the name: not a credit that closes the paragraph
		}
		return before
	}
	return ""
}

// readAlsoRe opens a line that points to another post: "Read also:",
// "اقرأ أيضاً:", "شاهد أيضاً:".
// (arWord spells every alef alike: "اقرا ايضا" and "إقرأ أيضاً" too.)
var readAlsoRe = regexp.MustCompile(`(?i)^(?:read also|see also|related|(?:` + arWord("اقرأ أيضا") + `|` + arWord("شاهد أيضا") + `|` + arWord("طالع أيضا") + `)ً?)\s*[:：]`)

// readAlsoLink reports a "Read also: <a>title</a>" line inside a post's
// text: the label and a link, nothing else, so its letters outside the
// link are the label's.
func readAlsoLink(b block) bool {
	return b.linkRunes > 0 && b.letters-b.linkRunes <= 12 && readAlsoRe.MatchString(trimText(b.text, ""))
}

// readMoreRe is the link that leads from a listing's item to the post.
var readMoreRe = regexp.MustCompile(`(?i)^(?:read more|more|continue reading|read the interview|read the full (?:post|article|story|interview)|full story|details|اقرأ المزيد|اقرا المزيد|المزيد|التفاصيل|تفاصيل|إقرأ المزيد|تابع القراءة|أكمل القراءة|اكمل القراءة|متابعة القراءة)\s*[»«.…>›‹]*$`)

// content is the post's blocks sorted out: the text, and what the lines
// around it said of the post.
type content struct {
	blocks      []block // the post's text, in order
	meta        []block // the meta lines (dates, bylines, credits) in the post
	dateLine    string  // the post's own visible date, YYYY-MM-DD (or a Hijri date as written)
	hijriOnly   bool    // dateLine is a Hijri date: no Gregorian one was given
	interviewer string  // "Conducted by: ...", "أجرى الحوار: ..."
	description string  // the page's own summary (og:description, description), read for the interviewee
	time        string  // the first <time> in the post
	dek         string  // a sentence under the title in the post's header (isDek)
	relative    string  // the post's date line told from the day it was read ("منذ 3 أيام", "2 days ago"), as written
}

// sortContent classifies the blocks of the post's range: meta lines, the
// post's date line, the interviewer's line, chrome lines and the widget's
// volatile text are taken out; the rest is the text. listing keeps link
// lines (they are a listing's content).
func sortContent(blocks []block, listing bool) content {
	c := content{blocks: make([]block, 0, len(blocks))} // most blocks are content
	plain := 0                                          // content blocks so far: a date line is one of the first
	for i, b := range blocks {
		if c.time == "" && b.time != "" {
			c.time = b.time
		}
		if b.meta {
			c.meta = append(c.meta, b)
		}
		// One meta line may give the date, the magazine and the credit
		// ("نشر في ... | مجلة حوار الفكر العدد 49 | حاوره: ...").
		credit, isCredit := "", false
		if c.interviewer == "" {
			if b.meta || plain < 5 || i >= len(blocks)-3 {
				credit, isCredit = interviewerLine(b.text) // a credit stands in a meta line, near the top or at the end
			}
			if !isCredit && i >= len(blocks)-3 {
				credit, isCredit = closingCredit(b.text)
			}
		}
		d, hijri, isDate := "", false, false
		if b.meta || plain < 4 {
			d, hijri, isDate = metaDateLine(b)
		}
		if isCredit {
			c.interviewer = credit
		}
		if isDate && (c.dateLine == "" || c.hijriOnly && !hijri) {
			c.dateLine, c.hijriOnly = d, hijri
		}
		if !isDate && !isCredit && i+1 < len(blocks) && b.letters < 30 && dateLabelOnly(b.text) {
			if _, _, next := metaDateLine(blocks[i+1]); next {
				c.meta = append(c.meta, b) // "<dt>Published</dt><dd>12 January 2025</dd>"
				continue
			}
		}
		if !isCredit && !isDate && plain < 2 && c.relative == "" && b.letters < 30 && isRelativeDate(b.text) {
			c.relative = b.text
			c.meta = append(c.meta, b)
			continue
		}
		if isCredit && !isDate && !b.meta {
			if prose := proseBeforeCredit(b.text); prose != "" {
				// "X opened his bookshop in 2018. Interview by Y.": the
				// lede's sentences stay the text, the credit is read.
				c.meta = append(c.meta, b)
				b.text, b.letters, b.linkRunes, b.bold, b.allBold = prose, int32(countLetters(prose)), 0, "", false
				c.blocks = append(c.blocks, b)
				plain++
				continue
			}
		}
		if isCredit || isDate {
			if !b.meta {
				c.meta = append(c.meta, b) // read for the magazine too
			}
			continue
		}
		entryTitle := listing && b.postLinks > 0 && b.level > 0 // in its entry's header
		if b.meta && !entryTitle || isVolatile(b.text) && !dataCell(b) || isFooterText(b.text) {
			continue
		}
		readMore := linkDense(b) && readMoreRe.MatchString(trimText(b.text, ""))
		switch {
		case listing && b.postLinks > 0 && !readMore:
			// A listing's items are its content, whatever their titles say.
		case readMore, isChromeLine(b.text), readAlsoLink(b):
			continue
		case !listing && linkDense(b) && b.level == 0:
			continue
		case b.letters == 0:
			continue // a separator or an icon alone: "•" between meta fields, "***", Notion's "💡"
		}
		c.blocks = append(c.blocks, b)
		plain++
	}
	c.blocks = dropPullQuotes(c.blocks)
	return c
}

// dropPullQuotes takes out the pull quotes: a <blockquote>, <figure> or
// <aside> (WordPress's wp-block-pullquote), or an element classed
// pullquote, of at least four words whose text the post prints elsewhere
// too, before or after it ("“You can smell it from the bridges.”" beside the answer
// that says it). A quotation the post does not repeat is its text.
func dropPullQuotes(blocks []block) []block {
	var out []block
	for i, b := range blocks {
		if isPullQuote(blocks, i) {
			if out == nil {
				out = append(make([]block, 0, len(blocks)-1), blocks[:i]...)
			}
			continue
		}
		if out != nil {
			out = append(out, b)
		}
	}
	if out == nil {
		return blocks
	}
	return out
}

// isPullQuote reports whether blocks[i] is a pull quote (dropPullQuotes).
func isPullQuote(blocks []block, i int) bool {
	if !inPullQuote(blocks[i].container) {
		return false
	}
	q := trimText(blocks[i].text, `"'“”‘’«»`)
	return wordCount(q) >= 4 && printedElsewhere(blocks, i, q)
}

// inPullQuote reports a block element inside a <blockquote>, <figure> or
// <aside>, or an element classed as a pull quote, within three levels.
func inPullQuote(n *html.Node) bool {
	for i := 0; n != nil && n.Type == html.ElementNode && i < 4; i, n = i+1, n.Parent {
		switch n.DataAtom {
		case atom.Blockquote, atom.Figure, atom.Aside:
			return true
		}
		if c := attr(n, "class"); strings.Contains(c, "ull") && hasWordOf(n, pullQuoteWords) { // "pullquote", "PullQuote"
			return true
		}
	}
	return false
}

var pullQuoteWords = map[string]bool{"pullquote": true, "pull": true}

// printedElsewhere reports whether another block of blocks holds text q,
// in any case (a pull quote may capitalize the words it lifts).
func printedElsewhere(blocks []block, at int, q string) bool {
	q = strings.ToLower(q)
	for j, o := range blocks {
		if j != at && len(o.text) > len(q) && strings.Contains(strings.ToLower(o.text), q) {
			return true
		}
	}
	return false
}

// joinBlocks joins paragraphs with a blank line.
func joinBlocks(blocks []block) string {
	var b strings.Builder
	n := 0
	for _, bl := range blocks {
		n += len(bl.text) + 2
	}
	b.Grow(n)
	for _, bl := range blocks {
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(bl.text)
	}
	return b.String()
}

// sectionWords maps the names of the site's sections, folded, to the section.
var sectionWords = func() map[string]string {
	m := map[string]string{}
	add := func(sec string, words ...string) {
		for _, w := range words {
			m[foldKey(w)] = sec
		}
	}
	add("news", "news", "الأخبار", "أخبار", "اخبار", "خبر", "latest news")
	add("activities", "activities", "activity", "events", "event", "النشاطات", "نشاطات", "الفعاليات", "فعاليات", "أنشطة", "الأنشطة", "نشاط")
	add("seminars", "seminars", "seminar", "الندوات", "ندوات", "ندوة")
	return m
}()

func sectionOf(word string) string {
	return sectionWords[foldKey(trimText(word, ".:»«>/|\\›‹-–—"))]
}

// sectionFromPath reads /news, /en/activities/..., /category/seminars.
func sectionFromPath(path string) string {
	_, rest := splitLang(path)
	for _, seg := range strings.Split(rest, "/") {
		if seg == "" || seg == "category" || seg == "section" || seg == "categories" {
			continue
		}
		return sectionOf(seg)
	}
	return ""
}

// sectionFromScript reads an old site's address whose first part is a
// script or a page named for its section: /news.php?id=88, /events.asp,
// /ar/seminars.html. (Such an address alone is no section's index: its
// query names the item.)
func sectionFromScript(path string) string {
	_, rest := splitLang(path)
	seg, _, _ := strings.Cut(strings.TrimLeft(rest, "/"), "/")
	i := strings.LastIndexByte(seg, '.')
	if i <= 0 {
		return ""
	}
	switch strings.ToLower(seg[i+1:]) {
	case "php", "asp", "aspx", "jsp", "cfm", "html", "htm", "shtml":
		return sectionOf(seg[:i])
	}
	return ""
}

// sectionFromCrumbs splits breadcrumb text ("Home > News > ...") and returns
// the first part that names a section.
func sectionFromCrumbs(crumbs []string) string {
	for _, c := range crumbs {
		for _, part := range strings.FieldsFunc(c, func(r rune) bool { return strings.ContainsRune(">»›‹«/|\\", r) }) {
			if s := sectionOf(part); s != "" {
				return s
			}
		}
	}
	return ""
}

// isHeadingBlock reports a heading, or a short line set wholly in bold on
// its own: "Introduction to the dialog" is written both ways.
func isHeadingBlock(b block) bool {
	return b.level > 0 || b.allBold && utf8.RuneCountInString(b.text) <= 80
}

// titleLine reports a first line that can be the title of a page that
// names none (a print view with no <title> of its own): short, no
// sentence, no date.
func titleLine(b block) bool {
	if n := wordCount(b.text); n < 2 || n > 16 || endsSentence(b.text) {
		return false
	}
	_, _, isDate := metaDateLine(b)
	return !isDate && !linkDense(b)
}
