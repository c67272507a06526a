package main

import (
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hewar-archive/hewar/archive"
)

// deadEndpoint is an address on 127.0.0.1 where nothing listens.
func deadEndpoint(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr
}

// A backfill whose CDX server is dead, or answers only errors, stores
// nothing: it says so in one line, exits 1, and neither leaves a crawl row
// nor names one (it used to print "crawl_id": 1 and "stopped half-way" for
// a row it had already dropped).
func TestImportWayback_DeadEndpoint(t *testing.T) {
	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "backend down", http.StatusInternalServerError)
	}))
	defer failing.Close()
	db := filepath.Join(t.TempDir(), "hewar.db")
	a, err := archive.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
	for _, endpoint := range []string{deadEndpoint(t), failing.URL} {
		for _, asJSON := range []bool{false, true} {
			args := []string{"import", "wayback", "--db", db, "--endpoint", endpoint, "--delay", "0"}
			if asJSON {
				args = append(args, "--json")
			}
			r := hewarCmd(t, append(args, "hewariraq.com/*")...)
			if r.code != 1 || len(r.errLines()) != 1 || !strings.Contains(r.stderr, "nothing imported") {
				t.Errorf("%s json=%v: %v; want exit 1 and one line saying nothing was imported", endpoint, asJSON, r)
			}
			if strings.Contains(r.stdout, "crawl") || strings.Contains(r.stderr, "half-way") || strings.Contains(r.stderr, "go on from there") {
				t.Errorf("%s json=%v: %v; names a crawl or a run to go on with, and none was kept", endpoint, asJSON, r)
			}
			var crawls int
			queryRow(t, db, `SELECT count(*) FROM crawls`, &crawls)
			if crawls != 0 {
				t.Errorf("%s: %d crawl rows after a run that stored nothing", endpoint, crawls)
			}
		}
	}
}

// An import that imports nothing into an archive that did not exist
// leaves no file behind (it used to leave an empty archive, with its -wal
// and -shm): an empty file, a WARC of a warcinfo record only, a WARC cut
// before its first capture, a dead Wayback endpoint. One that imports
// something, or into an archive that existed, keeps it.
func TestImport_NothingImportedLeavesNoFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	info := "WARC/1.0\r\nWARC-Type: warcinfo\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\nWARC-Date: 2019-01-01T00:00:00Z\r\nContent-Type: application/warc-fields\r\nContent-Length: 16\r\n\r\nsoftware: other\n\r\n\r\n"
	cut := info + "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 500\r\n\r\nHTTP/1.1 200 OK\r\n"
	dead := deadEndpoint(t)
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"empty file", []string{"import", "warc", write("empty.warc", nil)}},
		{"warcinfo only", []string{"import", "warc", write("info.warc", []byte(info))}},
		{"cut before the first capture", []string{"import", "warc", write("cut.warc", []byte(cut))}},
		{"dead wayback endpoint", []string{"import", "wayback", "--endpoint", dead, "--delay", "0", "hewariraq.com/*"}},
	} {
		db := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+".db")
		args := append([]string{tc.args[0], tc.args[1], "--db", db}, tc.args[2:]...)
		r := hewarCmd(t, args...)
		if r.code != 1 || len(r.errLines()) != 1 {
			t.Errorf("%s: %v; want exit 1 and one line", tc.name, r)
		}
		for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
			if _, err := os.Stat(db + suffix); err == nil {
				t.Errorf("%s: %s left behind by an import of nothing", tc.name, filepath.Base(db+suffix))
			}
		}
	}
	// An archive that existed stays, even an empty one.
	db := filepath.Join(dir, "existing.db")
	a, err := archive.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
	if r := hewarCmd(t, "import", "warc", "--db", db, filepath.Join(dir, "empty.warc")); r.code != 1 {
		t.Errorf("existing archive: %v", r)
	}
	if _, err := os.Stat(db); err != nil {
		t.Errorf("an existing archive was removed after an import of nothing: %v", err)
	}
}
