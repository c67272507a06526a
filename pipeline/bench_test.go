package pipeline_test

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/fixtures"
	"github.com/hewar-archive/hewar/pipeline"
	"github.com/hewar-archive/hewar/warc"
)

// BenchmarkImportReparse measures `hewar import warc` and `hewar reparse`
// in captures/s, each beside its floor in the same run: the floor of an
// import is reading the same WARC (gunzip, records, digests) and running
// html.Parse over every body; the floor of a reparse is reading every body
// back from the archive (zstd) and running html.Parse over it. What an
// import or a reparse does beyond its floor is parsing into a Document and
// storing it.
//
//	go test -tags sqlite_fts5 -run '^$' -bench ImportReparse -benchtime 1x ./pipeline/
func BenchmarkImportReparse(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	warcPath := filepath.Join(dir, "site.warc.gz")
	n := writeSyntheticWARC(b, warcPath, 2000)
	var floor, imp, rfloor, rep float64
	for b.Loop() {
		start := time.Now()
		parsed := 0
		err := warc.NewCaptureReader().ReadFile(warcPath, func(c *warc.Capture) error {
			if c.Status == http.StatusOK {
				if _, err := html.Parse(bytes.NewReader(c.Body)); err != nil {
					return err
				}
				parsed++
			}
			return nil
		})
		if err != nil || parsed == 0 {
			b.Fatalf("floor: %d parsed, %v", parsed, err)
		}
		floor = float64(n) / time.Since(start).Seconds()

		dbPath := filepath.Join(b.TempDir(), "import.db")
		db, err := archive.Open(dbPath)
		if err != nil {
			b.Fatal(err)
		}
		start = time.Now()
		sum, err := pipeline.ImportWARC(ctx, db, []string{warcPath}, false, "hewar-bench", func(string, ...any) {})
		if err != nil || sum.Captures != n {
			b.Fatalf("import: %d of %d captures, %v", sum.Captures, n, err)
		}
		imp = float64(n) / time.Since(start).Seconds()

		start = time.Now()
		bodies := 0
		err = db.Captures(ctx, archive.CaptureFilter{}, func(s *archive.StoredCapture) error {
			body, err := s.ReadBody(ctx)
			if err != nil {
				return err
			}
			if s.Status == http.StatusOK {
				if _, err := html.Parse(bytes.NewReader(body)); err != nil {
					return err
				}
				bodies++
			}
			return nil
		})
		if err != nil || bodies == 0 {
			b.Fatalf("reparse floor: %d bodies, %v", bodies, err)
		}
		rfloor = float64(n) / time.Since(start).Seconds()

		start = time.Now()
		st, err := pipeline.Reparse(ctx, db)
		if err != nil || st.Parsed == 0 {
			b.Fatalf("reparse: %+v, %v", st, err)
		}
		rep = float64(n) / time.Since(start).Seconds()
		db.Close()
		os.Remove(dbPath)
	}
	b.ReportMetric(float64(n), "captures")
	b.ReportMetric(floor, "import_floor_captures/s")
	b.ReportMetric(imp, "import_captures/s")
	b.ReportMetric(imp/floor, "import/floor")
	b.ReportMetric(rfloor, "reparse_floor_captures/s")
	b.ReportMetric(rep, "reparse_captures/s")
	b.ReportMetric(rep/rfloor, "reparse/floor")
}

// writeSyntheticWARC writes every page of a synthetic site of posts posts
// as a WARC (as hewar export warc writes one) and returns how many captures
// it holds.
func writeSyntheticWARC(b *testing.B, path string, posts int) int {
	b.Helper()
	site := fixtures.NewSynthetic(posts, 3)
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	w := warc.NewWriter(f, warc.WriterOptions{Filename: filepath.Base(path), Index: &bytes.Buffer{}, TempDir: filepath.Dir(path)})
	if err := w.WriteInfo(warc.Info{Software: "hewar-bench"}); err != nil {
		b.Fatal(err)
	}
	at := time.Date(2026, 1, 8, 9, 0, 0, 0, time.UTC)
	n := 0
	for p := range site.URLs() {
		status, header, body := site.Render(p, at)
		names := make([]string, 0, len(header))
		for k := range header {
			names = append(names, k)
		}
		sort.Strings(names)
		var fields warc.Fields
		for _, k := range names {
			for _, v := range header[k] {
				fields = append(fields, warc.Field{Name: k, Value: v})
			}
		}
		c := &warc.Capture{URL: "http://127.0.0.1:8081" + p, Date: at, Method: "GET",
			RequestHeader: warc.Fields{{Name: "User-Agent", Value: "hewar-bench"}},
			StatusLine:    "HTTP/1.1 200 OK", Status: status, Header: fields, Body: body}
		if err := w.WriteCapture(c); err != nil {
			b.Fatal(err)
		}
		at = at.Add(time.Second)
		n++
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	return n
}
