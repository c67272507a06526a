package parse

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Person names across pages (docs/people.md). SameName (names.go) is the
// parser's rule for the spellings of one name on one page, where the page
// itself confirms them: it folds d with dh and z, lets a lone family name or
// a name one letter off match, and reads حسن and حسين as one outline. Across
// pages nothing confirms a match, and that rule would merge two people, so
// PersonKey and CompareNames are stricter and say when they are unsure.

// NameMatch is what two written names tell of the people they name.
type NameMatch int

const (
	// NamesDifferent: the names do not show one person (another name, another
	// script, or too little of a name to tell).
	NamesDifferent NameMatch = iota
	// NamesUncertain: perhaps one person, perhaps two; a person must decide.
	// A middle name left out, a family name alone, a one-word name, one word
	// one letter off.
	NamesUncertain
	// NamesSame: spellings of one name, word for word.
	NamesSame
)

func (m NameMatch) String() string {
	switch m {
	case NamesSame:
		return "same"
	case NamesUncertain:
		return "uncertain"
	}
	return "different"
}

// PersonKey is the normalized form of a written name: equal keys are always
// NamesSame (for names of two words or more). It is the name folded as
// search folds it (FoldSearch), without honorifics ("Mr.", "Dr.", "السيد",
// "الدكتور", ...), without the article ("Al-", "el-", "ash-", "ال"), with
// "Abd"/"عبد" joined to the word after it, and, in Latin script, each word
// reduced to a transliteration key: "dh", "th", "zh" and "z" are one letter
// (ذ ظ), "q", "k", "c" another (ق ك), "j", "g" and "dj" another (ج); "kh",
// "gh", "sh" stay letters of their own; a doubled letter is one; vowels are
// of three classes, a, i (e, i, y between consonants, ee) and u (o, u, oo,
// ou), and "ei"/"ey" is "ai".
//
//	"Mr. Mustafa Al-Kadhimi", "Mostafa al-Kazemi" -> "mustafa kazimi"
//	"السيد مصطفى الكاظمى", "مُصطفى الكاظمي"     -> "مصطفي كاظمي"
func PersonKey(name string) string {
	words := personWords(name)
	keys := make([]string, len(words))
	for i, w := range words {
		keys[i] = w.key
	}
	return strings.Join(keys, " ")
}

// CompareNames decides whether two written names name one person, by the
// rule in docs/people.md:
//
//   - names in different scripts are NamesDifferent: an Arabic and a Latin
//     name are linked through the two language versions of one post, never
//     by their letters;
//   - words compare as equal keys; in Latin script, also as variants, when
//     they have the same consonants (three or more) and differ in the class
//     of one vowel (Mohammed, Muhammad); or as close, when one letter is
//     added, dropped or changed away from the end of a word of five letters
//     or more (four in Arabic): Maliki and Malki. A letter added at the end
//     makes another name: Hakim and Hakimi, Kadhim and Kadhimi, الحكيم and
//     الحكيمي are different words;
//   - two names of two words or more are NamesSame when they have as many
//     words and each is equal or a variant; NamesUncertain when one word is
//     close instead;
//   - the shorter name is NamesUncertain when its words (two or more) come
//     in the longer one in order (a middle name left out: Hassan Al-Najjar,
//     Hassan Karim Al-Najjar), or when it is one family name that ends the
//     longer one (Al-Kadhimi, Mustafa Al-Kadhimi), or when both are one and
//     the same word;
//   - anything else is NamesDifferent.
func CompareNames(a, b string) NameMatch {
	wa, wb := personWords(a), personWords(b)
	if len(wa) == 0 || len(wb) == 0 || wa[0].arabic != wb[0].arabic {
		return NamesDifferent
	}
	if len(wa) > len(wb) {
		wa, wb = wb, wa
	}
	if len(wa) == len(wb) {
		close := 0
		for i := range wa {
			switch compareWords(wa[i], wb[i]) {
			case wordsClose:
				close++
			case wordsDifferent:
				return NamesDifferent
			}
		}
		switch {
		case close > 1:
			return NamesDifferent
		case close == 1, len(wa) == 1:
			return NamesUncertain
		}
		return NamesSame
	}
	if len(wa) == 1 {
		last := wb[len(wb)-1]
		if w := wa[0]; w.family || utf8.RuneCountInString(w.key) >= 5 {
			if m := compareWords(w, last); m == wordsEqual || m == wordsVariant {
				return NamesUncertain
			}
		}
		return NamesDifferent
	}
	// The shorter name's words, in order, among the longer's.
	j := 0
	for i := 0; i < len(wb) && j < len(wa); i++ {
		if m := compareWords(wa[j], wb[i]); m == wordsEqual || m == wordsVariant {
			j++
		}
	}
	if j == len(wa) {
		return NamesUncertain
	}
	return NamesDifferent
}

// personWord is one word of a name, normalized.
type personWord struct {
	key    string
	arabic bool
	family bool // written with the article: al-Kadhimi, الكاظمي
}

// personTitles are the honorifics and titles that precede a name, folded:
// the parser's own list and the titles of religious and military rank
// that only names across pages meet.
var personTitles = func() map[string]bool {
	m := map[string]bool{}
	for _, h := range honorifics {
		m[strings.TrimSuffix(FoldSearch(h), ".")] = true
	}
	for _, h := range []string{
		"miss", "shaykh", "syed", "sayid", "hajj", "haji", "ayatollah", "grand ayatollah", "his eminence",
		"general", "gen", "lt", "col", "brigadier", "engineer", "minister", "mp",
		"الحاج", "الحاجة", "آية الله", "اية الله", "اية الله العظمى", "سماحة السيد", "العقيد", "المهندسة", "السفيرة", "النائب", "الوزير",
	} {
		m[FoldSearch(h)] = true
	}
	return m
}()

// latinArticle reports an article written before a Latin name word: al, el,
// ul, and the forms assimilated to a sun letter (ad-Dulaimi, ash-Shammari,
// ar-Rubaie), which are a vowel and the first letters of the word after.
func latinArticle(part, next string) bool {
	switch part {
	case "al", "el", "ul":
		return next != ""
	}
	if len(part) < 2 || len(part) > 3 || !strings.ContainsRune("aeu", rune(part[0])) {
		return false
	}
	return strings.HasPrefix(next, part[1:]) && len(next) > len(part)
}

// apostrophes are dropped from Latin words ("Al-Ja'fari", "O’Brien").
var apostrophes = strings.NewReplacer("'", "", "’", "")

// personWords splits a written name into normalized words: folded, titles
// and articles removed, "Abd" compounds joined.
func personWords(name string) []personWord {
	toks := strings.FieldsFunc(FoldSearch(name), func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '.' || r == '\'' || r == '’')
	})
	// Titles before the name, one or several, of one word or more.
	for len(toks) > 1 {
		n := 0
		for k := min(3, len(toks)-1); k >= 1; k-- {
			if personTitles[strings.TrimRight(strings.Join(toks[:k], " "), ".")] {
				n = k
				break
			}
		}
		if n == 0 && strings.HasPrefix(toks[0], "د.") && len(toks[0]) > len("د.") {
			toks[0] = toks[0][len("د."):] // "د.سعاد"
			continue
		}
		if n == 0 {
			break
		}
		toks = toks[n:]
	}
	// Latin words: split at hyphens, the article glued to its word.
	var parts []string
	for _, t := range toks {
		t = strings.Trim(apostrophes.Replace(t), "-.")
		for p := range strings.SplitSeq(t, "-") {
			if p = strings.Trim(p, "."); p != "" {
				parts = append(parts, p)
			}
		}
	}
	var words []personWord
	for i := 0; i < len(parts); i++ {
		p := parts[i]
		next := ""
		if i+1 < len(parts) {
			next = parts[i+1]
		}
		if arabic := strings.IndexFunc(p, isArabicLetter) >= 0; arabic {
			w := personWord{arabic: true}
			switch {
			case p == "عبد" && next != "":
				p += next // عبد الله -> عبدالله
				i++
			case p == "ابن":
				p = "بن"
			case strings.HasPrefix(p, "ال") && utf8.RuneCountInString(p) > 4:
				p, w.family = strings.TrimPrefix(p, "ال"), true
			}
			w.key = p
			words = append(words, w)
			continue
		}
		w := personWord{}
		if latinArticle(p, next) {
			w.family = true
			i++
			p, next = next, ""
			if i+1 < len(parts) {
				next = parts[i+1]
			}
		}
		if rest, ok := abdPrefix(p); ok {
			if rest == "" && next != "" {
				rest = next // Abdul Mahdi, Abd al-Mahdi
				i++
				if i+1 < len(parts) && latinArticle(rest, parts[i+1]) {
					rest = parts[i+1]
					i++
				}
			}
			if rest != "" {
				switch rest {
				case "lah", "llah", "la", "lla", "allah", "alla", "ullah", "ulla":
					rest = "allah"
				}
				p = "abd" + rest
			}
		}
		switch p {
		case "ibn", "ben", "bn", "b":
			p = "bin"
		}
		w.key = latinKey(p)
		words = append(words, w)
	}
	return words
}

// abdPrefix reports a Latin word that starts with "Abd" and its linking
// vowel and article (Abdul, Abdel, Abdal, Abdol, Abdu), and the rest of it:
// "" when the name goes on in the next word.
func abdPrefix(w string) (rest string, ok bool) {
	if !strings.HasPrefix(w, "abd") {
		return "", false
	}
	rest = w[3:]
	for _, link := range []string{"ul", "el", "al", "ol", "u", "e", "a"} {
		if strings.HasPrefix(rest, link) {
			rest = rest[len(link):]
			break
		}
	}
	return rest, true
}

// latinKey is the transliteration key of one Latin name word (see
// PersonKey): Kadhimi, Kazemi, Kadhemi and Kazimi are all "kazimi".
// Letters that are not ASCII letters are kept as they are.
func latinKey(w string) string {
	isVowel := func(c byte) bool { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' }
	var mapped []byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		var next byte
		if i+1 < len(w) {
			next = w[i+1]
		}
		two := true
		switch {
		case next == 'h' && (c == 'd' || c == 't' || c == 'z'):
			mapped = append(mapped, 'z') // ذ ظ
		case next == 'h' && c == 'k':
			mapped = append(mapped, 'X') // خ
		case next == 'h' && c == 'g':
			mapped = append(mapped, 'G') // غ
		case next == 'h' && (c == 's' || c == 'c'):
			mapped = append(mapped, 'S') // ش; "ch" as French writes it (Chahine)
		case next == 'h' && c == 'p':
			mapped = append(mapped, 'f')
		case c == 'd' && next == 'j':
			mapped = append(mapped, 'j')
		case c == 'c' && next == 'k':
			mapped = append(mapped, 'k')
		default:
			two = false
			switch c {
			case 'q', 'c':
				c = 'k'
			case 'g':
				c = 'j'
			case 'v':
				c = 'f'
			case 'o':
				c = 'u'
			case 'e':
				// "ei" and "ey" are the diphthong "ai" (Hussein, Husayn).
				if next == 'i' || next == 'y' {
					c = 'a'
				} else {
					c = 'i'
				}
			case 'y':
				// A consonant at the start or before a vowel (Yasin, Hayat),
				// else the vowel i (Zayd, Husayn, Kadhimy).
				if i > 0 && !isVowel(next) {
					c = 'i'
				}
			}
			mapped = append(mapped, c)
		}
		if two {
			i++
		}
	}
	// A doubled letter is one, and so is a long vowel (aa, ee, oo, ou).
	var b []byte
	for _, c := range mapped {
		if len(b) == 0 || b[len(b)-1] != c {
			b = append(b, c)
		}
	}
	return string(b)
}

func isVowelClass(c byte) bool { return c == 'a' || c == 'i' || c == 'u' }

// wordMatch is how two normalized words of names compare.
type wordMatch int

const (
	wordsDifferent wordMatch = iota
	wordsClose
	wordsVariant
	wordsEqual
)

func compareWords(a, b personWord) wordMatch {
	if a.key == b.key {
		return wordsEqual
	}
	if a.arabic != b.arabic {
		return wordsDifferent // "0ظمي" and "اظمي": one letter apart, but not in one script
	}
	if !a.arabic && variantKeys(a.key, b.key) {
		return wordsVariant
	}
	least := 5
	if a.arabic {
		least = 4
	}
	ra, rb := []rune(a.key), []rune(b.key)
	if len(ra) < least || len(rb) < least || levenshtein(a.key, b.key) != 1 {
		return wordsDifferent
	}
	// One letter apart: close, unless the letter is at the end of the
	// longer word (a nisba: Hakim, Hakimi; another ending: Jawad, Jawat).
	if len(ra) > len(rb) {
		ra, rb = rb, ra
	}
	if len(ra) == len(rb) {
		if ra[len(ra)-1] != rb[len(rb)-1] {
			return wordsDifferent
		}
	} else if string(ra) == string(rb[:len(ra)]) {
		return wordsDifferent
	}
	return wordsClose
}

// variantKeys reports two Latin keys with the same consonants, three or
// more, in the same places, and one vowel class apart.
func variantKeys(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	diff, consonants := 0, 0
	for i := 0; i < len(a); i++ {
		va, vb := isVowelClass(a[i]), isVowelClass(b[i])
		switch {
		case va != vb:
			return false
		case !va && a[i] != b[i]:
			return false
		case !va:
			consonants++
		case a[i] != b[i]:
			diff++
		}
	}
	return diff == 1 && consonants >= 3
}
