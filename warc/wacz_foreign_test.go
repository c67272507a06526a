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
