package parse

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// FoldSearch is how search and name matching see text: the one folding the
// archive's full-text index applies to what it indexes and to every query,
// and that person names are compared under. It is what a reader types
// against what the page printed:
//
//   - dropped: harakat and other Arabic marks (fatha ... sukun, superscript
//     alef, Quranic marks), tatweel (ـ), direction marks (LRM, RLM, ALM,
//     embeddings, isolates) and the other invisible format characters
//     (zero-width space, ZWNJ, ZWJ, word joiner, BOM, soft hyphen), and the
//     transliteration marks ʾ ʿ;
//   - alef with hamza or madda, and alef wasla (أ إ آ ٱ) -> ا;
//   - alef maksura ى -> ي, and Persian yeh ی -> ي;
//   - teh marbuta ة -> ه, and Persian heh forms ۀ ھ -> ه;
//   - Persian keheh ک and swash kaf ڪ -> ك;
//   - hamza on waw or yeh (ؤ ئ) -> ء (hamza on the line), so that the
//     spellings that disagree on the seat meet: مسؤول and مسئول, شؤون and
//     شئون (Iraqi and Levantine against Egyptian usage), رؤوس and رءوس,
//     قراءة and قرائة. Mapping them to their seats instead (ؤ -> و, ئ -> ي),
//     as some search engines do, makes مسوول and مسيول, which still do not
//     meet, and no word we know of differs only by the seat of its hamza;
//   - Arabic-Indic (٠-٩) and Persian (۰-۹) digits -> ASCII;
//   - Latin letters with diacritics -> the base letter (Kāẓimī -> kazimi);
//   - lower case.
//
// Everything else is kept, one rune for one rune, so that a match in the
// folded text maps back to the published text (FoldSearchRune).
//
// It is for search and matching only. The Document keeps the text as
// published and ContentHash never folds: a page whose ى became ي is a new
// version, and the archive's content identity does not depend on this
// function, which may grow (the archive rebuilds its index when it does).
func FoldSearch(s string) string {
	i := 0
	for i < len(s) {
		c := s[i]
		if c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			break
		}
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		if r = FoldSearchRune(r); r >= 0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// FoldSearchRune is FoldSearch for one rune: what r becomes, or -1 when it is
// dropped. FoldSearch is this, rune by rune.
func FoldSearchRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return r
	}
	switch r {
	case '\u00ad', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', 'ʾ', 'ʿ':
		return -1
	case 'ى', 'ی':
		return 'ي'
	case 'ة', 'ۀ', 'ھ':
		return 'ه'
	case 'ک', 'ڪ':
		return 'ك'
	case 'ؤ', 'ئ':
		return 'ء'
	}
	if r = normalizeArabicRune(r); r < 0 || 0x0600 <= r && r <= 0x06ff {
		return r // dropped, or a letter of the Arabic block, which has no case
	}
	if r >= 0xc0 && r <= 0x24f || r >= 0x1e00 && r <= 0x1eff {
		r = latinBase(r)
	}
	return unicode.ToLower(r)
}

// latinBase is a Latin letter without its diacritics: the first rune of its
// canonical decomposition (ā -> a, ẓ -> z); letters that do not decompose
// (ß, ø, đ) are kept.
func latinBase(r rune) rune {
	var buf [utf8.UTFMax]byte
	d := norm.NFD.Bytes(utf8.AppendRune(buf[:0], r))
	base, n := utf8.DecodeRune(d)
	for _, m := range string(d[n:]) {
		if !unicode.Is(unicode.Mn, m) {
			return r
		}
	}
	return base
}
