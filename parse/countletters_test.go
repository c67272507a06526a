package parse

import (
	"testing"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// TestCountLetters checks the fast paths against unicode.IsLetter/IsDigit
// over the whole Arabic block and ASCII.
func TestCountLetters(t *testing.T) {
	for r := rune(0); r < 0x0800; r++ {
		want := 0
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			want = 1
		}
		if got := countLetters(string(r)); got != want {
			t.Errorf("countLetters(%U) = %d, want %d", r, got, want)
		}
	}
	if n := countLetters("حِوار الفكر: ١٢ (Q1)"); n != 13 {
		t.Errorf("mixed text: %d letters, want 13", n)
	}
}

// TestWalkerText checks the one-pass collapse of white space against the
// rule: every run of white space (Unicode's too) becomes one space.
func TestWalkerText(t *testing.T) {
	for _, in := range []string{"a b", "a  b", " a\u00a0b ", "كلمة كلمة", "كلمة \u00a0كلمة", "a \u00a0b", "\n\t a \u2003 b\u3000", "x\u0085y", "حِوار  الفكر ", "  "} {
		w := &walker{containers: []*html.Node{{Type: html.ElementNode, DataAtom: atom.P, Data: "p"}}}
		w.text(in)
		w.flush()
		got := ""
		if len(w.blocks) > 0 {
			got = w.blocks[0].text
		}
		if want := collapseSpace(in); got != want {
			t.Errorf("text(%q) = %q, want %q", in, got, want)
		}
	}
}
