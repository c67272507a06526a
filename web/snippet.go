package web

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hewar-archive/hewar/parse"
)

// seg is a run of text shown one way: plain, or marked as a search match
// (Mark), or as deleted or inserted words in a diff (Op "del", "ins").
// Templates print Text escaped; the marking is our markup around it, so
// archived text can never become markup.
type seg struct {
	Text string
	Mark bool
	Op   string
}

// highlight turns an archive search snippet into segments with every
// match of the query marked. The archive puts its first match in [brackets];
// archived text may hold brackets of its own, so the markers are only
// trusted where they enclose a word of the query, and are removed; the
// matches are then found again in the plain text, all of them, folded as
// the index folds them (case, Arabic vowel marks, alef forms, digits).
func highlight(snippet, query string) []seg {
	terms := queryTerms(query)
	text := stripMarker(snippet, terms)
	return markTerms(text, terms)
}

// queryTerms returns the words of an FTS5 query, folded, without operators
// or column filters.
func queryTerms(q string) []string {
	var terms []string
	for _, f := range strings.FieldsFunc(q, func(r rune) bool {
		return !(isWordRune(r) || r == ':')
	}) {
		switch f {
		case "AND", "OR", "NOT", "NEAR":
			continue
		}
		if i := strings.LastIndexByte(f, ':'); i >= 0 {
			f = f[i+1:] // a column filter, "title:word"
		}
		if f = fold(f); f != "" {
			terms = append(terms, f)
		}
	}
	return terms
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsNumber(r) || r == 'ـ'
}

// fold is how the search index sees text.
func fold(s string) string { return parse.FoldSearch(s) }

// stripMarker removes the archive's [ ] around the first match: the first
// bracketed run holding a word that starts with a term of the query.
func stripMarker(s string, terms []string) string {
	from := 0
	for {
		i := strings.IndexByte(s[from:], '[')
		if i < 0 {
			return s
		}
		i += from
		j := strings.IndexByte(s[i+1:], ']')
		if j < 0 {
			return s
		}
		j += i + 1
		for _, w := range strings.FieldsFunc(fold(s[i+1:j]), func(r rune) bool { return !isWordRune(r) }) {
			for _, t := range terms {
				if strings.HasPrefix(w, t) {
					return s[:i] + s[i+1:j] + s[j+1:]
				}
			}
		}
		from = i + 1
	}
}

// markTerms marks each word of text that starts with one of the terms.
func markTerms(text string, terms []string) []seg {
	if len(terms) == 0 {
		return []seg{{Text: text}}
	}
	var out []seg
	plain := 0 // start of the text not yet emitted
	i := 0
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			i += n
			continue
		}
		end := i
		for end < len(text) {
			r2, n2 := utf8.DecodeRuneInString(text[end:])
			if !isWordRune(r2) {
				break
			}
			end += n2
		}
		w := fold(text[i:end])
		for _, t := range terms {
			if strings.HasPrefix(w, t) {
				if plain < i {
					out = append(out, seg{Text: text[plain:i]})
				}
				out = append(out, seg{Text: text[i:end], Mark: true})
				plain = end
				break
			}
		}
		i = end
	}
	if plain < len(text) {
		out = append(out, seg{Text: text[plain:]})
	}
	return out
}
