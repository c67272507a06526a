package archive

import "testing"

// The snippet mapper must fold text exactly as the index does.
func TestNormalizeMap_AgreesWithIndex(t *testing.T) {
	for _, s := range []string{
		"حِوار الفِكْر", "العـــدد (٤٩)", "إبراهيم وأحمد وآمال وٱلله", "\u200fكانون الأول\u200e ٢٠٢٥",
		"Dialogue of Thought", "Mr. Mustafa AL-KAZEMI", "۱۲۳ ﷺ ؐ", "",
	} {
		got, idx := normalizeMap(s)
		if want := normalize(s); got != want {
			t.Errorf("normalizeMap(%q) = %q, index sees %q", s, got, want)
		}
		if len(idx) != len(got)+1 || idx[len(idx)-1] != len(s) {
			t.Errorf("normalizeMap(%q): %d offsets for %d bytes", s, len(idx), len(got))
		}
	}
	if normalize("حِوار") != normalize("حوار") || normalize("٤٩") != "49" {
		t.Error("harakat or digits not folded")
	}
}
