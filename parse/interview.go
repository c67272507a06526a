package parse

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// maxLabelRunes bounds a speaker label: "Mr. Mustafa Al-Kazemi" fits, "as the
// proverb says" at the start of a long sentence does not pass the other tests.
const maxLabelRunes = 60

// splitLabel reads a speaker label at the start of a paragraph: "Label: text",
// "<strong>Label:</strong> text" or "<strong>Label</strong>: text". ok is
// false when the paragraph does not start with something shaped like a name
// or a role followed by a colon.
func splitLabel(b block) (label, rest string, ok bool) {
	return splitLabelAt(b, false)
}

// splitLabelAt is splitLabel; with slash, a slash and a space end a label
// too, as Arabic papers write their turns: "النجار/ text", "<b>النجار/</b>
// text", and so does a dash set off by spaces, as magazines print them
// without a colon: "HEWAR — text", "Al-Najjar – text", "الحوار ـ text".
// Only turns are written so: a comment's "the dinar/ dollar rate" names no
// author.
func splitLabelAt(b block, slash bool) (label, rest string, ok bool) {
	text := b.text
	if b.bold != "" && strings.HasPrefix(text, b.bold) {
		bold := trimText(b.bold, "")
		after := strings.TrimLeftFunc(text[len(b.bold):], unicode.IsSpace)
		switch {
		case strings.HasSuffix(bold, ":") || strings.HasSuffix(bold, "："), slash && after != "" && (strings.HasSuffix(bold, "/") || endsLabelDash(bold)):
			label = trimText(strings.TrimRight(trimText(bold, ""), ":：/—–ـ-"), "")
			rest = after
		case strings.HasPrefix(after, ":"):
			label, rest = bold, after[1:]
		case after == "":
			label, rest = bold, "" // a label on a line of its own
		case bracketedLabel(bold) != "":
			label, rest = bracketedLabel(bold), after // Wikinews's "<b>((Wikinews))</b> You left ...?"
		}
		label = unquoteLabel(label)
		if label != "" && looksLikeLabel(label) {
			return label, trimText(rest, ""), true
		}
	}
	head := text
	if len(head) > 4*maxLabelRunes {
		head = head[:4*maxLabelRunes] // a label is short: no need to look further
	}
	i := strings.IndexByte(head, ':')
	if j := strings.Index(head, "："); j >= 0 && (i < 0 || j < i) {
		i = j
	}
	if j := strings.Index(head, "/ "); slash && j > 0 && (i < 0 || j < i) {
		i = j
	}
	n := 0
	if slash && i != 0 {
		if i > 0 {
			head = head[:i] // a dash counts only before the colon; none is part of a dash
		}
		if j, size := indexLabelDash(head); j > 0 {
			i, n = j, size
		}
	}
	if i <= 0 {
		return "", "", false
	}
	label = unquoteLabel(trimText(text[:i], ""))
	if !looksLikeLabel(label) {
		return "", "", false
	}
	if n == 0 {
		_, n = utf8.DecodeRuneInString(text[i:])
	}
	rest = trimText(text[i+n:], "")
	if rest != "" && (rest[0] == '/' || rest[0] >= '0' && rest[0] <= '9') {
		return "", "", false // "http://", "10:30"
	}
	return label, rest, true
}

// unquoteLabel is a label without the quotation marks around the whole of
// it, as Arabic papers set their own name when it asks: "«حوار الفكر»: ...".
func unquoteLabel(label string) string {
	for _, q := range [...][2]string{{"«", "»"}, {"“", "”"}, {"\"", "\""}} {
		if inner, ok := strings.CutPrefix(label, q[0]); ok {
			if inner, ok = strings.CutSuffix(inner, q[1]); ok {
				return trimText(inner, "")
			}
		}
	}
	return label
}

// bracketedLabel is the name inside the brackets a bold run wholly is,
// as Wikinews marks its own turns ("((Wikinews))"), or "".
func bracketedLabel(bold string) string {
	inner := strings.TrimRight(strings.TrimLeft(bold, "(["), ")]")
	if len(inner) == len(bold) || len(bold)-len(inner) < 2 || bold[0] != '(' && bold[0] != '[' {
		return ""
	}
	return trimText(inner, "")
}

// labelDashes are the dashes that end a label when spaces set them off: an
// em dash, an en dash, a tatweel standing alone, a hyphen.
var labelDashes = []string{" — ", " – ", " ـ ", " - "}

// indexLabelDash is the index of the first dash in s that spaces set off,
// and the length of the dash with its spaces. One pass over the bytes: it
// runs on every paragraph's head.
func indexLabelDash(s string) (int, int) {
	for i := strings.IndexByte(s, ' '); i >= 0 && i+2 < len(s); {
		// Each dash opens with '-', 0xE2 (— –) or 0xD9 (ـ) after its space.
		if c := s[i+1]; c == '-' || c == 0xE2 || c == 0xD9 {
			for _, d := range labelDashes {
				if strings.HasPrefix(s[i:], d) {
					return i, len(d)
				}
			}
		}
		j := strings.IndexByte(s[i+1:], ' ')
		if j < 0 {
			break
		}
		i += j + 1
	}
	return -1, 0
}

// endsLabelDash reports a bold label ended by a dash: "<b>HEWAR —</b>".
func endsLabelDash(s string) bool {
	for _, d := range labelDashes {
		if strings.HasSuffix(s, strings.TrimRight(d, " ")) && len(s) > len(d) {
			return true
		}
	}
	return false
}

// looksLikeLabel accepts 1-8 words that start with a letter and hold no
// sentence punctuation, quotes or digits.
func looksLikeLabel(s string) bool {
	if s == "" || utf8.RuneCountInString(s) > maxLabelRunes {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsLetter(r) {
		return false
	}
	words := 1
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < utf8.RuneSelf {
			if labelRefuses[c] {
				return false
			}
			if c == ' ' {
				words++
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '؟' || r == '،' || r == '؛' || r == '“' || r == '”' || r == '«' || r == '»', asciiDigit(r) != r:
			return false
		}
		i += n - 1
	}
	return words <= 8
}

// labelRefuses are the ASCII characters a speaker label never holds.
var labelRefuses = func() (t [128]bool) {
	for _, c := range []byte("?!,;\"()[]{}0123456789/|=<>@#") {
		t[c] = true
	}
	return t
}()

// interviewerWords are labels and names that stand for the interviewer.
var interviewerRe = regexp.MustCompile(`(?i)^(?:q|question|interviewer|the magazine|magazine|dialog(?:ue)? of thought|thought dialog(?:ue)?|dialog(?:ue)?|س|سؤال|السؤال|المحاور|المجلة|حوار الفكر|الحوار)$`)

// genericAnswerRe are labels that stand for "the answer" without naming anyone.
var genericAnswerRe = regexp.MustCompile(`(?i)^(?:a|answer|ج|جواب|الجواب)$`)

// isInitials reports a label made of a person's initials ("H.K.", "A. S.",
// "HK", "ع.ح."; a name in capitals, "ALI", is not): it names nobody by
// itself, so the interviewee is read from the title and the lede instead.
func isInitials(label string) bool {
	label = strings.TrimSpace(label)
	if r := []rune(label); len(r) == 2 && unicode.IsUpper(r[0]) && unicode.IsUpper(r[1]) {
		return true // "HK"
	}
	n := 0
	for label != "" {
		r, size := utf8.DecodeRuneInString(label)
		if !unicode.IsLetter(r) || !strings.HasPrefix(label[size:], ".") {
			return false
		}
		label = strings.TrimLeft(label[size+1:], " ")
		n++
	}
	return n >= 1 && n <= 4
}

// initialsName is the first of names whose initials an answerer's label
// is ("A.K.:" over the answers of Ahmed Kareem, whom the lede names), or "".
func initialsName(labels []string, names ...string) string {
	for _, l := range labels {
		if !isInitials(l) {
			continue
		}
		for _, n := range names {
			if n != "" && initialsFit(l, n) {
				return n
			}
		}
	}
	return ""
}

// initialsFit reports initials ("A.K.", "AK") that are the first letters
// of name's capitalized words, an article before a hyphen aside
// ("Ahmed al-Kareem" is "A.K." too).
func initialsFit(initials, name string) bool {
	var want, got []rune
	for _, r := range initials {
		if unicode.IsLetter(r) {
			want = append(want, unicode.ToUpper(r))
		}
	}
	for _, w := range strings.Fields(name) {
		if i := strings.IndexByte(w, '-'); i > 0 && i <= 3 && isArticle(w[:i]) {
			w = w[i+1:]
		}
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
			got = append(got, r)
		}
	}
	return len(want) > 0 && string(want) == string(got)
}

// labelNames reports whether an answerer's label is a spelling of their
// name: not a role ("A:", "ج:") and not initials.
func labelNames(label string) bool {
	return !isInitials(label) && !genericAnswerRe.MatchString(foldKey(label)) && !officeLabel(label)
}

// officeLabelRe is a label that names the guest by their office alone ("The
// Minister:", "الوزير:", "السفيرة:"), folded: someone, but not by name.
var officeLabelRe = regexp.MustCompile(`^(?:(?:the\s+)?(?:minister|ambassador|governor|president|deputy|mp|judge|dean|mayor|guest|expert|director|head|chairman|chairwoman)$|` +
	`(?:الوزير|الوزيرة|السفير|السفيرة|المحافظ|المحافظة|الرئيس|الرئيسة|النائب|النائبة|القاضي|القاضية|العميد|العميدة|المدير|المديرة|الخبير|الخبيرة)$)`)

// officeLabel reports a label that names its speaker by office alone.
func officeLabel(label string) bool {
	return len(label) <= 40 && officeLabelRe.MatchString(foldKey(trimText(label, ".:")))
}

// magazineRe finds the magazine by the names it is known under.
// magazineNameEn is the magazine's English name as pages write it:
// "Dialogue of Thought", "Dialog of thought", the machine's "Thought Dialog".
const magazineNameEn = `dialog(?:ue)?\s+of\s+thought|thought\s+dialog(?:ue)?`

var magazineRe = regexp.MustCompile(`(?i)` + magazineNameEn + `|` + arWord("حوار الفكر"))

var (
	issueEnRe = regexp.MustCompile(`(?i)\bissue\s*(?:no\.?|number|#)?\s*[(\[]?\s*(` + digitClass + `+(?:\s*[-–/&]\s*` + digitClass + `+)?)\s*[)\]]?`)
	issueArRe = regexp.MustCompile(`(?:` + arWord("العدد") + `|` + arWord("عدد") + `|` + arWord("عددها") + `)\s*(?:` + arWord("المزدوج") + `|` + arWord("الخاص") + `)?\s*(?:(?:` + arWord("مجلة") + `\s+)?` + arWord("حوار الفكر") + `\s*)?(?:` + arWord("رقم") + `)?\s*[(\[]?\s*(` + digitClass + `+(?:\s*[-–/]\s*` + digitClass + `+)?)\s*[)\]]?`)
	// issueNoRe is an issue numbered right after the magazine's name:
	// "Dialogue of Thought No. 60", "Dialogue of Thought, #83-84".
	issueNoRe = regexp.MustCompile(`(?i)(?:` + magazineNameEn + `)(?:\s+magazine)?\s*[,:]?\s*(?:vol(?:ume)?\.?\s*` + digitClass + `+\s*,?\s*)?(?:no\.?|number|#)\s*[(\[]?\s*(` + digitClass + `+(?:\s*[-–/&]\s*` + digitClass + `+)?)\s*[)\]]?`)
	// presentsRe is a title or lede that says the page is an interview.
	presentsRe = regexp.MustCompile(`(?i)\b(?:interview|dialog(?:ue)?\s+with|conversation\s+with|in\s+conversation|an?\s+(?:talk|chat)\s+with|(?:[0-9]+|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|a\s+few)\s+questions\s+(?:for|to|with))\b|` +
		arWord("حوار مع") + `|` + arWord("حوارا مع") + `|` + arWord("لقاء مع") + `|` + arWord("مقابلة") + `|` + arWord("أجرت") + `|` + arWord("حاورت") + `|` + arWord("حوار مجلة") + `|` +
		arWord("دیمانە لەگەڵ") + `|` + arWord("گفتوگۆ لەگەڵ"))
	leadInRe = regexp.MustCompile(`(?i)^(?:.*?\b(?:interview(?:ed)?\s+with|dialog(?:ue)?\s+with|conversation\s+with|talks?\s+with|interviews|interviewed|met|hosted|with)(?:\s+|$)|.*?(?:^|\s)(?:` +
		arWord("حوار مع") + `|` + arWord("حوارا مع") + `|` + arWord("لقاء مع") + `|` + arWord("مقابلة مع") + `|` + arWord("دیمانە لەگەڵ") + `|` + arWord("گفتوگۆ لەگەڵ") + `|` +
		arWord("تحاور") + `|` + arWord("يحاور") + `|` + arWord("حاورت") + `|` + arWord("حاور") + `|` + arWord("تلتقي") + `|` + arWord("التقت") + `|` + arWord("التقى") + `|` + arWord("التقينا") + `|` + arWord("حاورنا") + `|` + arWord("استضافت") + `|` + arWord("خص") + `|` + arWord("مع") + `)(?:\s+|$))`)
	// ledeVerbRe is the verb of a lede that introduces the person interviewed:
	// "conducted an interview with", "spoke with", "met", "asked", "interviewed",
	// "a conversation with" (a title's),
	// "أجرت ... حواراً مع", "حاورت", "التقت", "التقينا" (we met), "خصّ ... بحوار" (the person first).
	ledeVerbRe = regexp.MustCompile(`(?i)\b(?:conducted|held|had|did)\s+an?\s+(?:interview|dialog(?:ue)?|conversation)\s+with\s+|\b(?:spoke|talked|talks|speaks|sat\s+down)\s+(?:with|to)\s+|\ban?\s+(?:talk|chat)\s+with\s+|\bmet(?:\s+with)?\s+|\basked\s+|\binterview(?:ed|s)?\s+(?:with\s+)?|\b(?:in\s+conversation|(?:an?\s+)?conversation|q&a|questions)\s+(?:with|to|for)\s+|` +
		`(?:` + arWord("حوارا") + `|` + arWord("حوار") + `|` + arWord("لقاء") + `|` + arWord("مقابلة") + `)\s+` + arWord("مع") + `\s+|(?:^|\s)(?:` + arWord("حاورت") + `|` + arWord("حاور") + `|` + arWord("التقت") + `|` + arWord("التقى") + `|` + arWord("التقينا") + `|` + arWord("حاورنا") + `|` + arWord("استضافت") + `|` + arWord("خص") + `)\s+`)
	// namedInterviewerRe finds the person who conducted the interview when the
	// page names them: "Conducted by: Ali Hussein Obaid", "حاوره: علي حسين عبيد",
	// "حاوره في عمان: سعد الشمري" (the place it was held), the press's
	// "حوار/ زينب المشاط".
	namedInterviewerRe = regexp.MustCompile(`(?i)(?:^|\s)(?:(?:interview\s+)?(?:conducted|interviewed|moderated)\s+by|interview(?:\s+and\s+(?:text|translation|photos?))?\s+by|questions\s+by)\s*:?\s*|(?:^|\s)(?:text|photos?)\s+and\s+interview\s*:\s*|(?:^|\s)(?:` +
		arWord("حاوره") + `|` + arWord("حاورها") + `|` + arWord("حاورته") + `|` + arWord("حاورتها") + `|` + arWord("أجرى الحوار") + `|` + arWord("أجرت الحوار") + `|` + arWord("أجرى اللقاء") + `|` + arWord("أجرت اللقاء") + `|` + arWord("أجرى المقابلة") + `|(?:(?:` + arWord("حوار") + `|` + arWord("الحوار") + `|` + arWord("لقاء") + `|` + arWord("اللقاء") + `|` + arWord("مقابلة") + `)\s+)?(?:` +
		arWord("أجراه") + `|` + arWord("أجرته") + `|` + arWord("أجراها") + `|` + arWord("أجرتها") + `))(?:\s+` + arWord("في") + `\s+[^\s:،,]+(?:\s+[^\s:،,]+)?)?\s*(?::|\s[–—ـ-])\s*|` +
		`(?:^|\s)(?:` + arWord("حوار") + `|` + arWord("لقاء") + `|` + arWord("حاوره") + `|` + arWord("حاورها") + `)\s*/\s*`)
)

// speechVerbs are the verbs an Arabic lede opens with before the
// person who speaks ("يرى الدكتور ... أن", "يتحدث ... عن"), and the English
// ones after a name and its comma ("Dr. X, answered ..."): never a role.
var speechVerbs = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{"يتحدث", "تحدث", "يرى", "يقول", "قال", "يؤكد", "أكد", "يكشف", "كشف", "يوضح", "أوضح", "يعتبر", "اعتبر", "يشير", "أشار", "يدعو", "دعا",
		// the same verbs of a woman: "تتحدث المهندسة X عن ..."
		"تتحدث", "تحدثت", "ترى", "تقول", "قالت", "تؤكد", "أكدت", "تكشف", "كشفت", "توضح", "أوضحت", "تعتبر", "اعتبرت", "تشير", "أشارت", "تدعو", "دعت",
		"answered", "answers", "said", "says", "spoke", "speaks", "talked", "talks", "told", "tells", "discussed", "discusses", "explained", "explains",
		// a magazine that hosts or interviews: "مجلة حوار الفكر تستضيف X", "... magazine hosts X"
		"تستضيف", "يستضيف", "استضافت", "استضاف", "تحاور", "يحاور", "حاورت", "hosts", "hosted", "welcomes", "interviews", "meets"} {
		m[normalizeArabic(w)] = true
	}
	return m
}()

// readMagazine finds the magazine, the issue and its month in the lede (or
// whatever text is given): "published in issue (49) issued in September 2029",
// "نشر في العدد (٨٣-٨٤) الصادر في كانون الأول ٢٠٢٥".
func readMagazine(texts ...string) *Magazine {
	var mag Magazine
	for _, t := range texts {
		if t == "" {
			continue
		}
		// Cheap tests spare the regexps the texts that cannot match.
		if mag.Name == "" && containsAny(t, "hought", "HOUGHT", "حوار", "حـ", "الفكر") {
			if m := magazineRe.FindString(t); m != "" {
				mag.Name = m
			}
		}
		if mag.Issue == "" {
			var loc []int
			if containsAny(t, "ssue", "SSUE") {
				loc = issueEnRe.FindStringSubmatchIndex(t)
			}
			if loc == nil && mag.Name != "" && containsAny(t, "No", "no", "NO", "#", "umber") {
				loc = issueNoRe.FindStringSubmatchIndex(t) // "Dialogue of Thought No. 60"
			}
			if loc == nil && containsAny(t, "عد", "عـ") {
				loc = issueArRe.FindStringSubmatchIndex(t)
			}
			if loc == nil && mag.Name != "" && magazineRe.MatchString(t) {
				// "issue forty-nine", "العدد التاسع والأربعون": words only
				// beside the magazine's name, where "issue" means one.
				loc = issueInWords(t)
			}
			if loc != nil {
				mag.Issue = normalizeIssue(t[loc[2]:loc[3]])
				if len(loc) > 4 {
					mag.Issue = strconv.Itoa(loc[4])
				}
				mag.DateText, mag.Date = issueDate(t[loc[1]:])
				if mag.DateText == "" {
					// "the Spring 2024 issue (72)": a season names the
					// issue it stands before, a month may be the post's.
					before := t[:loc[0]]
					if k := strings.LastIndexAny(before, ".!?؟\n"); k >= 0 {
						before = before[k+1:]
					}
					if st, _ := seasonYear(before); st != "" {
						mag.DateText = st
					}
				}
			}
		}
	}
	if mag.Issue == "" && mag.Name == "" {
		return nil
	}
	return &mag
}

// maxIssueLineWords is the most words a line naming the magazine's issue
// has ("حوار الفكر - العدد 12 - نيسان 2009").
const maxIssueLineWords = 10

// isIssueLine reports a short line that only says which issue the post is
// from: "Issue 49 – September 2023", "مجلة حوار الفكر - العدد ٦١ - آذار ٢٠٢٢".
func isIssueLine(text string) bool {
	if wordsAtLeast(text, maxIssueLineWords+1) {
		return false
	}
	m := readMagazine(text)
	return m != nil && m.Issue != ""
}

// issueWordsEnRe and issueWordsArRe are an issue numbered in words: "issue
// forty-nine", "العدد التاسع والأربعون", "في عددها الثالث والسبعين".
var (
	issueWordsEnRe = regexp.MustCompile(`(?i)\bissue\s+(?:no\.?\s+|number\s+)?([a-z]+(?:[\s-][a-z]+)?)\b`)
	issueWordsArRe = regexp.MustCompile(`(?:` + arWord("العدد") + `|` + arWord("عددها") + `|` + arWord("عدده") + `)\s+(` + arWord("ال") + `\p{L}+(?:\s+\p{L}+)?)`)
)

// issueInWords finds an issue numbered in words in t, as a regexp's match
// (start, end, the words' start and end) with the number appended, or nil.
// Only the number's words count: "the issue of water" is no issue.
func issueInWords(t string) []int {
	for _, c := range []struct {
		re    *regexp.Regexp
		value func([]string) (int, int)
	}{{issueWordsEnRe, englishNumber}, {issueWordsArRe, arabicOrdinal}} {
		loc := c.re.FindStringSubmatchIndex(t)
		if loc == nil {
			continue
		}
		words := strings.FieldsFunc(t[loc[2]:loc[3]], func(r rune) bool { return unicode.IsSpace(r) || r == '-' })
		n, used := c.value(words)
		if n == 0 {
			continue
		}
		// The match ends after the words the number used.
		end := loc[2]
		for _, w := range words[:used] {
			end = strings.Index(t[end:], w) + end + len(w)
		}
		// "عددها" and "عدده" are the magazine's own issue ("in its ninth
		// issue"): an ordinal after them numbers it whatever follows
		// ("في عددها التاسع عن ...", "... الثاني عشر حواراً مع ...").
		own := strings.HasPrefix(normalizeArabic(t[loc[0]:loc[2]]), "عدده")
		if !own && !issueWordsEnd(t[end:]) {
			continue
		}
		return []int{loc[0], end, loc[2], end, n}
	}
	return nil
}

// issueAfterWords are the words that may follow an issue's number: what it
// is of, when it came out.
var issueAfterWords = map[string]bool{"of": true, "from": true, "in": true, "issued": true, "published": true, "dated": true, "for": true,
	"من": true, "الصادر": true, "الصادرة": true, "في": true, "لشهر": true, "لعام": true, "لسنة": true, "صدر": true}

// issueWordsEnd reports whether the number in words ends where rest starts:
// the text ends, or a punctuation mark, a month or one of issueAfterWords
// follows. "one issue two rivers" numbers no issue.
func issueWordsEnd(rest string) bool {
	rest = strings.TrimLeftFunc(rest, unicode.IsSpace)
	r, _ := utf8.DecodeRuneInString(rest)
	if rest == "" || !unicode.IsLetter(r) {
		return true
	}
	w, _, _ := strings.Cut(rest, " ")
	if issueAfterWords[strings.ToLower(normalizeArabic(w))] || isHonorificWord(w) {
		return true // "... in its twelfth issue Sheikh X": the person interviewed follows
	}
	words := dateWords(rest)
	if len(words) == 0 {
		return false
	}
	m, _ := monthAt(words, 0)
	return m > 0
}

// englishOnes and englishTens are the number words of English.
var (
	englishOnes = map[string]int{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
		"eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
	englishTens = map[string]int{"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
)

// englishNumber reads "forty-nine", "twenty", "seven" (up to 99) from the
// first words, and how many words it used.
func englishNumber(words []string) (int, int) {
	if len(words) == 0 {
		return 0, 0
	}
	w := strings.ToLower(words[0])
	if n := englishOnes[w]; n > 0 {
		return n, 1
	}
	tens := englishTens[w]
	if tens > 0 && len(words) > 1 {
		if n := englishOnes[strings.ToLower(words[1])]; n > 0 && n < 10 {
			return tens + n, 2
		}
	}
	return tens, 1
}

// arabicUnits and arabicTens are the ordinals of Arabic, folded, without
// their article: "التاسع" is 9, "والأربعون" 40.
var (
	arabicUnits = func() map[string]int {
		m := map[string]int{}
		for i, w := range []string{"اول", "ثاني", "ثالث", "رابع", "خامس", "سادس", "سابع", "ثامن", "تاسع", "عاشر"} {
			m[w] = i + 1
		}
		m["حادي"] = 1
		return m
	}()
	arabicTens = func() map[string]int {
		m := map[string]int{}
		for i, w := range []string{"عشر", "ثلاث", "اربع", "خمس", "ست", "سبع", "ثمان", "تسع"} {
			m[w+"ون"], m[w+"ين"] = 10*(i+2), 10*(i+2)
		}
		return m
	}()
)

// arabicOrdinal reads "التاسع والأربعون", "الحادي عشر", "العشرون" (up to
// 99) from the first words, and how many words it used.
func arabicOrdinal(words []string) (int, int) {
	fold := func(w string, and bool) string {
		w = normalizeArabic(w)
		if and {
			w = strings.TrimPrefix(w, "و")
		}
		return strings.TrimPrefix(w, "ال")
	}
	if len(words) == 0 {
		return 0, 0
	}
	first := fold(words[0], false)
	if n := arabicTens[first]; n > 0 {
		return n, 1
	}
	unit := arabicUnits[first]
	if unit == 0 {
		return 0, 0
	}
	if len(words) > 1 {
		next := normalizeArabic(words[1])
		if unit < 10 && (next == "عشر" || next == "عشرة") {
			return 10 + unit, 2
		}
		if t := arabicTens[fold(words[1], true)]; t > 0 && strings.HasPrefix(next, "و") && unit < 10 {
			return t + unit, 2
		}
	}
	if first == "حادي" {
		return 0, 0
	}
	return unit, 1
}

// normalizeIssue writes an issue number in ASCII digits with a plain hyphen:
// "٨٣ - ٨٤" -> "83-84".
func normalizeIssue(s string) string {
	s = ASCIIDigits(s)
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r):
			return -1
		case r == '–' || r == '/' || r == '&':
			return '-'
		}
		return r
	}, s)
}

// fieldPerson is personIn with the fields a CMS gives the post
// ("Interviewee: Dr. Amal Qasim", "Position: Professor of ...", "الضيف:",
// "الصفة:"): the field's name comes before the answerer's labels, and the
// field's position is the role.
//
// Without either, the page's own summary may name the person (a meta
// description's "A conversation with Jabbar Kadhim, who ..."), when the
// lede names them too.
func fieldPerson(c content, labels []string, title, lede, intro string) *Person {
	if name := fieldValue(c.meta, intervieweeFields); name != "" {
		labels = append([]string{withoutArabicRole(name)}, labels...)
	}
	p := personIn(labels, title, lede, intro)
	if p == nil && c.description != "" {
		if name := intervieweeInLede(c.description); name != "" && namedIn(name, lede+"\n"+intro) {
			p = personIn([]string{name}, title, lede, intro)
		}
	}
	if p == nil && c.description != "" {
		// The summary and the lede open with one person: Ghost's excerpt
		// "Zainab Kadhim on the volunteers ..." over "Zainab Kadhim is an
		// urban planner ...".
		if name := leadingName(c.description); name != "" && !strings.HasPrefix(name, "The ") && strings.HasPrefix(lede, name) &&
			!magazineRe.MatchString(name) && !siteNameRe.MatchString(name) {
			p = personIn([]string{name}, title, lede, intro)
		}
	}
	if p != nil && len(p.Aliases) == 0 && wordCount(p.Name) == 1 && c.description != "" {
		// A given name alone as the label ("HANA:"), the description
		// naming her in full ("A conversation with Hana Yousif, ...").
		if n := intervieweeInLede(c.description); wordCount(n) >= 2 && strings.EqualFold(strings.Fields(n)[0], p.Name) {
			p.Name, p.Aliases = n, []string{p.Name}
		}
	}
	if role := fieldValue(c.meta, positionFields); p != nil && role != "" {
		p.Role = role
	}
	if p != nil && p.Role == "" && c.description != "" {
		// The page's description may say who the person is when the
		// title and lede do not: "An interview with Prof. X, president
		// of Al-Qasim Green University, on ...".
		p.Role = roleAround(c.description, append([]string{p.Name}, p.Aliases...))
	}
	if p != nil {
		withoutTatweel(p) // the description's spelling too
	}
	return p
}

// withoutArabicRole drops the role nouns with their article that open an
// Arabic name as a field writes it ("الفنانة ندى الربيعي"), and their
// adjectives ("الفنان التشكيلي"); a Latin name is returned as it is.
func withoutArabicRole(name string) string {
	words := strings.Fields(name)
	if len(words) < 3 {
		return name
	}
	if stem, definite := strings.CutPrefix(normalizeArabic(words[0]), "ال"); !definite || !arabicRoleNouns[stem] {
		return name
	}
	k := 1
	for k < len(words)-2 && strings.HasPrefix(normalizeArabic(words[k]), "ال") {
		k++ // the role's adjectives; a name keeps two words at least
	}
	return strings.Join(words[k:], " ")
}

// fieldValue is the value of the first meta line "Label: value" whose
// label, folded, is one of labels.
func fieldValue(meta []block, labels map[string]bool) string {
	for _, b := range meta {
		l, v, ok := strings.Cut(b.text, ":")
		if !ok || len(l) > 40 || !labels[strings.ToLower(normalizeArabic(trimText(l, "")))] {
			continue
		}
		if v = trimText(v, ""); v != "" {
			return v
		}
	}
	return ""
}

// intervieweeFields and positionFields are the labels of a CMS's fields
// that name the person interviewed and say who they are, folded.
var (
	intervieweeFields = foldedSet("interviewee", "guest", "the guest", "الضيف", "ضيف الحوار", "ضيف العدد")
	positionFields    = foldedSet("position", "job title", "occupation", "الصفة", "المنصب", "الوظيفة")
)

func foldedSet(words ...string) map[string]bool {
	m := map[string]bool{}
	for _, w := range words {
		m[strings.ToLower(normalizeArabic(w))] = true
	}
	return m
}

// personIn reads the interviewee from the answerer's labels and the texts
// around them: from the labels, else the name after an honorific in the
// title, else the person the lede says was interviewed ("met Dr. ...",
// "حاورت ... الدكتورة ..."). The fullest spelling seen in the title or lede
// is the name; every other spelling, the labels' short forms ("Al-Rubaie:")
// included, is an alias; the words around the name are the role.
func personIn(labels []string, title, lede, intro string) *Person {
	base := ""
	for _, l := range labels {
		if labelNames(l) {
			base = stripHonorific(l)
			break
		}
	}
	if base == "" {
		base = nameAfterHonorific(title)
	}
	// The texts' shapes, read only when needed: the person the lede says was
	// interviewed ("conducted an interview with ..."), the name after
	// "Interview with" in the title, and the name a title or lede opens with
	// ("Interview: Mustafa Al-Kadhimi on ...", "Former prime minister Mustafa
	// Al-Kadhimi discusses ...", "Ammar al-Hakim, head of ..., spoke to
	// ..."): a fuller spelling of the label's name, or, without labels, the
	// interviewee once the other text names them too.
	var shapes struct {
		read, arLeadIn                             bool
		ledeNamed, titleNamed, fromTitle, fromLede string
	}
	readShapes := func() {
		if shapes.read {
			return
		}
		shapes.read = true
		shapes.ledeNamed, shapes.titleNamed = intervieweeInLede(lede), intervieweeInLede(title)
		re := titleSubjectRe
		if r, _ := utf8.DecodeRuneInString(title); r >= utf8.RuneSelf {
			re = titleSubjectArRe
			if shapes.titleNamed == "" {
				// "لقاء مع جمال الحكيم": Arabic has no capitals for
				// intervieweeInLede to end the name with.
				shapes.titleNamed = subjectName(title, titleLeadInArRe)
				shapes.arLeadIn = shapes.titleNamed != ""
			}
		}
		shapes.fromTitle = subjectName(title, re)
		if mayOpenWithSubject(lede) {
			shapes.fromLede = subjectName(lede, ledeSubjectRe)
			if s := sentences(lede); shapes.fromLede == "" && len(s) > 1 && wordCount(s[0]) <= 12 && magazineRe.MatchString(s[0]) {
				// "From Dialogue of Thought, issue 19, May 2011. The
				// director, Dr. X, answered ...": the sentence after the
				// one that names the issue opens with the subject.
				shapes.fromLede = subjectName(strings.Join(s[1:], " "), ledeSubjectRe)
			}
		}
	}
	if base == "" {
		readShapes()
		byInitials := "" // the name an initials label ("A.K.:") stands for
		if len(labels) > 0 {
			byInitials = initialsName(labels, shapes.fromLede, shapes.ledeNamed, shapes.fromTitle, shapes.titleNamed, leadingName(lede))
		}
		switch {
		case byInitials != "":
			base = byInitials
		case shapes.fromTitle != "" && shapes.fromLede != "" && namedIn(shapes.fromTitle, shapes.fromLede) && !namedIn(shapes.fromTitle, shapes.ledeNamed):
			// The title and the lede open with one person ("Faris Yousif on
			// ...", "Faris Yousif, a constitutional lawyer ..., talks to Lina
			// Hamdan"): the person they are about, not the one spoken to.
			base = shapes.fromTitle
		case shapes.fromLede != "" && shapes.ledeNamed != "" && spokeToNamed(lede, shapes.ledeNamed):
			// "Jassim al-Asadi, a hydrologist ..., talked to Rana Khalil
			// about ...": the one presented is interviewed, the one
			// spoken to asks.
			base = shapes.fromLede
		case shapes.ledeNamed != "":
			base = shapes.ledeNamed
		case shapes.fromTitle != "" && (namedIn(shapes.fromTitle, lede) || namedIn(shapes.fromTitle, intro)):
			base = shapes.fromTitle
		case shapes.fromLede != "" && (namedIn(shapes.fromLede, title) || namedIn(shapes.fromLede, intro) || answeredQuestionsRe.MatchString(lede)):
			base = shapes.fromLede // named twice, or the lede says the subject answered the questions
		case shapes.titleNamed == "" && pronounSubject(lede) != "":
			base = pronounSubject(lede)
		case shapes.titleNamed == "" && len(labels) == 0 && selfNamed(lede) != "":
			base = selfNamed(lede) // an ask blog's writer answers: "I am Dr. Huda Kareem"
		case shapes.titleNamed == "" && arabicRoleName(title, lede, intro) != "":
			base = arabicRoleName(title, lede, intro)
		default:
			base = shapes.titleNamed // "Interview with Ali Hussein Obaid"
		}
	}
	if base == "" {
		return nil
	}
	want := nameWords(base)
	var spellings []string
	fromLabel := map[string]bool{}
	add := func(label bool, list ...string) {
		for _, s := range list {
			s = trimText(s, "")
			if s == "" {
				continue
			}
			if label {
				fromLabel[s] = true
			}
			if !containsString(spellings, s) {
				spellings = append(spellings, s)
			}
		}
	}
	texts := []string{title, lede, intro}
	for _, t := range texts {
		toks := nameTokens(t)
		// A full name after an honorific may hold a middle name the label
		// leaves out ("Dr. Hassan Karim Al-Najjar" for "Dr. Hassan Al-Najjar").
		for _, n := range namesAfterHonorificIn(t, toks) {
			if sameNameWords(nameWords(n), want) {
				add(false, n)
			}
		}
		add(false, findNameIn(t, toks, want)...)
	}
	// Only a family name found so far ("al-Hakim" for the label
	// "Al-Hakim:"): a fuller spelling read from the title's or the lede's
	// shape ("In conversation with Ammar al-Hakim") counts when another of
	// the texts writes it whole too; "Economist Layla Abdul-Amir" in a
	// title is not a name the lede repeats.
	full := false
	for _, sp := range spellings {
		full = full || wholeName(sp)
	}
	if !full {
		readShapes()
		for i, list := range [][]string{{shapes.titleNamed, shapes.fromTitle}, {shapes.ledeNamed, shapes.fromLede}} {
			for _, n := range list {
				if n == "" || !sameNameWords(nameWords(n), want) {
					continue
				}
				leadIn := i == 0 && shapes.arLeadIn && n == shapes.titleNamed // "لقاء مع جمال الحكيم" for "الحكيم:"
				if wordCount(n) > len(want) && !leadIn && !namedWhole(n, texts[(i+1)%3]) && !namedWhole(n, texts[(i+2)%3]) {
					continue
				}
				add(false, n)
			}
		}
	}
	full = false
	for _, sp := range spellings {
		full = full || wholeName(sp)
	}
	if !full && len(labels) > 0 {
		// The label's name written whole after a role in the title or
		// lede, where the text's shape tells the role from the name: "the
		// environmental engineer Saad Ali Al-Tamimi" (the capitals),
		// "وزير التخطيط علي يوسف الشكري" (the article ends the role).
		for _, t := range texts[:2] {
			for _, n := range []string{nameAfterRole(t), arabicNameBefore(t, spellings), pronounSubject(t)} {
				if n != "" && sameNameWords(nameWords(n), want) {
					add(false, n)
				}
			}
		}
	}
	if !full && len(want) == 1 && len(labels) > 0 {
		// A label of the given name alone ("سعاد:", "Layla:"): the name
		// after an honorific in the title or lede that opens with it
		// ("الدكتورة سعاد الجبوري"), when only one name does.
		// Or the name the title or lede opens with after a role
		// ("الفنانة التشكيلية منى الجبوري: ...").
		var found []string
		readShapes()
		for _, t := range texts[:2] {
			for _, n := range append(namesAfterHonorificIn(t, nameTokens(t)), shapes.fromTitle, shapes.fromLede) {
				if w := nameWords(n); len(w) >= 2 && sameWord(&w[0], &want[0]) && !containsString(found, n) {
					found = append(found, n)
				}
			}
		}
		if len(found) == 1 {
			add(false, found[0])
		}
	}
	for _, l := range labels {
		if labelNames(l) {
			add(true, withoutOffice(stripHonorific(l))) // "Minister Al-Badrani:" spells the name "Al-Badrani"
		}
	}
	if len(spellings) == 0 {
		return nil
	}
	// A spelling found in the text inside a longer one ("Al-Najjar" in
	// "Hassan Karim Al-Najjar") is the same writing, not another spelling;
	// a label's short form is how the page names the speaker, and stays.
	kept := spellings[:0:0]
	for _, s := range spellings {
		inside := false
		for _, t := range spellings {
			if t != s && strings.Contains(t, s) && !fromLabel[s] {
				inside = true
				break
			}
		}
		if !inside {
			kept = append(kept, s)
		}
	}
	spellings = kept
	p := &Person{Name: spellings[0], Aliases: []string{}}
	// The longest spelling seen in the title or lede is the name; a bare
	// family name is only an alias.
	for _, s := range spellings {
		if wordCount(s) > wordCount(p.Name) && (strings.Contains(title, s) || strings.Contains(lede, s)) {
			p.Name = s
		}
	}
	for _, s := range spellings {
		if s != p.Name {
			p.Aliases = append(p.Aliases, s)
		}
	}
	// The title's role, unless the lede writes it out in full: "الباحثة"
	// in the title, "الباحثة التربوية ..." in the lede (only where the lede
	// goes on after the title's role is it read again).
	p.Role = roleAround(title, spellings)
	if p.Role == "" || strings.Contains(lede, p.Role+" ") {
		if r := roleAround(lede, spellings); p.Role == "" || fullerRole(r, p.Role) {
			p.Role = r
		}
	}
	if p.Role == "" {
		p.Role = professionBefore(title, spellings)
		if p.Role == "" {
			p.Role = professionBefore(lede, spellings)
		}
	}
	withoutTatweel(p)
	return p
}

// arabicSubjectVerbs are the lead-in verbs whose subject follows them
// before the person met: "التقت [مجلة ...] الدكتور X".
var arabicSubjectVerbs = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{"تحاور", "يحاور", "حاورت", "حاور", "تلتقي", "التقت", "التقى", "استضافت", "خص"} {
		m[normalizeArabic(w)] = true
	}
	return m
}()

// arabicSubjectVerb reports a lead-in (leadInRe's match) that ends with
// one of arabicSubjectVerbs.
func arabicSubjectVerb(leadIn string) bool {
	f := strings.Fields(leadIn)
	return len(f) > 0 && arabicSubjectVerbs[normalizeArabic(f[len(f)-1])]
}

// professionTitles are the honorifics that are also the person's
// profession: "المهندسة رنا الطائي" is an engineer, while "الدكتورة" says
// only a degree. With no other role, the title is the role.
var professionTitles = []string{"المهندسة", "المهندس"}

// professionBefore is the profession title written right before one of
// spellings in text ("لقاء مع المهندسة رنا الطائي" gives "المهندسة"), or "".
func professionBefore(text string, spellings []string) string {
	for _, s := range spellings {
		i := strings.Index(text, s)
		if i < 0 {
			continue
		}
		before := strings.TrimRightFunc(text[:i], unicode.IsSpace)
		for _, t := range professionTitles {
			if strings.HasSuffix(before, t) && !isLetterByteBefore(before[:len(before)-len(t)]) {
				return t
			}
		}
	}
	return ""
}

// withoutTatweel takes the tatweel (ـ, a letter drawn out for looks) out
// of a person's name and aliases, as the name matcher ignores it: a label
// written "الجـبوري:" names "الجبوري". A spelling that then repeats the
// name or another alias goes.
func withoutTatweel(p *Person) {
	p.Name = strings.ReplaceAll(p.Name, "ـ", "")
	aliases := p.Aliases[:0]
	for _, a := range p.Aliases {
		if a = strings.ReplaceAll(a, "ـ", ""); a != p.Name && !containsString(aliases, a) {
			aliases = append(aliases, a)
		}
	}
	p.Aliases = aliases
}

// fullerRole reports a role that says what short says and more: its
// words, folded, open with short's.
func fullerRole(role, short string) bool {
	rw, sw := strings.Fields(foldKey(role)), strings.Fields(foldKey(short))
	return len(rw) > len(sw) && slices.Equal(rw[:len(sw)], sw)
}

// afterDeterminer cuts an English role before a name at its article (or
// possessive) when a few words of a sentence come first: "We asked the
// environmental engineer", "We asked its organiser" ("organiser"),
// "spoke to the environmental engineer" are "the environmental engineer".
// After a preposition the article is the role's own ("head of the
// department", "envoy to the UN") unless a subject or a verb of the lede
// came first.
func afterDeterminer(before string) string {
	if before == "" || before[0] >= utf8.RuneSelf {
		return before
	}
	words := strings.Fields(before)
	sentence := false
	for j := 0; j < len(words) && j <= 4; j++ {
		w := strings.ToLower(words[j])
		switch w {
		case "the", "a", "an", "its", "his", "her", "their", "our":
			if j == 0 || roleEndsNot[strings.ToLower(words[j-1])] && !sentence {
				return before
			}
			return strings.Join(words[j+1:], " ")
		}
		sentence = sentence || ledeSubjectWords[w]
	}
	return before
}

// ledeSubjectWords are the pronouns and verbs a lede's sentence introduces
// the person interviewed with: words of the sentence, never of a role.
var ledeSubjectWords = map[string]bool{"we": true, "i": true, "he": true, "she": true, "they": true, "you": true,
	"asked": true, "spoke": true, "talked": true, "met": true, "interviewed": true, "visited": true, "invited": true,
	"joined": true, "called": true, "hosted": true, "welcomed": true, "sat": true, "turned": true, "went": true}

// intervieweeInLede returns the name of the person the lede says the
// magazine interviewed: after "conducted an interview with", "spoke with",
// "met", "أجرت ... حواراً مع", "حاورت", "التقت", the name that follows an
// honorific, or (in Latin script) the capitalized words that follow.
func intervieweeInLede(lede string) string {
	for _, m := range ledeVerbRe.FindAllStringIndex(lede, 3) {
		rest := lede[m[1]:]
		if n := nameOpening(rest); n != "" {
			return n
		}
		// The verb's subject before the person met: "التقت مجلة حوار
		// الفكر الشاعر X".
		if after, ok := strings.CutPrefix(rest, "مجلة "); ok {
			if loc := magazineRe.FindStringIndex(after); loc != nil && loc[0] == 0 {
				if n := nameOpening(strings.TrimSpace(after[loc[1]:])); n != "" {
					return n
				}
			}
		}
	}
	return ""
}

// nameOpening is the name text opens with: after an honorific, after an
// Arabic role noun, or two to four capitalized words after a role in lower
// case at most, not the magazine's; "" when text opens with no name.
func nameOpening(rest string) string {
	if len(rest) > 240 {
		rest = rest[:240]
	}
	if n := nameAfterHonorific(rest); n != "" {
		return n
	}
	if n := nameAfterArabicRole(rest); n != "" {
		return n
	}
	toks := nameTokens(rest)
	toks = toks[roleBeforeName(toks):]
	var name []string
	for i, t := range toks {
		r, _ := utf8.DecodeRuneInString(t.word)
		if r >= 0x80 || !unicode.IsUpper(r) && !isArticle(t.word[:min(2, len(t.word))]) {
			break
		}
		if i > 0 && strings.ContainsAny(rest[toks[i-1].end:t.start], ",،:()") {
			break
		}
		name = append(name, t.word)
		if len(name) == 4 {
			break
		}
	}
	if len(name) >= 2 && !magazineRe.MatchString(strings.Join(name, " ")) {
		return strings.Join(name, " ")
	}
	return ""
}

// selfNamedRe is where the one who writes a post names themself: "I am
// Dr. Huda Kareem", "my name is ...", "أنا الدكتورة ...".
var selfNamedRe = regexp.MustCompile(`(?:^|[\s(])(?:I am|I'm|I’m|[Mm]y name is|أنا)\s+`)

// selfNamed is the name a lede's writer gives themself (selfNamedRe), the
// one who answers an ask blog's readers; "" when none.
func selfNamed(lede string) string {
	for _, m := range selfNamedRe.FindAllStringIndex(lede, 2) {
		if n := nameOpening(lede[m[1]:]); n != "" {
			return n
		}
	}
	return ""
}

// nameAfterArabicRole reads the name right after a role noun with its
// article (and the role's adjectives, which have it too) that opens text,
// up to the clause's end: "التقينا النحات مصطفى غني حكمت، ابن أخ ..."
// gives مصطفى غني حكمت. Two to four words, none a preposition or the
// magazine's; "" when text opens with no such role.
func nameAfterArabicRole(text string) string {
	clause, _, _ := strings.Cut(text, "،")
	clause, _, _ = strings.Cut(clause, ",")
	words := strings.Fields(clause)
	k := 0
	for k < len(words) {
		stem, definite := strings.CutPrefix(normalizeArabic(words[k]), "ال")
		if !definite || !arabicRoleNouns[stem] {
			break
		}
		k++
	}
	if k == 0 {
		return ""
	}
	for k < len(words)-2 && strings.HasPrefix(normalizeArabic(words[k]), "ال") {
		k++
	}
	name := words[k:]
	if len(name) < 2 || len(name) > 4 {
		return ""
	}
	for _, w := range name {
		if arabicNameStops[normalizeArabic(w)] || endsSentence(w) {
			return ""
		}
	}
	return strings.Join(name, " ")
}

// pronounWords are the words after a lede's verb that say whom without a
// role: "spoke with him", "met their ...".
var pronounWords = map[string]bool{"him": true, "her": true, "them": true, "us": true, "me": true, "his": true, "their": true, "our": true, "its": true, "my": true, "your": true,
	"several": true, "some": true, "many": true, "two": true, "three": true, "four": true}

// roleBeforeName is how many of toks, after a lede's verb, are a role
// before the name: an article and one or two lower-case words that are no
// preposition ("interviewed the ecologist Zaid Karim Al-Saadi", "met an
// oil engineer ..."), or such words without the article ("a conversation
// with hydrologist Basma Al-Ani"), followed by a capitalized word; else 0,
// so that "the head of the Iraqi Institute" names no one.
func roleBeforeName(toks []nameToken) int {
	if len(toks) < 3 {
		return 0
	}
	start := 1
	switch toks[0].word {
	case "the", "a", "an":
	default:
		// A profession without its article, as a title writes it: "a
		// conversation with hydrologist Basma Al-Ani".
		if r, _ := utf8.DecodeRuneInString(toks[0].word); r >= utf8.RuneSelf || !unicode.IsLower(r) || roleEndsNot[toks[0].word] || pronounWords[toks[0].word] {
			return 0
		}
		start = 0
	}
	for k := start; k <= 3 && k < len(toks); k++ {
		w := toks[k].word
		r, _ := utf8.DecodeRuneInString(w)
		if r < utf8.RuneSelf && unicode.IsUpper(r) {
			if k == 1 && start == 1 || k == 0 {
				return 0
			}
			return k
		}
		if r >= utf8.RuneSelf || !unicode.IsLower(r) || roleEndsNot[w] || w == "the" || k == 3 {
			return 0
		}
	}
	return 0
}

var (
	// titleSubjectRe opens a title that names the interviewee first, the
	// name in group 1: "Interview: X on ...", "X: a quote", "X talks to
	// Dialogue of Thought", "Interview: X, bookseller of Mosul".
	titleSubjectRe = regexp.MustCompile(`(?i)^(?:(?:exclusive\s+)?(?:interview|q\s*&\s*a|in\s+conversation|conversation|dialog(?:ue)?|transcript)\s*[:–—|-]\s*)?(.+?)(?:\s*[:–—|]\s|,\s|\s+(?:on|about|talks|speaks|tells|to|in\s+conversation|in\s+an\s+interview|in\s+dialog(?:ue)?)\s|\s*$)`)
	// titleSubjectArRe is titleSubjectRe for Arabic titles: "X في حوار مع
	// حوار الفكر", "X لحوار الفكر: ...".
	titleSubjectArRe = regexp.MustCompile(`^(.+?)\s*(?:[:،]|\s` + arWord("في حوار") + `|\s` + arWord("في لقاء") + `|\s` + arWord("يتحدث") + `|\s(?:` + arWord("ل") + `)?[«"]?` + arWord("حوار الفكر") + `)`)
	// titleLeadInArRe is an Arabic title that names the person after its
	// lead-in: "حوار مع X", "لقاء مع X: ...", "مقابلة مع X", "حوار مع X عن
	// الأهوار" (the subject after the preposition is no part of the name).
	// Sorani Kurdish writes "دیمانە لەگەڵ X" ("an interview with X").
	titleLeadInArRe = regexp.MustCompile(`^(?:(?:` + arWord("حوار") + `|` + arWord("لقاء") + `|` + arWord("مقابلة") + `)\s+(?:(?:` + arWord("مجلة") + `\s+)?` + arWord("حوار الفكر") + `\s+)?` + arWord("مع") +
		`|(?:` + arWord("دیمانە") + `|` + arWord("گفتوگۆ") + `)\s+` + arWord("لەگەڵ") + `)\s+(.+?)(?:\s*[:،,]|\s+(?:عن|حول|في|بشأن)\s|$)`)
	// ledeSubjectRe opens a lede whose subject is the interviewee: "Former
	// prime minister X discusses ...", "X, head of ..., spoke to ...",
	// "يتحدث الدكتور X، أستاذ ...، عن ...".
	ledeSubjectRe = regexp.MustCompile(`^(?:(.+?)(?:\s+(?:discusses|talks|speaks|explains|reflects|answers|answered|tells|describes|argues|recalls|looks\s+back)\b|(?:,\s[^.]*?\b|\s+)(?:spoke|speaks|talked|talks|told|tells|sat\s+down)\s+(?:to|with)\b)|` +
		`(?:` + arWord("يتحدث") + `|` + arWord("تحدث") + `|` + arWord("يكشف") + `|` + arWord("يقول") + `)\s+(.+?)\s*(?:[،,]|\s` + arWord("عن") + `\s|\s` + arWord("لمجلة") + `\s|\s` + arWord("إلى") + `\s|$))`)
)

// spokeToNamed reports a lede that opens with its subject set apart by an
// apposition and a verb of speaking to named: "X, a hydrologist who ...,
// talked to named about ...".
func spokeToNamed(lede, named string) bool {
	m := ledeSubjectRe.FindStringSubmatchIndex(lede)
	if m == nil || m[2] < 0 || !strings.HasPrefix(lede[m[3]:], ",") {
		return false
	}
	rest := strings.TrimLeft(lede[m[1]:], " ")
	return strings.HasPrefix(rest, named) || strings.HasPrefix(rest, "the ") && strings.Contains(rest[:min(len(rest), len(named)+40)], named)
}

// answeredQuestionsRe is a lede that says its subject answered the
// questions ("Dr. X answered readers' questions about ..."): the person
// interviewed, though no other text names them.
var answeredQuestionsRe = regexp.MustCompile(`(?i)\banswer(?:ed|s)\s+(?:\S+\s+){0,2}questions\b`)

// tenseAdjectives end an Arabic role: "former" and "current" ("وزير
// التخطيط الأسبق", "رئيسة الجامعة الحالية"), folded.
var tenseAdjectives = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{"السابق", "السابقة", "الأسبق", "الأسبقة", "الحالي", "الحالية"} {
		m[normalizeArabic(w)] = true
	}
	return m
}()

// arabicRoleNouns are the nouns an Arabic title or lede puts before a name
// to say who the person is (without "ال"): a name read from the text's shape
// that starts with one is a role and a name, and Arabic has no capitals to
// tell where one ends.
var arabicRoleNouns = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{"وزير", "وزيرة", "رئيس", "رئيسة", "مدير", "مديرة", "عميد", "عميدة", "أستاذ", "أستاذة", "نائب", "نائبة", "محافظ", "محافظة",
		"سفير", "سفيرة", "باحث", "باحثة", "خبير", "خبيرة", "كاتب", "كاتبة", "أمين", "قائد", "مستشار", "مستشارة", "عضو", "رئيس", "ممثل", "ممثلة", "المرجع", "مرجع",
		"شاعر", "شاعرة", "روائي", "روائية", "فنان", "فنانة", "مخرج", "مخرجة", "صحفي", "صحفية", "مؤرخ", "مؤرخة", "مترجم", "مترجمة", "ناشط", "ناشطة", "أكاديمي", "أكاديمية", "طبيب", "طبيبة",
		"قاص", "قاصة", "ناقد", "ناقدة", "مفكر", "مفكرة", "فيلسوف", "محامي", "محامية", "قاضي", "قاضية", "مهندس", "مهندسة",
		"معماري", "معمارية", "اقتصادي", "اقتصادية", "سياسي", "سياسية", "موسيقار", "مطرب", "مطربة", "نحات", "نحاتة", "إعلامي", "إعلامية",
		"خطاط", "خطاطة", "خطيب", "خطيبة", "إمام", "رسام", "رسامة", "مصور", "مصورة", "ملحن", "عازف", "عازفة", "مؤلف", "مؤلفة", "ناشر", "ناشرة", "معلم", "معلمة",
		// trades and crafts: "حوار مع الصياد جبار حسين"
		"صياد", "صيادة", "فلاح", "فلاحة", "مزارع", "مزارعة", "نجار", "حداد", "خياط", "خياطة", "تاجر", "تاجرة", "حرفي", "حرفية", "صائغ", "خباز", "حلاق", "نساج", "نساجة"} {
		m[normalizeArabic(w)] = true
	}
	return m
}()

// mayOpenWithSubject is a cheap test that spares ledeSubjectRe the ledes
// without one of its verbs.
func mayOpenWithSubject(lede string) bool {
	return containsAny(lede, "discuss", "talk", "speak", "spoke", "explain", "reflect", "answer", "tell", "told", "describ", "argue", "recall", "looks back", "sat down",
		"يتحدث", "تحدث", "يكشف", "يقول")
}

// subjectName reads the name a title or lede opens with (re's first
// group that matched): in Latin script the capitalized words at its end
// ("Former prime minister Mustafa Al-Kadhimi" gives "Mustafa Al-Kadhimi"),
// in Arabic up to four words; honorifics removed, the magazine never.
func subjectName(text string, re *regexp.Regexp) string {
	if text == "" || len(text) > 600 {
		return ""
	}
	m := re.FindStringSubmatch(text)
	if m == nil {
		return ""
	}
	cand := ""
	for _, g := range m[1:] {
		if g != "" {
			cand = g
			break
		}
	}
	cand = stripHonorific(trimText(cand, "«»\"'“”,،")) // "The director, Dr. X, answered ..."
	if crossesSentence(cand) {
		return "" // "X is a hydrologist ... since 2009. Huda Dawood spoke to him": not the lede's subject
	}
	if cand == "" || magazineRe.MatchString(cand) || siteNameRe.MatchString(cand) || strings.ContainsAny(cand, "?؟!\"«»") {
		return ""
	}
	toks := nameTokens(cand)
	if len(toks) == 0 {
		return ""
	}
	if r, _ := utf8.DecodeRuneInString(toks[0].word); r >= utf8.RuneSelf {
		// Arabic: the whole run, short and without a stop word. A role
		// noun with its article stands before the name as a title does
		// ("الباحث علي حسين عبيد"); without it, it governs the words after
		// it ("وزير الخارجية فؤاد حسين"), and nothing tells where the name
		// starts.
		role := false
		for len(toks) > 0 {
			w := normalizeArabic(toks[0].word)
			stem, definite := strings.CutPrefix(w, "ال")
			if !arabicRoleNouns[stem] {
				break
			}
			if !definite {
				// "وزير التخطيط الأسبق علي يوسف الشكري": "former" or
				// "current" ends the role it governs, and the name follows.
				k := slices.IndexFunc(toks[:min(len(toks), 5)], func(t nameToken) bool { return tenseAdjectives[normalizeArabic(t.word)] })
				if k < 1 {
					return ""
				}
				toks = toks[k+1:]
				break
			}
			toks, role = toks[1:], true
		}
		// The adjectives of such a role have the article too ("الفنان
		// التشكيلي", "الكاتب العراقي الكبير"); a given name has none.
		for role && len(toks) > 2 && strings.HasPrefix(normalizeArabic(toks[0].word), "ال") {
			toks = toks[1:]
		}
		if len(toks) < 2 || len(toks) > 4 {
			return ""
		}
		for _, t := range toks {
			if arabicNameStops[normalizeArabic(t.word)] {
				return ""
			}
		}
		return cand[toks[0].start:toks[len(toks)-1].end]
	}
	// Latin: the capitalized words that end the run, two to four.
	i := len(toks)
	for i > 0 {
		w := toks[i-1].word
		r, _ := utf8.DecodeRuneInString(w)
		if !(r < utf8.RuneSelf && unicode.IsUpper(r)) && !isArticle(w[:min(2, len(w))]) && !nameParticles[strings.ToLower(w)] {
			break
		}
		if i < len(toks) && strings.ContainsAny(cand[toks[i-1].end:toks[i].start], ",،:;()") {
			break
		}
		i--
	}
	for i < len(toks) && isHonorificWord(toks[i].word) {
		i++
	}
	if n := len(toks) - i; n < 2 || n > 4 || toks[len(toks)-1].end != len(strings.TrimRight(cand, " ")) {
		return ""
	}
	if i > 0 && placePrepositions[strings.ToLower(toks[i-1].word)] {
		return "" // "The last bookbinder of Al-Mutanabbi Street": a place, not the subject
	}
	return cand[toks[i].start:toks[len(toks)-1].end]
}

// crossesSentence reports text with a sentence's end inside: a full stop
// and a space after a long word or a number ("since 2009. Huda"), not
// after an honorific or an initial ("Dr. Ali", "A. K. Smith").
func crossesSentence(text string) bool {
	for i := strings.Index(text, ". "); i >= 0; {
		w := text[strings.LastIndexByte(text[:i], ' ')+1 : i]
		if len(w) >= 5 || w != "" && strings.Trim(w, "0123456789") == "" {
			return true
		}
		j := strings.Index(text[i+2:], ". ")
		if j < 0 {
			break
		}
		i += 2 + j
	}
	return false
}

// leadingName is the two to four capitalized words a Latin text opens
// with ("Ahmed Kareem is a hydrologist ..."), or "".
func leadingName(text string) string {
	toks := nameTokens(text[:min(len(text), 120)])
	n := 0
	for n < len(toks) && n < 4 {
		w := toks[n].word
		r, _ := utf8.DecodeRuneInString(w)
		if !(r < utf8.RuneSelf && unicode.IsUpper(r)) && !isArticle(w[:min(2, len(w))]) || n > 0 && strings.ContainsAny(text[toks[n-1].end:toks[n].start], ",،:;()") {
			break
		}
		n++
	}
	if n < 2 {
		return ""
	}
	return text[toks[0].start:toks[n-1].end]
}

// placePrepositions put a place, not a person, at the end of a title.
var placePrepositions = map[string]bool{"of": true, "in": true, "at": true, "from": true, "on": true, "near": true, "across": true, "along": true, "under": true}

// namedWhole reports whether text writes name with all its words.
func namedWhole(name, text string) bool {
	if text == "" {
		return false
	}
	want := nameWords(name)
	for _, s := range findNameIn(text, nameTokens(text), want) {
		if wordCount(s) >= len(want) {
			return true
		}
	}
	return false
}

// namedIn reports whether text names the person name spells, with at
// least two of its words: what confirms a name read from a title's or a
// lede's shape alone.
func namedIn(name, text string) bool {
	if text == "" {
		return false
	}
	want := nameWords(name)
	for _, s := range findNameIn(text, nameTokens(text), want) {
		if wordCount(s) >= 2 && sameNameWords(nameWords(s), want) {
			return true
		}
	}
	return false
}

// isHonorificWord reports a one-word honorific, lower-casing ASCII on the
// stack: this runs on every word of the introduction.
func isHonorificWord(w string) bool {
	if len(w) > 0 && w[0] >= 0x80 {
		return honorificWords[strings.Map(func(r rune) rune {
			if isHaraka(r) || r == 'ـ' {
				return -1
			}
			return r
		}, w)]
	}
	if len(w) > 18 {
		return false
	}
	if !hasUpper(w) {
		return honorificWords[w]
	}
	var b [18]byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return honorificWords[string(b[:len(w)])]
}

// nameAfterHonorific returns the words after the first honorific in text.
func nameAfterHonorific(text string) string {
	if n := namesAfterHonorific(text); len(n) > 0 {
		return n[0]
	}
	return ""
}

// honorificWords are the one-word honorifics without their dot.
var honorificWords = func() map[string]bool {
	m := map[string]bool{}
	for _, h := range honorifics {
		if !strings.Contains(h, " ") {
			m[strings.TrimSuffix(h, ".")] = true
		}
	}
	return m
}()

// namesAfterHonorific returns, for every honorific in text, the one to four
// words after it up to punctuation: "..., Mr. Mustafa Al-Kadhimi, which" ->
// "Mustafa Al-Kadhimi".
func namesAfterHonorific(text string) []string {
	return namesAfterHonorificIn(text, nameTokens(text))
}

func namesAfterHonorificIn(text string, toks []nameToken) []string {
	var out []string
	for i := 0; i < len(toks); i++ {
		if i+1 >= len(toks) || !isHonorificWord(toks[i].word) {
			continue
		}
		start := i + 1
		for start+1 < len(toks) && isHonorificWord(toks[start].word) {
			start++ // "سماحة السيد جمال الدين الحكيم", "His Excellency Dr. ..."
		}
		if professionAdjective(toks, start) {
			start++ // "المهندس الزراعي كريم الساعدي": the agricultural engineer
		}
		end := start + 1
		for end < len(toks) && end-start < 4 {
			if strings.ContainsAny(text[toks[end-1].end:toks[end].start], ",،.:;()") {
				break
			}
			r, _ := utf8.DecodeRuneInString(toks[end].word)
			if r < 0x80 && !unicode.IsUpper(r) {
				break // a Latin name's words are capitalized; "which" is not
			}
			if r >= 0x80 && arabicNameStops[normalizeArabic(toks[end].word)] {
				break // "خصّ الدكتور علي مجلة حوار الفكر": the name ends before the magazine
			}
			end++
		}
		out = append(out, text[toks[start].start:toks[end-1].end])
		i = end - 1
	}
	return out
}

// professionAdjective reports, after a profession's title
// ("المهندس"), an adjective with the article ending in the relative ي or
// ية at toks[i] ("الزراعي", "المعمارية"), followed by two words or more
// of a name that opens without the article. A family name alone after the
// title ("المهندس الساعدي") is the name.
func professionAdjective(toks []nameToken, i int) bool {
	if i < 1 || i+2 >= len(toks) || !slices.Contains(professionTitles, toks[i-1].word) {
		return false
	}
	w := toks[i].word
	return strings.HasPrefix(w, "ال") && (strings.HasSuffix(w, "ي") || strings.HasSuffix(w, "ية")) && !strings.HasPrefix(toks[i+1].word, "ال")
}

// arabicNameStops are words that end an Arabic name written after an
// honorific, since Arabic has no capitals to tell: the magazine, a
// preposition, a relative pronoun.
var arabicNameStops = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{"مجلة", "المجلة", "في", "عن", "على", "مع", "إلى", "الى", "من", "الذي", "التي", "بحوار", "حوارا", "حول", "و", "وهو", "وهي",
		"لەگەڵ", "لە", "بۆ", "دیمانە", "گفتوگۆ"} { // Sorani: "with", "in", "for", "interview", "dialogue"
		m[normalizeArabic(w)] = true
	}
	return m
}()

// interviewerLine reads a line that names who conducted the interview:
// "Conducted by: Ali Hussein Obaid", "Interview conducted by Haider
// Salman", "Interviewed by Sarah Haddad", "Interview by ...", "Interviewer:
// ...", "حاوره: ...", "أجرى الحوار: ...". The credit opens the line, a
// sentence of it ("From Dialogue of Thought, issue 52. Interview by ...") or
// a field of a meta line ("... · June 2025 · Interviewed by Saad Ali"), or
// follows the post's date ("January 7, 2026 - Interview conducted by ...");
// a sentence that mentions an interview conducted by someone is not a
// credit, and neither is a question ("Interviewer: What ...?").
func interviewerLine(text string) (string, bool) {
	// The line is short; a cheap test spares the regexp the long paragraphs,
	// and the Arabic lines that name an interview without a colon, a dash or
	// a slash after it, which no Arabic credit lacks ("مقدمة الحوار", "أجرت
	// مجلة حوار الفكر حواراً مع ..."): the regexp's Arabic alternatives cost
	// it tens of microseconds on such a line.
	arabicCue := strings.Contains(text, "حاور") || strings.Contains(text, "الحوار") || strings.Contains(text, "جرا") || strings.Contains(text, "جرت") || strings.Contains(text, "اللقاء") || strings.Contains(text, "المقابلة")
	if len(text) > 300 || !(strings.Contains(text, " by") || strings.Contains(text, "nterview:") || strings.Contains(text, "/") ||
		arabicCue && strings.ContainsAny(text, ":–—ـ-")) {
		return "", false
	}
	for _, loc := range namedInterviewerRe.FindAllStringIndex(text, 3) {
		if !creditMayStart(text[:loc[0]]) {
			continue
		}
		if name := creditName(text[loc[1]:]); name != "" {
			return name, true
		}
	}
	return "", false
}

// closingCredit reads a credit the post closes with, labelled as a field:
// "Interview: Laith Saad. Photographs: Huda Amer.", "حوار: X". Only at
// the end is such a line a credit: at the top, "Interview: X" names the
// person interviewed.
func closingCredit(text string) (string, bool) {
	label, rest, ok := strings.Cut(strings.TrimSpace(text), ":")
	if !ok || len(text) > 200 || !strings.EqualFold(label, "interview") && label != "حوار" && label != "الحوار" {
		return "", false
	}
	name := creditName(strings.TrimSpace(rest))
	return name, name != "" && wordCount(name) >= 2
}

// creditMayStart reports whether a credit may follow prefix: nothing, the
// end of a sentence or of a meta line's field, or the post's date.
func creditMayStart(prefix string) bool {
	prefix = strings.TrimRightFunc(prefix, func(r rune) bool { return unicode.IsSpace(r) || isDirectionMark(r) })
	if prefix == "" {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(prefix)
	if strings.ContainsRune(".!؟?|·•—–-:؛", r) && !honorificEnd(prefix) {
		return true
	}
	p := trimText(prefix, volatileTrim+" ")
	if p == "" || isVolatile(p) {
		return true
	}
	if passiveCreditRe.MatchString(p) {
		return true // "The discussion was moderated by Rana Kareem."
	}
	_, _, isDate := dateLine(p)
	return isDate
}

// passiveCreditRe is a sentence's opening that makes a credit of the words
// after it: the conversation itself, passive, "The discussion was
// moderated by", "The interview was conducted by".
var passiveCreditRe = regexp.MustCompile(`(?i)(?:^|[.!?]\s+)(?:the\s+)?(?:discussion|panel|conversation|interview|session|dialogue|debate|round\s+table)\s+(?:was|is)$`)

// honorificEnd reports a prefix that ends with an honorific's dot ("Dr.").
func honorificEnd(prefix string) bool {
	_, ok := honorificBefore(prefix)
	return ok && strings.HasSuffix(prefix, ".")
}

// creditName reads the name a credit gives: up to the end of its sentence
// or field (a dash set off by spaces ends one: "حاوره: X — 2022-04-19"), honorifics removed. It is "" when what follows is not a name: a
// question, a clause ("Interviewed by Reuters, he denied ..."), words in
// lower case in Latin script.
func creditName(rest string) string {
	rest = stripHonorific(rest)
	end := nameEnd(rest)
	if dash := strings.Index(rest, " - "); dash >= 0 && (end < 0 || dash < end) {
		end = dash // "حاوره: X - 2022-04-19"; a hyphen inside a name has no spaces
	}
	if k := strings.Index(rest, " for "); k >= 0 && (end < 0 || k < end) {
		if loc := magazineRe.FindStringIndex(strings.TrimPrefix(rest[k+5:], "the ")); loc != nil && loc[0] == 0 {
			end = k // "Conducted by X for Dialogue of Thought, issue 58": whom X asked for, not the name's words ("Institute for Dialogue")
		}
	}
	after := ""
	if end >= 0 {
		after = rest[end:]
		rest = rest[:end]
	}
	words := strings.Fields(rest)
	if len(words) == 0 || len(words) > 6 {
		return ""
	}
	if after != "" {
		switch r, _ := utf8.DecodeRuneInString(after); r {
		case '?', '؟', ':':
			return "" // a question, or a label
		case ',', '،':
			if tail := trimText(after, volatileTrim+" "); wordCount(tail) > 3 && !isVolatile(tail) {
				return "" // a clause goes on after the name
			}
		}
	}
	name := trimText(strings.Join(words, " "), "")
	if magazineRe.MatchString(name) {
		return name
	}
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if r < utf8.RuneSelf && !unicode.IsUpper(r) && !nameParticles[strings.ToLower(w)] && !isArticle(w[:min(2, len(w))]) {
			return "" // a Latin name's words are capitalized
		}
	}
	return name
}

// nameEnd is where the name at the start of rest ends: at the first
// punctuation of its sentence or field, but for an initial's dot ("K.M.",
// "A. Hussein", "ع.ح."), a letter alone before it. It is -1 when the
// name runs to the end.
func nameEnd(rest string) int {
	for i := 0; ; {
		j := strings.IndexAny(rest[i:], ".,،;|()·•?؟!:—–")
		if j < 0 {
			return -1
		}
		j += i
		if rest[j] != '.' {
			return j
		}
		r, size := utf8.DecodeLastRuneInString(rest[:j])
		if !unicode.IsLetter(r) {
			return j
		}
		if p, _ := utf8.DecodeLastRuneInString(rest[:j-size]); j-size > 0 && p != ' ' && p != '.' {
			return j // a word's last letter: the sentence ends
		}
		if k := strings.IndexAny(rest[j+1:], ".,،;|()·•?؟!:—–"); k >= 0 && rest[j+1+k] == ':' && j-size > 0 &&
			len(strings.Fields(rest[j+1:j+1+k])) == 1 {
			return j + 1 // "Sarah H. Photographs: X": a surname's initial, then the next field's label
		}
		i = j + 1
	}
}

// nameParticles are the small words a Latin-script name may hold in lower
// case: "Ali bin Hussein", "Abd al-Karim".
var nameParticles = map[string]bool{"bin": true, "ibn": true, "bint": true, "abu": true, "al": true, "el": true, "de": true, "van": true, "von": true}

// roleAround reads the role next to the name in text: "Interview with the
// head of the Iraqi intelligence service, Mr. Mustafa Al-Kadhimi" gives "head
// of the Iraqi intelligence service"; "met Dr. Ahmed Al-Rubaie, head of the
// Department ..., in his office" gives the words after the comma. The verb
// that introduces the name and the magazine's name are not a role.
func roleAround(text string, spellings []string) string {
	// The longest spelling first: a family name alone is also found inside
	// the full name, with the first names before it.
	byLength := slices.Clone(spellings)
	slices.SortStableFunc(byLength, func(a, b string) int { return len(b) - len(a) })
	for _, s := range byLength {
		i := strings.Index(text, s)
		if i < 0 {
			continue
		}
		before, ok := honorificBefore(text[:i])
		honorific := ok
		for ok {
			before, ok = honorificBefore(before) // stacked: "الشيخ الدكتور X", "Sheikh Dr. X"
		}
		if k := strings.LastIndexByte(before, '\n'); k >= 0 {
			before = before[k+1:] // the paragraph the name is in
		}
		if strings.HasSuffix(trimText(before, ""), ":") {
			before = "" // "لقاء العدد: الدكتور X": a label before the name, not a role
		}
		if k := strings.LastIndex(before, ": "); k >= 0 {
			before = before[k+2:] // "حوار العدد: الشاعر X": the label goes, the role after it stays
		}
		before = trimText(before, ",،:-–—")
		before = lastSentence(before)
		subjectVerb := false
		if m := leadInRe.FindStringIndex(before); m != nil {
			subjectVerb = arabicSubjectVerb(before[:m[1]])
			before = before[m[1]:]
		}
		for _, lead := range []string{"questions for ", "questions to "} {
			if k := strings.LastIndex(before, lead); k >= 0 {
				before = before[k+len(lead):] // "Four questions for the calligrapher X"
			}
		}
		if m := magazineRe.FindStringIndex(before); m != nil {
			before = before[m[1]:]
		}
		before = trimText(before, ",،:-–—")
		if w, rest, ok := strings.Cut(before, " "); ok && (normalizeArabic(w) == "المجلة" || normalizeArabic(w) == "مجلتنا") {
			before = rest // "حاورت المجلة الشاعر X": the magazine asks, the role is the person's
		}
		if w, _, _ := strings.Cut(before, " "); honorific && subjectVerb && w != "" && w[0] >= utf8.RuneSelf &&
			!strings.HasPrefix(normalizeArabic(w), "ال") && !arabicRoleNouns[normalizeArabic(w)] {
			before = "" // "التقت شبكة أخبار الرافدين المهندس X": the verb's subject, who asks
		}
		if w, _, _ := strings.Cut(before, " "); roleEndsNot[strings.ToLower(normalizeArabic(w))] {
			before = "" // "في عددها الثاني عشر": a phrase of the sentence, no role opens with a preposition
		}
		// A role stands in the name's clause: "... أكتوبر ٢٠١٢، يتحدث
		// وزير التخطيط X" is cut at the comma, then at the verb. A comma
		// inside a role ("head of the department, University of Baghdad")
		// has neither a verb after it nor a number before it.
		if k := strings.LastIndexAny(before, ",،;؛:"); k >= 0 {
			_, n := utf8.DecodeRuneInString(before[k:])
			clause := trimText(before[k+n:], "")
			verb, _, _ := strings.Cut(clause, " ")
			if speechVerbs[normalizeArabic(verb)] || strings.IndexFunc(before[:k], unicode.IsDigit) >= 0 {
				before = clause
			}
		}
		if verb, rest, ok := strings.Cut(before, " "); ok && speechVerbs[normalizeArabic(verb)] {
			before = trimText(rest, "")
		}
		// Any other word before a role noun with its article, itself
		// without one and no role noun, is the sentence's verb: "تقف
		// الفنانة X على خشبة ..." gives "الفنانة" ("مدير مرصد الهجرة" and
		// "مؤسس الحزب" stay whole).
		if w, rest, ok := strings.Cut(before, " "); ok && w[0] >= utf8.RuneSelf && !arabicRoleNouns[normalizeArabic(w)] && !strings.HasPrefix(normalizeArabic(w), "ال") {
			next, _, _ := strings.Cut(rest, " ")
			if stem, definite := strings.CutPrefix(normalizeArabic(next), "ال"); definite && arabicRoleNouns[stem] {
				before = trimText(rest, "")
			}
		}
		if k := strings.LastIndexByte(before, ' '); k >= 0 && roleEndsNot[strings.ToLower(normalizeArabic(before[k+1:]))] ||
			roleEndsNot[strings.ToLower(normalizeArabic(before))] {
			before = "" // "Ten questions to X": the name is the object, not a role
		}
		before = afterDeterminer(before)
		before = strings.TrimPrefix(strings.TrimPrefix(before, "the "), "The ")
		if w, _, _ := strings.Cut(before, " "); subjectPronouns[w] {
			before = "" // "We asked Dr. X what ...": the sentence's subject and verb
		}
		if loc := selfNamedRe.FindAllStringIndex(before+" ", -1); len(loc) > 0 && loc[len(loc)-1][1] == len(before)+1 {
			before = "" // "...; I am Dr. X": the writer names themself, no role
		}
		if k := strings.LastIndexByte(before, ' '); speechVerbs[normalizeArabic(before[k+1:])] {
			before = "" // "Dialogue of Thought magazine hosts X", "مجلة حوار الفكر تستضيف X": the sentence's verb, no role
		}
		if strings.ContainsAny(before, "“”\"«»") {
			before = "" // "“We rebuilt the library twice”: Dr. X": a quotation, not who they are
		}
		if len(before) < 40 && presentsWordRe.MatchString(before) || len(before) > 0 && before[0] >= utf8.RuneSelf && speechVerbs[normalizeArabic(before)] {
			before = "" // "Interview: X on ...", "يرى الدكتور X أن ..."
		}
		if wordCount(s) == 1 {
			before = "" // a family name alone: the words before it may be its given names
		}
		if w := trimText(before, ""); honorific && w != "" && w[0] >= utf8.RuneSelf && !strings.Contains(w, " ") &&
			!strings.HasPrefix(normalizeArabic(w), "ال") && !arabicRoleNouns[normalizeArabic(w)] {
			before = "" // "تدير المهندسة X مشروعاً ...": the word before the honorific is the sentence's verb
		}
		after := roleAfter(text[i+len(s):])
		nb := len(strings.Fields(before))
		switch {
		case nb > 12:
			return "" // a sentence, not a role
		case nb >= 1 && affiliation(after):
			return before + ", " + after // "Economist X, of the University of Baghdad, ...": the profession, then where
		case nb >= 2 || nb == 1 && (after == "" || kinship(after)):
			return before // "النحات X، ابن أخ الفنان الراحل": whose relative they are is not who they are
		}
		return after // "" when the name stands alone
	}
	return ""
}

// kinshipWords open a clause that says whose relative a person is.
var kinshipWords = map[string]bool{"son": true, "daughter": true, "widow": true, "wife": true, "husband": true, "brother": true, "sister": true,
	"nephew": true, "niece": true, "grandson": true, "granddaughter": true,
	"ابن": true, "ابنة": true, "بنت": true, "نجل": true, "كريمة": true, "ارملة": true, "زوجة": true, "زوج": true, "شقيق": true, "شقيقة": true, "اخو": true, "اخت": true, "حفيد": true, "حفيدة": true}

// kinship reports a role clause that only says whose relative the person
// is ("son of the late poet", "ابن أخ الفنان الراحل").
func kinship(role string) bool {
	w, _, _ := strings.Cut(role, " ")
	return kinshipWords[strings.ToLower(normalizeArabic(w))]
}

// subjectPronouns open a sentence whose subject asks or meets the person,
// not a role: "We asked Dr. X", "I met X".
var subjectPronouns = map[string]bool{"We": true, "I": true, "They": true, "we": true, "they": true}

// affiliation reports a role after a name that opens with a preposition
// ("of the University of Baghdad", "at the ministry", "من جامعة بغداد"):
// where the person works, which says nothing of what they are without the
// profession before the name.
func affiliation(after string) bool {
	w, _, ok := strings.Cut(after, " ")
	return ok && roleEndsNot[strings.ToLower(normalizeArabic(w))] && w != "and" && w != "و"
}

// lastSentence is what follows the last full stop, question or
// exclamation mark of s: a role stands in the name's sentence ("... in
// November 2022. Eng. X, a hydrologist, ..." has none before the name). A
// capital's full stop is an initial or an abbreviation ("U.N. envoy").
func lastSentence(s string) string {
	for i := len(s); i > 0; {
		r, n := utf8.DecodeLastRuneInString(s[:i])
		i -= n
		if r != '.' && r != '?' && r != '!' && r != '؟' {
			continue
		}
		after := s[i+n:]
		if after != "" && !unicode.IsSpace(rune(after[0])) {
			continue // "2.5", "hewariraq.com"
		}
		if p, _ := utf8.DecodeLastRuneInString(s[:i]); r == '.' && unicode.IsUpper(p) {
			continue
		}
		return trimText(after, "")
	}
	return s
}

// roleEndsNot are the words a role never ends with just before the name:
// prepositions, whose object the name is ("Ten questions to X").
var roleEndsNot = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{"to", "with", "for", "by", "from", "of", "about", "on", "at", "in", "and",
		"مع", "إلى", "الى", "عن", "من", "في", "على", "و", "ل"} {
		m[normalizeArabic(w)] = true
	}
	return m
}()

// nameAfterRole reads, after the verb of a lede that introduces the person
// interviewed, a role in lower case and the capitalized name after it:
// "spoke with the environmental engineer Saad Ali Al-Tamimi about ...".
// The role is one to three words with no preposition, so that "the
// director of the Mosul Museum" names no one.
func nameAfterRole(text string) string {
	if text == "" || len(text) > 600 {
		return ""
	}
	for _, m := range ledeVerbRe.FindAllStringIndex(text, 3) {
		toks := nameTokens(text[m[1]:min(len(text), m[1]+240)])
		i := 0
		for i < len(toks) && i < 4 {
			w := toks[i].word
			r, _ := utf8.DecodeRuneInString(w)
			if r >= utf8.RuneSelf || unicode.IsUpper(r) || roleEndsNot[strings.ToLower(w)] {
				break
			}
			i++
		}
		if i == 0 || i == 4 || i < len(toks) && roleEndsNot[strings.ToLower(toks[i].word)] {
			continue
		}
		var name []string
		for j := i; j < len(toks) && len(name) < 4; j++ {
			w := toks[j].word
			r, _ := utf8.DecodeRuneInString(w)
			if r >= utf8.RuneSelf || !unicode.IsUpper(r) && !isArticle(w[:min(2, len(w))]) {
				break
			}
			name = append(name, w)
		}
		if len(name) >= 2 {
			return strings.Join(name, " ")
		}
	}
	return ""
}

// wholeName reports a spelling of two words or more that is more than a
// family name: "أبو ديب" (Abu Deeb), one name in two words, is not.
func wholeName(s string) bool {
	f := strings.Fields(s)
	return len(f) > 2 || len(f) == 2 && (s[0] < utf8.RuneSelf || !compoundNameHead[normalizeArabic(f[0])])
}

// arabicNameBefore reads the given names written before a label's family
// name in an Arabic text, where a role with the article ends: "وزير
// التخطيط علي يوسف الشكري" gives "علي يوسف الشكري". The word before the
// given names must carry the article (the role's last word) and none of
// them may: "رئيس جامعة بغداد علي الشكري" tells no one where the name
// starts. "عبد الأمير", "أبو الحسن" are one name, and so is a family name
// "أبو ديب": "المترجم والناقد كمال أبو ديب" gives "كمال أبو ديب".
func arabicNameBefore(text string, spellings []string) string {
	for _, s := range spellings {
		if s == "" || s[0] < utf8.RuneSelf {
			continue
		}
		// A family name of one word, or of two that are one name ("أبو ديب").
		if n := wordCount(s); n > 2 || n == 2 && !compoundNameHead[normalizeArabic(strings.Fields(s)[0])] {
			continue
		}
		i := strings.Index(text, s)
		if i <= 0 {
			continue
		}
		words := strings.Fields(text[:i])
		given := 0
		for k := len(words) - 1; k >= 0 && given < 4; k-- {
			w := normalizeArabic(words[k])
			if strings.ContainsAny(w, ",،.:؛;") || arabicNameStops[w] || speechVerbs[w] {
				break
			}
			def := strings.HasPrefix(w, "ال") || strings.HasPrefix(w, "لل") || strings.HasPrefix(w, "وال") // "المترجم والناقد كمال ..."
			if def && k > 0 && compoundNameHead[normalizeArabic(words[k-1])] {
				given += 2 // "عبد الأمير"
				k--
				continue
			}
			if def {
				if given == 0 || given > 3 {
					break
				}
				return strings.Join(words[len(words)-given:], " ") + " " + s
			}
			given++
		}
	}
	return ""
}

// pronounSubjectRe is a lede's second sentence that says its first one's
// subject spoke to the magazine: "... since 2018. He spoke to Dialogue of
// Thought for issue 76", "... for twenty years. We asked him five
// questions".
var pronounSubjectRe = regexp.MustCompile(`[.!?]\s+(?:(?:He|She)\s+(?:spoke|talked|talks|speaks|sat\s+down)\s+(?:to|with)\s+(?i:` + magazineNameEn + `|the\s+magazine|us)|We\s+(?:asked|met|interviewed|(?:spoke|talked|sat\s+down)\s+(?:to|with))\s+(?:him|her))\b`)

// englishRoleWords are the professions an English lede opens with before
// a name, capitalized as the sentence's first word: "Architect Omar Younis
// has worked ...".
var englishRoleWords = map[string]bool{"architect": true, "economist": true, "engineer": true, "historian": true, "writer": true, "poet": true,
	"novelist": true, "journalist": true, "director": true, "minister": true, "researcher": true, "lawyer": true, "doctor": true,
	"archaeologist": true, "archivist": true, "artist": true, "photographer": true, "filmmaker": true, "activist": true, "scholar": true}

// pronounSubject reads the person a lede opens with when its next sentence
// says "He spoke to Dialogue of Thought": the capitalized words the lede
// opens with, two to four, after a profession ("Architect Omar Younis has
// worked on ... . He spoke to ..." gives "Omar Younis"). The pronoun is the
// confirmation another text would otherwise give.
func pronounSubject(lede string) string {
	if lede == "" || lede[0] >= utf8.RuneSelf || len(lede) > 600 || !strings.Contains(lede, "e spoke") && !strings.Contains(lede, "e talked") && !strings.Contains(lede, "e sat") &&
		!strings.Contains(lede, "We asked") && !strings.Contains(lede, "We met") && !strings.Contains(lede, "We interviewed") {
		return ""
	}
	m := pronounSubjectRe.FindStringIndex(lede)
	if m == nil || strings.ContainsAny(lede[:m[0]], ".!?") {
		return "" // the sentence before the pronoun is the lede's first
	}
	toks := nameTokens(lede[:m[0]])
	var name []string
	for i, t := range toks {
		r, _ := utf8.DecodeRuneInString(t.word)
		if !unicode.IsUpper(r) && !isArticle(t.word[:min(2, len(t.word))]) {
			break
		}
		if i == 0 && (englishRoleWords[strings.ToLower(t.word)] || isHonorificWord(t.word)) {
			continue
		}
		if i > 0 && strings.ContainsAny(lede[toks[i-1].end:t.start], ",;:()") {
			break
		}
		name = append(name, t.word)
	}
	if len(name) < 2 || len(name) > 4 || magazineRe.MatchString(strings.Join(name, " ")) {
		return ""
	}
	return strings.Join(name, " ")
}

// arabicRoleName reads the name an Arabic title opens with after a role
// that starts with a noun without the article ("مدير مرصد الهجرة حسين علي
// الزيدي: ..."), where the lede or the introduction confirms where the name
// starts: it writes the same name after another word ("... مدير مرصد
// الهجرة الداخلية حسين علي الزيدي عن ...", "ولد فؤاد حسين في خانقين") or
// opens a paragraph of the introduction with it. When they only write the
// same words before it ("وزير الخارجية فؤاد حسين" twice), nothing says
// where the role ends: "عميد كلية الآداب بغداد علي حسين" has the same shape.
func arabicRoleName(title, lede, intro string) string {
	if title == "" || title[0] < utf8.RuneSelf || lede == "" || len(title) > 400 {
		return ""
	}
	m := titleSubjectArRe.FindStringSubmatch(title)
	if m == nil || m[1] == "" {
		return ""
	}
	cand := trimText(m[1], "«»\"'“”")
	toks := nameTokens(cand)
	if len(toks) == 0 || !arabicRoleNouns[normalizeArabic(toks[0].word)] {
		return ""
	}
	name := arabicNameAfterRole(cand, toks)
	if name == "" {
		return ""
	}
	lastWord := func(s string) string {
		f := strings.Fields(s)
		if len(f) == 0 {
			return ""
		}
		return normalizeArabic(f[len(f)-1])
	}
	roleEnd := lastWord(cand[:len(cand)-len(name)])
	confirms := func(text string, opens bool) bool {
		for from := 0; from < len(text); {
			i := strings.Index(text[from:], name)
			if i < 0 {
				return false
			}
			i += from
			before := text[:i]
			if k := strings.LastIndexByte(before, '\n'); k >= 0 {
				before = before[k+1:]
			}
			if w := lastWord(before); w != "" && w != roleEnd || w == "" && opens {
				return true
			}
			from = i + len(name)
		}
		return false
	}
	if !confirms(lede, false) && !confirms(intro, true) {
		return ""
	}
	return name
}

// arabicNameAfterRole reads the name that ends an Arabic role and name
// whose role opens with a noun without the article: the role's last word
// has it ("... الهجرة"), then two or three given names without it, then the
// family name, with or without it: "مدير مرصد الهجرة حسين علي الزيدي"
// gives "حسين علي الزيدي", "وزير الخارجية فؤاد حسين" "فؤاد حسين". Without
// such a word ("رئيس جامعة بغداد علي الشكري") nothing tells where the name
// starts, and it returns "".
func arabicNameAfterRole(cand string, toks []nameToken) string {
	if len(toks) < 4 || len(toks) > 10 {
		return ""
	}
	definite := func(w string) bool {
		w = normalizeArabic(w)
		return strings.HasPrefix(w, "ال") || strings.HasPrefix(w, "وال") || strings.HasPrefix(w, "لل")
	}
	for k := len(toks) - 2; k >= 1 && len(toks)-k <= 4; k-- {
		w := toks[k].word
		if arabicNameStops[normalizeArabic(w)] || compoundNameHead[normalizeArabic(w)] {
			return ""
		}
		if !definite(w) {
			continue
		}
		if len(toks)-1-k < 2 || compoundNameHead[normalizeArabic(toks[k-1].word)] {
			return "" // one word after the role, or "عبد الأمير": a compound name, not a role's end
		}
		return cand[toks[k+1].start:toks[len(toks)-1].end]
	}
	return ""
}

// compoundNameHead are the words that make one name with the word after
// them: "عبد الأمير", "أبو الحسن".
var compoundNameHead = map[string]bool{"عبد": true, "ابو": true, "بن": true, "ابن": true, "ام": true}

// presentsWordRe is a word that presents the page, not the person: the
// "Interview" of "Interview: X on ...".
var presentsWordRe = regexp.MustCompile(`(?i)^(?:(?:exclusive\s+|in\s+)?(?:interview|q\s*&\s*a|conversation|dialog(?:ue)?|transcript)$|(?:` + arWord("حوار") + `|` + arWord("لقاء") + `|` + arWord("مقابلة") + `)$)`)

// relativeWords open a clause after a name, never a role.
var relativeWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{"who", "whom", "whose", "which", "that", "where", "when", "الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي"} {
		m[normalizeArabic(w)] = true
	}
	return m
}()

// publishedWords open the lede's clause that says where the interview
// appeared, after the name and its comma ("... مع الدكتور X، نشر في العدد
// (49) ...", "..., published in issue (49) ..."), folded.
var publishedWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{"published", "نشر", "نشرت", "ونشر", "المنشور", "المنشورة", "والمنشور"} {
		m[normalizeArabic(w)] = true
	}
	return m
}()

// topicWords open what a title says the person talks about, after the name
// and a comma ("Two of us and Prof. X, on the Mosul library"): a topic, not
// a role.
var topicWords = map[string]bool{"on": true, "about": true, "عن": true, "حول": true}

// roleAfter reads "..., head of the department, ..." after a name, or
// "... is a poet and translator from Najaf whose ...": up to the clause's
// end or its relative pronoun.
func roleAfter(after string) string {
	if rest, ok := cutIsA(after); ok {
		after = ", " + rest // read on as "X, a poet ..."
	} else if t := trimText(withoutLifeDates(after), ""); t != "" && t[0] >= utf8.RuneSelf {
		// "الدكتور X أستاذ النقد الأدبي في جامعة الكوفة، ...": a role
		// noun without its article right after the name says who X is.
		if w, _, _ := strings.Cut(t, " "); arabicRoleNouns[normalizeArabic(w)] && !strings.HasPrefix(normalizeArabic(w), "ال") {
			after = ", " + t
		} else if t != trimText(after, "") {
			return arabicWasRole(t) // "X (1931-2012) ...، كان معلماً": a biography's
		}
	}
	after = strings.TrimLeftFunc(after, unicode.IsSpace)
	if !strings.HasPrefix(after, ",") && !strings.HasPrefix(after, "،") {
		return ""
	}
	_, n := utf8.DecodeRuneInString(after)
	after = after[n:]
	if j := strings.IndexAny(after, ",،.;:\n"); j >= 0 {
		after = after[:j]
	}
	after = trimText(after, "")
	if w, _, _ := strings.Cut(after, " "); relativeWords[strings.ToLower(normalizeArabic(w))] || topicWords[strings.ToLower(normalizeArabic(w))] || speechVerbs[normalizeArabic(w)] ||
		publishedWords[strings.ToLower(normalizeArabic(w))] {
		return "" // "..., who has run it since ...": a clause, not a role; "..., on the Mosul library": what they talk about; "..., answered ...": the sentence's verb; "..., نشر في العدد (49) ...": where the interview was published
	}
	if w, _, _ := strings.Cut(after, " "); w == "and" || w == "but" || w == "or" {
		return "" // "..., and I have studied ...": the sentence goes on, no role
	}
	if containsAny(strings.ToLower(after), "issue", "العدد", "عددها") {
		return "" // "..., in its issue No. 52 ...": where the interview appeared, not who the person is
	}
	for _, art := range []string{"the ", "The ", "an ", "An ", "a ", "A "} {
		after = strings.TrimPrefix(after, art)
	}
	if words := strings.Fields(after); len(words) > 1 {
		if i := slices.IndexFunc(words[1:], func(w string) bool { return relativeWords[strings.ToLower(normalizeArabic(w))] }); i >= 0 {
			after = strings.Join(words[:i+1], " ") // "an ecologist who has studied ...": the role ends at its clause
		}
	}
	if k := durationAt(after); k > 0 {
		after = after[:k] // "schoolteacher in Abu al-Khasib for forty years": how long is no part of who
	}
	if n := len(strings.Fields(after)); n > 0 && n <= 16 {
		return after
	}
	return ""
}

// durationRe is how long someone has done what a role says: " for forty
// years", " for 20 years", " since 2009".
var durationRe = regexp.MustCompile(`\s(?:for\s+(?:(?:more|over|almost|nearly)\s+(?:than\s+)?)?(?:[0-9]+|a|an|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|sixty|many|several)\s+(?:\S+\s+)?(?:years|decades)|since\s+[0-9]{4})\b`)

// durationAt is where durationRe starts in role, or the Arabic " منذ "
// (since: "خطيب جامع الكوفة منذ عشرين عاماً"), 0 when nowhere.
func durationAt(role string) int {
	if i := strings.Index(role, " منذ "); i > 0 {
		return i
	}
	if !strings.Contains(role, " for ") && !strings.Contains(role, " since ") {
		return 0
	}
	if loc := durationRe.FindStringIndex(role); loc != nil {
		return loc[0]
	}
	return 0
}

// cutIsA cuts " is a " or " is an " off the start of the text after a
// name: "Nadia Fadhil is a poet ..." says who she is.
//
// A biography's life dates in brackets may stand between ("Hamid Saleh
// Jawad (1931–2012) was a schoolteacher ..."), and "was a" says it of
// someone no longer living.
func cutIsA(after string) (string, bool) {
	after = withoutLifeDates(after)
	for _, p := range []string{" is a ", " is an ", " was a ", " was an "} {
		if rest, ok := strings.CutPrefix(after, p); ok {
			return rest, true
		}
	}
	return after, false
}

// withoutLifeDates is the text after a name without the years in brackets
// that open it: " (1931–2012) was ...", " (b. 1960), ...", " (١٩٣١-٢٠١٢) ...".
func withoutLifeDates(after string) string {
	t := strings.TrimLeft(after, " ")
	if !strings.HasPrefix(t, "(") {
		return after
	}
	end := strings.IndexByte(t, ')')
	if end < 0 || end > 32 || strings.IndexFunc(t[:end], unicode.IsDigit) < 0 {
		return after
	}
	return " " + strings.TrimLeft(t[end+1:], " ")
}

// arabicWasRole is the role an Arabic biography gives with "كان"/"كانت"
// and a role noun in the accusative in the name's sentence: "X (1931-2012)
// من مواليد أبي الخصيب، كان معلماً في مدارسها" gives معلم. "" when none.
func arabicWasRole(after string) string {
	if i := strings.IndexAny(after, ".\n"); i >= 0 {
		after = after[:i]
	}
	words := strings.Fields(after)
	for i := 0; i+1 < len(words) && i < 12; i++ {
		if w := normalizeArabic(strings.TrimLeft(words[i], "،,")); w != "كان" && w != "كانت" {
			continue
		}
		noun := strings.TrimRight(words[i+1], "،,")
		noun = strings.TrimSuffix(strings.TrimSuffix(noun, "\u064b"), "ا") // the accusative's tanween: معلماً
		if arabicRoleNouns[normalizeArabic(noun)] {
			return noun
		}
	}
	return ""
}

// bylineOpenRe opens a byline field of a meta line: "By Ali Hussein",
// "بقلم: ...", and the credits shaped like a speaker's label, which only a
// meta line tells from a turn ("Interviewer: Welcome." is a turn):
// "Interviewer: X", "المحاور: X", "حوار: X". A byline on an interview names
// who wrote it up: the interviewer, when no credit line says otherwise.
var bylineOpenRe = regexp.MustCompile(`(?i)(?:^|\s)(?:by\s*:?|written\s+by\s*:?|` + arWord("بقلم") + `\s*:?|(?:interviewer|author|` + arWord("المحاور") + `|` + arWord("حوار") + `|` + arWord("كتب بواسطة") + `|` + arWord("بواسطة") + `|` + arWord("الكاتب") + `)\s*:)\s*`)

// staffWords are the words of a byline that names an office, not a person.
var staffWords = map[string]bool{"office": true, "staff": true, "editor": true, "editors": true, "editorial": true, "team": true,
	"desk": true, "admin": true, "administrator": true, "media": true, "newsroom": true, "webmaster": true, "correspondent": true,
	"المكتب": true, "الاعلامي": true, "الإعلامي": true, "التحرير": true, "هيئة": true, "المحرر": true, "الموقع": true, "اعلام": true, "إعلام": true, "مكتب": true}

// authorSpan reports a field of a meta line that is the whole text of an
// author element inside it: "30 October 2024 · <span
// class="author">Ahmed Nouri</span>".
func authorSpan(line *html.Node, field string) bool {
	if line == nil || len(field) > 80 {
		return false
	}
	for n := range line.Descendants() {
		if n.Type == html.ElementNode && n != line && authorElement(n) && !isBlockElement(n) && trimText(textOf(n), "") == field {
			return true
		}
	}
	return false
}

// authorElement reports the element a theme writes the post's author in,
// by its class or its parent's: "byline", "author", "vcard", Joomla's
// "createdby", or schema.org's itemprop="author".
func authorElement(n *html.Node) bool {
	for up := 0; n != nil && n.Type == html.ElementNode && up < 2; n, up = n.Parent, up+1 {
		c := strings.ToLower(attr(n, "class"))
		if strings.Contains(c, "byline") || strings.Contains(c, "author") || strings.Contains(c, "vcard") || strings.Contains(c, "createdby") ||
			hasAttrWord(n, "itemprop", "author") {
			return true // Joomla: <dd class="createdby" itemprop="author"><span itemprop="name">
		}
	}
	return false
}

// bareByline reports a byline's opening words on their own, the name in
// the next element: "<span>By</span> <span class="author">X</span>",
// Joomla's "كتب بواسطة: <span itemprop="name">X</span>". A blog's "Posted
// by" footer is not one (authorAsInterviewer reads it).
func bareByline(f string) bool {
	loc := bylineOpenRe.FindStringIndex(f)
	return loc != nil && loc[0] == 0 && loc[1] == len(f)
}

// bylineIn returns the person a byline among the meta lines names, or "":
// a field "By X" whose X reads as a person's name, not an office ("By Media
// office"), the site or the magazine.
func bylineIn(meta []block) string {
	for _, b := range meta {
		if len(b.text) > 300 {
			continue
		}
		fields, ofElements := metaFields(unglueMonth(b.text)), false
		if len(fields) == 1 && b.container != nil {
			if ef := elementFields(b.container, nil); len(ef) > 1 {
				// "<span class="article-author">X</span> <span>Mar 3,
				// 2023</span> ...": only the first may be the name alone.
				fields, ofElements = ef, true
			}
		}
		for k, f := range fields {
			if sc := scanVolatile(f); sc.first > 0 && strings.HasPrefix(f, "By ") {
				if _, _, isDate := dateField(f[sc.first:]); isDate {
					f = trimText(f[:sc.first], "") // "By Omar Faiq September 18, 2022"
				}
			}
			// The byline opens the field or follows the date ("Posted on
			// March 3, 2024 by Sarah Haddad").
			name := ""
			if n, rest, ok := bylineBefore(f); ok {
				if _, _, isDate := dateLine(rest); isDate {
					name = creditName(n) // "Submitted by X on Tue, 11/05/2024", "كتبه X في ..."
				}
			}
			loc := bylineOpenRe.FindStringIndex(f)
			if name == "" && loc != nil && loc[0] == 0 {
				name = creditName(f[loc[1]:]) // "By Lina Haddad", in an author element too
			}
			if name == "" && ((f == b.text || k == 0) && authorElement(b.container) || authorSpan(b.container, f) && (k == 0 || !ofElements || bareByline(fields[k-1])) ||
				ofElements && k > 0 && bareByline(fields[k-1])) && wordCount(f) >= 2 && !strings.HasPrefix(f, "The ") {
				// The name alone in the theme's author element, or first
				// on its line: <span class="author vcard">X</span>, <p
				// class="byline">X · 2 May 2024 · ...</p>; or the element
				// after a bare "By", whatever its class (Drupal's
				// "By <span class="field--name-uid">X</span>, <time>");
				// "The Dialogue Letter" is a publication.
				name = creditName(f)
			}
			if name == "" {
				if loc == nil || !creditMayStart(f[:loc[0]]) {
					continue
				}
				name = creditName(f[loc[1]:])
			}
			if name == "" || magazineRe.MatchString(name) || siteNameRe.MatchString(name) {
				continue
			}
			staff := false
			for _, w := range strings.Fields(name) {
				staff = staff || staffWords[strings.ToLower(w)]
			}
			if !staff {
				return name
			}
		}
	}
	return ""
}
