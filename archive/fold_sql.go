package archive

import (
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/hewar-archive/hewar/parse"
)

// The search indexes keep no copy of the text they index: their external
// content is two views over the versions and texts that fold the text as
// the index holds it, in SQL, so that sqlite3, Python, R, Datasette and
// sqlite-utils read it (snippet(), highlight(), SELECT title FROM search)
// with nothing of hewar's. FTS5 re-reads that content to place a snippet,
// so the view must give the very tokens hewar indexed: foldSQL is
// parse.FoldSearch as nested replace() calls, less what the index's
// tokenizer (unicode61 remove_diacritics 2) does itself (case, and Latin
// letters' diacritics, as this SQLite's tokenizer does them).
// TestFoldSQL_TokensAsFoldSearch holds the two to the same tokens.

// foldReplacements are the runes FoldSearch changes that the tokenizer
// does not fold alike itself, each with what it becomes ("" when dropped).
// Which runes the tokenizer folds (case in most scripts, most Latin
// diacritics) is asked of SQLite's own: the candidates are tokenized in a
// database in memory, as they are and as FoldSearch makes them.
var foldReplacements = sync.OnceValues(func() ([][2]string, error) {
	var cand []rune
	for r := rune(utf8.RuneSelf); r <= 0xffff; r++ {
		if (r < 0xd800 || r > 0xdfff) && parse.FoldSearchRune(r) != r {
			cand = append(cand, r)
		}
	}
	same, err := tokenizedAlike(cand)
	if err != nil {
		return nil, fmt.Errorf("search folding: %w", err)
	}
	var out [][2]string
	for _, r := range cand {
		if same[r] {
			continue
		}
		to := ""
		if f := parse.FoldSearchRune(r); f >= 0 {
			to = string(f)
		}
		out = append(out, [2]string{string(r), to})
	}
	return out, nil
})

// tokenizedAlike reports which runes the search index's tokenizer reads,
// inside a word and alone, as the same tokens as FoldSearch makes of them.
func tokenizedAlike(runes []rune) (map[rune]bool, error) {
	mem, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		return nil, err
	}
	defer mem.Close()
	mem.SetMaxOpenConns(1)
	for _, q := range []string{
		`CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'unicode61 remove_diacritics 2')`,
		`CREATE VIRTUAL TABLE tv USING fts5vocab(t, 'instance')`,
	} {
		if _, err := mem.Exec(q); err != nil {
			return nil, err
		}
	}
	tx, err := mem.Begin()
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	ins, err := tx.Prepare(`INSERT INTO t (rowid, x) VALUES (?, ?)`)
	if err != nil {
		return nil, err
	}
	for i, r := range runes {
		s := "ab" + string(r) + "cd " + string(r)
		if _, err := ins.Exec(2*i, s); err != nil {
			return nil, err
		}
		if _, err := ins.Exec(2*i+1, parse.FoldSearch(s)); err != nil {
			return nil, err
		}
	}
	rows, err := tx.Query(`SELECT doc, group_concat(offset || ':' || term, ' ') FROM (SELECT doc, offset, term FROM tv ORDER BY doc, offset) GROUP BY doc`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	tokens := make(map[int64]string, 2*len(runes))
	for rows.Next() {
		var (
			doc int64
			t   string
		)
		if err := rows.Scan(&doc, &t); err != nil {
			return nil, err
		}
		tokens[doc] = t
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	same := make(map[rune]bool, len(runes))
	for i, r := range runes {
		same[r] = tokens[int64(2*i)] == tokens[int64(2*i+1)]
	}
	return same, nil
}

// foldDepth is how many replace() calls one expression nests: SQLite's
// parser, as most builds have it (Debian's sqlite3 and Python's among them),
// overflows its stack beyond about 25.
const foldDepth = 16

// foldedView is a query that gives keys and the columns of texts, each
// folded as the search index folds it: from gives the raw columns (the
// keys, then the texts), and each step of a chain of common table
// expressions applies foldDepth of the replacements.
func foldedView(keys, texts []string, from string) (string, error) {
	reps, err := foldReplacements()
	if err != nil {
		return "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "WITH f0 AS (%s)", from)
	step := 0
	for start := 0; start < len(reps); start += foldDepth {
		part := reps[start:min(start+foldDepth, len(reps))]
		cols := slices.Clone(keys)
		for _, c := range texts {
			var e strings.Builder
			e.WriteString(strings.Repeat("replace(", len(part)))
			e.WriteString(c)
			for _, r := range part {
				to := "''"
				if r[1] != "" {
					to = fmt.Sprintf("char(%d)", []rune(r[1])[0])
				}
				fmt.Fprintf(&e, ", char(%d), %s)", []rune(r[0])[0], to)
			}
			cols = append(cols, e.String()+" AS "+c)
		}
		step++
		fmt.Fprintf(&b, ",\nf%d AS (SELECT %s FROM f%d)", step, strings.Join(cols, ", "), step-1)
	}
	fmt.Fprintf(&b, "\nSELECT * FROM f%d", step)
	return b.String(), nil
}

// searchViews are the views the search indexes read their text from, as
// FTS5 external content (see docs/schema.md): search_documents for search,
// one row per document (its current version), and search_qa_text for
// search_qa, one row per pair. Their text is put together as searchFields
// does (the order of the parts and the line breaks between them do not
// change the tokens).
func searchViews() ([]string, error) {
	people := `coalesce(v.interviewee, '') || char(10) || coalesce((SELECT group_concat(j.value, char(10)) FROM json_each(v.interviewee_aliases) j), '')
		|| char(10) || coalesce(v.interviewer, '') || char(10) || coalesce(v.magazine_name, '')`
	text := `coalesce(v.intro, '') || char(10) || coalesce((SELECT group_concat(q.text || char(10) || a.text, char(10))
		FROM qa_pairs p JOIN texts q ON q.id = p.question_id JOIN texts a ON a.id = p.answer_id WHERE p.version_id = v.id), '')
		|| char(10) || coalesce(v.body, '')`
	docs, err := foldedView([]string{"document_id", "doc_key", "lang", "kind", "section"}, []string{"title", "people", "text"},
		`SELECT t.document_id, t.doc_key, t.lang, t.kind, t.section, coalesce(v.title, '') AS title, `+people+` AS people, `+text+` AS text
		FROM search_text t JOIN versions v ON v.id = t.version_id`)
	if err != nil {
		return nil, err
	}
	pairs, err := foldedView([]string{"id", "document_id", "doc_key", "n"}, []string{"question", "answer"},
		`SELECT r.id, r.document_id, t.doc_key, r.n, q.text AS question, a.text AS answer
		FROM search_qa_rows r JOIN search_text t ON t.document_id = r.document_id
		JOIN qa_pairs p ON p.version_id = r.version_id AND p.n = r.n
		JOIN texts q ON q.id = p.question_id JOIN texts a ON a.id = p.answer_id`)
	if err != nil {
		return nil, err
	}
	return []string{`DROP VIEW IF EXISTS search_documents`, `DROP VIEW IF EXISTS search_qa_text`,
		`CREATE VIEW search_documents AS ` + docs, `CREATE VIEW search_qa_text AS ` + pairs}, nil
}
