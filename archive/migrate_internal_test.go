package archive

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/parse"
)

// TestMigrate_FromSchema1: an archive written by schema 1 (its first
// migration only, its rows as that hewar wrote them) opens for writing as
// schema 2 with everything derived from its versions filled in: the search
// indexes, the people, the pair numbers of its changed_fields.
func TestMigrate_FromSchema1(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	sdb, err := sql.Open("sqlite3", "file:"+path+"?_foreign_keys=1&_journal_mode=WAL")
	if err != nil {
		t.Fatal(err)
	}
	old := &DB{db: sdb, path: path, now: time.Now}
	if _, err := sdb.Exec(`CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	if err := old.migrateFile(1, migrationNames()[0]); err != nil {
		t.Fatal(err)
	}
	v1 := &parse.Document{URL: "http://127.0.0.1/en/post/5", DocKey: "hewariraq.com/en/post/5", Lang: "en", Kind: parse.KindInterview,
		Title: "Interview with Mr. Mustafa Al-Kadhimi", Magazine: &parse.Magazine{Name: "Dialogue of Thought", Issue: "83-84"},
		Interviewer: "Dialogue of thought", Interviewee: &parse.Person{Name: "Mustafa Al-Kadhimi", Aliases: []string{"Al-Kazemi"}},
		QA: []parse.QA{{Question: "Why water?", Answer: "Because of the rivers."}, {Question: "And oil?", Answer: "Oil pays nine dinars of ten."}}}
	v2 := *v1
	v2.QA = append([]parse.QA{{Question: "A new first question on the vote?", Answer: "A new answer on the elections."}}, v1.QA[0],
		parse.QA{Question: "And oil?", Answer: "Oil pays nine dinars of every ten."})
	ar := &parse.Document{URL: "http://127.0.0.1/post/5", DocKey: "hewariraq.com/ar/post/5", Lang: "ar", Kind: parse.KindInterview,
		Title: "حوار مع السيد مصطفى الكاظمي", Interviewee: &parse.Person{Name: "مصطفى الكاظمي", Aliases: []string{}},
		QA: []parse.QA{{Question: "لماذا الماء؟", Answer: "بسبب الأنهار."}}}
	exec := func(q string, args ...any) int64 {
		t.Helper()
		r, err := sdb.Exec(q, args...)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		id, _ := r.LastInsertId()
		return id
	}
	crawl := exec(`INSERT INTO crawls (started_at, seeds, settings) VALUES (1, '[]', '{}')`)
	version := func(docID int64, n int, d *parse.Document) int64 {
		js, err := marshalDocument(d)
		if err != nil {
			t.Fatal(err)
		}
		blob := exec(`INSERT INTO blobs (sha256, size, encoding, data) VALUES (?, ?, 'identity', ?)`, sha256Sum(js), len(js), js)
		u := exec(`INSERT INTO urls (url, url_hash) VALUES (?, ?)`, d.URL, urlHash(d.URL))
		capture := exec(`INSERT INTO capture_rows (crawl_id, url_id, status, fetched_at, duration_ms, document_id) VALUES (?, ?, 200, ?, 1, ?)`,
			crawl, u, n, docID)
		vid := exec(`INSERT INTO versions (document_id, version, status, origin, content_hash, observed_from, observed_to, capture_id,
			crawl_id, document_blob_id, url, lang, kind, title, magazine_issue, interviewee, qa_count)
			VALUES (?, ?, 'present', 'crawl', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			docID, n, parse.ContentHash(d), n, n, capture, crawl, blob, d.URL, d.Lang, d.Kind, d.Title,
			func() any {
				if d.Magazine != nil {
					return d.Magazine.Issue
				}
				return nil
			}(), d.Interviewee.Name, len(d.QA))
		for i, qa := range d.QA {
			exec(`INSERT INTO qa (version_id, n, question, answer) VALUES (?, ?, ?, ?)`, vid, i+1, qa.Question, qa.Answer)
		}
		exec(`UPDATE documents SET current_version_id = ? WHERE id = ?`, vid, docID)
		return vid
	}
	en := exec(`INSERT INTO documents (doc_key, lang, kind, first_seen, last_seen) VALUES (?, 'en', 'interview', 1, 2)`, v1.DocKey)
	version(en, 1, v1)
	vid2 := version(en, 2, &v2)
	exec(`INSERT INTO changed_fields (version_id, path, op) VALUES (?, 'qa[1]', 'added'), (?, 'qa[3].answer', 'modified')`, vid2, vid2)
	arID := exec(`INSERT INTO documents (doc_key, lang, kind, first_seen, last_seen) VALUES (?, 'ar', 'interview', 1, 1)`, ar.DocKey)
	version(arID, 1, ar)
	sdb.Close()

	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	q := func(query string, args ...any) int64 {
		t.Helper()
		var n int64
		if err := db.db.QueryRow(query, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return n
	}
	if v := q(`PRAGMA user_version`); v != int64(len(migrationNames())) {
		t.Errorf("user_version %d", v)
	}
	if n := q(`SELECT count(DISTINCT person_id) FROM person_names`); n != 1 {
		t.Errorf("%d people, want 1 (the two versions of post 5 name one person)", n)
	}
	if n := q(`SELECT count(DISTINCT document_id) FROM person_names`); n != 2 {
		t.Errorf("people read from %d documents, want 2", n)
	}
	if n := q(`SELECT n_before FROM changed_fields WHERE path = 'qa[3].answer'`); n != 2 {
		t.Errorf("n_before of the edited answer: %d, want 2", n)
	}
	if n := q(`SELECT count(*) FROM changed_fields WHERE path = 'qa[1]' AND n_before IS NULL AND n_after = 1`); n != 1 {
		t.Errorf("the added pair's numbers are wrong")
	}
	if n := q(`SELECT magazine_issue_last FROM latest WHERE doc_key = 'hewariraq.com/en/post/5'`); n != 84 {
		t.Errorf("magazine_issue_last %d", n)
	}
	for _, query := range []string{"kadhimi", "الكاظمى"} {
		hits, err := db.Search(ctx, SearchQuery{Query: query})
		if err != nil || len(hits) != 1 {
			t.Errorf("Search(%q) after the migration: %v, %v", query, hits, err)
		}
	}
	hits, err := db.Search(ctx, SearchQuery{Query: "every", Pairs: true})
	if err != nil || len(hits) != 1 || hits[0].Pair != 3 {
		t.Errorf("pair search after the migration: %+v, %v", hits, err)
	}
}
