package parse

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// monthNumber maps a month name, folded with foldKey, to its number. English
// full names and abbreviations, the Iraqi/Levantine names and the Egyptian ones
// (with the spellings seen with and without hamza).
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

var monthAlternation = func() string {
	en := `(?i:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)`
	ar := []string{"كانون الثاني", "كانون الأول", "تشرين الأول", "تشرين الثاني", "شباط", "آذار", "نيسان", "أيار",
		"حزيران", "تموز", "آب", "أيلول", "يناير", "فبراير", "مارس", "أبريل", "إبريل", "مايو", "مايس", "يونيو", "يونية",
		"يوليو", "يولية", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"}
	parts := make([]string, 0, len(ar)+1)
	for _, a := range ar {
		parts = append(parts, arWord(a))
	}
	parts = append(parts, en)
	return strings.Join(parts, "|")
}()

var (
	// monthYearRe finds "September 2029", "Sept. 2029", "كانون الأول 2025", "أيلول ٢٠١٩م".
	monthYearRe = regexp.MustCompile(`(` + monthAlternation + `)\.?,?\s*(` + digitClass + `{4})`)
	// dayMonthYearRe finds "15 September 2019" and "١٥ أيلول ٢٠١٩".
	dayMonthYearRe = regexp.MustCompile(`(` + digitClass + `{1,2})\s+(` + monthAlternation + `)\.?,?\s*(` + digitClass + `{4})`)
	// monthDayYearRe finds "September 15, 2019".
	monthDayYearRe = regexp.MustCompile(`(` + monthAlternation + `)\.?\s+(` + digitClass + `{1,2}),?\s+(` + digitClass + `{4})`)
	isoDateRe      = regexp.MustCompile(`(` + digitClass + `{4})[-/.](` + digitClass + `{1,2})[-/.](` + digitClass + `{1,2})`)
	dmyDateRe      = regexp.MustCompile(`(` + digitClass + `{1,2})[-/.](` + digitClass + `{1,2})[-/.](` + digitClass + `{4})`)
)

// monthOf returns the number of a month name as written, or 0.
func monthOf(name string) int {
	return monthNumber[foldKey(strings.TrimSuffix(name, "."))]
}

// MonthYear finds the first "month year" in s and returns it as written and as
// YYYY-MM. ok is false when s names no month followed by a year.
func MonthYear(s string) (text, yyyymm string, ok bool) {
	m := monthYearRe.FindStringSubmatchIndex(s)
	if m == nil {
		return "", "", false
	}
	month := monthOf(s[m[2]:m[3]])
	year, err := strconv.Atoi(ASCIIDigits(s[m[4]:m[5]]))
	if month == 0 || err != nil {
		return "", "", false
	}
	return s[m[0]:m[1]], fmt.Sprintf("%04d-%02d", year, month), true
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
		return ymd(num(m[3]), num(m[2]), num(m[1]))
	}
	if m := dayMonthYearRe.FindStringSubmatch(s); m != nil {
		return ymd(num(m[3]), monthOf(m[2]), num(m[1]))
	}
	if m := monthDayYearRe.FindStringSubmatch(s); m != nil {
		return ymd(num(m[3]), monthOf(m[1]), num(m[2]))
	}
	return ""
}

// machineDate reads a machine-readable date (a datetime attribute, a meta
// tag, JSON-LD): RFC 3339 is kept whole, a bare date becomes YYYY-MM-DD.
func machineDate(s string) string {
	s = strings.TrimSpace(ASCIIDigits(s))
	if s == "" {
		return ""
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			if layout == time.RFC3339Nano {
				return t.Format(time.RFC3339)
			}
			return t.Format("2006-01-02T15:04:05")
		}
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t.Format("2006-01-02")
	}
	return dateOnly(s)
}
