package archive

import "testing"

// The snippet mapper must fold text exactly as the index does.
func TestNormalizeMap_AgreesWithIndex(t *testing.T) {
	for _, s := range []string{
		"حِوار الفِكْر", "العـــدد (٤٩)", "إبراهيم وأحمد وآمال وٱلله", "\u200fكانون الأول\u200e ٢٠٢٥",
		"Dialogue of Thought", "Mr. Mustafa AL-KAZEMI", "۱۲۳ ﷺ ؐ", "", "الكاظمى والحكيمة ومسؤول", "Kāẓimī",
	} {
		got, idx := normalizeMap(s)
		if want := normalize(s); got != want {
			t.Errorf("normalizeMap(%q) = %q, index sees %q", s, got, want)
		}
		if len(idx) != len(got)+1 || idx[len(idx)-1] != len(s) {
			t.Errorf("normalizeMap(%q): %d offsets for %d bytes", s, len(idx), len(got))
		}
	}
	if normalize("حِوار") != normalize("حوار") || normalize("٤٩") != "49" || normalize("الكاظمى") != normalize("الكاظمي") {
		t.Error("harakat, digits or alef maksura not folded")
	}
}

// A query is folded like the index, but its operators keep their case.
func TestNormalizeQuery(t *testing.T) {
	for in, want := range map[string]string{
		`الكاظمى AND "Al-Kadhimi" OR NOT x`: `الكاظمي AND "al-kadhimi" OR NOT x`,
		`NEAR(مُصطفى الكاظمى, 5)`:           `NEAR(مصطفي الكاظمي, 5)`,
		`title:حِوار and Or`:                `title:حوار and or`,
		`"unterminated الحكيمة`:             `"unterminated الحكيمه`,
		`People:Kadhimi`:                    `people:kadhimi`,
		"\u200fالعدد ٤٩":                    "العدد 49",
	} {
		if got := normalizeQuery(in); got != want {
			t.Errorf("normalizeQuery(%q) = %q, want %q", in, got, want)
		}
	}
}
