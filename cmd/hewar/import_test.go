package main

import (
	"net"
	"net/http"
	"net/http/httptest"
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
