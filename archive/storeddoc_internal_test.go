package archive

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/parse"
)

// A version's Document JSON leaves out the text its columns and qa hold,
// names what it left out, and reads back as the Document that was stored;
// a Document stored whole, as older archives hold it, reads the same.
func TestStoredDocument_TextOnceReadBackWhole(t *testing.T) {
	db := openInternal(t)
	ctx := context.Background()
	crawl, err := db.BeginCrawl(ctx, []string{"http://127.0.0.1/"}, map[string]any{})
	if err != nil {
		t.Fatal(err)
	}
	docs := []*parse.Document{
		{Kind: "interview", Title: "حوار مع الكاظمي", Intro: "مقدمة الحوار: نص لا يتكرر.",
			Body: "A lede that the body holds.", Interviewee: &parse.Person{Name: "مصطفى الكاظمي", Aliases: []string{"Mustafa Al-Kadhimi"}},
			QA: []parse.QA{{Question: "What of the water <and> the rivers?", Answer: "Every answer & its words, kept as written."},
				{Question: "", Answer: "An answer whose question is empty."}, {Question: "لماذا الماء؟", Answer: "بسبب الأنهار."}},
			Links: []string{"http://127.0.0.1/en/post/2"}, Comments: []parse.Comment{{Author: "a reader", Text: "a comment stays in the JSON"}},
			Warnings: []parse.Warning{{Code: "truncated_answer", Where: "qa[2]", Detail: "cut"}}},
		{Kind: "article", Title: "An article", Body: "Only a body, no pairs at all.", QA: nil},
		{Kind: "article", Title: "Pairs that are an empty list", QA: []parse.QA{}},
		{Kind: "listing", Title: "Nothing but a title"},
	}
	for i, doc := range docs {
		u := fmt.Sprintf("http://127.0.0.1/en/post/%d", i+1)
		doc.URL, doc.DocKey, doc.Lang = u, fmt.Sprintf("hewariraq.com/en/post/%d", i+1), "en"
		doc.Parser = parse.ParserInfo{Name: "test", Version: "1"}
		c := &Capture{RequestURL: u, FinalURL: u, Method: "GET", Status: 200, StatusLine: "HTTP/1.1 200 OK",
			Proto: "HTTP/1.1", Body: []byte(fmt.Sprintf("<p>%s %s</p>", doc.Title, doc.Body)), FetchedAt: time.Unix(int64(1000+i), 0), ContentType: "text/html"}
		if _, err := db.Ingest(ctx, crawl, c, doc, ""); err != nil {
			t.Fatal(err)
		}
	}
	for i, doc := range docs {
		var vid, blobID int64
		if err := db.db.QueryRow(`SELECT v.id, v.document_blob_id FROM versions v JOIN documents d ON d.id = v.document_id
			WHERE d.doc_key = ?`, doc.DocKey).Scan(&vid, &blobID); err != nil {
			t.Fatal(err)
		}
		js, err := db.readBlob(ctx, db.db, blobID)
		if err != nil {
			t.Fatal(err)
		}
		var raw struct {
			Apart []string `json:"apart"`
		}
		if err := json.Unmarshal(js, &raw); err != nil {
			t.Fatal(err)
		}
		var want []string
		for f, text := range map[string]bool{apartIntro: doc.Intro != "", apartBody: doc.Body != "", apartQA: len(doc.QA) > 0} {
			if text {
				want = append(want, f)
			}
		}
		slices.Sort(want)
		got := slices.Sorted(slices.Values(raw.Apart))
		if !slices.Equal(got, want) {
			t.Errorf("%s: apart %v, want %v", doc.DocKey, raw.Apart, want)
		}
		for _, s := range append([]string{doc.Intro, doc.Body}, pairTexts(doc.QA)...) {
			if len(s) > 0 && bytes.Contains(js, []byte(s)) {
				t.Errorf("%s: the JSON holds %q again: %s", doc.DocKey, s, js)
			}
		}
		stored := *doc
		stored.ContentHash = contentHash(doc)
		got1, err := db.loadDocument(ctx, db.db, vid)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got1, &stored) {
			t.Errorf("%s read back:\n%+v\nwant\n%+v", doc.DocKey, got1, &stored)
		}
		// The same version as an older archive holds it: the whole Document.
		whole, err := marshalDocument(&stored)
		if err != nil {
			t.Fatal(err)
		}
		// (A Document with no text to leave out is stored whole already.)
		if _, err := db.db.Exec(`INSERT INTO blobs (sha256, size, encoding, data) VALUES (?, ?, 'identity', ?) ON CONFLICT DO NOTHING`,
			sha256Sum(whole), len(whole), whole); err != nil {
			t.Fatal(err)
		}
		var wholeID int64
		if err := db.db.QueryRow(`SELECT id FROM blobs WHERE sha256 = ?`, sha256Sum(whole)).Scan(&wholeID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.db.Exec(`UPDATE versions SET document_blob_id = ? WHERE id = ?`, wholeID, vid); err != nil {
			t.Fatal(err)
		}
		got2, err := db.loadDocument(ctx, db.db, vid)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got2, &stored) {
			t.Errorf("%s stored whole, read back:\n%+v\nwant\n%+v", doc.DocKey, got2, &stored)
		}
		if i == 0 {
			// A field left to a column this hewar does not know is refused, not dropped.
			odd, _ := marshalDocument(storedDocument{Document: &parse.Document{DocKey: doc.DocKey}, Apart: []string{"summary"}})
			r, err := db.db.Exec(`INSERT INTO blobs (sha256, size, encoding, data) VALUES (?, ?, 'identity', ?)`, sha256Sum(odd), len(odd), odd)
			if err != nil {
				t.Fatal(err)
			}
			oddID, _ := r.LastInsertId()
			if _, err := db.db.Exec(`UPDATE versions SET document_blob_id = ? WHERE id = ?`, oddID, vid); err != nil {
				t.Fatal(err)
			}
			if _, err := db.loadDocument(ctx, db.db, vid); err == nil {
				t.Error("a Document leaving an unknown field to the columns read without an error")
			}
		}
	}
}

func pairTexts(qa []parse.QA) []string {
	var s []string
	for _, p := range qa {
		s = append(s, p.Question, p.Answer)
	}
	return s
}
