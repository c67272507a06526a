package parse

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Warning codes.
const (
	WarnDateInFuture    = "date_in_future"
	WarnTruncatedAnswer = "truncated_answer"
	WarnRepeatedPassage = "repeated_passage"
	WarnNoTurnsFound    = "no_turns_found"
	WarnGenericLayout   = "generic_layout"
	WarnEmptyAnswer     = "empty_answer"
	WarnHijriDate       = "hijri_date"
)

// endsSentence reports whether text ends as a finished sentence does: with
// terminal punctuation, possibly followed by closing quotes or brackets.
func endsSentence(text string) bool {
	t := trimText(text, "")
	for t != "" {
		r, n := utf8.DecodeLastRuneInString(t)
		switch r {
		case '.', '!', '?', '؟', '…', '۔', '。':
			return true
		case '"', '”', '’', '\'', '»', ')', ']', '*':
			t = strings.TrimRightFunc(t[:len(t)-n], func(r rune) bool { return unicode.IsSpace(r) || isDirectionMark(r) })
			continue
		}
		return false
	}
	return false
}

// tail is the last words of s, for a warning's detail.
func tail(s string, words int) string {
	s = strings.TrimRightFunc(s, unicode.IsSpace)
	i := len(s)
	for n := 0; i > 0; i-- {
		if s[i-1] == ' ' || s[i-1] == '\n' {
			n++
			if n == words {
				return "…" + collapseSpace(s[i:])
			}
		}
	}
	return collapseSpace(s)
}

// truncatedAnswers flags answers that stop mid-sentence.
func truncatedAnswers(qa []QA) []Warning {
	var ws []Warning
	for i, p := range qa {
		where := fmt.Sprintf("qa[%d]", i+1)
		if trimText(p.Answer, "") == "" {
			ws = append(ws, Warning{Code: WarnEmptyAnswer, Where: where, Detail: "question has no answer"})
			continue
		}
		if !endsSentence(p.Answer) {
			ws = append(ws, Warning{Code: WarnTruncatedAnswer, Where: where,
				Detail: fmt.Sprintf("answer ends mid-sentence: %q", tail(p.Answer, 6))})
		}
	}
	return ws
}

// sentences splits text at sentence punctuation followed by a space.
func sentences(text string) []string {
	var out []string
	start := 0
	for i, r := range text {
		if r == '.' || r == '!' || r == '?' || r == '؟' {
			next := i + utf8.RuneLen(r)
			if next >= len(text) || text[next] == ' ' || text[next] == '\n' {
				if s := strings.TrimSpace(text[start:next]); s != "" {
					out = append(out, s)
				}
				start = next
			}
		}
	}
	if s := strings.TrimSpace(text[start:]); s != "" {
		out = append(out, s)
	}
	return out
}

// wordHashes returns the sorted, distinct FNV-1a hashes of the folded words
// of a sentence (lower case, Arabic-normalized), without allocating strings.
func wordHashes(s string, dst []uint64) []uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	inWord := false
	end := func() {
		if inWord {
			dst = append(dst, h)
		}
		h, inWord = offset, false
	}
	for _, r := range s {
		if r < utf8.RuneSelf {
			switch {
			case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			case r >= 'A' && r <= 'Z':
				r += 'a' - 'A'
			default:
				end()
				continue
			}
			h ^= uint64(r)
			h *= prime
			inWord = true
			continue
		}
		switch {
		case isHaraka(r) || r == 'ـ' || isDirectionMark(r):
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			switch r {
			case 'أ', 'إ', 'آ', 'ٱ':
				r = 'ا'
			default:
				if r = asciiDigit(r); r < 0x0600 || r > 0x06ff {
					r = unicode.ToLower(r) // the Arabic block has no case: its letters need no lookup
				}
			}
			for r > 0 {
				h ^= uint64(r & 0xff)
				h *= prime
				r >>= 8
			}
			inWord = true
		default:
			end()
		}
	}
	end()
	slices.Sort(dst)
	return slices.Compact(dst)
}

// repeatedPassage finds two long sentences of text that say nearly the same
// thing in nearly the same words (a doubled translation). It returns the
// 1-based numbers of the two sentences, or 0, 0. Word sets are built only for
// pairs of similar length: a Jaccard similarity of 0.8 needs it.
func repeatedPassage(text string) (int, int) {
	ss := sentences(text)
	if len(ss) < 2 {
		return 0, 0
	}
	counts := make([]int, len(ss))
	words := 0
	for i, s := range ss {
		counts[i] = wordCount(s)
		words += counts[i]
	}
	// One array holds the sets, each built in the room of its sentence's
	// words (a set with more, "a-b" being two, grows out of it).
	free := make([]uint64, words)
	sets := make([][]uint64, len(ss))
	set := func(i int) []uint64 {
		if sets[i] == nil {
			sets[i], free = wordHashes(ss[i], free[:0:counts[i]]), free[counts[i]:]
		}
		return sets[i]
	}
	// A doubled passage sits close to its twin; the window bounds the work
	// on a hostile page with thousands of sentences.
	const window = 40
	for i := range ss {
		if counts[i] < 10 {
			continue
		}
		for j := i + 1; j < len(ss) && j <= i+window; j++ {
			if counts[j] < 10 || counts[i]*10 < counts[j]*8 || counts[j]*10 < counts[i]*8 {
				continue
			}
			a, b := set(i), set(j)
			inter := 0
			// The merge stops once even the words left in both could not
			// bring the pair to the threshold.
			for x, y := 0, 0; x < len(a) && y < len(b) && similarEnough(inter+min(len(a)-x, len(b)-y), len(a), len(b)); {
				switch {
				case a[x] == b[y]:
					inter++
					x++
					y++
				case a[x] < b[y]:
					x++
				default:
					y++
				}
			}
			if similarEnough(inter, len(a), len(b)) {
				return i + 1, j + 1
			}
		}
	}
	return 0, 0
}

// similarEnough reports whether two sets of la and lb words that share
// inter have a Jaccard similarity of 0.8 or more. It grows with inter.
func similarEnough(inter, la, lb int) bool {
	union := la + lb - inter
	return union > 0 && inter*100 >= union*80
}

// exactRepeat finds a sentence of ten words or more printed twice in an
// answer. Answers have a few sentences: comparing each with the ones before
// it costs less than a map.
func exactRepeat(text string) (int, int) {
	var long [32]string
	var at [32]int
	n, k := 0, 0
	for start := 0; start < len(text) && n < len(long); {
		end := sentenceEnd(text, start)
		s := strings.TrimSpace(text[start:end])
		start = end
		if s == "" {
			continue
		}
		k++
		if len(s) < 40 || !wordsAtLeast(s, 10) {
			continue
		}
		for j := 0; j < n; j++ {
			if long[j] == s {
				return at[j], k // sentence numbers are 1-based
			}
		}
		long[n], at[n] = s, k
		n++
	}
	return 0, 0
}

// sentenceEnd returns the end of the sentence starting at start: after the
// first . ! ? ؟ followed by white space, or the end of text.
func sentenceEnd(text string, start int) int {
	for i := start; i < len(text); i++ {
		c := text[i]
		n := 1
		switch {
		case c == '.' || c == '!' || c == '?':
		case c == 0xd8 && i+1 < len(text) && text[i+1] == 0x9f: // ؟
			n = 2
		default:
			continue
		}
		next := i + n
		if next >= len(text) || text[next] == ' ' || text[next] == '\n' {
			return next
		}
	}
	return len(text)
}

func wordCount(s string) int {
	n := 0
	in := false
	for i := 0; i < len(s); i++ {
		sp := s[i] == ' ' || s[i] == '\n' || s[i] == '\t'
		if !sp && !in {
			n++
		}
		in = !sp
	}
	return n
}

// wordsAtLeast reports whether s has n words or more, reading no further
// than its nth word.
func wordsAtLeast(s string, n int) bool {
	in := false
	for i := 0; i < len(s); i++ {
		sp := s[i] == ' ' || s[i] == '\n' || s[i] == '\t'
		if !sp && !in {
			if n--; n == 0 {
				return true
			}
		}
		in = !sp
	}
	return n <= 0
}

func repeatedWarnings(d *Document) []Warning {
	var ws []Warning
	check := func(where, text string) {
		if a, b := repeatedPassage(text); a > 0 {
			ws = append(ws, Warning{Code: WarnRepeatedPassage, Where: where,
				Detail: fmt.Sprintf("sentences %d and %d say nearly the same thing", a, b)})
		}
	}
	check("body", d.Body)
	check("intro", d.Intro)
	// Answers are only checked for a sentence printed twice word for word:
	// the near-duplicate test costs too much to run on every answer, and the
	// doubled translation the site shows is in its introductions.
	for i, p := range d.QA {
		if a, b := exactRepeat(p.Answer); a > 0 {
			ws = append(ws, Warning{Code: WarnRepeatedPassage, Where: fmt.Sprintf("qa[%d]", i+1),
				Detail: fmt.Sprintf("sentences %d and %d are the same", a, b)})
		}
	}
	return ws
}

// futureWarnings flags an issue month or a publication date later than the
// capture. A zero fetchedAt checks nothing.
func futureWarnings(d *Document, fetchedAt time.Time) []Warning {
	if fetchedAt.IsZero() {
		return nil
	}
	var ws []Warning
	fetchedMonth := fetchedAt.UTC().Format("2006-01")
	if d.Magazine != nil && d.Magazine.Date != "" && d.Magazine.Date > fetchedMonth {
		ws = append(ws, Warning{Code: WarnDateInFuture, Where: "magazine.date",
			Detail: fmt.Sprintf("issue dated %s (%q) is after the capture on %s", d.Magazine.Date, d.Magazine.DateText, fetchedAt.UTC().Format("2006-01-02"))})
	}
	if len(d.Published) >= 10 && d.Published[:10] > fetchedAt.UTC().Format("2006-01-02") {
		ws = append(ws, Warning{Code: WarnDateInFuture, Where: "published",
			Detail: fmt.Sprintf("published %s is after the capture on %s", d.Published, fetchedAt.UTC().Format("2006-01-02"))})
	}
	return ws
}
