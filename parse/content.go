package parse

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

var clockRe = regexp.MustCompile(digitClass + `{1,2}:` + digitClass + `{2}:` + digitClass + `{2}|(?i)baghdad\s+time|توقيت`)

var (
	commentsHeadingRe = regexp.MustCompile(`(?i)^(?:` + digitClass + `+\s+)?(?:comments?|responses?|reader comments|leave a (?:comment|reply)|add a comment|التعليقات|تعليقات|تعليق|أضف تعليقا?|اضف تعليقا?|اترك تعليقا?|آراء القراء)\s*(?:\(\s*` + digitClass + `+\s*\))?\s*:?$`)
	introHeadingRe    = regexp.MustCompile(`(?i)^(?:introduction(?:\s+to\s+the\s+(?:dialog|dialogue|interview|conversation))?|preface|مقدمة(?:\s+(?:الحوار|اللقاء|المقابلة))?|المقدمة|تقديم|مدخل)\s*:?$`)
	siteNameRe        = regexp.MustCompile(`(?i)^(?:the\s+)?iraqi\s+institute\s+for\s+dialog(?:ue)?$|^المعهد العراقي للحوار$`)
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
	if len(text) > 80 || !containsAny(text, "omment", "OMMENT", "eply", "EPLY", "esponse", "ESPONSE", "تعليق", "تعلـ", "آراء", "اراء") {
		return false // a cheap test spares the regexp most blocks
	}
	return commentsHeadingRe.MatchString(trimText(NormalizeArabic(text), ""))
}

func isIntroHeading(text string) bool {
	if len(text) > 80 || !containsAny(text, "ntroduction", "NTRODUCTION", "reface", "REFACE", "مقدم", "مقـ", "تقديم", "مدخل", "المقد") {
		return false
	}
	return introHeadingRe.MatchString(trimText(NormalizeArabic(text), ""))
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// boxTitleRe are the titles of sidebar boxes: where a theme without hints
// puts them, they end the comments.
var boxTitleRe = regexp.MustCompile(`(?i)^(?:most read|most popular|latest(?: news| posts| comments)?|recent (?:posts|comments)|follow us|newsletter|related(?: posts)?|from our archive|الاكثر قراءة|الأكثر قراءة|تابعونا|اخر المنشورات|آخر المنشورات|احدث التعليقات|أحدث التعليقات|النشرة البريدية|من ارشيفنا|من أرشيفنا|اقرا ايضا|اقرأ أيضا)\s*:?$`)

// layout is where the parts of a page are, as block indexes.
type layout struct {
	title    int // -1 when no title was found
	comments int // first block of the comments section, or len(blocks)
	main     []int
	// dateLines are short blocks right after the title that hold only a date:
	// the post's own date line.
	dateLines []string
}

// cleanTitleTag removes the site name from a <title> such as
// "Interview with ... | Iraqi Institute for Dialogue".
func cleanTitleTag(s string) string {
	for _, sep := range []string{" | ", " - ", " – ", " — ", " :: ", " « ", " » "} {
		parts := strings.Split(s, sep)
		if len(parts) < 2 {
			continue
		}
		var keep []string
		for _, p := range parts {
			if !siteNameRe.MatchString(trimText(p, "")) {
				keep = append(keep, p)
			}
		}
		return strings.Join(keep, sep)
	}
	return s
}

// findLayout locates the title, the comments and the content blocks.
func findLayout(p *page) layout {
	blocks := p.blocks
	want := collapseSpace(p.meta["og:title"])
	tag := collapseSpace(cleanTitleTag(p.titleTag))
	tagKey := ""
	if tag != "" {
		tagKey = foldKey(tag)
	}
	best, bestScore := -1, -1000
	for i, b := range blocks {
		if b.zone == zoneNav || b.zone == zoneFooter || b.zone == zoneAside || b.zone == zoneForm ||
			b.zone == zoneCrumbs || b.zone == zoneComments {
			continue
		}
		score := 0
		if b.level >= 1 && b.level <= 3 {
			score = 6 - int(b.level)
		}
		if (want != "" || tag != "") && (near(len(b.text), len(want)) || near(len(b.text), len(tag))) {
			switch {
			case want != "" && sameTitle(b.text, want):
				score += 8
			case tag != "" && sameTitle(b.text, tag):
				score += 6
			case tag != "" && b.level > 0 && len(b.text) >= 12 && strings.Contains(tagKey, foldKey(b.text)):
				score += 1
			}
		}
		if score == 0 {
			continue
		}
		if b.inArticle {
			score += 2
		}
		if b.zone == zoneHeader {
			score -= 5
		}
		if siteNameRe.MatchString(b.text) || isCommentsHeading(b.text) || isIntroHeading(b.text) || isVolatile(b.text) {
			score -= 8
		}
		if b.linkRunes > 0 && int(b.linkRunes) >= utf8.RuneCountInString(b.text) && b.level == 0 {
			score -= 3
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	if bestScore <= 0 {
		best = -1
	}
	l := layout{title: best, comments: len(blocks)}
	for i := best + 1; i < len(blocks); i++ {
		b := blocks[i]
		if b.zone == zoneComments || (b.zone == zoneNone && isCommentsHeading(b.text)) {
			l.comments = i
			break
		}
	}
	for i := best + 1; i < l.comments; i++ {
		b := blocks[i]
		if b.zone.chrome() || isFooterText(b.text) {
			continue
		}
		if isVolatile(b.text) {
			if d := dateOnly(b.text); d != "" && len(l.main) < 3 && !clockRe.MatchString(b.text) {
				l.dateLines = append(l.dateLines, d)
			}
			continue
		}
		l.main = append(l.main, i)
	}
	return l
}

// sameTitle compares a heading with a <title> or og:title: equal ignoring
// case, or, for Arabic, equal once normalized.
func sameTitle(a, b string) bool {
	if strings.EqualFold(a, b) {
		return true
	}
	return len(a) > 0 && a[len(a)-1] >= 0x80 && foldKey(a) == foldKey(b)
}

// near reports lengths within a factor of two: a title and its <title>.
func near(a, b int) bool { return b > 0 && a <= 2*b+8 && b <= 2*a+8 }

// between returns every block between the title and the comments, post meta
// lines included (they name the interviewer, the date, the category).
func (l layout) between(blocks []block) []block {
	if l.title < 0 {
		return nil
	}
	return blocks[l.title+1 : l.comments]
}

// linkDense reports a block that is nearly all link text: a menu, a tag list,
// a "read more".
func linkDense(b block) bool {
	return b.linkRunes > 0 && b.linkRunes*10 >= b.letters*8
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
	add("activities", "activities", "activity", "النشاطات", "نشاطات", "الفعاليات", "فعاليات", "أنشطة", "الأنشطة", "نشاط")
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
