package warc

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// ARC files written here byte by byte, as the format's definition
// (https://archive.org/web/researcher/ArcFileFormat.php) and its writers
// lay them out.

// arcHTTP is an HTTP/1.0 response of body, as an ARC record holds it.
func arcHTTP(body string) string {
	return fmt.Sprintf("HTTP/1.0 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
}

// arcLine is a version 1 URL record line and its document.
func arcLine(url, ip, date, mime, doc string) string {
	return fmt.Sprintf("%s %s %s %s %d\n%s", url, ip, date, mime, len(doc), doc)
}

// alexaARC is an ARC v1 file as the format's definition shows one: the
// version block (filedesc, "1 0 Alexa Internet", the field definition),
// then each document after a newline, none after the last.
func alexaARC(docs ...string) []byte {
	vb := "1 0 Alexa Internet\nURL IP-address Archive-date Content-type Archive-length\n"
	s := fmt.Sprintf("filedesc://IA-001102.arc 0 19960923142103 text/plain %d\n%s", len(vb), vb)
	for _, d := range docs {
		s += "\n" + d
	}
	return []byte(s)
}

func readARCRecords(t *testing.T, data []byte) ([]*Record, error) {
	t.Helper()
	rd := NewReader(bytes.NewReader(data))
	var recs []*Record
	for {
		rec, err := rd.Next()
		if err != nil {
			if err.Error() == "EOF" {
				return recs, nil
			}
			return recs, err
		}
		recs = append(recs, rec)
	}
}

// TestReader_ARC: ARC v1 and v2 records read as the WARC records of the
// same captures: the version block as warcinfo, each URL record as a
// response with its URL (spaces and all), 14-digit date as UTC, address,
// and the document as its block; an id made of its bytes, the same in a
// .arc and a .arc.gz, the same for two records with the same line and
// bytes (one record given twice: its id depends on no other record).
func TestReader_ARC(t *testing.T) {
	page := arcHTTP("<html><title>one</title></html>")
	docs := []string{
		arcLine("http://www.dryswamp.edu:80/index.html", "127.10.100.2", "19961104142103", "text/html", page),
		arcLine("http://www.dryswamp.edu/a page.html", "127.10.100.2", "19961104142104", "text/html", page),
		arcLine("http://www.dryswamp.edu:80/index.html", "127.10.100.2", "19961104142103", "text/html", page),
	}
	v1 := alexaARC(docs...)
	recs, err := readARCRecords(t, v1)
	if err != nil || len(recs) != 4 {
		t.Fatalf("ARC v1: %d records, %v", len(recs), err)
	}
	if recs[0].Type() != TypeWarcinfo || recs[0].TargetURI() != "filedesc://IA-001102.arc" || recs[0].Version != "ARC/1" {
		t.Errorf("version block: %+v", recs[0])
	}
	r := recs[1]
	if r.Type() != TypeResponse || r.TargetURI() != "http://www.dryswamp.edu:80/index.html" || !r.Date().Equal(time.Date(1996, 11, 4, 14, 21, 3, 0, time.UTC)) ||
		r.Header.Get("WARC-IP-Address") != "127.10.100.2" || string(r.Block) != page || r.Header.Get("Content-Type") != ContentTypeResponse {
		t.Errorf("URL record: %+v", r)
	}
	if recs[2].TargetURI() != "http://www.dryswamp.edu/a page.html" {
		t.Errorf("a URL with a space: %q", recs[2].TargetURI())
	}
	if r.ID() == "" || r.ID() != recs[3].ID() || r.ID() == recs[2].ID() {
		t.Errorf("ids of two records with the same line and bytes: %q, %q; want the same, and another for another line (%q)", r.ID(), recs[3].ID(), recs[2].ID())
	}
	if r.Offset != int64(bytes.Index(v1, []byte("http://www.dryswamp.edu:80"))) {
		t.Errorf("offset %d", r.Offset)
	}

	// The same records, one gzip member each (a .arc.gz), have the same ids.
	var gz bytes.Buffer
	for _, part := range append([][]byte{alexaARC()}, []byte(docs[0]+"\n"), []byte(docs[1]+"\n"), []byte(docs[2]+"\n")) {
		zw := gzip.NewWriter(&gz)
		zw.Write(part)
		zw.Close()
	}
	zrecs, err := readARCRecords(t, gz.Bytes())
	if err != nil || len(zrecs) != 4 {
		t.Fatalf(".arc.gz: %d records, %v", len(zrecs), err)
	}
	for i := range recs {
		if zrecs[i].ID() != recs[i].ID() || !bytes.Equal(zrecs[i].Block, recs[i].Block) {
			t.Errorf("record %d: %s in the .arc.gz, %s in the .arc", i, zrecs[i].ID(), recs[i].ID())
		}
	}

	// Version 2: ten fields, the same five read.
	vb := "2 0 Alexa Internet\nURL IP-address Archive-date Content-type Result-code Checksum Location Offset Filename Archive-length\n"
	v2 := fmt.Sprintf("filedesc://IA-2.arc 0.0.0.0 19990101000000 text/plain %d\n%s\nhttp://x.example/ 10.0.0.1 19990101000001 text/html 200 - - 0 IA-2.arc %d\n%s",
		len(vb), vb, len(page), page)
	recs, err = readARCRecords(t, []byte(v2))
	if err != nil || len(recs) != 2 || recs[1].TargetURI() != "http://x.example/" || string(recs[1].Block) != page || recs[1].Version != "ARC/2" {
		t.Errorf("ARC v2: %+v, %v", recs, err)
	}

	// A part without its version block is read as version 1; two ARC
	// files concatenated are read as one after the other.
	recs, err = readARCRecords(t, []byte(docs[0]+"\n"+docs[1]))
	if err != nil || len(recs) != 2 || recs[0].TargetURI() != "http://www.dryswamp.edu:80/index.html" || recs[1].Version != "ARC/1" {
		t.Errorf("ARC without its version block: %+v, %v", recs, err)
	}
	recs, err = readARCRecords(t, append(append(alexaARC(docs[0]), '\n'), v2...))
	if err != nil || len(recs) != 4 || recs[2].Type() != TypeWarcinfo || recs[3].TargetURI() != "http://x.example/" || recs[3].Version != "ARC/2" {
		t.Errorf("two ARC files concatenated: %+v, %v", recs, err)
	}

	// Cut inside the last document: the records before it, then a
	// truncated record at its offset, worded as an ARC's.
	cut := v1[:len(v1)-10]
	recs, err = readARCRecords(t, cut)
	var fe *FormatError
	last := int64(bytes.LastIndex(v1, []byte("http://www.dryswamp.edu:80")))
	if len(recs) != 3 || !errors.As(err, &fe) || !errors.Is(err, ErrTruncated) || fe.Offset != last || !strings.HasPrefix(err.Error(), fmt.Sprintf("arc record at byte %d:", last)) {
		t.Errorf("cut ARC: %d records, %v; want 3 and a truncated arc record at byte %d", len(recs), err, last)
	}

	// A file that is neither says what it expected.
	if _, err := readARCRecords(t, []byte("GIF89a not an archive\n")); err == nil || !strings.Contains(err.Error(), "filedesc://") {
		t.Errorf("not an archive: %v", err)
	}
}

// TestCaptureReader_ARCFile: an .arc.gz read through ReadFile gives
// captures of its HTTP records, with their heads and bodies; a dns: record
// is a capture without a status, which the import skips.
func TestCaptureReader_ARCFile(t *testing.T) {
	body := "<html><title>one</title></html>"
	data := alexaARC(
		arcLine("dns:www.dryswamp.edu", "127.0.0.53", "19961104142100", "text/dns", "19961104142100\nwww.dryswamp.edu.\t300\tIN\tA\t127.10.100.2\n"),
		arcLine("http://www.dryswamp.edu/", "127.10.100.2", "19961104142103", "text/html", arcHTTP(body)),
	)
	path := filepath.Join(t.TempDir(), "IA-001102.arc")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	var got []*Capture
	if err := NewCaptureReader().ReadFile(path, func(c *Capture) error { got = append(got, c); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Status != 0 || got[1].Status != 200 || string(got[1].Body) != body ||
		got[1].Header.Get("Content-Type") != "text/html" || got[1].StatusLine != "HTTP/1.0 200 OK" {
		t.Errorf("captures %+v", got)
	}
}
