package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/hewar-archive/hewar/archive"
)

// jsonList writes a JSON array one element at a time, byte for byte as
// emitJSON (indented) or json.Marshal (compact) would write the whole slice,
// so that a list of a hundred thousand changes is never held in memory. It
// writes nothing until its first element or its close, so that a list that
// fails before it starts (a crawl that does not exist) leaves no "[" behind.
type jsonList struct {
	w      io.Writer
	prefix string // the indentation of the line the list starts on
	indent bool
	n      int
	buf    bytes.Buffer
	enc    *json.Encoder
}

func newJSONList(w io.Writer, prefix string, indent bool) *jsonList {
	l := &jsonList{w: w, prefix: prefix, indent: indent}
	l.enc = json.NewEncoder(&l.buf)
	l.enc.SetEscapeHTML(false)
	if indent {
		l.enc.SetIndent(prefix+"  ", "  ")
	}
	return l
}

func (l *jsonList) add(v any) error {
	l.buf.Reset()
	if l.n > 0 {
		l.buf.WriteString(",")
	} else {
		l.buf.WriteString("[")
	}
	if l.indent {
		l.buf.WriteString("\n" + l.prefix + "  ")
	}
	if err := l.enc.Encode(v); err != nil {
		return err
	}
	l.buf.Truncate(l.buf.Len() - 1) // Encode's newline
	l.n++
	_, err := l.w.Write(l.buf.Bytes())
	return err
}

func (l *jsonList) close() error {
	end := "[]"
	if l.n > 0 {
		end = "]"
		if l.indent {
			end = "\n" + l.prefix + "]"
		}
	}
	_, err := io.WriteString(l.w, end)
	return err
}

// writeCrawlSummary writes sum as JSON, indented (hewar crawl --json) or
// compact (the --notify body), with its changes read from the archive as
// they are written: a first crawl of a large site has one per page.
func writeCrawlSummary(ctx context.Context, w io.Writer, sum *crawlSummary, indent bool) error {
	if sum.Changes != nil || sum.archive == "" || !sum.Complete {
		return encodeJSON(w, sum, indent)
	}
	head := *sum
	head.Changes = []archive.ChangeEvent{}
	var b bytes.Buffer
	if err := encodeJSON(&b, &head, indent); err != nil {
		return err
	}
	// "changes" is the last field: the head ends with its empty list.
	tail := "[]}\n"
	if indent {
		tail = "[]\n}\n"
	}
	if !bytes.HasSuffix(b.Bytes(), []byte(tail)) {
		return fmt.Errorf("crawl summary: unexpected JSON ending %q", b.Bytes()[max(0, b.Len()-20):])
	}
	if _, err := w.Write(b.Bytes()[:b.Len()-len(tail)]); err != nil {
		return err
	}
	db, err := openReadArchive(sum.archive)
	if err != nil {
		return err
	}
	defer db.Close()
	prefix := ""
	if indent {
		prefix = "  "
	}
	l := newJSONList(w, prefix, indent)
	if err := db.EachChange(ctx, archive.ChangesFilter{CrawlID: sum.CrawlID}, func(e archive.ChangeEvent) error {
		return l.add(e)
	}); err != nil {
		return err
	}
	if err := l.close(); err != nil {
		return err
	}
	end := "}\n"
	if indent {
		end = "\n}\n"
	}
	_, err = io.WriteString(w, end)
	return err
}

func encodeJSON(w io.Writer, v any, indent bool) error {
	if indent {
		return emitJSON(w, v)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
