package warctest

import (
	"errors"
	"io"
	"testing"

	"github.com/nlnwa/gowarc"
)

// CheckGowarc reads the WARC at path with nlnwa/gowarc, a second
// independent reader, in its strict mode: syntax and the standard's rules
// enforced, block and payload digests recomputed. It fails t on the first
// complaint and returns the number of records read.
func CheckGowarc(t testing.TB, path string) int {
	t.Helper()
	r, err := gowarc.NewWarcFileReader(path, 0, gowarc.WithStrictValidation())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	n := 0
	for {
		rec, off, v, err := r.Next()
		if errors.Is(err, io.EOF) {
			return n
		}
		if err != nil {
			t.Fatalf("gowarc: record at byte %d: %v", off, err)
		}
		if v != nil && !v.Valid() {
			t.Errorf("gowarc: record at byte %d (%s): %v", off, rec.Type(), v)
		}
		n++
	}
}
