package parse

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

var siteNameRe = regexp.MustCompile(`(?i)^(?:(?:the\s+)?iraqi\s+institute\s+for\s+dialog(?:ue)?$|المعهد العراقي للحوار$)`)

// viewLabelRe is the name of a view of a post that a <title> may open with:
// its print or mobile version.
var viewLabelRe = regexp.MustCompile(`(?i)^(?:print(?:able)?(?:\s+(?:version|view|this\s+(?:page|article|post)))?|printer[\s-]friendly(?:\s+(?:version|page))?|mobile|amp|` +
	`طباعة|طباعة (?:الموضوع|المقال|الخبر|الصفحة)|نسخة للطباعة|النسخة المطبوعة|نسخة الطباعة)$`)

// titleSeparators split a <title> into the post's title and the site's name.
var titleSeparators = []string{" | ", " - ", " – ", " — ", " :: ", " « ", " » ", " › "}

// titleKeys are the texts a post's heading may repeat: og:title, the whole
// <title>, and each part of the <title> that is not the site's name
// ("IID :: Interviews :: Q&A with ..." has three).
func titleKeys(p *page) (og string, keys []string) {
	og = collapseSpace(p.meta["og:title"])
	if magazineOnly(og) {
		og = "" // a channel's or a page's name alone (Telegram's og:title "مجلة حوار الفكر") names no post, as the logo does not
	}
	tag := p.titleTag
	if tag != "" {
		keys = append(keys, tag)
	}
	// A view's name before a colon: "Print: ...", "طباعة: ...".
	if label, rest, ok := strings.Cut(tag, ": "); ok && viewLabelRe.MatchString(strings.TrimSpace(label)) && rest != "" {
		tag = strings.TrimSpace(rest)
		keys = append(keys, tag)
	}
	// A forum's or a course's name before a colon: Moodle's "News forum:
	// Workshop on policy papers" over the post's subject "Workshop on
	// policy papers"; only what is left after it, of three words or more.
	// It goes first: the last key is the <title> without the site's name.
	var afterColon string
	if _, rest, ok := strings.Cut(tag, ": "); ok && wordCount(rest) >= 3 {
		afterColon = trimText(rest, "")
	}
	for _, sep := range titleSeparators {
		parts := strings.Split(tag, sep)
		if len(parts) < 2 {
			continue
		}
		var keep []string
		for _, part := range parts {
			part = trimText(part, "")
			if part != "" && !siteNameRe.MatchString(part) && !magazineOnly(part) {
				keep = append(keep, part)
				keys = append(keys, part)
			}
		}
		if len(keep) > 1 {
			keys = append(keys, strings.Join(keep, sep))
		}
		// A part may itself be a title and what it is ("“Mosul's
		// libraries will be read again” — a conversation with Hana
		// Yousif"): its first half, of three words or more, is a key too.
		for _, part := range keep {
			for _, dash := range []string{" — ", " – "} {
				if first, _, ok := strings.Cut(part, dash); ok && wordCount(first) >= 3 {
					keys = append(keys, trimText(first, ""))
				}
			}
		}
		break
	}
	if afterColon != "" {
		keys = append([]string{afterColon}, keys...)
	}
	return og, keys
}

// cleanTitleTag is the <title> without the site's name: what the title of a
// page without a heading is.
func cleanTitleTag(p *page) string {
	_, keys := titleKeys(p)
	if len(keys) == 0 || viewLabelRe.MatchString(keys[len(keys)-1]) || siteNameRe.MatchString(keys[len(keys)-1]) || fileNameRe.MatchString(keys[len(keys)-1]) {
		return "" // a print view's "طباعة الموضوع", the site's name alone, or a converter's file name ("hf44") names no post
	}
	return keys[len(keys)-1]
}

// fileNameRe is a <title> that is the name of the file a converter made
// the page from (pdf2htmlEX's "hf44", "page_62", "hiwar44.pdf"): one Latin
// word with a digit, no space.
var fileNameRe = regexp.MustCompile(`^[A-Za-z_-]*[0-9][A-Za-z0-9_-]*(?:\.[A-Za-z]{2,4})?$`)

// sameTitle compares a heading with a <title> or og:title: equal ignoring
// case and the quotation marks around it (a <title>'s "..." for the
// heading's “...”), or, for Arabic, equal once normalized.
func sameTitle(a, b string) bool {
	if strings.EqualFold(a, b) {
		return true
	}
	if len(a) > 0 && a[len(a)-1] >= 0x80 && foldKey(a) == foldKey(b) {
		return true
	}
	return sameQuotedTitle(a, b)
}

// sameFoldedTitle is sameTitle for a and b already folded (fa, fb:
// foldKey of each), for findTitle, which compares every candidate with
// the same keys.
func sameFoldedTitle(a, b, fa, fb string) bool {
	return strings.EqualFold(a, b) || len(a) > 0 && a[len(a)-1] >= 0x80 && fa == fb || sameQuotedTitle(a, b)
}

// sameQuotedTitle reports two titles alike once the quotation marks
// around either are dropped.
func sameQuotedTitle(a, b string) bool {
	if !quoted(a) && !quoted(b) {
		return false
	}
	qa, qb := trimText(a, titleQuotes), trimText(b, titleQuotes)
	return qa != "" && strings.EqualFold(qa, qb)
}

// quoted reports text that opens or ends with a quotation mark.
func quoted(s string) bool {
	if s == "" {
		return false
	}
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune(titleQuotes, first) || strings.ContainsRune(titleQuotes, last)
}

// titleQuotes are the quotation marks a title may stand in.
const titleQuotes = "\"'“”„‟‘’«»"

// mayNameMagazine is a cheap test that spares magazineRe the texts that
// cannot name the magazine.
func mayNameMagazine(s string) bool {
	return strings.Contains(s, "hought") || strings.Contains(s, "HOUGHT") || strings.Contains(s, "الفكر")
}

// magazineOnly reports a part of a <title> that is only the magazine's
// name ("... | Dialogue of Thought"): the site's name, as far as titles go.
func magazineOnly(part string) bool {
	if !mayNameMagazine(part) {
		return false
	}
	loc := magazineRe.FindStringIndex(part)
	if loc == nil {
		return false
	}
	rest := strings.ToLower(trimText(part[:loc[0]]+" "+part[loc[1]:], ""))
	rest = strings.TrimSpace(strings.TrimPrefix(strings.TrimSuffix(rest, "magazine"), "the"))
	return rest == "" || rest == "مجلة"
}

// findTitle returns the element holding the post's title and its text: the
// heading (or the element a theme uses as one: a table cell, a span, a
// <b> in a <font>) that repeats og:title or the <title>, else the most
// prominent heading outside the site's chrome. It returns nil when the page
// has no such element.
func findTitle(p *page) (*html.Node, string) {
	og, keys := titleKeys(p)
	ogFold, keyFolds := foldKey(og), make([]string, len(keys))
	for i, k := range keys {
		keyFolds[i] = foldKey(k)
	}
	var (
		best      *html.Node
		bestText  string
		bestScore = 0
	)
	consider := func(n *html.Node, text string) {
		if text == "" || len(text) > 400 {
			return
		}
		textFold := ""
		if text[len(text)-1] >= 0x80 {
			textFold = foldKey(text) // folded once for all the keys (sameFoldedTitle)
		}
		lv := headingLevel(n.DataAtom)
		score := 0
		switch {
		case lv >= 1 && lv <= 3:
			score = 6 - int(lv)
		case lv == 0:
			score = 1
		}
		matched := false
		switch {
		case og != "" && sameFoldedTitle(text, og, textFold, ogFold):
			score += 8
			matched = true
		default:
			for i, k := range keys {
				if sameFoldedTitle(text, k, textFold, keyFolds[i]) {
					score += 6
					matched = true
					break
				}
			}
			if !matched {
				for _, k := range keys {
					if extendsTitle(text, k) {
						score += 4
						matched = true
						break
					}
				}
			}
		}
		if !matched && lv == 0 {
			return // a bold line or a titled box counts only when it repeats the <title>
		}
		if score <= 0 || score+2 <= bestScore {
			return // cannot win, whatever its place
		}
		inArticle, chrome := titleContext(n, p.size)
		if inArticle {
			score += 2
		}
		if chrome {
			score -= 5
		}
		if siteNameRe.MatchString(text) || isCommentsHeading(text) || isIntroHeading(text) || isVolatile(text) {
			score -= 8
		}
		if score > bestScore {
			best, bestText, bestScore = n, text, score
		}
	}
	// Headings, and the elements a theme names as a title ("contentheading",
	// "NewsTitle", "ttl"), as readPage found them.
	for _, n := range p.headings {
		if n.Parent != nil {
			consider(n, textOf(n))
		}
	}
	// A title set in a plain element: the text of one element equal to the
	// <title>, such as <td class="contentheading"> or <font><b>...</b></font>.
	if bestScore < 8 && (og != "" || len(keys) > 0) {
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				switch c.Type {
				case html.ElementNode:
					if c.DataAtom != atom.Script && c.DataAtom != atom.Style && c.DataAtom != atom.Head {
						walk(c)
					}
				case html.TextNode:
					t := trimText(c.Data, "")
					if t == "" || len(t) > 400 || !titleLike(t, og, keys) {
						continue
					}
					el := c.Parent
					if el == nil || el.Type != html.ElementNode || headingLevel(el.DataAtom) > 0 {
						continue
					}
					consider(el, collapseSpace(t))
				}
			}
		}
		if p.body != nil {
			walk(p.body)
		}
	}
	return best, bestText
}

func titleLike(t, og string, keys []string) bool {
	t = collapseSpace(t)
	if og != "" && sameTitle(t, og) {
		return true
	}
	for _, k := range keys {
		if sameTitle(t, k) || extendsTitle(t, k) {
			return true
		}
	}
	return false
}

// extendsTitle reports a heading that goes on where a shortened <title>
// stops: "Interview: Zainab Al-Khafaji on women in local councils" for the
// <title> "Interview: Zainab Al-Khafaji" (a document's name, a title cut to
// fit). The <title> must say enough to be one post's (three words or
// more, or two before a colon; not the site's name), and the heading no
// more than twice as much.
func extendsTitle(text, key string) bool {
	if len(text) <= len(key) || len(text) > 2*len(key)+40 || !strings.EqualFold(text[:len(key)], key) {
		return false
	}
	if c := text[len(key)]; c != ' ' && c != ':' && c != ',' && c != '.' { // Word cuts a <title> at the first dot: "Interview with Dr"
		return false // "Water" and "Waterways"
	}
	// Two words will do before a colon: the <title> "لقاء العدد" (the
	// issue's interview) of the heading "لقاء العدد: الدكتور حسن ناظم".
	return (wordCount(key) >= 3 || wordCount(key) == 2 && text[len(key)] == ':') && !siteNameRe.MatchString(key)
}

// titleContext reports whether n is inside the post (<article>, <main>) and
// whether it is inside the site's chrome (a menu, a sidebar, the site's
// header or footer). A chrome hint on an element that holds most of the
// page's text (a wrapper named "widget Blog") does not count.
func titleContext(n *html.Node, pageSize int) (inArticle, chrome bool) {
	edge := false
	for a := n.Parent; a != nil && a.Type == html.ElementNode; a = a.Parent {
		if isArticleElement(a) {
			inArticle = true
			edge = false
		}
		switch a.DataAtom {
		case atom.Nav, atom.Aside:
			chrome = true
		case atom.Header, atom.Footer:
			if !inArticle {
				edge = true
			}
		}
		switch classHint(a) {
		case hintDrop:
			if textSize(a)*10 < pageSize*4 {
				chrome = true
			}
		case hintEdge:
			if !inArticle {
				edge = true
			}
		}
	}
	return inArticle, chrome || edge
}

// repeatsTitleKey reports a heading that repeats og:title or a part of the
// <title> (titleKeys), as a post's own heading does.
func repeatsTitleKey(p *page, text string) bool {
	og, keys := titleKeys(p)
	if og != "" && sameTitle(text, og) {
		return true
	}
	for _, k := range keys {
		if sameTitle(text, k) {
			return true
		}
	}
	return false
}

// homeTitle is a home page's title: its <title> as written ("Tigris
// Weekly – Independent news and interviews from Iraq"), else og:site_name.
// A home page is the site's own, and the <title> names the site.
func homeTitle(p *page) string {
	if tag := collapseSpace(p.titleTag); tag != "" {
		return tag
	}
	return collapseSpace(p.meta["og:site_name"])
}
