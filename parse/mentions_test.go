package parse

import (
	"slices"
	"testing"
)

// Names that may be one person's share the outline of a word: the archive
// compares a new spelling only with those (NameBlocks). Two one-word names
// one consonant apart are the exception the docs name.
func FuzzNameBlocks_MatchesShareOne(f *testing.F) {
	for _, s := range [][2]string{
		{"Mustafa Al-Kadhimi", "Mostafa Kadhemi"}, {"Mohammed Shia al-Sudani", "Muhammad Shiaa Al-Soudani"},
		{"Nouri al-Maliki", "Nuri al-Malki"}, {"ابراهيم الجعفري", "ابرهيم الجعفري"}, {"Al-Kadhimi", "Mustafa Al-Kadhimi"},
		{"Ali Hussein", "Ali Hussein Obaid"}, {"Ahmed", "Ahmad"}, {"Adil Abdul-Mahdi", "Adel Abd al-Mahdi"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		m := CompareNames(a, b)
		if m == NamesDifferent || len(personWords(a)) == 1 && len(personWords(b)) == 1 && m == NamesUncertain {
			return
		}
		ba, bb := NameBlocks(PersonKey(a)), NameBlocks(PersonKey(b))
		if !slices.ContainsFunc(ba, func(x string) bool { return slices.Contains(bb, x) }) {
			t.Fatalf("CompareNames(%q, %q) = %v but their outlines %q and %q share none", a, b, m, ba, bb)
		}
	})
}

func TestMentions(t *testing.T) {
	d := &Document{
		Kind: KindInterview, Title: "Interview with Mr. Mustafa Al-Kadhimi", Body: "The magazine met Mustafa al-Kadhimi.",
		Intro: "An intro.", Magazine: &Magazine{Name: "Dialogue of Thought"}, Interviewer: "Dialogue of thought",
		Interviewee: &Person{Name: "Mustafa Al-Kadhimi", Aliases: []string{"Mustafa al-Kadhimi", "Al-Kazemi"}},
	}
	ms := Mentions(d)
	if len(ms) != 1 || ms[0].Role != RoleInterviewee || len(ms[0].Spellings) != 3 {
		t.Fatalf("Mentions: %+v (the magazine names no one)", ms)
	}
	seen := map[string][]string{}
	for _, s := range ms[0].Spellings {
		seen[s.Name] = s.Seen
		if s.Script != ScriptLatin || s.Key != PersonKey(s.Name) {
			t.Errorf("%q: script %s, key %q", s.Name, s.Script, s.Key)
		}
	}
	if !slices.Equal(seen["Mustafa Al-Kadhimi"], []string{SeenTitle}) || !slices.Equal(seen["Mustafa al-Kadhimi"], []string{SeenLede}) ||
		!slices.Equal(seen["Al-Kazemi"], []string{SeenLabel}) {
		t.Errorf("where seen: %v", seen)
	}
	for _, who := range []string{"حوار الفكر", "Q", "المحاور", "Dialogue of Thought"} {
		if !NamesMagazine(who, &Document{}) {
			t.Errorf("NamesMagazine(%q) = false", who)
		}
	}
	d.Interviewer = "Ali Hussein Obaid"
	if ms := Mentions(d); len(ms) != 2 || ms[1].Role != RoleInterviewer || ms[1].Spellings[0].Seen[0] != SeenLabel {
		t.Errorf("a named interviewer: %+v", ms)
	}
	if NameScript("مصطفى الكاظمي") != ScriptArabic || NameScript("Dr. Suad") != ScriptLatin {
		t.Error("NameScript")
	}
}
