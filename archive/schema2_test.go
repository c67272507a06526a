package archive_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/parse"
)

// TestChangedFields_PairNumbers: after a pair inserted before it, an edited
// answer has another number in each version, and SQL recovers both texts.
func TestChangedFields_PairNumbers(t *testing.T) {
	db := MustOpenDB(t)
	c := MustBeginCrawl(t, db)
	u := "http://127.0.0.1/en/post/5"
	v1 := interview("hewariraq.com/en/post/5", "T", "Why water?", "Because of the rivers.", "And oil?", "Oil pays nine dinars of ten.")
	v2 := interview("hewariraq.com/en/post/5", "T", "A new first question about elections?", "A new first answer about the vote.",
		"Why water?", "Because of the rivers.", "And oil?", "Oil pays nine dinars of every ten.")
	mustIngest(t, db, c, page(u, "1", t0), v1)
	mustIngest(t, db, c, page(u, "2", t0.Add(time.Hour)), v2)
	rows, err := db.SQLDB().Query(`SELECT path, op, field, coalesce(n_before, 0), coalesce(n_after, 0) FROM changed_fields ORDER BY path`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var path, op, field string
		var before, after int
		if err := rows.Scan(&path, &op, &field, &before, &after); err != nil {
			t.Fatal(err)
		}
		got = append(got, path+" "+op+" "+field+" "+string(rune('0'+before))+" "+string(rune('0'+after)))
	}
	rows.Close()
	want := []string{"qa[1] added qa 0 1", "qa[3].answer modified qa.answer 2 3"}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("changed_fields: %q, want %q", got, want)
	}
	var before, after string
	if err := db.SQLDB().QueryRow(`SELECT old.answer, new.answer FROM changed_fields c
		JOIN versions v ON v.id = c.version_id JOIN versions pv ON pv.document_id = v.document_id AND pv.version = v.version - 1
		JOIN qa old ON old.version_id = pv.id AND old.n = c.n_before JOIN qa new ON new.version_id = v.id AND new.n = c.n_after
		WHERE c.field = 'qa.answer'`).Scan(&before, &after); err != nil {
		t.Fatal(err)
	}
	if before != "Oil pays nine dinars of ten." || after != "Oil pays nine dinars of every ten." {
		t.Errorf("before %q, after %q", before, after)
	}
	// A pair removed is numbered as in the version before.
	mustIngest(t, db, c, page(u, "3", t0.Add(2*time.Hour)), v1)
	if n := queryInt(t, db, `SELECT n_before FROM changed_fields c JOIN versions v ON v.id = c.version_id
		WHERE v.version = 3 AND c.op = 'removed' AND c.field = 'qa'`); n != 1 {
		t.Errorf("removed pair: n_before %d, want 1", n)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM changed_fields c JOIN versions v ON v.id = c.version_id
		WHERE v.version = 3 AND c.op = 'removed' AND c.field = 'qa' AND c.n_after IS NULL`); n != 1 {
		t.Errorf("removed pair: n_after is not NULL")
	}
}

// TestLatest_RemovedKeepsWhatItWas and the issue as numbers.
func TestLatest_RemovedKeepsWhatItWas(t *testing.T) {
	db := MustOpenDB(t)
	c := MustBeginCrawl(t, db)
	u := "http://127.0.0.1/en/post/7"
	d := interview("hewariraq.com/en/post/7", "A double issue", "Q?", "A.")
	d.Magazine.Issue = "83-84"
	d.ContentHash = parse.ContentHash(d)
	mustIngest(t, db, c, page(u, "1", t0), d)
	mustIngest(t, db, c, status(u, 404, t0.Add(time.Hour)), nil)
	var status, title, kind, lang, issue string
	var first, last int
	if err := db.SQLDB().QueryRow(`SELECT status, title, kind, lang, magazine_issue, magazine_issue_first, magazine_issue_last
		FROM latest WHERE doc_key = 'hewariraq.com/en/post/7'`).Scan(&status, &title, &kind, &lang, &issue, &first, &last); err != nil {
		t.Fatal(err)
	}
	if status != "removed" || title != "A double issue" || kind != "interview" || lang != "en" || issue != "83-84" || first != 83 || last != 84 {
		t.Errorf("latest of a removed interview: %s %q %s %s %s %d %d", status, title, kind, lang, issue, first, last)
	}
	for i, tc := range []struct {
		issue       string
		first, last int64
	}{{"49", 49, 49}, {"83-84", 83, 84}, {"", -1, -1}, {"100-101", 100, 101}} {
		d := interview(fmt.Sprintf("hewariraq.com/en/post/%d", 100+i), "T", "Q?", "A.")
		d.Magazine.Issue = tc.issue
		d.ContentHash = parse.ContentHash(d)
		mustIngest(t, db, c, page(d.URL, "x", t0.Add(2*time.Hour)), d)
		var f, l int64
		if err := db.SQLDB().QueryRow(`SELECT coalesce(magazine_issue_first, -1), coalesce(magazine_issue_last, -1) FROM versions
			WHERE url = ?`, d.URL).Scan(&f, &l); err != nil {
			t.Fatal(err)
		}
		if f != tc.first || l != tc.last {
			t.Errorf("issue %q: %d, %d; want %d, %d", tc.issue, f, l, tc.first, tc.last)
		}
	}
}

// TestLanguagePairs: the two versions of a post are linked, and a
// disagreement on the issue is listed.
func TestLanguagePairs(t *testing.T) {
	db := MustOpenDB(t)
	c := MustBeginCrawl(t, db)
	en := interview("hewariraq.com/en/post/777", "Water", "Q?", "A.")
	en.Magazine.Issue = "83"
	en.ContentHash = parse.ContentHash(en)
	ar := interview("hewariraq.com/ar/post/777", "الماء", "س؟", "ج.")
	ar.Lang = "ar"
	ar.Magazine.Issue = "83-84"
	ar.ContentHash = parse.ContentHash(ar)
	alone := interview("hewariraq.com/en/post/9", "Alone", "Q?", "A.")
	for i, d := range []*parse.Document{en, ar, alone} {
		mustIngest(t, db, c, page(d.URL, "x", t0.Add(time.Duration(i)*time.Minute)), d)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM language_pairs WHERE post_id = 777
		AND ar_doc_key = 'hewariraq.com/ar/post/777' AND en_doc_key = 'hewariraq.com/en/post/777'`); n != 1 {
		t.Errorf("language_pairs: %d rows for post 777", n)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM language_pairs`); n != 1 {
		t.Errorf("language_pairs: %d rows, want 1", n)
	}
	var field, a, e string
	if err := db.SQLDB().QueryRow(`SELECT field, ar, en FROM language_pairs_disagree`).Scan(&field, &a, &e); err != nil {
		t.Fatal(err)
	}
	if field != "magazine_issue" || a != "83-84" || e != "83" {
		t.Errorf("language_pairs_disagree: %s %s %s", field, a, e)
	}
}
