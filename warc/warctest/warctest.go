// Package warctest checks WARC files written by hewar with independent
// readers: webrecorder's warcio.js (npm package warcio, installed by
// `npm ci` from the repository's package-lock.json). Tests only.
package warctest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/warc"
)

// Tools are the node binary and warcio.js's command line.
type Tools struct {
	Node, Warcio string
	script       string // digests.mjs beside this file
}

// Find returns the tools, skipping the test when node is not installed and
// failing it when node is there but warcio is not (run `npm ci`).
func Find(t testing.TB) Tools {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed: the independent WARC reader (warcio.js) cannot run")
	}
	_, self, _, _ := runtime.Caller(0)
	dir := filepath.Dir(self)
	for d := dir; ; d = filepath.Dir(d) {
		bin := filepath.Join(d, "node_modules", ".bin", "warcio")
		if _, err := os.Stat(bin); err == nil {
			return Tools{Node: node, Warcio: bin, script: filepath.Join(dir, "digests.mjs")}
		}
		if filepath.Dir(d) == d {
			t.Fatal("node is installed but node_modules/.bin/warcio is not: run `npm ci` at the repository root")
		}
	}
}

func (tl Tools) run(t testing.TB, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, tl.Node, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return out
}

// Index runs `warcio index` with the given fields on path.
func (tl Tools) Index(t testing.TB, path string, fields ...string) []map[string]any {
	t.Helper()
	return jsonLines(t, tl.run(t, tl.Warcio, "index", path, "--fields="+strings.Join(fields, ",")))
}

// CDXIndex runs `warcio cdx-index` on path and returns its lines sorted.
func (tl Tools) CDXIndex(t testing.TB, path string) []string {
	t.Helper()
	out := strings.TrimRight(string(tl.run(t, tl.Warcio, "cdx-index", path)), "\n")
	if out == "" {
		return nil
	}
	lines := strings.Split(out, "\n")
	sort.Strings(lines)
	return lines
}

// Digests recomputes, with warcio.js's parser, the digests of every record.
func (tl Tools) Digests(t testing.TB, path string) []map[string]any {
	t.Helper()
	return jsonLines(t, tl.run(t, tl.script, path))
}

func jsonLines(t testing.TB, out []byte) []map[string]any {
	t.Helper()
	var rows []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("warcio output %q: %v", sc.Text(), err)
		}
		rows = append(rows, m)
	}
	return rows
}

// ourRecord is what hewar's reader says of one record.
type ourRecord struct {
	offset, length               int64
	typ, uri, id, block, payload string
}

func readOurs(t testing.TB, path string) []ourRecord {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var recs []ourRecord
	rd := warc.NewReader(f)
	for {
		r, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return recs
		}
		if err != nil {
			t.Fatalf("hewar's reader: %v", err)
		}
		recs = append(recs, ourRecord{
			offset: r.Offset, length: r.Length, typ: r.Type(), uri: r.TargetURI(), id: r.ID(),
			block: r.Header.Get("WARC-Block-Digest"), payload: r.Header.Get("WARC-Payload-Digest"),
		})
	}
}

// Check reads the WARC at path with warcio.js and fails t unless warcio
// finds every record hewar's reader finds, at the same offsets and lengths,
// with the same ids, and unless the digests it recomputes from what it
// parsed match the ones written. When cdxjPath is not "", the index there
// must equal `warcio cdx-index`'s, line for line. It returns the number of
// records checked.
func (tl Tools) Check(t testing.TB, path, cdxjPath string) int {
	t.Helper()
	ours := readOurs(t, path)
	theirs := tl.Index(t, path, "offset", "length", "warc-type", "warc-target-uri", "warc-record-id")
	if len(theirs) != len(ours) {
		t.Fatalf("warcio index reads %d records, hewar wrote %d", len(theirs), len(ours))
	}
	str := func(v any) string {
		switch x := v.(type) {
		case nil:
			return ""
		case float64:
			return jsonNumber(x)
		default:
			return x.(string)
		}
	}
	// warcio.js leaves the end-of-record CRLF CRLF out of a plain record's
	// length (python warcio and the standard count it; for gzip members both
	// agree): in plain files a length may be up to 4 bytes shorter there.
	plain := !isGzip(t, path)
	sameLength := func(theirs string, ours int64) bool {
		if !plain {
			return theirs == jsonNumber(float64(ours))
		}
		for d := int64(0); d <= 4; d++ {
			if theirs == jsonNumber(float64(ours-d)) {
				return true
			}
		}
		return false
	}
	for i, o := range ours {
		th := theirs[i]
		if str(th["offset"]) != jsonNumber(float64(o.offset)) || !sameLength(str(th["length"]), o.length) ||
			str(th["warc-type"]) != o.typ || str(th["warc-record-id"]) != o.id || str(th["warc-target-uri"]) != o.uri {
			t.Errorf("record %d: warcio says %v, hewar %+v", i, th, o)
		}
	}
	digests := tl.Digests(t, path)
	if len(digests) != len(ours) {
		t.Fatalf("warcio's parser recomputed %d records, hewar wrote %d", len(digests), len(ours))
	}
	for i, o := range ours {
		d := digests[i]
		if str(d["id"]) != o.id {
			t.Fatalf("record %d: warcio read %s, hewar %s", i, str(d["id"]), o.id)
		}
		if o.block == "" || str(d["block"]) != o.block {
			t.Errorf("record %d (%s %s): block digest %q written, warcio computes %q", i, o.typ, o.uri, o.block, str(d["block"]))
		}
		if o.typ == warc.TypeResponse && str(d["payload"]) != o.payload {
			t.Errorf("record %d (%s): payload digest %q written, warcio computes %q", i, o.uri, o.payload, str(d["payload"]))
		}
	}
	if cdxjPath != "" {
		data, err := os.ReadFile(cdxjPath)
		if err != nil {
			t.Fatal(err)
		}
		ourIndex := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
		theirIndex := tl.CDXIndex(t, path)
		if plain {
			ourIndex, theirIndex = withoutLength(ourIndex), withoutLength(theirIndex)
		}
		if strings.Join(ourIndex, "\n") != strings.Join(theirIndex, "\n") {
			t.Errorf("CDXJ index differs from warcio cdx-index:\nhewar:\n%s\nwarcio:\n%s",
				strings.Join(ourIndex, "\n"), strings.Join(theirIndex, "\n"))
		}
	}
	return len(ours)
}

func jsonNumber(f float64) string {
	b, _ := json.Marshal(f)
	return string(b)
}

var lengthField = regexp.MustCompile(`"length":"[0-9]*"`)

func withoutLength(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = lengthField.ReplaceAllString(l, `"length":"?"`)
	}
	return out
}

func isGzip(t testing.TB, path string) bool {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var magic [2]byte
	if _, err := io.ReadFull(f, magic[:]); err != nil {
		return false
	}
	return magic[0] == 0x1f && magic[1] == 0x8b
}
