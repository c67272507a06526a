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
