package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hewar-archive/hewar/archive"
)

// The streamed JSON of changes is byte for byte what encoding the whole list
// at once gave, for `hewar changes --json`, `hewar crawl --json` and the
// --notify body, empty or not.
func TestJSONStreams_EqualWholeEncoding(t *testing.T) {
	ctx := context.Background()
	site, base := replicaServer(t)
	db := filepath.Join(t.TempDir(), "hewar.db")
	var first bytes.Buffer
	if err := run(ctx, crawlArgs(db, base), strings.NewReader(""), &first, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	site.SetEpoch(2)
	var second bytes.Buffer
	if err := run(ctx, crawlArgs(db, base), strings.NewReader(""), &second, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	a, err := archive.OpenReadOnly(db)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()

	for crawl, out := range map[int64]*bytes.Buffer{1: &first, 2: &second} {
		var sum crawlSummary
		if err := json.Unmarshal(out.Bytes(), &sum); err != nil {
			t.Fatalf("crawl %d --json: %v", crawl, err)
		}
		changes, err := a.Changes(ctx, archive.ChangesFilter{CrawlID: crawl})
		if err != nil {
			t.Fatal(err)
		}
		if len(changes) == 0 {
			t.Fatalf("crawl %d made no changes: nothing to compare", crawl)
		}
		whole := sum
		whole.Changes = changes
		var want bytes.Buffer
		if err := emitJSON(&want, &whole); err != nil {
			t.Fatal(err)
		}
		if out.String() != want.String() {
			t.Errorf("crawl %d --json streamed:\n%s\nwant:\n%s", crawl, out.String(), want.String())
		}
		// The --notify body: compact, and the same data.
		streamed := sum
		streamed.Changes, streamed.archive = nil, db
		var got bytes.Buffer
		if err := writeCrawlSummary(ctx, &got, &streamed, false); err != nil {
			t.Fatal(err)
		}
		var compact bytes.Buffer // as written, like --json: "&" not escaped
		if err := encodeJSON(&compact, &whole, false); err != nil {
			t.Fatal(err)
		}
		if got.String() != compact.String() {
			t.Errorf("crawl %d compact summary:\n%s\nwant:\n%s", crawl, got.String(), compact.String())
		}
		var decoded crawlSummary
		if err := json.Unmarshal(got.Bytes(), &decoded); err != nil || len(decoded.Changes) != len(changes) {
			t.Errorf("crawl %d compact summary decodes to %d changes (%v), want %d", crawl, len(decoded.Changes), err, len(changes))
		}
		// hewar changes --json
		var ch bytes.Buffer
		if err := run(ctx, []string{"changes", "--db", db, "--crawl", map[int64]string{1: "1", 2: "2"}[crawl], "--json"}, strings.NewReader(""), &ch, &bytes.Buffer{}); err != nil {
			t.Fatal(err)
		}
		want.Reset()
		emitJSON(&want, changes)
		if ch.String() != want.String() {
			t.Errorf("changes --crawl %d --json streamed:\n%s\nwant:\n%s", crawl, ch.String(), want.String())
		}
	}
	// No changes: an empty list, as before.
	var none bytes.Buffer
	if err := run(ctx, []string{"changes", "--db", db, "--since", "2100-01-01", "--json"}, strings.NewReader(""), &none, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if none.String() != "[]\n" {
		t.Errorf("no changes: %q, want %q", none.String(), "[]\n")
	}
}
