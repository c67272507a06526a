package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hewar-archive/hewar/archive"
)

// interviewPage is an interview with speaker labels; flat, the same words
// in a layout whose paragraphs the parser cannot tell apart (one block).
func interviewPage(flat bool) string {
	turns := []string{
		"Dialogue of thought: Where is the region heading after the escalation?",
		"Mr. Mustafa Al-Kazemi: Even if escalation has become a prevailing language, there are serious trends towards calm.",
		"Dialogue of thought: Is Iraq an ally or a friend of Russia?",
		"Mr. Mustafa Al-Kazemi: Russia has interests in the region, and Iraq has interests in strengthening its security.",
		"Dialogue of thought: Is Russia interested in the reconstruction of Iraq?",
		"Mr. Mustafa Al-Kazemi: Russia has good expertise and capabilities, and it is in its interest to participate.",
	}
	body := "<p>" + strings.Join(turns, "</p>\n<p>") + "</p>"
	if flat {
		body = "<div class=\"txt\">" + strings.Join(turns, " ") + "</div>"
	}
	return `<html><head><title>Interview with Mr. Mustafa Al-Kadhimi</title></head><body>
<h1>Interview with Mr. Mustafa Al-Kadhimi</h1>
<p>Dialogue of Thought magazine conducted an interview with Mr. Mustafa Al-Kadhimi, published in issue (49) issued in September 2019.</p>
` + body + `</body></html>`
}

// TestCrawl_StructureLost crawls an interview, then the same text in a
// layout the parser cannot read: the new version carries structure_lost,
// and the crawl summary and hewar changes (text and JSON) say the layout
// may have changed.
func TestCrawl_StructureLost(t *testing.T) {
	var flat atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/en/post/708" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, interviewPage(flat.Load()))
	}))
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "hewar.db")
	args := []string{"crawl", "--db", db, "--seed", srv.URL + "/en/post/708", "--delay", "0"}
	if sum := crawlJSON(t, append(args, "--json")...); sum.Counts.New != 1 || sum.Counts.StructureLost != 0 {
		t.Fatalf("first crawl: %+v", sum.Counts)
	}
	flat.Store(true)
	var out, errb bytes.Buffer
	if err := run(context.Background(), args, strings.NewReader(""), &out, &errb); err != nil {
		t.Fatalf("second crawl: %v\n%s", err, errb.String())
	}
	if !strings.Contains(out.String(), "1 document lost its turns or title while keeping its text") || !strings.Contains(out.String(), "hewar reparse") {
		t.Errorf("crawl summary says nothing of the layout:\n%s", out.String())
	}

	out.Reset()
	if err := run(context.Background(), []string{"changes", "--db", db}, strings.NewReader(""), &out, &errb); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "! structure lost") || !strings.Contains(out.String(), "the site's layout may have changed") {
		t.Errorf("hewar changes:\n%s", out.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"changes", "--db", db, "--json"}, strings.NewReader(""), &out, &errb); err != nil {
		t.Fatal(err)
	}
	var evs []archive.ChangeEvent
	if err := json.Unmarshal(out.Bytes(), &evs); err != nil {
		t.Fatal(err)
	}
	if len(evs) != 1 || evs[0].Change != "modified" || !evs[0].StructureLost || !strings.Contains(out.String(), `"structure_lost": true`) {
		t.Errorf("hewar changes --json: %s", out.String())
	}
}
