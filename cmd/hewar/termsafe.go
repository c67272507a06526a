package main

import (
	"io"
	"strings"
	"unicode/utf8"
)

// textOut wraps w for human-readable output of archived text. Archived pages
// are untrusted: a title holding "\x1b]0;...\a" or "\x1b[2J" would retitle or
// clear the reader's terminal. Every control character but newline and tab
// (C0, DEL, C1) is shown as U+FFFD instead, except the color sequences that
// hewar itself writes on a terminal (ESC [ digits;... m), which only color.
// JSON, CSV and exports never go through it: they keep the bytes as archived.
func textOut(w io.Writer) io.Writer {
	if _, ok := w.(*safeWriter); ok {
		return w
	}
	return &safeWriter{w: w, color: isTerminal(w)}
}

type safeWriter struct {
	w     io.Writer
	color bool // pass SGR color sequences (only on a terminal, where hewar writes them)
}

// Unwrap gives the writer underneath, so that isTerminal still sees the terminal.
func (s *safeWriter) Unwrap() io.Writer { return s.w }

func (s *safeWriter) Write(p []byte) (int, error) {
	var b strings.Builder
	b.Grow(len(p))
	for i := 0; i < len(p); {
		c := p[i]
		if c == 0x1b && s.color {
			if n := sgrLen(p[i:]); n > 0 {
				b.Write(p[i : i+n])
				i += n
				continue
			}
		}
		r, size := utf8.DecodeRune(p[i:])
		switch {
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			b.WriteRune(utf8.RuneError)
		case r == utf8.RuneError && size == 1:
			b.WriteByte(c) // not UTF-8: passed as is; it is no control character
		default:
			b.Write(p[i : i+size])
		}
		i += size
	}
	if _, err := io.WriteString(s.w, b.String()); err != nil {
		return 0, err
	}
	return len(p), nil
}

// sgrLen is the length of a color sequence ESC [ (digits or ;)* m at the start
// of p, or 0 if p does not start with one.
func sgrLen(p []byte) int {
	if len(p) < 3 || p[0] != 0x1b || p[1] != '[' {
		return 0
	}
	for i := 2; i < len(p) && i < 32; i++ {
		switch c := p[i]; {
		case c == 'm':
			return i + 1
		case c == ';' || (c >= '0' && c <= '9'):
		default:
			return 0
		}
	}
	return 0
}
