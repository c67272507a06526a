package main

import (
	"bytes"
	"testing"
)

func TestSafeWriter(t *testing.T) {
	for _, c := range []struct {
		name  string
		color bool
		in    string
		want  string
	}{
		{"plain text kept", false, "حوار الفكر: a\tb\n", "حوار الفكر: a\tb\n"},
		{"clear screen", false, "x\x1b[2Jy", "x\uFFFD[2Jy"},
		{"retitle", false, "\x1b]0;owned\a", "\uFFFD]0;owned\uFFFD"},
		{"carriage return and DEL", false, "a\rb\x7f", "a\uFFFDb\uFFFD"},
		{"C1 control", false, "a\u009bb", "a\uFFFDb"},
		{"our color on a terminal", true, "\x1b[31mred\x1b[0m", "\x1b[31mred\x1b[0m"},
		{"cursor moves even on a terminal", true, "\x1b[2J\x1b[H", "\uFFFD[2J\uFFFD[H"},
		{"color off the terminal", false, "\x1b[31mred", "\uFFFD[31mred"},
		{"not UTF-8 passed", false, "a\xffb", "a\xffb"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			w := &safeWriter{w: &buf, color: c.color}
			n, err := w.Write([]byte(c.in))
			if err != nil || n != len(c.in) {
				t.Fatalf("Write = %d, %v", n, err)
			}
			if buf.String() != c.want {
				t.Errorf("got %q, want %q", buf.String(), c.want)
			}
		})
	}
}
