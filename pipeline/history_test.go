package pipeline_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/fixtures"
	"github.com/hewar-archive/hewar/pipeline"
)

// The history of the archive is a projection of its captures: whatever
// order the captures arrive in, and however they are split into crawls and
// imports, the documents, versions, Q&A, warnings, changed fields, changes,
// URLs, the search index and every diff come out as when the captures are
// ingested in time order. The captures: every page of the replica in its
// three epochs (2 edits an answer, retitles a post, removes one and adds
// one; 3 re-themes every page around the same text), redirects both as hops
// of a capture and as captures of their own, 304s, failures, and a fourth
// round in which the removed post comes back and the edited one is
// reverted, then redirected to the home page (a soft 404: its removal).
// The runs are seeded: a failure names its seed.
func TestHistory_OrderIndependent(t *testing.T) {
	caps := historyCaptures(t)
	want := ingestRun(t, caps, nil, 0)
	// The set has what the rule must get right: a removal, a return, an edit undone.
	for _, ev := range []string{`["hewariraq.com/en/post/803",`, `,2,"removed",`, `,3,"added",`, `["hewariraq.com/en/post/708",`} {
		if !strings.Contains(want, ev) {
			t.Fatalf("the captures in time order make no %s:\n%s", ev, want[strings.Index(want, "== changes"):strings.Index(want, "== aliases")])
		}
	}
	runs := 6
	if testing.Short() {
		runs = 2
	}
	for seed := uint64(1); seed <= uint64(runs); seed++ {
		r := rand.New(rand.NewPCG(seed, 16))
		order := r.Perm(len(caps))
		if got := ingestRun(t, caps, order, seed); got != want {
			t.Errorf("seed %d: the archive differs from the one built in time order:\n%s", seed, firstDifference(want, got))
		}
	}
}

// historyCapture is one capture of the test's set, and whether a run may
// store it as imported from a WARC (with a record id) or as crawled.
type historyCapture struct {
	c  *archive.Capture
	id string // its WARC-Record-ID when imported
}

// historyCaptures renders the replica's pages as captures, without HTTP.
func historyCaptures(t *testing.T) []historyCapture {
	site := fixtures.NewSite(fixtures.WithCrawlDelay(0))
	base := "http://127.0.0.1:8081"
	start := time.Date(2026, 1, 8, 9, 0, 0, 0, time.UTC)
	var out []historyCapture
	add := func(c *archive.Capture) {
		out = append(out, historyCapture{c: c, id: fmt.Sprintf("<urn:uuid:history-%04d>", len(out))})
	}
	render := func(epoch int, path string, at time.Time) *archive.Capture {
		status, header, body := site.Render(epoch, path, at)
		c := &archive.Capture{RequestURL: base + path, FinalURL: base + path, Method: "GET", Proto: "HTTP/1.1",
			Status: status, StatusLine: fmt.Sprintf("HTTP/1.1 %d %s", status, http.StatusText(status)),
			Body: body, FetchedAt: at, ContentType: header.Get("Content-Type")}
		for _, k := range slices.Sorted(func(yield func(string) bool) {
			for k := range header {
				if !yield(k) {
					return
				}
			}
		}) {
			for _, v := range header[k] {
				c.Headers = append(c.Headers, archive.Header{Name: k, Value: v})
			}
		}
		return c
	}
	pages := fixtures.Pages()
	for epoch := 1; epoch <= 3; epoch++ {
		at := start.Add(time.Duration(epoch-1) * 24 * time.Hour)
		next := func() time.Time {
			// Some times to the millisecond, some to the second, as WARCs of other tools give them.
			at = at.Add(time.Second + time.Duration(len(out)%3)*117*time.Millisecond)
			return at
		}
		add(render(epoch, "/robots.txt", next()))
		for _, p := range pages {
			// A page absent from an epoch answers 404 (post 803 in 2 and 3; 830 in 1).
			add(render(epoch, p.Path, next()))
			for _, a := range p.Aliases {
				if slices.Contains(p.Epochs, epoch) {
					add(render(epoch, a, next()))
				}
			}
		}
		for _, rd := range fixtures.Redirects() {
			// The old address as a capture of its own (as a WARC holds it) ...
			add(render(epoch, rd.From, next()))
			// ... and as the first hop of a capture (as hewar's crawler stores it).
			c := render(epoch, rd.To, next())
			c.RequestURL = base + rd.From
			c.Redirects = []archive.Redirect{{URL: base + rd.From, Status: 301, Location: rd.To}}
			add(c)
		}
		// A 304 for every post with an ETag, and a failure for one.
		for _, p := range pages {
			if p.ID == 0 || !slices.Contains(p.Epochs, epoch) {
				continue
			}
			if _, h, _ := site.Render(epoch, p.Path, at); h.Get("ETag") != "" && p.ID%2 == 0 {
				c := render(epoch, p.Path, next())
				c.Status, c.StatusLine, c.Body, c.ContentType = 304, "HTTP/1.1 304 Not Modified", nil, ""
				add(c)
			}
		}
		c := render(epoch, pages[len(pages)-1].Path, next())
		c.Status, c.StatusLine, c.Body, c.Err = 503, "HTTP/1.1 503 Service Unavailable", []byte("busy"), "http error status: HTTP/1.1 503"
		add(c)
	}
	// A fourth round: post 803 comes back as it was, 708's edit is undone,
	// and a 304 and a 200 of one post land at the same instant.
	at := start.Add(3 * 24 * time.Hour)
	for _, p := range pages {
		if p.Name == "en-post-803" || p.Name == "en-post-708" {
			at = at.Add(time.Second)
			add(render(1, p.Path, at))
		}
		if p.Name == "en-post-708" {
			// Then the site redirects it to its home page, which an import
			// takes for its removal (a soft 404), as the crawl does.
			at = at.Add(time.Second)
			c := render(1, p.Path, at)
			c.Status, c.StatusLine, c.Body, c.ContentType = 301, "HTTP/1.1 301 Moved Permanently", nil, ""
			c.Headers = []archive.Header{{Name: "Location", Value: base + "/en/"}}
			c.Err = archive.SoftGonePrefix + "redirected to the home page " + base + "/en/"
			add(c)
		}
		if p.Name == "ar-post-708" {
			at = at.Add(time.Second)
			add(render(3, p.Path, at))
			c := render(3, p.Path, at)
			c.Status, c.StatusLine, c.Body, c.ContentType = 304, "HTTP/1.1 304 Not Modified", nil, ""
			add(c)
		}
	}
	return out
}

// ingestRun ingests caps into a new archive, in time order when order is
// nil, else in that order split at random into crawls and imports (and
// with an import of a random part of them again at the end, which must
// store nothing), and returns the archive's history as text.
func ingestRun(t *testing.T, caps []historyCapture, order []int, seed uint64) string {
	t.Helper()
	ctx := context.Background()
	db, err := archive.Open(filepath.Join(t.TempDir(), fmt.Sprintf("run%d.db", seed)))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if order == nil {
		order = make([]int, len(caps))
		for i := range order {
			order[i] = i
		}
		sort.SliceStable(order, func(a, b int) bool { return caps[order[a]].c.FetchedAt.Before(caps[order[b]].c.FetchedAt) })
	}
	r := rand.New(rand.NewPCG(seed, 61))
	store := func(i int, crawlID int64, imported bool) archive.IngestResult {
		c := *caps[i].c // Ingest may set a capture's Err; each run starts from the same value
		if imported {
			c.RecordID = caps[i].id
		}
		res, err := pipeline.Ingester{DB: db, CrawlID: crawlID}.Ingest(ctx, &c, nil)
		if err != nil {
			t.Fatalf("seed %d: ingest %s at %s: %v", seed, c.RequestURL, c.FetchedAt, err)
		}
		return res
	}
	for k := 0; k < len(order); {
		n := 1 + r.IntN(len(order)/3+1)
		if seed == 0 {
			n = len(order)
		}
		imported := seed != 0 && r.IntN(2) == 0
		var crawlID int64
		if imported {
			crawlID, err = db.BeginImport(ctx, map[string]any{"source": "test"})
		} else {
			crawlID, err = db.BeginCrawl(ctx, nil, nil)
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, i := range order[k:min(k+n, len(order))] {
			store(i, crawlID, imported)
		}
		if _, err := db.FinishCrawl(ctx, crawlID); err != nil {
			t.Fatal(err)
		}
		k += n
	}
	if seed != 0 {
		// The same captures again, from another archive: nothing is stored.
		again, err := db.BeginImport(ctx, map[string]any{"source": "test again"})
		if err != nil {
			t.Fatal(err)
		}
		for _, i := range r.Perm(len(caps))[:len(caps)/2] {
			if res := store(i, again, true); res.Outcome != archive.OutcomeDuplicate {
				t.Fatalf("seed %d: %s at %s imported again: %s, want a duplicate", seed, caps[i].c.RequestURL, caps[i].c.FetchedAt, res.Outcome)
			}
		}
		if dropped, err := db.DropEmptyCrawl(ctx, again); err != nil || !dropped {
			t.Fatalf("seed %d: the import of duplicates left its crawl row: %v, %v", seed, dropped, err)
		}
	}
	checkIndexCurrent(t, db, fmt.Sprintf("seed %d, after the crawls and imports", seed))
	text := historyText(t, db)
	if _, err := pipeline.Reparse(ctx, db); err != nil {
		t.Fatalf("seed %d: reparse: %v", seed, err)
	}
	checkIndexCurrent(t, db, fmt.Sprintf("seed %d, after a reparse", seed))
	return text
}

// checkIndexCurrent fails unless the search indexes hold the current
// version of every document still online and nothing of the others (the
// index is written in batches: the end of every run must leave none
// waiting).
func checkIndexCurrent(t *testing.T, db *archive.DB, when string) {
	t.Helper()
	var behind, pairs int
	if err := db.SQLDB().QueryRow(`SELECT count(*) FROM documents d JOIN versions v ON v.id = d.current_version_id
		LEFT JOIN search_text t ON t.document_id = d.id
		WHERE CASE WHEN v.status = 'present' THEN t.version_id IS NOT v.id OR NOT EXISTS (SELECT 1 FROM search WHERE rowid = d.id)
			ELSE t.document_id IS NOT NULL END`).Scan(&behind); err != nil {
		t.Fatal(err)
	}
	if err := db.SQLDB().QueryRow(`SELECT (SELECT count(*) FROM qa_latest) - (SELECT count(*) FROM search_qa_text)`).Scan(&pairs); err != nil {
		t.Fatal(err)
	}
	if behind != 0 || pairs != 0 {
		t.Errorf("%s: %d documents' index entries are not their current version, %d pairs missing from search_qa", when, behind, pairs)
	}
	if _, err := db.SQLDB().Exec(`INSERT INTO search_qa (search_qa, rank) VALUES ('integrity-check', 1)`); err != nil {
		t.Errorf("%s: search_qa against its content: %v", when, err)
	}
}

// historyText is everything a researcher reads of an archive's history,
// with no row id and no crawl number (those follow the order of arrival).
func historyText(t *testing.T, db *archive.DB) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	dump := func(title, q string) {
		rows, err := db.SQLDB().QueryContext(ctx, q)
		if err != nil {
			t.Fatalf("%s: %v", title, err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		fmt.Fprintf(&b, "== %s\n", title)
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			js, _ := json.Marshal(vals)
			b.Write(js)
			b.WriteByte('\n')
		}
		if err := rows.Err(); err != nil {
			t.Fatalf("%s: %v", title, err)
		}
	}
	dump("documents", `SELECT d.doc_key, d.lang, d.kind, d.first_seen, d.last_seen, d.removed_at, v.version
		FROM documents d JOIN versions v ON v.id = d.current_version_id ORDER BY d.doc_key`)
	dump("versions", `SELECT d.doc_key, v.version, v.status, v.origin, v.content_hash, v.observed_from, v.observed_to,
		u.url, c.fetched_at, v.parser_name, v.parser_version, v.url, v.lang, v.kind, v.section, v.title, v.published,
		v.magazine_name, v.magazine_issue, v.magazine_date_text, v.magazine_date, v.interviewer, v.interviewee,
		v.interviewee_role, v.interviewee_aliases, v.intro, v.body, v.qa_count, (SELECT size FROM blobs WHERE id = v.document_blob_id)
		FROM versions v JOIN documents d ON d.id = v.document_id JOIN capture_rows c ON c.id = v.capture_id JOIN urls u ON u.id = c.url_id
		ORDER BY d.doc_key, v.version`)
	dump("qa", `SELECT d.doc_key, v.version, q.n, q.question, q.answer FROM qa q JOIN versions v ON v.id = q.version_id
		JOIN documents d ON d.id = v.document_id ORDER BY d.doc_key, v.version, q.n`)
	dump("warnings", `SELECT d.doc_key, v.version, w.code, w."where", w.detail FROM warnings w JOIN versions v ON v.id = w.version_id
		JOIN documents d ON d.id = v.document_id ORDER BY d.doc_key, v.version, w.code, w."where", w.detail`)
	dump("changed_fields", `SELECT d.doc_key, v.version, f.path, f.op, f.n_before, f.n_after FROM changed_fields f JOIN versions v ON v.id = f.version_id
		JOIN documents d ON d.id = v.document_id ORDER BY d.doc_key, v.version, f.path`)
	dump("changes", `SELECT doc_key, url, version, change, observed_at, origin, changed FROM changes ORDER BY doc_key, version`)
	dump("aliases", `SELECT doc_key, url, first_seen, last_seen FROM aliases ORDER BY doc_key, url`)
	dump("qa_latest", `SELECT doc_key, version, lang, title, interviewee, magazine_issue, magazine_issue_first, magazine_issue_last,
		magazine_date, n, question, answer FROM qa_latest ORDER BY doc_key, n`)
	// Who is one person depends on the names alone (people ids on the order of arrival).
	dump("document_people", `SELECT doc_key, role, person, name_in_document FROM document_people ORDER BY doc_key, role, person`)
	dump("person_names", `SELECT p.name, d.doc_key, n.role, n.name, n.seen FROM person_names n JOIN people p ON p.id = n.person_id
		JOIN documents d ON d.id = n.document_id ORDER BY d.doc_key, n.role, n.name, n.seen`)
	for _, term := range []string{"kadhimi", "generally", "general", "friends", "حوار", "العدد", "seminar", "baghdad"} {
		dump("search "+term, `SELECT d.doc_key FROM search s JOIN documents d ON d.id = s.rowid WHERE search MATCH '`+term+`' ORDER BY d.doc_key`)
	}
	// Every diff between consecutive versions, as hewar diff --json prints it.
	rows, err := db.SQLDB().QueryContext(ctx, `SELECT d.doc_key, v.version FROM documents d JOIN versions v ON v.id = d.current_version_id ORDER BY d.doc_key`)
	if err != nil {
		t.Fatal(err)
	}
	type docVersions struct {
		key    string
		latest int
	}
	var all []docVersions
	for rows.Next() {
		var d docVersions
		if err := rows.Scan(&d.key, &d.latest); err != nil {
			t.Fatal(err)
		}
		all = append(all, d)
	}
	rows.Close()
	b.WriteString("== diffs\n")
	for _, d := range all {
		for v := 1; v <= d.latest; v++ {
			diff, err := db.Diff(ctx, d.key, v-1, v)
			if err != nil {
				t.Fatalf("diff %s %d..%d: %v", d.key, v-1, v, err)
			}
			js, _ := json.Marshal(diff)
			b.Write(js)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// firstDifference shows where two texts part, with a few lines of each.
func firstDifference(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			section := ""
			for j := i; j >= 0; j-- {
				if j < len(w) && strings.HasPrefix(w[j], "== ") {
					section = w[j]
					break
				}
			}
			return fmt.Sprintf("%s, line %d:\nwant %s\ngot  %s", section, i+1, a, b)
		}
	}
	return "(equal)"
}
