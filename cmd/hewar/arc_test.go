package main

// ARC files, as Heritrix 1 wrote them before WARC (and the Internet
// Archive and Alexa before it), written here byte by byte after the
// format's definition (https://archive.org/web/researcher/ArcFileFormat.php),
// imported with hewar import warc.

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/archive"
)

// arcCapture is one capture as both an ARC and a WARC record hold it: the
// URL, the time (to the second, as ARC gives it), the server's address,
// the MIME type of the URL record, and what the server sent.
type arcCapture struct {
	url  string
	at   time.Time
	ip   string
	mime string
	doc  []byte
}

// heritrix1Captures are the captures of the test's ARC: a dns: lookup,
// en-post-708 at epoch 1 and at epoch 2 (HTTP/1.0 without Content-Length),
// the windows-1256 page ar-post-312, and the old address of post 468
// redirecting to it, both fetched in one second.
func heritrix1Captures(t *testing.T) []arcCapture {
	p708, b708 := renderedPage(t, "en-post-708", 1)
	_, b708v2 := renderedPage(t, "en-post-708", 2)
	p312, b312 := renderedPage(t, "ar-post-312", 1)
	p468, b468 := renderedPage(t, "en-post-468", 1)
	u := func(p string) string { return "http://hewariraq.com" + p }
	at := time.Date(2007, 5, 2, 14, 30, 0, 0, time.UTC)
	return []arcCapture{
		{"dns:hewariraq.com", at, "127.0.0.53", "text/dns", []byte("20070502143000\nhewariraq.com.\t300\tIN\tA\t127.0.0.1\n")},
		{u(p708), at, "127.0.0.1", "text/html", httpResponse("HTTP/1.1 200 OK", []string{"Date: Wed, 02 May 2007 14:30:00 GMT",
			"Server: Apache/2.0.54", "Content-Type: text/html; charset=UTF-8", "Content-Length: " + strconv.Itoa(len(b708))}, b708)},
		{u(p708), at.AddDate(0, 3, 0), "127.0.0.1", "text/html", httpResponse("HTTP/1.0 200 OK",
			[]string{"Server: Apache", "Content-Type: text/html; charset=utf-8", "Connection: close"}, b708v2)},
		{u(p312), at.Add(time.Minute), "127.0.0.1", "text/html", httpResponse("HTTP/1.1 200 OK",
			[]string{"Content-Type: text/html; charset=windows-1256", "Content-Length: " + strconv.Itoa(len(b312))}, b312)},
		{u("/an-interview-with-the-director-of-the-iraqi-institute-for-dialogue/"), at.Add(2 * time.Minute), "127.0.0.1", "text/html",
			httpResponse("HTTP/1.1 301 Moved Permanently", []string{"Location: " + u(p468), "Content-Length: 0"}, nil)},
		{u(p468), at.Add(2 * time.Minute), "127.0.0.1", "text/html", httpResponse("HTTP/1.1 200 OK",
			[]string{"Content-Type: text/html; charset=utf-8", "Content-Length: " + strconv.Itoa(len(b468))}, b468)},
	}
}

// heritrix1ARC writes caps as Heritrix 1 (1.14) wrote an ARC: a version 1
// header block (filedesc line; "1 1 InternetArchive"; the field
// definition; its <arcmetadata> XML, lines ending CRLF, within the block's
// length), then each record as its URL record line, the document and a
// newline. Gzipped, each record is a gzip member of its own with the
// Internet Archive's "LX" extra field, as Heritrix wrote .arc.gz files.
func heritrix1ARC(t *testing.T, path string, gzipped bool, caps []arcCapture) {
	t.Helper()
	meta := "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n" +
		"<arcmetadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:arc=\"http://archive.org/arc/1.0/\" xmlns=\"http://archive.org/arc/1.0/\">\r\n" +
		"<arc:software>Heritrix 1.14.4 http://crawler.archive.org</arc:software>\r\n<arc:hostname>crawler</arc:hostname>\r\n" +
		"<arc:ip>127.0.0.1</arc:ip>\r\n<dcterms:isPartOf>hewar-interchange</dcterms:isPartOf>\r\n<arc:operator>Admin</arc:operator>\r\n" +
		"<arc:http-header-user-agent>Mozilla/5.0 (compatible; heritrix/1.14.4 +http://example.org/)</arc:http-header-user-agent>\r\n" +
		"<arc:robots>classic</arc:robots>\r\n<dc:format>ARC file version 1.1</dc:format>\r\n</arcmetadata>\r\n"
	block := "1 1 InternetArchive\nURL IP-address Archive-date Content-type Archive-length\n" + meta
	name := strings.TrimSuffix(filepath.Base(path), ".gz")
	parts := [][]byte{[]byte(fmt.Sprintf("filedesc://%s 0.0.0.0 20070502143000 text/plain %d\n%s\n", name, len(block), block))}
	for _, c := range caps {
		parts = append(parts, append([]byte(fmt.Sprintf("%s %s %s %s %d\n", c.url, c.ip, c.at.UTC().Format("20060102150405"), c.mime, len(c.doc))),
			append(c.doc, '\n')...))
	}
	var out bytes.Buffer
	for _, p := range parts {
		if !gzipped {
			out.Write(p)
			continue
		}
		zw, _ := gzip.NewWriterLevel(&out, gzip.BestCompression)
		zw.Header.Extra = []byte{'L', 'X', 4, 0, 0, 0, 0, 0}
		zw.Write(p)
		zw.Close()
	}
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// sameCapturesWARC writes caps as a WARC/1.0 of response records, as
// Heritrix 3 would: the captures the ARC holds, in the other format.
func sameCapturesWARC(t *testing.T, path string, caps []arcCapture) {
	t.Helper()
	var recs []foreignRecord
	for _, c := range caps {
		ct := "application/http; msgtype=response"
		if strings.HasPrefix(c.url, "dns:") {
			ct = "text/dns"
		}
		recs = append(recs, foreignRecord{version: "WARC/1.0", fields: [][2]string{
			{"WARC-Type", "response"}, {"WARC-Target-URI", c.url}, {"WARC-Date", warcDate(c.at)},
			{"WARC-IP-Address", c.ip}, {"WARC-Record-ID", newRecordID()}, {"Content-Type", ct},
		}, block: c.doc})
	}
	writeForeignWARC(t, path, perRecordGzip, recs)
}

// storedCaptureLines are the stored captures as the ARC and WARC imports
// must agree on them, sorted: URL, time, status, response head and body.
func storedCaptureLines(t *testing.T, db string) []string {
	t.Helper()
	a := openArchive(t, db)
	defer a.Close()
	var lines []string
	if err := a.Captures(context.Background(), archive.CaptureFilter{}, func(s *archive.StoredCapture) error {
		body, err := s.ReadBody(context.Background())
		lines = append(lines, fmt.Sprintf("%s %s %d head=%q body=%s doc=%s", s.RequestURL, s.FetchedAt.UTC().Format(time.RFC3339Nano),
			s.Status, s.ResponseHead, shortHash(fmt.Sprintf("%x", body)), s.DocKey))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	// A redirect and the page it leads to share their second; the two
	// imports may store them in either order.
	slices.Sort(lines)
	return lines
}

// TestImportARC_Heritrix1: an ARC as Heritrix 1 wrote it, gzipped a member
// a record and plain, imported into a new archive, gives the history the
// same captures give from a WARC: every URL, time, status, response head
// and body, every document's versions; the header record and the dns:
// record skipped. Imported again, it is all already in the archive and the
// archive does not change. Before, hewar read no ARC: "expected a WARC/1.x
// version line, found "filedesc://...".
func TestImportARC_Heritrix1(t *testing.T) {
	dir := t.TempDir()
	caps := heritrix1Captures(t)
	warcFile := filepath.Join(dir, "same.warc.gz")
	sameCapturesWARC(t, warcFile, caps)
	fromWARC := filepath.Join(dir, "warc.db")
	ws := importSummaryOf(t, fromWARC, warcFile)
	if ws.Captures != 5 || ws.Skipped != 1 {
		t.Fatalf("the WARC of the same captures: %+v", ws)
	}
	keys := []string{"hewariraq.com/en/post/708", "hewariraq.com/ar/post/312", "hewariraq.com/en/post/468"}
	for _, gzipped := range []bool{true, false} {
		name := "IAH-20070502143000-00000-crawler.arc"
		if gzipped {
			name += ".gz"
		}
		t.Run(name, func(t *testing.T) {
			file := filepath.Join(dir, name)
			heritrix1ARC(t, file, gzipped, caps)
			db := filepath.Join(dir, name+".db")
			s := importSummaryOf(t, db, file)
			if s.Captures != ws.Captures || s.Skipped != ws.Skipped || !reflect.DeepEqual(s.Outcomes, ws.Outcomes) || len(s.BadFiles) != 0 {
				t.Errorf("ARC: %+v\nWARC: %+v", s, ws)
			}
			if got, want := storedCaptureLines(t, db), storedCaptureLines(t, fromWARC); !reflect.DeepEqual(got, want) {
				t.Errorf("captures from the ARC:\n%s\nfrom the WARC:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			for _, key := range keys {
				if got, want := historyOf(t, db, key), historyOf(t, fromWARC, key); !reflect.DeepEqual(got, want) || len(got.Versions) == 0 {
					t.Errorf("%s from the ARC: %+v\nfrom the WARC: %+v", key, got.Versions, want.Versions)
				}
			}
			if h := historyOf(t, db, keys[0]); len(h.Versions) != 2 || !h.Versions[0].ObservedFrom.Equal(caps[1].at) || !h.Versions[1].ObservedFrom.Equal(caps[2].at) {
				t.Errorf("708: %+v; want two versions, from %s and %s", h.Versions, caps[1].at, caps[2].at)
			}
			before := storedCaptureLines(t, db)
			if again := importSummaryOf(t, db, file); again.Captures != 0 || again.Duplicates != s.Captures || again.CrawlID != 0 {
				t.Errorf("the same ARC again: %+v; want all %d already in the archive, no crawl", again, s.Captures)
			}
			if after := storedCaptureLines(t, db); !reflect.DeepEqual(after, before) {
				t.Error("importing the ARC again changed the archive's captures")
			}
		})
	}
	// The .arc and the .arc.gz of one crawl are the same records.
	both := filepath.Join(dir, "both.db")
	if s := importSummaryOf(t, both, filepath.Join(dir, "IAH-20070502143000-00000-crawler.arc"),
		filepath.Join(dir, "IAH-20070502143000-00000-crawler.arc.gz")); s.Captures != 5 || s.Duplicates != 5 {
		t.Errorf(".arc and .arc.gz in one import: %+v; want 5 stored, 5 already there", s)
	}
}

// TestImportARC_Truncated: an ARC whose last record is cut (a download that
// stopped), gzipped or plain: the whole records are imported, and one line
// says where the file stops and what was imported.
func TestImportARC_Truncated(t *testing.T) {
	dir := t.TempDir()
	caps := heritrix1Captures(t)
	for _, gzipped := range []bool{true, false} {
		file := filepath.Join(dir, "whole.arc")
		if gzipped {
			file += ".gz"
		}
		heritrix1ARC(t, file, gzipped, caps)
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		// The last record starts where the same file without it ends.
		shortDir := t.TempDir()
		heritrix1ARC(t, filepath.Join(shortDir, filepath.Base(file)), gzipped, caps[:len(caps)-1])
		short, err := os.ReadFile(filepath.Join(shortDir, filepath.Base(file)))
		if err != nil {
			t.Fatal(err)
		}
		last := len(short)
		cut := filepath.Join(dir, "cut-"+filepath.Base(file))
		if err := os.WriteFile(cut, data[:last+(len(data)-last)/2], 0o644); err != nil {
			t.Fatal(err)
		}
		db := filepath.Join(dir, filepath.Base(cut)+".db")
		r := hewarCmd(t, "import", "warc", "--db", db, cut)
		want := fmt.Sprintf("hewar: import %s: arc record at byte %d: truncated record", cut, last)
		if r.code != 1 || len(r.errLines()) != 1 || !strings.HasPrefix(r.stderr, want) ||
			!strings.HasSuffix(strings.TrimSpace(r.stderr), "; imported the 4 captures before it, not the rest of the file") {
			t.Errorf("cut ARC (gzipped %v): %v; want exit 1 and one line starting %q", gzipped, r, want)
		}
		if !strings.HasPrefix(r.stdout, "imported 4 captures from 1 file into crawl 1") {
			t.Errorf("cut ARC (gzipped %v): summary %q", gzipped, r.stdout)
		}
		var n int
		queryRow(t, db, `SELECT count(*) FROM capture_rows`, &n)
		if n != 4 {
			t.Errorf("cut ARC (gzipped %v): %d captures stored; want the 4 whole ones", gzipped, n)
		}
	}
}
