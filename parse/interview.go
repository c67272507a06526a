package parse

import (
	"regexp"
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
	text := b.text
	if b.bold != "" && strings.HasPrefix(text, b.bold) {
		bold := trimText(b.bold, "")
		after := strings.TrimLeftFunc(text[len(b.bold):], unicode.IsSpace)
		switch {
		case strings.HasSuffix(bold, ":") || strings.HasSuffix(bold, "："):
			label = trimText(strings.TrimRight(trimText(bold, ""), ":："), "")
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
	leadInRe = regexp.MustCompile(`(?i)^.*?\b(?:interview(?:ed)?\s+with|dialog(?:ue)?\s+with|conversation\s+with|talks?\s+with|interviews|with)\s+|^.*?(?:^|\s)(?:` +
		arWord("حوار مع") + `|` + arWord("حوارا مع") + `|` + arWord("لقاء مع") + `|` + arWord("مقابلة مع") + `|` +
		arWord("تحاور") + `|` + arWord("يحاور") + `|` + arWord("حاورت") + `|` + arWord("تلتقي") + `|` + arWord("التقت") + `|` + arWord("مع") + `)\s+`)
	// namedInterviewerRe finds the person who conducted the interview when the
	// page names them: "Conducted by: Ali Hussein Obaid", "حاوره: علي حسين عبيد".
	namedInterviewerRe = regexp.MustCompile(`(?i)(?:^|\s)(?:interview\s+)?(?:conducted|interviewed|moderated)\s+by\s*:?\s*|(?:^|\s)(?:` +
		arWord("حاوره") + `|` + arWord("حاورها") + `|` + arWord("حاورته") + `|` + arWord("أجرى الحوار") + `|` + arWord("أجرت الحوار") + `)\s*:\s*`)
)

// minAnswerRunes is how long answers are on average, at least, for labelled
// lines to be an interview rather than a list of "Time: ten" facts.
const minAnswerRunes = 30

// maxFuzzySpeakers bounds the fuzzy comparison of labels.
const maxFuzzySpeakers = 16

// speaker is one cluster of labels that name the same speaker.
type speaker struct {
	label    string   // first spelling seen
	spelling []string // every spelling seen, in order
	turns    int
	asks     int // turns ending in a question mark
	restLen  int
}

// turn is a labelled paragraph: who speaks, and what they say in it.
type turn struct {
	who  int // index into speakers, -1 for no speaker (a continuation)
	text string
}

// interview is what the turn finder makes of the content blocks.
type interview struct {
	pre         []block // blocks before the first turn
	qa          []QA
	interviewer string
	interviewee string   // label of the interviewee as first written
	labels      []string // every interviewee label spelling
	firstTurn   int
}

// findTurns finds the speakers of the content blocks and builds the ordered
// question/answer pairs. It returns nil when the blocks are not an interview:
// fewer than two speakers who each speak at least twice, or no one asking.
func findTurns(blocks []block) *interview {
	type cand struct {
		label, rest string
		ok          bool
	}
	cands := make([]cand, len(blocks))
	var speakers []speaker
	byKey := map[string]int{}
	byLabel := map[string]int{}
	clusterOf := make([]int, len(blocks))
	for i, b := range blocks {
		clusterOf[i] = -1
		if b.level > 0 && b.bold == "" {
			continue // headings are not turns
		}
		l, r, ok := splitLabel(b)
		if !ok {
			continue
		}
		cands[i] = cand{l, r, true}
		// Labels repeat word for word: fold a spelling only the first time.
		found, seen := byLabel[l]
		key := ""
		if !seen {
			key = foldKey(l)
			found, seen = byKey[key]
		}
		if !seen {
			found = -1
			// Fuzzy matching only among the first speakers: an interview has
			// a handful, and a hostile page must not make this quadratic.
			for s := 0; s < len(speakers) && s < maxFuzzySpeakers; s++ {
				if !interviewerRe.MatchString(key) && SameName(l, speakers[s].label) {
					found = s
					break
				}
			}
		}
		if found < 0 {
			speakers = append(speakers, speaker{label: l})
			found = len(speakers) - 1
		}
		if key != "" {
			byKey[key] = found
		}
		byLabel[l] = found
		sp := &speakers[found]
		sp.turns++
		if r == "" && i+1 < len(blocks) {
			r = blocks[i+1].text // a label on its own line: its text follows
		}
		// Only "is there something said" matters: count the first runes.
		sp.restLen += utf8.RuneCountInString(r[:min(len(r), 4*minAnswerRunes)])
		if !containsString(sp.spelling, l) {
			sp.spelling = append(sp.spelling, l)
		}
		if strings.HasSuffix(r, "?") || strings.HasSuffix(r, "؟") {
			sp.asks++
		}
		clusterOf[i] = found
	}
	// Speakers speak at least twice; one-off "Baghdad:" or "Speakers:" lines
	// and a colon at the start of a continuation paragraph are not turns.
	var real []int
	for s, sp := range speakers {
		if sp.turns >= 2 {
			real = append(real, s)
		}
	}
	if len(real) < 2 {
		return nil
	}
	asker := -1
	for _, s := range real {
		if interviewerRe.MatchString(foldKey(speakers[s].label)) || magazineRe.MatchString(speakers[s].label) && len(speakers[s].label) < 40 {
			asker = s
			break
		}
	}
	if asker < 0 {
		for _, s := range real {
			if speakers[s].asks*2 >= speakers[s].turns && (asker < 0 || speakers[s].asks > speakers[asker].asks) {
				asker = s
			}
		}
	}
	if asker < 0 {
		return nil
	}
	answerer := -1
	for _, s := range real {
		if s != asker && (answerer < 0 || speakers[s].turns > speakers[answerer].turns) {
			answerer = s
		}
	}
	// Answers say something: a list of "Time: 10:00 / Place: hall" pairs is
	// not an interview.
	if speakers[answerer].restLen < minAnswerRunes*speakers[answerer].turns {
		return nil
	}
	isReal := func(s int) bool {
		for _, r := range real {
			if r == s {
				return true
			}
		}
		return false
	}

	iv := &interview{interviewer: speakers[asker].label, interviewee: speakers[answerer].label,
		labels: speakers[answerer].spelling, firstTurn: -1, qa: make([]QA, 0, speakers[asker].turns+1)}
	var cur *QA
	role := 0 // 0 none yet, 1 asking, 2 answering
	pendingLabel := -1
	appendText := func(dst *string, t string) {
		if t == "" {
			return
		}
		if *dst != "" {
			*dst += "\n\n"
		}
		*dst += t
	}
	for i, b := range blocks {
		s := clusterOf[i]
		if s >= 0 && isReal(s) {
			if iv.firstTurn < 0 {
				iv.firstTurn = i
				iv.pre = blocks[:i]
			}
			rest := cands[i].rest
			if s == asker {
				if cur == nil || role == 2 || (role == 1 && cur.Question != "" && pendingLabel != s) {
					iv.qa = append(iv.qa, QA{})
					cur = &iv.qa[len(iv.qa)-1]
				}
				role = 1
				appendText(&cur.Question, rest)
			} else {
				if cur == nil {
					iv.qa = append(iv.qa, QA{})
					cur = &iv.qa[len(iv.qa)-1]
				}
				if s != answerer && rest != "" {
					// A third speaker: keep who said it.
					rest = cands[i].label + ": " + rest
				}
				role = 2
				appendText(&cur.Answer, rest)
			}
			pendingLabel = -1
			if rest == "" {
				pendingLabel = s // the label stands alone; its text follows
			}
			continue
		}
		if iv.firstTurn < 0 || linkDense(b) && b.level == 0 {
			continue
		}
		// An unlabelled paragraph, or a one-off "Someone: ..." line, continues
		// whoever spoke last.
		switch role {
		case 1:
			appendText(&cur.Question, b.text)
		case 2:
			appendText(&cur.Answer, b.text)
		}
		pendingLabel = -1
	}
	if len(iv.qa) == 0 {
		return nil
	}
	return iv
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

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

// personIn reads the interviewee from the label and the texts around it: the
// name as the title spells it (else the lede, else the label), every other
// spelling as an alias, and the role from the words around the name.
func personIn(iv *interview, title, lede, intro string) *Person {
	base := ""
	for _, l := range iv.labels {
		if !genericAnswerRe.MatchString(foldKey(l)) {
			base = stripHonorific(l)
			break
		}
	}
	if base == "" {
		base = nameAfterHonorific(title)
		if base == "" {
			base = nameAfterHonorific(lede)
		}
	}
	if base == "" {
		return nil
	}
	want := nameWords(base)
	var spellings []string
	add := func(list ...string) {
		for _, s := range list {
			s = trimText(s, "")
			if s != "" && !containsString(spellings, s) {
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
				add(n)
			}
		}
		add(findNameIn(t, toks, want)...)
	}
	for _, l := range iv.labels {
		if !genericAnswerRe.MatchString(foldKey(l)) {
			add(stripHonorific(l))
		}
	}
	if len(spellings) == 0 {
		return nil
	}
	// A spelling found inside a longer one ("Al-Najjar" in "Hassan Karim
	// Al-Najjar") is the same writing, not another spelling.
	kept := spellings[:0:0]
	for _, s := range spellings {
		inside := false
		for _, t := range spellings {
			if t != s && strings.Contains(t, s) {
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

// isHonorificWord reports a one-word honorific, lower-casing ASCII on the
// stack: this runs on every word of the introduction.
func isHonorificWord(w string) bool {
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
		end := start + 1
		for end < len(toks) && end-start < 4 {
			if strings.ContainsAny(text[toks[end-1].end:toks[end].start], ",،.:;()") {
				break
			}
			r, _ := utf8.DecodeRuneInString(toks[end].word)
			if r < 0x80 && !unicode.IsUpper(r) {
				break // a Latin name's words are capitalized; "which" is not
			}
			end++
		}
		out = append(out, text[toks[start].start:toks[end-1].end])
		i = end - 1
	}
	return out
}

// namedInterviewer returns the interviewer a page names, with the index of
// the block that names them, or "", -1.
func namedInterviewer(blocks []block) (string, int) {
	for i, b := range blocks {
		// The line is short; a cheap test spares the regexp the long paragraphs.
		if len(b.text) > 300 || !(strings.Contains(b.text, " by") || strings.Contains(b.text, "حاور") || strings.Contains(b.text, "الحوار")) {
			continue
		}
		loc := namedInterviewerRe.FindStringIndex(b.text)
		if loc == nil {
			continue
		}
		rest := b.text[loc[1]:]
		if j := strings.IndexAny(rest, ".,،;|()"); j >= 0 {
			rest = rest[:j]
		}
		words := strings.Fields(rest)
		if len(words) == 0 || len(words) > 6 {
			continue
		}
		return trimText(strings.Join(words, " "), ""), i
	}
	return "", -1
}

// roleAround reads the role next to the name in text: "Interview with the
// head of the Iraqi intelligence service, Mr. Mustafa Al-Kadhimi" gives "head
// of the Iraqi intelligence service"; "Mustafa Al-Kadhimi, head of ..., said"
// gives the words after the comma.
func roleAround(text string, spellings []string) string {
	for _, s := range spellings {
		i := strings.Index(text, s)
		if i < 0 {
			continue
		}
		before, _ := honorificBefore(text[:i])
		before = trimText(before, ",،:-–—")
		if before != "" {
			if m := leadInRe.FindStringIndex(before); m != nil {
				before = before[m[1]:]
			}
			before = trimText(before, ",،:-–—")
			before = strings.TrimPrefix(strings.TrimPrefix(before, "the "), "The ")
			if n := len(strings.Fields(before)); n > 0 && n <= 12 {
				return before
			}
			return ""
		}
		after := text[i+len(s):]
		after = strings.TrimLeftFunc(after, unicode.IsSpace)
		if strings.HasPrefix(after, ",") || strings.HasPrefix(after, "،") {
			_, n := utf8.DecodeRuneInString(after)
			after = after[n:]
			if j := strings.IndexAny(after, ",،.;:"); j >= 0 {
				after = after[:j]
			}
			after = trimText(after, "")
			after = strings.TrimPrefix(strings.TrimPrefix(after, "the "), "The ")
			if n := len(strings.Fields(after)); n > 0 && n <= 12 {
				return after
			}
		}
		return ""
	}
	return ""
}
