package parse

import (
	"strings"
	"testing"
)

// TestOpensRoleWord checks that the letters a paragraph opens with let
// through every spelling of a role word roleLabelRe reads (tatweel, short
// vowels, any alef, any white space), and keep the regexp from the common
// openings that no role word has.
func TestOpensRoleWord(t *testing.T) {
	var words []string
	for _, list := range [][]string{roleMarkers, narratedAsks, narratedAnswers} {
		words = append(words, list...)
	}
	matched := 0
	for _, w := range words {
		variants := []string{w, strings.ReplaceAll(w, " ", "\t "), strings.ReplaceAll(w, "ا", "ٱ"), strings.ReplaceAll(w, "أ", "إ")}
		var marked, drawn strings.Builder
		for i, r := range w {
			marked.WriteRune(r)
			if r != ' ' {
				marked.WriteString("\u064e") // fatha
			}
			drawn.WriteRune(r)
			if i == 0 {
				drawn.WriteString("ـ")
			}
		}
		variants = append(variants, marked.String(), drawn.String())
		for _, v := range variants {
			for _, text := range []string{v + ": نص", v + " ١- نص", v + " الأول: نص", v + "/ نص"} {
				if roleLabelRe.MatchString(text) {
					matched++
					if !opensRoleWord(text) {
						t.Errorf("%q: roleLabelRe matches, opensRoleWord is false", text)
					}
				}
			}
		}
	}
	if matched < len(words) {
		t.Fatalf("roleLabelRe matched %d texts of %d words", matched, len(words))
	}
	for _, text := range []string{"السيد أحمد: نعم", "المعهد العراقي للحوار", "الحوار: نص", "سوريا", "إن الحوار"} {
		want := strings.HasPrefix(text, "س")
		if got := opensRoleWord(text); got != want {
			t.Errorf("opensRoleWord(%q) = %v", text, got)
		}
	}
}
