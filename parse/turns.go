package parse

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// interview is what turn detection makes of the content blocks.
type interview struct {
	convention  string  // QANameLabels, QARoleLabels, QABoldQuestions, QAHeadingQuestions
	pre         []block // blocks before the first turn: the lede and the introduction
	qa          []QA
	interviewer string   // the asker's label as first written when it names a person ("" for the magazine, Q:, typographic turns)
	labels      []string // every spelling of the answerer's label, in order
	roleLabels  bool     // the asker is labelled Q/س/سؤال, not by name
	panel       bool     // a round table: several guests answer, each answer keeps its speaker's label
	closing     []string // what follows the last answer under a heading of its own ("About the interviewer" and its box): the post's, nobody's answer
	tail        tailMark // where the last heading between turns stood
}

// tailMark is where a heading between turns stood: after tailAt bytes of
// the answer of pair qa (1-based; 0 when no heading has stood since the
// last turn began).
type tailMark struct {
	qa, at int
	head   string
}

// markHeading notes a heading met inside the answer being read.
func (iv *interview) markHeading(head string) {
	if n := len(iv.qa); n > 0 && iv.qa[n-1].Answer != "" {
		iv.tail = tailMark{qa: n, at: len(iv.qa[n-1].Answer), head: head}
	}
}

// cutClosing takes off the last answer what follows a heading after
// which no turn came: a box that closes the post ("About the interviewer"
// and a line about her), not the interviewee's words.
func (iv *interview) cutClosing() {
	t := iv.tail
	if t.qa == 0 || t.qa != len(iv.qa) {
		return
	}
	a := &iv.qa[t.qa-1]
	rest := strings.TrimSpace(a.Answer[t.at:])
	if rest == "" {
		return
	}
	iv.closing = append([]string{t.head}, strings.Split(rest, "\n\n")...)
	a.Answer = strings.TrimSpace(a.Answer[:t.at])
}

// findTurns tries every convention of turn-taking on the whole content and
// keeps the one that explains the most question/answer pairs: speaker
// labels (names or roles), then questions set apart in bold, as headings,
// by some other markup or by a number. presents says the page calls itself
// an interview, which lets a typographic convention count with fewer
// question marks. A page that writes a question and its answer in one
// paragraph ("<b>س: ...؟</b> ج: ...") is read again with such paragraphs
// split in two, and that reading is kept when it explains more pairs. It
// returns nil when no convention finds two pairs.
func findTurns(blocks []block, presents bool) *interview {
	if labelled, ok := spanLabels(blocks); ok {
		blocks = labelled
	}
	if plain, ok := dropTimestamps(blocks); ok {
		blocks = plain
	}
	if labelled, ok := bareLabels(blocks); ok {
		blocks = labelled
	}
	if asked, ok := askerLines(blocks); ok {
		blocks = asked
	}
	best := conventionTurns(blocks, presents)
	if split, ok := splitTurns(blocks); ok {
		if iv := conventionTurns(split, presents); iv != nil && (best == nil || len(iv.qa) > len(best.qa)) {
			best = iv
		}
	}
	if best != nil && columnHeads(best.qa[0]) {
		// A table's header row in plain cells ("<td>السؤال</td><td>الجواب</td>")
		// names the columns: no pair.
		if best.qa = best.qa[1:]; len(best.qa) < 2 {
			return nil
		}
	}
	return best
}

// columnHeads reports a pair that is only the words for a question and an
// answer: "السؤال" / "الجواب", "Question" / "Answer".
func columnHeads(p QA) bool {
	return len(p.Question) <= 24 && len(p.Answer) <= 24 &&
		roleWords[foldKey(trimText(p.Question, ":"))] == roleAsks && roleWords[foldKey(trimText(p.Answer, ":"))] == roleAnswers
}

// bareLabels returns blocks with a colon after the speakers' names that a
// theme writes alone on their line, without one, before each turn: a chat
// layout's "<span class="who">Sara Mousa</span>" over her words, a
// transcript's "INTERVIEWER" line. Such lines are short (a label's length,
// no closing punctuation, no link), two speakers or more write two of them
// or more each, each is followed by text, and the speakers take turns. In
// a description list the <dt> is the label and the <dd> the text, however
// short ("<dt>Karim Aboud</dt><dd>Walnut</dd>").
func bareLabels(blocks []block) ([]block, bool) {
	isBare := make([]bool, len(blocks))
	n := 0
	for i, b := range blocks {
		t := b.text
		if b.level > 0 || b.linkRunes > 0 || t == "" || len(t) > 4*maxLabelRunes || utf8.RuneCountInString(t) > maxLabelRunes || wordCount(t) > 5 {
			continue
		}
		r, _ := utf8.DecodeLastRuneInString(t)
		switch b.tag {
		case atom.Dd:
			continue // a description list's text ("<dd>Walnut</dd>"), however short, is said by its <dt>
		case atom.Dt:
			isBare[i] = !strings.ContainsAny(t, ":：") // the term is the label, whatever it ends with
		default:
			isBare[i] = !unicode.IsPunct(r) && !unicode.IsDigit(r)
		}
		if isBare[i] {
			n++
		}
	}
	if n < 4 {
		return blocks, false
	}
	count := map[string]int{}
	var seq []string
	for i := 0; i+1 < len(blocks); i++ {
		if isBare[i] && !isBare[i+1] {
			k := foldKey(blocks[i].text)
			count[k]++
			seq = append(seq, k)
		}
	}
	if !takeTurns(count, seq) {
		return blocks, false // the same line again and again: not a dialogue
	}
	out := slices.Clone(blocks)
	for i := 0; i+1 < len(out); i++ {
		if isBare[i] && !isBare[i+1] && count[foldKey(out[i].text)] >= 2 {
			out[i].text += ":"
		}
	}
	return out, true
}

// askerRe is the line an ask blog (Tumblr, Curious Cat) opens each reader's
// question with: "anonymous asked:", "reedboat-fan asked:", "Sara asks:",
// "سأل مجهول:", the question after it or on the next line.
var askerRe = regexp.MustCompile(`^(?:[\p{L}\p{N}_.\-']+(?: [\p{L}\p{N}_.\-']+){0,2} (?:asked|asks)|(?:سأل|سألت|يسأل|تسأل)(?: [\p{L}\p{N}_]+){1,3})\s*:\s*`)

// hasColon reports a line with a colon in it (a label written with one).
func hasColon(text string) bool { return strings.ContainsAny(text, ":：") }

// askerLine reports a block that opens with an asker's line (askerRe);
// the substring test spares the regexp nearly every block.
func askerLine(text string) bool {
	return (strings.Contains(text, " ask") || strings.Contains(text, "سأل")) && askerRe.MatchString(text)
}

// askerLines returns blocks with the question and answer of an ask blog
// labelled as such: each "NAME asked:" line (askerRe) gives its text, or
// the next block, as a question ("Q: ...") and the block after it as the
// start of the blog's answer ("A: ..."), which runs on to the next asker.
// Two askers at least; the asker's name is no part of the question.
func askerLines(blocks []block) ([]block, bool) {
	n := 0
	for _, b := range blocks {
		if b.level == 0 && len(b.text) < 4*maxLabelRunes && askerLine(b.text) {
			n++
		}
	}
	if n < 2 {
		return blocks, false
	}
	out := make([]block, 0, len(blocks))
	for i := 0; i < len(blocks); i++ {
		b := blocks[i]
		loc := askerRe.FindStringIndex(b.text)
		if b.level > 0 || loc == nil {
			out = append(out, b)
			continue
		}
		if rest := b.text[loc[1]:]; rest != "" {
			b.text = "Q: " + rest
		} else if i+1 < len(blocks) && !askerLine(blocks[i+1].text) {
			i++
			b = blocks[i]
			b.text = "Q: " + b.text
		} else {
			continue
		}
		b.bold = ""
		out = append(out, b)
		if i+1 < len(blocks) && blocks[i+1].level == 0 && !askerLine(blocks[i+1].text) {
			i++
			a := blocks[i]
			a.text, a.bold = "A: "+a.text, ""
			out = append(out, a)
		}
	}
	return out, true
}

// takeTurns reports labels that make a dialogue: two speakers or more
// who each speak twice or more (count, by folded label), four turns at
// least (seq, in order), and the speaker changing at two turns in three.
func takeTurns(count map[string]int, seq []string) bool {
	speakers := 0
	for _, n := range count {
		if n >= 2 {
			speakers++
		}
	}
	if speakers < 2 || len(seq) < 4 {
		return false
	}
	turns := 0
	for i := 1; i < len(seq); i++ {
		if seq[i] != seq[i-1] {
			turns++
		}
	}
	return turns*3 >= (len(seq)-1)*2
}

// timestampRe is the time a transcript prints before each turn:
// "[00:01:12] Host: ...", "(12:40) ...", "00:02:47 — ...", a caption
// file's "00:00:14.200".
var timestampRe = regexp.MustCompile(`^[\[(]?` + digitClass + `{1,2}:` + digitClass + `{2}(?::` + digitClass + `{2})?(?:[.,]` + digitClass + `{1,3})?[\])]?(?:\s*[-–—|]\s*|\s+)`)

// spanLabels returns blocks with a colon after the speaker's name that a
// transcript sets in an element of its own at the start of each turn,
// after its time at most, with no colon: a caption file's cue
// "<span class="t">00:00:14.200</span> <span class="spk">HOST</span>
// <span class="txt">...</span>". Such names are short (a label's length,
// no closing punctuation), a space parts them from the text, two speakers
// or more write two turns or more each, and they take turns.
func spanLabels(blocks []block) ([]block, bool) {
	at := make([]int, len(blocks)) // the label's end in the block's text, 0 when none
	keys := make([]string, len(blocks))
	count := map[string]int{}
	var seq []string
	for i, b := range blocks {
		if b.level > 0 || b.container == nil || b.text == "" || b.text[0] < utf8.RuneSelf && !unicode.IsLetter(rune(b.text[0])) && timestampRe.FindStringIndex(b.text) == nil {
			continue
		}
		label := leadingElementText(b.container, b.text)
		if label == "" {
			continue
		}
		end := strings.Index(b.text, label) + len(label)
		at[i] = end
		k := foldKey(label)
		keys[i] = k
		count[k]++
		seq = append(seq, k)
	}
	if !takeTurns(count, seq) {
		return blocks, false
	}
	out := slices.Clone(blocks)
	for i, end := range at {
		if end > 0 && count[keys[i]] >= 2 {
			out[i].text = out[i].text[:end] + ":" + out[i].text[end:]
		}
	}
	return out, true
}

// leadingElementText is the text of the element child of c that opens
// text, after a time in an element of its own, when it is a speaker's
// name: an element that is no link, one to five words of a label's length
// that end in no punctuation, and a space and more text after it; else "".
func leadingElementText(c *html.Node, text string) string {
	first := c.FirstChild
	for first != nil && first.Type == html.TextNode && strings.TrimSpace(first.Data) == "" {
		first = first.NextSibling
	}
	if first == nil || first.Type != html.ElementNode || first.NextSibling == nil {
		return "" // most paragraphs open with their text: spare them textOf
	}
	var kids []*html.Node
	for e := c.FirstChild; e != nil && len(kids) < 3; e = e.NextSibling {
		if e.Type == html.ElementNode && strings.TrimSpace(textOf(e)) != "" {
			kids = append(kids, e)
		}
	}
	if len(kids) == 0 {
		return ""
	}
	k := 0
	if ts := strings.TrimSpace(textOf(kids[0])); timestampRe.MatchString(ts+" ") && len(timestampRe.FindString(ts+" ")) == len(ts)+1 {
		k = 1
	}
	if k >= len(kids) || kids[k].DataAtom == atom.A {
		return ""
	}
	label := strings.Join(strings.Fields(textOf(kids[k])), " ")
	if label == "" || utf8.RuneCountInString(label) > maxLabelRunes || wordCount(label) > 5 || utf8.RuneCountInString(label) < 2 {
		return ""
	}
	if r, _ := utf8.DecodeLastRuneInString(label); unicode.IsPunct(r) || unicode.IsDigit(r) {
		return ""
	}
	i := strings.Index(text, label)
	if i < 0 || i+len(label) >= len(text) || text[i+len(label)] != ' ' || strings.TrimSpace(text[:i]) != "" && k == 0 {
		return ""
	}
	return label
}

// dropTimestamps returns blocks without the time a transcript opens each
// turn with, when at least three blocks and most of those with a colon
// after their first words open with one: "[00:00:20] Ammar Jawad: At the
// Sarai gauge ..." is Ammar Jawad's turn. A chapter list ("03:15 How the
// market began") has no labels, and a single time is a line's own.
func dropTimestamps(blocks []block) ([]block, bool) {
	n, labelled := 0, 0
	for _, b := range blocks {
		if len(b.text) == 0 || b.text[0] != '[' && b.text[0] != '(' && (b.text[0] < '0' || b.text[0] > '9') {
			continue
		}
		if loc := timestampRe.FindStringIndex(b.text); loc != nil {
			n++
			if _, _, ok := splitLabel(block{text: b.text[loc[1]:]}); ok {
				labelled++
			}
		}
	}
	if n < 3 || labelled*2 < n {
		return nil, false
	}
	out := make([]block, len(blocks))
	for i, b := range blocks {
		if loc := timestampRe.FindStringIndex(b.text); loc != nil {
			b.text = b.text[loc[1]:]
		}
		out[i] = b
	}
	return out, true
}

// conventionTurns is findTurns on blocks as they are.
func conventionTurns(blocks []block, presents bool) *interview {
	best := labelTurns(blocks)
	for _, try := range []func([]block, bool) *interview{boldTurns, headingTurns, styledTurns} {
		if iv := try(blocks, presents); iv != nil && (best == nil || len(iv.qa) > len(best.qa)) {
			best = iv
		}
	}
	if presents && (best == nil || markedQuestions(blocks) > len(best.qa)) {
		// Question marks alone can explain more pairs only when more
		// paragraphs end in one than the pairs found.
		if iv := markedTurns(blocks, presents); iv != nil && (best == nil || len(iv.qa) > len(best.qa)) {
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
	askLike  int // turns that ask (askLike)
	restLen  int
}

const (
	roleAsks    = 1
	roleAnswers = 2
)

// roleLabelRe reads a role label: Q:, A:, Question:, Answer:, س:, ج:, سؤال:,
// جواب:, المحاور:, الضيف:, پرسیار:, وەڵام:, numbered (س1:, ج 1:, Q1., A1), Q1-) with the number in any digits
// or in words ("السؤال الأول:").
// A full stop or bracket after the marker needs the number ("A. Smith" is a
// name).
var roleLabelRe = regexp.MustCompile(`(?i)^(q|a|question|answer|` + arWords(roleMarkers) + `|` + arWords(narratedAsks) + `|` + arWords(narratedAnswers) + `)\s*(` + digitClass + `{0,3}|` + arOrdinals + `)\s*([:：.)\-–—/])\s*`)

// roleMarkers are the Arabic and Sorani role markers roleLabelRe reads
// (question, answer, the interviewer, the guest).
var roleMarkers = []string{"س", "ج", "سؤال", "السؤال", "جواب", "الجواب", "المحاور", "الضيف", "الضيفة", "پرسیار", "وەڵام"}

// roleLabelHeads are the first letters, five at most, of the Arabic and
// Sorani words roleLabelRe reads, as appendHead writes them. The regexp
// (about 1.6 µs a call whatever the text) is not run on a paragraph whose
// own first letters open none of them: most Arabic paragraphs open with an
// alef, as five of its words do, and many with "السيد" or "الم".
var roleLabelHeads = func() []string {
	var heads []string
	for _, list := range [][]string{roleMarkers, narratedAsks, narratedAnswers} {
		for _, w := range list {
			heads = append(heads, string(appendHead(nil, w)))
		}
	}
	return heads
}()

// appendHead appends the letters s opens with, five at most, to dst, the
// marks normalizeArabic drops left out and any alef written ا: what
// arWord's pattern for a word matches, and more.
func appendHead(dst []byte, s string) []byte {
	n := 0
	for _, r := range s {
		if r = normalizeArabicRune(r); r < 0 {
			continue
		}
		if n++; n > 5 || !unicode.IsLetter(r) {
			break
		}
		dst = utf8.AppendRune(dst, r)
	}
	return dst
}

// opensRoleWord reports a text whose first letters open one of the words
// of roleLabelHeads.
func opensRoleWord(text string) bool {
	var buf [16]byte
	head := appendHead(buf[:0], text)
	for _, h := range roleLabelHeads {
		if len(head) >= len(h) && string(head[:len(h)]) == h {
			return true
		}
	}
	return false
}

// arOrdinals are the ordinal words that number an Arabic question or answer
// in words ("السؤال الأول:", "السؤال الحادي عشر:"), as a pattern.
var arOrdinals = func() string {
	var alts []string
	for _, w := range []string{"الحادي عشر", "الثاني عشر", "الثالث عشر", "الرابع عشر", "الخامس عشر", "الأول", "الثاني", "الثالث", "الرابع",
		"الخامس", "السادس", "السابع", "الثامن", "التاسع", "العاشر", "الأخير"} {
		alts = append(alts, arWord(w))
	}
	return strings.Join(alts, "|")
}()

// roleLabel reads a role label at the start of a block, returning its role,
// its canonical spelling ("q", "س") and the text after it. A role word
// set in bold, or alone in its block, needs no separator: "<b>س</b> كيف
// ...", "<b>Q</b> How ...", "<td>ج</td>".
func roleLabel(b block) (role int, label, rest string, ok bool) {
	text := trimText(b.text, "")
	if b.bold != "" && strings.HasPrefix(b.text, b.bold) {
		word := strings.TrimRightFunc(trimText(b.bold, ":：.-–—/)"), func(r rune) bool { return asciiDigit(r) != r || r >= '0' && r <= '9' || unicode.IsSpace(r) })
		if key := strings.ToLower(normalizeArabic(word)); roleWords[key] != 0 {
			rest := strings.TrimLeftFunc(b.text[len(b.bold):], func(r rune) bool {
				return unicode.IsSpace(r) || isDirectionMark(r) || strings.ContainsRune(":：.-–—/)", r)
			})
			return roleWords[key], key, trimText(rest, ""), true
		}
	}
	if len(text) > 0 && text[0] < utf8.RuneSelf && !strings.ContainsAny(text[:1], "qQaA") {
		return 0, "", "", false
	}
	if len(text) <= 16 {
		// A marker alone in its block (a table cell, a line): its text follows.
		if key := strings.ToLower(normalizeArabic(trimText(text, ":：.-–—/"))); roleWords[key] != 0 {
			return roleWords[key], key, "", true
		}
	}
	if text != "" && text[0] >= utf8.RuneSelf && !opensRoleWord(text) {
		return 0, "", "", false
	}
	m := roleLabelRe.FindStringSubmatchIndex(text)
	if m == nil {
		return 0, "", "", false
	}
	marker, num, sep := text[m[2]:m[3]], text[m[4]:m[5]], text[m[6]:m[7]]
	if num == "" && sep != ":" && sep != "：" {
		// "س- ...", "ج/ ...", "Q - ...": a dash or a slash after a bare
		// marker, which an Arabic letter alone never is and a Latin one
		// is when a space sets it off ("A-level" is a word).
		spaced := m[6] > m[3] || m[1] > m[7]
		switch {
		case sep == "." && len(marker) <= 2 && m[1] > m[7]:
			// "Q. How ...", "A. It began ...", but "A. Smith: ..." is a name.
			if l, _, isName := splitLabel(block{text: text}); isName && wordCount(l) <= 3 {
				return 0, "", "", false
			}
		case !strings.ContainsAny(sep, "-–—/") || marker[0] < utf8.RuneSelf && !spaced:
			return 0, "", "", false
		}
	}
	rest = trimText(text[m[1]:], "")
	key := strings.ToLower(normalizeArabic(marker))
	return roleWords[key], key, rest, true
}

// roleWords are the role markers, folded, and the role each stands for.
var roleWords = func() map[string]int {
	m := map[string]int{
		"q": roleAsks, "question": roleAsks, "س": roleAsks, "سؤال": roleAsks, "السؤال": roleAsks,
		"a": roleAnswers, "answer": roleAnswers, "ج": roleAnswers, "جواب": roleAnswers, "الجواب": roleAnswers,
		// The Arabic press's "the interviewer" and "the guest", and Sorani
		// Kurdish's question and answer (پرسیار، وەڵام): roles, not names.
		"المحاور": roleAsks, "الضيف": roleAnswers, "الضيفة": roleAnswers, "پرسیار": roleAsks, "وەڵام": roleAnswers,
	}
	for _, w := range narratedAsks {
		m[normalizeArabic(w)] = roleAsks
	}
	for _, w := range narratedAnswers {
		m[normalizeArabic(w)] = roleAnswers
	}
	return m
}()

// narratedAsks and narratedAnswers are the verbs an Arabic write-up labels
// its turns with when it tells them ("<b>سألناه:</b> ...؟", "<b>أجاب:</b>
// ..."): "we asked him", "he answered", "he said". They name no one, so
// they are roles like س and ج, and the interviewee is the person the title
// or lede names.
var (
	narratedAsks    = []string{"سألناه", "سألناها", "سألته", "سألتها", "سألنا", "قلنا", "قلنا له", "قلنا لها"}
	narratedAnswers = []string{"أجاب", "أجابت", "أجابنا", "أجابتنا", "قال", "قالت", "رد", "ردت"}
)

// arWords is arWord for each of words, as alternatives.
func arWords(words []string) string {
	alts := make([]string, len(words))
	for i, w := range words {
		alts[i] = arWord(w)
	}
	return strings.Join(alts, "|")
}

// magazineLabelRe are speaker labels, folded, that stand for the magazine,
// the institute or the role of asking, not for a person: "Dialogue of
// Thought", "Hewar", "The magazine", "حوار الفكر", "المجلة", "المعهد", "Q",
// "س", a podcast's "HOST". Such a label never names the interviewer.
var magazineLabelRe = regexp.MustCompile(`^(?:(?:the\s+)?(?:q|question|questions|interviewer|host|presenter|moderator|editor|editors|editorial|magazine|dialog(?:ue)?|` + magazineNameEn + `|hewar|hiwar|institute|iraqi\s+institute\s+for\s+dialog(?:ue)?|iid)(?:\s+magazine)?$|` +
	`(?:س|سؤال|السؤال|المحاور|المحرر|التحرير|هيئة التحرير|المجلة|مجلة|حوار|الحوار|حوار الفكر|مجلة حوار الفكر|ح\.? ?ف\.?|المعهد|المعهد العراقي للحوار|معهد الحوار)$)`)

// hostWords are a broadcast's labels for its asker, folded: a role, like
// "Q", that names nobody.
var hostWords = map[string]bool{"host": true, "the host": true, "presenter": true, "moderator": true, "المقدم": true, "المذيع": true,
	"interviewer": true, "the interviewer": true}

// speaksForMagazine reports a speaker label that names no person: the
// magazine, the institute, the editors, or a question marker.
func speaksForMagazine(label string) bool {
	if len(label) < 40 && magazineRe.MatchString(label) {
		return true
	}
	return magazineLabelRe.MatchString(foldKey(trimText(label, ".:")))
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

// officeWords are the offices a speaker's label may put before a family
// name as an honorific stands ("Minister Al-Badrani:", "Governor Hadi:"),
// folded; Arabic writes them with the article (arabicRoleNouns).
var officeWords = map[string]bool{"minister": true, "president": true, "governor": true, "deputy": true, "general": true, "mp": true, "imam": true, "mayor": true, "dean": true}

// withoutOffice drops the office a label opens with, to compare its name
// with the speaker's other labels: "Minister Al-Badrani" and "Dr. Ahmed
// Al-Badrani", "الوزير البدراني" and "د. أحمد البدراني" are one speaker.
func withoutOffice(label string) string {
	w, rest, ok := strings.Cut(trimText(label, ""), " ")
	if !ok || rest == "" {
		return label
	}
	if officeWords[strings.ToLower(w)] {
		return rest
	}
	if stem, definite := strings.CutPrefix(normalizeArabic(w), "ال"); definite && arabicRoleNouns[stem] {
		return rest
	}
	return label
}

// sameSpeaker reports two labels of one speaker: one name (SameName), an
// office before it or not, the office alone beside a name, or a family name alone with the article that
// ends the other label letter for letter ("الصدر:" and "السفير جعفر
// الصدر:"), however short: Arabic writes al-Sadr in three letters, too few
// for SameName to match the word alone in running text.
func sameSpeaker(a, b string) bool {
	if officeLabel(a) != officeLabel(b) {
		// "The Minister:" and "Dr. Al-Hasnawi:": the guest by office and
		// by name; never the magazine's label.
		return !speaksForMagazine(a) && !speaksForMagazine(b)
	}
	a, b = withoutOffice(a), withoutOffice(b)
	if SameName(a, b) {
		return true
	}
	if strings.Count(a, " ") > strings.Count(b, " ") {
		a, b = b, a
	}
	a, b = normalizeArabic(trimText(a, "")), normalizeArabic(trimText(b, ""))
	return !strings.Contains(a, " ") && strings.HasPrefix(a, "ال") && a[0] >= utf8.RuneSelf && strings.HasSuffix(b, " "+a)
}

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
	var alone []int  // labels alone on their lines without a colon
	colonLabels := 0 // the other labels
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
			if l, r, ok = splitLabelAt(b, true); !ok {
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
		if !endsQuestion(r) && !wordsAtLeast(b.text, maxIssueLineWords+1) && strings.ContainsAny(r, "0123456789٠١٢٣٤٥٦٧٨٩") && isIssueLine(b.text) {
			continue // the source line "حوار الفكر - العدد 12 - نيسان 2009": the magazine's issue, nobody's turn
		}
		cands[i] = cand{l, r}
		found, seen := byKey[key]
		if !seen {
			found = -1
			// Fuzzy matching only among the first speakers: an interview has
			// a handful, and a hostile page must not make this quadratic.
			fuzzy := role == 0 && len(speakers) > 0 && !speaksForMagazine(l)
			for s := 0; fuzzy && s < len(speakers) && s < maxFuzzySpeakers; s++ {
				if speakers[s].role == 0 && sameSpeaker(l, speakers[s].label) {
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
		if r == "" && !hasColon(b.text) {
			alone = append(alone, i) // a name in bold alone on its line, with no colon
		} else {
			colonLabels++
		}
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
		if askLike(r) {
			sp.askLike++
		}
		clusterOf[i] = found
	}
	if len(alone) > 0 && len(alone)*4 <= colonLabels {
		// Labels written with a colon ("Sabah:"), and a name or two in bold
		// alone on a line without one: a byline under the title ("<p><strong>Omar
		// Sabah</strong></p>"), not a turn.
		for _, i := range alone {
			speakers[clusterOf[i]].turns--
			clusterOf[i] = -1
		}
	}
	// Speakers speak at least twice; one-off "Baghdad:" or "Speakers:" lines
	// and a colon at the start of a continuation paragraph are not turns.
	var real []int
	for s, sp := range speakers {
		if sp.turns >= 2 {
			real = append(real, s)
		}
	}
	// Only the asker labelled ("Q: ...", "حوار الفكر: ..." and the answer in
	// the plain paragraphs after it): the asker must ask.
	askerOnly := false
	if len(real) == 1 {
		sp := speakers[real[0]]
		askerOnly = (sp.role == roleAsks || sp.role == 0 && speaksForMagazine(sp.label)) && sp.askLike*2 >= sp.turns
	}
	if len(real) < 2 && !askerOnly {
		return nil
	}
	asker := -1
	for _, s := range real {
		sp := speakers[s]
		if sp.role == roleAsks || sp.role == 0 && speaksForMagazine(sp.label) {
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
	// A second interviewer who takes turns with the first mostly asks too:
	// the answerer is the speaker with the most turns of those who do not.
	mostlyAsks := func(s int) bool {
		sp := speakers[s]
		return sp.role != roleAnswers && sp.asks > 0 && sp.asks*2 >= sp.turns
	}
	answerer := -1
	for _, pass := range []bool{true, false} {
		for _, s := range real {
			if s != asker && (!pass || !mostlyAsks(s)) && (answerer < 0 || speakers[s].turns > speakers[answerer].turns) {
				answerer = s
			}
		}
		if answerer >= 0 {
			break
		}
	}
	askers := map[int]bool{asker: true}
	panel := false // a round table: guests besides the answerer who speak as often
	for _, s := range real {
		switch {
		case s == asker || s == answerer:
		case mostlyAsks(s):
			askers[s] = true
		case answerer >= 0 && speakers[s].turns*2 >= speakers[answerer].turns:
			panel = true
		}
	}
	// Answers say something: a list of "Time: 10:00 / Place: hall" pairs is
	// not an interview. Short answers to an asker whose every turn, four
	// or more, is a question are a rapid-fire round ("Wood?" "Walnut.");
	// so are two or more under the labels for a question and an answer
	// ("س١: ...؟" "ج١: ..."), which no list of facts uses.
	rapidFire := speakers[asker].asks == speakers[asker].turns && (speakers[asker].turns >= 4 ||
		answerer >= 0 && speakers[asker].role == roleAsks && speakers[answerer].role == roleAnswers)
	if answerer >= 0 && speakers[answerer].restLen < minAnswerRunes*speakers[answerer].turns && !rapidFire {
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
	iv := &interview{convention: QANameLabels, qa: make([]QA, 0, speakers[asker].turns+1)}
	if speakers[asker].role == roleAsks {
		iv.convention, iv.roleLabels = QARoleLabels, true
	}
	// The asker's label, as first written, is the interviewer: a person's
	// name, or the magazine's ("Dialogue of thought:", as the site's own
	// pages write it). A role marker ("Q", "س") names nobody.
	if k := foldKey(trimText(speakers[asker].label, ".:")); speakers[asker].role == 0 && roleWords[k] == 0 && !hostWords[k] {
		iv.interviewer = speakers[asker].label
		for _, s := range real {
			if askers[s] && s != asker && speakers[s].role == 0 && !speaksForMagazine(speakers[s].label) {
				iv.interviewer += ", " + speakers[s].label // two interviewers, in the order they first ask
			}
		}
	}
	iv.panel = panel
	if answerer >= 0 && speakers[answerer].role == 0 && !panel {
		for _, l := range speakers[answerer].spelling {
			if !speaksForMagazine(l) {
				iv.labels = append(iv.labels, l)
			}
		}
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
			iv.tail = tailMark{}
			if askers[s] {
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
				if (s != answerer || panel) && rest != "" {
					rest = cands[i].label + ": " + rest // a third speaker, or each guest of a round table: keep who said it
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
		if b.level > 0 {
			iv.markHeading(b.text)
			continue // a heading between turns parts the interview ("Part two: ..."), and is nobody's words
		}
		// An unlabelled paragraph, or a one-off "Someone: ..." line, continues
		// whoever spoke last; when only the asker is labelled, it answers
		// the question before it.
		switch {
		case role == 1 && (!askerOnly || cur.Question == ""):
			appendPara(&cur.Question, b.text)
		case role != 0:
			role = 2
			appendPara(&cur.Answer, b.text)
		}
		pendingLabel = -1
	}
	if len(iv.qa) == 0 {
		return nil
	}
	if askerOnly {
		// Questions answered by what follows them: most are answered, and
		// the answers say something.
		answered, runes := 0, 0
		for _, p := range iv.qa {
			if p.Answer != "" {
				answered++
				runes += utf8.RuneCountInString(p.Answer[:min(len(p.Answer), 4*minAnswerRunes)])
			}
		}
		if answered < 2 || answered*4 < len(iv.qa)*3 || runes < minAnswerRunes*answered {
			return nil
		}
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
	// A bold name alone on its line is a speaker's label when the page
	// uses it again ("<b>Al-Hakim</b>" before each answer); once, it is a
	// question that does not end in "?" ("Tell us about the magazine").
	var alone map[string]int
	isLabel := func(b block) (string, bool) {
		if _, rest, ok := splitLabel(b); ok && rest == "" && !endsSentence(b.text) {
			return foldKey(b.text), true
		}
		return "", false
	}
	isBold := func(b block) bool {
		return b.allBold && b.level == 0 && !linkDense(b) && !isIntroHeading(b.text)
	}
	for _, b := range blocks {
		if isBold(b) {
			if k, ok := isLabel(b); ok {
				if alone == nil {
					alone = map[string]int{}
				}
				alone[k]++
			}
		}
	}
	return typographicTurns(blocks, presents, QABoldQuestions, func(i int) bool {
		b := blocks[i]
		if !isBold(b) {
			return false
		}
		if k, ok := isLabel(b); ok && alone[k] >= 2 {
			return false // a speaker's name alone on its line: labels, not bold questions
		}
		return true
	})
}

// markedTurns reads questions set apart by nothing but their question
// mark: plain paragraphs of a page that calls itself an interview, each
// ending in "?" or "؟" and answered by the paragraphs after it that do not.
// The pairs must hold as a found style's do (typographicTurns' strict
// rules), so that an article's rhetorical questions make no interview.
func markedTurns(blocks []block, presents bool) *interview {
	if !presents {
		return nil
	}
	return typographicTurns(blocks, presents, QAMarkedQuestions, func(i int) bool { return markedQuestion(blocks[i]) })
}

// markedQuestion is a question markedTurns reads: a paragraph that ends in
// a question mark.
func markedQuestion(b block) bool { return b.level == 0 && endsQuestion(b.text) && !linkDense(b) }

// markedQuestions counts the paragraphs markedTurns would read as questions.
func markedQuestions(blocks []block) int {
	n := 0
	for _, b := range blocks {
		if markedQuestion(b) {
			n++
		}
	}
	return n
}

// headingTurns reads questions written as headings, each answered by the
// paragraphs after it.
func headingTurns(blocks []block, presents bool) *interview {
	return typographicTurns(blocks, presents, QAHeadingQuestions, func(i int) bool {
		b := blocks[i]
		return b.level > 0 && !isIntroHeading(b.text) && !linkDense(b)
	})
}

// styleKey is how the markup sets a paragraph apart: the element it is
// written in, the definition, quotation, list item or table column it sits
// in, the class the theme gives it (or the element around it), the inline
// element that covers all its text (italics, a colour, a styled span), its
// weight, and whether it opens with a number or a dash.
type styleKey struct {
	tag, around atom.Atom
	col         int8
	bold        bool
	class       string
	wrap        atom.Atom
	wrapAttr    string
	lead        byte // 'n' a number ("1- ", "١) "), '-' a dash, '*' a bullet, 0 none
	caps        bool // written in capitals (inCapitals)
}

// styleOf reads a block's styleKey.
func styleOf(b block) styleKey {
	k := styleKey{tag: b.tag, bold: b.allBold}
	if c := b.container; c != nil {
		k.class = attr(c, "class")
		if p := c.Parent; k.class == "" && p != nil && p.Type == html.ElementNode {
			k.class = attr(p, "class")
		}
		for a, up := c, 0; a != nil && a.Type == html.ElementNode && up < 3; a, up = a.Parent, up+1 {
			switch a.DataAtom {
			case atom.Dt, atom.Dd, atom.Li, atom.Th, atom.Td, atom.Blockquote, atom.Figure, atom.Summary:
				k.around = a.DataAtom
				if a.DataAtom == atom.Td || a.DataAtom == atom.Th {
					k.col = cellColumn(a)
				}
				up = 3
			}
		}
	}
	if w := b.wrap; w != nil {
		switch k.wrap = w.DataAtom; k.wrap {
		case atom.Em, atom.Cite:
			k.wrap = atom.I // italics, whichever element writes them
		case atom.Strong:
			k.wrap = atom.B
		}
		for _, a := range w.Attr {
			if a.Key == "style" || a.Key == "class" || a.Key == "color" {
				k.wrapAttr = a.Val
				break
			}
		}
	}
	k.lead, _, _ = leadMarker(b.text)
	k.caps = inCapitals(b.text)
	return k
}

// minCapitals is how many capital letters a paragraph needs to be set in
// capitals: fewer is an acronym or two ("IS IT TRUE?" is not a style).
const minCapitals = 8

// inCapitals reports a paragraph written in capital letters, the way some
// themes (a Medium export, a magazine's print layout) set questions apart
// with no markup at all: "WHAT WAS LOST IN THE FIRE OF 2003?". A stray
// small letter ("McCAIN", "al-JANABI") is allowed, one in eight at most.
// A script without case (Arabic) is never in capitals.
func inCapitals(s string) bool {
	if len(s) > 4*maxQuestionRunes {
		return false // longer than a question: not one set in capitals
	}
	upper, lower := 0, 0
	for i := 0; i < len(s); {
		if c := s[i]; c >= 0xD8 && c <= 0xDB && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			// A rune of the Arabic block (U+0600-U+06FF, two bytes),
			// which has no case: it counts neither way, and is not decoded.
			i += 2
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r < utf8.RuneSelf && 'a' <= r && r <= 'z' || r >= utf8.RuneSelf && unicode.IsLower(r):
			if lower++; lower > 2 && lower*2 > upper {
				return false // ordinary text: most paragraphs stop here, a few words in
			}
		case r < utf8.RuneSelf && 'A' <= r && r <= 'Z' || r >= utf8.RuneSelf && unicode.IsUpper(r):
			upper++
		}
	}
	return upper >= minCapitals && lower*8 <= upper
}

// cellColumn is a table cell's place in its row, counted up to 8.
func cellColumn(n *html.Node) int8 {
	col := int8(0)
	for s := n.PrevSibling; s != nil && col < 8; s = s.PrevSibling {
		if s.Type == html.ElementNode && (s.DataAtom == atom.Td || s.DataAtom == atom.Th) {
			col++
		}
	}
	return col
}

// leadMarker reads the number or dash a paragraph opens with: "1- ",
// "١) ", "(3) ", "2. ", "- ", "ـ " (the Arabic press's dash, a tatweel set
// off by a space), "• ", any dingbat or shape ("❖ "). It returns the marker's kind ('n',
// '-' for a dash, '*' for a bullet), the number (0 for a dash or a bullet) and the text after the marker.
func leadMarker(text string) (kind byte, num int, rest string) {
	t := trimText(text, "")
	if t == "" {
		return 0, 0, text
	}
	r, n := utf8.DecodeRuneInString(t)
	if r > utf8.RuneSelf && unicode.Is(unicode.So, r) {
		r = '•' // a dingbat, a shape or an arrow ("❖ ", "◆ ", "➤ "): a bullet
	}
	switch r {
	case '-', '–', '—', 'ـ', '•', '●', '■', '▪', '◄', '►', '*':
		rest = trimText(t[n:], "")
		if rest == "" || rest == t[n:] && (r == '-' || r == 'ـ') {
			return 0, 0, text // "-5 degrees", a hyphenated word, a tatweel drawing out a letter
		}
		if r == '-' || r == '–' || r == '—' || r == 'ـ' {
			return '-', 0, rest
		}
		return '*', 0, rest // a bullet: a press interview's "■ question?" answered "- ..."
	}
	i, open := 0, false
	if r == '(' {
		i, open = 1, true
	}
	digits := 0
	for i < len(t) && digits < 3 {
		d, size := utf8.DecodeRuneInString(t[i:])
		a := asciiDigit(d)
		if a < '0' || a > '9' {
			break
		}
		num = num*10 + int(a-'0')
		digits++
		i += size
	}
	if digits == 0 || i >= len(t) || num == 0 {
		return 0, 0, text
	}
	sep, size := utf8.DecodeRuneInString(t[i:])
	switch {
	case open && sep == ')':
	case !open && (sep == '-' || sep == '–' || sep == ')' || sep == '.' || sep == '/' || sep == 'ـ'):
	default:
		return 0, 0, text
	}
	after := t[i+size:]
	rest = trimText(after, "")
	if rest == "" || rest == after && sep == '.' {
		return 0, 0, text // "1.", a number alone, "2.5 million"
	}
	if r, _ := utf8.DecodeRuneInString(rest); !unicode.IsLetter(r) && r != '"' && r != '«' {
		return 0, 0, text // "10-12 May", "1/2026"
	}
	return 'n', num, rest
}

// maxStyles bounds the styles styledTurns tries: a page has one way of
// setting its questions apart, and a hostile one must not make it slow.
const maxStyles = 4

// styledTurns reads questions set apart by some markup other than bold or
// a heading, or by a number: a <dt> answered by its <dd>, the first column
// of a table, a quotation, italics, a colour, a theme's class
// ("<div class="question">"), a list item, "1- ..." / "١- ...". The
// style is found, not known: every style that at least two question-like
// paragraphs share is tried, and the one that explains the most pairs is
// kept. Its answers are the paragraphs after each question that do not
// share its style, whatever theirs is.
func styledTurns(blocks []block, presents bool) *interview {
	type tally struct {
		k    styleKey
		asks int
	}
	var tallies []tally
	for _, b := range blocks {
		if b.level > 0 || longerThan(b.text, maxQuestionRunes) || !askLike(b.text) {
			continue
		}
		k := styleOf(b)
		found := false
		for t := range tallies {
			if tallies[t].k == k {
				tallies[t].asks++
				found = true
				break
			}
		}
		if !found && len(tallies) < 4*maxStyles {
			tallies = append(tallies, tally{k: k, asks: 1})
		}
	}
	sort.SliceStable(tallies, func(a, b int) bool { return tallies[a].asks > tallies[b].asks })
	var best *interview
	// Every block's style, read once a style is worth trying: questions in
	// plain paragraphs, the most common case, need none.
	var keys []styleKey
	for t := 0; t < len(tallies) && t < maxStyles && tallies[t].asks >= 2; t++ {
		k := tallies[t].k
		if k == (styleKey{tag: k.tag, class: k.class}) && (k.tag == atom.P || k.tag == atom.Div) && k.class == "" {
			continue // plain paragraphs set nothing apart
		}
		if keys == nil {
			keys = make([]styleKey, len(blocks))
			for j := range blocks {
				keys[j] = styleOf(blocks[j])
			}
		}
		isQ := func(i int) bool { return keys[i] == k && !isIntroHeading(blocks[i].text) }
		if k.caps {
			// Capitals set headings apart as often as questions ("THE
			// RIVER IN NUMBERS"): in capitals, only what asks is one.
			isQ = func(i int) bool { return keys[i] == k && askLike(blocks[i].text) }
		}
		convention := QAStyledQuestions
		if k.lead == 'n' {
			isQ = numberedQuestions(blocks, keys, k)
			convention = QANumberedQuestions
		}
		// A style that sets paragraphs apart is the minority's: from its
		// first paragraph on, at most half of them are in it. More is the
		// text's own style, the answers' as much as the questions'.
		in, from := 0, -1
		for i := range blocks {
			if isQ(i) {
				in++
				if from < 0 {
					from = i
				}
			}
		}
		if in*2 > len(blocks)-from+1 {
			continue
		}
		if iv := typographicTurns(blocks, presents, convention, isQ); iv != nil && (best == nil || len(iv.qa) > len(best.qa)) {
			best = iv
		}
	}
	return best
}

// numberedQuestions picks, among the blocks of style k (which open with a
// number), the ones that number the questions: 1, 2, 3 in order. An answer
// may hold a numbered list of its own: a number out of turn is the
// answer's, and of two paragraphs with the number due, the one that asks
// is the question.
func numberedQuestions(blocks []block, keys []styleKey, k styleKey) func(int) bool {
	is := make([]bool, len(blocks))
	want := 1
	for i := 0; i < len(blocks); i++ {
		if keys[i] != k {
			continue
		}
		_, num, rest := leadMarker(blocks[i].text)
		if num != want {
			continue
		}
		if !askLike(rest) {
			// A later paragraph with the same number that asks, before
			// the next number, is the question.
			later := false
			for j := i + 1; j < len(blocks) && j < i+64; j++ {
				if keys[j] != k {
					continue
				}
				_, n, r := leadMarker(blocks[j].text)
				if n == want+1 {
					break
				}
				if n == want && askLike(r) {
					later = true
					break
				}
			}
			if later {
				continue
			}
		}
		is[i] = true
		want++
	}
	return func(i int) bool { return is[i] }
}

// typographicTurns pairs each block isQuestion accepts with the blocks up
// to the next one. The convention holds when at least two questions are
// answered and most of the questions ask (end in a question mark, or open
// with a question word: "Tell us about the first survey.", "كيف بدأت
// الفكرة"), with three question marks unless the page calls itself an
// interview: two bold subheadings ending in "?" do not make a news report
// an interview. A style styledTurns found must also leave at most one
// question in four unanswered, its answers must say more than its
// questions, no question may repeat another, and two in three end in a
// question mark unless the page calls itself an interview. Questions set apart that neither ask nor are answered before
// the first one that asks are the lede's, not questions.
func typographicTurns(blocks []block, presents bool, convention string, isQuestion func(int) bool) *interview {
	// A style found rather than known must set the questions apart from
	// their answers: most of its paragraphs are followed by an answer.
	strict := convention == QAStyledQuestions || convention == QANumberedQuestions || convention == QAMarkedQuestions
	questions, marks, asks := 0, 0, 0
	isQ := func(i int) bool { return isQuestion(i) && !longerThan(blocks[i].text, maxQuestionRunes) }
	for i, b := range blocks {
		if isQ(i) {
			questions++
			if endsQuestion(b.text) {
				marks++
			}
			if askLike(b.text) {
				asks++
			}
		}
	}
	if questions < 2 || asks*2 < questions || marks < 3 && !presents || strict && !presents && marks*3 < questions*2 {
		return nil
	}
	iv := &interview{convention: convention}
	first := -1
	for i, b := range blocks {
		if isQ(i) {
			iv.tail = tailMark{}
			if first < 0 && !askLike(b.text) && i+1 < len(blocks) && isQ(i+1) {
				continue // set apart like the questions, but the lede's
			}
			if first < 0 {
				first = i
				iv.pre = blocks[:i]
			}
			if n := len(iv.qa); n > 0 && iv.qa[n-1].Answer == "" && !askLike(iv.qa[n-1].Question) && askLike(b.text) {
				// "The institute was founded in 2005." then "How did it
				// begin?": one question set apart in two paragraphs.
				appendPara(&iv.qa[n-1].Question, b.text)
				continue
			}
			iv.qa = append(iv.qa, QA{Question: b.text})
			continue
		}
		if first < 0 || linkDense(b) && b.level == 0 {
			continue
		}
		if b.level > 0 {
			iv.markHeading(b.text)
			continue // a heading between turns parts the interview ("Part two: ..."), and is nobody's words
		}
		appendPara(&iv.qa[len(iv.qa)-1].Answer, b.text)
	}
	answered := 0
	for _, p := range iv.qa {
		if p.Answer != "" {
			answered++
		}
	}
	if answered < 2 || strict && (answered*4 < len(iv.qa)*3 || !answersSaidMore(iv.qa) || repeatsQuestion(iv.qa)) {
		return nil
	}
	tidyQuestions(iv.qa)
	iv.labels = answerLabels(iv.qa)
	return iv
}

// answerLabels takes the answerer's label off the answers of typographic
// questions when every answer opens with it ("<b>How ...?</b>" then
// "<b>Al-Hakim:</b> ..."), and returns its spellings: the interviewee's.
func answerLabels(qa []QA) []string {
	var labels []string
	first := ""
	for _, p := range qa {
		if p.Answer == "" {
			continue
		}
		l, rest, ok := splitLabel(block{text: p.Answer})
		if !ok || rest == "" || speaksForMagazine(l) || roleWords[foldKey(l)] != 0 || first != "" && l != first && !SameName(l, first) {
			return nil
		}
		if first == "" {
			first = l
		}
		if !containsString(labels, l) {
			labels = append(labels, l)
		}
	}
	if len(labels) == 0 {
		return nil
	}
	for i := range qa {
		if _, rest, ok := splitLabel(block{text: qa[i].Answer}); ok {
			qa[i].Answer = rest
		}
	}
	return labels
}

// repeatsQuestion reports two questions with the same text: a refrain or a
// pull quote, not questions of an interview.
func repeatsQuestion(qa []QA) bool {
	seen := make(map[string]bool, len(qa))
	for _, p := range qa {
		if seen[p.Question] {
			return true
		}
		seen[p.Question] = true
	}
	return false
}

// answersSaidMore reports answers longer, all told, than their questions:
// a "style" whose answers are short labels or captions is not the
// questions'.
func answersSaidMore(qa []QA) bool {
	q, a := 0, 0
	for _, p := range qa {
		q += len(p.Question)
		a += len(p.Answer)
	}
	return a > q
}

// tidyQuestions takes off what sets a typographic question apart in its
// text rather than its markup: the numbers or dashes every question opens
// with ("1- ", "٢) ", "- "), the magazine's label or a question marker
// ("Dialogue of Thought: ", "س: ", "Q "), and the answer marker every
// answer opens with ("A ", "ج ", a dash).
func tidyQuestions(qa []QA) {
	numbered, dashed, dashedAnswers := true, true, len(qa) >= 2
	for i, p := range qa {
		kind, num, _ := leadMarker(p.Question)
		numbered = numbered && kind == 'n' && num == i+1
		dashed = dashed && (kind == '-' || kind == '*')
		kind, _, _ = leadMarker(p.Answer)
		dashedAnswers = dashedAnswers && (kind == '-' || kind == '*')
	}
	for i := range qa {
		q := &qa[i].Question
		if numbered || dashed {
			_, _, *q = leadMarker(*q)
		}
		if dashedAnswers {
			_, _, qa[i].Answer = leadMarker(qa[i].Answer) // "* question?" answered "- answer"
		}
		if role, _, rest, ok := roleLabel(block{text: *q}); ok && role == roleAsks && rest != "" {
			*q = rest
		} else if l, rest, ok := splitLabel(block{text: *q}); ok && rest != "" && speaksForMagazine(l) {
			*q = rest
		}
	}
	stripBareMarker(qa, func(p *QA) *string { return &p.Question }, roleAsks)
	stripBareMarker(qa, func(p *QA) *string { return &p.Answer }, roleAnswers)
}

// stripBareMarker takes a role word off the start of every question (or
// answer) when each of them opens with it, set off by a space alone, as a
// theme that puts "Q" in a <span> of its own writes it.
func stripBareMarker(qa []QA, field func(*QA) *string, role int) {
	word := ""
	for i := range qa {
		t := *field(&qa[i])
		sp := strings.IndexByte(t, ' ')
		if sp <= 0 {
			return
		}
		w := t[:sp]
		if roleWords[strings.ToLower(normalizeArabic(w))] != role || word != "" && w != word {
			return
		}
		word = w
	}
	for i := range qa {
		f := field(&qa[i])
		*f = trimText((*f)[len(word):], "")
	}
}

// askLike reports a question: text that ends in a question mark, or opens
// with a question word or an invitation to speak ("How ...", "Tell us
// ...", "كيف ...", "حدثنا ..."), a number, dash or speaker label before it
// aside.
func askLike(text string) bool {
	if endsQuestion(text) {
		return true
	}
	if _, _, rest := leadMarker(text); rest != text {
		text = rest
	}
	if c := strings.IndexByte(text[:min(len(text), 4*maxLabelRunes)], ':'); c > 0 {
		if _, rest, ok := splitLabel(block{text: text}); ok && rest != "" {
			text = rest
		}
	}
	end := strings.IndexFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !isHaraka(r) && r != 'ـ' && r != '\'' })
	if end < 0 {
		end = len(text)
	}
	if end == 0 || end > 24 {
		return false
	}
	w := text[:end]
	return questionWords[w] || hasFoldedWord(questionWords, w) // as written, else folded: harakat, tatweel, a hamza on the alef
}

// questionWords open a question or an invitation to speak, folded.
var questionWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{"how", "what", "why", "when", "where", "who", "whom", "whose", "which", "is", "are", "was", "were",
		"do", "does", "did", "can", "could", "will", "would", "should", "shall", "have", "has", "had", "tell", "describe", "explain",
		"هل", "كيف", "ماذا", "لماذا", "متى", "أين", "ما", "ماهي", "ماهو", "من", "أي", "كم", "حدثنا", "حدثينا", "حدثونا",
		"صف", "صفي", "اشرح", "وكيف", "وماذا", "ولماذا", "وهل", "وما", "فما", "فكيف", "فهل", "بماذا", "لمن"} {
		m[w] = true // an Arabic word as written needs no folding
		m[foldKey(w)] = true
	}
	return m
}()

// splitTurns splits in two the paragraphs that hold a question and its
// answer: "<b>How did it begin?</b> It began ...", "<b>س: ...؟</b> ج:
// ...", "Q: ...? A: ...", "Hewar: ...? Al-Hakim: ...". ok is false when
// fewer than two paragraphs are written so.
func splitTurns(blocks []block) (split []block, ok bool) {
	n := 0
	for i, b := range blocks {
		q, a, found := splitInline(b)
		if !found {
			if split != nil {
				split = append(split, b)
			}
			continue
		}
		if split == nil {
			split = make([]block, 0, len(blocks)+8)
			split = append(split, blocks[:i]...)
		}
		split = append(split, q, a)
		n++
	}
	return split, n >= 2
}

// inlineAnswerRe is an answer's role marker inside a paragraph, after the
// question: " ج: ", " A: ", " Answer: ".
var inlineAnswerRe = regexp.MustCompile(`\s(?:ج|جواب|الجواب|A|Answer|ANSWER)\s*[:：/]\s*\S`)

// splitInline splits a paragraph that opens with a question and goes on
// with its answer: a bold question (or a bold asker's label with its
// question) and plain text after it, or a labelled question and, after its
// question mark, the answerer's label.
func splitInline(b block) (q, a block, ok bool) {
	if b.level > 0 || b.allBold || len(b.text) < 8 {
		return b, b, false
	}
	at := -1
	if b.bold != "" && strings.HasPrefix(b.text, b.bold) {
		rest := b.text[len(b.bold):]
		role, _, _, isRole := roleLabel(block{text: b.bold})
		switch {
		case (endsQuestion(b.bold) || askLike(b.bold) && wordCount(b.bold) >= 3) && countLetters(rest) >= 2:
			at = len(b.bold)
		case isRole && role == roleAsks:
			if r, _, _, ok := roleLabel(block{text: rest}); ok && r == roleAnswers {
				at = len(b.bold)
			}
		}
	}
	lead := false
	if at < 0 && b.bold == "" && b.leadWrap != nil && int(b.leadEnd) < len(b.text) {
		// A question set in italics (or another inline style) and its
		// answer in roman after it: "<em>Why walnut?</em> It carries ...".
		if q := trimText(b.text[:b.leadEnd], ""); endsQuestion(q) && countLetters(b.text[b.leadEnd:]) >= 2 {
			at, lead = int(b.leadEnd), true
		}
	}
	if at < 0 {
		role, _, _, isRole := roleLabel(b)
		labelled := isRole && role == roleAsks
		// A question mark with text after it: "... ? A: ...".
		j, size := indexQuestionMark(b.text)
		inner := j >= 0 && trimText(b.text[j+size:], "") != ""
		if !labelled && inner {
			_, _, labelled = splitLabel(b)
		}
		for i := 0; labelled && inner && i < len(b.text); {
			j, size := indexQuestionMark(b.text[i:])
			if j < 0 {
				break
			}
			end := i + j + size
			next := block{text: trimText(b.text[end:], "")}
			if r, _, _, ok := roleLabel(next); ok && r == roleAnswers {
				at = end
				break
			}
			if l, rest, ok := splitLabel(next); ok && rest != "" && wordCount(l) <= 4 && !discourseLabels[foldKey(l)] {
				at = end
				break
			}
			i = end
		}
		if at < 0 && isRole && role == roleAsks {
			// A question that does not end in "?": the answer's marker.
			if m := inlineAnswerRe.FindStringIndex(b.text); m != nil {
				at = m[0]
			}
		}
		if at < 0 && !isRole {
			// A labelled question that does not end in "?" ("Hewar: Tell
			// us about ... . Al-Najjar: It began ..."): the answerer's
			// label after the end of a sentence.
			at = labelAfterSentence(b)
		}
	}
	if at < 0 {
		return b, b, false
	}
	q, a = b, b
	q.text, a.text = trimText(b.text[:at], ""), trimText(b.text[at:], "")
	if q.text == "" || a.text == "" {
		return b, b, false
	}
	q.letters, a.letters = int32(countLetters(q.text)), int32(countLetters(a.text))
	q.linkRunes, a.linkRunes = 0, min(b.linkRunes, a.letters)
	q.allBold = b.bold != "" && at == len(b.bold)
	a.bold, a.allBold, q.wrap, a.wrap = "", false, nil, nil
	q.leadWrap, a.leadWrap = nil, nil
	if lead {
		q.wrap = b.leadWrap // the question is wholly in that style, as a paragraph of its own would be
	}
	if !q.allBold {
		q.bold = ""
		if b.bold != "" && len(b.bold) <= len(q.text) {
			q.bold = b.bold
		}
	}
	return q, a, true
}

// labelAfterSentence is where, in a paragraph that opens with a speaker's
// label, a sentence ends with "." or "!" and another short label opens the
// next one, or -1. An honorific's dot ("Dr. Smith") ends no sentence. Only
// the colons after the first label are looked at: answers are long.
func labelAfterSentence(b block) int {
	l0, rest, ok := splitLabel(b)
	if !ok || rest == "" {
		return -1
	}
	text := b.text
	for from := len(text) - len(rest); from < len(text); {
		c := strings.IndexByte(text[from:], ':')
		if c < 0 {
			return -1
		}
		c += from
		from = c + 1
		// The sentence's end nearest the colon that is not an honorific's
		// dot ("... sentence. Dr. Hassan Al-Najjar: ...").
		start, end := max(0, c-4*maxLabelRunes), -1
		for j := c; j > start; {
			k := strings.LastIndexAny(text[start:j], ".!")
			if k < 0 {
				break
			}
			j = start + k
			// An honorific is short: its end is enough to look at, and
			// a long paragraph's every colon must not lower-case all of it.
			if text[j+1] == ' ' && !honorificEnd(text[max(0, j+1-40):j+1]) {
				end = j + 1
				break
			}
		}
		if end < 0 {
			continue
		}
		next := block{text: trimText(text[end:], "")}
		if l, rest, ok := splitLabel(next); ok && rest != "" && wordCount(l) <= 4 && !discourseLabels[foldKey(l)] &&
			!strings.Contains(stripHonorific(l), ".") && foldKey(l) != foldKey(l0) {
			return end
		}
	}
	return -1
}

// indexQuestionMark is the index of the first "?" or "؟" in s, and its
// length in bytes. strings.IndexAny takes the slow path for a non-ASCII
// set, and answers are long.
func indexQuestionMark(s string) (int, int) {
	i, j := strings.IndexByte(s, '?'), strings.Index(s, "؟")
	switch {
	case j >= 0 && (i < 0 || j < i):
		return j, len("؟")
	case i >= 0:
		return i, 1
	}
	return -1, 0
}

// longerThan reports s longer than n runes, counting only when its length
// in bytes leaves a doubt.
func longerThan(s string, n int) bool {
	switch {
	case len(s) <= n:
		return false
	case len(s) > 4*n:
		return true
	}
	return utf8.RuneCountInString(s) > n
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
