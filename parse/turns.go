package parse

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// interview is what turn detection makes of the content blocks.
type interview struct {
	convention  string  // QANameLabels, QARoleLabels, QABoldQuestions, QAHeadingQuestions
	pre         []block // blocks before the first turn: the lede and the introduction
	qa          []QA
	interviewer string   // the asker's label as first written ("" for typographic turns)
	labels      []string // every spelling of the answerer's label, in order
	roleLabels  bool     // the asker is labelled Q/س/سؤال, not by name
}

// findTurns tries every convention of turn-taking on the whole content and
// keeps the one that explains the most question/answer pairs: speaker
// labels (names or roles), then questions set apart in bold, then questions
// as headings. presents says the page calls itself an interview, which lets
// a typographic convention count with fewer question marks. It returns nil
// when no convention finds two pairs.
func findTurns(blocks []block, presents bool) *interview {
	best := labelTurns(blocks)
	for _, try := range []func([]block, bool) *interview{boldTurns, headingTurns} {
		if iv := try(blocks, presents); iv != nil && (best == nil || len(iv.qa) > len(best.qa)) {
			best = iv
		}
	}
	return best
}

// minAnswerRunes is how long answers are on average, at least, for labelled
// lines to be an interview rather than a list of "Time: ten" facts.
const minAnswerRunes = 30

// maxFuzzySpeakers bounds the fuzzy comparison of labels.
const maxFuzzySpeakers = 16

// speaker is one cluster of labels that name the same speaker.
type speaker struct {
	label    string   // first spelling seen
	spelling []string // every spelling seen, in order
	role     int      // roleAsks or roleAnswers for Q/A markers, 0 for names
	turns    int
	asks     int // turns ending in a question mark
	restLen  int
}

const (
	roleAsks    = 1
	roleAnswers = 2
)

// roleLabelRe reads a role label: Q:, A:, Question:, Answer:, س:, ج:, سؤال:,
// جواب:, numbered (س1:, ج 1:, Q1., A1), Q1-) with the number in any digits.
// A full stop or bracket after the marker needs the number ("A. Smith" is a
// name).
var roleLabelRe = regexp.MustCompile(`(?i)^(q|a|question|answer|` + arWord("س") + `|` + arWord("ج") + `|` + arWord("سؤال") + `|` + arWord("السؤال") + `|` +
	arWord("جواب") + `|` + arWord("الجواب") + `)\s*(` + digitClass + `{0,3})\s*([:：.)\-–])\s*`)

// roleLabel reads a role label at the start of a block, returning its role,
// its canonical spelling ("Q", "س") and the text after it.
func roleLabel(b block) (role int, label, rest string, ok bool) {
	text := trimText(b.text, "")
	if len(text) > 0 && text[0] < utf8.RuneSelf && !strings.ContainsAny(text[:1], "qQaA") {
		return 0, "", "", false
	}
	m := roleLabelRe.FindStringSubmatchIndex(text)
	if m == nil {
		return 0, "", "", false
	}
	marker, num, sep := text[m[2]:m[3]], text[m[4]:m[5]], text[m[6]:m[7]]
	if num == "" && sep != ":" && sep != "：" {
		return 0, "", "", false
	}
	rest = trimText(text[m[1]:], "")
	key := strings.ToLower(normalizeArabic(marker))
	switch key {
	case "q", "question", "س", "سؤال", "السؤال":
		role = roleAsks
	default:
		role = roleAnswers
	}
	return role, key, rest, true
}

// discourseLabels are phrases with a colon that open a sentence, never a
// speaker: "In short: ...", "خلاصة القول: ...".
var discourseLabels = func() map[string]bool {
	m := map[string]bool{}
	for _, s := range []string{"in short", "in brief", "in sum", "in a word", "finally", "note", "in other words", "that is",
		"for example", "for instance", "in conclusion", "briefly", "first", "second", "third",
		"خلاصة القول", "باختصار", "ملاحظة", "أخيرا", "اخيرا", "بمعنى آخر", "مثلا", "أولا", "ثانيا", "ثالثا", "الخلاصة"} {
		m[foldKey(s)] = true
	}
	return m
}()

// labelTurns finds the speakers named by labels and builds the ordered
// question/answer pairs. It returns nil when the blocks are not an
// interview: fewer than two speakers who each speak at least twice, or no
// one asking.
func labelTurns(blocks []block) *interview {
	type cand struct {
		label, rest string
	}
	cands := make([]cand, len(blocks))
	var speakers []speaker
	byKey := map[string]int{}
	folded := map[string]string{} // labels repeat word for word: fold a spelling once
	clusterOf := make([]int, len(blocks))
	for i, b := range blocks {
		clusterOf[i] = -1
		if b.level > 0 && b.bold == "" || linkDense(b) {
			continue // headings and link lists are not turns
		}
		role, l, r, ok := roleLabel(b)
		key := ""
		if ok {
			key = "\x00role" + string(rune('0'+role))
		} else {
			if l, r, ok = splitLabel(b); !ok {
				continue
			}
			var seen bool
			if key, seen = folded[l]; !seen {
				key = foldKey(l)
				folded[l] = key
			}
			if discourseLabels[key] {
				continue
			}
		}
		cands[i] = cand{l, r}
		found, seen := byKey[key]
		if !seen {
			found = -1
			// Fuzzy matching only among the first speakers: an interview has
			// a handful, and a hostile page must not make this quadratic.
			for s := 0; role == 0 && s < len(speakers) && s < maxFuzzySpeakers; s++ {
				if speakers[s].role == 0 && !interviewerRe.MatchString(key) && SameName(l, speakers[s].label) {
					found = s
					break
				}
			}
		}
		if found < 0 {
			speakers = append(speakers, speaker{label: l, role: role})
			found = len(speakers) - 1
		}
		byKey[key] = found
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
		if endsQuestion(r) {
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
		sp := speakers[s]
		if sp.role == roleAsks || sp.role == 0 && (interviewerRe.MatchString(foldKey(sp.label)) || magazineRe.MatchString(sp.label) && len(sp.label) < 40) {
			asker = s
			break
		}
	}
	if asker < 0 {
		for _, s := range real {
			if speakers[s].role != roleAnswers && speakers[s].asks*2 >= speakers[s].turns && (asker < 0 || speakers[s].asks > speakers[asker].asks) {
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
	iv := &interview{convention: QANameLabels, interviewer: speakers[asker].label, qa: make([]QA, 0, speakers[asker].turns+1)}
	if speakers[asker].role == roleAsks {
		iv.convention, iv.roleLabels = QARoleLabels, true
	}
	if speakers[answerer].role == 0 {
		iv.labels = speakers[answerer].spelling
	}
	var cur *QA
	role := 0 // 0 none yet, 1 asking, 2 answering
	pendingLabel := -1
	first := -1
	for i, b := range blocks {
		s := clusterOf[i]
		if s >= 0 && isReal(s) {
			if first < 0 {
				first = i
				iv.pre = blocks[:i]
			}
			rest := cands[i].rest
			if s == asker {
				if cur == nil || role == 2 || (role == 1 && cur.Question != "" && pendingLabel != s) {
					iv.qa = append(iv.qa, QA{})
					cur = &iv.qa[len(iv.qa)-1]
				}
				role = 1
				appendPara(&cur.Question, rest)
			} else {
				if cur == nil {
					iv.qa = append(iv.qa, QA{})
					cur = &iv.qa[len(iv.qa)-1]
				}
				if s != answerer && rest != "" {
					rest = cands[i].label + ": " + rest // a third speaker: keep who said it
				}
				role = 2
				appendPara(&cur.Answer, rest)
			}
			pendingLabel = -1
			if rest == "" {
				pendingLabel = s // the label stands alone; its text follows
			}
			continue
		}
		if first < 0 || linkDense(b) && b.level == 0 {
			continue
		}
		// An unlabelled paragraph, or a one-off "Someone: ..." line, continues
		// whoever spoke last.
		switch role {
		case 1:
			appendPara(&cur.Question, b.text)
		case 2:
			appendPara(&cur.Answer, b.text)
		}
		pendingLabel = -1
	}
	if len(iv.qa) == 0 {
		return nil
	}
	return iv
}

// appendPara adds a paragraph to a question or an answer.
func appendPara(dst *string, t string) {
	if t == "" {
		return
	}
	if *dst != "" {
		*dst += "\n\n"
	}
	*dst += t
}

// endsQuestion reports text ending in a question mark (Latin or Arabic),
// before any closing quote or bracket.
func endsQuestion(s string) bool {
	s = trimText(s, `"'”’»)]*`)
	return strings.HasSuffix(s, "?") || strings.HasSuffix(s, "؟")
}

// maxQuestionRunes bounds a question set apart by typography: longer bold
// or heading blocks are emphasis or sections, not questions.
const maxQuestionRunes = 400

// boldTurns reads questions set apart as whole bold paragraphs, each
// answered by the plain paragraphs after it. A bold phrase inside a
// paragraph is emphasis, not a question.
func boldTurns(blocks []block, presents bool) *interview {
	return typographicTurns(blocks, presents, QABoldQuestions, func(b block) bool {
		if !b.allBold || b.level > 0 || linkDense(b) || isIntroHeading(b.text) {
			return false
		}
		if _, rest, ok := splitLabel(b); ok && rest == "" && !endsSentence(b.text) {
			return false // a speaker's name alone on its line: labels, not bold questions
		}
		return true
	})
}

// headingTurns reads questions written as headings, each answered by the
// paragraphs after it.
func headingTurns(blocks []block, presents bool) *interview {
	return typographicTurns(blocks, presents, QAHeadingQuestions, func(b block) bool {
		return b.level > 0 && !isIntroHeading(b.text) && !linkDense(b)
	})
}

// typographicTurns pairs each block isQuestion accepts with the blocks up
// to the next one. The convention holds when at least two questions are
// answered and most of the questions end in a question mark (a question may
// end in "." or nothing: "Tell us about the first survey."), with three
// such question marks unless the page calls itself an interview: two bold
// subheadings ending in "?" do not make a news report an interview.
func typographicTurns(blocks []block, presents bool, convention string, isQuestion func(block) bool) *interview {
	questions, marks := 0, 0
	for _, b := range blocks {
		if isQuestion(b) && utf8.RuneCountInString(b.text) <= maxQuestionRunes {
			questions++
			if endsQuestion(b.text) {
				marks++
			}
		}
	}
	if questions < 2 || marks*2 < questions || marks < 3 && !presents {
		return nil
	}
	iv := &interview{convention: convention}
	first := -1
	for i, b := range blocks {
		if isQuestion(b) && utf8.RuneCountInString(b.text) <= maxQuestionRunes {
			if first < 0 {
				first = i
				iv.pre = blocks[:i]
			}
			iv.qa = append(iv.qa, QA{Question: b.text})
			continue
		}
		if first < 0 || linkDense(b) && b.level == 0 {
			continue
		}
		appendPara(&iv.qa[len(iv.qa)-1].Answer, b.text)
	}
	answered := 0
	for _, p := range iv.qa {
		if p.Answer != "" {
			answered++
		}
	}
	if answered < 2 {
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
