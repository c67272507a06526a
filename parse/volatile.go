package parse

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// volatileWords are the words of the rendered-date widget and the weather:
// month and weekday names (English and Arabic), "Baghdad", "Time", "at".
// Keys are folded with foldKey.
var volatileWords = func() map[string]bool {
	m := map[string]bool{}
	for name := range monthNumber {
		for _, w := range strings.Fields(name) {
			m[w] = true
		}
	}
	for _, w := range []string{
		"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
		"mon", "tue", "wed", "thu", "fri", "sat", "sun",
		"الأحد", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت",
		"baghdad", "time", "local", "at", "am", "pm", "c", "f", "بغداد", "بتوقيت", "توقيت", "ص", "م", "الساعة", "صباحا", "مساء", "ظهرا",
		"sunny", "cloudy", "clear", "rain", "rainy", "humidity", "weather", "مشمس", "غائم", "صافي", "ممطر", "الطقس",
		"ی", // Sorani's ezafe after the day's number: "٢٠ی ئایاری ٢٠٢٤"
	} {
		m[foldKey(w)] = true
	}
	for _, w := range soraniWeekdays {
		m[foldKey(w)] = true
	}
	return m
}()

// strongVolatile are words that mark the widget by themselves; a month name
// alone ("May") does not.
var strongVolatile = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
		"الأحد", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "بتوقيت", "توقيت", "time"} {
		m[foldKey(w)] = true
	}
	for _, w := range soraniWeekdays {
		m[foldKey(w)] = true
	}
	return m
}()

const volatileTrim = ".,،:;|/()[]«»-–—•·!؛"

// volatileScan classifies the words of a short text: words of dates, clocks,
// weekdays and weather are "volatile"; the others are returned in rest.
// first and last are the byte span covering the volatile words; strong
// reports a digit, a clock, a degree sign or a weekday among them.
type volatileScan struct {
	rest        []string
	first, last int
	strong      bool
	any         bool
}

func scanVolatile(text string) volatileScan {
	return scan(text, false)
}

// scan is scanVolatile; with stopAtRest it stops at the first ordinary word.
func scan(text string, stopAtRest bool) volatileScan {
	sc := volatileScan{first: -1}
	i := 0
	for i < len(text) {
		// Next word: up to white space.
		for i < len(text) {
			r, n := utf8.DecodeRuneInString(text[i:])
			if !unicode.IsSpace(r) && !isDirectionMark(r) {
				break
			}
			i += n
		}
		start := i
		for i < len(text) {
			r, n := utf8.DecodeRuneInString(text[i:])
			if unicode.IsSpace(r) || isDirectionMark(r) {
				break
			}
			i += n
		}
		if start == i {
			break
		}
		word := text[start:i]
		core := strings.TrimFunc(word, func(r rune) bool { return strings.ContainsRune(volatileTrim, r) })
		if core == "" {
			continue
		}
		vol, strong := volatileWord(core)
		if !vol {
			sc.rest = append(sc.rest, core)
			if stopAtRest {
				return sc
			}
			continue
		}
		sc.any = true
		sc.strong = sc.strong || strong
		if sc.first < 0 {
			sc.first = start
		}
		sc.last = i
	}
	return sc
}

// volatileWord reports a word made only of digits (with : / - . between), a
// degree sign, and widget words, glued or not ("2026January08", "11°", "°م").
func volatileWord(w string) (vol, strong bool) {
	for len(w) > 0 {
		r, n := utf8.DecodeRuneInString(w)
		switch {
		case r >= '0' && r <= '9' || asciiDigit(r) != r:
			j := n
			for j < len(w) {
				r2, n2 := utf8.DecodeRuneInString(w[j:])
				if !(r2 >= '0' && r2 <= '9' || asciiDigit(r2) != r2 || r2 == ':' || r2 == '/' || r2 == '-' || r2 == '.') {
					break
				}
				j += n2
			}
			w = w[j:]
			strong = true
		case r == '°':
			w = w[n:]
			strong = true
		case unicode.IsLetter(r) || isHaraka(r) || r == 'ـ':
			j := n
			for j < len(w) {
				r2, n2 := utf8.DecodeRuneInString(w[j:])
				if !(unicode.IsLetter(r2) || isHaraka(r2) || r2 == 'ـ') {
					break
				}
				j += n2
			}
			word := w[:j]
			var vol, str bool
			if j <= 16 && isASCIILetters(word) {
				// Lower-case into a stack buffer: the map lookup with
				// string(b) does not allocate.
				var b [16]byte
				for k := 0; k < j; k++ {
					c := word[k]
					if c >= 'A' && c <= 'Z' {
						c += 'a' - 'A'
					}
					b[k] = c
				}
				vol, str = volatileWords[string(b[:j])], strongVolatile[string(b[:j])]
			} else if j <= 64 {
				key := foldKey(word)
				vol, str = volatileWords[key], strongVolatile[key]
			}
			if !vol {
				return false, false
			}
			strong = strong || str
			w = w[j:]
		case strings.ContainsRune(volatileTrim, r):
			w = w[n:]
		default:
			return false, false
		}
	}
	return true, strong
}

func isASCIILetters(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// isVolatile reports a short block made only of clock, date, weekday and
// weather words: the rendered-date widget, whatever markup holds it.
func isVolatile(text string) bool {
	if len(text) > 200 {
		return false
	}
	sc := scan(text, true)
	return sc.any && sc.strong && len(sc.rest) == 0
}
