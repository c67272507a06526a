package warc

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/klauspost/compress/zstd"
)

// packageEntry is a file of a WACZ package written by packageOf.
type packageEntry struct {
	name string
	data []byte
	// listed is the hash datapackage.json gives it: "" for its own.
	listed string
}

// packageOf writes a WACZ package of entries, each stored with its sizes in
// its local header (as py-wacz and Browsertrix write them), and a
// datapackage.json that lists each with its size and hash.
func packageOf(t *testing.T, path string, entries []packageEntry) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	var resources []map[string]any
	for _, e := range entries {
		sum := sha256.Sum256(e.data)
		hash := "sha256:" + hex.EncodeToString(sum[:])
		if e.listed != "" {
			hash = e.listed
		}
		resources = append(resources, map[string]any{"name": filepath.Base(e.name), "path": e.name, "hash": hash, "bytes": len(e.data)})
		w, err := zw.CreateRaw(&zip.FileHeader{Name: e.name, Method: zip.Store, CRC32: crc32.ChecksumIEEE(e.data),
			CompressedSize64: uint64(len(e.data)), UncompressedSize64: uint64(len(e.data))})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(e.data)
	}
	dp, _ := json.Marshal(map[string]any{"profile": "data-package", "wacz_version": "1.1.1", "resources": resources})
	w, _ := zw.Create("datapackage.json")
	w.Write(dp)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// WACZ packages as other tools make them: a .warc.zst with a dictionary
// inside (the revisit resolved by reading its original again through the
// dictionary at the WARC's start, not the package's); the same WARC twice
// (a package repacked with a copy); and a WARC whose hash or size is not
// what datapackage.json lists, read whole and then reported. Before, the
// .warc.zst was not a WARC of the package ("not a WACZ package"), and an
// altered WARC was read without a word.
func TestCaptureReader_WACZOthers(t *testing.T) {
	plain, recs := sampleRecords(t)
	dir := t.TempDir()
	plainPath := filepath.Join(dir, "plain.warc")
	os.WriteFile(plainPath, plain, 0o644)
	want, err := readAll(t, plainPath)
	if err != nil {
		t.Fatal(err)
	}
	dict, err := zstd.BuildDict(zstd.BuildDictOptions{ID: 40001, Contents: recs, History: plain[:min(len(plain), 4096)]})
	if err != nil {
		t.Fatal(err)
	}
	zst, _ := warcZst(t, recs, dict, true, -1)
	gz, _ := writeSample(t, dir, "data.warc.gz", false)
	gzData, _ := os.ReadFile(gz)
	same := func(name string, got []*Capture, times int) {
		t.Helper()
		if len(got) != times*len(want) {
			t.Fatalf("%s: %d captures, want %d", name, len(got), times*len(want))
		}
		for i, g := range got {
			w := want[i%len(want)]
			if g.URL != w.URL || g.Status != w.Status || string(g.Body) != string(w.Body) || g.Resolved != w.Resolved {
				t.Errorf("%s: capture %d = {%s %d %v %.20q}, want {%s %d %v %.20q}", name, i, g.URL, g.Status, g.Resolved, g.Body, w.URL, w.Status, w.Resolved, w.Body)
			}
		}
	}
	pkg := filepath.Join(dir, "zst.wacz")
	packageOf(t, pkg, []packageEntry{{name: "archive/data.warc.zst", data: zst}, {name: "pages/pages.jsonl", data: []byte("{}\n")}})
	got, err := readAll(t, pkg)
	if err != nil {
		t.Fatalf("zst: %v", err)
	}
	same("zst", got, 1)

	pkg = filepath.Join(dir, "twice.wacz")
	packageOf(t, pkg, []packageEntry{{name: "archive/data.warc.gz", data: gzData}, {name: "archive/copy/data.warc.gz", data: gzData}})
	got, err = readAll(t, pkg)
	if err != nil {
		t.Fatalf("twice: %v", err)
	}
	same("twice", got, 2)

	for name, listed := range map[string]string{
		"another hash": "sha256:" + strings.Repeat("ab", 32),
		"upper case":   "",
	} {
		pkg = filepath.Join(dir, "altered.wacz")
		e := packageEntry{name: "archive/data.warc.gz", data: gzData, listed: listed}
		if listed == "" {
			sum := sha256.Sum256(gzData)
			e.listed = "SHA256:" + strings.ToUpper(hex.EncodeToString(sum[:]))
		}
		packageOf(t, pkg, []packageEntry{e})
		got, err = readAll(t, pkg)
		var fe *FormatError
		st, _ := os.Stat(pkg)
		switch {
		case listed == "" && err != nil:
			t.Errorf("%s: %v; want the hash accepted", name, err)
		case listed != "" && (!errors.As(err, &fe) || !errors.Is(err, ErrAltered) || fe.Offset != st.Size() ||
			!strings.Contains(err.Error(), "archive/data.warc.gz has the hash sha256:") || strings.Contains(err.Error(), "\n")):
			t.Errorf("%s: %v; want one line saying the WARC is not the one listed", name, err)
		}
		same(name, got, 1)
	}
}

// The response to a HEAD request (other tools' WARCs hold them, and an
// import keeps them) is indexed apart from the URL's GET captures, as
// warcio.js and pywb index it, in the plain and the WACZ index; and a
// later 304 of the URL refers to the GET's response, not the HEAD's. Before,
// the HEAD's empty answer had the key of the page, and a replay looking the
// page up at that time found no body; and a 304 after it referred to it.
func TestWriter_IndexHEAD(t *testing.T) {
	u := "http://127.0.0.1:8080/en/post/708?b=2&a=1"
	page := []byte("<html><body>the interview</body></html>")
	get := &Capture{URL: u, Date: t0, Method: "GET", StatusLine: "HTTP/1.1 200 OK", Status: 200,
		Header: Fields{{"Content-Type", "text/html"}}, Body: page}
	head := &Capture{URL: u, Date: t0.Add(time.Second), Method: "HEAD", StatusLine: "HTTP/1.1 200 OK", Status: 200,
		Header: Fields{{"Content-Type", "text/html"}, {"Content-Length", "39"}}}
	notModified := &Capture{URL: u, Date: t0.Add(2 * time.Second), Method: "GET", StatusLine: "HTTP/1.1 304 Not Modified", Status: 304}
	plain, wacz := writeBoth(t, []*Capture{get, head, notModified})
	for name, lines := range map[string][]string{"plain": plain, "wacz": wacz} {
		if len(lines) != 3 {
			t.Fatalf("%s: %d lines", name, len(lines))
		}
		var keys []string
		for _, l := range lines {
			k, _, _ := strings.Cut(l, " ")
			keys = append(keys, k)
		}
		want := "1,0,0,127:8080)/en/post/708?__wb_method=head&__wb_post_data=&a=1&b=2"
		if keys[0] != want || keys[1] != "1,0,0,127:8080)/en/post/708?a=1&b=2" || keys[2] != keys[1] ||
			!strings.HasSuffix(lines[0], `"method":"HEAD","requestBody":"__wb_post_data="}`) {
			t.Errorf("%s: keys %q, HEAD line %s; want the HEAD's key %q", name, keys, lines[0], want)
		}
		digest := func(l string) string { _, d, _ := strings.Cut(l, `"digest":"`); return d[:32] }
		if name == "wacz" && (!strings.Contains(lines[2], `"status":"200"`) || digest(lines[2]) != digest(lines[1])) {
			t.Errorf("wacz: the 304 %s does not refer to the GET's response %s", lines[2], lines[1])
		}
	}
}
