package parse

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
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
// text". Only turns are written so: a comment's "the dinar/ dollar rate"
// names no author.
func splitLabelAt(b block, slash bool) (label, rest string, ok bool) {
	text := b.text
	if b.bold != "" && strings.HasPrefix(text, b.bold) {
		bold := trimText(b.bold, "")
		after := strings.TrimLeftFunc(text[len(b.bold):], unicode.IsSpace)
		switch {
		case strings.HasSuffix(bold, ":") || strings.HasSuffix(bold, "："), slash && strings.HasSuffix(bold, "/") && after != "":
			label = trimText(strings.TrimRight(trimText(bold, ""), ":：/"), "")
			rest = after
		case strings.HasPrefix(after, ":"):
			label, rest = bold, after[1:]
		case after == "":
			label, rest = bold, "" // a label on a line of its own
		}
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
	if i <= 0 {
		return "", "", false
	}
	label = trimText(text[:i], "")
	if !looksLikeLabel(label) {
		return "", "", false
	}
	_, n := utf8.DecodeRuneInString(text[i:])
	rest = trimText(text[i+n:], "")
	if rest != "" && (rest[0] == '/' || rest[0] >= '0' && rest[0] <= '9') {
		return "", "", false // "http://", "10:30"
	}
	return label, rest, true
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

// magazineRe finds the magazine by the names it is known under.
var magazineRe = regexp.MustCompile(`(?i)dialog(?:ue)?\s+of\s+thought|thought\s+dialog(?:ue)?|` + arWord("حوار الفكر"))

var (
	issueEnRe = regexp.MustCompile(`(?i)\bissue\s*(?:no\.?|number|#)?\s*[(\[]?\s*(` + digitClass + `+(?:\s*[-–/&]\s*` + digitClass + `+)?)\s*[)\]]?`)
	issueArRe = regexp.MustCompile(`(?:` + arWord("العدد") + `|` + arWord("عدد") + `|` + arWord("عددها") + `)\s*(?:` + arWord("المزدوج") + `|` + arWord("الخاص") + `)?\s*(?:` + arWord("رقم") + `)?\s*[(\[]?\s*(` + digitClass + `+(?:\s*[-–/]\s*` + digitClass + `+)?)\s*[)\]]?`)
	// presentsRe is a title or lede that says the page is an interview.
	presentsRe = regexp.MustCompile(`(?i)\b(?:interview|dialog(?:ue)?\s+with|conversation\s+with|in\s+conversation)\b|` +
		arWord("حوار مع") + `|` + arWord("حوارا مع") + `|` + arWord("لقاء مع") + `|` + arWord("مقابلة") + `|` + arWord("أجرت") + `|` + arWord("حاورت") + `|` + arWord("حوار مجلة"))
	leadInRe = regexp.MustCompile(`(?i)^.*?\b(?:interview(?:ed)?\s+with|dialog(?:ue)?\s+with|conversation\s+with|talks?\s+with|interviews|interviewed|met|hosted|with)(?:\s+|$)|^.*?(?:^|\s)(?:` +
		arWord("حوار مع") + `|` + arWord("حوارا مع") + `|` + arWord("لقاء مع") + `|` + arWord("مقابلة مع") + `|` +
		arWord("تحاور") + `|` + arWord("يحاور") + `|` + arWord("حاورت") + `|` + arWord("حاور") + `|` + arWord("تلتقي") + `|` + arWord("التقت") + `|` + arWord("التقى") + `|` + arWord("استضافت") + `|` + arWord("خص") + `|` + arWord("مع") + `)(?:\s+|$)`)
	// ledeVerbRe is the verb of a lede that introduces the person interviewed:
	// "conducted an interview with", "spoke with", "met", "interviewed",
	// "أجرت ... حواراً مع", "حاورت", "التقت", "خصّ ... بحوار" (the person first).
	ledeVerbRe = regexp.MustCompile(`(?i)\b(?:conducted|held|had|did)\s+an?\s+(?:interview|dialog(?:ue)?|conversation)\s+with\s+|\b(?:spoke|talked|talks|speaks|sat\s+down)\s+(?:with|to)\s+|\bmet(?:\s+with)?\s+|\binterview(?:ed|s)?\s+(?:with\s+)?|\b(?:in\s+conversation|q&a|questions)\s+(?:with|to)\s+|` +
		`(?:` + arWord("حوارا") + `|` + arWord("حوار") + `|` + arWord("لقاء") + `|` + arWord("مقابلة") + `)\s+` + arWord("مع") + `\s+|(?:^|\s)(?:` + arWord("حاورت") + `|` + arWord("حاور") + `|` + arWord("التقت") + `|` + arWord("التقى") + `|` + arWord("استضافت") + `|` + arWord("خص") + `)\s+`)
	// namedInterviewerRe finds the person who conducted the interview when the
	// page names them: "Conducted by: Ali Hussein Obaid", "حاوره: علي حسين عبيد".
	namedInterviewerRe = regexp.MustCompile(`(?i)(?:^|\s)(?:interview\s+)?(?:conducted|interviewed|moderated)\s+by\s*:?\s*|(?:^|\s)(?:` +
		arWord("حاوره") + `|` + arWord("حاورها") + `|` + arWord("حاورته") + `|` + arWord("أجرى الحوار") + `|` + arWord("أجرت الحوار") + `)\s*:\s*`)
)

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
			if loc == nil && containsAny(t, "عد", "عـ") {
				loc = issueArRe.FindStringSubmatchIndex(t)
			}
			if loc != nil {
				mag.Issue = normalizeIssue(t[loc[2]:loc[3]])
				if text, ym, ok := MonthYear(t[loc[1]:]); ok {
					mag.DateText, mag.Date = text, ym
				}
			}
		}
	}
	if mag.Issue == "" && mag.Name == "" {
		return nil
	}
	return &mag
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

// personIn reads the interviewee from the answerer's labels and the texts
// around them: from the labels, else the name after an honorific in the
// title, else the person the lede says was interviewed ("met Dr. ...",
// "حاورت ... الدكتورة ..."). The fullest spelling seen in the title or lede
// is the name; every other spelling, the labels' short forms ("Al-Rubaie:")
// included, is an alias; the words around the name are the role.
func personIn(labels []string, title, lede, intro string) *Person {
	base := ""
	for _, l := range labels {
		if !genericAnswerRe.MatchString(foldKey(l)) {
			base = stripHonorific(l)
			break
		}
	}
	if base == "" {
		base = nameAfterHonorific(title)
	}
	if base == "" {
		base = intervieweeInLede(lede)
	}
	if base == "" {
		base = intervieweeInLede(title) // "Interview with Ali Hussein Obaid"
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
	for _, t := range []string{title, lede, intro} {
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
	for _, l := range labels {
		if !genericAnswerRe.MatchString(foldKey(l)) {
			add(true, stripHonorific(l))
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
	p.Role = roleAround(title, spellings)
	if p.Role == "" {
		p.Role = roleAround(lede, spellings)
	}
	return p
}

// intervieweeInLede returns the name of the person the lede says the
// magazine interviewed: after "conducted an interview with", "spoke with",
// "met", "أجرت ... حواراً مع", "حاورت", "التقت", the name that follows an
// honorific, or (in Latin script) the capitalized words that follow.
func intervieweeInLede(lede string) string {
	for _, m := range ledeVerbRe.FindAllStringIndex(lede, 3) {
		rest := lede[m[1]:]
		if len(rest) > 240 {
			rest = rest[:240]
		}
		if n := nameAfterHonorific(rest); n != "" {
			return n
		}
		toks := nameTokens(rest)
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
	}
	return ""
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

// arabicNameStops are words that end an Arabic name written after an
// honorific, since Arabic has no capitals to tell: the magazine, a
// preposition, a relative pronoun.
var arabicNameStops = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{"مجلة", "المجلة", "في", "عن", "على", "مع", "إلى", "الى", "من", "الذي", "التي", "بحوار", "حوارا", "حول", "و", "وهو", "وهي"} {
		m[normalizeArabic(w)] = true
	}
	return m
}()

// interviewerLine reads a line that names who conducted the interview:
// "Conducted by: Ali Hussein Obaid", "Interview conducted by Haider
// Salman", "Interviewed by Sarah Haddad", "حاوره: ...", "أجرى الحوار: ...".
// The credit opens the line, or follows the post's date on a meta line
// ("January 7, 2026 - Interview conducted by ..."); a sentence that mentions
// an interview conducted by someone is not a credit.
func interviewerLine(text string) (string, bool) {
	// The line is short; a cheap test spares the regexp the long paragraphs.
	if len(text) > 300 || !(strings.Contains(text, " by") || strings.Contains(text, "حاور") || strings.Contains(text, "الحوار")) {
		return "", false
	}
	loc := namedInterviewerRe.FindStringIndex(text)
	if loc == nil {
		return "", false
	}
	if prefix := trimText(text[:loc[0]], volatileTrim+" "); prefix != "" {
		if _, _, isDate := dateLine(prefix); !isDate && !isVolatile(prefix) {
			return "", false
		}
	}
	rest := text[loc[1]:]
	if j := strings.IndexAny(rest, ".,،;|()"); j >= 0 {
		rest = rest[:j]
	}
	words := strings.Fields(rest)
	if len(words) == 0 || len(words) > 6 {
		return "", false
	}
	return trimText(strings.Join(words, " "), ""), true
}

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
		before, _ := honorificBefore(text[:i])
		before = trimText(before, ",،:-–—")
		if m := leadInRe.FindStringIndex(before); m != nil {
			before = before[m[1]:]
		}
		if m := magazineRe.FindStringIndex(before); m != nil {
			before = before[m[1]:]
		}
		before = trimText(before, ",،:-–—")
		before = strings.TrimPrefix(strings.TrimPrefix(before, "the "), "The ")
		after := roleAfter(text[i+len(s):])
		nb := len(strings.Fields(before))
		switch {
		case nb > 12:
			return "" // a sentence, not a role
		case nb >= 2 || nb == 1 && after == "":
			return before
		}
		return after // "" when the name stands alone
	}
	return ""
}

// roleAfter reads "..., head of the department, ..." after a name.
func roleAfter(after string) string {
	after = strings.TrimLeftFunc(after, unicode.IsSpace)
	if !strings.HasPrefix(after, ",") && !strings.HasPrefix(after, "،") {
		return ""
	}
	_, n := utf8.DecodeRuneInString(after)
	after = after[n:]
	if j := strings.IndexAny(after, ",،.;:"); j >= 0 {
		after = after[:j]
	}
	after = trimText(after, "")
	for _, art := range []string{"the ", "The ", "an ", "An ", "a ", "A "} {
		after = strings.TrimPrefix(after, art)
	}
	if n := len(strings.Fields(after)); n > 0 && n <= 16 {
		return after
	}
	return ""
}
