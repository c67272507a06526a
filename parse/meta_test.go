package parse

import (
	"strings"
	"testing"
)

// TestDateLine_MetaFields reads the date from a meta line that lists
// several fields, and keeps refusing the header's widget.
func TestDateLine_MetaFields(t *testing.T) {
	for _, c := range []struct {
		in, date string
		hijri    bool
	}{
		{"نشر في 2023-11-05 | مجلة حوار الفكر العدد 49 أيلول 2023 | حاوره: علي حسين", "2023-11-05", false},
		{"March 14, 2024 · 9 min read", "2024-03-14", false},
		{"14 March 2024 / Interviews", "2024-03-14", false},
		{"By Ali Hussein | March 14, 2024", "2024-03-14", false},
		{"الخميس ٢٧ ربيع الأول ١٤٤٥ هـ | ١٢ تشرين الأول ٢٠٢٣", "2023-10-12", false},
		{"Interviews • ١٤ ربيع الأول ١٤٤٣ هـ", "١٤ ربيع الأول ١٤٤٣ هـ", true},
	} {
		d, hijri, ok := dateLine(c.in)
		if !ok || d != c.date || hijri != c.hijri {
			t.Errorf("dateLine(%q) = %q, %v, %v; want %q, %v", c.in, d, hijri, ok, c.date, c.hijri)
		}
	}
	for _, not := range []string{
		"٠٩:١٢:٤٤ بتوقيت بغداد | الأحد ٥ تشرين الثاني ٢٠٢٦ | بغداد، ١٤°", // the header's widget
		"Baghdad | 07:58:12 | Monday 12 January 2026",
		"Updated | March 14, 2024",
		"Baghdad – 12 October 2023 – The institute held its monthly seminar on water.", // a dateline opens the text
		"بغداد - ١٢ تشرين الأول ٢٠٢٣ - عقد المعهد ندوته الشهرية عن المياه.",
		"The seminar opened on 10 December 2025 | and the speakers, from three universities, spoke for two hours about water",
	} {
		if d, _, ok := dateLine(not); ok {
			t.Errorf("dateLine(%q) = %q, want no date line", not, d)
		}
	}
}

// TestMachineDate_Zones keeps the time of the forms CMSs write.
func TestMachineDate_Zones(t *testing.T) {
	for in, want := range map[string]string{
		"2024-03-14T10:00:00+0300":        "2024-03-14T10:00:00+03:00",
		"2024-03-14 10:00:00":             "2024-03-14T10:00:00",
		"Thu, 14 Mar 2024 10:00:00 +0300": "2024-03-14T10:00:00+03:00",
		"2024-03-14T10:00:00+03:00":       "2024-03-14T10:00:00+03:00",
		"2024-03-14":                      "2024-03-14",
	} {
		if got := machineDate(in); got != want {
			t.Errorf("machineDate(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestInterviewerLine reads credits where they open a line, a sentence or
// a field, and refuses sentences, clauses and questions.
func TestInterviewerLine(t *testing.T) {
	for in, want := range map[string]string{
		"From Dialogue of Thought, issue 52 (March 2024). Interview by Ali Hussein Obaid.": "Ali Hussein Obaid",
		"Dialogue of Thought No. 60 · June 2025 · Interviewed by Saad Ali":                 "Saad Ali",
		"نشر في 2023-11-05 | مجلة حوار الفكر العدد 49 أيلول 2023 | حاوره: علي حسين":        "علي حسين",
		"Interview by Dr. Saad Ali.":                "Saad Ali",
		"Interview and translation by Sarah Haddad": "Sarah Haddad",
		"Text and interview: Ali Hussein":           "Ali Hussein",
		"حاورته: نور الهدى":                         "نور الهدى",
		"أجرى اللقاء: نور الهدى كاظم":               "نور الهدى كاظم",
		"حاوره – علي حسين":                          "علي حسين",
	} {
		if got, ok := interviewerLine(in); !ok || got != want {
			t.Errorf("interviewerLine(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, not := range []string{
		"Interviewed by Reuters, he said that the government would fall before the summer.",
		"The interview conducted by Ali Hussein was published last year.",
		"Interviewer: Welcome to the magazine.", // a turn: label-shaped credits count only on meta lines
		"Interviewer: What do you think about it?",
		"حوار: نبدأ من البداية.",
	} {
		if got, ok := interviewerLine(not); ok {
			t.Errorf("interviewerLine(%q) = %q, want no credit", not, got)
		}
	}
}

// TestBylineIn reads a byline on a meta line as a person, never an office.
func TestBylineIn(t *testing.T) {
	meta := func(s string) []block { return []block{{text: s, meta: true}} }
	for in, want := range map[string]string{
		"Posted on March 3, 2024 by Sarah Haddad / Interviews": "Sarah Haddad",
		"By Ali Hussein | March 14, 2024":                      "Ali Hussein",
		"Interviewer: Saad Ali":                                "Saad Ali",
		"حوار: علي حسين":                                       "علي حسين",
		"Posted on March 3, 2024 by Media office":              "",
		"By the editorial team":                                "",
		"بقلم: المكتب الإعلامي":                                "",
		"Photos by the author, who travelled to Basra":         "",
	} {
		if got := bylineIn(meta(in)); got != want {
			t.Errorf("bylineIn(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestReadMagazine_Forms reads the issue in the forms magazines print it.
func TestReadMagazine_Forms(t *testing.T) {
	for _, c := range []struct{ in, name, issue, dateText, date string }{
		{"Dialogue of Thought No. 60 · June 2025 · Interviewed by Saad Ali", "Dialogue of Thought", "60", "June 2025", "2025-06"},
		{"Dialogue of Thought, No. 83-84 (December 2025)", "Dialogue of Thought", "83-84", "December 2025", "2025-12"},
		{"Published in Dialogue of Thought, Vol. 15, No. 49, September 2023", "Dialogue of Thought", "49", "September 2023", "2023-09"},
		{"From Dialogue of Thought, issue 52 (March 2024). Interview by Ali Hussein Obaid.", "Dialogue of Thought", "52", "March 2024", "2024-03"},
		{"نشر في 2023-11-05 | مجلة حوار الفكر العدد 49 أيلول 2023 | حاوره: علي حسين", "حوار الفكر", "49", "أيلول 2023", "2023-09"},
		{"العدد (49) لشهر أيلول 2023", "", "49", "أيلول 2023", "2023-09"},
	} {
		m := readMagazine(c.in)
		if m == nil || m.Name != c.name || m.Issue != c.issue || m.DateText != c.dateText || m.Date != c.date {
			t.Errorf("readMagazine(%q) = %+v", c.in, m)
		}
	}
	// "No." counts only after the magazine's name.
	if m := readMagazine("No. 60 of the streets in Karrada were repaved in June 2025."); m != nil {
		t.Errorf("a bare No.: %+v", m)
	}
}

// TestPersonIn_Shapes reads the interviewee from the shape of a title or
// a lede when no label names them, and the fuller spelling of a label's
// name; a name read from a shape alone needs the other text to confirm it.
func TestPersonIn_Shapes(t *testing.T) {
	for _, c := range []struct {
		labels            []string
		title, lede, name string
		role              string
		aliases           []string
	}{
		{[]string{"Al-Hakim"}, "In conversation with Ammar al-Hakim", "Ammar al-Hakim, head of the National Wisdom Movement, spoke to Dialogue of Thought about the state.",
			"Ammar al-Hakim", "head of the National Wisdom Movement", []string{"Al-Hakim"}},
		{nil, "Interview: Mustafa Al-Kadhimi on Iraq's foreign policy", "Former prime minister Mustafa Al-Kadhimi discusses the balance Baghdad tries to keep.",
			"Mustafa Al-Kadhimi", "Former prime minister", []string{}},
		{nil, "Q&A: Hanan Al-Fatlawi on women in parliament", "MP Hanan Al-Fatlawi answers our questions.", "Hanan Al-Fatlawi", "MP", []string{}},
		{nil, "Ali Allawi talks to Dialogue of Thought", "Former finance minister Ali Allawi talks about oil and budgets.", "Ali Allawi", "Former finance minister", []string{}},
		{nil, "Interview with Iraq's National Security Adviser Qasim al-Araji", "Qasim al-Araji spoke to the magazine about the borders.",
			"Qasim al-Araji", "Iraq's National Security Adviser", []string{}},
		{nil, "حوار مع الدكتور حسن النجار", "يتحدث الدكتور حسن النجار، أستاذ العلوم السياسية في جامعة بغداد، عن الانتخابات.",
			"حسن النجار", "أستاذ العلوم السياسية في جامعة بغداد", []string{}},
		{nil, "الدكتور حسن النجار في حوار مع حوار الفكر", "يرى الدكتور حسن النجار أن الانتخابات رسالة.", "حسن النجار", "", []string{}},
		{nil, "حسن النجار لحوار الفكر: الانتخابات رسالة مزدوجة", "يتحدث حسن النجار، أستاذ العلوم السياسية، عن الانتخابات.",
			"حسن النجار", "أستاذ العلوم السياسية", []string{}},
		// The label's name, not the title's capitalized words before it.
		{[]string{"Layla Abdul-Amir"}, "Economist Layla Abdul-Amir: Iraq is addicted to oil", "Dialogue of Thought magazine conducted an interview with the economist Prof. Layla Abdul-Amir.",
			"Layla Abdul-Amir", "Economist", []string{}},
	} {
		p := personIn(c.labels, c.title, c.lede, "")
		if p == nil {
			t.Errorf("%q / %q: no interviewee", c.title, c.lede)
			continue
		}
		if p.Name != c.name || p.Role != c.role || strings.Join(p.Aliases, "|") != strings.Join(c.aliases, "|") {
			t.Errorf("%q / %q:\n got %q role %q aliases %q\nwant %q role %q aliases %q", c.title, c.lede, p.Name, p.Role, p.Aliases, c.name, c.role, c.aliases)
		}
	}
	// Nothing confirms a name read from a title's shape alone: no interviewee.
	for _, c := range [][2]string{
		{"Ammar al-Hakim: the young are the majority", "In this interview the head of the movement speaks about youth."},
		{"Interview: Iraq's Foreign Policy After 2003", "Our guest discusses the region."},
	} {
		if p := personIn(nil, c[0], c[1], ""); p != nil {
			t.Errorf("%q / %q: interviewee %+v, want none", c[0], c[1], p)
		}
	}
}

// TestParse_MetaAroundTitle: a date above the title in the post's own
// header, the issue and the credit in an excerpt under it, and the credit
// winning over the questions' label.
func TestParse_MetaAroundTitle(t *testing.T) {
	page := `<html><head><title>In conversation with Ammar al-Hakim</title></head><body>
<div class="site-top"><span>18:42:07</span> Baghdad Time · Thursday · 2026March14</div>
<article class="post"><header class="post-header">
<section class="post-meta"><time datetime="2024-03-14">14 March 2024</time> / <a href="/en/tag/interviews/">Interviews</a></section>
<h1>In conversation with Ammar al-Hakim</h1>
<p class="excerpt">From Dialogue of Thought, issue 52 (March 2024). Interview by Ali Hussein Obaid.</p></header>
<section class="post-body">
<p>Ammar al-Hakim, head of the National Wisdom Movement, spoke to Dialogue of Thought about the young.</p>
<p><strong>Dialogue of Thought:</strong> What do you mean by the least heard voice?</p>
<p><strong>Al-Hakim:</strong> More than half of Iraqis were born after 2003.</p>
<p><strong>Dialogue of Thought:</strong> Is the political class listening?</p>
<p><strong>Al-Hakim:</strong> Not enough, and some of us heard the warning late.</p>
</section></article></body></html>`
	d := parseConv(t, page)
	if d.Published != "2024-03-14" {
		t.Errorf("published %q", d.Published)
	}
	if m := d.Magazine; m == nil || m.Issue != "52" || m.Date != "2024-03" {
		t.Errorf("magazine %+v", d.Magazine)
	}
	if d.Interviewer != "Ali Hussein Obaid" {
		t.Errorf("interviewer %q", d.Interviewer)
	}
	if p := d.Interviewee; p == nil || p.Name != "Ammar al-Hakim" || p.Role != "head of the National Wisdom Movement" {
		t.Errorf("interviewee %+v", d.Interviewee)
	}
}

// TestParse_NoTurnsInterviewee: a page that presents itself as an
// interview without turns still names its interviewee.
func TestParse_NoTurnsInterviewee(t *testing.T) {
	d := parseConv(t, interviewPage("Interview with Dr. Hassan Karim Al-Najjar", ledeEn,
		"<p>"+strings.Repeat("The director spoke at length about the institute and its first years in Karrada. ", 8)+"</p>"))
	if d.Kind != KindInterview || len(d.QA) != 0 {
		t.Fatalf("kind %q, %d pairs", d.Kind, len(d.QA))
	}
	if p := d.Interviewee; p == nil || p.Name != "Hassan Karim Al-Najjar" {
		t.Errorf("interviewee %+v", d.Interviewee)
	}
}
