package parse

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// isDirectionMark reports the invisible bidi controls the site sprinkles in
// Arabic text: LRM, RLM, ALM, the embeddings/overrides and the isolates.
func isDirectionMark(r rune) bool {
	switch {
	case r == '\u200e', r == '\u200f', r == '\u061c':
		return true
	case r >= '\u202a' && r <= '\u202e':
		return true
	case r >= '\u2066' && r <= '\u2069':
		return true
	}
	return false
}

// isHaraka reports Arabic short-vowel and other combining marks (fatha, damma,
// kasra, tanwin, shadda, sukun, superscript alef, Quranic marks).
func isHaraka(r rune) bool {
	switch {
	case r >= '\u064b' && r <= '\u065f':
		return true
	case r == '\u0670':
		return true
	case r >= '\u0610' && r <= '\u061a':
		return true
	case r >= '\u06d6' && r <= '\u06ed':
		return true
	}
	return false
}

// asciiDigit maps Arabic-Indic (٠-٩) and Persian (۰-۹) digits to ASCII; other
// runes come back unchanged.
func asciiDigit(r rune) rune {
	switch {
	case r >= '٠' && r <= '٩':
		return '0' + (r - '٠')
	case r >= '۰' && r <= '۹':
		return '0' + (r - '۰')
	}
	return r
}

// ASCIIDigits returns s with every Arabic-Indic and Persian digit in ASCII.
// strconv.Atoi("٤٩") fails; strconv.Atoi(ASCIIDigits("٤٩")) is 49.
func ASCIIDigits(s string) string {
	for _, r := range s {
		if asciiDigit(r) != r {
			return strings.Map(asciiDigit, s)
		}
	}
	return s
}

// normalizeArabic is the parser's own folding for comparing Arabic text
// (labels, month names, the words it looks for): it strips tatweel and
// short-vowel marks, unifies the alef forms (أ إ آ ٱ -> ا), maps Arabic-Indic
// and Persian digits to ASCII and removes invisible direction marks.
// Everything else, Latin text included, is kept as it is. What the parser
// finds depends on it, so changing it is a parser change (a new Version);
// search folds more, with FoldSearch, which is free to grow.
func normalizeArabic(s string) string {
	// Most Arabic text has no mark, alef form or digit to change: such a
	// string comes back as it is, and the copy starts at the first change.
	// Every rune it changes is U+0600 or above.
	i := strings.IndexFunc(s, func(r rune) bool { return r >= 0x0600 && normalizeArabicRune(r) != r })
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		if r = normalizeArabicRune(r); r >= 0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// normalizeArabicRune is normalizeArabic for one rune: what r becomes, or -1
// when it is dropped.
func normalizeArabicRune(r rune) rune {
	switch {
	case r == 'ـ', isHaraka(r), isDirectionMark(r):
		return -1
	case r == 'أ', r == 'إ', r == 'آ', r == 'ٱ':
		return 'ا'
	}
	return asciiDigit(r)
}

// collapseSpace replaces every run of white space with one space and trims
// the ends. It keeps direction marks: the text stays as published.
func collapseSpace(s string) string {
	needs := false
	prevSpace := true
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		sp := unicode.IsSpace(r)
		if sp && (prevSpace || r != ' ') {
			needs = true
			break
		}
		prevSpace = sp
		i += n
	}
	if !needs && !prevSpace {
		return s
	}
	return collapseMapped(s, func(r rune) rune { return r })
}

// collapseMapped is strings.Map(mapping, s) with every run of white space
// replaced by one space and the ends trimmed.
func collapseMapped(s string, mapping func(rune) rune) string {
	var b strings.Builder
	b.Grow(len(s))
	pending := false
	for _, r := range s {
		if r = mapping(r); r < 0 {
			continue
		}
		if unicode.IsSpace(r) {
			pending = b.Len() > 0
			continue
		}
		if pending {
			b.WriteByte(' ')
			pending = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// trimText trims white space, direction marks and the given punctuation from
// both ends. strings.TrimSpace alone keeps U+200F.
func trimText(s, cutset string) string {
	if n := len(s); n > 0 && s[0] < utf8.RuneSelf && s[n-1] < utf8.RuneSelf && !isASCIISpace(s[0]) && !isASCIISpace(s[n-1]) &&
		strings.IndexByte(cutset, s[0]) < 0 && strings.IndexByte(cutset, s[n-1]) < 0 {
		return s // an ASCII letter or mark at both ends that stays: nothing to trim
	}
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || isDirectionMark(r) || strings.ContainsRune(cutset, r)
	})
}

// isASCIISpace reports the ASCII bytes unicode.IsSpace counts: tab, line
// feed, vertical tab, form feed, carriage return and space.
func isASCIISpace(c byte) bool { return c == ' ' || c >= '\t' && c <= '\r' }

// foldKey is a comparison key: Arabic-normalized, lower-cased, with spaces
// collapsed, as strings.ToLower(collapseSpace(normalizeArabic(s))) is, in
// one pass where those would read the text three times. Most keys have
// nothing to change (an Arabic label, a word in lower case) and come back
// as they are.
func foldKey(s string) string {
	prevSpace := true
	same := true
	for i := 0; i < len(s) && same; {
		r, n := utf8.DecodeRuneInString(s[i:])
		sp := unicode.IsSpace(r)
		same = sp && !prevSpace && r == ' ' || !sp && keyRune(r)
		prevSpace = sp
		i += n
	}
	if same && !prevSpace {
		return s
	}
	if isASCII(s) {
		return strings.ToLower(collapseSpace(s)) // normalizeArabic changes no ASCII, and these two have fast paths for it
	}
	return collapseMapped(s, func(r rune) rune {
		if r = normalizeArabicRune(r); r >= 0 {
			r = unicode.ToLower(r) // no space changes case: collapsing after lower-casing is the same
		}
		return r
	})
}

// isASCII reports a text of ASCII bytes only.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// keyRune reports a rune that foldKey keeps as it is. The Arabic block
// (U+0600 to U+06FF) has no case, so its letters need no case lookup; an
// invalid byte, which strings.ToLower replaces, is not kept.
func keyRune(r rune) bool {
	if r == utf8.RuneError || normalizeArabicRune(r) != r {
		return false
	}
	return r >= 0x0600 && r <= 0x06FF || unicode.ToLower(r) == r
}

// isArabicLetter reports a letter of the Arabic script.
func isArabicLetter(r rune) bool {
	return unicode.Is(unicode.Arabic, r) && unicode.IsLetter(r)
}
