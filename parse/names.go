package parse

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// honorifics are titles that precede a name in labels, titles and ledes. They
// are not part of the name. Longest first, so "His Excellency" wins over "His".
// Each Arabic one is also written as a Persian keyboard types it (ک for ك, ی
// for ي: "الدکتور").
var honorifics = withPersianLetters([]string{
	"his excellency", "her excellency", "his eminence", "her eminence", "his holiness", "his highness", "her highness", "h.e.", "mr.", "mr", "mrs.", "mrs", "ms.", "ms", "dr.", "dr",
	"prof.", "prof", "professor", "sheikh", "shaikh", "sayyid", "sayed", "sayyed", "eng.", "judge", "ambassador",
	"السيد", "السيدة", "الدكتور", "الدكتورة", "د.", "الأستاذ", "الاستاذ", "الأستاذة", "الاستاذة", "الشيخ",
	"سماحة", "معالي", "فضيلة", "سعادة", "السفيرة", "السفير", "المهندسة", "المهندس", "القاضية", "القاضي", "اللواء", "الفريق", "العميد",
})

// persianLetters writes Arabic kaf and yeh as a Persian keyboard does.
var persianLetters = strings.NewReplacer("ك", "ک", "ي", "ی")

// withPersianLetters is words with, after each that has a kaf or a yeh, its
// spelling in Persian letters.
func withPersianLetters(words []string) []string {
	out := make([]string, 0, len(words)+8)
	for _, w := range words {
		out = append(out, w)
		if p := persianLetters.Replace(w); p != w {
			out = append(out, p)
		}
	}
	return out
}

// stripHonorific removes leading honorifics ("Mr. Mustafa" -> "Mustafa").
func stripHonorific(s string) string {
	s = trimText(s, "")
	for {
		word, rest, _ := strings.Cut(s, " ")
		key := word
		if hasUpper(key) {
			key = strings.ToLower(key)
		}
		switch {
		case honorificWords[strings.TrimSuffix(key, ".")] && rest != "":
			s = trimText(rest, "")
		case (key == "his" || key == "her") && styleAfterHis(rest) > 0:
			s = trimText(rest[styleAfterHis(rest):], "")
		case strings.HasPrefix(key, "د.") && len(key) > len("د."):
			s = trimText(s[len("د."):], "") // "د.سعاد"
		default:
			return s
		}
	}
}

// styleAfterHis is the length of the style "His"/"Her" opens ("Excellency",
// "Eminence", "Holiness", "Highness") with its space, at the start of rest; 0
// when there is none.
func styleAfterHis(rest string) int {
	low := strings.ToLower(rest)
	for _, w := range []string{"excellency ", "eminence ", "holiness ", "highness "} {
		if strings.HasPrefix(low, w) {
			return len(w)
		}
	}
	return 0
}

// honorificBefore reports whether s ends with an honorific (the text just
// before a name), and returns s without it.
func honorificBefore(s string) (string, bool) {
	t := strings.TrimRightFunc(s, func(r rune) bool { return unicode.IsSpace(r) || isHaraka(r) || isDirectionMark(r) })
	low := strings.ToLower(t)
	for _, h := range honorifics {
		if strings.HasSuffix(low, h) {
			i := len(t) - len(h)
			if i == 0 || !isLetterByteBefore(t[:i]) {
				return t[:i], true
			}
		}
	}
	return s, false
}

func isLetterByteBefore(s string) bool {
	r := []rune(s)
	return len(r) > 0 && (unicode.IsLetter(r[len(r)-1]) || unicode.IsDigit(r[len(r)-1]))
}

// nameToken is one word of a name, with its byte span in the text it came from.
type nameToken struct {
	word       string
	start, end int
}

// nameTokens splits text into words (letters, digits, hyphens, apostrophes),
// gluing a separate "Al"/"El" to the next word.
func nameTokens(text string) []nameToken {
	// A word and its space take 6 bytes in English, 9 or more in Arabic:
	// room for one token every 5 bytes spares the slice its regrowing.
	toks := make([]nameToken, 0, len(text)/5+1)
	start := -1
	for i := 0; i < len(text); {
		c := text[i]
		var in bool
		n := 1
		if c < utf8.RuneSelf {
			in = isASCIIAlnum(c) || c == '-' || c == '\''
		} else {
			var r rune
			r, n = utf8.DecodeRuneInString(text[i:])
			in = unicode.IsLetter(r) || unicode.IsDigit(r) || isHaraka(r) || r == '’' || r == 'ـ'
		}
		if in && start < 0 {
			start = i
		}
		if !in && start >= 0 {
			toks = append(toks, nameToken{word: text[start:i], start: start, end: i})
			start = -1
		}
		i += n
	}
	if start >= 0 {
		toks = append(toks, nameToken{word: text[start:], start: start, end: len(text)})
	}
	out := toks[:0]
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if isArticle(t.word) && i+1 < len(toks) && toks[i+1].start-t.end <= 1 {
			n := toks[i+1]
			out = append(out, nameToken{word: text[t.start:n.end], start: t.start, end: n.end})
			i++
			continue
		}
		out = append(out, t)
	}
	return out
}

// isArticle reports a definite article written as a word of its own.
func isArticle(w string) bool {
	switch len(w) {
	case 2:
		return (w[0] == 'a' || w[0] == 'A' || w[0] == 'e' || w[0] == 'E' || w[0] == 'u' || w[0] == 'U') && (w[1] == 'l' || w[1] == 'L')
	case 4:
		return w == "ال"
	}
	return false
}

// tokenKey folds one name word for comparison: lower case, Arabic-normalized,
// without the definite article, hyphens, apostrophes and dots.
func tokenKey(w string) string {
	w = strings.ToLower(normalizeArabic(w))
	for _, p := range []string{"al-", "el-", "ul-", "al ", "el ", "ul ", "al'", "ال ", "ال"} {
		if strings.HasPrefix(w, p) && utf8.RuneCountInString(w) > utf8.RuneCountInString(p)+2 {
			w = w[len(p):]
			break
		}
	}
	w = strings.Map(func(r rune) rune {
		switch r {
		case '-', '\'', '’', '.', ' ', 'ـ':
			return -1
		case 'ى':
			return 'ي'
		case 'ة':
			return 'ه'
		case 'ؤ', 'ئ':
			return 'ء'
		}
		return r
	}, w)
	return w
}

// digraphs are the Latin spellings of one Arabic sound that transliterations
// disagree on: ذ/ظ/ض are written dh, z, th or d; ق is q or k; خ is kh; ش is sh;
// ou, oo and u, ee and i are the same vowel.
var digraphs = strings.NewReplacer(
	"dh", "z", "th", "z", "ph", "f", "kh", "h", "gh", "g", "sh", "s", "ch", "s", "ou", "u", "oo", "u", "ee", "i",
	"q", "k", "c", "k", "x", "ks", "j", "g", "w", "u", "y", "i", "d", "z", "v", "f", "p", "b",
)

// skeleton is the consonant outline of a Latin name word after folding
// transliteration variants: Kadhimi, Kazemi and Kazimi all give "kzm".
// Arabic words keep their letters but lose long vowels after the first letter.
func skeleton(key string) string {
	if key == "" {
		return ""
	}
	latin := key[0] < 0x80
	if latin {
		key = digraphs.Replace(key)
	}
	var b strings.Builder
	var prev rune
	for i, r := range key {
		vowel := false
		if latin {
			vowel = strings.ContainsRune("aeiou", r)
		} else {
			vowel = r == 'ا' || r == 'و' || r == 'ي'
		}
		if i > 0 && vowel {
			continue
		}
		if r == prev {
			continue
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

// levenshtein is the edit distance between two strings, in runes.
func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// vowelRuns is the sequence of vowel runs of a folded Latin name word, each
// run reduced to a class: a; i (e, i, y, ai, ei); u (o, u, w, ou). Names that
// share a consonant outline differ by their vowels: Hassan (a a) is not
// Hussein (u i), while Kazemi and Kadhimi (a i i) are one name.
func vowelRuns(key string) string {
	key = digraphs.Replace(key)
	var out []byte
	run := ""
	flush := func() {
		if run == "" {
			return
		}
		switch {
		case strings.ContainsAny(run, "ie"):
			out = append(out, 'i')
		case strings.ContainsAny(run, "uo"):
			out = append(out, 'u')
		default:
			out = append(out, 'a')
		}
		run = ""
	}
	for _, r := range key {
		if strings.ContainsRune("aeiou", r) {
			run += string(r)
			continue
		}
		flush()
	}
	flush()
	return string(out)
}

// nameWord is one word of a name folded for comparison. The outline and
// vowels are computed only when a comparison needs them.
type nameWord struct {
	key    string
	first  rune // class of the first letter, a cheap first test
	latin  bool
	runes  int
	family bool // written with the definite article: al-Rubaie, الحكيم
	folded bool
	skel   string
	vowels string
}

// enoughAlone reports a word that identifies someone on its own, as a family
// name does: five letters, or four after the article (الحكيم, al-Sadr);
// "Ali" alone is too common.
func (n *nameWord) enoughAlone() bool {
	return n.runes >= 5 || n.family && n.runes >= 4
}

func newNameWord(w string) nameWord {
	k := tokenKey(w)
	// Lower-casing maps rune to rune: the word's folded length is normalizeArabic's.
	runes := utf8.RuneCountInString(k)
	nw := nameWord{key: k, runes: runes, family: runes < utf8.RuneCountInString(normalizeArabic(w))-1}
	if k == "" {
		return nw
	}
	nw.latin = k[0] < 0x80
	nw.first = firstClass(k)
	return nw
}

// rawFirstClass is firstClass of the word as written, without folding it
// whole: it skips an "al-"/"el-" or "ال" and lower-cases one letter.
func rawFirstClass(w string) rune {
	if len(w) > 3 && (w[2] == '-' || w[2] == ' ' || w[2] == '\'') && isArticle(w[:2]) {
		w = w[3:]
	} else if strings.HasPrefix(w, "ال") && len(w) > len("ال")+4 {
		w = w[len("ال"):]
	}
	r, n := utf8.DecodeRuneInString(w)
	switch r {
	case 'أ', 'إ', 'آ', 'ٱ':
		r = 'ا'
	}
	var b [utf8.UTFMax]byte
	k := utf8.AppendRune(b[:0], unicode.ToLower(r))
	_ = n
	return firstClass(string(k))
}

// firstClass groups the first letters transliterations swap: q/k/c, j/g,
// z/d/t (ذ ظ ض), and every vowel.
func firstClass(key string) rune {
	r, _ := utf8.DecodeRuneInString(key)
	switch r {
	case 'q', 'c':
		return 'k'
	case 'j':
		return 'g'
	case 'd', 't':
		return 'z'
	case 'a', 'e', 'i', 'o', 'u', 'y', 'w':
		return 'a'
	}
	return r
}

func (n *nameWord) fold() {
	if !n.folded {
		if n.latin {
			n.skel, n.vowels = foldLatin(n.key)
		} else {
			n.skel = skeleton(n.key)
		}
		n.folded = true
	}
}

// foldLatin is skeleton and vowelRuns of a Latin key in one pass, without
// strings.Replacer: digraphs and letters are mapped as the digraphs table
// says, then consonants make the outline and vowel runs their classes.
func foldLatin(key string) (skel, vowels string) {
	var mapped [64]byte
	m := 0
	put := func(c byte) {
		if m < len(mapped) {
			mapped[m] = c
			m++
		}
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		var next byte
		if i+1 < len(key) {
			next = key[i+1]
		}
		switch {
		case next == 'h' && (c == 'd' || c == 't'):
			put('z')
			i++
		case next == 'h' && c == 'p':
			put('f')
			i++
		case next == 'h' && c == 'k':
			put('h')
			i++
		case next == 'h' && c == 'g':
			put('g')
			i++
		case next == 'h' && (c == 's' || c == 'c'):
			put('s')
			i++
		case c == 'o' && (next == 'u' || next == 'o'):
			put('u')
			i++
		case c == 'e' && next == 'e':
			put('i')
			i++
		default:
			switch c {
			case 'q', 'c':
				put('k')
			case 'x':
				put('k')
				put('s')
			case 'j':
				put('g')
			case 'w':
				put('u')
			case 'y':
				put('i')
			case 'd':
				put('z')
			case 'v':
				put('f')
			case 'p':
				put('b')
			default:
				put(c)
			}
		}
	}
	var sk, vw [64]byte
	ns, nv := 0, 0
	var prev byte
	inVowel := false
	var class byte
	for i := 0; i < m; i++ {
		c := mapped[i]
		vowel := c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'
		if vowel {
			// Vowel runs: a; i (e, i); u (o, u).
			k := byte('a')
			if c == 'i' || c == 'e' {
				k = 'i'
			} else if c == 'u' || c == 'o' {
				k = 'u'
			}
			if !inVowel {
				class = k
			} else if k == 'i' || k == 'u' && class == 'a' {
				class = k
			}
			inVowel = true
		} else if inVowel {
			vw[nv] = class
			nv++
			inVowel = false
		}
		if i > 0 && vowel || c == prev {
			continue
		}
		sk[ns] = c
		ns++
		prev = c
	}
	if inVowel {
		vw[nv] = class
		nv++
	}
	return string(sk[:ns]), string(vw[:nv])
}

// SameNameWord reports whether two words of a name are spellings of one
// Arabic name: equal after folding case, the article and hyphens; or, in
// Latin script, with the same consonant outline once transliteration
// variants are folded and at most one vowel of a different class; or one edit
// apart on longer words.
func SameNameWord(a, b string) bool {
	na, nb := newNameWord(a), newNameWord(b)
	return sameWord(&na, &nb)
}

func sameWord(a, b *nameWord) bool {
	if a.key == "" || b.key == "" {
		return false
	}
	if a.key == b.key {
		return true
	}
	if a.latin != b.latin || a.first != b.first {
		return false // another script, or another first sound
	}
	a.fold()
	b.fold()
	if a.skel == b.skel && utf8.RuneCountInString(a.skel) >= 3 {
		if !a.latin {
			return true // Arabic writes no short vowels: the letters decide
		}
		if levenshtein(a.vowels, b.vowels) <= 1 {
			return true
		}
	}
	if a.runes >= 5 && b.runes >= 5 && abs(a.runes-b.runes) <= 2 {
		d := levenshtein(a.key, b.key)
		if d <= 1 || (d <= 2 && min(a.runes, b.runes) >= 8) {
			return true
		}
	}
	return false
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// SameName reports whether two written names (honorifics allowed) name the
// same person: every word matches in order, or the shorter is a tail of the
// longer that keeps the family name ("al-Kadhimi" and "Mustafa Al-Kazemi").
func SameName(a, b string) bool {
	return sameNameWords(nameWords(a), nameWords(b))
}

// nameWords folds the words of a written name, honorifics removed.
func nameWords(name string) []nameWord {
	toks := nameTokens(stripHonorific(name))
	out := make([]nameWord, len(toks))
	for i, t := range toks {
		out[i] = newNameWord(t.word)
	}
	return out
}

// sameNameWords is SameName on names already folded.
func sameNameWords(ta, tb []nameWord) bool {
	if len(ta) == 0 || len(tb) == 0 {
		return false
	}
	if len(ta) > len(tb) {
		ta, tb = tb, ta
	}
	off := len(tb) - len(ta)
	if off > 0 && len(ta) >= 2 && sameWord(&ta[0], &tb[0]) && sameWord(&ta[len(ta)-1], &tb[len(tb)-1]) {
		return true // a middle name left out: "Hassan Al-Najjar", "Hassan Karim Al-Najjar"
	}
	for i := range ta {
		if !sameWord(&ta[i], &tb[i+off]) {
			return false
		}
	}
	if len(ta) == 1 && off > 0 {
		// A lone word matches only a family name of some length: "Ali" alone
		// is too common to identify anyone.
		return ta[0].enoughAlone()
	}
	return true
}

// mayBeName is a cheap test that spares folding ordinary English words.
func mayBeName(w string) bool {
	if len(w) > 3 && (w[2] == '-' || w[2] == ' ') && (w[0] == 'a' || w[0] == 'A' || w[0] == 'e' || w[0] == 'E') {
		w = w[3:]
	}
	r, _ := utf8.DecodeRuneInString(w)
	return r >= 0x80 || unicode.IsUpper(r)
}

// findNameIn is findName on text already split by nameTokens, for a name
// already folded.
func findNameIn(text string, toks []nameToken, want []nameWord) []string {
	if len(want) == 0 {
		return nil
	}
	// Fold only the words that could start or continue a name: in Latin
	// script, capitalized ones (after an "al-"); in Arabic, all of them.
	// The first-letter class is read from the raw word, so that only words
	// that start like one of the name's words get folded.
	classes := map[rune]bool{}
	for i := range want {
		classes[want[i].first] = true
	}
	idx := make([]int32, len(toks))
	var cands []nameWord
	for i, t := range toks {
		idx[i] = -1
		if mayBeName(t.word) && classes[rawFirstClass(t.word)] {
			idx[i] = int32(len(cands))
			cands = append(cands, newNameWord(t.word))
		}
	}
	var out []string
	for i := 0; i < len(toks); i++ {
		// Try the longest match first: the full name, then its tail.
		for k := len(want); k >= 1; k-- {
			if i+k > len(toks) {
				continue
			}
			tail := want[len(want)-k:]
			ok := true
			for j := range tail {
				c := idx[i+j]
				if c < 0 || !sameWord(&cands[c], &tail[j]) {
					ok = false
					break
				}
			}
			if ok && (k > 1 || tail[0].enoughAlone()) {
				out = append(out, text[toks[i].start:toks[i+k-1].end])
				i += k - 1
				break
			}
			// The first and family names with the middle ones left out:
			// "Omar Al-Dulaimi" for "Omar Khalid Al-Dulaimi".
			if k == len(want) && k >= 3 && i+1 < len(toks) {
				a, b := idx[i], idx[i+1]
				if a >= 0 && b >= 0 && sameWord(&cands[a], &want[0]) && sameWord(&cands[b], &want[k-1]) {
					out = append(out, text[toks[i].start:toks[i+1].end])
					i++
					break
				}
			}
		}
	}
	return out
}
