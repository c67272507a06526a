package parse

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html/atom"
	"golang.org/x/text/encoding/charmap"
)

func TestNormalizeArabic(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"حِوار", "حوار"},
		{"حـــوار", "حوار"},
		{"أحمد إبراهيم آمال ٱلله", "احمد ابراهيم امال الله"},
		{"العدد (٨٣-٨٤)", "العدد (83-84)"},
		{"۱۲۳", "123"},
		{"\u200fنص\u200e \u202bمضمّن\u202c \u2067x\u2069", "نص مضمن x"},
		{"مُصْطَفَى الكاظِمي", "مصطفى الكاظمي"},
		{"Dialogue of thought", "Dialogue of thought"},
		{"", ""},
	} {
		if got := normalizeArabic(c.in); got != c.want {
			t.Errorf("normalizeArabic(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestMonthYear(t *testing.T) {
	for _, c := range []struct{ in, text, ym string }{
		{"published in issue (49) issued in September 2029.", "September 2029", "2029-09"},
		{"issued in Sept. 2019", "Sept. 2019", "2019-09"},
		{"الصادر في أيلول ٢٠١٩", "أيلول ٢٠١٩", "2019-09"},
		{"الصادر في ايلول 2019", "ايلول 2019", "2019-09"},
		{"كانون الأول ٢٠٢٥", "كانون الأول ٢٠٢٥", "2025-12"},
		{"كانون الثاني 2026", "كانون الثاني 2026", "2026-01"},
		{"تشرين الأول 2020", "تشرين الأول 2020", "2020-10"},
		{"تشرين الثاني 2020", "تشرين الثاني 2020", "2020-11"},
		{"صدر في تشرين الثاني/نوفمبر 2023", "تشرين الثاني/نوفمبر 2023", "2023-11"},
		{"شباط 2021", "شباط 2021", "2021-02"},
		{"آذار ٢٠٢٢", "آذار ٢٠٢٢", "2022-03"},
		{"نيسان 2022", "نيسان 2022", "2022-04"},
		{"أيار 2022", "أيار 2022", "2022-05"},
		{"حزيران 2022", "حزيران 2022", "2022-06"},
		{"تموز 2022", "تموز 2022", "2022-07"},
		{"آب 2022", "آب 2022", "2022-08"},
		{"مارس 2012", "مارس 2012", "2012-03"},
		{"يناير ٢٠١٠", "يناير ٢٠١٠", "2010-01"},
		{"ديسمبر 2011", "ديسمبر 2011", "2011-12"},
		{"أغسطس 2011", "أغسطس 2011", "2011-08"},
		{"كانـون الأول 2025", "كانـون الأول 2025", "2025-12"},
	} {
		text, ym, ok := MonthYear(c.in)
		if !ok || text != c.text || ym != c.ym {
			t.Errorf("MonthYear(%q) = %q, %q, %v; want %q, %q", c.in, text, ym, ok, c.text, c.ym)
		}
	}
	if _, _, ok := MonthYear("no month here, 2029"); ok {
		t.Error("MonthYear found a month where there is none")
	}
}

func TestReadMagazine(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Magazine
	}{
		{"Dialogue of Thought magazine conducted an interview with ..., which was published in issue (49) issued in September 2029.",
			Magazine{Name: "Dialogue of Thought", Issue: "49", DateText: "September 2029", Date: "2029-09"}},
		{"أجرت مجلة حوار الفكر حواراً ... نشر في العدد (٤٩) الصادر في أيلول ٢٠١٩.",
			Magazine{Name: "حوار الفكر", Issue: "49", DateText: "أيلول ٢٠١٩", Date: "2019-09"}},
		{"في العدد المزدوج (٨٣-٨٤) من مجلة حوار الفكر الصادر في كانون الأول ٢٠٢٥",
			Magazine{Name: "حوار الفكر", Issue: "83-84", DateText: "كانون الأول ٢٠٢٥", Date: "2025-12"}},
		{"the double issue (83 – 84) of Thought Dialog, issued in December 2025",
			Magazine{Name: "Thought Dialog", Issue: "83-84", DateText: "December 2025", Date: "2025-12"}},
	} {
		got := readMagazine(c.in)
		if got == nil || *got != c.want {
			t.Errorf("readMagazine(%q) = %+v, want %+v", c.in, got, c.want)
		}
	}
}

func TestSameName(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"Mustafa Al-Kadhimi", "Mustafa Al-Kazemi", true},
		{"Mr. Mustafa Al-Kazemi", "Mustafa al-Kadhimi", true},
		{"al-Kadhimi", "Mustafa Al-Kazemi", true},
		{"Mustafa Al Kadhimi", "Mustafa Al-Kadhimi", true},
		{"Mustafa Kazemi", "Mustafa Al-Kadhimi", true},
		{"Moustafa al-Kazimi", "Mustafa Al-Kadhimi", true},
		{"Mohammed", "Muhammad", true},
		{"Hussein", "Husain", true},
		{"Qasim", "Kassem", true},
		{"Hassan Al-Najjar", "Dr. Hassan Karim Al-Najjar", true},
		{"مصطفى الكاظمي", "السيد مصطفى الكاظمى", true},
		{"حسن النجار", "حسن كريم النجار", true},
		{"Dialogue of thought", "Mr. Mustafa Al-Kazemi", false},
		{"Mustafa Al-Kadhimi", "Mustafa Al-Najjar", false},
		{"Ali", "Ala", false},
		{"Hassan", "Hussein", false},
		{"Ali Hussein Obaid", "Hassan Karim Al-Najjar", false},
		{"مصطفى الكاظمي", "Mustafa Al-Kadhimi", false},
		{"حوار الفكر", "السيد مصطفى الكاظمي", false},
	} {
		if got := SameName(c.a, c.b); got != c.want {
			t.Errorf("SameName(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
		if got := SameName(c.b, c.a); got != c.want {
			t.Errorf("SameName(%q, %q) = %v, want %v (not symmetric)", c.b, c.a, got, c.want)
		}
	}
}

// TestFoldLatin checks the one-pass folding against skeleton and vowelRuns.
func TestFoldLatin(t *testing.T) {
	for _, w := range []string{"kadhimi", "kazemi", "kazimi", "mustafa", "moustafa", "mohammed", "muhammad", "hussein",
		"husain", "hassan", "qasim", "kassem", "najjar", "alexander", "thaer", "ya", "x", "aeiou", "shakhs", "ou"} {
		skel, vowels := foldLatin(w)
		if skel != skeleton(w) || vowels != vowelRuns(w) {
			t.Errorf("foldLatin(%q) = %q, %q; want %q, %q", w, skel, vowels, skeleton(w), vowelRuns(w))
		}
	}
}

func TestSplitLabel(t *testing.T) {
	for _, c := range []struct {
		name        string
		b           block
		label, rest string
		ok          bool
	}{
		{"plain", block{text: "Dialogue of thought: Where is the region heading?"}, "Dialogue of thought", "Where is the region heading?", true},
		{"honorific", block{text: "Mr. Mustafa Al-Kazemi: Even if escalation..."}, "Mr. Mustafa Al-Kazemi", "Even if escalation...", true},
		{"bold with colon", block{text: "Dialogue of thought: Where?", bold: "Dialogue of thought:"}, "Dialogue of thought", "Where?", true},
		{"bold then colon", block{text: "Dialogue of thought : Where?", bold: "Dialogue of thought"}, "Dialogue of thought", "Where?", true},
		{"bold alone", block{text: "Mr. Mustafa Al-Kazemi", bold: "Mr. Mustafa Al-Kazemi"}, "Mr. Mustafa Al-Kazemi", "", true},
		{"arabic", block{text: "حوار الفكر: إلى أين تتجه المنطقة؟"}, "حوار الفكر", "إلى أين تتجه المنطقة؟", true},
		{"Q", block{text: "س: ما رأيك؟"}, "س", "ما رأيك؟", true},
		{"colon mid-sentence", block{text: "As the old Baghdadi proverb says, and I agree with it: the one who listens first"}, "", "", false},
		{"clock", block{text: "10:30 in the morning"}, "", "", false},
		{"url", block{text: "http://example.com/a"}, "", "", false},
		{"one-off label", block{text: "Source: http://example.com"}, "Source", "http://example.com", true},
		{"digits", block{text: "Issue 49: September"}, "", "", false},
		{"question in label", block{text: "Why? Because: reasons"}, "", "", false},
		{"no colon", block{text: "There is an old Iraqi desire"}, "", "", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			label, rest, ok := splitLabel(c.b)
			if ok != c.ok || label != c.label || rest != c.rest {
				t.Errorf("splitLabel(%q) = %q, %q, %v; want %q, %q, %v", c.b.text, label, rest, ok, c.label, c.rest, c.ok)
			}
		})
	}
}

// paras makes content blocks from paragraphs.
func paras(ps ...string) []block {
	out := make([]block, len(ps))
	for i, p := range ps {
		out[i] = block{text: p, tag: atom.P, letters: int32(countLetters(p))}
	}
	return out
}

func TestFindTurns(t *testing.T) {
	t.Run("continuation and colon inside answer", func(t *testing.T) {
		iv := labelTurns(paras(
			"Lede naming the magazine.",
			"Dialogue of thought: How did it begin?",
			"Dr. Hassan Al-Najjar: In a small room.",
			"We decided to listen first.",
			"As the old Baghdadi proverb says: the one who listens first speaks last.",
			"Dialogue of thought: Was it easy?",
			"Dr. Hassan Al-Najjar: No, and I will not pretend otherwise, not for a moment.",
			"He told me: \"Write whatever you like.\" I answered that the title is the study.",
		))
		if iv == nil {
			t.Fatal("no interview found")
		}
		want := []QA{
			{"How did it begin?", "In a small room.\n\nWe decided to listen first.\n\nAs the old Baghdadi proverb says: the one who listens first speaks last."},
			{"Was it easy?", "No, and I will not pretend otherwise, not for a moment.\n\nHe told me: \"Write whatever you like.\" I answered that the title is the study."},
		}
		if len(iv.qa) != len(want) {
			t.Fatalf("got %d pairs, want %d: %+v", len(iv.qa), len(want), iv.qa)
		}
		for i := range want {
			if iv.qa[i] != want[i] {
				t.Errorf("qa[%d] = %+v, want %+v", i+1, iv.qa[i], want[i])
			}
		}
		if len(iv.pre) != 1 || iv.interviewer != "Dialogue of thought" || len(iv.labels) != 1 || iv.labels[0] != "Dr. Hassan Al-Najjar" {
			t.Errorf("pre=%d interviewer=%q labels=%q", len(iv.pre), iv.interviewer, iv.labels)
		}
	})
	t.Run("news datelines are not turns", func(t *testing.T) {
		if iv := labelTurns(paras(
			"Baghdad: The Iraqi Institute for Dialogue held a seminar on water security on Tuesday.",
			"Speakers: Dr. Ali Hassan, Dr. Noor Jaafar and Mr. Kareem Salman from the ministry.",
			"Moderator: Dr. Zainab Ali, who opened the seminar with a short paper.",
			"The seminar ended with recommendations.",
		)); iv != nil {
			t.Errorf("news read as an interview: %+v", iv.qa)
		}
	})
	t.Run("a programme is not an interview", func(t *testing.T) {
		if iv := labelTurns(paras("Time: ten", "Place: hall", "Time: noon", "Place: garden")); iv != nil {
			t.Errorf("programme read as an interview: %+v", iv.qa)
		}
	})
	t.Run("bold labels on lines of their own", func(t *testing.T) {
		iv := labelTurns([]block{
			{text: "Dialogue of thought", bold: "Dialogue of thought"}, {text: "Is Iraq an ally of Russia?"},
			{text: "Mr. Mustafa Al-Kazemi", bold: "Mr. Mustafa Al-Kazemi"}, {text: "Russia has interests in the region, and so do we."},
			{text: "Dialogue of thought", bold: "Dialogue of thought"}, {text: "And reconstruction?"},
			{text: "Mr. Mustafa Al-Kazemi", bold: "Mr. Mustafa Al-Kazemi"}, {text: "Russia has good expertise and capabilities."},
		})
		if iv == nil || len(iv.qa) != 2 || iv.qa[1].Question != "And reconstruction?" || iv.qa[1].Answer != "Russia has good expertise and capabilities." {
			t.Fatalf("got %+v", iv)
		}
	})
	t.Run("misspelled label is the same speaker", func(t *testing.T) {
		iv := labelTurns(paras(
			"Dialogue of thought: One?", "Mr. Mustafa Al-Kazemi: First answer, long enough to count.",
			"Dialogue of thought: Two?", "Mr. Mustafa Al-Kadhimi: Second answer, long enough to count.",
			"Dialogue of thought: Three?", "Mr. Mustafa Al-Kazemi: Third answer, long enough to count.",
		))
		if iv == nil || len(iv.qa) != 3 || !strings.HasPrefix(iv.qa[1].Answer, "Second") {
			t.Fatalf("got %+v", iv)
		}
		if len(iv.labels) != 2 {
			t.Errorf("labels = %q, want both spellings", iv.labels)
		}
	})
}

func TestEndsSentence(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
	}{
		{"it believes that Iraq is now much better in its ability to achieve local stability under a", false},
		{"and here comes the role of strategic construction of security", false},
		{"connecting us with Iran and all", false},
		{"but rather permanent interests.", true},
		{"He said: \"enough.\"", true},
		{"Really?", true},
		{"هل هذا صحيح؟", true},
		{"وهذا ما نسعى إليه.\u200f", true},
		{"(as agreed.)", true},
	} {
		if got := endsSentence(c.in); got != c.want {
			t.Errorf("endsSentence(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestRepeatedPassage(t *testing.T) {
	doubled := "There is an old Iraqi desire to reassure the return to consolidate relations with the Russians due to the fear of America leaving its support. " +
		"There is an old Iraqi desire to reassure the return to consolidate relations with the Russians because of the fear of America leaving its support. " +
		"All these questions are answered by the head of the service."
	if a, b := repeatedPassage(doubled); a != 1 || b != 2 {
		t.Errorf("repeatedPassage(doubled) = %d, %d; want 1, 2", a, b)
	}
	distinct := "It is difficult to predict the nature of the roles, which are not clear in the first place, but the indicators show the roles continue. " +
		"It is difficult to predict the continuation of the Saudi and Iranian roles in the same direction, and if there is a change, it is slight."
	if a, _ := repeatedPassage(distinct); a != 0 {
		t.Errorf("repeatedPassage(distinct) flagged sentence %d", a)
	}
}

func TestExactRepeat(t *testing.T) {
	s := "First sentence is short. The same long sentence of more than ten words appears here twice. Other words. " +
		"The same long sentence of more than ten words appears here twice. End."
	if a, b := exactRepeat(s); a != 2 || b != 4 {
		t.Errorf("exactRepeat = %d, %d; want 2, 4", a, b)
	}
	if a, _ := exactRepeat("One sentence of quite a few words that is never repeated anywhere at all. Another one."); a != 0 {
		t.Errorf("exactRepeat flagged sentence %d", a)
	}
}

func TestPostIDAndDocKey(t *testing.T) {
	for _, c := range []struct {
		url, key, lang string
		id             int
	}{
		{"https://hewariraq.com/en/post/708/dialog-magazine-dialog-thought-with-head-device-intelligence-iraqi-mr.-mustafa-kazemi", "hewariraq.com/en/post/708", "en", 708},
		{"https://hewariraq.com/post/777", "hewariraq.com/ar/post/777", "ar", 777},
		{"http://hewariraq.com/post/468/%D9%85%D8%AF%D9%8A%D8%B1", "hewariraq.com/ar/post/468", "ar", 468},
		{"http://www.hewariraq.com:80/post/468/مدير", "hewariraq.com/ar/post/468", "ar", 468},
		{"http://127.0.0.1:8080/en/post/708", "hewariraq.com/en/post/708", "en", 708},
		{"https://web.archive.org/web/2020/https://hewariraq.com/en/post/708/x", "hewariraq.com/en/post/708", "en", 708},
		{"http://localhost:8080/my-coll/20200101000000/hewariraq.com/en/post/708", "hewariraq.com/en/post/708", "en", 708},
		{"http://[::1]:8080/post/777", "hewariraq.com/ar/post/777", "ar", 777},
		{"https://m.hewariraq.com/post/777", "hewariraq.com/ar/post/777", "ar", 777},
		// Another site's /post/{id} (Tumblr, Ghost) is that site's page.
		{"https://marshnotes.tumblr.com/post/713245889102/ask-me", "marshnotes.tumblr.com/ar/post/713245889102/ask-me", "", 0},
		{"https://other.example/en/post/123", "other.example/en/post/123", "", 0},
		{"https://hewariraq.com.example/post/123", "hewariraq.com.example/ar/post/123", "", 0},
		{"http://127.0.0.1:8080/en/post/708/?utm_source=x#comments", "hewariraq.com/en/post/708", "en", 708},
		{"http://127.0.0.1:8080/en/news?page=2", "127.0.0.1/en/news?page=2", "", 0},
		{"http://WWW.Example.org:8080/en/news/?page=2&b=1", "example.org/en/news?b=1&page=2", "", 0},
		{"http://127.0.0.1/news?utm_source=fb&page=3", "127.0.0.1/ar/news?page=3", "", 0},
		{"https://hewariraq.com/", "hewariraq.com/ar", "", 0},
		{"https://hewariraq.com/en/", "hewariraq.com/en", "", 0},
		{"https://hewariraq.com/main/%D8%AD%D9%88%D8%A7%D8%B1/", "hewariraq.com/ar/main/حوار", "", 0},
		{"https://hewariraq.com/en/print/708", "hewariraq.com/en/print/708", "", 0},
		// A directory's index page is the directory, as in the crawler's keys.
		{"http://127.0.0.1/en/about/index.html", "127.0.0.1/en/about", "", 0},
		{"http://127.0.0.1/about/Default.aspx", "127.0.0.1/ar/about", "", 0},
		{"http://127.0.0.1/index.htm", "127.0.0.1/ar", "", 0},
		{"https://forum.example/smf/index.php?topic=5512.0", "forum.example/ar/smf?topic=5512.0", "", 0},
		{"http://127.0.0.1/about/index.html.bak", "127.0.0.1/ar/about/index.html.bak", "", 0},
		// The old WordPress site's own address of a post: its id, on any host.
		{"https://hewariraq.com/?p=4120", "hewariraq.com/?p=4120", "", 0},
		{"http://www.hewariraq.com/index.php?p=4120&utm_source=x", "hewariraq.com/?p=4120", "", 0},
		{"http://127.0.0.1:8081/en/?p=4120", "hewariraq.com/?p=4120", "", 0},
		{"https://someblog.example/?p=4120", "someblog.example/ar?p=4120", "", 0},
		{"https://hewariraq.com/?p=abc", "hewariraq.com/ar?p=abc", "", 0},
		{"https://hewariraq.com/?p=-3", "hewariraq.com/ar?p=-3", "", 0},
		{"https://hewariraq.com/?page_id=12", "hewariraq.com/ar?page_id=12", "", 0},
		{"https://hewariraq.com/news/?p=4120", "hewariraq.com/ar/news?p=4120", "", 0},
		{"https://hewariraq.com/2016/03/an-interview/", "hewariraq.com/ar/2016/03/an-interview", "", 0},
		// Keys map to themselves.
		{"hewariraq.com/?p=4120", "hewariraq.com/?p=4120", "", 0},
		{"hewariraq.com/en/post/708", "hewariraq.com/en/post/708", "en", 708},
		{"127.0.0.1/en/news?page=2", "127.0.0.1/en/news?page=2", "", 0},
		{"hewariraq.com/ar", "hewariraq.com/ar", "", 0},
		{"www.hewariraq.com/en/news", "hewariraq.com/en/news", "", 0},
	} {
		if got := DocKey(c.url); got != c.key {
			t.Errorf("DocKey(%q) = %q, want %q", c.url, got, c.key)
		}
		lang, id, ok := PostID(c.url)
		if ok != (c.id != 0) || lang != c.lang || id != c.id {
			t.Errorf("PostID(%q) = %q, %d, %v; want %q, %d", c.url, lang, id, ok, c.lang, c.id)
		}
	}
}

// On a host other than the site's own whose path carries no language, the
// key's language is the page's; the site's own keys never change.
func TestDocKeyLang(t *testing.T) {
	for _, c := range []struct{ url, lang, key string }{
		{"https://hewar-thought.blogspot.com/2024/03/a.html", "en", "hewar-thought.blogspot.com/en/2024/03/a.html"},
		{"https://hewar-thought.blogspot.com/2024/03/a.html", "ar", "hewar-thought.blogspot.com/ar/2024/03/a.html"},
		{"https://hewar-thought.blogspot.com/2024/03/a.html", "", "hewar-thought.blogspot.com/ar/2024/03/a.html"},
		{"https://hewar-dialogue.org/index.php?option=com_content&id=233", "en", "hewar-dialogue.org/en?id=233&option=com_content"},
		{"https://example.org/", "en", "example.org/en"},
		{"https://example.org/?page=2", "en", "example.org/en?page=2"},
		{"https://example.org/arabic-page", "en", "example.org/en/arabic-page"},
		// The path says which language it is.
		{"https://example.org/ar/news/1", "en", "example.org/ar/news/1"},
		{"https://example.org/en/news/1", "ar", "example.org/en/news/1"},
		// The site's own keys and posts keep DocKey's key.
		{"https://hewariraq.com/2016/03/an-interview/", "en", "hewariraq.com/ar/2016/03/an-interview"},
		{"https://www.hewariraq.com/contact", "en", "hewariraq.com/ar/contact"},
		{"https://hewariraq.com/?p=4120", "en", "hewariraq.com/?p=4120"},
		{"http://127.0.0.1:8080/post/777", "en", "hewariraq.com/ar/post/777"},
		// Another host's /post/{id} is its own page, in its language.
		{"https://mirror.example/post/777", "en", "mirror.example/en/post/777"},
		{"http://127.0.0.1:8081/?p=4120", "en", "hewariraq.com/?p=4120"},
		// A key maps to itself.
		{"hewar-thought.blogspot.com/en/2024/03/a.html", "en", "hewar-thought.blogspot.com/en/2024/03/a.html"},
	} {
		if got := DocKeyLang(c.url, c.lang); got != c.key {
			t.Errorf("DocKeyLang(%q, %q) = %q, want %q", c.url, c.lang, got, c.key)
		}
	}
}

func TestIsVolatile(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
	}{
		{"00:00:00", true},
		{"Baghdad Time", true},
		{"2026January08", true},
		{"Thursday", true},
		{"11 °C", true},
		{"Baghdad، 11°", true},
		{"00:00:00 Baghdad Time 2026January08 Thursday 11 °C Baghdad، 11°", true},
		{"بتوقيت بغداد", true},
		{"2026كانون الثاني08", true},
		{"الخميس", true},
		{"11 °م", true},
		{"بغداد، 11°", true},
		{"Dialogue of thought: Where is the region heading?", false},
		{"Interview with the head of the Iraqi intelligence service", false},
	} {
		if got := isVolatile(c.in); got != c.want {
			t.Errorf("isVolatile(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestParse_Errors(t *testing.T) {
	now := time.Date(2026, 1, 8, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name, ctype string
		body        []byte
		want        error
	}{
		{"empty", "text/html", nil, ErrEmpty},
		{"blank", "", []byte(" \n\t "), ErrEmpty},
		{"pdf", "application/pdf", []byte("%PDF-1.4 ..."), ErrNotHTML},
		{"binary", "", []byte("\x89PNG\r\n\x1a\n\x00\x00"), ErrNotHTML},
		{"plain text", "", []byte("just some words, no markup"), ErrNotHTML},
		{"json", "application/json", []byte(`{"a":1}`), ErrNotHTML},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := Parse("http://127.0.0.1/x", c.ctype, c.body, now); !errors.Is(err, c.want) {
				t.Errorf("err = %v, want %v", err, c.want)
			}
		})
	}
}

func TestParse_Charset(t *testing.T) {
	// windows-1256 has no Arabic-Indic digits: legacy pages use ASCII ones.
	const text = "حوار الفكر: ما رأيك في العدد (49)؟"
	page := func(meta string) string {
		return "<html><head>" + meta + "<title>حوار</title></head><body><h1>حوار</h1><p>" + text + "</p></body></html>"
	}
	enc := func(s string) []byte {
		b, err := charmap.Windows1256.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, c := range []struct {
		name, ctype string
		body        []byte
	}{
		{"utf-8 declared", "text/html; charset=utf-8", []byte(page(`<meta charset="utf-8">`))},
		{"utf-8 undeclared", "", []byte(page(""))},
		{"windows-1256 in header", "text/html; charset=windows-1256", enc(page(""))},
		{"windows-1256 in meta http-equiv", "text/html", enc(page(`<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">`))},
		{"windows-1256 undeclared", "text/html", enc(page(""))},
		{"windows-1256 mislabelled utf-8", "text/html; charset=utf-8", enc(page(`<meta charset="utf-8">`))},
		{"utf-8 mislabelled windows-1256", "text/html; charset=windows-1256", []byte(page(""))},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, err := Parse("http://127.0.0.1/post/312", c.ctype, c.body, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			if d.Body != text {
				t.Errorf("body = %q, want %q", d.Body, text)
			}
		})
	}
}

func TestParse_Links(t *testing.T) {
	body := `<html><body><h1>Title of the page</h1><p>Text of the page, long enough.</p>
<a href="/en/news">News</a> <a href="post/5#comments">rel</a> <a href="https://127.0.0.1:8080/x">https same host</a>
<a href="http://127.0.0.1:9090/other-port">other port</a> <a href="https://facebook.com/x">fb</a>
<a href="mailto:a@b.c">m</a> <a href="javascript:void(0)">j</a> <a href="data:text/html,x">d</a> <a href="file:///etc/passwd">f</a>
<a href="#top">top</a> <a href="/en/news">dup</a></body></html>`
	d, err := Parse("http://127.0.0.1:8080/en/dir/page", "text/html", []byte(body), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"http://127.0.0.1:8080/en/news", "http://127.0.0.1:8080/en/dir/post/5", "https://127.0.0.1:8080/x"}
	if strings.Join(d.Links, " ") != strings.Join(want, " ") {
		t.Errorf("links = %q, want %q", d.Links, want)
	}
}

// TestParse_LinksFastPath checks that root-relative links resolved without
// net/url come out exactly as net/url writes them.
func TestParse_LinksFastPath(t *testing.T) {
	hrefs := []string{"/en/news", "/en/news?page=2", "/post/708/%D9%85%D8%AC", "/post/708/%d9%85", "/a/./b", "/a/../b",
		"/en/news#top", "/q?a=1&b=2+3,4", "/bad%zz", "/ünï", "/sp ace", "/x?y=%2F"}
	var b strings.Builder
	b.WriteString("<html><body><h1>Links test page</h1><p>Some text of the page, long enough.</p>")
	for _, h := range hrefs {
		b.WriteString(`<a href="` + h + `">l</a> `)
	}
	b.WriteString("</body></html>")
	d, err := Parse("http://127.0.0.1:8080/en/dir/page", "text/html", []byte(b.String()), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse("http://127.0.0.1:8080/en/dir/page")
	var want []string
	seen := map[string]bool{}
	for _, h := range hrefs {
		u, err := base.Parse(h)
		if err != nil {
			continue
		}
		u.Fragment, u.RawFragment = "", ""
		if s := u.String(); !seen[s] {
			seen[s] = true
			want = append(want, s)
		}
	}
	if strings.Join(d.Links, "\n") != strings.Join(want, "\n") {
		t.Errorf("links:\n%s\nwant:\n%s", strings.Join(d.Links, "\n"), strings.Join(want, "\n"))
	}
}

func TestParse_Published(t *testing.T) {
	header := `<header class="site-header"><time datetime="2026-01-08">2026January08</time> Thursday</header>`
	for _, c := range []struct{ name, head, main, want string }{
		{"header date is never published", "", `<p>Some text of the post, long enough to be content.</p>`, ""},
		{"meta", `<meta property="article:published_time" content="2019-10-01T09:00:00+03:00">`, `<p>Text.</p>`, "2019-10-01T09:00:00+03:00"},
		{"json-ld", `<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2025-12-20"}</script>`, `<p>Text.</p>`, "2025-12-20"},
		{"time in post", "", `<p>Posted on <time datetime="2022-04-10">April 10, 2022</time></p><p>Text.</p>`, "2022-04-10"},
		{"date line day first", "", `<p>Published: 05/01/2026</p><p>Text.</p>`, "2026-01-05"},
		{"arabic date line", "", `<p>نشر بتاريخ: ٢٨ كانون الأول ٢٠٢٥</p><p>نص.</p>`, "2025-12-28"},
	} {
		t.Run(c.name, func(t *testing.T) {
			page := "<html><head><title>A post</title>" + c.head + "</head><body>" + header + "<article><h1>A post</h1>" + c.main + "</article></body></html>"
			d, err := Parse("http://127.0.0.1/en/post/9", "text/html", []byte(page), time.Date(2026, 1, 8, 0, 0, 0, 0, time.UTC))
			if err != nil {
				t.Fatal(err)
			}
			if d.Published != c.want {
				t.Errorf("published = %q, want %q", d.Published, c.want)
			}
			if strings.Contains(d.Body, "05/01/2026") || strings.Contains(d.Body, "نشر بتاريخ") {
				t.Errorf("date line left in body: %q", d.Body)
			}
		})
	}
}

func TestParse_NoTurnsFound(t *testing.T) {
	page := `<html><body><article><h1>Interview with the Minister of Planning</h1>
<p>Dialogue of Thought magazine conducted an interview with the minister, published in issue (50) issued in December 2019.</p>
<p>The minister spoke about the budget and the census without any labelled questions in this version of the page.</p></article></body></html>`
	d, err := Parse("http://127.0.0.1/en/post/901", "text/html", []byte(page), time.Date(2026, 1, 8, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if d.Kind != KindInterview || len(d.QA) != 0 || !hasWarning(d, WarnNoTurnsFound, "qa") {
		t.Errorf("kind=%q qa=%d warnings=%+v", d.Kind, len(d.QA), d.Warnings)
	}
}

func TestParse_GenericFallback(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<html><head><title>A page of an unknown theme</title></head><body><div class="x">`)
	for i := 0; i < 6; i++ {
		b.WriteString(`<div class="y">This unknown theme has no heading at all, but it has a long paragraph of text that a reader would call the content of the page, with commas, and full stops.</div>`)
	}
	b.WriteString(`</div></body></html>`)
	d, err := Parse("http://127.0.0.1/unknown", "text/html", []byte(b.String()), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Parser.Name != ParserPage || !strings.Contains(d.Body, "long paragraph") || !hasWarning(d, WarnGenericLayout, "") {
		t.Errorf("parser=%q body=%q warnings=%+v", d.Parser.Name, d.Body, d.Warnings)
	}
}

func hasWarning(d *Document, code, where string) bool {
	for _, w := range d.Warnings {
		if w.Code == code && w.Where == where {
			return true
		}
	}
	return false
}

func TestContentHash_IgnoresDirectionMarksAndSpace(t *testing.T) {
	a := &Document{Title: "حوار  الفكر", QA: []QA{{Question: "س؟", Answer: "ج."}}}
	b := &Document{Title: "\u200fحوار الفكر\n", QA: []QA{{Question: "س؟", Answer: "ج."}}, URL: "x", Links: []string{"y"}}
	if ContentHash(a) != ContentHash(b) {
		t.Error("direction marks, white space or non-content fields changed the hash")
	}
	c := &Document{Title: "حوار الفكر", QA: []QA{{Question: "س؟", Answer: "ج!"}}}
	if ContentHash(a) == ContentHash(c) {
		t.Error("an edited answer kept the hash")
	}
	d := &Document{Title: "حوار الفكر", QA: []QA{{Question: "س؟ ج.", Answer: ""}}}
	if ContentHash(a) == ContentHash(d) {
		t.Error("moving text between fields kept the hash")
	}
}

func TestIsListingURL(t *testing.T) {
	for _, c := range []struct {
		url  string
		want bool
	}{
		{"http://127.0.0.1/news", true},
		{"http://127.0.0.1/en/seminars/", true},
		{"http://127.0.0.1/en/news?page=2", true},
		{"https://example.org/category/activities", true},
		{"https://example.org/news/page/2", true},
		{"https://example.org/news/4120", false},
		{"https://example.org/news/2019/05/a-slug", false},
		{"http://127.0.0.1/en/post/708", false},
		{"http://127.0.0.1/contact", false},
	} {
		u, _ := url.Parse(c.url)
		if got := isListingURL(u); got != c.want {
			t.Errorf("isListingURL(%s) = %v, want %v", c.url, got, c.want)
		}
	}
}

// A page of the old WordPress site under a pretty address is the post its
// shortlink names, so that /2016/03/slug/ and /?p=4120 are one document;
// without a shortlink it is its own page; a post of the current site keeps
// its own key whatever its head says.
func TestParse_WordPressShortlink(t *testing.T) {
	page := func(head string) []byte {
		return []byte(`<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8"><title>حوار مع مدير المعهد – المعهد العراقي للحوار</title>` + head +
			`<link rel="stylesheet" href="/wp-content/themes/twentysixteen/style.css"></head><body class="post-template-default single single-post postid-4120">` +
			`<article id="post-4120" class="post-4120 post type-post"><h1 class="entry-title">حوار مع مدير المعهد</h1>` +
			`<div class="entry-content"><p>نص الحوار كما نشر على الموقع القديم، في فقرة طويلة بما يكفي لتكون متنا.</p></div></article></body></html>`)
	}
	at := time.Date(2016, 3, 10, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct{ url, head, key string }{
		{"https://hewariraq.com/2016/03/an-interview/", `<link rel='shortlink' href='https://hewariraq.com/?p=4120' />`, "hewariraq.com/?p=4120"},
		{"http://127.0.0.1:8081/2016/03/an-interview/", `<link rel="alternate shortlink" href="/?p=4120">`, "hewariraq.com/?p=4120"},
		{"https://hewariraq.com/2016/03/an-interview/", ``, "hewariraq.com/ar/2016/03/an-interview"},
		{"https://hewariraq.com/2016/03/an-interview/", `<link rel="shortlink" href="https://wp.me/p7xyz-13">`, "hewariraq.com/ar/2016/03/an-interview"},
		{"https://hewariraq.com/post/468", `<link rel="shortlink" href="https://hewariraq.com/?p=4120">`, "hewariraq.com/ar/post/468"},
	} {
		d, err := Parse(c.url, "text/html; charset=utf-8", page(c.head), at)
		if err != nil {
			t.Fatal(err)
		}
		if d.DocKey != c.key {
			t.Errorf("%s with %q: doc_key %q, want %q", c.url, c.head, d.DocKey, c.key)
		}
	}
}
