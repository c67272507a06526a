package main

// WARCs and WACZs written in other tools' conventions (Heritrix, wget,
// Browsertrix/py-wacz), made here record by record, not by hewar's writer:
// what hewar has to read from archives it never wrote.

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base32"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/klauspost/compress/zstd"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/fixtures"
	"github.com/hewar-archive/hewar/parse"
	"github.com/hewar-archive/hewar/pipeline"
	"github.com/hewar-archive/hewar/warc"
	"github.com/hewar-archive/hewar/warc/warctest"
)

// foreignRecord is one WARC record as another tool writes it: its version
// line, its fields in the tool's order, and its block.
type foreignRecord struct {
	version string // "WARC/1.0" or "WARC/1.1"
	fields  [][2]string
	block   []byte
	// badBlockDigest writes a WARC-Block-Digest that is not the block's;
	// noBlockDigest writes none.
	badBlockDigest, noBlockDigest bool
}

func (r foreignRecord) bytes() []byte {
	var b bytes.Buffer
	b.WriteString(r.version + "\r\n")
	for _, f := range r.fields {
		b.WriteString(f[0] + ": " + f[1] + "\r\n")
	}
	switch {
	case r.badBlockDigest:
		b.WriteString("WARC-Block-Digest: " + sha1B32([]byte("not this block")) + "\r\n")
	case !r.noBlockDigest:
		b.WriteString("WARC-Block-Digest: " + sha1B32(r.block) + "\r\n")
	}
	b.WriteString("Content-Length: " + strconv.Itoa(len(r.block)) + "\r\n\r\n")
	b.Write(r.block)
	b.WriteString("\r\n\r\n")
	return b.Bytes()
}

func sha1B32(b []byte) string {
	s := sha1.Sum(b)
	return "sha1:" + base32.StdEncoding.EncodeToString(s[:])
}

// warcCompression is how a tool compresses its WARC.
type warcCompression int

const (
	perRecordGzip warcCompression = iota // Heritrix, wget, warcio: one member a record
	wholeFileGzip                        // `gzip file.warc`
	uncompressed
	perRecordZstd     // .warc.zst after the IIPC's specification: one zstd frame a record
	perRecordZstdDict // the same with a dictionary frame first, every frame made with it
)

// writeForeignWARC writes recs to path.
func writeForeignWARC(t testing.TB, path string, how warcCompression, recs []foreignRecord) {
	t.Helper()
	var out bytes.Buffer
	switch how {
	case perRecordGzip:
		for _, r := range recs {
			zw := gzip.NewWriter(&out)
			zw.Write(r.bytes())
			zw.Close()
		}
	case wholeFileGzip:
		zw := gzip.NewWriter(&out)
		for _, r := range recs {
			zw.Write(r.bytes())
		}
		zw.Close()
	case uncompressed:
		for _, r := range recs {
			out.Write(r.bytes())
		}
	case perRecordZstd, perRecordZstdDict:
		var opts []zstd.EOption
		if how == perRecordZstdDict {
			var contents [][]byte
			var history []byte
			for _, r := range recs {
				contents = append(contents, r.bytes())
				history = append(history, r.bytes()...)
			}
			dict, err := zstd.BuildDict(zstd.BuildDictOptions{ID: 1<<31 - 7, Contents: contents, History: history[:min(len(history), 32<<10)]})
			if err != nil {
				t.Fatal(err)
			}
			binary.Write(&out, binary.LittleEndian, [2]uint32{0x184D2A5D, uint32(len(dict))})
			out.Write(dict)
			opts = append(opts, zstd.WithEncoderDict(dict))
		}
		zw, err := zstd.NewWriter(nil, opts...)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			out.Write(zw.EncodeAll(r.bytes(), nil))
		}
		zw.Close()
	}
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

var foreignIDs int

// newRecordID is a WARC-Record-ID in the <urn:uuid:...> form.
func newRecordID() string {
	foreignIDs++
	return fmt.Sprintf("<urn:uuid:%08x-4e2a-4c1b-9d3e-%012x>", foreignIDs, foreignIDs*7919)
}

// renderedPage is the replica's page name at epoch: its path and body.
func renderedPage(t testing.TB, name string, epoch int) (path string, body []byte) {
	t.Helper()
	site := fixtures.NewSite()
	for _, p := range fixtures.Pages() {
		if p.Name == name {
			status, _, b := site.Render(epoch, p.Path, time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC))
			if status != 200 {
				t.Fatalf("%s at epoch %d: status %d", name, epoch, status)
			}
			return p.Path, b
		}
	}
	t.Fatalf("no replica page %s", name)
	return "", nil
}

// gzipBytes is b as a gzip stream (a Content-Encoding: gzip body).
func gzipBytes(b []byte) []byte {
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	zw.Write(b)
	zw.Close()
	return out.Bytes()
}

// chunked is b in the chunked transfer coding, in chunks of n bytes, as it
// came over the wire (wget and Heritrix store it so).
func chunked(b []byte, n int) []byte {
	var out bytes.Buffer
	for len(b) > 0 {
		k := min(n, len(b))
		fmt.Fprintf(&out, "%x\r\n", k)
		out.Write(b[:k])
		out.WriteString("\r\n")
		b = b[k:]
	}
	out.WriteString("0\r\n\r\n")
	return out.Bytes()
}

// httpResponse is a response block: status line, header lines, blank line, body.
func httpResponse(statusLine string, headers []string, body []byte) []byte {
	var b bytes.Buffer
	b.WriteString(statusLine + "\r\n")
	for _, h := range headers {
		b.WriteString(h + "\r\n")
	}
	b.WriteString("\r\n")
	b.Write(body)
	return b.Bytes()
}

func warcDate(at time.Time) string { return at.UTC().Format("2006-01-02T15:04:05Z") }

// heritrixCapture is a response record with its request and metadata
// records, as Heritrix 3 writes them (WARC/1.0, request and metadata
// WARC-Concurrent-To the response).
func heritrixCapture(uri string, at time.Time, block []byte, payloadDigest string) []foreignRecord {
	id := newRecordID()
	resp := foreignRecord{version: "WARC/1.0", fields: [][2]string{
		{"WARC-Type", "response"}, {"WARC-Target-URI", uri}, {"WARC-Date", warcDate(at)},
		{"WARC-Payload-Digest", payloadDigest}, {"WARC-IP-Address", "127.0.0.1"}, {"WARC-Record-ID", id},
		{"Content-Type", "application/http; msgtype=response"},
	}, block: block}
	if payloadDigest == "" {
		resp.fields = append(resp.fields[:3], resp.fields[4:]...)
	}
	host := strings.SplitN(strings.TrimPrefix(strings.TrimPrefix(uri, "https://"), "http://"), "/", 2)[0]
	path := "/" + strings.SplitN(strings.TrimPrefix(strings.TrimPrefix(uri, "https://"), "http://"), "/", 2)[1]
	req := foreignRecord{version: "WARC/1.0", fields: [][2]string{
		{"WARC-Type", "request"}, {"WARC-Target-URI", uri}, {"WARC-Date", warcDate(at)},
		{"WARC-Concurrent-To", id}, {"WARC-Record-ID", newRecordID()}, {"Content-Type", "application/http; msgtype=request"},
	}, block: []byte("GET " + path + " HTTP/1.0\r\nUser-Agent: Mozilla/5.0 (compatible; heritrix/3.4.0 +http://example.org/)\r\n" +
		"Connection: close\r\nReferer: http://hewariraq.com/\r\nAccept: text/html\r\nHost: " + host + "\r\n\r\n")}
	meta := foreignRecord{version: "WARC/1.0", fields: [][2]string{
		{"WARC-Type", "metadata"}, {"WARC-Target-URI", uri}, {"WARC-Date", warcDate(at)},
		{"WARC-Concurrent-To", id}, {"WARC-Record-ID", newRecordID()}, {"Content-Type", "application/warc-fields"},
	}, block: []byte("via: http://hewariraq.com/\r\nhopsFromSeed: L\r\nsourceTag: http://hewariraq.com/\r\nfetchTimeMs: 120\r\noutlink: http://hewariraq.com/en/ L a/@href\r\n")}
	return []foreignRecord{resp, req, meta}
}

// The Heritrix file's times.
var (
	hxT1 = time.Date(2019, 3, 1, 9, 0, 0, 0, time.UTC)  // 708 at epoch 1, chunked and gzipped
	hxT2 = time.Date(2019, 6, 1, 9, 0, 0, 0, time.UTC)  // 708 again: identical-payload-digest revisit
	hxT3 = time.Date(2019, 9, 1, 9, 0, 0, 0, time.UTC)  // 708 again: server-not-modified revisit, empty block
	hxT4 = time.Date(2020, 2, 1, 9, 0, 0, 0, time.UTC)  // 708 at epoch 2, HTTP/1.0 without Content-Length
	hxT5 = time.Date(2020, 2, 1, 9, 30, 0, 0, time.UTC) // the others
)

// heritrixWARC writes a WARC as Heritrix 3 writes one (WARC/1.0, one gzip
// member a record): warcinfo; a dns: response; en-post-708 at hxT1 with a
// chunked, gzip-encoded payload, its request and metadata records; an
// identical-payload-digest revisit of it at hxT2 and a server-not-modified
// one at hxT3, both with WARC-Truncated: length (Heritrix marks every
// revisit so) and without WARC-Refers-To, the latter with an empty block;
// 708's edited version at hxT4 as HTTP/1.0 with no Content-Length; the
// windows-1256 page ar-post-312; a page with a wrong WARC-Payload-Digest
// and one with none; a resource and a conversion record.
func heritrixWARC(t testing.TB, path string, how warcCompression) {
	t.Helper()
	p708, b708 := renderedPage(t, "en-post-708", 1)
	_, b708v2 := renderedPage(t, "en-post-708", 2)
	p312, b312 := renderedPage(t, "ar-post-312", 1)
	p801, b801 := renderedPage(t, "en-post-801", 1)
	p804, b804 := renderedPage(t, "en-post-804", 1)
	u := func(p string) string { return "http://hewariraq.com" + p }
	recs := []foreignRecord{{version: "WARC/1.0", fields: [][2]string{
		{"WARC-Type", "warcinfo"}, {"WARC-Date", warcDate(hxT1)}, {"WARC-Filename", "IAH-20190301090000-00000-hewar.warc.gz"},
		{"WARC-Record-ID", newRecordID()}, {"Content-Type", "application/warc-fields"},
	}, block: []byte("software: Heritrix/3.4.0-20200304.233538 http://crawler.archive.org\r\nip: 127.0.0.1\r\nhostname: crawler\r\n" +
		"format: WARC File Format 1.0\r\nconformsTo: http://bibnum.bnf.fr/WARC/WARC_ISO_28500_version1_latestdraft.pdf\r\n" +
		"isPartOf: hewar-interchange\r\nrobots: obey\r\nhttp-header-user-agent: Mozilla/5.0 (compatible; heritrix/3.4.0)\r\n")}}
	recs = append(recs, foreignRecord{version: "WARC/1.0", fields: [][2]string{
		{"WARC-Type", "response"}, {"WARC-Target-URI", "dns:hewariraq.com"}, {"WARC-Date", warcDate(hxT1)},
		{"WARC-IP-Address", "127.0.0.53"}, {"WARC-Record-ID", newRecordID()}, {"Content-Type", "text/dns"},
	}, block: []byte("20190301090000\nhewariraq.com.\t300\tIN\tA\t127.0.0.1\n")})

	gz := gzipBytes(b708)
	wire := chunked(gz, 1000)
	block := httpResponse("HTTP/1.1 200 OK", []string{"Server: nginx", "Date: Fri, 01 Mar 2019 09:00:00 GMT",
		"Content-Type: text/html; charset=UTF-8", "Transfer-Encoding: chunked", "Connection: close", "Vary: Accept-Encoding",
		"Content-Encoding: gzip", `ETag: W/"708-1"`}, wire)
	first := heritrixCapture(u(p708), hxT1, block, sha1B32(gz))
	recs = append(recs, first...)
	// Heritrix's revisits: the head only for identical-payload-digest,
	// nothing for server-not-modified.
	revisit := func(at time.Time, profile string, block []byte) foreignRecord {
		return foreignRecord{version: "WARC/1.0", fields: [][2]string{
			{"WARC-Type", "revisit"}, {"WARC-Target-URI", u(p708)}, {"WARC-Date", warcDate(at)},
			{"WARC-Payload-Digest", sha1B32(gz)}, {"WARC-IP-Address", "127.0.0.1"}, {"WARC-Record-ID", newRecordID()},
			{"Content-Type", "application/http; msgtype=response"}, {"WARC-Profile", profile}, {"WARC-Truncated", "length"},
			{"WARC-Refers-To-Target-URI", u(p708)}, {"WARC-Refers-To-Date", warcDate(hxT1)},
		}, block: block}
	}
	recs = append(recs, revisit(hxT2, "http://netpreserve.org/warc/1.0/revisit/identical-payload-digest",
		httpResponse("HTTP/1.1 200 OK", []string{"Server: nginx", "Date: Sat, 01 Jun 2019 09:00:00 GMT",
			"Content-Type: text/html; charset=UTF-8", "Transfer-Encoding: chunked", "Connection: close", "Content-Encoding: gzip"}, nil)))
	recs = append(recs, revisit(hxT3, "http://netpreserve.org/warc/1.0/revisit/server-not-modified", nil))
	recs = append(recs, heritrixCapture(u(p708), hxT4, httpResponse("HTTP/1.0 200 OK",
		[]string{"Server: Apache", "Content-Type: text/html; charset=utf-8", "Connection: close"}, b708v2), sha1B32(b708v2))...)
	recs = append(recs, heritrixCapture(u(p312), hxT5, httpResponse("HTTP/1.1 200 OK",
		[]string{"Content-Type: text/html; charset=windows-1256", "Content-Length: " + strconv.Itoa(len(b312))}, b312), sha1B32(b312))...)
	recs = append(recs, heritrixCapture(u(p801), hxT5.Add(time.Second), httpResponse("HTTP/1.1 200 OK",
		[]string{"Content-Type: text/html; charset=utf-8", "Content-Length: " + strconv.Itoa(len(b801))}, b801), sha1B32([]byte("wrong")))...)
	recs = append(recs, heritrixCapture(u(p804), hxT5.Add(2*time.Second), httpResponse("HTTP/1.1 200 OK",
		[]string{"Content-Type: text/html; charset=utf-8", "Content-Length: " + strconv.Itoa(len(b804))}, b804), "")...)
	recs = append(recs,
		foreignRecord{version: "WARC/1.0", fields: [][2]string{
			{"WARC-Type", "resource"}, {"WARC-Target-URI", u(p708) + "#screenshot"}, {"WARC-Date", warcDate(hxT5)},
			{"WARC-Record-ID", newRecordID()}, {"Content-Type", "image/png"},
		}, block: []byte("\x89PNG\r\n\x1a\n not really")},
		foreignRecord{version: "WARC/1.0", fields: [][2]string{
			{"WARC-Type", "conversion"}, {"WARC-Target-URI", u(p708)}, {"WARC-Date", warcDate(hxT5)},
			{"WARC-Refers-To", first[0].fields[5][1]}, {"WARC-Record-ID", newRecordID()}, {"Content-Type", "text/plain"},
		}, block: []byte("Dialogue of Thought: the interview as plain text")},
	)
	writeForeignWARC(t, path, how, recs)
}

// runOK runs hewar in-process and fails t on an error.
func runOK(t testing.TB, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if err := run(context.Background(), args, nil, &out, &errb); err != nil {
		t.Fatalf("hewar %s: %v\n%s", strings.Join(args, " "), err, errb.String())
	}
	return out.String()
}

// importSummaryOf runs hewar import warc --json and reads its summary.
func importSummaryOf(t testing.TB, db string, files ...string) importSummaryJSON {
	t.Helper()
	var s importSummaryJSON
	out := runOK(t, append([]string{"import", "warc", "--db", db, "--json"}, files...)...)
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("import warc --json: %v\n%s", err, out)
	}
	return s
}

// historyOf is hewar history --json of key.
func historyOf(t testing.TB, db, key string) archive.History {
	t.Helper()
	var h archive.History
	out := runOK(t, "history", "--db", db, "--json", key)
	if err := json.Unmarshal([]byte(out), &h); err != nil {
		t.Fatalf("history --json: %v\n%s", err, out)
	}
	return h
}

// versionLine is a version as the tests compare it: content hash and observed range.
func versionLine(v archive.HistoryVersion) string {
	return fmt.Sprintf("%s %s..%s", shortHash(v.ContentHash), v.ObservedFrom.UTC().Format(time.RFC3339), v.ObservedTo.UTC().Format(time.RFC3339))
}

// pageHash is the content hash of the replica's page name at epoch, parsed
// directly from its rendering with contentType.
func pageHash(t testing.TB, name string, epoch int, contentType string) string {
	t.Helper()
	p, b := renderedPage(t, name, epoch)
	doc, err := parse.Parse("http://hewariraq.com"+p, contentType, b, hxT1)
	if err != nil || doc == nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	return shortHash(doc.ContentHash)
}

// A WARC as Heritrix writes one, in each compression, imported into a new
// archive, into the same archive again, and into an archive holding later
// crawls; then exported and read back. Before: Heritrix's revisits were
// lost, the identical-payload one stored as a truncated capture (Heritrix
// marks every revisit WARC-Truncated: length) and so no sighting of the
// version, the server-not-modified one, whose block is empty, skipped: 708's
// first version was observed 2019-03-01..2019-03-01, not ..2019-09-01.
func TestImportWARC_Heritrix(t *testing.T) {
	dir := t.TempDir()
	h1, h2 := pageHash(t, "en-post-708", 1, "text/html; charset=UTF-8"), pageHash(t, "en-post-708", 2, "text/html")
	want708 := []string{h1 + " 2019-03-01T09:00:00Z..2019-09-01T09:00:00Z", h2 + " 2020-02-01T09:00:00Z..2020-02-01T09:00:00Z"}
	wantOthers := map[string]string{
		"hewariraq.com/ar/post/312": pageHash(t, "ar-post-312", 1, "text/html; charset=windows-1256"),
		"hewariraq.com/en/post/801": pageHash(t, "en-post-801", 1, "text/html"),
		"hewariraq.com/en/post/804": pageHash(t, "en-post-804", 1, "text/html"),
	}
	check := func(what, db string, want708 []string) {
		t.Helper()
		h := historyOf(t, db, "hewariraq.com/en/post/708")
		var got []string
		for _, v := range h.Versions {
			got = append(got, versionLine(v))
		}
		if strings.Join(got, "\n") != strings.Join(want708, "\n") {
			t.Errorf("%s: 708's history\n%s\nwant\n%s", what, strings.Join(got, "\n"), strings.Join(want708, "\n"))
		}
		for key, hash := range wantOthers {
			h := historyOf(t, db, key)
			if len(h.Versions) == 0 || shortHash(h.Versions[0].ContentHash) != hash {
				t.Errorf("%s: %s: %+v, want its first version %s", what, key, h.Versions, hash)
			}
		}
	}
	for _, how := range []struct {
		name string
		c    warcCompression
		ext  string
	}{{"per-record gzip", perRecordGzip, ".warc.gz"}, {"whole-file gzip", wholeFileGzip, ".warc.gz"}, {"uncompressed", uncompressed, ".warc"},
		// Read by their content: the name says nothing of zstd.
		{"per-record zstd", perRecordZstd, ".warc.zst"}, {"zstd with a dictionary", perRecordZstdDict, ".warc"}} {
		file := filepath.Join(dir, strings.ReplaceAll(how.name, " ", "-")+how.ext)
		heritrixWARC(t, file, how.c)
		db := filepath.Join(dir, strings.ReplaceAll(how.name, " ", "-")+".db")
		s := importSummaryOf(t, db, file)
		wantOut := map[string]int{"new": 4, "changed": 1, "unchanged": 1, "not_modified": 1, "removed": 0, "captured": 0, "failed": 0}
		if s.Captures != 7 || !reflect.DeepEqual(s.Outcomes, wantOut) || s.Skipped != 1 || len(s.BadFiles) != 0 {
			t.Errorf("%s: %+v; want 7 captures %v, 1 skipped (dns:)", how.name, s, wantOut)
		}
		check(how.name, db, want708)
		if again := importSummaryOf(t, db, file); again.Captures != 0 || again.Duplicates != 7 || again.CrawlID != 0 {
			t.Errorf("%s imported again: %+v; want 7 duplicates and no crawl", how.name, again)
		}
		check(how.name+" twice", db, want708)
		if how.c == perRecordGzip {
			diff := runOK(t, "diff", "--db", db, "--json", "--from", "1", "--to", "2", "hewariraq.com/en/post/708")
			if !strings.Contains(diff, "qa[5].answer") {
				t.Errorf("diff 708 v1..v2 names no changed answer:\n%s", diff)
			}
			exportAndReadBack(t, db, dir)
		}
	}

	// Into an archive that holds two later crawls of the replica: the
	// 2019-2020 captures come before them.
	db, _ := crawledReplica(t)
	before := historyOf(t, db, "hewariraq.com/en/post/708")
	file := filepath.Join(dir, "later.warc.gz")
	heritrixWARC(t, file, perRecordGzip)
	if s := importSummaryOf(t, db, file); s.Captures != 7 || s.CrawlID != 3 {
		t.Errorf("into the crawled archive: %+v", s)
	}
	want := append([]string{}, want708...)
	for _, v := range before.Versions {
		want = append(want, versionLine(v))
	}
	check("before two crawls", db, want)
	var changes []archive.ChangeEvent
	if err := json.Unmarshal([]byte(runOK(t, "changes", "--db", db, "--json", "--crawl", "3")), &changes); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, c := range changes {
		got[c.DocKey] += c.Change + " "
	}
	if got["hewariraq.com/en/post/708"] != "added modified " {
		t.Errorf("changes --crawl 3 (the import): %v; want 708 added and modified", got)
	}
}

// exportAndReadBack exports db as WARC and as WACZ, has warcio.js and
// gowarc read the WARC, and imports each into a new archive: the same
// documents with the same histories.
func exportAndReadBack(t *testing.T, db, dir string) {
	t.Helper()
	want := documentHistories(t, openArchive(t, db))
	wc, wz := filepath.Join(dir, "back.warc.gz"), filepath.Join(dir, "back.wacz")
	os.Remove(wc)
	os.Remove(pipeline.IndexPath(wc))
	os.Remove(wz)
	runOK(t, "export", "warc", "--db", db, "-o", wc)
	runOK(t, "export", "wacz", "--db", db, "-o", wz)
	t.Run("warcio", func(t *testing.T) { warctest.Find(t).Check(t, wc, pipeline.IndexPath(wc)) })
	warctest.CheckGowarc(t, wc)
	for i, f := range []string{wc, wz} {
		back := filepath.Join(dir, fmt.Sprintf("back-%d-%d.db", i, time.Now().UnixNano()))
		importSummaryOf(t, back, f)
		got := documentHistories(t, openArchive(t, back))
		for k, w := range want {
			if g := got[k]; strings.Join(g, "\n") != strings.Join(w, "\n") {
				t.Errorf("%s read back: %s:\n got %v\nwant %v", filepath.Base(f), k, g, w)
			}
		}
		if len(got) != len(want) {
			t.Errorf("%s read back: %d documents, want %d", filepath.Base(f), len(got), len(want))
		}
	}
}

// warc11Record is a WARC/1.1 record as warcio.py and pywb write them: the
// target URI in angle brackets (the 1.1 grammar's quirk), dates to the
// microsecond, request and response tied only by being adjacent.
func warc11Record(typ, uri, date string, extra [][2]string, block []byte) foreignRecord {
	f := [][2]string{{"WARC-Type", typ}, {"WARC-Record-ID", newRecordID()}, {"WARC-Target-URI", "<" + uri + ">"}, {"WARC-Date", date}}
	return foreignRecord{version: "WARC/1.1", fields: append(f, extra...), block: block}
}

// WARC/1.1 in another tool's conventions: angle-bracketed target URIs,
// microsecond dates, the request before its response with no
// WARC-Concurrent-To, a revisit of another spelling of the URL resolved by
// WARC-Refers-To-Target-URI and digest alone, one whose original is in no
// file (kept waiting for it since December 2026); the same file twice on
// one command line; a file whose second record's WARC-Block-Digest does
// not match, imported twice. All right untouched; the test keeps them so.
func TestImportWARC_WARC11Quirks(t *testing.T) {
	dir := t.TempDir()
	p708, b708 := renderedPage(t, "en-post-708", 1)
	p468, b468 := renderedPage(t, "en-post-468", 1)
	u708 := "https://www.hewariraq.com" + p708
	resp := func(b []byte) []byte {
		return httpResponse("HTTP/1.1 200 OK", []string{"Content-Type: text/html", "Content-Length: " + strconv.Itoa(len(b))}, b)
	}
	revisit := func(uri, digest string, extra ...[2]string) foreignRecord {
		return warc11Record("revisit", uri, "2021-05-06T10:00:00Z", append([][2]string{{"Content-Type", "application/http; msgtype=response"},
			{"WARC-Payload-Digest", digest}, {"WARC-Profile", "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"}}, extra...),
			httpResponse("HTTP/1.1 200 OK", []string{"Content-Type: text/html"}, nil))
	}
	recs := []foreignRecord{
		warc11Record("request", u708, "2021-05-05T10:00:00.123456Z", [][2]string{{"Content-Type", "application/http; msgtype=request"}},
			[]byte("GET "+p708+" HTTP/1.1\r\nHost: www.hewariraq.com\r\nUser-Agent: pywb-recorder\r\n\r\n")),
		warc11Record("response", u708, "2021-05-05T10:00:00.123456Z", [][2]string{{"Content-Type", "application/http; msgtype=response"},
			{"WARC-Payload-Digest", sha1B32(b708)}}, resp(b708)),
		revisit("https://www.hewariraq.com/en/post/708", sha1B32(b708), [2]string{"WARC-Refers-To-Target-URI", u708},
			[2]string{"WARC-Refers-To-Date", "2021-05-05T10:00:00.123456Z"}),
		revisit("https://www.hewariraq.com/en/post/468", sha1B32([]byte("a payload in no file"))),
	}
	plain := filepath.Join(dir, "pywb.warc")
	writeForeignWARC(t, plain, uncompressed, recs)
	db := filepath.Join(dir, "a.db")
	s := importSummaryOf(t, db, plain)
	if s.Captures != 2 || s.Outcomes["new"] != 1 || s.Outcomes["unchanged"] != 1 || s.Skipped != 0 || s.Waiting != 1 {
		t.Errorf("pywb-style WARC/1.1: %+v; want 2 captures (new, unchanged) and the unresolved revisit kept waiting", s)
	}
	h := historyOf(t, db, "hewariraq.com/en/post/708")
	if len(h.Versions) != 1 || versionLine(h.Versions[0]) != pageHash(t, "en-post-708", 1, "text/html")+" 2021-05-05T10:00:00Z..2021-05-06T10:00:00Z" {
		t.Errorf("708: %+v", h.Versions)
	}
	a := openArchive(t, db)
	var uas []string
	if err := a.Captures(context.Background(), archive.CaptureFilter{}, func(s *archive.StoredCapture) error {
		uas = append(uas, s.RequestHeaders.Get("User-Agent"))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	a.Close()
	if len(uas) != 2 || uas[0] != "pywb-recorder" {
		t.Errorf("request User-Agents %q: the response was not paired with the request before it", uas)
	}
	if again := importSummaryOf(t, db, plain, plain); again.Captures != 0 || again.Duplicates != 4 || again.CrawlID != 0 {
		t.Errorf("the same file twice: %+v; want every capture a duplicate, no crawl", again)
	}

	bad := warc11Record("response", "https://www.hewariraq.com"+p468, "2021-05-07T10:00:00Z",
		[][2]string{{"Content-Type", "application/http; msgtype=response"}}, resp(b468))
	bad.badBlockDigest = true
	good468 := warc11Record("response", "https://www.hewariraq.com"+p468, "2021-05-08T10:00:00Z",
		[][2]string{{"Content-Type", "application/http; msgtype=response"}}, resp(b468))
	cut := filepath.Join(dir, "bad-digest.warc.gz")
	writeForeignWARC(t, cut, perRecordGzip, []foreignRecord{recs[1], bad, good468})
	db2 := filepath.Join(dir, "b.db")
	for run := 1; run <= 2; run++ {
		r := hewarCmd(t, "import", "warc", "--db", db2, cut)
		if r.code != 1 || len(r.errLines()) != 1 || !strings.Contains(r.stderr, "does not match the block") {
			t.Errorf("block digest mismatch, run %d: %v; want exit 1 and one line", run, r)
		}
	}
	var n int
	queryRow(t, db2, `SELECT count(*) FROM capture_rows`, &n)
	if n != 1 {
		t.Errorf("%d captures stored from the file with a bad block digest; want the one before it, once", n)
	}
}

// revisitFiles writes en-post-708's first capture to old.warc.gz, as
// Heritrix does, and a later identical-payload revisit of it to
// new.warc.gz: with WARC-Refers-To when byID, else with only
// WARC-Refers-To-Target-URI and -Date (as Heritrix writes it), and no HTTP
// head when headless.
func revisitFiles(t *testing.T, dir string, byID, headless bool) (old, new string) {
	refers := refersByURIAndDate
	if byID {
		refers = refersByID
	}
	return revisitFilesReferring(t, dir, refers, headless)
}

// How a revisit of revisitFilesReferring names its original.
const (
	refersByID         = iota // WARC-Refers-To, the original's record id
	refersByURIAndDate        // WARC-Refers-To-Target-URI and -Date, as Heritrix 3 writes them
	refersByDigestOnly        // neither: its payload digest and its own URL alone, as Heritrix 1 wrote it
)

// revisitFilesReferring is revisitFiles, whose revisit names its original
// as refers says.
func revisitFilesReferring(t *testing.T, dir string, refers int, headless bool) (old, new string) {
	t.Helper()
	p708, b708 := renderedPage(t, "en-post-708", 1)
	u := "http://hewariraq.com" + p708
	first := heritrixCapture(u, hxT1, httpResponse("HTTP/1.1 200 OK", []string{"Content-Type: text/html",
		"Content-Length: " + strconv.Itoa(len(b708))}, b708), sha1B32(b708))
	fields := [][2]string{{"WARC-Type", "revisit"}, {"WARC-Target-URI", u}, {"WARC-Date", warcDate(hxT2)},
		{"WARC-Payload-Digest", sha1B32(b708)}, {"WARC-Record-ID", newRecordID()}, {"Content-Type", "application/http; msgtype=response"},
		{"WARC-Profile", "http://netpreserve.org/warc/1.0/revisit/identical-payload-digest"}, {"WARC-Truncated", "length"}}
	switch refers {
	case refersByID:
		fields = append(fields, [2]string{"WARC-Refers-To", first[0].fields[5][1]})
	case refersByURIAndDate:
		fields = append(fields, [2]string{"WARC-Refers-To-Target-URI", u}, [2]string{"WARC-Refers-To-Date", warcDate(hxT1)})
	}
	block := httpResponse("HTTP/1.1 200 OK", []string{"Content-Type: text/html"}, nil)
	if headless {
		block = nil
	}
	old, new = filepath.Join(dir, "old.warc.gz"), filepath.Join(dir, "new.warc.gz")
	writeForeignWARC(t, old, perRecordGzip, first)
	writeForeignWARC(t, new, perRecordGzip, []foreignRecord{{version: "WARC/1.0", fields: fields, block: block}})
	return old, new
}

// eachRevisitCase runs check on revisitFiles' files in every variant: the
// revisit naming its original by WARC-Refers-To or by target URI and date,
// with an HTTP head or none.
func eachRevisitCase(t *testing.T, check func(dir, old, new, variant string)) {
	for _, byID := range []bool{true, false} {
		for _, headless := range []bool{false, true} {
			dir := t.TempDir()
			old, new := revisitFiles(t, dir, byID, headless)
			check(dir, old, new, fmt.Sprintf("byID=%v headless=%v", byID, headless))
		}
	}
}

// checkRevisitImported checks that the revisit of hxT2 was imported
// (summary s) and extends 708's version.
func checkRevisitImported(t *testing.T, db, variant string, s importSummaryJSON, captures int) {
	t.Helper()
	if s.Captures != captures || s.Skipped != 0 || s.Outcomes["unchanged"] != 1 {
		t.Errorf("%s: %+v; want the revisit imported, unchanged", variant, s)
	}
	h := historyOf(t, db, "hewariraq.com/en/post/708")
	if len(h.Versions) != 1 || !h.Versions[0].ObservedTo.Equal(hxT2) {
		t.Errorf("%s: 708 %+v; want one version observed until %s", variant, h.Versions, hxT2)
	}
}

// "Any order": files given newest first, a revisit before the file that
// holds its original. Before, the revisit was skipped (its original had not
// been read yet) and 708's version observed on 2019-03-01 only.
func TestImportWARC_RevisitBeforeItsOriginal(t *testing.T) {
	eachRevisitCase(t, func(dir, old, new, variant string) {
		db := filepath.Join(dir, "a.db")
		checkRevisitImported(t, db, variant, importSummaryOf(t, db, new, old), 2)
	})
}

// Nightly WARCs imported one a night: a revisit whose original was
// imported by an earlier run (a crawl deduplicated against the one before,
// as Heritrix and Browsertrix do) gets its body from the archive. Before,
// it was skipped as "original in none of the files".
func TestImportWARC_RevisitOfAnEarlierImport(t *testing.T) {
	eachRevisitCase(t, func(dir, old, new, variant string) {
		db := filepath.Join(dir, "a.db")
		importSummaryOf(t, db, old)
		checkRevisitImported(t, db, variant, importSummaryOf(t, db, new), 1)
	})
}

// The same two files imported one after the other in both orders give one
// history: a revisit whose original is in no file and not in the archive
// (the day's WARC imported before the one it was deduplicated against) is
// kept in the archive, with one line that says so, and stored when the
// original comes, also when it names neither its original's record nor its
// date (its URL and payload digest find it). Imported again then, it is
// already in the archive. Before, it was skipped (and the import exited 1,
// with nothing imported), and the version was observed on the first day
// only when the files came newest first.
func TestImportWARC_RevisitAndOriginalInEitherOrder(t *testing.T) {
	for _, refers := range []int{refersByID, refersByURIAndDate, refersByDigestOnly} {
		for _, headless := range []bool{false, true} {
			variant := fmt.Sprintf("refers=%d headless=%v", refers, headless)
			dir := t.TempDir()
			old, new := revisitFilesReferring(t, dir, refers, headless)
			inOrder, newFirst := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
			importSummaryOf(t, inOrder, old)
			checkRevisitImported(t, inOrder, variant+", in order", importSummaryOf(t, inOrder, new), 1)

			r := hewarCmd(t, "import", "warc", "--db", newFirst, "--json", new)
			var s importSummaryJSON
			if err := json.Unmarshal([]byte(r.stdout), &s); err != nil || r.code != 0 || s.Waiting != 1 || s.Captures != 0 || s.Skipped != 0 ||
				!strings.Contains(r.stderr, "refers to a record in none of the files and not in the archive: kept in the archive until an import brings the original") {
				t.Errorf("%s: the revisit first: %v; want exit 0, it kept and said so", variant, r)
			}
			checkRevisitImported(t, newFirst, variant+", newest first", importSummaryOf(t, newFirst, old), 2)
			if n, err := countRows(newFirst, `SELECT count(*) FROM waiting_revisits`); err != nil || n != 0 {
				t.Errorf("%s: %d revisits still waiting (%v); want none", variant, n, err)
			}
			a, b := historyOf(t, inOrder, "hewariraq.com/en/post/708"), historyOf(t, newFirst, "hewariraq.com/en/post/708")
			if len(a.Versions) != len(b.Versions) || len(a.Versions) != 1 || versionLine(a.Versions[0]) != versionLine(b.Versions[0]) {
				t.Errorf("%s: in order %+v, newest first %+v; want one history", variant, a.Versions, b.Versions)
			}
			if s := importSummaryOf(t, newFirst, new); s.Captures != 0 || s.Duplicates != 1 || s.Waiting != 0 {
				t.Errorf("%s: the revisit again: %+v; want it already in the archive", variant, s)
			}
		}
	}
}

// browsertrixWACZ writes a WACZ as Browsertrix and py-wacz write one: two
// WARCs under archive/ (stored, named by time and crawl), the second
// holding a revisit of a response in the first; indexes/index.cdx.gz and
// index.idx (a ZipNum index), pages/pages.jsonl and extraPages.jsonl,
// datapackage.json with every resource (and, with missing, a third WARC
// the zip does not hold), datapackage-digest.json. With deflated, the
// WARCs are deflated in the zip, as the format says not to and some zip
// tools do when a package is repacked.
func browsertrixWACZ(t *testing.T, path string, missing, deflated bool) {
	t.Helper()
	p708, b708 := renderedPage(t, "en-post-708", 1)
	_, b708v2 := renderedPage(t, "en-post-708", 2)
	p801, b801 := renderedPage(t, "en-post-801", 1)
	u708, u801 := "https://hewariraq.com"+p708, "https://hewariraq.com"+p801
	resp := func(b []byte) []byte {
		return httpResponse("HTTP/1.1 200", []string{"content-type: text/html; charset=utf-8", "content-length: " + strconv.Itoa(len(b))}, b)
	}
	capture := func(uri, date string, b []byte) []foreignRecord {
		r := warc11Record("response", uri, date, [][2]string{{"WARC-Page-ID", "p1"}, {"Content-Type", "application/http; msgtype=response"},
			{"WARC-Payload-Digest", sha1B32(b)}, {"WARC-JSON-Metadata", `{"cert":{"issuer":"R3"}}`}}, resp(b))
		q := warc11Record("request", uri, date, [][2]string{{"WARC-Page-ID", "p1"}, {"Content-Type", "application/http; msgtype=request"},
			{"WARC-Concurrent-To", r.fields[1][1]}},
			[]byte("GET "+strings.TrimPrefix(uri, "https://hewariraq.com")+" HTTP/1.1\r\nHost: hewariraq.com\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64) Browsertrix-Crawler\r\n\r\n"))
		return []foreignRecord{r, q}
	}
	info := warc11Record("warcinfo", "", "2021-05-05T10:00:00.000Z", [][2]string{{"Content-Type", "application/warc-fields"}},
		[]byte("software: Browsertrix-Crawler 1.1.0 (with warcio.js 2.2.1)\r\nformat: WARC File Format 1.1\r\n"))
	info.fields = slices.Delete(info.fields, 2, 3) // no WARC-Target-URI
	first := append([]foreignRecord{info}, capture(u708, "2021-05-05T10:00:00.000Z", b708)...)
	first = append(first, capture(u801, "2021-05-05T10:00:01.000Z", b801)...)
	second := []foreignRecord{info,
		warc11Record("revisit", u708, "2021-06-05T10:00:00.000Z", [][2]string{{"Content-Type", "application/http; msgtype=response"},
			{"WARC-Payload-Digest", sha1B32(b708)}, {"WARC-Profile", warc.ProfileIdenticalPayload},
			{"WARC-Refers-To-Target-URI", u708}, {"WARC-Refers-To-Date", "2021-05-05T10:00:00.000Z"}},
			httpResponse("HTTP/1.1 200", []string{"content-type: text/html; charset=utf-8"}, nil)),
	}
	second = append(second, capture(u708, "2021-07-05T10:00:00.000Z", b708v2)...)
	dir := t.TempDir()
	w1, w2 := filepath.Join(dir, "rec-20210505100000000-crawl-1.warc.gz"), filepath.Join(dir, "rec-20210605100000000-crawl-2.warc.gz")
	writeForeignWARC(t, w1, perRecordGzip, first)
	writeForeignWARC(t, w2, perRecordGzip, second)
	read := func(p string) []byte {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	type entry struct {
		name string
		data []byte
	}
	entries := []entry{
		{"pages/pages.jsonl", []byte(`{"format":"json-pages-1.0","id":"pages","title":"All Pages"}` + "\n" +
			`{"id":"p1","url":"` + u708 + `","title":"Interview","loadState":4,"ts":"2021-05-05T10:00:00Z","text":"..."}` + "\n")},
		{"pages/extraPages.jsonl", []byte(`{"format":"json-pages-1.0","id":"extra-pages","title":"Extra Pages"}` + "\n")},
		{"indexes/index.cdx.gz", gzipBytes([]byte("com,hewariraq)/en/post/708 20210505100000 {\"url\":\"" + u708 + "\"}\n"))},
		{"indexes/index.idx", []byte("!meta 0 {\"format\": \"cdxj-gzip-1.0\", \"filename\": \"index.cdx.gz\"}\ncom,hewariraq)/ 20210505100000\tindex.cdx.gz\t0\t100\t1\n")},
		{"archive/" + filepath.Base(w1), read(w1)},
		{"archive/" + filepath.Base(w2), read(w2)},
	}
	var resources []map[string]any
	for _, e := range entries {
		s := sha256.Sum256(e.data)
		resources = append(resources, map[string]any{"name": filepath.Base(e.name), "path": e.name, "hash": "sha256:" + hex.EncodeToString(s[:]), "bytes": len(e.data)})
	}
	if missing {
		resources = append(resources, map[string]any{"name": "rec-20210705100000000-crawl-3.warc.gz", "path": "archive/rec-20210705100000000-crawl-3.warc.gz",
			"hash": "sha256:" + strings.Repeat("0", 64), "bytes": 4242})
	}
	dp, _ := json.MarshalIndent(map[string]any{"profile": "data-package", "resources": resources, "wacz_version": "1.1.1",
		"software": "Browsertrix-Crawler 1.1.0", "created": "2021-07-05T10:00:00Z", "title": "hewariraq"}, "", "  ")
	ds := sha256.Sum256(dp)
	entries = append(entries, entry{"datapackage.json", dp},
		entry{"datapackage-digest.json", []byte(`{"path":"datapackage.json","hash":"sha256:` + hex.EncodeToString(ds[:]) + `"}`)})
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	for _, e := range entries {
		method := zip.Deflate
		if (strings.HasPrefix(e.name, "archive/") && !deflated) || strings.HasSuffix(e.name, ".gz") && !strings.HasPrefix(e.name, "archive/") {
			method = zip.Store
		}
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(e.data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, zb.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A Browsertrix/py-wacz package: two WARCs, a revisit in the second of a
// response in the first, a ZipNum index, extra pages. Imported, imported
// again, exported and read back. One whose datapackage.json lists a WARC
// the zip does not hold (a copy made while the crawl was still writing)
// imports what it holds and says, in one line and exit 1, what it lacks:
// before, it was imported as if whole, exit 0, without a word.
func TestImportWACZ_Browsertrix(t *testing.T) {
	dir := t.TempDir()
	h1, h2 := pageHash(t, "en-post-708", 1, "text/html"), pageHash(t, "en-post-708", 2, "text/html")
	want := h1 + " 2021-05-05T10:00:00Z..2021-06-05T10:00:00Z\n" + h2 + " 2021-07-05T10:00:00Z..2021-07-05T10:00:00Z"
	wantOut := map[string]int{"new": 2, "changed": 1, "unchanged": 1, "not_modified": 0, "removed": 0, "captured": 0, "failed": 0}
	history := func(db string) string {
		var lines []string
		for _, v := range historyOf(t, db, "hewariraq.com/en/post/708").Versions {
			lines = append(lines, versionLine(v))
		}
		return strings.Join(lines, "\n")
	}
	// importWhole imports a package holding every WARC it lists.
	importWhole := func(what, pkg, db string) {
		t.Helper()
		if s := importSummaryOf(t, db, pkg); s.Captures != 4 || !reflect.DeepEqual(s.Outcomes, wantOut) || s.Skipped != 0 {
			t.Errorf("%s: %+v; want %v", what, s, wantOut)
		}
		if got := history(db); got != want {
			t.Errorf("708 from the %s:\n%s\nwant\n%s", what, got, want)
		}
	}

	whole := filepath.Join(dir, "whole.wacz")
	browsertrixWACZ(t, whole, false, false)
	db := filepath.Join(dir, "a.db")
	importWhole("browsertrix WACZ", whole, db)
	if s := importSummaryOf(t, db, whole); s.Captures != 0 || s.Duplicates != 4 {
		t.Errorf("the WACZ again: %+v", s)
	}
	exportAndReadBack(t, db, dir)

	cut := filepath.Join(dir, "incomplete.wacz")
	browsertrixWACZ(t, cut, true, false)
	db2 := filepath.Join(dir, "b.db")
	r := hewarCmd(t, "import", "warc", "--db", db2, "--json", cut)
	if r.code != 1 || len(r.errLines()) != 1 || !strings.Contains(r.stderr, "lists archive/rec-20210705100000000-crawl-3.warc.gz, which the package does not hold") ||
		!strings.Contains(r.stderr, "imported the 4 captures of the WARCs it holds") {
		t.Errorf("incomplete WACZ: %v; want exit 1 and one line naming the missing WARC", r)
	}
	var s importSummaryJSON
	if err := json.Unmarshal([]byte(r.stdout), &s); err != nil || s.Captures != 4 || len(s.BadFiles) != 1 || s.BadFiles[0].Imported != 4 {
		t.Errorf("incomplete WACZ summary: %+v (%v)", s, err)
	}
	if got := history(db2); got != want {
		t.Errorf("708 from the incomplete WACZ:\n%s\nwant\n%s", got, want)
	}

	// WARCs deflated in the zip cannot be read again at an offset: the
	// revisit gets its original's body from the archive, where the same
	// import stored it (before, it was skipped).
	deflated := filepath.Join(dir, "deflated.wacz")
	browsertrixWACZ(t, deflated, false, true)
	importWhole("WACZ with deflated WARCs", deflated, filepath.Join(dir, "c.db"))
}

// A WACZ package that holds none of the WARCs its datapackage.json lists
// (its archive/ folder lost, a copy cut before it) is an incomplete
// package, said in one line naming them, as one missing some of them is:
// before, it was "warc record at byte 0: corrupt record: a zip file with
// no archive/*.warc[.gz] in it, so not a WACZ package; imported the 0
// captures before it". Nothing is imported, and no archive is left.
func TestImportWACZ_AllWARCsMissing(t *testing.T) {
	dir := t.TempDir()
	whole := filepath.Join(dir, "whole.wacz")
	browsertrixWACZ(t, whole, false, false)
	zr, err := zip.OpenReader(whole)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, zf := range zr.File {
		if strings.HasPrefix(zf.Name, "archive/") {
			continue
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(w, rc); err != nil {
			t.Fatal(err)
		}
		rc.Close()
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "no-warcs.wacz")
	if err := os.WriteFile(empty, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "a.db")
	r := hewarCmd(t, "import", "warc", "--db", db, empty)
	if r.code != 1 || len(r.errLines()) != 1 || !strings.Contains(r.stderr, "incomplete WACZ package") ||
		!strings.Contains(r.stderr, "archive/rec-20210505100000000-crawl-1.warc.gz") || strings.Contains(r.stderr, "not a WACZ package") {
		t.Errorf("a WACZ without its WARCs: %v; want exit 1 and one line naming the WARCs it lacks", r)
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("importing nothing left an archive behind")
	}
}

// Debian's wget mirrors the replica into a WARC (WARC/1.0, request before
// response, its log and manifest as metadata and resource records), and
// then hewar crawls it twice: the wget WARC imported after those later
// crawls lands before them, its 708 joining crawl 1's version (the same
// text) from wget's time; imported again it stores nothing; exported and
// read back.
func TestImportWARC_WgetBeforeTheCrawls(t *testing.T) {
	wget, err := exec.LookPath("wget")
	if err != nil {
		t.Skip("wget is not installed (make test installs it)")
	}
	site, base := replicaServer(t)
	site.SetEpoch(1)
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, wget, "--mirror", "--level=1", "--timeout=10", "--tries=1", "--no-verbose", "-e", "robots=off",
		"--directory-prefix="+filepath.Join(dir, "mirror"), "--warc-file="+filepath.Join(dir, "wget"), base+"/en/")
	if out, err := cmd.CombinedOutput(); err != nil && ctx.Err() != nil {
		t.Fatalf("wget: %v\n%s", err, out)
	}
	file := filepath.Join(dir, "wget.warc.gz")
	var wgetAt time.Time
	if err := warc.NewCaptureReader().ReadFile(file, func(c *warc.Capture) error {
		if strings.Contains(c.URL, "/en/post/708") && c.Status == 200 {
			wgetAt = c.Date
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if wgetAt.IsZero() {
		t.Fatal("wget did not fetch en/post/708")
	}
	time.Sleep(1100 * time.Millisecond) // the crawls come later, to the second
	db := filepath.Join(dir, "a.db")
	for _, epoch := range []int{1, 2} {
		site.SetEpoch(epoch)
		if r := hewarCmd(t, crawlArgs(db, base)...); r.code != 0 {
			t.Fatalf("crawl: %v", r)
		}
	}
	before := historyOf(t, db, "hewariraq.com/en/post/708")
	s := importSummaryOf(t, db, file)
	// wget fetches 468 a second time when the old address redirects to it:
	// two records, neither in the archive before.
	if s.Captures < 10 || s.Duplicates != 0 || s.Outcomes["failed"] != 0 || len(s.BadFiles) != 0 {
		t.Errorf("wget's WARC: %+v", s)
	}
	after := historyOf(t, db, "hewariraq.com/en/post/708")
	if len(after.Versions) != len(before.Versions) || len(after.Versions) != 2 ||
		!after.Versions[0].ObservedFrom.Equal(wgetAt) || after.Versions[0].ContentHash != before.Versions[0].ContentHash ||
		!after.Versions[1].ObservedFrom.Equal(before.Versions[1].ObservedFrom) {
		t.Errorf("708 before the import %+v\nafter %+v\nwant the first version known from wget's %s", before.Versions, after.Versions, wgetAt)
	}
	t.Logf("wget's WARC: %+v", s)
	if again := importSummaryOf(t, db, file); again.Captures != 0 || again.Duplicates != s.Captures+s.Duplicates {
		t.Errorf("wget's WARC again: %+v; want %d duplicates", again, s.Captures+s.Duplicates)
	}
	exportAndReadBack(t, db, dir)
}

// The Heritrix WARC imported, then exported as WACZ, replayed in
// ReplayWeb.page: 708 as first captured (chunked and gzipped on the wire),
// at its identical-payload revisit, and edited in 2020; and the
// windows-1256 page, its Arabic title legible.
func TestImportWARC_HeritrixReplay(t *testing.T) {
	chromium, node, playwright, app := replayTools(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "heritrix.warc.gz")
	heritrixWARC(t, file, perRecordGzip)
	db := filepath.Join(dir, "a.db")
	importSummaryOf(t, db, file)
	out := filepath.Join(dir, "heritrix.wacz")
	runOK(t, "export", "wacz", "--db", db, "-o", out)
	p708, _ := renderedPage(t, "en-post-708", 1)
	p312, b312 := renderedPage(t, "ar-post-312", 1)
	doc, err := parse.Parse("http://hewariraq.com"+p312, "text/html; charset=windows-1256", b312, hxT5)
	if err != nil || doc.Title == "" {
		t.Fatalf("parse ar-post-312: %v", err)
	}
	const (
		before = "and generally there are no permanent friends"
		after  = "and in general there are no permanent friends"
	)
	ts := func(at time.Time) string { return at.UTC().Format("20060102150405") }
	u708 := "http://hewariraq.com" + p708
	replayWebPage(t, chromium, node, playwright, app, []string{out}, []replayCheck{
		{Name: "708-first", URL: u708, TS: ts(hxT1), Want: before, not: after},
		{Name: "708-revisit", URL: u708, TS: ts(hxT2), Want: before, not: after},
		{Name: "708-edited", URL: u708, TS: ts(hxT4), Want: after, not: before},
		{Name: "312-windows-1256", URL: "http://hewariraq.com" + p312, TS: ts(hxT5), Want: doc.Title},
	})
}

// WARC-Dates as other writers spell them. Before, a date without its Z, the
// 14 digits of WARC/0.17-era tools, or no WARC-Date at all put the capture
// at 1970-01-01 (the zero time), the start of the document's history. Now
// the first two are read as UTC, a missing one falls back to the response's
// HTTP Date, and a capture with neither is skipped with one line.
func TestImportWARC_WARCDates(t *testing.T) {
	dir := t.TempDir()
	p708, b708 := renderedPage(t, "en-post-708", 1)
	h1 := pageHash(t, "en-post-708", 1, "text/html")
	for i, tc := range []struct {
		date, httpDate string
		want           string // the version's observed range; "" for skipped
	}{
		{"2019-03-01T09:00:00Z", "", "2019-03-01T09:00:00Z..2019-03-01T09:00:00Z"},
		{"2019-03-01T09:00:00", "", "2019-03-01T09:00:00Z..2019-03-01T09:00:00Z"},
		{"20190301090000", "", "2019-03-01T09:00:00Z..2019-03-01T09:00:00Z"},
		{"2019-03-01T12:00:00+03:00", "", "2019-03-01T09:00:00Z..2019-03-01T09:00:00Z"},
		{"", "Fri, 01 Mar 2019 09:00:00 GMT", "2019-03-01T09:00:00Z..2019-03-01T09:00:00Z"},
		{"yesterday", "", ""},
	} {
		headers := []string{"Content-Type: text/html", "Content-Length: " + strconv.Itoa(len(b708))}
		if tc.httpDate != "" {
			headers = append(headers, "Date: "+tc.httpDate)
		}
		r := warc11Record("response", "http://hewariraq.com"+p708, tc.date, [][2]string{{"Content-Type", "application/http; msgtype=response"}},
			httpResponse("HTTP/1.1 200 OK", headers, b708))
		if tc.date == "" {
			r.fields = r.fields[:3] // no WARC-Date
		}
		file := filepath.Join(dir, fmt.Sprintf("%d.warc", i))
		writeForeignWARC(t, file, uncompressed, []foreignRecord{r})
		db := filepath.Join(dir, fmt.Sprintf("%d.db", i))
		res := hewarCmd(t, "import", "warc", "--db", db, file)
		if tc.want == "" {
			if res.code != 1 || len(res.errLines()) != 2 || !strings.Contains(res.stderr, "has no readable WARC-Date or HTTP Date: skipped") {
				t.Errorf("WARC-Date %q: %v; want the capture skipped with a line saying why", tc.date, res)
			}
			continue
		}
		if res.code != 0 {
			t.Errorf("WARC-Date %q: %v", tc.date, res)
			continue
		}
		h := historyOf(t, db, "hewariraq.com/en/post/708")
		if len(h.Versions) != 1 || versionLine(h.Versions[0]) != h1+" "+tc.want {
			t.Errorf("WARC-Date %q, HTTP Date %q: %+v; want %s", tc.date, tc.httpDate, h.Versions, tc.want)
		}
	}
}

// The Heritrix WARC cut short, and repeated (the file twice over, as a
// careless cat makes it), in each compression: the cut one imports the
// captures before the cut and says where it stopped in one line; the whole
// file imported after it adds just the rest; the doubled one stores each
// capture once.
func TestImportWARC_HeritrixCutAndRepeated(t *testing.T) {
	for _, how := range []struct {
		name string
		c    warcCompression
		ext  string
	}{{"per-record-gzip", perRecordGzip, ".warc.gz"}, {"whole-file-gzip", wholeFileGzip, ".warc.gz"}, {"uncompressed", uncompressed, ".warc"},
		{"per-record-zstd", perRecordZstd, ".warc.zst"}, {"zstd-with-a-dictionary", perRecordZstdDict, ".warc.zst"}} {
		dir := t.TempDir()
		whole := filepath.Join(dir, "whole"+how.ext)
		heritrixWARC(t, whole, how.c)
		data, err := os.ReadFile(whole)
		if err != nil {
			t.Fatal(err)
		}
		cut := filepath.Join(dir, "cut"+how.ext)
		records := 0 // where the records start: after the dictionary frame
		if how.c == perRecordZstdDict {
			records = 8 + int(binary.LittleEndian.Uint32(data[4:8]))
		}
		os.WriteFile(cut, data[:records+(len(data)-records)*6/10], 0o644)
		doubled := filepath.Join(dir, "doubled"+how.ext)
		os.WriteFile(doubled, append(append([]byte{}, data...), data...), 0o644)

		db := filepath.Join(dir, "a.db")
		r := hewarCmd(t, "import", "warc", "--db", db, "--json", cut)
		var s importSummaryJSON
		json.Unmarshal([]byte(r.stdout), &s)
		if how.c == wholeFileGzip {
			// One gzip member: nothing can be read past the cut, and
			// what came before it is all there is.
			if r.code != 1 || len(r.errLines()) != 1 || !strings.Contains(r.stderr, "gzip member ends early") {
				t.Errorf("%s cut: %v", how.name, r)
			}
		} else if r.code != 1 || len(r.errLines()) != 1 || !strings.Contains(r.stderr, "truncated record") || s.Captures == 0 || s.Captures >= 7 {
			t.Errorf("%s cut: %v; want some captures, one line and exit 1", how.name, r)
		}
		// A response the cut is inside of is stored truncated, and its
		// whole record, in the whole file, is no duplicate of it.
		cutShort := 0
		for _, c := range capturesOf(t, db) {
			if c.Truncated && !strings.HasSuffix(c.RecordID, " (truncated)") {
				cutShort++
			}
		}
		rest := importSummaryOf(t, db, whole)
		if rest.Captures+rest.Duplicates != 7 || rest.Duplicates != s.Captures-cutShort {
			t.Errorf("%s: the whole file after the cut one: %+v; want the %d whole captures of the cut file as duplicates and the rest stored", how.name, rest, s.Captures-cutShort)
		}
		db2 := filepath.Join(dir, "b.db")
		if d := importSummaryOf(t, db2, doubled); d.Captures != 7 || d.Duplicates != 7 {
			t.Errorf("%s doubled: %+v; want 7 stored and 7 duplicates", how.name, d)
		}
		var n int
		queryRow(t, db2, `SELECT count(*) FROM capture_rows`, &n)
		if n != 7 {
			t.Errorf("%s doubled: %d captures stored, want 7", how.name, n)
		}
	}
}

// Debian's wget run twice on 708, the second time deduplicating against
// the first's CDX (--warc-dedup): its second WARC holds an
// identical-payload revisit with WARC-Truncated: length and no block at
// all, naming its original by WARC-Refers-To. Imported one a night, and
// both at once newest first, the revisit extends 708's version to the
// second run. Before, it was skipped either way.
func TestImportWARC_WgetDedup(t *testing.T) {
	wget, err := exec.LookPath("wget")
	if err != nil {
		t.Skip("wget is not installed (make test installs it)")
	}
	r := newReplica(t) // its clock stands still: the page is the same bytes twice
	base := r.srv.URL
	p708, _ := renderedPage(t, "en-post-708", 1)
	dir := t.TempDir()
	fetch := func(name string, extra ...string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		args := append([]string{"--timeout=10", "--tries=1", "--no-verbose", "-O", os.DevNull, "--warc-file=" + filepath.Join(dir, name)}, extra...)
		cmd := exec.CommandContext(ctx, wget, append(args, base+p708)...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("wget %s: %v\n%s", name, err, out)
		}
	}
	fetch("one", "--warc-cdx")
	time.Sleep(1100 * time.Millisecond)
	fetch("two", "--warc-dedup="+filepath.Join(dir, "one.cdx"))
	one, two := filepath.Join(dir, "one.warc.gz"), filepath.Join(dir, "two.warc.gz")
	var revisitAt time.Time
	if err := warc.NewCaptureReader().ReadFile(two, func(c *warc.Capture) error {
		if c.Revisit != "" {
			revisitAt = c.Date
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if revisitAt.IsZero() {
		t.Fatal("wget --warc-dedup wrote no revisit record")
	}
	check := func(what, db string, s importSummaryJSON) {
		t.Helper()
		if s.Skipped != 0 || s.Outcomes["unchanged"] != 1 {
			t.Errorf("%s: %+v; want the revisit imported, unchanged", what, s)
		}
		h := historyOf(t, db, "hewariraq.com/en/post/708")
		if len(h.Versions) != 1 || !h.Versions[0].ObservedTo.Equal(revisitAt) {
			t.Errorf("%s: 708 %+v; want one version observed until the revisit, %s", what, h.Versions, revisitAt)
		}
	}
	nightly := filepath.Join(dir, "nightly.db")
	importSummaryOf(t, nightly, one)
	check("one a night", nightly, importSummaryOf(t, nightly, two))
	both := filepath.Join(dir, "both.db")
	check("newest first", both, importSummaryOf(t, both, two, one))
}
