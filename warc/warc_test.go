package warc

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 1, 8, 9, 30, 15, 123_000_000, time.UTC)

// sampleCaptures covers every kind of record the writer makes.
func sampleCaptures() []*Capture {
	page := []byte("<html><head><title>حوار</title></head><body><p>Dialogue of thought</p></body></html>")
	reqHeader := Fields{{"User-Agent", "hewar-test (+mailto:ops@example.org)"}, {"Accept", "*/*"}}
	return []*Capture{
		{
			URL: "http://127.0.0.1:8080/en/post/708/dialog-magazine", Date: t0, IP: "127.0.0.1",
			Method: "GET", RequestHeader: reqHeader,
			StatusLine: "HTTP/1.1 200 OK", Status: 200,
			Header: Fields{{"Content-Type", "text/html; charset=utf-8"}, {"Date", "Thu, 08 Jan 2026 09:30:15 GMT"}, {"Content-Length", "97"}},
			Body:   page,
			Redirects: []Hop{
				{URL: "http://127.0.0.1:8080/an-interview/", Status: 301, Location: "http://127.0.0.1:8080/en/post/708/dialog-magazine"},
			},
		},
		{
			// Go's client removed the chunking; the writer must send a valid chunked body.
			URL: "http://127.0.0.1:8080/post/777", Date: t0.Add(time.Second),
			Method: "GET", RequestHeader: reqHeader,
			HeaderBlock: []byte("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/html\r\n\r\n"),
			Body:        []byte("<html>post 777 عربي</html>"),
		},
		{
			// The same page again, same bytes: an identical-payload revisit.
			URL: "http://127.0.0.1:8080/en/post/708/other-slug", Date: t0.Add(2 * time.Second),
			Method: "GET", RequestHeader: reqHeader,
			StatusLine: "HTTP/1.1 200 OK", Status: 200,
			Header: Fields{{"Content-Type", "text/html; charset=utf-8"}},
			Body:   page,
		},
		{
			// A conditional fetch of post 708 answered 304.
			URL: "http://127.0.0.1:8080/en/post/708/dialog-magazine", Date: t0.Add(3 * time.Second),
			Method: "GET", RequestHeader: append(Fields{{"If-None-Match", `"abc"`}}, reqHeader...),
			StatusLine: "HTTP/1.1 304 Not Modified", Status: 304,
			Header: Fields{{"ETag", `"abc"`}},
		},
		{
			URL: "http://127.0.0.1:8080/gone", Date: t0.Add(4 * time.Second), Method: "GET",
			Err: "dial tcp 127.0.0.1:8080: connect: connection refused",
		},
		{
			URL: "http://127.0.0.1:8080/robots.txt?b=2&a=1", Date: t0.Add(5 * time.Second),
			StatusLine: "HTTP/1.1 404 Not Found", Status: 404,
			Header: Fields{{"Content-Type", "text/plain"}},
			Body:   []byte("not found\n"),
		},
	}
}

// writeSample writes the sample captures to dir/name and returns the file
// and its CDXJ index.
func writeSample(t testing.TB, dir, name string, plain bool) (string, string) {
	t.Helper()
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	var idx bytes.Buffer
	w := NewWriter(f, WriterOptions{Filename: name, Index: &idx, Plain: plain})
	if err := w.WriteInfo(Info{Software: "hewar/test", UserAgent: "hewar-test"}); err != nil {
		t.Fatal(err)
	}
	for _, c := range sampleCaptures() {
		if err := w.WriteCapture(c); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path, idx.String()
}

func readAll(t testing.TB, path string) ([]*Capture, error) {
	t.Helper()
	var got []*Capture
	err := NewCaptureReader().ReadFile(path, func(c *Capture) error {
		got = append(got, c)
		return nil
	})
	return got, err
}

func TestWriter_RoundTrip(t *testing.T) {
	for _, plain := range []bool{false, true} {
		name := "gzip"
		if plain {
			name = "plain"
		}
		t.Run(name, func(t *testing.T) {
			path, _ := writeSample(t, t.TempDir(), "out.warc.gz", plain)
			got, err := readAll(t, path)
			if err != nil {
				t.Fatal(err)
			}
			// hop, 708, 777, 708 again (revisit), 304 revisit, 404; the failure has no capture.
			want := []struct {
				url     string
				status  int
				body    string
				revisit string
				method  string
			}{
				{"http://127.0.0.1:8080/an-interview/", 301, "", "", ""},
				{"http://127.0.0.1:8080/en/post/708/dialog-magazine", 200, string(sampleCaptures()[0].Body), "", "GET"},
				{"http://127.0.0.1:8080/post/777", 200, "<html>post 777 عربي</html>", "", "GET"},
				{"http://127.0.0.1:8080/en/post/708/other-slug", 200, string(sampleCaptures()[0].Body), ProfileIdenticalPayload, "GET"},
				{"http://127.0.0.1:8080/en/post/708/dialog-magazine", 304, "", ProfileServerNotModified, "GET"},
				{"http://127.0.0.1:8080/robots.txt?b=2&a=1", 404, "not found\n", "", ""},
			}
			if len(got) != len(want) {
				t.Fatalf("read %d captures, want %d", len(got), len(want))
			}
			for i, w := range want {
				g := got[i]
				if g.URL != w.url || g.Status != w.status || string(g.Body) != w.body || g.Revisit != w.revisit || g.Method != w.method {
					t.Errorf("capture %d = {%s %d %q %q %q}, want %+v", i, g.URL, g.Status, clip(string(g.Body)), g.Revisit, g.Method, w)
				}
			}
			in := sampleCaptures()
			if got[1].StatusLine != "HTTP/1.1 200 OK" || !reflect.DeepEqual(got[1].Header, in[0].Header) {
				t.Errorf("head of 708 = %q %v, want %q %v", got[1].StatusLine, got[1].Header, "HTTP/1.1 200 OK", in[0].Header)
			}
			if !got[1].Date.Equal(t0) || got[1].IP != "127.0.0.1" {
				t.Errorf("708 date, ip = %v %q, want %v 127.0.0.1", got[1].Date, got[1].IP, t0)
			}
			wantReq := append(Fields{{"Host", "127.0.0.1:8080"}}, in[0].RequestHeader...)
			if !reflect.DeepEqual(got[1].RequestHeader, wantReq) {
				t.Errorf("request header = %v, want %v", got[1].RequestHeader, wantReq)
			}
			if !bytes.Equal(got[2].HeaderBlock, in[1].HeaderBlock) {
				t.Errorf("777 head = %q, want %q", got[2].HeaderBlock, in[1].HeaderBlock)
			}
			if want := "1e\r\n<html>post 777 عربي</html>\r\n0\r\n\r\n"; string(got[2].RawBody) != want {
				t.Errorf("777 raw body = %q, want %q", got[2].RawBody, want)
			}
			if !got[3].Resolved || got[3].RefersToURI != in[0].URL || !got[3].RefersToDate.Equal(t0) {
				t.Errorf("identical revisit: resolved %v refers to %q %v", got[3].Resolved, got[3].RefersToURI, got[3].RefersToDate)
			}
			if got[4].RefersToURI != in[0].URL {
				t.Errorf("304 revisit refers to %q, want %q", got[4].RefersToURI, in[0].URL)
			}
		})
	}
}

// TestWriter_Records checks the records themselves: types, fields, digests
// recomputed from the blocks, and the index against the offsets read.
func TestWriter_Records(t *testing.T) {
	path, index := writeSample(t, t.TempDir(), "out.warc.gz", false)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rd := NewReader(f)
	var types []string
	var lines []string
	var end int64
	ids := map[string]string{}
	var concurrent []string
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if rec.Offset != end {
			t.Errorf("record at %d, previous ended at %d", rec.Offset, end)
		}
		end = rec.Offset + rec.Length
		if rec.Version != "WARC/1.1" {
			t.Errorf("version %q", rec.Version)
		}
		types = append(types, rec.Type())
		ids[rec.ID()] = rec.Type()
		if got, want := rec.Header.Get("WARC-Block-Digest"), Digest(rec.Block); got != want {
			t.Errorf("%s %s: block digest %s, computed %s", rec.Type(), rec.TargetURI(), got, want)
		}
		if c := rec.Header.Get("WARC-Concurrent-To"); c != "" {
			concurrent = append(concurrent, c)
		}
		switch rec.Type() {
		case TypeResponse:
			m, err := ParseHTTP(rec.Block)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := rec.Header.Get("WARC-Payload-Digest"), Digest(storedPayload(m)); got != want {
				t.Errorf("payload digest %s, computed %s", got, want)
			}
			if rec.Header.Get("Content-Type") != ContentTypeResponse {
				t.Errorf("content type %q", rec.Header.Get("Content-Type"))
			}
		case TypeRequest:
			if rec.Header.Get("Content-Type") != ContentTypeRequest {
				t.Errorf("content type %q", rec.Header.Get("Content-Type"))
			}
		}
		if rec.Type() == TypeResponse || rec.Type() == TypeRevisit {
			m, _ := ParseHTTP(rec.Block)
			e := IndexEntry{URLKey: SURT(rec.TargetURI()), Timestamp: Timestamp14(rec.Header.Get("WARC-Date")),
				URL: rec.TargetURI(), Mime: mimeOf(m.Head), Status: m.Status(),
				Digest: strings.TrimPrefix(rec.Header.Get("WARC-Payload-Digest"), "sha1:"),
				Length: rec.Length, Offset: rec.Offset, Filename: "out.warc.gz"}
			if rec.Type() == TypeRevisit {
				e.Mime = "warc/revisit"
			}
			lines = append(lines, e.Line())
		}
	}
	st, _ := f.Stat()
	if end != st.Size() {
		t.Errorf("records end at %d, file has %d bytes", end, st.Size())
	}
	wantTypes := "warcinfo response response request response request revisit request revisit request metadata response"
	if got := strings.Join(types, " "); got != wantTypes {
		t.Errorf("record types:\n got %s\nwant %s", got, wantTypes)
	}
	for _, c := range concurrent {
		if ids[c] != TypeResponse && ids[c] != TypeRevisit {
			t.Errorf("WARC-Concurrent-To %s points at a %q record", c, ids[c])
		}
	}
	sort.Strings(lines)
	if got := strings.Join(lines, "\n") + "\n"; got != index {
		t.Errorf("index:\n got %s\nwant %s", index, got)
	}
}

func TestSURT(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://www.HewarIraq.com/en/post/708/Slug", "com,hewariraq)/en/post/708/slug"},
		{"http://127.0.0.1:8080/robots.txt?b=2&a=1", "1,0,0,127:8080)/robots.txt?a=1&b=2"}, // warcio.js reverses IPs too,
		{"http://hewariraq.com/post/468/%D9%85%D8%AF", "com,hewariraq)/post/468/%d9%85%d8%af"},
		{"http://hewariraq.com:80/", "com,hewariraq)/"},
		{"dns:hewariraq.com", "dns:hewariraq.com"},
	} {
		if got := SURT(tc.in); got != tc.want {
			t.Errorf("SURT(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestIndexSorter_Spills(t *testing.T) {
	s := &indexSorter{max: 3, dir: t.TempDir()}
	var want []string
	for _, w := range strings.Fields("k c x a m b z y d e q") {
		line := w + " 20260108000000 {}"
		want = append(want, line)
		if err := s.add(line); err != nil {
			t.Fatal(err)
		}
	}
	if len(s.spills) != 3 {
		t.Fatalf("%d spills, want 3", len(s.spills))
	}
	var out bytes.Buffer
	if err := s.writeTo(&out); err != nil {
		t.Fatal(err)
	}
	sort.Strings(want)
	if got := out.String(); got != strings.Join(want, "\n")+"\n" {
		t.Errorf("merged:\n%s", got)
	}
	left, _ := filepath.Glob(filepath.Join(s.dir, "*"))
	if len(left) != 0 {
		t.Errorf("spill files left: %v", left)
	}
}

// recordOffsets returns where each record of a file starts.
func recordOffsets(t *testing.T, path string) []int64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var offs []int64
	rd := NewReader(f)
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			return offs
		}
		if err != nil {
			t.Fatal(err)
		}
		offs = append(offs, rec.Offset)
	}
}

func TestReader_BadFiles(t *testing.T) {
	for _, plain := range []bool{false, true} {
		dir := t.TempDir()
		path, _ := writeSample(t, dir, "good.warc", plain)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		offs := recordOffsets(t, path)
		// Record 6 is the revisit of post 708; records 0-5 hold the hop,
		// 708 and 777 with their requests.
		cut := offs[6]
		// Damage the middle of a gzip member (gzip catches it) or the end
		// of a plain block, past its WARC header (the block digest catches it).
		damage := cut + (offs[7]-cut)/2
		if plain {
			damage = offs[7] - 12
		}
		for _, tc := range []struct {
			name    string
			data    []byte
			kind    error
			atStart bool // the error is reported at the record's start
		}{
			{"truncated", data[:cut+(offs[7]-cut)/2], ErrTruncated, true},
			{"corrupt", corruptAt(data, damage), ErrCorrupt, true},
			{"garbage", append(append(append([]byte{}, data[:cut]...), "not a warc record\r\n"...), data[cut:]...), ErrCorrupt, true},
		} {
			t.Run(map[bool]string{true: "plain", false: "gzip"}[plain]+"/"+tc.name, func(t *testing.T) {
				p := filepath.Join(dir, tc.name)
				if err := os.WriteFile(p, tc.data, 0o644); err != nil {
					t.Fatal(err)
				}
				got, err := readAll(t, p)
				var fe *FormatError
				if !errors.As(err, &fe) {
					t.Fatalf("error %v, want a *FormatError", err)
				}
				if !errors.Is(err, tc.kind) {
					t.Errorf("error %v, want %v", err, tc.kind)
				}
				if fe.Offset != cut {
					t.Errorf("bad record reported at byte %d, want %d", fe.Offset, cut)
				}
				if len(got) != 3 {
					t.Fatalf("%d captures before the bad record, want 3 (hop, 708, 777); err %v", len(got), err)
				}
				if got[2].URL != "http://127.0.0.1:8080/post/777" || got[2].Method != "GET" {
					t.Errorf("last good capture %s %q", got[2].URL, got[2].Method)
				}
			})
		}
	}
}

// corruptAt flips 8 bytes at i: in a gzip member gzip's checks catch it, in
// a plain file the block digest does.
func corruptAt(data []byte, i int64) []byte {
	out := append([]byte{}, data...)
	for j := i; j < i+8 && j < int64(len(out)); j++ {
		out[j] ^= 0x55
	}
	return out
}

// wholeGzipSample writes the sample as a plain WARC in dir and returns its
// path and its bytes gzipped whole, as one member.
func wholeGzipSample(t *testing.T, dir string) (string, []byte) {
	plain, _ := writeSample(t, dir, "plain.warc", true)
	data, _ := os.ReadFile(plain)
	var gz bytes.Buffer
	zw := newTestGzip(&gz)
	zw.Write(data)
	zw.Close()
	return plain, gz.Bytes()
}

func TestReader_WholeFileGzip(t *testing.T) {
	// Some tools gzip a plain WARC as one member: every record shares it.
	dir := t.TempDir()
	plain, gz := wholeGzipSample(t, dir)
	p := filepath.Join(dir, "whole.warc.gz")
	os.WriteFile(p, gz, 0o644)
	got, err := readAll(t, p)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 6 {
		t.Fatalf("%d captures, want 6", len(got))
	}
	// Every capture as read from the plain file, the revisit's body too:
	// its original is found inside the one member (it used to be given
	// the member's first record, the warcinfo, and no body).
	want, err := readAll(t, plain)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range got {
		if !bytes.Equal(c.Body, want[i].Body) || c.Resolved != want[i].Resolved || c.Status != want[i].Status {
			t.Errorf("capture %d (%s): body %q resolved %v status %d; from the plain file %q %v %d",
				i, c.URL, c.Body, c.Resolved, c.Status, want[i].Body, want[i].Resolved, want[i].Status)
		}
	}
}

// A file gzipped whole and cut short gives the captures before the cut, and
// an error at byte 0, where reading can start again, that says which of
// the member's records is cut: main said only "warc record at byte 0:
// truncated record: gzip member ends early", which reads as a file bad from
// its first byte. Cut in its trailer, the member's last record is whole
// (its block digest matches) and read; main dropped it. So is a gzipped
// record's own member's.
func TestReader_WholeFileGzipCut(t *testing.T) {
	dir := t.TempDir()
	plain, gz := wholeGzipSample(t, dir)
	want, _ := readAll(t, plain)
	for _, tt := range []struct {
		cut      int // bytes cut off the end
		captures int
		says     string
	}{
		{8, len(want), "gzip member ends early (after its 12 records, read whole: the last one's block digest matches)"},
		{len(gz) / 3, 1, "the file is compressed whole, and its "},
	} {
		p := filepath.Join(dir, "cut.warc.gz")
		os.WriteFile(p, gz[:len(gz)-tt.cut], 0o644)
		got, err := readAll(t, p)
		var fe *FormatError
		if !errors.As(err, &fe) || fe.Offset != 0 || !errors.Is(err, ErrTruncated) || len(got) < tt.captures || !strings.Contains(err.Error(), tt.says) {
			t.Errorf("cut %d: %d captures, error %v; want %d or more and a truncated member at byte 0 saying %q", tt.cut, len(got), err, tt.captures, tt.says)
		}
	}
	// One gzip member a record, the last one's trailer lost.
	gzipped, _ := writeSample(t, dir, "sample.warc.gz", false)
	data, _ := os.ReadFile(gzipped)
	os.WriteFile(gzipped, data[:len(data)-8], 0o644)
	if got, err := readAll(t, gzipped); len(got) != len(want) || !errors.Is(err, ErrTruncated) {
		t.Errorf("per-record gzip, the last trailer lost: %d captures (%v); want %d and a truncated member", len(got), err, len(want))
	}
}

func TestOriginalURL(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		at       time.Time
		ok       bool
	}{
		{"http://web.archive.org/web/20200101000000/https://hewariraq.com/en/post/708/slug",
			"https://hewariraq.com/en/post/708/slug", time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), true},
		{"https://web.archive.org/web/20190415123456id_/http://hewariraq.com/post/777",
			"http://hewariraq.com/post/777", time.Date(2019, 4, 15, 12, 34, 56, 0, time.UTC), true},
		{"http://127.0.0.1:8080/web/2021/https:/hewariraq.com/post/468/x",
			"https://hewariraq.com/post/468/x", time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC), true},
		{"http://localhost:8080/my-coll/20200101000000/hewariraq.com/en/post/708",
			"http://localhost:8080/my-coll/20200101000000/hewariraq.com/en/post/708", time.Time{}, false},
		{"http://127.0.0.1:8080/20200101000000/hewariraq.com/en/post/708",
			"http://hewariraq.com/en/post/708", time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), true},
		{"https://hewariraq.com/en/post/708", "https://hewariraq.com/en/post/708", time.Time{}, false},
		{"https://example.org/2019/04/some-post/", "https://example.org/2019/04/some-post/", time.Time{}, false},
		{"https://example.org/web/2019/04/some-post/", "https://example.org/web/2019/04/some-post/", time.Time{}, false},
		{"https://example.org/20190401000000/notes/x", "https://example.org/20190401000000/notes/x", time.Time{}, false},
		{"https://web.archive.org/web/2019/hewariraq.com:8080/post/1",
			"http://hewariraq.com:8080/post/1", time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC), true},
	} {
		got, at, ok := OriginalURL(tc.in)
		if got != tc.want || !at.Equal(tc.at) || ok != tc.ok {
			t.Errorf("OriginalURL(%q) = %q %v %v, want %q %v %v", tc.in, got, at, ok, tc.want, tc.at, tc.ok)
		}
	}
}

func TestCaptureReader_SkipDigests(t *testing.T) {
	dir := t.TempDir()
	path, _ := writeSample(t, dir, "x.warc", true)
	data, _ := os.ReadFile(path)
	i := bytes.Index(data, []byte("Dialogue of thought"))
	data[i] = 'd' // one byte of post 708's body
	os.WriteFile(path, data, 0o644)
	if _, err := readAll(t, path); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("damaged block read with error %v, want ErrCorrupt", err)
	}
	cr := NewCaptureReader()
	cr.SkipDigests = true
	n := 0
	if err := cr.ReadFile(path, func(*Capture) error { n++; return nil }); err != nil || n != 6 {
		t.Errorf("with SkipDigests: %d captures, error %v; want 6, nil", n, err)
	}
}

// storedPayload is the body as the record holds it, what payload digests cover.
func storedPayload(m *HTTPMessage) []byte {
	if m.RawBody != nil {
		return m.RawBody
	}
	return m.Body
}

// waczOf packs the WARC at warcPath into a zip at dir/name, as a WACZ holds
// it under archive/ (stored, or deflated when deflate is set), after a
// datapackage.json.
func waczOf(t *testing.T, dir, name, warcPath string, deflate bool) string {
	t.Helper()
	data, err := os.ReadFile(warcPath)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, e := range []struct {
		name   string
		method uint16
		data   []byte
	}{
		{"datapackage.json", zip.Deflate, []byte(`{"profile": "data-package", "wacz_version": "1.1.1"}`)},
		{"archive/data.warc.gz", map[bool]uint16{false: zip.Store, true: zip.Deflate}[deflate], data},
	} {
		var w io.Writer
		var err error
		if e.method == zip.Store {
			// Sizes in the local header, no data descriptor, as hewar
			// export wacz writes a WARC.
			w, err = zw.CreateRaw(&zip.FileHeader{Name: e.name, Method: zip.Store, CRC32: crc32.ChecksumIEEE(e.data),
				CompressedSize64: uint64(len(e.data)), UncompressedSize64: uint64(len(e.data))})
		} else {
			w, err = zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: e.method})
		}
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(e.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestCaptureReader_WACZ: a WACZ package reads as the WARC it holds, its
// identical-payload revisit given the body it refers to (found again at its
// offset in the package); a zip that holds no WARC, and a WARC cut inside
// the package, are FormatErrors that say so.
func TestCaptureReader_WACZ(t *testing.T) {
	dir := t.TempDir()
	warcPath, _ := writeSample(t, dir, "data.warc.gz", false)
	want, err := readAll(t, warcPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, deflate := range []bool{false, true} {
		got, err := readAll(t, waczOf(t, dir, fmt.Sprintf("deflate-%v.wacz", deflate), warcPath, deflate))
		if err != nil || len(got) != len(want) {
			t.Fatalf("deflate %v: read %d captures (%v), want %d", deflate, len(got), err, len(want))
		}
		for i := range want {
			g, w := got[i], want[i]
			revisitBody := deflate && w.Resolved // a deflated WARC cannot be read again at an offset
			if g.URL != w.URL || g.Status != w.Status || g.Revisit != w.Revisit || (string(g.Body) != string(w.Body)) != revisitBody {
				t.Errorf("deflate %v: capture %d = {%s %d %q %.20q}, want {%s %d %q %.20q}", deflate, i, g.URL, g.Status, g.Revisit, g.Body, w.URL, w.Status, w.Revisit, w.Body)
			}
		}
		if !deflate && !got[3].Resolved {
			t.Errorf("the revisit in a WACZ was not resolved: %+v", got[3])
		}
	}

	var fe *FormatError
	zipOnly := filepath.Join(dir, "empty.zip")
	zf, _ := os.Create(zipOnly)
	zw := zip.NewWriter(zf)
	w, _ := zw.Create("pages/pages.jsonl")
	w.Write([]byte("{}\n"))
	zw.Close()
	zf.Close()
	if _, err := readAll(t, zipOnly); !errors.As(err, &fe) || !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "not a WACZ package") {
		t.Errorf("a zip without WARCs: %v", err)
	}

	data, err := os.ReadFile(warcPath)
	if err != nil {
		t.Fatal(err)
	}
	cutPath := filepath.Join(dir, "cut.warc.gz")
	if err := os.WriteFile(cutPath, data[:len(data)-30], 0o644); err != nil {
		t.Fatal(err)
	}
	// The response the cut is inside of is read as far as it goes,
	// truncated (before December 2026 it was lost).
	got, err := readAll(t, waczOf(t, dir, "cut.wacz", cutPath, false))
	if !errors.As(err, &fe) || !errors.Is(err, ErrTruncated) || !strings.Contains(err.Error(), "in archive/data.warc.gz") || len(got) != len(want) || got[len(got)-1].Truncated == "" {
		t.Errorf("a WACZ with a cut WARC: %d captures, %v; want %d, the last one truncated", len(got), err, len(want))
	}

	// A package cut short (a download that stopped): its zip directory is
	// gone, and what its WARC holds up to the cut is still read.
	pkg, err := os.ReadFile(waczOf(t, dir, "whole.wacz", warcPath, false))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		cut      int
		captures int
		want     string
	}{
		{"inside its WARC", bytes.Index(pkg, data) + len(data) - 30, len(want), "in archive/data.warc.gz: truncated record"},
		{"after its WARC", len(pkg) - 10, len(want), "the WACZ package cannot be read past this byte"},
	} {
		short := filepath.Join(dir, "short.wacz")
		if err := os.WriteFile(short, pkg[:tc.cut], 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := readAll(t, short)
		if !errors.As(err, &fe) || !errors.Is(err, ErrTruncated) || !strings.Contains(err.Error(), tc.want) || len(got) != tc.captures {
			t.Errorf("a WACZ cut %s: %d captures, %v; want %d and %q", tc.name, len(got), err, tc.captures, tc.want)
		}
	}
}

// wget's revisit records (--warc-dedup, wget 1.21) carry the block digest
// of zero bytes over a block that holds the HTTP head. Such a revisit is
// read; a response with that digest is still a corrupt record. Before, the
// revisit stopped the file as corrupt.
func TestReader_WgetRevisitDigest(t *testing.T) {
	head := "HTTP/1.0 200 OK\r\nContent-Type: text/html\r\nContent-Length: 67\r\n\r\n"
	record := func(typ string) string {
		return "WARC/1.0\r\nWARC-Type: " + typ + "\r\nWARC-Record-ID: <urn:uuid:830a98b6-2c4c-40d9-900e-2e95689892f8>\r\n" +
			"WARC-Profile: http://netpreserve.org/warc/1.0/revisit/identical-payload-digest\r\nWARC-Truncated: length\r\n" +
			"WARC-Target-URI: <http://127.0.0.1:18765/a>\r\nWARC-Date: 2026-12-02T00:00:09Z\r\n" +
			"Content-Type: application/http;msgtype=response\r\nWARC-Block-Digest: " + Digest() + "\r\n" +
			"WARC-Payload-Digest: sha1:OQJUM3OPXIY6FN26TYZRHVWPMYXBUI2B\r\n" +
			fmt.Sprintf("Content-Length: %d\r\n\r\n", len(head)) + head + "\r\n\r\n"
	}
	rec, err := NewReader(strings.NewReader(record(TypeRevisit))).Next()
	if err != nil || string(rec.Block) != head {
		t.Fatalf("wget's revisit: %v, %+v", err, rec)
	}
	if _, err := NewReader(strings.NewReader(record(TypeResponse))).Next(); !errors.Is(err, ErrCorrupt) {
		t.Errorf("a response whose block digest is of zero bytes: %v, want a corrupt record", err)
	}
}

// Heritrix 1.14 wrote WARC/0.17 files whose revisits name the profiles of
// that draft (http://netpreserve.org/warc/0.17/revisit/...), and WARC/0.18
// files name 0.18's. They are the same two profiles as 1.0's and 1.1's: an
// identical-payload revisit gets its original's body, a not-modified one is
// a 304. Before, an unknown profile carried no body and no status.
func TestCaptureReader_DraftRevisitProfiles(t *testing.T) {
	body := "<html><head><title>Post 708</title></head><body><p>text</p></body></html>"
	response := "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " + fmt.Sprint(len(body)) + "\r\n\r\n" + body
	record := func(version, typ, id, date, extra, block string) string {
		return version + "\r\nWARC-Type: " + typ + "\r\nWARC-Record-ID: <urn:uuid:" + id + ">\r\n" +
			"WARC-Target-URI: http://127.0.0.1:18765/en/post/708\r\nWARC-Date: " + date + "\r\n" + extra +
			"Content-Type: application/http; msgtype=response\r\n" +
			fmt.Sprintf("Content-Length: %d\r\n\r\n", len(block)) + block + "\r\n\r\n"
	}
	for _, v := range []string{"0.17", "0.18"} {
		profile := "WARC-Profile: http://netpreserve.org/warc/" + v + "/revisit/"
		digest := "WARC-Payload-Digest: " + Digest([]byte(body)) + "\r\n"
		file := record("WARC/"+v, TypeResponse, "00000000-0000-0000-0000-000000000001", "2008-05-01T10:00:00Z", digest, response) +
			record("WARC/"+v, TypeRevisit, "00000000-0000-0000-0000-000000000002", "2008-06-01T10:00:00Z",
				profile+"identical-payload-digest\r\n"+digest, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n") +
			record("WARC/"+v, TypeRevisit, "00000000-0000-0000-0000-000000000003", "2008-07-01T10:00:00Z",
				profile+"server-not-modified\r\n", "")
		p := filepath.Join(t.TempDir(), "heritrix-"+v+".warc")
		if err := os.WriteFile(p, []byte(file), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := readAll(t, p)
		if err != nil || len(got) != 3 {
			t.Fatalf("WARC/%s: %d captures, %v; want 3", v, len(got), err)
		}
		if !got[1].Resolved || string(got[1].Body) != body || got[1].Status != 200 {
			t.Errorf("WARC/%s identical-payload revisit: resolved %v, status %d, body %.20q; want its original's", v, got[1].Resolved, got[1].Status, got[1].Body)
		}
		if got[2].Status != 304 {
			t.Errorf("WARC/%s server-not-modified revisit: status %d, want 304", v, got[2].Status)
		}
	}
}

// A chunked body that ends before its last chunk (a connection cut, which
// wget records as it came and marks nothing) is dechunked as far as it goes
// and Cut; a whole one is not; a body that is no chunks at all (dechunked
// by its writer, the header kept) is kept as stored. main took a body cut
// inside a chunk for one that is no chunks, and kept it with its chunk
// sizes as the payload, and a body cut after whole chunks for a whole one.
func TestParseHTTP_CutChunks(t *testing.T) {
	head := "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	for _, tt := range []struct {
		name, body, want string
		cut              bool
	}{
		{"whole", "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", "hello world", false},
		{"cut after whole chunks", "5\r\nhello\r\n6\r\n world\r\n", "hello world", true},
		{"cut inside a chunk", "5\r\nhello\r\n6\r\n wo", "hello wo", true},
		{"no chunks", "<html>hello</html>", "<html>hello</html>", false},
	} {
		m, err := ParseHTTP([]byte(head + tt.body))
		if err != nil || string(m.Body) != tt.want || m.Cut != tt.cut {
			t.Errorf("%s: body %q, cut %v (%v); want %q, cut %v", tt.name, m.Body, m.Cut, err, tt.want, tt.cut)
		}
	}
	// Read from a WARC, such a response is truncated ("disconnect").
	var buf bytes.Buffer
	block := head + "5\r\nhello\r\n6\r\n wo"
	fmt.Fprintf(&buf, "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://a/\r\nWARC-Date: 2022-04-01T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:1>\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n", len(block), block)
	var got []*Capture
	if err := NewCaptureReader().Read(&buf, "", func(c *Capture) error { got = append(got, c); return nil }); err != nil || len(got) != 1 || got[0].Truncated != "disconnect" || string(got[0].Body) != "hello wo" {
		t.Errorf("captures %+v (%v); want one, truncated \"disconnect\", body \"hello wo\"", got, err)
	}
}
