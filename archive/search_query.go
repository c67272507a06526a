package archive

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hewar-archive/hewar/parse"
)

// ErrQuery wraps a search query that FTS5 cannot read.
var ErrQuery = errors.New("malformed search query")

// SearchHit is one document found by Search.
type SearchHit struct {
	DocKey  string  `json:"doc_key"`
	URL     string  `json:"url"`
	Title   string  `json:"title"`
	Kind    string  `json:"kind"`
	Lang    string  `json:"lang"`
	Version int     `json:"version"`
	Rank    float64 `json:"rank"`    // bm25: lower is better
	Snippet string  `json:"snippet"` // text around the first match, matches in [brackets]
}

// Search runs an FTS5 query (words, "phrases", prefix*, AND, OR, NOT, NEAR)
// over the latest text of every document still online, best matches first.
// Arabic in the query is normalized like the index, so حوار finds حِوار.
func (db *DB) Search(ctx context.Context, query string, limit int) ([]SearchHit, error) {
	q := quoteCompounds(strings.TrimSpace(normalizeQuery(query)))
	if q == "" {
		return nil, fmt.Errorf("%w: empty query", ErrQuery)
	}
	if limit <= 0 {
		limit = 20
	}
	if err := db.checkSearchIndex(ctx); err != nil {
		return nil, err
	}
	// Title matches weigh most, then names, then the text.
	rows, err := db.db.QueryContext(ctx, `SELECT s.rowid, bm25(search, 8.0, 4.0, 1.0) AS rank,
		d.doc_key, v.id, v.version, coalesce(v.url, ''), coalesce(v.title, ''), coalesce(v.kind, ''), coalesce(v.lang, '')
		FROM search s JOIN documents d ON d.id = s.rowid JOIN versions v ON v.id = d.current_version_id
		WHERE search MATCH ? ORDER BY rank LIMIT ?`, q, limit)
	if err != nil {
		return nil, queryError(query, err)
	}
	var (
		hits []SearchHit
		vids []int64
	)
	for rows.Next() {
		var (
			h     SearchHit
			docID int64
			vid   int64
		)
		if err := rows.Scan(&docID, &h.Rank, &h.DocKey, &vid, &h.Version, &h.URL, &h.Title, &h.Kind, &h.Lang); err != nil {
			rows.Close()
			return nil, queryError(query, err)
		}
		hits = append(hits, h)
		vids = append(vids, vid)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, queryError(query, err)
	}
	terms := queryTerms(q)
	for i := range hits {
		doc, err := db.loadDocument(ctx, db.db, vids[i])
		if err != nil {
			return nil, err
		}
		if doc != nil {
			hits[i].Snippet = snippet(doc, terms)
		}
	}
	if hits == nil {
		hits = []SearchHit{}
	}
	return hits, nil
}

// compound is a word joined by hyphens, apostrophes or dots ("al-Kadhimi",
// "U.S."): FTS5 reads those characters as syntax, so such words are quoted
// and searched as the phrase they are.
var compound = regexp.MustCompile(`^[\p{L}\p{M}\p{N}_]+(?:[-'’.][\p{L}\p{M}\p{N}_]+)+\.?$`)

func quoteCompounds(q string) string {
	if !strings.ContainsAny(q, "-'’.") || strings.Contains(q, `"`) {
		return q
	}
	fields := strings.Fields(q)
	for i, f := range fields {
		if compound.MatchString(f) {
			fields[i] = `"` + f + `"`
		}
	}
	return strings.Join(fields, " ")
}

func queryError(query string, err error) error {
	msg := err.Error()
	if strings.Contains(msg, "fts5") || strings.Contains(msg, "syntax error") || strings.Contains(msg, "no such column") ||
		strings.Contains(msg, "unterminated") || strings.Contains(msg, "unknown special query") {
		if why := queryMistake(query); why != "" {
			return fmt.Errorf("%w %q: %s", ErrQuery, query, why)
		}
		return fmt.Errorf("%w %q: %s (quote words that contain punctuation, e.g. \"al-kadhimi\")", ErrQuery, query, msg)
	}
	return fmt.Errorf("search: %w", err)
}

// searchColumns are the columns a query may name ("title:word").
var searchColumns = map[string]bool{"title": true, "people": true, "text": true}

// queryMistake says in words what is wrong with a query FTS5 refused, for
// the mistakes people make: an unclosed quote or bracket, an operator with
// nothing on one side, a column that does not exist, a lone "*". It returns
// "" when it cannot tell; FTS5's own message is shown then.
func queryMistake(q string) string {
	if strings.Count(q, `"`)%2 == 1 {
		return `a phrase is opened with " and not closed: add the closing "`
	}
	depth := 0
	var toks []string
	for _, t := range queryToken.FindAllString(q, -1) {
		switch {
		case t == "(":
			depth++
		case t == ")":
			if depth--; depth < 0 {
				return `a ")" closes nothing: remove it, or open it with "("`
			}
		}
		if strings.TrimSpace(t) != "" {
			toks = append(toks, t)
		}
	}
	if depth > 0 {
		return `a "(" is not closed: add the closing ")"`
	}
	isOp := func(t string) bool { return t == "AND" || t == "OR" || t == "NOT" }
	for i, t := range toks {
		if t[0] != '"' {
			if col, _, ok := strings.Cut(t, ":"); ok && col != "" && !searchColumns[strings.ToLower(col)] {
				return fmt.Sprintf("%q is not a column to search: use title:, people: or text: (or quote the word: \"%s\")", col+":", t)
			}
			if strings.HasSuffix(t, ":") && i == len(toks)-1 {
				return fmt.Sprintf("%q needs a word after it", t)
			}
			if strings.Trim(t, "*^") == "" {
				return fmt.Sprintf("%q needs a word before it (prefix*: kadh*)", t)
			}
		}
		if !isOp(t) {
			continue
		}
		before := i > 0 && !isOp(toks[i-1]) && toks[i-1] != "("
		after := i+1 < len(toks) && !isOp(toks[i+1]) && toks[i+1] != ")"
		if !before || !after {
			return fmt.Sprintf("%s needs a word on each side (to search for the word itself, quote it: \"%s\")", t, strings.ToLower(t))
		}
	}
	if len(toks) > 0 && toks[len(toks)-1] == "NEAR" {
		return `NEAR needs its words in brackets: NEAR(kadhimi intelligence, 10)`
	}
	return ""
}

// queryTerms returns the words of an FTS5 query, folded like the index, for
// highlighting; operators and column filters are left out.
func queryTerms(q string) []string {
	var terms []string
	for _, f := range strings.FieldsFunc(q, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) || r == ':' || r == '*')
	}) {
		switch f {
		case "AND", "OR", "NOT", "NEAR":
			continue
		}
		if i := strings.LastIndexByte(f, ':'); i >= 0 {
			f = f[i+1:] // column filter "title:word"
		}
		f = strings.Trim(f, "*:")
		if f != "" {
			terms = append(terms, normalize(f))
		}
	}
	return terms
}

// snippetRadius is how many runes of context a snippet shows on each side.
const snippetRadius = 70

// snippet finds the first term in the document's text (title, names, intro,
// pairs, body) and returns the text around it as published, with the
// matched words in brackets.
func snippet(doc *parse.Document, terms []string) string {
	title, people, text := searchFields(doc)
	for _, field := range []string{title, people, text} {
		if s, ok := snippetIn(field, terms); ok {
			return s
		}
	}
	return cut(text, 0, 2*snippetRadius)
}

func snippetIn(text string, terms []string) (string, bool) {
	norm, idx := normalizeMap(text)
	best, bestLen := -1, 0
	for _, t := range terms {
		from := 0
		for {
			i := strings.Index(norm[from:], t)
			if i < 0 {
				break
			}
			i += from
			// Only a match at the start of a word counts (FTS5 matches whole words or prefixes).
			if r, _ := utf8.DecodeLastRuneInString(norm[:i]); i == 0 || !isWordRune(r) {
				if best < 0 || i < best {
					best, bestLen = i, len(t)
				}
				break
			}
			from = i + 1
		}
	}
	if best < 0 {
		return "", false
	}
	// Extend the match to the end of its word, then map back to the original text.
	end := best + bestLen
	for end < len(norm) {
		r, n := utf8.DecodeRuneInString(norm[end:])
		if !isWordRune(r) {
			break
		}
		end += n
	}
	ostart, oend := idx[best], idx[end]
	before := lastRunes(text[:ostart], snippetRadius)
	after := firstRunes(text[oend:], snippetRadius)
	s := before + "[" + text[ostart:oend] + "]" + after
	if len(before) < ostart {
		s = "…" + s
	}
	if len(after) < len(text)-oend {
		s += "…"
	}
	return strings.Join(strings.Fields(s), " "), true
}

func lastRunes(s string, n int) string {
	i := len(s)
	for k := 0; k < n && i > 0; k++ {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return s[i:]
}

func firstRunes(s string, n int) string {
	i := 0
	for k := 0; k < n && i < len(s); k++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i]
}

func cut(s string, from, n int) string {
	r := firstRunes(s[from:], n)
	if len(r) < len(s)-from {
		r += "…"
	}
	return strings.Join(strings.Fields(r), " ")
}
