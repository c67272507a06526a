package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/hewar-archive/hewar/parse"
)

// ErrQuery wraps a search query that FTS5 cannot read.
var ErrQuery = errors.New("malformed search query")

// SearchHit is one document (or, searching pairs, one question/answer
// pair) found by Search.
type SearchHit struct {
	DocKey   string  `json:"doc_key"`
	URL      string  `json:"url"`
	Title    string  `json:"title"`
	Kind     string  `json:"kind"`
	Lang     string  `json:"lang"`
	Section  string  `json:"section"`
	Version  int     `json:"version"`
	Pair     int     `json:"pair,omitempty"`     // the pair's number (qa.n), searching pairs
	Question string  `json:"question,omitempty"` // the pair's question as published, searching pairs
	Rank     float64 `json:"rank"`               // bm25: lower is better
	Snippet  string  `json:"snippet"`            // text around the first match, as published, every match in [brackets]
	// Parts is Snippet cut at its matches, without the brackets: the text
	// may hold brackets of its own.
	Parts []SnippetPart `json:"-"`
}

// SnippetPart is a run of a snippet: a match of the query, or the text
// around it.
type SnippetPart struct {
	Text  string
	Match bool
}

// SearchQuery is what Search looks for, and where.
type SearchQuery struct {
	Query string // FTS5: words, "phrases", prefix*, AND, OR, NOT, NEAR, title:word
	Limit int    // 20 when 0
	// Pairs searches the question/answer pairs (search_qa): one hit per pair.
	Pairs bool
	// Kinds are the kinds of document searched: none means every kind but
	// listings (the home page, the sections and their pages), which rank
	// first for many words and are found only when asked (KindAll: every kind).
	Kinds   []string
	Lang    string    // "ar" or "en"; "" for both
	Section string    // news, activities, seminars; "" for every one
	Since   time.Time // only documents whose current version was first seen then or later
}

// KindAll, as a kind of document to search or report, is every kind.
const KindAll = "all"

// DocumentKinds are the kinds of document the parser gives, the values of
// the documents' and versions' kind column: what a filter by kind may ask
// for (and KindAll where every kind may be asked for).
var DocumentKinds = []string{parse.KindInterview, parse.KindArticle, parse.KindPage, parse.KindListing}

// ParseKinds reads the kinds of document asked for by a search or a list
// of changes, as `hewar search --kind`, `hewar changes --kind` and the web
// view's /api/search?kind= take them: kinds separated by commas
// (interview, article, page, listing), or all; "" is the default, every
// kind but listings (nil). name is how the asker spells the parameter
// (--kind, kind), for the error.
func ParseKinds(name, s string) ([]string, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var kinds []string
	for _, k := range strings.Split(s, ",") {
		k = strings.ToLower(strings.TrimSpace(k))
		if !slices.Contains(DocumentKinds, k) && k != KindAll {
			return nil, fmt.Errorf("%s %q: give interview, article, page, listing (the home page and the sections), several separated by commas, or all", name, k)
		}
		kinds = append(kinds, k)
	}
	return kinds, nil
}

// SearchFilters are the values that narrow a search as a person gives
// them: hewar search's --kind, --lang, --section and --since, and the
// parameters of the same names of /api/search and the web view's
// /docs?q=. Apply reads them all, so that a value means the same, and a
// wrong one is refused in the same words, wherever the search is asked.
type SearchFilters struct {
	Kind, Lang, Section, Since string
}

// Apply sets q's Kinds, Lang, Section and Since from f, times of --since
// given as an age counted back from now. prefix is how the asker spells a
// parameter before its name ("--" on the command line, "" in a URL), for
// the errors: one line each, naming the value and what to give instead.
func (f SearchFilters) Apply(q *SearchQuery, prefix string, now time.Time) error {
	kinds, err := ParseKinds(prefix+"kind", f.Kind)
	if err != nil {
		return err
	}
	lang := strings.ToLower(strings.TrimSpace(f.Lang))
	switch lang {
	case "", "ar", "en":
	default:
		return fmt.Errorf("%slang %q: give ar or en", prefix, f.Lang)
	}
	section := strings.TrimSpace(f.Section)
	switch section {
	case "", "news", "activities", "seminars":
	default:
		return fmt.Errorf("%ssection %q: give news, activities or seminars", prefix, section)
	}
	var since time.Time
	if strings.TrimSpace(f.Since) != "" {
		if since, err = ParseSinceParam(prefix+"since", f.Since, now); err != nil {
			return err
		}
	}
	q.Kinds, q.Lang, q.Section, q.Since = kinds, lang, section, since
	return nil
}

// Search runs an FTS5 query over the latest text of every document still
// online (or, with q.Pairs, of every question/answer pair), best matches
// first. The query is folded as the index is, so حوار finds حِوار and
// الكاظمى finds الكاظمي. In an archive this process writes, the documents
// waiting for the index's next batch are indexed first.
func (db *DB) Search(ctx context.Context, q SearchQuery) ([]SearchHit, error) {
	match := quoteCompounds(strings.TrimSpace(normalizeQuery(q.Query)))
	if match == "" {
		return nil, fmt.Errorf("%w: empty query", ErrQuery)
	}
	if q.Limit <= 0 {
		q.Limit = 20
	}
	if err := db.checkSearchIndex(ctx); err != nil {
		return nil, err
	}
	if err := db.FlushSearchIndex(ctx); err != nil {
		return nil, err
	}
	where := kindFilter("t.kind", q.Kinds) + ` AND (?2 = '' OR t.lang = ?2) AND (?3 = '' OR t.section = ?3) AND v.observed_from >= ?4`
	args := []any{match, q.Lang, q.Section, ms(q.Since), q.Limit}
	// Title matches weigh most, then names, then the text; in a pair, the
	// question and the answer alike. A hit is the version the index holds
	// (search_text), the current one except while the archive is written
	// and the document waits for the index's next batch.
	query := `SELECT t.document_id, 0, bm25(search, 8.0, 4.0, 1.0) AS rank,
		d.doc_key, v.id, v.version, coalesce(v.url, ''), coalesce(v.title, ''), t.kind, t.lang, t.section
		FROM search JOIN search_text t ON t.document_id = search.rowid
		JOIN documents d ON d.id = t.document_id JOIN versions v ON v.id = t.version_id
		WHERE search MATCH ?1 AND ` + where + ` ORDER BY rank LIMIT ?5`
	if q.Pairs {
		query = `SELECT t.id, t.n, bm25(search_qa) AS rank,
			d.doc_key, v.id, v.version, coalesce(v.url, ''), coalesce(v.title, ''), s.kind, s.lang, s.section
			FROM search_qa JOIN search_qa_text t ON t.id = search_qa.rowid
			JOIN search_text s ON s.document_id = t.document_id
			JOIN documents d ON d.id = t.document_id JOIN versions v ON v.id = s.version_id
			WHERE search_qa MATCH ?1 AND ` + strings.ReplaceAll(where, "t.", "s.") + ` ORDER BY rank LIMIT ?5`
	}
	// One read transaction: the hits and their snippets see the index as
	// of one moment, whatever batch the writer commits meanwhile.
	tx, err := db.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, queryError(q.Query, err)
	}
	var (
		hits []SearchHit
		ids  []int64 // search's or search_qa's rowid
		vids []int64
	)
	for rows.Next() {
		var (
			h   SearchHit
			id  int64
			vid int64
		)
		if err := rows.Scan(&id, &h.Pair, &h.Rank, &h.DocKey, &vid, &h.Version, &h.URL, &h.Title, &h.Kind, &h.Lang, &h.Section); err != nil {
			rows.Close()
			return nil, queryError(q.Query, err)
		}
		hits = append(hits, h)
		ids = append(ids, id)
		vids = append(vids, vid)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, queryError(q.Query, err)
	}
	docs := map[int64]*parse.Document{}
	for i := range hits {
		doc, ok := docs[vids[i]]
		if !ok {
			if doc, err = db.loadDocument(ctx, tx, vids[i]); err != nil {
				return nil, err
			}
			docs[vids[i]] = doc
		}
		if doc == nil {
			continue
		}
		if err := snippetHit(ctx, tx, &hits[i], ids[i], match, doc, q.Pairs); err != nil {
			return nil, err
		}
	}
	if hits == nil {
		hits = []SearchHit{}
	}
	return hits, nil
}

// kindFilter is the SQL condition on col for the kinds asked (see
// SearchQuery.Kinds), the kinds written as SQL strings.
func kindFilter(col string, kinds []string) string {
	switch {
	case len(kinds) == 0:
		return col + ` <> 'listing'`
	case slices.Contains(kinds, KindAll):
		return `1`
	}
	quoted := make([]string, len(kinds))
	for i, k := range kinds {
		quoted[i] = `'` + strings.ReplaceAll(k, `'`, `''`) + `'`
	}
	return col + ` IN (` + strings.Join(quoted, ", ") + `)`
}

// snippetHit sets h's snippet: FTS5 marks the tokens the query matched in
// the indexed (folded) text of each column (highlight), and the marks are
// carried over to the text as published, which folds to the same runes.
func snippetHit(ctx context.Context, tx *sql.Tx, h *SearchHit, id int64, match string, doc *parse.Document, pairs bool) error {
	var (
		fields []string // the columns as published, in the order a snippet prefers them
		cols   []int    // their numbers in the index
		query  string
	)
	if pairs {
		if h.Pair < 1 || h.Pair > len(doc.QA) {
			return nil
		}
		qa := doc.QA[h.Pair-1]
		h.Question = qa.Question
		fields, cols = []string{qa.Answer, qa.Question}, []int{1, 0}
		query = `SELECT highlight(search_qa, ?3, char(1), char(2)) FROM search_qa WHERE search_qa MATCH ?1 AND rowid = ?2`
	} else {
		title, people, text := searchFields(doc, nil)
		fields, cols = []string{text, title, people}, []int{2, 0, 1}
		query = `SELECT highlight(search, ?3, char(1), char(2)) FROM search WHERE search MATCH ?1 AND rowid = ?2`
	}
	for i, f := range fields {
		var marked string
		if err := tx.QueryRowContext(ctx, query, match, id, cols[i]).Scan(&marked); err != nil {
			return fmt.Errorf("search: snippet: %w", err)
		}
		if !strings.ContainsRune(marked, 1) {
			continue
		}
		h.Parts = snippetParts(f, marked)
		h.Snippet = bracketed(h.Parts)
		return nil
	}
	h.Parts = []SnippetPart{{Text: cut(fields[0], 0, 2*snippetRadius)}}
	h.Snippet = h.Parts[0].Text
	return nil
}

// snippetParts cuts text, as published, around the first of the matches
// marked (with \x01 and \x02) in marked, its folded form as indexed.
func snippetParts(text, marked string) []SnippetPart {
	folded, idx := normalizeMap(text)
	var (
		plain strings.Builder
		spans [][2]int
		start int
	)
	for _, r := range marked {
		switch r {
		case 1:
			start = plain.Len()
		case 2:
			spans = append(spans, [2]int{start, plain.Len()})
		default:
			plain.WriteRune(r)
		}
	}
	if plain.String() != folded {
		// Not the text as indexed (it should always be): show the indexed text.
		text = plain.String()
		idx = make([]int, len(text)+1)
		for i := range idx {
			idx[i] = i
		}
	}
	for i := range spans {
		spans[i] = [2]int{idx[spans[i][0]], idx[spans[i][1]]}
	}
	if len(spans) == 0 {
		return []SnippetPart{{Text: cut(text, 0, 2*snippetRadius)}}
	}
	from := spans[0][0] - len(lastRunes(text[:spans[0][0]], snippetRadius))
	to := spans[0][1] + len(firstRunes(text[spans[0][1]:], snippetRadius))
	var raw []SnippetPart
	at := from
	for _, sp := range spans {
		if sp[0] < at || sp[1] > to {
			continue
		}
		raw = append(raw, SnippetPart{Text: text[at:sp[0]]}, SnippetPart{Text: text[sp[0]:sp[1]], Match: true})
		at = sp[1]
	}
	raw = append(raw, SnippetPart{Text: text[at:to]})
	parts := collapseSpace(raw)
	if from > 0 {
		parts = append([]SnippetPart{{Text: "…"}}, parts...)
	}
	if to < len(text) {
		parts = append(parts, SnippetPart{Text: "…"})
	}
	return parts
}

// snippetRadius is how many runes of context a snippet shows on each side
// of its first match.
const snippetRadius = 70

// collapseSpace writes every run of white space in parts as one space, and
// none at the start or the end, dropping the parts left empty.
func collapseSpace(parts []SnippetPart) []SnippetPart {
	var out []SnippetPart
	space, started := false, false
	for _, p := range parts {
		var b strings.Builder
		for _, r := range p.Text {
			if unicode.IsSpace(r) {
				space = started
				continue
			}
			if space {
				switch {
				case b.Len() > 0:
					b.WriteByte(' ')
				case len(out) > 0 && !out[len(out)-1].Match:
					out[len(out)-1].Text += " "
				default:
					out = append(out, SnippetPart{Text: " "})
				}
				space = false
			}
			b.WriteRune(r)
			started = true
		}
		if b.Len() > 0 {
			out = append(out, SnippetPart{Text: b.String(), Match: p.Match})
		}
	}
	return out
}

// bracketed is a snippet as one string, its matches in [brackets].
func bracketed(parts []SnippetPart) string {
	var b strings.Builder
	for _, p := range parts {
		if p.Match {
			b.WriteString("[" + p.Text + "]")
		} else {
			b.WriteString(p.Text)
		}
	}
	return b.String()
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
		// FTS5's own words ("fts5: syntax error near \"\"") say nothing
		// to a person: say what the search reads.
		return fmt.Errorf("%w %q: the search cannot read it: give words, \"phrases\", prefix* and AND, OR, NOT, NEAR(...) between words, and quote a word that contains punctuation (\"al-kadhimi\")", ErrQuery, query)
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
		if t[0] != '"' && !isOp(t) && t != "(" && t != ")" {
			if why := punctuationMistake(t); why != "" {
				return why
			}
		}
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

// punctuationMistake says what is wrong with an unquoted piece of a query
// that FTS5 reads as syntax: a "-" or "+" put before a word as other search
// engines take it, punctuation alone, or a word with punctuation in it that
// is not a compound (quoteCompounds quotes those). "" for anything else.
func punctuationMistake(t string) string {
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsNumber(r) || r == '_' }
	switch {
	case t == "-":
		return `"-" is no word to search for: to leave a word out, write NOT before it (kadhimi NOT intelligence)`
	case strings.Trim(t, "*^") == "":
		return "" // "*" alone: said below
	case !strings.ContainsFunc(t, isWord):
		return fmt.Sprintf(`%q is no word to search for: give words, "phrases" or prefix*`, t)
	case t[0] == '-':
		w := strings.TrimLeft(t, "-")
		return fmt.Sprintf(`%q: to leave %s out, write NOT before it, after a word to find (iraq NOT %s); to search for it, leave out the "-"`, t, w, w)
	case t[0] == '+':
		return fmt.Sprintf(`%q: every word given must be found already: leave out the "+"`, t)
	}
	word := strings.TrimRight(strings.TrimLeft(t, "^"), "*")
	if col, rest, ok := strings.Cut(word, ":"); ok && searchColumns[strings.ToLower(col)] {
		word = rest
	}
	if strings.ContainsFunc(word, func(r rune) bool { return !isWord(r) && r != ':' }) {
		return fmt.Sprintf(`%q holds punctuation the search reads as syntax: quote it ("%s")`, t, t)
	}
	return ""
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
