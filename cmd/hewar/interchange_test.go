package main

// More archives in other tools' conventions (see foreign_test.go): the
// records of wget 1.21, warcprox, pywb and browsers that the tests there
// do not write, and records split into segments.

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base32"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/fixtures"
	"github.com/hewar-archive/hewar/pipeline"
	"github.com/hewar-archive/hewar/warc"
	"github.com/hewar-archive/hewar/wayback/waybacktest"
	"github.com/klauspost/compress/gzip"
	"golang.org/x/text/encoding/charmap"
)

// hexSHA256 is the digest as Browsertrix and pywb write sha256: "sha256:<hex>".
func hexSHA256(b []byte) string {
	s := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(s[:])
}

// warc10Record is a WARC/1.0 record with the fields in the order given.
func warc10Record(fields [][2]string, block []byte) foreignRecord {
	return foreignRecord{version: "WARC/1.0", fields: fields, block: block}
}

// WARCs as wget 1.21, warcprox and pywb write them, and as a browser's
// recorder records what HTTP/2 and HEAD requests bring, each imported into
// a new archive: which captures make documents, which are skipped, and
// 708's history. Before: a HEAD request's response (a 200 with a
// Content-Length and no body) was parsed as an empty page; a request
// record without a response was dropped without being counted; a revisit
// naming its original's sha256 in base32 where the original wrote hex
// (or sha1 in lower case) was skipped as unresolved.
func TestImportWARC_OtherWritersQuirks(t *testing.T) {
	p708, b708 := renderedPage(t, "en-post-708", 1)
	p468, b468 := renderedPage(t, "en-post-468", 1)
	u708, u468 := "http://hewariraq.com"+p708, "http://hewariraq.com"+p468
	h708 := pageHash(t, "en-post-708", 1, "text/html")
	at := func(day int) string {
		return time.Date(2021, 3, day, 8, 0, 0, 0, time.UTC).Format("2006-01-02T15:04:05Z")
	}
	get := func(path, extra string) []byte {
		return []byte("GET " + path + " HTTP/1.1\r\nUser-Agent: Wget/1.21.3\r\nAccept: */*\r\nHost: hewariraq.com\r\nConnection: Keep-Alive\r\n" + extra + "\r\n")
	}
	wgetPair := func(uri, date string, reqBlock, respBlock []byte, digest string) []foreignRecord {
		q := warc10Record([][2]string{{"WARC-Type", "request"}, {"WARC-Target-URI", uri}, {"WARC-Date", date},
			{"WARC-Record-ID", newRecordID()}, {"Content-Type", "application/http;msgtype=request"}}, reqBlock)
		r := warc10Record([][2]string{{"WARC-Type", "response"}, {"WARC-Record-ID", newRecordID()}, {"WARC-Warcinfo-ID", "<urn:uuid:00000000-0000-4000-8000-000000000001>"},
			{"WARC-Concurrent-To", q.fields[3][1]}, {"WARC-Target-URI", uri}, {"WARC-Date", date}, {"WARC-IP-Address", "127.0.0.1"},
			{"WARC-Payload-Digest", digest}, {"Content-Type", "application/http;msgtype=response"}}, respBlock)
		return []foreignRecord{q, r}
	}
	wgetInfo := []foreignRecord{
		warc10Record([][2]string{{"WARC-Type", "warcinfo"}, {"Content-Type", "application/warc-fields"}, {"WARC-Date", at(1)},
			{"WARC-Record-ID", "<urn:uuid:00000000-0000-4000-8000-000000000001>"}, {"WARC-Filename", "site.warc.gz"}},
			[]byte("software: Wget/1.21.3 (linux-gnu)\r\nformat: WARC File Format 1.0\r\nconformsTo: http://bibnum.bnf.fr/WARC/WARC_ISO_28500_version1_latestdraft.pdf\r\nrobots: classic\r\nwget-arguments: \"--warc-file=site\" \"--warc-cdx\" \"http://hewariraq.com/\"\r\n")),
		warc10Record([][2]string{{"WARC-Type", "metadata"}, {"WARC-Record-ID", newRecordID()}, {"WARC-Target-URI", "metadata://gnu.org/software/wget/warc/MANIFEST.txt"},
			{"WARC-Date", at(1)}, {"Content-Type", "text/plain"}}, []byte("<urn:uuid:00000000-0000-4000-8000-000000000001>\n")),
	}
	wgetTail := []foreignRecord{
		warc10Record([][2]string{{"WARC-Type", "resource"}, {"WARC-Record-ID", newRecordID()}, {"WARC-Target-URI", "metadata://gnu.org/software/wget/warc/wget_arguments.txt"},
			{"WARC-Date", at(1)}, {"Content-Type", "text/plain"}}, []byte("\"--warc-file=site\" \"--warc-cdx\" \"http://hewariraq.com/\"\n")),
		warc10Record([][2]string{{"WARC-Type", "resource"}, {"WARC-Record-ID", newRecordID()}, {"WARC-Target-URI", "metadata://gnu.org/software/wget/warc/wget.log"},
			{"WARC-Date", at(1)}, {"Content-Type", "text/plain"}}, []byte("--2021-03-01 08:00:00--  "+u708+"\nHTTP request sent, awaiting response... 200 OK\n")),
		warc10Record([][2]string{{"WARC-Type", "resource"}, {"WARC-Record-ID", newRecordID()}, {"WARC-Target-URI", "metadata://gnu.org/software/wget/warc/site.cdx"},
			{"WARC-Date", at(1)}, {"Content-Type", "text/plain"}}, []byte(" CDX a b a m s k r M V g u\n"+u708+" 20210301080000 "+u708+" text/html 200 X - - 0 site.warc.gz <urn:uuid:x>\n")),
	}
	gzChunked := chunked(gzipBytes(b708), 700)
	type want struct {
		captures, skipped int
		outcomes          map[string]int
		history           string // 708's versions
	}
	cases := []struct {
		name string
		recs []foreignRecord
		want want
	}{
		{"wget 1.21 with its manifest, log and cdx", append(append(wgetInfo, wgetPair(u708, at(1), get(p708, "Accept-Encoding: gzip\r\n"),
			httpResponse("HTTP/1.1 200 OK", []string{"Content-Type: text/html; charset=UTF-8", "Content-Encoding: gzip", "Transfer-Encoding: chunked"}, gzChunked),
			sha1B32(gzChunked))...), wgetTail...),
			want{1, 0, map[string]int{"new": 1}, h708 + " 2021-03-01T08:00:00Z..2021-03-01T08:00:00Z"}},
		{"a HEAD request's response, then a GET", append(wgetPair(u708, at(2),
			[]byte("HEAD "+p708+" HTTP/1.1\r\nHost: hewariraq.com\r\n\r\n"),
			httpResponse("HTTP/1.1 200 OK", []string{"Content-Type: text/html; charset=utf-8", "Content-Length: " + strconv.Itoa(len(b708))}, nil), sha1B32(nil)),
			wgetPair(u708, at(3), get(p708, ""), httpResponse("HTTP/1.1 200 OK", []string{"Content-Type: text/html; charset=utf-8"}, b708), sha1B32(b708))...),
			want{2, 0, map[string]int{"new": 1, "captured": 1}, h708 + " 2021-03-03T08:00:00Z..2021-03-03T08:00:00Z"}},
		{"a request record without a response", append(wgetPair(u708, at(3), get(p708, ""),
			httpResponse("HTTP/2 200", []string{"content-type: text/html; charset=utf-8", "server: cloudflare"}, b708), sha1B32(b708)),
			warc10Record([][2]string{{"WARC-Type", "request"}, {"WARC-Target-URI", u468}, {"WARC-Date", at(4)},
				{"WARC-Record-ID", newRecordID()}, {"Content-Type", "application/http;msgtype=request"}}, get(p468, ""))),
			want{1, 1, map[string]int{"new": 1}, h708 + " 2021-03-03T08:00:00Z..2021-03-03T08:00:00Z"}},
		{"HTTP/2 status lines, no Content-Type", []foreignRecord{
			warc11Record("response", u708, "2021-03-05T08:00:00.123456Z", [][2]string{{"Content-Type", "application/http; msgtype=response"},
				{"WARC-Payload-Digest", hexSHA256(b708)}}, httpResponse("HTTP/2 200", []string{"date: Fri, 05 Mar 2021 08:00:00 GMT"}, b708)),
			warc11Record("response", u468, "2021-03-05T08:00:01.5Z", [][2]string{{"Content-Type", "application/http; msgtype=response"},
				{"WARC-Payload-Digest", sha1B32(b468)}}, httpResponse("HTTP/2.0 200 OK", []string{"content-type: text/html"}, b468)),
		}, want{2, 0, map[string]int{"new": 2}, h708 + " 2021-03-05T08:00:00Z..2021-03-05T08:00:00Z"}},
		{"revisits naming the digest in another spelling", []foreignRecord{
			warc11Record("response", u708, "2021-03-06T08:00:00.000001Z", [][2]string{{"Content-Type", "application/http; msgtype=response"},
				{"WARC-Payload-Digest", hexSHA256(b708)}}, httpResponse("HTTP/1.1 200 OK", []string{"Content-Type: text/html"}, b708)),
			warc11Record("revisit", u708, "2021-03-07T08:00:00Z", [][2]string{{"Content-Type", "application/http; msgtype=response"},
				{"WARC-Profile", "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"},
				{"WARC-Payload-Digest", "sha256:" + base32Of(sha256Raw(b708))}}, httpResponse("HTTP/1.1 200 OK", []string{"Content-Type: text/html"}, nil)),
			warc11Record("response", u468, "2021-03-06T08:00:01Z", [][2]string{{"Content-Type", "application/http; msgtype=response"},
				{"WARC-Payload-Digest", sha1B32(b468)}}, httpResponse("HTTP/1.1 200 OK", []string{"Content-Type: text/html"}, b468)),
			warc11Record("revisit", u468, "2021-03-07T08:00:01Z", [][2]string{{"Content-Type", "application/http; msgtype=response"},
				{"WARC-Profile", "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"},
				{"WARC-Payload-Digest", strings.ToLower(sha1B32(b468))}}, httpResponse("HTTP/1.1 200 OK", []string{"Content-Type: text/html"}, nil)),
		}, want{4, 0, map[string]int{"new": 2, "unchanged": 2}, h708 + " 2021-03-06T08:00:00Z..2021-03-07T08:00:00Z"}},
		{"warcprox: WARC/1.0 revisits by target URI and date", []foreignRecord{
			warc10Record([][2]string{{"WARC-Type", "response"}, {"WARC-Record-ID", "<urn:uuid:0a7e0000-0000-4000-8000-00000000a708>"}, {"WARC-Date", "2021-03-08T08:00:00Z"},
				{"WARC-Target-URI", u708}, {"WARC-IP-Address", "127.0.0.1"}, {"Content-Type", "application/http;msgtype=response"},
				{"WARC-Payload-Digest", sha1B32(b708)}}, httpResponse("HTTP/1.1 200 OK", []string{"Content-Type: text/html"}, b708)),
			warc10Record([][2]string{{"WARC-Type", "revisit"}, {"WARC-Record-ID", newRecordID()}, {"WARC-Date", "2021-03-09T08:00:00Z"},
				{"WARC-Target-URI", u708}, {"WARC-IP-Address", "127.0.0.1"}, {"Content-Type", "application/http;msgtype=response"},
				{"WARC-Profile", "http://netpreserve.org/warc/1.0/revisit/identical-payload-digest"},
				{"WARC-Refers-To-Target-URI", u708}, {"WARC-Refers-To-Date", "2021-03-08T08:00:00Z"},
				{"WARC-Payload-Digest", sha1B32(b708)}, {"WARC-Truncated", "length"}}, httpResponse("HTTP/1.1 200 OK", []string{"Content-Type: text/html"}, nil)),
		}, want{2, 0, map[string]int{"new": 1, "unchanged": 1}, h708 + " 2021-03-08T08:00:00Z..2021-03-09T08:00:00Z"}},
	}
	// Heritrix's server-not-modified revisit as it writes one for a 304:
	// the 304's head as the block, the request WARC-Concurrent-To it.
	hx := heritrixCapture(u708, time.Date(2021, 3, 10, 8, 0, 0, 0, time.UTC),
		httpResponse("HTTP/1.1 200 OK", []string{"Content-Type: text/html", `ETag: "708-1"`}, b708), sha1B32(b708))
	hx304 := heritrixCapture(u708, time.Date(2021, 3, 11, 8, 0, 0, 0, time.UTC), httpResponse("HTTP/1.1 304 Not Modified", []string{`ETag: "708-1"`}, nil), "")
	hx304[0].fields[0][1] = "revisit"
	hx304[0].fields = append(hx304[0].fields, [2]string{"WARC-Profile", "http://netpreserve.org/warc/1.0/revisit/server-not-modified"},
		[2]string{"WARC-Truncated", "length"})
	cases = append(cases, struct {
		name string
		recs []foreignRecord
		want want
	}{"heritrix: a 304 as a server-not-modified revisit", append(hx, hx304...),
		want{2, 0, map[string]int{"new": 1, "not_modified": 1}, h708 + " 2021-03-10T08:00:00Z..2021-03-11T08:00:00Z"}})
	dir := t.TempDir()
	for i, c := range cases {
		path := filepath.Join(dir, "case"+strconv.Itoa(i)+".warc.gz")
		writeForeignWARC(t, path, perRecordGzip, c.recs)
		db := filepath.Join(dir, "case"+strconv.Itoa(i)+".db")
		s := importSummaryOf(t, db, path)
		outcomes := map[string]int{}
		for k, v := range s.Outcomes {
			if v != 0 {
				outcomes[k] = v
			}
		}
		if s.Captures != c.want.captures || s.Skipped != c.want.skipped || !mapsEqual(outcomes, c.want.outcomes) {
			t.Errorf("%s: %d captures, %d skipped, %v; want %d, %d, %v", c.name, s.Captures, s.Skipped, outcomes, c.want.captures, c.want.skipped, c.want.outcomes)
		}
		var lines []string
		for _, v := range historyOf(t, db, "hewariraq.com/en/post/708").Versions {
			lines = append(lines, versionLine(v))
		}
		if got := strings.Join(lines, "\n"); got != c.want.history {
			t.Errorf("%s: 708's history\n%s\nwant\n%s", c.name, got, c.want.history)
		}
	}
	// All of them in one archive, exported as WARC and WACZ: warcio.js
	// and gowarc read the export (HTTP/2 heads, a HEAD's response without
	// its body), and it imports back to the same histories.
	all := filepath.Join(dir, "all.db")
	var files []string
	for i := range cases {
		files = append(files, filepath.Join(dir, "case"+strconv.Itoa(i)+".warc.gz"))
	}
	importSummaryOf(t, all, files...)
	exportAndReadBack(t, all, dir)

	// wget's case gzipped whole (`gzip site.warc`) and plain: the same;
	// the HEAD case cut inside its last member: the HEAD's capture kept,
	// one line, exit 1.
	for _, how := range []warcCompression{wholeFileGzip, uncompressed} {
		path := filepath.Join(dir, "wget-"+strconv.Itoa(int(how))+".warc.gz")
		writeForeignWARC(t, path, how, cases[0].recs)
		if s := importSummaryOf(t, filepath.Join(dir, "wget-"+strconv.Itoa(int(how))+".db"), path); s.Captures != 1 || s.Outcomes["new"] != 1 {
			t.Errorf("wget's WARC in compression %d: %+v", how, s)
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, "case1.warc.gz"))
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(dir, "cut.warc.gz")
	os.WriteFile(cut, data[:len(data)-25], 0o644)
	db := filepath.Join(dir, "cut.db")
	// The response the cut is inside of is stored as far as it goes,
	// truncated (before December 2026 it was lost).
	if r := hewarCmd(t, "import", "warc", "--db", db, cut); r.code != 1 || len(r.errLines()) != 1 || !strings.Contains(r.stderr, "truncated record") ||
		!strings.Contains(r.stderr, "(its response read as far as it goes); imported the 2 captures up to it (that one truncated), not the rest of the file") {
		t.Errorf("a WARC cut in its last member: %v; want exit 1 and one line", r)
	}
	if caps := capturesOf(t, db); len(caps) != 2 || caps[0].Method != "HEAD" || caps[0].Truncated || !caps[1].Truncated || caps[1].DocKey != "" {
		t.Errorf("a WARC cut in its last member: %+v; want the HEAD's capture and the cut one, truncated, no document", caps)
	}
}

func sha256Raw(b []byte) []byte { s := sha256.Sum256(b); return s[:] }

func base32Of(b []byte) string { return base32.StdEncoding.EncodeToString(b) }

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// segmentedFiles writes en-post-708's response split into three segments
// over two WARC files, as Heritrix and warcprox split a record when a file
// reaches its size limit: the request and the first segment end the first
// file, the two continuations start the second.
func segmentedFiles(t *testing.T, dir string) (first, second string) {
	t.Helper()
	p708, b708 := renderedPage(t, "en-post-708", 1)
	u708 := "https://hewariraq.com" + p708
	block := httpResponse("HTTP/1.1 200 OK", []string{"Content-Type: text/html; charset=utf-8", "Content-Length: " + strconv.Itoa(len(b708))}, b708)
	a, b := len(block)/3, 2*len(block)/3
	id := "<urn:uuid:5e65e600-0000-4000-8000-000000000708>"
	date := "2022-04-01T10:00:00Z"
	info := warc10Record([][2]string{{"WARC-Type", "warcinfo"}, {"WARC-Date", date}, {"WARC-Record-ID", newRecordID()},
		{"Content-Type", "application/warc-fields"}}, []byte("software: Heritrix/3.4.0\r\nformat: WARC File Format 1.0\r\n"))
	resp := warc10Record([][2]string{{"WARC-Type", "response"}, {"WARC-Target-URI", u708}, {"WARC-Date", date},
		{"WARC-Payload-Digest", sha1B32(b708)}, {"WARC-Record-ID", id}, {"Content-Type", "application/http; msgtype=response"},
		{"WARC-Segment-Number", "1"}}, block[:a])
	req := warc10Record([][2]string{{"WARC-Type", "request"}, {"WARC-Target-URI", u708}, {"WARC-Date", date},
		{"WARC-Concurrent-To", id}, {"WARC-Record-ID", newRecordID()}, {"Content-Type", "application/http; msgtype=request"}},
		[]byte("GET "+p708+" HTTP/1.0\r\nUser-Agent: heritrix-segmenter\r\nHost: hewariraq.com\r\n\r\n"))
	cont := func(n int, part []byte, total bool) foreignRecord {
		r := warc10Record([][2]string{{"WARC-Type", "continuation"}, {"WARC-Target-URI", u708}, {"WARC-Date", date},
			{"WARC-Record-ID", newRecordID()}, {"WARC-Segment-Origin-ID", id}, {"WARC-Segment-Number", strconv.Itoa(n)}}, part)
		if total {
			r.fields = append(r.fields, [2]string{"WARC-Segment-Total-Length", strconv.Itoa(len(block))})
		}
		return r
	}
	first, second = filepath.Join(dir, "seg-00000.warc.gz"), filepath.Join(dir, "seg-00001.warc.gz")
	writeForeignWARC(t, first, perRecordGzip, []foreignRecord{info, resp, req})
	writeForeignWARC(t, second, perRecordGzip, []foreignRecord{info, cont(2, block[a:b], false), cont(3, block[b:], true)})
	return first, second
}

// A record split into segments over two files is one capture of the whole
// page, whichever order the files come in, with the request beside its
// first segment; the first file alone stores the capture truncated (no
// document: a third of a page would be a changed version) and says so in
// one line; the second alone holds no capture. Before, the first segment
// was stored as the whole response and parsed, a version of a third of
// the page, and the continuations were skipped.
func TestImportWARC_Segmented(t *testing.T) {
	dir := t.TempDir()
	first, second := segmentedFiles(t, dir)
	h708 := pageHash(t, "en-post-708", 1, "text/html")
	var whole string
	for _, order := range [][]string{{first, second}, {second, first}} {
		db := filepath.Join(t.TempDir(), "a.db")
		whole = db
		s := importSummaryOf(t, db, order...)
		if s.Captures != 1 || s.Outcomes["new"] != 1 || s.Skipped != 0 {
			t.Errorf("%s: %+v; want one new document", filepath.Base(order[0]), s)
		}
		h := historyOf(t, db, "hewariraq.com/en/post/708")
		if len(h.Versions) != 1 || versionLine(h.Versions[0]) != h708+" 2022-04-01T10:00:00Z..2022-04-01T10:00:00Z" {
			t.Errorf("%s first: 708's history %+v; want the whole page", filepath.Base(order[0]), h.Versions)
		}
		if caps := capturesOf(t, db); len(caps) != 1 || caps[0].RequestHeaders.Get("User-Agent") != "heritrix-segmenter" {
			t.Errorf("%+v: not paired with the request beside the first segment", caps)
		}
		if again := importSummaryOf(t, db, order...); again.Captures != 0 || again.Duplicates != 1 {
			t.Errorf("imported again: %+v; want the capture a duplicate", again)
		}
	}
	db := filepath.Join(t.TempDir(), "b.db")
	r := hewarCmd(t, "import", "warc", "--db", db, first)
	if r.code != 0 || len(r.errLines()) != 1 || !strings.Contains(r.stderr, "split into segments") {
		t.Errorf("the first file alone: %v; want exit 0 and one line", r)
	}
	if caps := capturesOf(t, db); len(caps) != 1 || !caps[0].Truncated || caps[0].Status != 200 {
		t.Errorf("the first file alone: %+v; want one truncated 200", caps)
	}
	if r := hewarCmd(t, "history", "--db", db, "hewariraq.com/en/post/708"); r.code == 0 {
		t.Errorf("the first file alone: history %v; want no document", r)
	}
	// Both files then: the whole record is no duplicate of its truncated
	// first segment, which keeps its row under its id and " (truncated)";
	// the page is stored. Before, the whole record was taken for a
	// duplicate (its record id), and 708 never got a version. Both again:
	// a duplicate, and so is the first file alone.
	if s := importSummaryOf(t, db, first, second); s.Captures != 1 || s.Outcomes["new"] != 1 || s.Duplicates != 0 {
		t.Errorf("both files after the first: %+v; want the whole record, a new document", s)
	}
	if caps := capturesOf(t, db); len(caps) != 2 || !caps[0].Truncated || caps[1].Truncated ||
		caps[0].RecordID != caps[1].RecordID+" (truncated)" || caps[1].RecordID != "<urn:uuid:5e65e600-0000-4000-8000-000000000708>" {
		t.Errorf("both files after the first: %+v; want the truncated capture renamed and the whole one under the record's id", caps)
	}
	if h := historyOf(t, db, "hewariraq.com/en/post/708"); len(h.Versions) != 1 || versionLine(h.Versions[0]) != h708+" 2022-04-01T10:00:00Z..2022-04-01T10:00:00Z" {
		t.Errorf("both files after the first: 708's history %+v; want the whole page", h.Versions)
	}
	for _, again := range [][]string{{first, second}, {first}} {
		if s := importSummaryOf(t, db, again...); s.Captures != 0 || s.Duplicates != 1 {
			t.Errorf("%d files again: %+v; want a duplicate", len(again), s)
		}
	}
	// The whole record exported, read by warcio.js and gowarc, imported back.
	exportAndReadBack(t, whole, t.TempDir())
	r = hewarCmd(t, "import", "warc", "--db", filepath.Join(t.TempDir(), "c.db"), second)
	if r.code != 1 || len(r.errLines()) != 1 || !strings.Contains(r.stderr, "no captures") {
		t.Errorf("the second file alone: %v; want exit 1 and one line", r)
	}
}

// capturesOf are the captures of the archive at db, in fetch order.
func capturesOf(t *testing.T, db string) []archive.StoredCapture {
	t.Helper()
	a := openArchive(t, db)
	defer a.Close()
	return storedCaptures(t, a)
}

// waczWith writes a WACZ package of the files (name, data), stored, with a
// datapackage.json listing each with the hash hashOf gives it.
func waczWith(t *testing.T, path string, files [][2]string, hashOf func(name string, data []byte) string) {
	t.Helper()
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	var resources []map[string]any
	for _, f := range files {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f[0], Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(f[1]))
		resources = append(resources, map[string]any{"name": filepath.Base(f[0]), "path": f[0], "hash": hashOf(f[0], []byte(f[1])), "bytes": len(f[1])})
	}
	dp, _ := json.Marshal(map[string]any{"profile": "data-package", "wacz_version": "1.1.1", "software": "ArchiveWeb.page 0.12.0", "resources": resources})
	w, _ := zw.Create("datapackage.json")
	w.Write(dp)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, zb.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A WACZ holding one WARC twice (an ArchiveWeb.page collection exported
// after a WARC was added to it again) stores each capture once (the
// copy's records, the same ids, are counted as already in the archive); one whose
// WARC is not the file its datapackage.json lists (its hash) imports what
// the WARC holds, each record checked by its own digest, and says so in
// one line, exit 1. Before, the hash was never looked at.
func TestImportWACZ_RepeatedAndAltered(t *testing.T) {
	dir := t.TempDir()
	wpath := filepath.Join(dir, "rec.warc.gz")
	p708, b708 := renderedPage(t, "en-post-708", 1)
	p468, b468 := renderedPage(t, "en-post-468", 1)
	resp := func(b []byte) []byte {
		return httpResponse("HTTP/1.1 200 OK", []string{"content-type: text/html; charset=utf-8"}, b)
	}
	writeForeignWARC(t, wpath, perRecordGzip, []foreignRecord{
		warc11Record("response", "https://hewariraq.com"+p708, "2023-01-02T03:04:05.678Z", [][2]string{{"Content-Type", "application/http; msgtype=response"},
			{"WARC-Payload-Digest", hexSHA256(b708)}}, resp(b708)),
		warc11Record("response", "https://hewariraq.com"+p468, "2023-01-02T03:04:06.789Z", [][2]string{{"Content-Type", "application/http; msgtype=response"},
			{"WARC-Payload-Digest", hexSHA256(b468)}}, resp(b468)),
	})
	data, err := os.ReadFile(wpath)
	if err != nil {
		t.Fatal(err)
	}
	own := func(_ string, b []byte) string { return hexSHA256(b) }
	twice := filepath.Join(dir, "twice.wacz")
	waczWith(t, twice, [][2]string{{"archive/data.warc.gz", string(data)}, {"archive/data-1.warc.gz", string(data)}}, own)
	s := importSummaryOf(t, filepath.Join(dir, "a.db"), twice)
	if s.Captures != 2 || s.Outcomes["new"] != 2 || s.Duplicates != 2 {
		t.Errorf("one WARC twice in a package: %+v; want each capture stored once, its copy counted as already there", s)
	}

	altered := filepath.Join(dir, "altered.wacz")
	waczWith(t, altered, [][2]string{{"archive/data.warc.gz", string(data)}}, func(string, []byte) string { return hexSHA256([]byte("another file")) })
	db := filepath.Join(dir, "b.db")
	r := hewarCmd(t, "import", "warc", "--db", db, altered)
	if r.code != 1 || len(r.errLines()) != 1 || !strings.Contains(r.stderr, "archive/data.warc.gz has the hash sha256:"+hexSHA256(data)[7:]) ||
		!strings.Contains(r.stderr, "imported the 2 captures of the WARCs it holds") {
		t.Errorf("an altered WARC: %v; want exit 1 and one line", r)
	}
	if caps := capturesOf(t, db); len(caps) != 2 {
		t.Errorf("an altered WARC: %d captures stored; want 2", len(caps))
	}
}

// An ARC record's id depends on nothing but its own line and bytes. An ARC
// holding one record twice (the same URL, second and answer: a fetch
// repeated within a second, or two ARCs concatenated that overlap) stores
// the same captures imported whole, split into two files imported
// together, or imported part by part. Before, the second copy in one file
// was given another id (":2"), so the whole file stored three captures and
// the same records in two parts two.
func TestImportARC_IDsIndependentOfOrder(t *testing.T) {
	caps := heritrix1Captures(t)[1:3] // 708 at epoch 1 and 2
	repeated := append(append([]arcCapture{}, caps...), caps[0])
	dir := t.TempDir()
	whole, first, second := filepath.Join(dir, "whole.arc.gz"), filepath.Join(dir, "part1.arc.gz"), filepath.Join(dir, "part2.arc")
	heritrix1ARC(t, whole, true, repeated)
	heritrix1ARC(t, first, true, caps)
	heritrix1ARC(t, second, false, caps[:1])
	stored := func(runs ...[]string) []string {
		db := filepath.Join(t.TempDir(), "a.db")
		for _, files := range runs {
			importSummaryOf(t, db, files...)
		}
		return storedCaptureLines(t, db)
	}
	want := stored([]string{first})
	if len(want) != 2 {
		t.Fatalf("part 1: %d captures", len(want))
	}
	for name, runs := range map[string][][]string{
		"whole":               {{whole}},
		"both parts together": {{first, second}},
		"part 2, then part 1": {{second}, {first}},
		"whole, then parts":   {{whole}, {first, second}},
	} {
		if got := stored(runs...); !slices.Equal(got, want) {
			t.Errorf("%s: %d captures\n%s\nwant\n%s", name, len(got), strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

// A backfill from Memento servers other than the Wayback Machine: one
// that answers its CDX query with a TimeMap in link format (Arquivo.pt's
// and pywb's /timemap/link), one that answers OpenWayback's classic CDX
// lines; both replay with id_. 708's two captures make its two versions.
// A server that answers an HTML page is one line, exit 1, and no archive.
// Before, every line of the first two was a malformed row, and the
// backfill ended with 0 captures, exit 0.
func TestImportWayback_OtherServers(t *testing.T) {
	p708, b1 := renderedPage(t, "en-post-708", 1)
	_, b2 := renderedPage(t, "en-post-708", 2)
	orig := "https://hewariraq.com" + p708
	bodies := map[string][]byte{"20190301093000": b1, "20200201093000": b2}
	for _, form := range []string{"timemap", "openwayback", "html"} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/cdx/search/cdx" {
				switch form {
				case "timemap":
					w.Header().Set("Content-Type", "application/link-format")
					fmt.Fprintf(w, "<%s>; rel=\"original\",\n<http://%s/timemap/link/%s>; rel=\"self\"; type=\"application/link-format\",\n", orig, r.Host, orig)
					fmt.Fprintf(w, "<http://%s/web/20190301093000/%s>; rel=\"first memento\"; datetime=\"Fri, 01 Mar 2019 09:30:00 GMT\",\n", r.Host, orig)
					fmt.Fprintf(w, "<http://%s/web/20200201093000/%s>; rel=\"last memento\"; datetime=\"Sat, 01 Feb 2020 09:30:00 GMT\"\n", r.Host, orig)
				case "openwayback":
					fmt.Fprintf(w, " CDX N b a m s k r M S V g\n")
					for ts, b := range map[string][]byte{"20190301093000": b1, "20200201093000": b2} {
						fmt.Fprintf(w, "com,hewariraq)/en/post/708 %s %s text/html 200 %s - - 2048 17 IAH-%s.warc.gz\n", ts, orig, waybacktest.Digest(b), ts)
					}
				default:
					io.WriteString(w, "<!DOCTYPE html><html><body>Under maintenance</body></html>")
				}
				return
			}
			rest, _ := strings.CutPrefix(r.URL.RequestURI(), "/web/")
			ts, u, _ := strings.Cut(rest, "id_/")
			if b, ok := bodies[ts]; ok && u == orig {
				at, _ := time.Parse("20060102150405", ts)
				w.Header().Set("Memento-Datetime", at.UTC().Format(http.TimeFormat))
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.Write(b)
				return
			}
			http.NotFound(w, r)
		}))
		db := filepath.Join(t.TempDir(), "w.db")
		r := hewarCmd(t, "import", "wayback", "--db", db, "--endpoint", srv.URL, "--delay", "0", "--json", "hewariraq.com/*")
		srv.Close()
		if form == "html" {
			if _, err := os.Stat(db); r.code != 1 || len(r.errLines()) != 1 || !strings.Contains(r.stderr, "an HTML page, not CDX lines") || err == nil {
				t.Errorf("html: %v; want exit 1, one line, no archive", r)
			}
			continue
		}
		var s waybackSummaryJSON
		if err := json.Unmarshal([]byte(r.stdout), &s); r.code != 0 || err != nil {
			t.Fatalf("%s: %v (%v)", form, r, err)
		}
		if s.Listed != 2 || s.MalformedRows != 0 || s.Captures != 2 || s.Outcomes["new"] != 1 || s.Outcomes["changed"] != 1 {
			t.Errorf("%s: %+v; want 2 listed, 2 captures, new and changed", form, s)
		}
		var got []string
		for _, v := range historyOf(t, db, "hewariraq.com/en/post/708").Versions {
			got = append(got, versionLine(v))
		}
		want := pageHash(t, "en-post-708", 1, "text/html") + " 2019-03-01T09:30:00Z..2019-03-01T09:30:00Z\n" +
			pageHash(t, "en-post-708", 2, "text/html") + " 2020-02-01T09:30:00Z..2020-02-01T09:30:00Z"
		if strings.Join(got, "\n") != want {
			t.Errorf("%s: 708\n%s\nwant\n%s", form, strings.Join(got, "\n"), want)
		}
	}
}

// Every line an import writes about one record names the file it is in,
// with the record's WARC-Record-ID and offset, whichever file was read
// last: a segmented record some of whose segments are in no file, a
// revisit whose original is in no file nor the archive, a page that does
// not parse. Before, the first said "import: the response record at byte
// 276", the second said nothing, and the third "parse URL: ..." only: a
// user importing 40 files could not tell which one held them.
func TestImportWARC_WarningsNameTheirFile(t *testing.T) {
	dir := t.TempDir()
	segFirst, _ := segmentedFiles(t, dir)
	_, revisit := revisitFiles(t, dir, true, false)
	p468, b468 := renderedPage(t, "en-post-468", 1)
	undecoded := heritrixCapture("https://hewariraq.com/en/post/801", hxT1, httpResponse("HTTP/1.1 200 OK",
		[]string{"Content-Type: text/html", "Content-Encoding: compress", "Content-Length: 6"}, []byte("\x1f\x9dxyz!")), "")
	other := filepath.Join(dir, "other.warc.gz")
	writeForeignWARC(t, other, perRecordGzip, append(undecoded, heritrixCapture("https://hewariraq.com"+p468, hxT1,
		httpResponse("HTTP/1.1 200 OK", []string{"Content-Type: text/html", "Content-Length: " + strconv.Itoa(len(b468))}, b468), sha1B32(b468))...))
	last := filepath.Join(dir, "last.warc.gz")
	p312, b312 := renderedPage(t, "ar-post-312", 1)
	writeForeignWARC(t, last, perRecordGzip, heritrixCapture("https://hewariraq.com"+p312, hxT1,
		httpResponse("HTTP/1.1 200 OK", []string{"Content-Type: text/html", "Content-Length: " + strconv.Itoa(len(b312))}, b312), sha1B32(b312)))
	// offsets are where each record of the file at path starts, by id, and
	// the first revisit's id.
	offsets := func(path string) (at map[string]int64, revisitID string) {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		at = map[string]int64{}
		for rd := warc.NewReader(f); ; {
			rec, err := rd.Next()
			if err == io.EOF {
				return at, revisitID
			} else if err != nil {
				t.Fatal(err)
			}
			at[rec.ID()] = rec.Offset
			if rec.Type() == warc.TypeRevisit && revisitID == "" {
				revisitID = rec.ID()
			}
		}
	}
	segID := "<urn:uuid:5e65e600-0000-4000-8000-000000000708>"
	var undecodedID string
	for _, f := range undecoded[0].fields {
		if f[0] == "WARC-Record-ID" {
			undecodedID = f[1]
		}
	}
	segAt, _ := offsets(segFirst)
	otherAt, _ := offsets(other)
	revisitAt, revisitID := offsets(revisit)
	want := []string{
		fmt.Sprintf("hewar: import %s: the response record %s at byte %d: parse https://hewariraq.com/en/post/801: content encoding compress: ",
			other, undecodedID, otherAt[undecodedID]),
		fmt.Sprintf("hewar: import %s: the response record %s at byte %d (https://hewariraq.com/en/post/708/", segFirst, segID, segAt[segID]),
		fmt.Sprintf("hewar: import %s: the revisit record %s at byte %d (http://hewariraq.com/en/post/708/", revisit, revisitID, revisitAt[revisitID]),
	}
	r := hewarCmd(t, "import", "warc", "--db", filepath.Join(dir, "a.db"), segFirst, revisit, other, last)
	lines := r.errLines()
	if r.code != 0 || len(lines) != len(want) {
		t.Fatalf("%v; want exit 0 and %d lines", r, len(want))
	}
	for _, w := range want {
		if !slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, w) }) {
			t.Errorf("no line starting %q in:\n%s", w, r.stderr)
		}
	}
	if !strings.Contains(r.stderr, "refers to a record in none of the files and not in the archive: kept in the archive until an import brings the original") ||
		!strings.Contains(r.stderr, "is split into segments, some of which are in none of the files") {
		t.Errorf("the lines do not say what is wrong:\n%s", r.stderr)
	}
}

// softGoneWARC writes a WARC of pages (address, HTML) as Heritrix would,
// each answered 200 at its time.
func softGoneWARC(t *testing.T, path string, pages ...softGonePage) {
	t.Helper()
	var recs []foreignRecord
	for _, p := range pages {
		recs = append(recs, pageCapture("https://hewariraq.com"+p.path, p.html, p.at)...)
	}
	writeForeignWARC(t, path, perRecordGzip, recs)
}

type softGonePage struct {
	path, html string
	at         time.Time
}

// wpPage is a page of a WordPress site titled title, with text.
func wpPage(title, h1, text string) string {
	return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + title + "</title></head><body><header>Iraqi Institute for Dialogue</header><main><h1>" +
		h1 + "</h1>" + text + "</main></body></html>"
}

// An import has no probe to tell a site's "not found" page, served with
// 200, from a page: it judges by the files and the archive. Two addresses
// of the site answering one "not found" title, a title that says nothing
// else (alone, or beside the site's name that the site's other titles
// carry), and a "not found" title the archive's soft 404s of the site
// have, are soft 404s: stored as received, no document, the removal of the
// document the address held. A post whose title says "not found" in a
// sentence, captured twice and copied under a second address, and one
// titled "Error 404 – the lost manuscripts", stay documents. Before, every one of them became a
// document ("Page not found") and the removed post got a new version.
func TestImportWARC_SoftGone(t *testing.T) {
	dir := t.TempDir()
	const site = " – Iraqi Institute for Dialogue"
	t1, t2 := time.Date(2019, 1, 1, 9, 0, 0, 0, time.UTC), time.Date(2020, 1, 1, 9, 0, 0, 0, time.UTC)
	article := "<p>" + strings.Repeat("The institute held its seminar on dialogue and the constitution in Baghdad. ", 30) + "</p>"
	notFound := func(slug string) string {
		return wpPage("Page not found"+site, "Oops! That page can’t be found.",
			`<p>It looks like nothing was found at this location. Maybe try a search?</p><form><input name="s" value="`+slug+`"></form>`)
	}
	before := filepath.Join(dir, "before.warc.gz")
	softGoneWARC(t, before, softGonePage{"/main/old-a/", wpPage("An old seminar"+site, "An old seminar", article), t1})
	wp := filepath.Join(dir, "wp.warc.gz")
	softGoneWARC(t, wp,
		softGonePage{"/main/seminars/", wpPage("Seminars"+site, "Seminars", article), t2},
		softGonePage{"/main/old-a/", notFound("old a"), t2},
		softGonePage{"/main/files-not-found/", wpPage("Why the ministry's files were not found"+site, "Why the ministry's files were not found", article), t2},
		softGonePage{"/main/old-b/", notFound("old b"), t2.Add(time.Minute)},
		softGonePage{"/main/files-not-found-2/", wpPage("Why the ministry's files were not found"+site, "Why the ministry's files were not found", article), t2},
		softGonePage{"/main/files-not-found/", wpPage("Why the ministry's files were not found"+site, "Why the ministry's files were not found", article), t2.Add(time.Hour)},
		softGonePage{"/main/error-404/", wpPage("Error 404 – the lost manuscripts"+site, "Error 404 – the lost manuscripts", article), t2},
		softGonePage{"/main/%D9%82%D8%AF%D9%8A%D9%85/", wpPage("الصفحة غير موجودة", "عذراً", "<p>لم يتم العثور على الصفحة</p>"), t2},
	)
	db := filepath.Join(dir, "a.db")
	importSummaryOf(t, db, before)
	s := importSummaryOf(t, db, wp)
	if s.Captures != 8 || s.Outcomes["removed"] != 1 || s.Outcomes["captured"] != 2 || s.Outcomes["new"] != 4 || s.Outcomes["unchanged"] != 1 {
		t.Errorf("%+v; want old-a removed, old-b and the Arabic page captured without a document, 4 new documents and the post seen again", s)
	}
	soft := map[string]string{}
	for _, c := range capturesOf(t, db) {
		if strings.HasPrefix(c.Err, archive.SoftGonePrefix) {
			soft[c.RequestURL] = c.Err
		} else if c.DocKey == "" {
			t.Errorf("%s: no document and no soft 404 (%q)", c.RequestURL, c.Err)
		}
	}
	for path, why := range map[string]string{"/main/old-a/": "another address", "/main/old-b/": "another address",
		"/main/%D9%82%D8%AF%D9%8A%D9%85/": "nothing else (الصفحة غير موجودة)"} {
		if got := soft["https://hewariraq.com"+path]; !strings.Contains(got, why) {
			t.Errorf("%s: error %q; want a soft 404 saying %q", path, got, why)
		}
	}
	if len(soft) != 3 {
		t.Errorf("soft 404s %v; want 3", soft)
	}
	if h := historyOf(t, db, "hewariraq.com/main/old-a"); len(h.Versions) != 2 || h.Versions[1].Change != "removed" {
		t.Errorf("old-a: %+v; want its version, then its removal", h.Versions)
	}
	for _, key := range []string{"hewariraq.com/main/files-not-found", "hewariraq.com/main/files-not-found-2", "hewariraq.com/main/error-404"} {
		if h := historyOf(t, db, key); len(h.Versions) != 1 || h.Versions[0].ContentHash == "" {
			t.Errorf("%s: %+v; want one version, a document", key, h.Versions)
		}
	}
	// Alone in a later import, the site's "not found" page is known from
	// the archive's soft 404s; in a new archive, by the site's name that
	// two other pages' titles carry; alone in a new archive it is a page.
	later := filepath.Join(dir, "later.warc.gz")
	softGoneWARC(t, later, softGonePage{"/main/old-c/", notFound("old c"), t2.Add(24 * time.Hour)})
	if s := importSummaryOf(t, db, later); s.Outcomes["captured"] != 1 {
		t.Errorf("later: %+v; want a soft 404, no document", s)
	}
	if c := capturesOf(t, db); !strings.Contains(c[len(c)-1].Err, "soft 404s in the archive") {
		t.Errorf("later: %+v; want a soft 404 known from the archive", c[len(c)-1])
	}
	named := filepath.Join(dir, "named.warc.gz")
	softGoneWARC(t, named, softGonePage{"/main/old-c/", notFound("old c"), t2},
		softGonePage{"/main/seminars/", wpPage("Seminars"+site, "Seminars", article), t2},
		softGonePage{"/main/about/", wpPage("About us"+site, "About us", article), t2})
	if s := importSummaryOf(t, filepath.Join(dir, "b.db"), named); s.Outcomes["captured"] != 1 || s.Outcomes["new"] != 2 {
		t.Errorf("named: %+v; want a soft 404 and two documents", s)
	}
	if s := importSummaryOf(t, filepath.Join(dir, "c.db"), later); s.Outcomes["new"] != 1 {
		t.Errorf("later alone: %+v; want a document: nothing says it is the site's not found page", s)
	}
}

// An old Arabic site's "not found" page in windows-1256 (declared in the
// header) or ISO-8859-6 (declared in a <meta> only) is read in its charset:
// its title says only "not found" (rule 3), so the removed post's address
// records the removal and the other address stores no document. main read
// the title from the undecoded bytes, which say nothing in Arabic: both
// became documents, the removed post a new version.
func TestImportWARC_SoftGoneLegacyCharset(t *testing.T) {
	dir := t.TempDir()
	t1, t2 := time.Date(2009, 1, 1, 9, 0, 0, 0, time.UTC), time.Date(2010, 1, 1, 9, 0, 0, 0, time.UTC)
	page := func(enc *charmap.Charmap, meta, title, text string) []byte {
		b, err := enc.NewEncoder().Bytes([]byte("<html><head>" + meta + "<title>" + title + "</title></head><body><h1>" + title + "</h1>" + text + "</body></html>"))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	capture := func(path, contentType string, at time.Time, body []byte) []foreignRecord {
		return heritrixCapture("http://hewariraq.com"+path, at, httpResponse("HTTP/1.1 200 OK",
			[]string{"Content-Type: " + contentType, "Content-Length: " + strconv.Itoa(len(body))}, body), sha1B32(body))
	}
	article := "<p>" + strings.Repeat("عقد المعهد ندوته عن الحوار والدستور في بغداد. ", 30) + "</p>"
	before := filepath.Join(dir, "before.warc.gz")
	writeForeignWARC(t, before, perRecordGzip, capture("/ar/old.htm", "text/html; charset=windows-1256", t1,
		page(charmap.Windows1256, "", "ندوة الحوار", article)))
	later := filepath.Join(dir, "later.warc.gz")
	writeForeignWARC(t, later, perRecordGzip, slices.Concat(
		capture("/ar/old.htm", "text/html; charset=windows-1256", t2,
			page(charmap.Windows1256, "", "الصفحة غير موجودة", "<p>لم يتم العثور على الصفحة</p>")),
		capture("/ar/gone.htm", "text/html", t2,
			page(charmap.ISO8859_6, `<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-6">`, "عذرا، الصفحة المطلوبة غير موجودة", "<p>لم يتم العثور على الصفحة</p>"))))
	db := filepath.Join(dir, "a.db")
	importSummaryOf(t, db, before)
	if s := importSummaryOf(t, db, later); s.Captures != 2 || s.Outcomes["removed"] != 1 || s.Outcomes["captured"] != 1 {
		t.Errorf("%+v; want old.htm removed and gone.htm captured without a document", s)
	}
	for _, c := range capturesOf(t, db)[1:] {
		if !strings.HasPrefix(c.Err, archive.SoftGonePrefix+"titled as a \"not found\" page and nothing else (") || !strings.Contains(c.Err, "غير موجودة") {
			t.Errorf("%s: error %q; want a soft 404 by its Arabic title", c.RequestURL, c.Err)
		}
	}
	if h := historyOf(t, db, "hewariraq.com/ar/old.htm"); len(h.Versions) != 2 || h.Versions[1].Change != "removed" {
		t.Errorf("old.htm: %+v; want its version, then its removal", h.Versions)
	}
}

// A chunked payload that ends before its last chunk (the connection broke
// off; wget records what came and marks nothing) is stored as far as it
// goes, truncated, not parsed: en-post-708's history keeps its whole
// version alone, and 468, never captured whole, has none. main parsed both
// as pages: 708 cut inside a chunk got a new version of its bytes with the
// chunk sizes in them, 468 cut after whole chunks a version of its start.
func TestImportWARC_CutChunkedBody(t *testing.T) {
	p708, b708 := renderedPage(t, "en-post-708", 1)
	p468, b468 := renderedPage(t, "en-post-468", 1)
	t1 := time.Date(2022, 4, 1, 10, 0, 0, 0, time.UTC)
	capture := func(path string, at time.Time, body []byte) []foreignRecord {
		return heritrixCapture("http://hewariraq.com"+path, at, httpResponse("HTTP/1.1 200 OK",
			[]string{"Content-Type: text/html; charset=utf-8", "Transfer-Encoding: chunked"}, body), sha1B32(body))
	}
	c708, c468 := chunked(b708, 4096), chunked(b468, 4096)
	end468 := len("1000\r\n") + 4096 + len("\r\n") // after its first chunk
	file := filepath.Join(t.TempDir(), "wget.warc.gz")
	writeForeignWARC(t, file, perRecordGzip, slices.Concat(
		capture(p708, t1, c708),
		capture(p708, t1.Add(24*time.Hour), c708[:len(c708)/2]),
		capture(p468, t1, c468[:end468])))
	db := filepath.Join(t.TempDir(), "a.db")
	if s := importSummaryOf(t, db, file); s.Captures != 3 || s.Outcomes["new"] != 1 || s.Outcomes["captured"] != 2 {
		t.Errorf("%+v; want 708 new and the two cut captures stored without a document", s)
	}
	for _, c := range capturesOf(t, db) {
		if cut := c.FetchedAt.After(t1) || strings.Contains(c.RequestURL, "/468/"); c.Truncated != cut || cut && c.DocKey != "" {
			t.Errorf("%s at %s: truncated %v, document %q; want truncated %v and no document when cut", c.RequestURL, c.FetchedAt, c.Truncated, c.DocKey, cut)
		}
	}
	if h := historyOf(t, db, "hewariraq.com/en/post/708"); len(h.Versions) != 1 || versionLine(h.Versions[0]) != pageHash(t, "en-post-708", 1, "text/html")+" 2022-04-01T10:00:00Z..2022-04-01T10:00:00Z" {
		t.Errorf("708: %+v; want its whole version alone", h.Versions)
	}
	if r := hewarCmd(t, "history", "--db", db, "hewariraq.com/en/post/468"); r.code == 0 {
		t.Errorf("468 has a history: %v", r)
	}
}

// A WARC whose last record's Content-Length is more than what follows (the
// file cut inside a response: a writer stopped, a copy cut short), in each
// compression: the response is stored as far as it goes, truncated, not
// parsed, and the one line says so; the whole file imported after it
// stores the whole response, which makes 468's version (the cut one is no
// duplicate of it), and the rest are duplicates. main lost the cut
// response, and said "imported the 1 capture before it".
func TestImportWARC_CutRecordKept(t *testing.T) {
	p708, b708 := renderedPage(t, "en-post-708", 1)
	p468, b468 := renderedPage(t, "en-post-468", 1)
	t1 := time.Date(2022, 4, 1, 10, 0, 0, 0, time.UTC)
	capture := func(path string, at time.Time, body []byte) foreignRecord {
		return heritrixCapture("http://hewariraq.com"+path, at, httpResponse("HTTP/1.1 200 OK",
			[]string{"Content-Type: text/html; charset=utf-8", "Content-Length: " + strconv.Itoa(len(body))}, body), sha1B32(body))[0]
	}
	recs := []foreignRecord{capture(p708, t1, b708), capture(p468, t1.Add(time.Minute), b468)}
	for _, how := range []struct {
		name string
		c    warcCompression
	}{{"uncompressed", uncompressed}, {"per-record-gzip", perRecordGzip}, {"whole-file-gzip", wholeFileGzip}} {
		dir := t.TempDir()
		whole, cut := filepath.Join(dir, "whole.warc"), filepath.Join(dir, "cut.warc")
		writeForeignWARC(t, whole, how.c, recs)
		if how.c == uncompressed {
			data, _ := os.ReadFile(whole)
			os.WriteFile(cut, data[:len(data)-len(b468)/2], 0o644)
		} else {
			// The same bytes cut, then compressed: the gzip member (or
			// the file's one member) is whole, its record short.
			plain := filepath.Join(dir, "plain.warc")
			writeForeignWARC(t, plain, uncompressed, recs)
			data, _ := os.ReadFile(plain)
			members := [][]byte{data[:len(data)-len(b468)/2]}
			if how.c == perRecordGzip {
				n := len(recs[0].bytes())
				members = [][]byte{data[:n], data[n : len(data)-len(b468)/2]}
			}
			var gz bytes.Buffer
			for _, m := range members {
				zw := gzip.NewWriter(&gz)
				zw.Write(m)
				zw.Close()
			}
			os.WriteFile(cut, gz.Bytes(), 0o644)
		}
		db := filepath.Join(dir, "a.db")
		r := hewarCmd(t, "import", "warc", "--db", db, cut)
		if r.code != 1 || len(r.errLines()) != 1 || !strings.Contains(r.stderr, "(its response read as far as it goes); imported the 2 captures up to it (that one truncated), not the rest of the file") {
			t.Errorf("%s cut: %v; want exit 1 and one line saying the cut response was kept", how.name, r)
		}
		if caps := capturesOf(t, db); len(caps) != 2 || caps[0].Truncated || caps[0].DocKey == "" || !caps[1].Truncated || caps[1].DocKey != "" || caps[1].Status != 200 {
			t.Errorf("%s cut: %+v; want 708 whole and 468 truncated, a 200 without a document", how.name, caps)
		}
		if s := importSummaryOf(t, db, whole); s.Captures != 1 || s.Duplicates != 1 || s.Outcomes["new"] != 1 {
			t.Errorf("%s: the whole file after the cut one: %+v; want 468 whole, new, and 708 a duplicate", how.name, s)
		}
		if h := historyOf(t, db, "hewariraq.com/en/post/468"); len(h.Versions) != 1 || versionLine(h.Versions[0]) != pageHash(t, "en-post-468", 1, "text/html")+" 2022-04-01T10:01:00Z..2022-04-01T10:01:00Z" {
			t.Errorf("%s: 468's history %+v; want its whole page", how.name, h.Versions)
		}
	}
}

// An archive into which hewar before December 2026 imported an ARC holding
// a record twice has both copies, the second under the id it was given
// then, "<urn:hewar:arc:sha1:KEY:2>". Importing the file, or its parts,
// again stores nothing: every record's id is the first copy's, which the
// archive holds, and the second copy is the same record again. The old
// second capture is kept (the archive removes no capture; it is the same
// observation at the same second, and changes no history).
func TestImportARC_EarlierIDsOfRepeatedRecords(t *testing.T) {
	caps := heritrix1Captures(t)[1:3]
	dir := t.TempDir()
	whole, first, second := filepath.Join(dir, "whole.arc.gz"), filepath.Join(dir, "part1.arc.gz"), filepath.Join(dir, "part2.arc")
	heritrix1ARC(t, whole, true, append(append([]arcCapture{}, caps...), caps[0]))
	heritrix1ARC(t, first, true, caps)
	heritrix1ARC(t, second, false, caps[:1])
	// The archive as the earlier hewar left it: the repeated record stored
	// again under its ":2" id.
	db := filepath.Join(dir, "old.db")
	a := openArchive(t, db)
	ctx := context.Background()
	crawlID, err := a.BeginImport(ctx, map[string]any{"source": "warc-import"})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	if err := warc.NewCaptureReader().ReadFile(whole, func(c *warc.Capture) error {
		ac, ok := pipeline.FromWARC(c)
		if !ok {
			return nil
		}
		if seen[c.RecordID]++; seen[c.RecordID] > 1 {
			ac.RecordID = strings.TrimSuffix(c.RecordID, ">") + ":" + strconv.Itoa(seen[c.RecordID]) + ">"
		}
		_, err := pipeline.Ingester{DB: a, CrawlID: crawlID}.Ingest(ctx, ac, nil)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.FinishCrawl(ctx, crawlID); err != nil {
		t.Fatal(err)
	}
	a.Close()
	before := storedCaptureLines(t, db)
	h := historyOf(t, db, "hewariraq.com/en/post/708")
	if len(before) != 3 {
		t.Fatalf("the earlier archive: %d captures; want 3", len(before))
	}
	for _, again := range []struct {
		files   []string
		records int
	}{{[]string{whole}, 3}, {[]string{first, second}, 3}, {[]string{second}, 1}} {
		if s := importSummaryOf(t, db, again.files...); s.Captures != 0 || s.Duplicates != again.records {
			t.Errorf("%v again: %+v; want nothing stored, its %d records duplicates", again.files, s, again.records)
		}
	}
	if got := storedCaptureLines(t, db); !slices.Equal(got, before) {
		t.Errorf("captures after the imports:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(before, "\n"))
	}
	if again := historyOf(t, db, "hewariraq.com/en/post/708"); !reflect.DeepEqual(again.Versions, h.Versions) {
		t.Errorf("708's history changed: %+v; want %+v", again.Versions, h.Versions)
	}
	// The extra capture makes no version: the history is a fresh import's.
	fresh := filepath.Join(dir, "fresh.db")
	importSummaryOf(t, fresh, whole)
	var got, want []string
	for _, v := range h.Versions {
		got = append(got, versionLine(v))
	}
	for _, v := range historyOf(t, fresh, "hewariraq.com/en/post/708").Versions {
		want = append(want, versionLine(v))
	}
	if !slices.Equal(got, want) || len(storedCaptureLines(t, fresh)) != 2 {
		t.Errorf("708's versions %v; a fresh import's %v", got, want)
	}
}

// The Arabic news site's two nights, exported as WARC and imported into a
// new archive: the first article, answered on the second night with the
// site's "not found" page (200, "الصفحة غير موجودة - المعهد"), which the
// crawl's probe took for a soft 404, is removed in the import too, by the
// import's own rules; the article titled "Error 404" stays an article.
// Before, the import made the "not found" page the first article's new
// version, and the round trip lost the removal.
func TestImportWARC_SoftGoneRoundTrip(t *testing.T) {
	db, fresh := softGonesRoundTrip(t, fixtures.NewArabicNewsSite())
	var errorArticle string
	queryRow(t, db, `SELECT u.url FROM documents d JOIN versions v ON v.id = d.current_version_id JOIN capture_rows c ON c.document_id = d.id
		JOIN urls u ON u.id = c.url_id WHERE v.title LIKE '%404%' LIMIT 1`, &errorArticle)
	if d, status := docOf(t, fresh, errorArticle); d == 0 || status != "present" {
		t.Errorf("the Error 404 article %s: document %d %q in the import; want present", errorArticle, d, status)
	}
}

// softGonesRoundTrip crawls site two nights, exports the archive as WARC
// and imports it into a new archive: every address the crawl took for a
// soft 404 must hold in the import what it holds in the crawl (its
// document, and that document's state). It returns both archives.
func softGonesRoundTrip(t *testing.T, site *fixtures.ConventionSite) (db, fresh string) {
	t.Helper()
	db = checkConventionSite(t, site)
	out := filepath.Join(t.TempDir(), "site.warc.gz")
	runOK(t, "export", "warc", "--db", db, "-o", out)
	fresh = filepath.Join(t.TempDir(), "fresh.db")
	importSummaryOf(t, fresh, out)
	var soft sql.NullString
	queryRow(t, db, `SELECT group_concat(u.url, char(10)) FROM capture_rows c JOIN urls u ON u.id = c.url_id WHERE c.error LIKE 'soft 404: %'`, &soft)
	if soft.String == "" {
		t.Fatal("the crawl took nothing for a soft 404")
	}
	for _, u := range strings.Split(soft.String, "\n") {
		crawled, cs := docOf(t, db, u)
		imported, is := docOf(t, fresh, u)
		if (crawled == 0) != (imported == 0) || cs != is {
			t.Errorf("%s: crawled document %d %q, imported %d %q; want the same", u, crawled, cs, imported, is)
		}
	}
	return db, fresh
}
