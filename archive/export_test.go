package archive_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/hewar-archive/hewar/archive"
)

// TestExportCSV_EveryTextFieldAndPairs: the CSV keeps its first columns in
// their order and adds every text field after them; the pairs file has one
// row per pair; --bom starts both with the byte order mark.
func TestExportCSV_EveryTextFieldAndPairs(t *testing.T) {
	ctx := context.Background()
	db, _ := threeVersions(t)
	var docs, pairs bytes.Buffer
	if err := db.ExportCSV(ctx, &docs, archive.CSVExport{BOM: true, Pairs: &pairs}); err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string]*bytes.Buffer{"main": &docs, "pairs": &pairs} {
		if !strings.HasPrefix(b.String(), "\ufeff") {
			t.Errorf("%s file does not start with the UTF-8 BOM", name)
		}
	}
	read := func(b *bytes.Buffer) []map[string]string {
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		var out []map[string]string
		for _, r := range recs[1:] {
			m := map[string]string{}
			for i, c := range recs[0] {
				m[c] = r[i]
			}
			out = append(out, m)
		}
		return out
	}
	// The columns scripts know stay where they were.
	head, _ := csv.NewReader(strings.NewReader(strings.TrimPrefix(docs.String(), "\ufeff"))).Read()
	old := strings.Fields("doc_key version status url lang kind section title published magazine_name magazine_issue magazine_date_text magazine_date interviewer interviewee interviewee_role observed_from observed_to n question answer")
	if strings.Join(head[:len(old)], " ") != strings.Join(old, " ") {
		t.Errorf("the first columns moved: %v", head)
	}
	rows := read(&docs)
	var removed, ar map[string]string
	for _, r := range rows {
		if r["doc_key"] == "hewariraq.com/en/post/708" && r["n"] == "1" {
			removed = r
		}
		if r["doc_key"] == "hewariraq.com/ar/post/777" {
			ar = r
		}
	}
	if removed == nil || removed["status"] != "removed" || removed["removed_at"] != "2026-01-10T09:00:00Z" ||
		removed["intro"] != "Introduction to the dialog." || removed["interviewee_aliases"] != `["Al-Kazemi"]` || !strings.HasPrefix(removed["content_hash"], "sha256:") {
		t.Errorf("removed document's row: %v", removed)
	}
	if ar == nil || ar["removed_at"] != "" || ar["answer"] == "" {
		t.Errorf("Arabic document's row: %v", ar)
	}
	prs := read(&pairs)
	if len(prs) != 1+5 {
		t.Errorf("%d pair rows, want 6 (one Arabic pair, five of the removed interview's last version)", len(prs))
	}
	for _, p := range prs {
		if p["n"] == "" || p["question"] == "" || p["doc_key"] == "" {
			t.Errorf("pair row %v", p)
		}
	}
	if prs[0]["doc_key"] != "hewariraq.com/ar/post/777" || prs[0]["question"] != "ما هو دور المعهد؟" {
		t.Errorf("first pair row %v", prs[0])
	}
	// Without options: no BOM, no pairs.
	docs.Reset()
	if err := db.Export(ctx, "csv", &docs); err != nil || strings.HasPrefix(docs.String(), "\ufeff") {
		t.Errorf("plain CSV export: BOM %v, %v", strings.HasPrefix(docs.String(), "\ufeff"), err)
	}
}
