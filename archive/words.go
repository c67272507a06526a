package archive

import (
	"strings"
	"unicode"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// wordDiff compares two texts word by word (Arabic and Latin alike: a word is
// a run of letters, marks and digits; everything else is its own token), so
// that an edit shows as whole words deleted and inserted, never half a word.
func wordDiff(a, b string) []WordDiff {
	ta, tb := tokenize(a), tokenize(b)
	ids := map[string]rune{}
	var toks []string
	encode := func(ts []string) []rune {
		rs := make([]rune, len(ts))
		for i, t := range ts {
			r, ok := ids[t]
			if !ok {
				// Each distinct token becomes one rune, past the surrogates so that
				// every rune is valid; go-diff then diffs tokens as characters.
				r = rune(0x10000 + len(toks))
				ids[t] = r
				toks = append(toks, t)
			}
			rs[i] = r
		}
		return rs
	}
	ra, rb := encode(ta), encode(tb)
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	diffs := dmp.DiffMainRunes(ra, rb, false)
	diffs = dmp.DiffCleanupSemantic(diffs)
	var out []WordDiff
	for _, d := range diffs {
		if d.Text == "" {
			continue // go-diff's semantic cleanup may leave an empty diff behind
		}
		var s strings.Builder
		for _, r := range d.Text {
			s.WriteString(toks[r-0x10000])
		}
		op := "equal"
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			op = "delete"
		case diffmatchpatch.DiffInsert:
			op = "insert"
		}
		if n := len(out); n > 0 && out[n-1].Op == op {
			out[n-1].Text += s.String()
			continue
		}
		out = append(out, WordDiff{Op: op, Text: s.String()})
	}
	return out
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsNumber(r) || r == 0x0640
}

// tokenize splits s into words and the single characters between them.
func tokenize(s string) []string {
	var out []string
	start := -1
	for i, r := range s {
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, s[start:i])
			start = -1
		}
		out = append(out, string(r))
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}
