package archive

import (
	"strings"
	"unicode"

	"github.com/hewar-archive/hewar/parse"
)

// The search index and its queries see text through normalize, so that a
// search for حوار finds حِوار and ٤٩ finds 49: parse.NormalizeArabic (strip
// tatweel and short-vowel marks, unify alef forms, map Arabic-Indic digits,
// drop direction marks), then lower case. Snippets map a match in the
// normalized text back to the text as published rune by rune, with
// parse.NormalizeArabicRune: one folding, defined in parse.

// normRune returns what r becomes: -1 when it is dropped.
func normRune(r rune) rune {
	if r = parse.NormalizeArabicRune(r); r < 0 {
		return -1
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
