package warc

import (
	"io"

	"github.com/klauspost/compress/gzip"
)

func newTestGzip(w io.Writer) *gzip.Writer { return gzip.NewWriter(w) }
