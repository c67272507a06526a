package warc

import (
	"bytes"
	"encoding/json"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"
)

// writeBoth writes captures twice, with the plain index and with the WACZ
// one, and returns the two indexes' lines (the files are not kept).
func writeBoth(t *testing.T, caps []*Capture) (plain, wacz []string) {
	t.Helper()
	for _, forWACZ := range []bool{false, true} {
		var idx bytes.Buffer
		w := NewWriter(io.Discard, WriterOptions{Filename: "x.warc.gz", Index: &idx, IndexForWACZ: forWACZ})
		for _, c := range caps {
			if err := w.WriteCapture(c); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(idx.String(), "\n"), "\n")
		if forWACZ {
			wacz = lines
		} else {
			plain = lines
		}
	}
	return plain, wacz
}

// TestWriter_IndexForWACZ: the WACZ index is the plain one with times to
// the millisecond, and with the status of the response a 304 refers to.
func TestWriter_IndexForWACZ(t *testing.T) {
	caps := sampleCaptures()
	// A 304 of a URL that no response of the file answered: nothing to refer to.
	caps = append(caps, &Capture{URL: "http://127.0.0.1:8080/en/post/9", Date: t0.Add(6 * time.Second),
		StatusLine: "HTTP/1.1 304 Not Modified", Status: 304, Header: Fields{{"ETag", `"x"`}}})
	plain, wacz := writeBoth(t, caps)
	if len(plain) != len(wacz) || len(plain) < 6 {
		t.Fatalf("%d plain lines, %d WACZ lines", len(plain), len(wacz))
	}
	changed := 0
	for i := range plain {
		pk, pts, pjson := cutLine(t, plain[i])
		wk, wts, wjson := cutLine(t, wacz[i])
		if wk != pk || len(wts) != 17 || wts[:14] != pts {
			t.Errorf("line %d: key or time:\n plain %s\n WACZ  %s", i, plain[i], wacz[i])
		}
		var p, w map[string]string
		if err := json.Unmarshal([]byte(pjson), &p); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(wjson), &w); err != nil {
			t.Fatal(err)
		}
		if p["status"] != w["status"] {
			changed++
			if p["status"] != "304" || w["status"] != "200" || w["mime"] != "warc/revisit" || p["url"] != "http://127.0.0.1:8080/en/post/708/dialog-magazine" {
				t.Errorf("status changed on a line that is no 304 referring to a 200:\n plain %s\n WACZ  %s", plain[i], wacz[i])
			}
		}
		if p["url"] == "http://127.0.0.1:8080/en/post/9" && w["status"] != "304" {
			t.Errorf("a 304 with no response to refer to is indexed %s", wacz[i])
		}
		// Two writes of the same captures differ in their random record
		// ids, so in their gzip members' lengths and offsets.
		w["status"] = p["status"]
		for _, k := range []string{"length", "offset"} {
			delete(p, k)
			delete(w, k)
		}
		if !reflect.DeepEqual(p, w) {
			t.Errorf("line %d differs in more than time and status:\n plain %s\n WACZ  %s", i, plain[i], wacz[i])
		}
	}
	if changed != 1 {
		t.Errorf("%d lines changed status, want the one 304 of post 708", changed)
	}
	// The milliseconds are the record's: t0 has 123 ms.
	if !strings.Contains(strings.Join(wacz, "\n"), " 20260108093015123 ") {
		t.Errorf("no WACZ line at 20260108093015123:\n%s", strings.Join(wacz, "\n"))
	}
}

// cutLine returns a CDXJ line's key, timestamp and JSON.
func cutLine(t *testing.T, line string) (key, ts, js string) {
	t.Helper()
	parts := strings.SplitN(line, " ", 3)
	if len(parts) != 3 {
		t.Fatalf("index line %q", line)
	}
	return parts[0], parts[1], parts[2]
}

func TestTimestamp17(t *testing.T) {
	for in, want := range map[time.Time]string{
		t0: "20260108093015123",
		time.Date(2026, 1, 8, 9, 30, 15, 999_999_999, time.UTC):                 "20260108093015999", // truncated, as FormatDate
		time.Date(2026, 1, 8, 12, 30, 15, 0, time.FixedZone("Baghdad", 3*3600)): "20260108093015000",
	} {
		if got := Timestamp17(in); got != want || got[:14] != Timestamp14(FormatDate(in)) {
			t.Errorf("Timestamp17(%v) = %s, want %s", in, got, want)
		}
	}
}

// TestWriteInfo_Pages: the warcinfo record names the pages in json-metadata,
// each with the 17-digit time of its record, as ReplayWeb.page reads them.
func TestWriteInfo_Pages(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out, WriterOptions{Plain: true})
	info := Info{Software: "hewar/test", Title: "hewar archive x.db", Description: "line one\nline two",
		Pages: []Page{{ID: "a1", URL: "http://127.0.0.1/en/post/708", Date: t0, Title: "Interview: \"quoted\" & <b>"}}}
	if err := w.WriteInfo(info); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	rec, err := NewReader(&out).Next()
	if err != nil {
		t.Fatal(err)
	}
	var meta string
	for _, line := range strings.Split(string(rec.Block), "\r\n") {
		if v, ok := strings.CutPrefix(line, "json-metadata: "); ok {
			meta = v
		}
	}
	var got struct {
		Type, Title, Desc string
		Pages             []struct{ ID, URL, Timestamp, Title string }
	}
	if err := json.Unmarshal([]byte(meta), &got); err != nil {
		t.Fatalf("json-metadata %q: %v", meta, err)
	}
	if got.Type != "collection" || got.Title != info.Title || got.Desc != info.Description || len(got.Pages) != 1 {
		t.Fatalf("json-metadata %s", meta)
	}
	if p := got.Pages[0]; p.ID != "a1" || p.URL != info.Pages[0].URL || p.Timestamp != "20260108093015123" || p.Title != info.Pages[0].Title {
		t.Errorf("page %+v", p)
	}
	// No pages and no title: no field.
	out.Reset()
	w = NewWriter(&out, WriterOptions{Plain: true})
	w.WriteInfo(Info{Software: "hewar/test"})
	w.Close()
	if strings.Contains(out.String(), "json-metadata") {
		t.Error("json-metadata written with nothing to say")
	}
}
