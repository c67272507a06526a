package parse

import (
	"strings"
	"testing"
	"time"
)

// TestFoldSearch: what a reader types meets what the page printed. Each case
// is a spelling a reader types and one the site (or another Arabic site)
// prints; both must fold to the same text.
func TestFoldSearch(t *testing.T) {
	for _, c := range []struct{ why, typed, printed, folded string }{
		{"alef maksura for final yeh (Egyptian usage)", "الكاظمى", "الكاظمي", "الكاظمي"},
		{"final yeh for alef maksura", "مصطفي", "مصطفى", "مصطفي"},
		{"heh for teh marbuta", "الحكيمه", "الحكيمة", "الحكيمه"},
		{"hamza seats on alef", "ابراهيم احمد امال الله", "إبراهيم أحمد آمال ٱلله", "ابراهيم احمد امال الله"},
		{"hamza on waw or on yeh: مسؤول / مسئول", "مسئول", "مسؤول", "مسءول"},
		{"hamza on waw or on yeh: شؤون / شئون", "الشئون", "الشؤون", "الشءون"},
		{"hamza on waw or on the line: رؤوس / رءوس", "رءوس", "رؤوس", "رءوس"},
		{"harakat and shadda", "الكاظمي", "الكَاظِمِيّ", "الكاظمي"},
		{"tatweel", "حوار", "حـــوار", "حوار"},
		{"direction marks and isolates", "كانون الاول 2025", "\u200fكانون الأول\u200e \u2067٢٠٢٥\u2069", "كانون الاول 2025"},
		{"Persian yeh and keheh", "كاظمي", "کاظمی", "كاظمي"},
		{"Persian heh with yeh, Urdu heh", "مدرسه", "مدرسۀ", "مدرسه"},
		{"Arabic-Indic digits", "49", "٤٩", "49"},
		{"Persian digits", "83-84", "۸۳-۸۴", "83-84"},
		{"zero-width joiners and the BOM", "ميخواهم", "\ufeffمی\u200cخواهم", "ميخواهم"},
		{"Latin case", "al-kadhimi", "Al-KADHIMI", "al-kadhimi"},
		{"Latin diacritics of scholarly transliteration", "kazimi", "Kāẓimī", "kazimi"},
		{"transliteration marks for ayn and hamza", "abd", "ʿAbd", "abd"},
	} {
		if got := FoldSearch(c.printed); got != c.folded {
			t.Errorf("%s: FoldSearch(%q) = %q, want %q", c.why, c.printed, got, c.folded)
		}
		if got := FoldSearch(c.typed); got != c.folded {
			t.Errorf("%s: FoldSearch(%q) = %q, want %q", c.why, c.typed, got, c.folded)
		}
	}
}

// Words that are different must stay different, and the one known cost of
// folding ى into ي is written down: the name علي (Ali) meets the preposition
// على (on), as in every search engine that folds them (docs/schema.md).
func TestFoldSearch_KeepsApart(t *testing.T) {
	for _, c := range [][2]string{
		{"حسن", "حسين"},       // Hasan, Husayn
		{"الحكيم", "الحكيمي"}, // al-Hakim, al-Hakimi
		{"سائل", "سال"},       // asking, flowed
		{"مؤمن", "مومن"},      // only the seat is folded: a word typed without its hamza is another word
		{"ß", "ss"},
	} {
		if FoldSearch(c[0]) == FoldSearch(c[1]) {
			t.Errorf("FoldSearch merges %q and %q", c[0], c[1])
		}
	}
	if FoldSearch("على") != FoldSearch("علي") {
		t.Error("على and علي do not meet: the docs say they do")
	}
}

// FoldSearch is FoldSearchRune applied to every rune: the archive maps a
// match back to the published text with the rune function.
func TestFoldSearch_IsItsRuneFunction(t *testing.T) {
	var all strings.Builder
	for r := rune(0); r < 0x2100; r++ {
		all.WriteRune(r)
	}
	for _, r := range "\ufeff\ufb50\ufdfa\ufefb" {
		all.WriteRune(r)
	}
	s := all.String()
	var want strings.Builder
	for _, r := range s {
		if f := FoldSearchRune(r); f >= 0 {
			want.WriteRune(f)
		}
	}
	if got := FoldSearch(s); got != want.String() {
		t.Error("FoldSearch differs from FoldSearchRune rune by rune")
	}
	if s := "plain ascii, lower case 123"; FoldSearch(s) != s {
		t.Errorf("FoldSearch(%q) changed it", s)
	}
}

// Search folding never reaches a Document or its content hash: a page that
// prints الكاظمى keeps it, and two pages that differ only by ى and ي are two
// contents (content identity must not move when the folding grows).
func TestFoldSearch_NotInContentIdentity(t *testing.T) {
	page := func(name string) *Document {
		body := `<html lang="ar"><head><title>حوار مع السيد مصطفى ` + name + `</title></head><body><article>
<h1>حوار مع السيد مصطفى ` + name + `</h1>
<p>أجرت مجلة حوار الفكر حواراً مع السيد مصطفى ` + name + ` في مكتبه، وهذه المقابلة الكاملة.</p>
<p><b>حوار الفكر:</b> ما هي أولويات المرحلة القادمة في رأيكم؟</p>
<p><b>` + name + `:</b> الأولوية هي الأمن والاستقرار والمصالحة الوطنية الشاملة.</p>
<p><b>حوار الفكر:</b> وما هو دور المؤسسة في ذلك؟</p>
<p><b>` + name + `:</b> دورها حماية الدولة والمواطن، وهذه مسؤولية كبيرة.</p>
</article></body></html>`
		d, err := Parse("http://127.0.0.1/post/9001", "text/html; charset=utf-8", []byte(body), time.Date(2026, 1, 8, 9, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	maksura, yeh := page("الكاظمى"), page("الكاظمي")
	if !strings.Contains(maksura.Title, "الكاظمى") || !strings.Contains(maksura.Body+maksura.Intro, "الكاظمى") {
		t.Errorf("the Document lost the published ى: title %q", maksura.Title)
	}
	if maksura.ContentHash == yeh.ContentHash {
		t.Error("two pages that differ by ى and ي have one content hash: folding leaked into content identity")
	}
	if ContentHash(maksura) != maksura.ContentHash {
		t.Error("ContentHash of the Document is not the one Parse set")
	}
}

// TestFoldKey_IsItsThreeSteps checks foldKey's one pass against what it
// stands for, strings.ToLower(collapseSpace(normalizeArabic(s))): on every
// rune of the first planes alone and between letters, and on labels with
// nothing or something to change.
func TestFoldKey_IsItsThreeSteps(t *testing.T) {
	texts := []string{"", " ", "س", "السؤال", "الســؤال", "أجاب", "ج ١", "q", "Q", "question", "Question:",
		"حوار  الفكر", " حوار", "حوار ", "a\tb", "\u200fس", "İstanbul", "ǅ", "\xff", "a\xffb", "\uFFFD"}
	for r := rune(0); r < 0x3000; r++ {
		texts = append(texts, string(r), "a"+string(r)+"ب", "ب"+string(r))
	}
	for _, s := range texts {
		if got, want := foldKey(s), strings.ToLower(collapseSpace(normalizeArabic(s))); got != want {
			t.Errorf("foldKey(%q) = %q, want %q", s, got, want)
		}
	}
}
