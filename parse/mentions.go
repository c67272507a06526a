package parse

import (
	"strings"
	"unicode/utf8"
)

// Roles a person plays in a Document (Mention.Role).
const (
	RoleInterviewee = "interviewee"
	RoleInterviewer = "interviewer"
)

// Places a spelling of a name is seen in (Spelling.Seen).
const (
	SeenTitle = "title"
	SeenLede  = "lede"
	SeenIntro = "intro"
	// SeenLabel: in none of the texts above, so read from the turns' speaker
	// labels or the interviewer's credit line ("Conducted by: ...",
	// "حاوره: ..."), which the Document does not keep.
	SeenLabel = "label"
)

// Scripts of a name (Spelling.Script), as ISO 15924 codes.
const (
	ScriptArabic = "Arab"
	ScriptLatin  = "Latn"
)

// Mention is one person a Document names in one role, under every spelling
// the page gives (the page confirms they are one person).
type Mention struct {
	Role      string     // RoleInterviewee or RoleInterviewer
	Name      string     // as in the Document's field
	Spellings []Spelling // Name first, then the other spellings
}

// Spelling is one written form of a name and where the page shows it.
type Spelling struct {
	Name   string
	Script string   // ScriptArabic or ScriptLatin
	Key    string   // PersonKey(Name)
	Seen   []string // SeenTitle, SeenLede, SeenIntro, or SeenLabel alone
}

// Mentions returns the people d names: its interviewee with the aliases,
// and its interviewer when that is a person rather than the magazine
// ("Dialogue of thought", "حوار الفكر", "Q"). It reads the Document only,
// so that the same Document always gives the same mentions.
func Mentions(d *Document) []Mention {
	var out []Mention
	if p := d.Interviewee; p != nil && PersonKey(p.Name) != "" {
		m := Mention{Role: RoleInterviewee, Name: p.Name}
		for _, s := range append([]string{p.Name}, p.Aliases...) {
			m.add(d, s)
		}
		out = append(out, m)
	}
	if who := d.Interviewer; who != "" && !NamesMagazine(who, d) && PersonKey(who) != "" {
		m := Mention{Role: RoleInterviewer, Name: who}
		m.add(d, who)
		out = append(out, m)
	}
	return out
}

func (m *Mention) add(d *Document, name string) {
	name = strings.TrimSpace(name)
	if name == "" || PersonKey(name) == "" {
		return
	}
	for _, s := range m.Spellings {
		if s.Name == name {
			return
		}
	}
	s := Spelling{Name: name, Script: NameScript(name), Key: PersonKey(name)}
	for _, place := range []struct{ seen, text string }{
		{SeenTitle, d.Title}, {SeenLede, d.Body}, {SeenIntro, d.Intro},
	} {
		if place.text != "" && strings.Contains(place.text, name) {
			s.Seen = append(s.Seen, place.seen)
		}
	}
	if len(s.Seen) == 0 {
		s.Seen = []string{SeenLabel}
	}
	m.Spellings = append(m.Spellings, s)
}

// NamesMagazine reports whether an interviewer's name stands for the
// magazine (or an anonymous interviewer) rather than a person: the
// magazine's name as d gives it, or one of the labels the parser reads as
// the magazine ("Dialogue of thought", "حوار الفكر", "Q", "المحاور").
func NamesMagazine(name string, d *Document) bool {
	k := foldKey(strings.TrimSpace(name))
	if d != nil && d.Magazine != nil && d.Magazine.Name != "" && k == foldKey(d.Magazine.Name) {
		return true
	}
	if interviewerRe.MatchString(k) {
		return true
	}
	loc := magazineRe.FindStringIndex(name)
	return loc != nil && loc[0] == 0 && loc[1] == len(name)
}

// NameScript is the script a name is written in, as CompareNames sees it:
// ScriptArabic when its first word is in Arabic letters, ScriptLatin
// otherwise. CompareNames compares names of one script only.
func NameScript(name string) string {
	if w := personWords(name); len(w) > 0 && w[0].arabic {
		return ScriptArabic
	}
	return ScriptLatin
}

// NameBlocks are the outlines of the words of a normalized name (a
// PersonKey): a Latin word's consonants (without a, i, u anywhere: Ahmad
// and Ihmad are variants, and both are "hmd"), an Arabic word without ا و ي
// after its first letter. Two names CompareNames finds same or uncertain
// share at least one outline (a word equal, a variant, a vowel added or
// dropped), but for two one-word names one consonant apart: the archive
// compares only the names that share one.
func NameBlocks(key string) []string {
	var out []string
	for _, w := range strings.Fields(key) {
		var b strings.Builder
		for i, r := range w {
			if (i > 0 || r < utf8.RuneSelf) && strings.ContainsRune("aiuاوي", r) {
				continue
			}
			b.WriteRune(r)
		}
		if b.Len() == 0 {
			b.WriteString(w[:1]) // a word of vowels only ("ai") keeps its first
		}
		out = append(out, b.String())
	}
	return out
}
