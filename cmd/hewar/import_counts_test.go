package main

// What an import says it did: "already in the archive" only of what the
// archive held before it, and the line of a file cut short agreeing with
// the summary.

import (
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// htmlResponse is a 200 response block of body, as text/html.
func htmlResponse(body []byte) []byte {
	return httpResponse("HTTP/1.1 200 OK", []string{"Content-Type: text/html; charset=utf-8", "Content-Length: " + strconv.Itoa(len(body))}, body)
}

// A WARC that holds one page twice in one second with one body (as wget
// writes it when a redirect leads to a post it fetched already), and
// another page twice in one second to the millisecond, imported into a new
// archive: every record is a capture of its own, none "already in the
// archive". Imported again, every one is. Before, the first import counted
// the second 468 and the second 708 as already in the archive and did not
// store them.
func TestImportWARC_OnePageTwiceInOneImport(t *testing.T) {
	dir := t.TempDir()
	p468, b468 := renderedPage(t, "en-post-468", 1)
	p708, b708 := renderedPage(t, "en-post-708", 1)
	at := time.Date(2022, 4, 1, 8, 0, 0, 0, time.UTC)
	u := func(p string) string { return "http://hewariraq.com" + p }
	response := func(uri, date string, block []byte) foreignRecord {
		return warc11Record("response", uri, date, [][2]string{{"Content-Type", "application/http; msgtype=response"}}, block)
	}
	recs := []foreignRecord{
		response(u(p468), warcDate(at), htmlResponse(b468)),
		response(u("/an-interview-with-the-director-of-the-iraqi-institute-for-dialogue/"), warcDate(at),
			httpResponse("HTTP/1.1 301 Moved Permanently", []string{"Location: " + u(p468), "Content-Length: 0"}, nil)),
		response(u(p468), warcDate(at), htmlResponse(b468)),
		response(u(p708), "2022-04-01T08:00:01.000Z", htmlResponse(b708)),
		response(u(p708), "2022-04-01T08:00:01.400Z", htmlResponse(b708)),
	}
	file := filepath.Join(dir, "twice.warc.gz")
	writeForeignWARC(t, file, perRecordGzip, recs)
	db := filepath.Join(dir, "a.db")
	first := importSummaryOf(t, db, file)
	if first.Captures != 5 || first.Duplicates != 0 {
		t.Errorf("first import into a new archive: %+v; want 5 captures stored, none already in the archive", first)
	}
	var n int
	queryRow(t, db, `SELECT count(*) FROM capture_rows`, &n)
	if n != 5 {
		t.Errorf("%d captures stored; want 5", n)
	}
	h := historyOf(t, db, "hewariraq.com/en/post/708")
	if len(h.Versions) != 1 || !h.Versions[0].ObservedTo.Equal(at.Add(1400*time.Millisecond)) {
		t.Errorf("708: %+v; want one version observed until the second capture", h.Versions)
	}
	if again := importSummaryOf(t, db, file); again.Captures != 0 || again.Duplicates != 5 || again.CrawlID != 0 {
		t.Errorf("the same file again: %+v; want all 5 already in the archive", again)
	}
}

// A file with a bad record after two good ones, imported twice, then a
// file of one capture the archive holds and one it does not before a bad
// record: the line on standard error says what the summary counts. Before,
// the second run said "imported the 2 captures before it" while its
// summary said 0 imported, 2 already in the archive.
func TestImportWARC_BadRecordLineAgreesWithSummary(t *testing.T) {
	dir := t.TempDir()
	p468, b468 := renderedPage(t, "en-post-468", 1)
	p708, b708 := renderedPage(t, "en-post-708", 1)
	p801, b801 := renderedPage(t, "en-post-801", 1)
	u := func(p string) string { return "http://hewariraq.com" + p }
	response := func(uri, date string, body []byte) foreignRecord {
		return warc11Record("response", uri, date, [][2]string{{"Content-Type", "application/http; msgtype=response"}}, htmlResponse(body))
	}
	r468 := response(u(p468), "2022-04-01T08:00:00Z", b468)
	r708 := response(u(p708), "2022-04-01T08:00:01Z", b708)
	bad := response(u(p801), "2022-04-01T08:00:02Z", b801)
	bad.badBlockDigest = true
	cut := filepath.Join(dir, "cut.warc.gz")
	writeForeignWARC(t, cut, perRecordGzip, []foreignRecord{r468, r708, bad, response(u(p801), "2022-04-01T08:00:03Z", b801)})
	mixed := filepath.Join(dir, "mixed.warc.gz")
	writeForeignWARC(t, mixed, perRecordGzip, []foreignRecord{r468, response(u(p801), "2022-04-01T08:00:04Z", b801), bad})
	db := filepath.Join(dir, "a.db")
	for _, tc := range []struct {
		name, file          string
		imported, duplicate int
		line                string
	}{
		{"first", cut, 2, 0, "; imported the 2 captures before it, not the rest of the file"},
		{"again", cut, 0, 2, "; the 2 captures before it were already in the archive; the rest of the file was not read"},
		{"mixed", mixed, 1, 1, "; imported 1 of the 2 captures before it (1 already in the archive), not the rest of the file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := hewarCmd(t, "import", "warc", "--db", db, "--json", tc.file)
			var s importSummaryJSON
			if err := json.Unmarshal([]byte(r.stdout), &s); err != nil {
				t.Fatalf("%v: %v", r, err)
			}
			if r.code != 1 || len(r.errLines()) != 1 || !strings.HasSuffix(r.errLines()[0], tc.line) {
				t.Errorf("%v; want exit 1 and one line ending %q", r, tc.line)
			}
			if s.Captures != tc.imported || s.Duplicates != tc.duplicate || len(s.BadFiles) != 1 ||
				s.BadFiles[0].Imported != tc.imported || s.BadFiles[0].Duplicates != tc.duplicate {
				t.Errorf("summary %+v; want %d imported and %d already in the archive, in the summary and in bad_files", s, tc.imported, tc.duplicate)
			}
		})
	}
}
