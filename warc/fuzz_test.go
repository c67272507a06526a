package warc

import (
	"bytes"
	"testing"

	"github.com/klauspost/compress/zstd"
)

// FuzzReadWARC feeds arbitrary bytes to the capture reader: it must return
// captures or an error, never panic, hang or allocate without bound.
func FuzzReadWARC(f *testing.F) {
	// Small seeds: the fuzzer minimizes every new input it finds, and that
	// takes time in proportion to the input's size.
	for _, plain := range []bool{true, false} {
		var buf bytes.Buffer
		w := NewWriter(&buf, WriterOptions{Plain: plain})
		c := sampleCaptures()[1] // chunked, with a request
		c.RequestHeader = nil
		if err := w.WriteCapture(c); err != nil {
			f.Fatal(err)
		}
		if err := w.Close(); err != nil {
			f.Fatal(err)
		}
		f.Add(buf.Bytes())
	}
	// A .warc.zst of that capture: one frame a record, and the same after a
	// dictionary frame.
	var plainWARC bytes.Buffer
	w := NewWriter(&plainWARC, WriterOptions{Plain: true})
	w.WriteCapture(&Capture{URL: "http://a/", Date: t0, StatusLine: "HTTP/1.1 200 OK", Status: 200, Body: []byte("<p>x</p>")})
	w.Close()
	zw, _ := zstd.NewWriter(nil)
	frame := zw.EncodeAll(plainWARC.Bytes(), nil)
	f.Add(frame)
	if dict, err := zstd.BuildDict(zstd.BuildDictOptions{ID: 40000, Contents: [][]byte{plainWARC.Bytes()}, History: plainWARC.Bytes()}); err == nil {
		dw, _ := zstd.NewWriter(nil, zstd.WithEncoderDict(dict))
		f.Add(dw.EncodeAll(plainWARC.Bytes(), skippableFrame(0x184D2A5D, dict)))
	}
	f.Add([]byte("WARC/\n"))
	f.Add([]byte("WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 99999999999\r\n\r\nabc"))
	f.Add([]byte("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: <http://a/>\r\nContent-Length: 40\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n\r\n\r\n"))
	f.Add(alexaARC(arcLine("http://a/", "127.0.0.1", "19961104142103", "text/html", arcHTTP("<p>x</p>"))))
	f.Add([]byte("filedesc://x.arc 0 19960923142103 text/plain 99999999999\n1 0 x\n"))
	f.Add([]byte("http://a/ 0 19961104142103 text/html 3\nabc"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cr := NewCaptureReader()
		cr.MaxRecord = 1 << 20
		n := 0
		_ = cr.Read(bytes.NewReader(data), "", func(c *Capture) error {
			n++
			if len(c.Body) > len(data)*8+1<<20 {
				t.Fatalf("body of %d bytes from %d bytes of input", len(c.Body), len(data))
			}
			return nil
		})
	})
}
