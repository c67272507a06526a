package archive

import (
	"regexp"
	"strings"

	"github.com/hewar-archive/hewar/parse"
)

// The search index and its queries see text through parse.FoldSearch, so
// that a search for الكاظمى finds الكاظمي, حوار finds حِوار and ٤٩ finds 49
// (docs/schema.md lists the folding for queries typed by hand). Snippets map
// a match in the folded text back to the text as published rune by rune,
// with parse.FoldSearchRune: one folding, defined in parse.

// normalize returns s as the search index sees it.
func normalize(s string) string {
	return parse.FoldSearch(s)
}

// queryToken is one piece of an FTS5 query: a "quoted phrase" (perhaps
// unterminated), a run of other characters, or one character of syntax.
var queryToken = regexp.MustCompile(`"[^"]*"?|[^\s"()]+|\s+|.`)

// normalizeQuery folds an FTS5 query as the index is folded, except its
// operators: AND, OR, NOT and NEAR must stay upper case to mean what they
// mean (folded, they would be searched as words).
func normalizeQuery(q string) string {
	var b strings.Builder
	for _, t := range queryToken.FindAllString(q, -1) {
		switch t {
		case "AND", "OR", "NOT", "NEAR":
			b.WriteString(t)
		default:
			b.WriteString(parse.FoldSearch(t))
		}
	}
	return b.String()
}

// normalizeMap normalizes s and returns, for each byte offset of the result,
// the byte offset in s it came from (plus one final entry for the end).
func normalizeMap(s string) (string, []int) {
	var b strings.Builder
	idx := make([]int, 0, len(s)+1)
	for i, r := range s {
		n := parse.FoldSearchRune(r)
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
