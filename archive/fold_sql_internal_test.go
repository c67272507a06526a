package archive

import (
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hewar-archive/hewar/parse"
)

// TestFoldSQL_TokensAsFoldSearch: the views' SQL folding and
// parse.FoldSearch give the index's tokenizer the same tokens, for every
// rune FoldSearch changes, inside a word and alone, and for a sentence of
// published Arabic. A rune left out of foldReplacements that the tokenizer
// does not fold itself fails here.
func TestFoldSQL_TokensAsFoldSearch(t *testing.T) {
	db, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, q := range []string{
		`CREATE TABLE raw (id INTEGER PRIMARY KEY, s TEXT NOT NULL)`,
		`CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'unicode61 remove_diacritics 2')`,
		`CREATE VIRTUAL TABLE tv USING fts5vocab(t, 'instance')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	var samples []string
	for r := rune(utf8.RuneSelf); r <= 0xffff; r++ {
		if r >= 0xd800 && r <= 0xdfff || parse.FoldSearchRune(r) == r {
			continue
		}
		samples = append(samples, "حو"+string(r)+"ار", "ab"+string(r)+"cd", string(r), "x "+string(r)+" y")
	}
	samples = append(samples, "حِوارُ الفِكْرِ مع السيّد مُصطفى الكاظمى ــ في العدد ٤٩ (\u200f2018\u200f) Kāẓimī ÉCOLE")
	if len(samples) < 400 {
		t.Fatalf("only %d samples: FoldSearch changes fewer runes than it should", len(samples))
	}
	for i, s := range samples {
		if _, err := db.Exec(`INSERT INTO raw (id, s) VALUES (?, ?)`, i, s); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(`INSERT INTO t (rowid, x) VALUES (?, ?)`, 2*i, parse.FoldSearch(s)); err != nil {
			t.Fatal(err)
		}
	}
	view, err := foldedView([]string{"id"}, []string{"s"}, `SELECT id, s FROM raw`)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO t (rowid, x) SELECT 2 * id + 1, s FROM (` + view + `)`); err != nil {
		t.Fatal(err)
	}
	tokens := map[int64][]string{}
	rows, err := db.Query(`SELECT doc, term, offset FROM tv ORDER BY doc, offset`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var (
			doc, off int64
			term     string
		)
		if err := rows.Scan(&doc, &term, &off); err != nil {
			t.Fatal(err)
		}
		tokens[doc] = append(tokens[doc], fmt.Sprint(off, ":", term))
	}
	rows.Close()
	bad := 0
	for i, s := range samples {
		goTok, sqlTok := tokens[int64(2*i)], tokens[int64(2*i+1)]
		if !slices.Equal(goTok, sqlTok) {
			if bad++; bad <= 10 {
				t.Errorf("%q (%U): FoldSearch gives tokens %s, the SQL folding %s", s, []rune(s), strings.Join(goTok, " "), strings.Join(sqlTok, " "))
			}
		}
	}
	if bad > 10 {
		t.Errorf("... and %d more", bad-10)
	}
}

// TestFoldDocument_AsTheWholeTextFolded: the text prepare folds piece by
// piece before the write lock is the text searchFields joins, folded whole,
// which the delete of an index row folds again: the same tokens go in and
// out.
func TestFoldDocument_AsTheWholeTextFolded(t *testing.T) {
	doc := &parse.Document{
		Title:       "حوارٌ مع السيد مصطفى الكاظمى",
		Interviewer: "مجلة حوار الفكر",
		Interviewee: &parse.Person{Name: "مُصطفى الكاظمي", Aliases: []string{"Mustafa Al-Kadhimi", "ALKADHIMI"}},
		Magazine:    &parse.Magazine{Name: "Dialogue of Thought"},
		Intro:       "أجرت المجلة\u200f حواراً في العدد (٤٩)",
		QA: []parse.QA{
			{Question: "ما رأيكم بالعلاقة مع إيران؟", Answer: "العلاقة\u00ad تاريخية، ولا أصدقاء دائمين في السياسة."},
			{Question: "And Turkey?", Answer: "ÉCONOMIE first; ۱۲۳ and 123."},
		},
		Body: "Tail\u200bline",
	}
	f := foldDocument(doc)
	title, people, text := searchFields(doc, nil)
	if f.title != normalize(title) || f.people != normalize(people) || f.text != normalize(text) {
		t.Errorf("foldDocument: %q %q %q\nwant %q %q %q", f.title, f.people, f.text, normalize(title), normalize(people), normalize(text))
	}
	for i, qa := range doc.QA {
		if f.pairs[i].Question != normalize(qa.Question) || f.pairs[i].Answer != normalize(qa.Answer) {
			t.Errorf("pair %d folded %+v", i+1, f.pairs[i])
		}
	}
	if f.text == text {
		t.Error("nothing was folded: the test proves nothing")
	}
}
