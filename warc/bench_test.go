package warc_test

import (
	"bufio"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/fixtures"
	"github.com/hewar-archive/hewar/warc"
)

// benchCaptures renders n pages of the synthetic site (20-40 KB each) as
// captures, without HTTP: the format's own cost is what is measured here.
func benchCaptures(n int) []*warc.Capture {
	site := fixtures.NewSynthetic(n, 1)
	at := time.Date(2026, 1, 8, 9, 0, 0, 0, time.UTC)
	var out []*warc.Capture
	for p := range site.URLs() {
		status, header, body := site.Render(p, at)
		var fields warc.Fields
		for _, k := range slices.Sorted(func(yield func(string) bool) {
			for k := range header {
				if !yield(k) {
					return
				}
			}
		}) {
			for _, v := range header[k] {
				fields = append(fields, warc.Field{Name: k, Value: v})
			}
		}
		out = append(out, &warc.Capture{
			URL: "http://127.0.0.1:8080" + p, Date: at, Method: "GET",
			RequestHeader: warc.Fields{{Name: "User-Agent", Value: "hewar-bench"}},
			Status:        status, Header: fields, Body: body,
		})
		at = at.Add(time.Second)
	}
	return out
}

func writeBench(w io.Writer, caps []*warc.Capture, index io.Writer, tmp string) error {
	wr := warc.NewWriter(w, warc.WriterOptions{Filename: "bench.warc.gz", Index: index, TempDir: tmp})
	if err := wr.WriteInfo(warc.Info{Software: "hewar/bench"}); err != nil {
		return err
	}
	for _, c := range caps {
		if err := wr.WriteCapture(c); err != nil {
			return err
		}
	}
	return wr.Close()
}

// BenchmarkWARC measures, on one file of the synthetic site's pages, the
// writer, the reader and warcio.js's `warcio index` reading the same file.
// SetBytes is the WARC file's size in every case, so MB/s compare directly.
func BenchmarkWARC(b *testing.B) {
	caps := benchCaptures(1500)
	dir := b.TempDir()
	path := filepath.Join(dir, "bench.warc.gz")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	bw := bufio.NewWriter(f)
	if err := writeBench(bw, caps, io.Discard, dir); err != nil {
		b.Fatal(err)
	}
	bw.Flush()
	f.Close()
	st, _ := os.Stat(path)
	size := st.Size()
	var payload int64
	for _, c := range caps {
		payload += int64(len(c.Body))
	}
	b.Logf("%d captures, %.1f MB of bodies, WARC %.1f MB", len(caps), float64(payload)/1e6, float64(size)/1e6)

	// payloadRate reports the bodies' throughput beside the file's.
	payloadRate := func(b *testing.B) {
		b.ReportMetric(float64(payload)/1e6/(b.Elapsed().Seconds()/float64(b.N)), "body-MB/s")
	}
	b.Run("write", func(b *testing.B) {
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			if err := writeBench(io.Discard, caps, io.Discard, dir); err != nil {
				b.Fatal(err)
			}
		}
		payloadRate(b)
	})
	b.Run("read", func(b *testing.B) {
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			n := 0
			err := warc.NewCaptureReader().ReadFile(path, func(*warc.Capture) error { n++; return nil })
			if err != nil || n != len(caps) {
				b.Fatalf("read %d captures: %v", n, err)
			}
		}
		payloadRate(b)
	})
	b.Run("warcio-index", func(b *testing.B) {
		node, warcio := warcioTools(b)
		b.SetBytes(size)
		for b.Loop() {
			cmd := exec.CommandContext(context.Background(), node, warcio, "index", path)
			if out, err := cmd.Output(); err != nil || len(out) == 0 {
				b.Fatalf("warcio index: %v", err)
			}
		}
		payloadRate(b)
	})
	b.Run("warcio-startup", warcioStartup)
}

// warcioStartup is what every `warcio index` run pays before reading a
// byte: node's start and the loading of warcio.js. Subtract it to compare
// the readers' loops rather than the processes.
func warcioStartup(b *testing.B) {
	node, warcio := warcioTools(b)
	for b.Loop() {
		if err := exec.Command(node, warcio, "--version").Run(); err != nil {
			b.Fatal(err)
		}
	}
}

func warcioTools(b *testing.B) (node, warcio string) {
	node, err := exec.LookPath("node")
	if err != nil {
		b.Skip("node is not installed: no warcio.js to compare with")
	}
	for d, _ := os.Getwd(); ; d = filepath.Dir(d) {
		p := filepath.Join(d, "node_modules", ".bin", "warcio")
		if _, err := os.Stat(p); err == nil {
			return node, p
		}
		if filepath.Dir(d) == d {
			b.Skip("node_modules/.bin/warcio is missing: run npm ci")
		}
	}
}

// TestWriter_FlatMemory writes 400 MB of bodies through one Writer and
// checks that the heap does not grow with them: the writer keeps no body
// after its record is written.
func TestWriter_FlatMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 400 MB")
	}
	body := make([]byte, 1<<20)
	for i := range body {
		body[i] = byte(i*7 + i>>9)
	}
	w := warc.NewWriter(io.Discard, warc.WriterOptions{Index: io.Discard, Plain: true, TempDir: t.TempDir()})
	var peak uint64
	var ms runtimeMemStats
	for i := range 400 {
		// A different body each time, so that nothing is written as a revisit.
		body[0], body[1] = byte(i), byte(i>>8)
		c := &warc.Capture{URL: "http://127.0.0.1/p/" + itoa(i), Date: time.Unix(int64(i), 0), Method: "GET",
			StatusLine: "HTTP/1.1 200 OK", Header: warc.Fields{{Name: "Content-Type", Value: "text/html"}}, Body: body}
		if err := w.WriteCapture(c); err != nil {
			t.Fatal(err)
		}
		if i%50 == 49 {
			peak = max(peak, ms.heapInUse())
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if peak > 64<<20 {
		t.Errorf("heap reached %d MB writing 400 MB of bodies", peak>>20)
	}
}
