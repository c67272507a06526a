package archive

import (
	"strings"
	"unicode"

	"github.com/hewar-archive/hewar/parse"
)

// The search index and its queries see text through normalize, so that a
// search for حوار finds حِوار and ٤٩ finds 49: parse.NormalizeArabic (strip
// tatweel and short-vowel marks, unify alef forms, map Arabic-Indic digits,
// drop direction marks), then lower case. normRune repeats those rules rune by
// rune because snippets must map a match in the normalized text back to the
// text as published; a test keeps the two in step.

// normRune returns what r becomes: -1 when it is dropped.
func normRune(r rune) rune {
	switch {
	case r == 0x0640: // tatweel
		return -1
	case r >= 0x064B && r <= 0x065F, r == 0x0670, r >= 0x0610 && r <= 0x061A, r >= 0x06D6 && r <= 0x06ED: // harakat, Quranic marks
		return -1
	case r == 0x200E || r == 0x200F || r == 0x061C || (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069):
		return -1 // direction marks
	case r == 0x0622 || r == 0x0623 || r == 0x0625 || r == 0x0671:
		return 0x0627 // alef forms
	case r >= 0x0660 && r <= 0x0669:
		return '0' + (r - 0x0660)
	case r >= 0x06F0 && r <= 0x06F9:
		return '0' + (r - 0x06F0)
	}
	return unicode.ToLower(r)
}

// normalize returns s as the search index sees it.
func normalize(s string) string {
	return strings.ToLower(parse.NormalizeArabic(s))
}

// normalizeQuery normalizes an FTS5 query without folding the case of its
// operators (AND, OR, NOT, NEAR must stay upper case to mean what they mean).
// FTS5's tokenizer folds the case of the terms itself.
func normalizeQuery(q string) string {
	return parse.NormalizeArabic(q)
}

// normalizeMap normalizes s and returns, for each byte offset of the result,
// the byte offset in s it came from (plus one final entry for the end).
func normalizeMap(s string) (string, []int) {
	var b strings.Builder
	idx := make([]int, 0, len(s)+1)
	for i, r := range s {
		n := normRune(r)
		if n < 0 {
			continue
		}
		start := b.Len()
		b.WriteRune(n)
		for j := start; j < b.Len(); j++ {
			idx = append(idx, i)
		}
	}
	idx = append(idx, len(s))
	return b.String(), idx
}
