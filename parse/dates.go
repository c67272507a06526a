package parse

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// monthNumber maps a month name, folded with foldKey, to its number. English
// full names and abbreviations, the Iraqi/Levantine names, the Egyptian ones
// (with the spellings seen with and without hamza) and the Maghreb's.
var monthNumber = func() map[string]int {
	m := map[string]int{}
	add := func(n int, names ...string) {
		for _, s := range names {
			m[foldKey(s)] = n
		}
	}
	add(1, "January", "Jan", "كانون الثاني", "يناير")
	add(2, "February", "Feb", "شباط", "فبراير")
	add(3, "March", "Mar", "آذار", "مارس")
	add(4, "April", "Apr", "نيسان", "أبريل", "إبريل")
	add(5, "May", "أيار", "مايو", "مايس")
	add(6, "June", "Jun", "حزيران", "يونيو", "يونية")
	add(7, "July", "Jul", "تموز", "يوليو", "يولية")
	add(8, "August", "Aug", "آب", "أغسطس", "اغسطس")
	add(9, "September", "Sep", "Sept", "أيلول", "سبتمبر")
	add(10, "October", "Oct", "تشرين الأول", "أكتوبر")
	add(11, "November", "Nov", "تشرين الثاني", "نوفمبر")
	add(12, "December", "Dec", "كانون الأول", "ديسمبر")
	// The Maghreb's names: Algeria's and Tunisia's from the French, Morocco's
	// of its own (the others are the Egyptian ones above).
	add(1, "جانفي")
	add(2, "فيفري")
	add(4, "أفريل")
	add(5, "ماي")
	add(6, "جوان")
	add(7, "جويلية", "جويلة", "يوليوز")
	add(8, "أوت", "غشت")
	add(9, "شتنبر")
	add(11, "نونبر")
	add(12, "دجنبر")
	// Sorani Kurdish writes the Iraqi names in its own spelling, with the
	// ezafe (ی) a date puts on the month: "٢٠ی ئایاری ٢٠٢٤".
	for n, names := range [][]string{
		{"کانوونی دووەم"}, {"شوبات"}, {"ئازار"}, {"نیسان"}, {"ئایار"}, {"حوزەیران"},
		{"تەممووز"}, {"ئاب"}, {"ئەیلوول"}, {"تشرینی یەکەم"}, {"تشرینی دووەم"}, {"کانوونی یەکەم"},
	} {
		add(n+1, names[0], names[0]+"ی")
	}
	return m
}()

// Arabic month names as they may be written on the page: hamza forms,
// optional tatweel and short vowels are allowed between letters by matching
// the folded form; the regexp below lists the written variants instead so
// that the match keeps the original text.
const (
	digitClass = `[0-9٠-٩۰-۹]`
	arMark     = `[\x{064B}-\x{065F}\x{0670}ـ]*`
)

// arWord builds a pattern for an Arabic word that tolerates tatweel and
// harakat between letters and any alef form where an alef is written.
func arWord(w string) string {
	var b strings.Builder
	for _, r := range w {
		switch r {
		case 'ا', 'أ', 'إ', 'آ':
			b.WriteString(`[اأإآٱ]`)
		case ' ':
			b.WriteString(`\s+`)
			continue
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
		b.WriteString(arMark)
	}
	return b.String()
}

var (
	isoDateRe = regexp.MustCompile(`(` + digitClass + `{4}) ?[-/.] ?(` + digitClass + `{1,2}) ?[-/.] ?(` + digitClass + `{1,2})`)
	dmyDateRe = regexp.MustCompile(`(` + digitClass + `{1,2}) ?[-/.] ?(` + digitClass + `{1,2}) ?[-/.] ?(` + digitClass + `{4})`)
)

// dateWord is one word of a text with its byte span, trimmed of punctuation.
type dateWord struct {
	w          string
	start, end int
}

// dateWords splits text into words at white space, slashes and hyphens
// ("6-Nov-2023", "تشرين الثاني/نوفمبر"), trimming punctuation.
func dateWords(text string) []dateWord {
	var out []dateWord
	sep := func(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '/' || c == '-' }
	i := 0
	for i < len(text) {
		for i < len(text) && sep(text[i]) {
			i++
		}
		start := i
		for i < len(text) && !sep(text[i]) {
			i++
		}
		if start == i {
			break
		}
		w := text[start:i]
		t := strings.TrimLeft(w, "(\"'«“[")
		s0 := start + len(w) - len(t)
		t = strings.TrimRight(t, ".,،:;)\"'»”]!؟?")
		if t != "" {
			out = append(out, dateWord{t, s0, s0 + len(t)})
		}
	}
	return out
}

// monthFirstWords are the first words of two-word month names (كانون, تشرين).
var monthFirstWords = func() map[string]bool {
	m := map[string]bool{}
	for name := range monthNumber {
		if first, _, two := strings.Cut(name, " "); two {
			m[first] = true
		}
	}
	return m
}()

// monthAt reports whether a month name starts at word i (one word, or two for
// كانون الثاني, تشرين الأول, ...), and returns its number and the index of its
// last word.
func monthAt(words []dateWord, i int) (month, last int) {
	w := words[i].w
	if len(w) > 24 || len(w) < 3 {
		return 0, 0
	}
	if r := w[0]; r >= '0' && r <= '9' {
		return 0, 0
	}
	w = strings.TrimSuffix(w, ".")
	if isASCIILetters(w) {
		if len(w) > 9 {
			return 0, 0
		}
		var b [9]byte
		for k := 0; k < len(w); k++ {
			c := w[k]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			b[k] = c
		}
		return monthNumber[string(b[:len(w)])], i
	}
	key := foldKey(w)
	if monthFirstWords[key] && i+1 < len(words) {
		if m := monthNumber[key+" "+foldKey(words[i+1].w)]; m != 0 {
			return alsoNamed(words, m, i+1)
		}
	}
	if m := monthNumber[key]; m != 0 {
		return alsoNamed(words, m, i)
	}
	return 0, 0
}

// alsoNamed extends a month name ending at word last over the same month's
// other name written beside it, as Arabic papers print both ("تشرين
// الثاني/نوفمبر", "كانون الأول (ديسمبر)").
func alsoNamed(words []dateWord, month, last int) (int, int) {
	if last+1 < len(words) {
		if m, l := monthAt(words, last+1); m == month {
			return month, l
		}
	}
	return month, last
}

// number reads a word of digits (ASCII, Arabic-Indic or Persian), allowing
// a trailing "م" (the Arabic "AD") or an English ordinal's ending ("6th").
// ok is false for anything else.
func number(w string) (n, digits int, ok bool) {
	w = strings.TrimSuffix(w, "م")
	w = strings.TrimSuffix(w, "ی") // Sorani's ezafe on the day: "٢٠ی ئایاری ٢٠٢٤"
	if len(w) > 2 {
		switch w[len(w)-2:] {
		case "st", "nd", "rd", "th", "ST", "ND", "RD", "TH":
			if c := w[len(w)-3]; c >= '0' && c <= '9' {
				w = w[:len(w)-2] // an English ordinal: "6th", "1st"
			}
		}
	}
	if w == "" {
		return 0, 0, false
	}
	for _, r := range w {
		d := asciiDigit(r)
		if d < '0' || d > '9' {
			return 0, 0, false
		}
		n = n*10 + int(d-'0')
		digits++
	}
	return n, digits, true
}

// MonthYear finds the first "month year" in s and returns it as written and as
// YYYY-MM: "September 2029", "Sept. 2029", "كانون الأول ٢٠٢٥", "أيلول ٢٠١٩م".
// ok is false when s names no month followed by a year.
func MonthYear(s string) (text, yyyymm string, ok bool) {
	words := dateWords(s)
	for i := range words {
		m, last := monthAt(words, i)
		if m == 0 || last+1 >= len(words) {
			continue
		}
		y, digits, isNum := number(words[last+1].w)
		if !isNum || digits != 4 {
			continue
		}
		return s[words[i].start:words[last+1].end], fmt.Sprintf("%04d-%02d", y, m), true
	}
	return "", "", false
}

// issueDate reads the issue's month after the issue's number, or its
// season: "September 2029" gives ("September 2029", "2029-09"), "Spring
// 2024", "ربيع ٢٠٢٤" or "Winter 2023/24" is kept as written with no
// YYYY-MM, since a season is no month. The first of the two in s counts.
func issueDate(s string) (text, yyyymm string) {
	text, yyyymm, ok := MonthYear(s)
	if st, at := seasonYear(s); st != "" && (!ok || at < strings.Index(s, text)) {
		return st, ""
	}
	return text, yyyymm
}

// seasonWords are the seasons a quarterly's issue may be dated by, folded.
var seasonWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{"spring", "summer", "autumn", "fall", "winter",
		"ربيع", "الربيع", "صيف", "الصيف", "خريف", "الخريف", "شتاء", "الشتاء"} {
		m[foldKey(w)] = true
	}
	return m
}()

// seasonYear finds the first "season year" in s, with a second year after a
// slash or a dash ("Winter 2023/24", "شتاء ٢٠٢٣-٢٠٢٤"), and returns it as
// written and where it starts. "ربيع الأول ١٤٤٥" is a Hijri month, not a
// season: no year follows the word.
func seasonYear(s string) (text string, at int) {
	words := dateWords(s)
	for i := 0; i+1 < len(words); i++ {
		if len(words[i].w) > 12 || !seasonWords[foldKey(words[i].w)] {
			continue
		}
		y := words[i+1]
		n, digits, ok := number(y.w)
		if !ok || digits != 4 || n < 1900 || n > 2200 {
			continue
		}
		end := y.end
		if i+2 < len(words) {
			// dateWords splits "2023/24" and "٢٠٢٣-٢٠٢٤" in two; a second
			// year written right after the slash or dash belongs to it
			// ("2024-the" has none).
			z := words[i+2]
			if sep := s[y.end:z.start]; sep == "/" || sep == "-" {
				if _, d2, ok := number(z.w); ok && (d2 == 2 || d2 == 4) {
					end = z.end
				}
			}
		}
		return s[words[i].start:end], words[i].start
	}
	return "", -1
}

// dateOnly reads a calendar date written in a post's own date line:
// 2019-09-15, 15/09/2019, 15 September 2019, September 15, 2019, ١٥ أيلول ٢٠١٩.
// It returns YYYY-MM-DD, or "".
func dateOnly(s string) string {
	num := func(x string) int { n, _ := strconv.Atoi(ASCIIDigits(x)); return n }
	ymd := func(y, m, d int) string {
		if y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31 {
			return ""
		}
		return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
	}
	if m := isoDateRe.FindStringSubmatch(s); m != nil {
		return ymd(num(m[1]), num(m[2]), num(m[3]))
	}
	if m := dmyDateRe.FindStringSubmatch(s); m != nil {
		d, mo, y := num(m[1]), num(m[2]), num(m[3])
		if mo > 12 && d <= 12 {
			d, mo = mo, d // "10-27-2013": no month 27, so the month came first (US order)
		}
		if wd, ok := weekdayIn(s); ok && d <= 12 && mo <= 12 && d != mo &&
			time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC).Weekday() != wd && time.Date(y, time.Month(d), mo, 0, 0, 0, 0, time.UTC).Weekday() == wd {
			d, mo = mo, d // "Tue, 11/05/2024" is 5 November (US order): 11 May 2024 was a Saturday
		}
		return ymd(y, mo, d)
	}
	words := dateWords(s)
	for i := range words {
		m, last := monthAt(words, i)
		if m == 0 {
			continue
		}
		// 15 September 2019
		if i > 0 && last+1 < len(words) {
			d, dd, ok1 := number(words[i-1].w)
			y, yd, ok2 := number(words[last+1].w)
			if ok1 && ok2 && dd <= 2 && yd == 4 {
				return ymd(y, m, d)
			}
		}
		// September 15, 2019
		if last+2 < len(words) {
			d, dd, ok1 := number(words[last+1].w)
			y, yd, ok2 := number(words[last+2].w)
			if ok1 && ok2 && dd <= 2 && yd == 4 {
				return ymd(y, m, d)
			}
		}
	}
	return ""
}

// weekdays are the weekday names a date line may give, folded, English
// (whole and short) and Arabic.
var weekdays = func() map[string]time.Weekday {
	m := map[string]time.Weekday{}
	for i, names := range [][]string{{"sunday", "sun", "الأحد"}, {"monday", "mon", "الاثنين", "الإثنين"}, {"tuesday", "tue", "tues", "الثلاثاء"},
		{"wednesday", "wed", "الأربعاء"}, {"thursday", "thu", "thurs", "الخميس"}, {"friday", "fri", "الجمعة"}, {"saturday", "sat", "السبت"}} {
		names = append(names, soraniWeekdays[i])
		for _, n := range names {
			m[foldKey(n)] = time.Weekday(i)
		}
	}
	return m
}()

// soraniWeekdays are the weekdays in Sorani Kurdish, Sunday first.
var soraniWeekdays = [7]string{"یەکشەممە", "دووشەممە", "سێشەممە", "چوارشەممە", "پێنجشەممە", "هەینی", "شەممە"}

// weekdayIn returns the weekday a short text names.
func weekdayIn(s string) (time.Weekday, bool) {
	for _, w := range dateWords(s) {
		if d, ok := weekdays[foldKey(w.w)]; ok {
			return d, true
		}
	}
	return 0, false
}

// machineDate reads a machine-readable date (a datetime attribute, a meta
// tag, JSON-LD): RFC 3339 is kept whole, a bare date becomes YYYY-MM-DD.
func machineDate(s string) string {
	s = strings.TrimSpace(ASCIIDigits(s))
	if s == "" {
		return ""
	}
	// With a zone: RFC 3339, and the forms CMSs write beside it ("+0300"
	// without the colon, a space for the T, RFC 1123 in feeds).
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05-0700", "2006-01-02 15:04:05-07:00", "2006-01-02 15:04:05 -0700", time.RFC1123Z, time.RFC1123} {
		if t, err := time.Parse(layout, s); err == nil && (layout != time.RFC1123 || t.Location() == time.UTC) {
			return t.Format(time.RFC3339)
		}
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2006-01-02T15:04:05")
		}
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t.Format("2006-01-02")
	}
	return dateOnly(s)
}

// hijriRe finds a Hijri date: a day, a month of the Hijri calendar and a
// year, with or without هـ / AH after it ("١٤ ربيع الأول ١٤٤٣ هـ",
// "14 Rabi al-Awwal 1443 AH").
var hijriRe = regexp.MustCompile(`(?i)(?:` + digitClass + `{1,2}\s+)?(?:` +
	arWord("محرم") + `|` + arWord("صفر") + `|` + arWord("ربيع") + `\s+(?:` + arWord("الأول") + `|` + arWord("الآخر") + `|` + arWord("الثاني") + `)|` +
	arWord("جمادى") + `\s+(?:` + arWord("الأولى") + `|` + arWord("الآخرة") + `|` + arWord("الثانية") + `|` + arWord("الأول") + `|` + arWord("الآخر") + `)|` +
	arWord("رجب") + `|` + arWord("شعبان") + `|` + arWord("رمضان") + `|` + arWord("شوال") + `|` +
	`(?:` + arWord("ذو") + `|` + arWord("ذي") + `)\s+(?:` + arWord("القعدة") + `|` + arWord("الحجة") + `)|` +
	`muharram|safar|rabi['’]?\s*(?:al|ul|el)?[-\s]?(?:awwal|thani|akhir|akhar|i{1,2}\b)|jumad[ae]\s*(?:al|ul|el)?[-\s]?(?:ula|awwal|akhirah?|thani(?:yah)?|i{1,2}\b)|rajab|sha['’]?ban|rama[dz]h?an|shawwal|dhu\s*(?:al|l)?[-\s]?(?:qa['’]?dah|qi['’]?dah|hijjah)` +
	`)\s+` + digitClass + `{4}\s*(?:هـ|ه\b|A\.?H\.?)?`)

// mayBeHijri is a cheap test that spares hijriRe the lines that name no
// Hijri month and no هـ / AH.
func mayBeHijri(t string) bool {
	return containsAny(t, "هـ", "ه ", "AH", "A.H", "ربيع", "جماد", "رجب", "شعبان", "رمضان", "شوال", "القعدة", "الحجة", "محرم", "صفر",
		"Rabi", "rabi", "Jumad", "jumad", "Rajab", "rajab", "Sha", "sha'", "Ramad", "ramad", "Shaww", "shaww", "Dhu", "dhu", "Muharram", "muharram", "Safar", "safar")
}

// dateLabelRe is the label before a post's date line; "" when there is none.
var dateLabelRe = regexp.MustCompile(`(?i)^(?:(?:first\s+|originally\s+)?published(?:\s+on)?|posted(?:\s+on)?|sent(?:\s+on)?|broadcast(?:\s+on)?|aired(?:\s+on)?|recorded(?:\s+on)?|date(?:\s+published)?|on|created(?:\s+on)?|written\s+on|added(?:\s+on)?|` +
	`تاريخ النشر|نشر بتاريخ|نشر في|تم النشر|ارسلت في|ارسل في|بتاريخ|التاريخ|تاريخ الخبر|تاريخ المقال|تاريخ الاضافة|اضيف بتاريخ|اضيف في|تاريخ|في)?\s*:?$`)

// dateLine reads a post's own date line: a date with or without a label
// ("Published: 05/01/2026", "نشر في: ...", "Posted on April 10, 2022"), a
// weekday, a time, a short byline after a dash ("- Media office"), and a
// Hijri date beside the Gregorian one. It returns the Gregorian date as
// YYYY-MM-DD, or, when the line gives only a Hijri date, that date as
// written with hijri set. The header's clock and weather are not a date
// line; neither is "Last updated ...".
//
// A meta line that lists several fields between separators ("نشر في
// 2023-11-05 | مجلة حوار الفكر العدد 49 | حاوره: ...", "Dialogue of
// Thought · 14 March 2024 · 9 min read") is read field by field: the field
// that is a date line gives the date.
func dateLine(text string) (date string, hijri, ok bool) {
	if len(text) > 240 || wordCount(text) > 18 || !strings.ContainsAny(text, "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹") {
		return "", false, false // a label, a date, a time and a byline make a short line
	}
	text = unglueMonth(text)
	if strings.Contains(text, "@") {
		text = strings.ReplaceAll(text, "@", "") // a date mention: Notion's "Date @March 12, 2025"
	}
	if strings.ContainsAny(text, "°℃") || (strings.Contains(text, "aghdad") || strings.Contains(text, "AGHDAD") || strings.Contains(text, ":") || strings.Contains(text, "توقيت")) && clockRe.MatchString(text) && !labelledClock(text) {
		return "", false, false // the header's widget
	}
	if date, hijri, ok = dateField(text); ok {
		return date, hijri, ok
	}
	if _, rest, found := bylineBefore(text); found {
		if date, hijri, ok = dateField(rest); ok {
			return date, hijri, ok // "By Ahmed Salih, 6 November, 2024"
		}
	}
	fields := metaFields(text)
	if len(fields) < 2 {
		return "", false, false
	}
	for _, f := range fields {
		if n := wordCount(f); n > 10 || n > 3 && endsSentence(f) {
			return "", false, false // a sentence, not a list of fields: "Baghdad – 12 October 2023 – The institute held ..."
		}
	}
	for i, f := range fields {
		if i > 0 && updatedLabelRe.MatchString(trimText(fields[i-1], ":")) {
			continue // "Updated | March 14, 2024"
		}
		d, h, isDate := dateField(f)
		if isDate && (!hijri || !h) && (date == "" || hijri) {
			date, hijri, ok = d, h, true
		}
	}
	return date, hijri, ok
}

// metaDateLine is dateLine on a block, read also field by field when the
// block is a meta line whose fields are elements of their own with no
// separator between them: Jannah's "<span>هيئة التحرير</span><span>14
// تشرين الأول 2024</span>", which print as "هيئة التحرير14 تشرين الأول
// 2024", or "<span>2025-03-05</span> <span>312 مشاهدة</span>".
func metaDateLine(b block) (date string, hijri, ok bool) {
	if date, hijri, ok = dateLine(b.text); ok || !b.meta || b.container == nil || !strings.ContainsAny(b.text, "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹") ||
		modifiedRe.MatchString(b.text) {
		return date, hijri, ok // no date, or Confluence's "Created by X, last modified by Y on ...": a change's date
	}
	fields := elementFields(b.container, nil)
	if len(fields) < 2 {
		return "", false, false
	}
	return dateLine(strings.Join(fields, " | "))
}

// modifiedRe is a meta line that tells when the post was changed.
var modifiedRe = regexp.MustCompile(`(?i)\b(?:modified|updated|edited)\b|` + arWord("آخر تحديث") + `|` + arWord("آخر تعديل") + `|` + arWord("تم التحديث") + `|` + arWord("عدل"))

// elementFields appends the texts of n's text nodes, trimmed, leaving out
// the blocks nested in n (they are blocks of their own).
func elementFields(n *html.Node, fields []string) []string {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode:
			if t := trimText(c.Data, ""); t != "" {
				fields = append(fields, collapseSpace(t))
			}
		case c.Type == html.ElementNode && !isBlockElement(c) && c.DataAtom != atom.Script && c.DataAtom != atom.Style:
			fields = elementFields(c, fields)
		}
	}
	return fields
}

// dateLabelOnly reports a line that is a date's label alone: "Published",
// "Last updated:", "تاريخ النشر", the date in the next element.
func dateLabelOnly(text string) bool {
	t := trimText(normalizeArabic(text), ":")
	return t != "" && (dateLabelRe.MatchString(t) || updatedLabelRe.MatchString(t))
}

// labelledClock reports a date line with a time in seconds that a date
// label opens (SMF's "« on: March 14, 2015, 09:41:22 PM »", "« في: ...
// »"), or that is a numeric date and its time alone, as a CMS prints its
// timestamp ("2025-11-20 10:30:00", "20/11/2025 10:30:00 ص"): a post's date,
// where the header's clock widget has no such label, no "Baghdad Time",
// and its date glued into words ("2026January08").
func labelledClock(text string) bool {
	if strings.Contains(text, "aghdad") || strings.Contains(text, "AGHDAD") || strings.Contains(text, "توقيت") {
		return false
	}
	if cmsTimestampRe.MatchString(trimText(text, "")) {
		return true
	}
	sc := scanVolatile(text)
	if sc.first <= 0 {
		return false
	}
	label := trimText(normalizeArabic(text[:sc.first]), volatileTrim+" ")
	return label != "" && dateLabelRe.MatchString(label)
}

// cmsTimestampRe is a numeric date with its time, nothing else: "2025-11-20
// 10:30:00", "20/11/2025 10:30:00 ص", "2025-11-20T10:30:00".
var cmsTimestampRe = regexp.MustCompile(`^(?:` + digitClass + `{4}[-/.]` + digitClass + `{1,2}[-/.]` + digitClass + `{1,2}|` + digitClass + `{1,2}[-/.]` + digitClass + `{1,2}[-/.]` + digitClass + `{4})` +
	`[ T,]+` + digitClass + `{1,2}:` + digitClass + `{2}(?::` + digitClass + `{2})?\s*(?:(?i:[ap]\.?m\.?)|ص|م|مساء|مساءً|صباحا|صباحاً)?$`)

// updatedLabelRe is a field that labels the next one as the day the post
// was last changed, not published.
var updatedLabelRe = regexp.MustCompile(`(?i)^(?:(?:last\s+)?(?:updated|modified|edited)(?:\s+on)?$|(?:` + arWord("آخر تحديث") + `|` + arWord("تم التحديث") + `|` + arWord("تحديث") + `|` + arWord("آخر تعديل") + `)$)`)

// metaFieldSeps split a meta line into its fields.
var metaFieldSeps = []string{"|", "·", "•", " — ", " – ", " - ", " / ", "｜", " » "}

// metaFields splits a meta line at its separators ("|", "·", "•", a spaced
// dash); a line without one is one field.
func metaFields(text string) []string {
	fields := []string{text}
	for _, sep := range metaFieldSeps {
		if !strings.Contains(text, sep) {
			continue
		}
		var out []string
		for _, f := range fields {
			for _, part := range strings.Split(f, sep) {
				if part = trimText(part, ""); part != "" {
					out = append(out, part)
				}
			}
		}
		fields = out
	}
	return fields
}

// correspondingTo is the word that joins a Hijri date to its Gregorian one
// ("... الموافق 12 آذار 2022"), dropped with the Hijri date.
var correspondingTo = strings.NewReplacer("الموافق", " ", "corresponding to", " ", "Corresponding to", " ")

// dateField is dateLine on one line or one field of a meta line.
func dateField(text string) (date string, hijri, ok bool) {
	t := text
	h := ""
	if mayBeHijri(t) {
		if loc := hijriRe.FindStringIndex(t); loc != nil {
			h = trimText(t[loc[0]:loc[1]], "")
			t = t[:loc[0]] + " " + t[loc[1]:]
			t = correspondingTo.Replace(t)
		}
	}
	sc := scanVolatile(t)
	if sc.first < 0 {
		if h != "" && dateLabelRe.MatchString(trimText(normalizeArabic(t), volatileTrim+" ")) {
			return h, true, true
		}
		return "", false, false
	}
	label := trimText(normalizeArabic(t[:sc.first]), volatileTrim)
	if !dateLabelRe.MatchString(label) && !nameBeforeDate(t[:sc.first]) {
		return "", false, false
	}
	after := trimText(t[sc.last:], "")
	if isPostNumber(after) {
		after = "" // a forum post's number after its date: "10-27-2013, 11:20 AM #1"
	}
	if after != "" && label != "" && categoryAfterRe.MatchString(after) {
		after = "" // "Published 9 October 2023 in Interviews": the post's category after its labelled date
	}
	if after != "" {
		if strings.ContainsAny(after[:1], "-–—|") || bylineRe.MatchString(trimText(after, ",،")) || nameAfterDate(after) {
			if len(strings.Fields(after)) > 6 {
				return "", false, false // more than a short byline after the date
			}
		} else if trimText(after, volatileTrim+" ") != "" {
			return "", false, false
		}
	}
	if d := dateOnly(t[sc.first:sc.last]); d != "" {
		return d, false, true
	}
	if h != "" {
		return h, true, true
	}
	return "", false, false
}

// categoryAfterRe is a category named after a labelled date: "in
// Interviews", "under News", "في حوارات" (three words at most).
var categoryAfterRe = regexp.MustCompile(`^(?:in|under|filed\s+under|` + arWord("في") + `|` + arWord("ضمن") + `)\s+\S+(?:\s+\S+){0,2}$`)

// bylineRe opens the byline a date line may end with: "... by Media
// office", "... By: Ali", "... بقلم: علي", PHP-Nuke's "... بواسطة admin".
var bylineRe = regexp.MustCompile(`(?i)^(?:by|written by|posted by|بقلم|كتب|كتبه|إعداد|اعداد|` + postedByAr + `)\s*:?\s`)

// bylineDateRe is a byline the post's date follows: "By Ahmed Salih, 6
// November, 2024", "Submitted by X on Tue, 11/05/2024 - 10:32" (Drupal),
// "Posted by X on ...", "Posted in Activities by X on 14/05/2023" (a
// category between the verb and the byline), a credit's "Interview by X, 9
// August 2023", "بقلم: X — ٦ تشرين الثاني ٢٠٢٤", "كتبه X في ...".
// The name is a few words without digits; a comma, "on"/"at"/"في"/"بتاريخ"
// or a dash ends it.
var bylineDateRe = regexp.MustCompile(`(?i)^(?:(?:(?:submitted|posted|written|published|added|interview|interviewed|conducted)(?:\s+(?:in|under)\s+[^\d,،:|·•()]{2,40}?)?\s+)?by\s*:?\s*([^\d,،:|·•()]{2,60}?)(?:\s*[,،]|\s+(?:on|at)\s|\s+[-–—]\s)\s*(.+)$|` +
	`(?:` + arWord("بقلم") + `|` + arWord("كتبته") + `|` + arWord("كتبه") + `|` + arWord("كتب") + `|` + arWord("إعداد") + `|` + arWord("أرسلته") + `|` + arWord("أرسله") + `|` + arWord("نشرته") + `|` + arWord("نشره") + `|` + postedByAr + `)` +
	`\s*:?\s*([^\d,،:|·•()٠-٩]{2,60}?)(?:\s*[,،]|\s+(?:` + arWord("في") + `|` + arWord("بتاريخ") + `)\s|\s+[-–—ـ]\s)\s*(.+)$)`)

// postedByAr is "بواسطة" (by) as a byline opens with it, alone (PHP-Nuke) or
// after Blogger's participle: "مرسلة بواسطة X" (posted by X), "نشرت بواسطة".
var postedByAr = `(?:(?:` + arWord("مرسلة") + `|` + arWord("مرسل") + `|` + arWord("نشرت") + `|` + arWord("نشر") + `|` + arWord("كتبت") + `)\s+)?` + arWord("بواسطة")

// bylineBefore reads a byline that opens text and what follows its name.
func bylineBefore(text string) (name, rest string, ok bool) {
	m := bylineDateRe.FindStringSubmatch(text)
	if m == nil {
		return "", "", false
	}
	name, rest = trimText(m[1]+m[3], ""), m[2]+m[4]
	if n := wordCount(name); n == 0 || n > 6 {
		return "", "", false
	}
	return name, rest, true
}

// nameBeforeDate reports a byline or a place before a date and a comma,
// with no "By": "Ahmed Salih, 6 November 2024", "بغداد، ٦ تشرين الثاني
// ٢٠٢٤". One to four words without digits, capitalized in Latin script,
// no preposition among them.
func nameBeforeDate(prefix string) bool {
	p := strings.TrimRightFunc(prefix, unicode.IsSpace)
	if by, ok := strings.CutPrefix(p, "By "); ok && !strings.HasSuffix(p, ",") {
		p = by + "," // "By Omar Faiq September 18, 2022": "By" says a name comes first
	}
	if !strings.HasSuffix(p, ",") && !strings.HasSuffix(p, "،") {
		return false
	}
	words := strings.Fields(strings.TrimRight(p, ",،"))
	if len(words) == 0 || len(words) > 4 {
		return false
	}
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if strings.ContainsAny(w, "0123456789٠١٢٣٤٥٦٧٨٩.:?!؟") || roleEndsNot[strings.ToLower(normalizeArabic(w))] ||
			r < utf8.RuneSelf && !unicode.IsUpper(r) && !isArticle(w[:min(2, len(w))]) {
			return false
		}
	}
	return true
}

// nameAfterDate reports a byline after a date with no dash or "by": a
// name of two to four capitalized words ("November 6, 2024 Ahmed Salih").
// Arabic has no capitals to tell a name from the next sentence.
func nameAfterDate(after string) bool {
	words := strings.Fields(trimText(after, ",،"))
	if len(words) < 2 || len(words) > 4 {
		return false
	}
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && !isArticle(w[:min(2, len(w))]) || strings.ContainsAny(w, "0123456789.?!") {
			return false
		}
	}
	return true
}

// clockRe is the header's clock: a time with seconds, "Baghdad Time".
var clockRe = regexp.MustCompile(digitClass + `{1,2}:` + digitClass + `{2}:` + digitClass + `{2}|(?i)baghdad\s+time|توقيت`)

// isPostNumber reports a forum post's number as its header prints it: "#1",
// "#١٢".
func isPostNumber(s string) bool {
	d, ok := strings.CutPrefix(s, "#")
	_, _, isNum := number(strings.TrimSpace(d))
	return ok && isNum
}

// gluedMonthRe is an English month's full name written right after a word
// in small letters, with a day or a year after it: "By Omar FaiqSeptember
// 18, 2022", where a theme sets the byline and the date in two <span>s that
// only its style sheet sets apart.
var gluedMonthRe = regexp.MustCompile(`([a-z])((?:January|February|March|April|May|June|July|August|September|October|November|December) ` + digitClass + `)`)

// unglueMonth sets such a month apart from the word before it, and a
// byline from the year before it ("December 8, 2022by Karim Jaber", the
// same two <span>s the other way round). A scan for a capital right after
// a small letter, or "by" right after a digit, spares the regexp nearly
// every line.
func unglueMonth(text string) string {
	if len(text) > 240 {
		return text
	}
	for i := 1; i < len(text); i++ {
		if c := text[i]; c >= 'A' && c <= 'Z' && strings.ContainsRune("JFMASOND", rune(c)) && text[i-1] >= 'a' && text[i-1] <= 'z' {
			text = gluedMonthRe.ReplaceAllString(text, "$1 $2")
			break
		}
	}
	for i := 1; i+3 < len(text); i++ {
		if text[i-1] >= '0' && text[i-1] <= '9' && (text[i] == 'b' || text[i] == 'B') && text[i+1] == 'y' && text[i+2] == ' ' {
			return text[:i] + " " + text[i:]
		}
	}
	return text
}

// isRelativeDate reports a date told from the day the page was read: "2
// days ago", "منذ 3 أيام", "أمس".
func isRelativeDate(text string) bool {
	if len(text) > 60 || !containsAny(text, "ago", "day", "منذ", "قبل", "مس", "اليوم", "الآن", "now") {
		return false // a cheap test spares the regexp the other lines
	}
	t := trimText(text, "")
	return len(t) <= 40 && relativeDateRe.MatchString(normalizeArabic(t))
}

// relativeUnits are the units of a relative date, folded, with their
// length in hours; the Arabic dual ("يومين") counts two.
var relativeUnits = map[string]struct{ hours, n int }{
	"second": {0, 1}, "seconds": {0, 1}, "minute": {0, 1}, "minutes": {0, 1}, "min": {0, 1}, "mins": {0, 1},
	"hour": {1, 1}, "hours": {1, 1}, "hr": {1, 1}, "hrs": {1, 1}, "day": {24, 1}, "days": {24, 1}, "week": {168, 1}, "weeks": {168, 1},
	"لحظات": {0, 1}, "ثانية": {0, 1}, "ثوان": {0, 1}, "ثواني": {0, 1}, "دقيقة": {0, 1}, "دقيقتين": {0, 2}, "دقائق": {0, 1},
	"ساعة": {1, 1}, "ساعتين": {1, 2}, "ساعات": {1, 1}, "يوم": {24, 1}, "يومين": {24, 2}, "ايام": {24, 1},
	"اسبوع": {168, 1}, "اسبوعين": {168, 2}, "اسابيع": {168, 1},
}

// relativeDay is the day a relative date line names, counted back from
// the capture time (fetchedAt, in UTC) as YYYY-MM-DD: "منذ 3 أيام" read on
// 2026-03-14 is 2026-03-11, "yesterday" the day before. Months and years
// are too coarse to name a day: "".
func relativeDay(text string, fetchedAt time.Time) string {
	if fetchedAt.IsZero() {
		return ""
	}
	t := strings.ToLower(normalizeArabic(trimText(text, "")))
	hours := -1
	switch {
	case strings.HasPrefix(t, "yesterday") || t == "امس":
		hours = 24
	case strings.HasPrefix(t, "today") || t == "just now" || t == "اليوم" || t == "الآن" || t == "الان":
		hours = 0
	default:
		n := 1
		for _, w := range strings.Fields(t) {
			if v, err := strconv.Atoi(ASCIIDigits(w)); err == nil {
				n = v
				continue
			}
			if u, ok := relativeUnits[w]; ok {
				hours = u.hours * n * u.n
				break
			}
		}
	}
	if hours < 0 {
		return ""
	}
	return fetchedAt.UTC().Add(-time.Duration(hours) * time.Hour).Format("2006-01-02")
}
