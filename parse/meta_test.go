package parse

import (
	"strings"
	"testing"
)

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
		// The magazine's name between "عدد" and "رقم", issues numbered in words.
		{"في عدد مجلة حوار الفكر رقم ٢٥ الصادر في شهر أكتوبر ٢٠١٢، يتحدث وزير التخطيط", "حوار الفكر", "25", "أكتوبر ٢٠١٢", "2012-10"},
		{"نشر في العدد التاسع والأربعين من مجلة حوار الفكر الصادر في أيلول 2019", "حوار الفكر", "49", "أيلول 2019", "2019-09"},
		{"مجلة حوار الفكر، العدد التاسع والأربعون", "حوار الفكر", "49", "", ""},
		{"العدد العاشر من حوار الفكر", "حوار الفكر", "10", "", ""},
		{"Published in issue forty-nine of Dialogue of Thought, September 2019", "Dialogue of Thought", "49", "September 2019", "2019-09"},
		{"Dialogue of Thought, issue twenty (March 2010)", "Dialogue of Thought", "20", "March 2010", "2010-03"},
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
	// Words number an issue only beside the magazine's name, and only when
	// they are all of the number.
	for _, not := range []string{"The issue of water is the issue of the decade.", "a second issue is the dams", "العدد الكبير من الباحثين",
		"Dialogue of Thought on the issue of water", "Dialogue of Thought: one issue two rivers", "العدد الكبير من قراء حوار الفكر"} {
		if m := readMagazine(not); m != nil && m.Issue != "" {
			t.Errorf("readMagazine(%q) = %+v", not, m)
		}
	}
}

// TestPersonIn_Unconfirmed: nothing confirms a name read from a title's
// shape alone, so there is no interviewee (TestPersonIn_Wordings has the
// shapes that are confirmed).
func TestPersonIn_Unconfirmed(t *testing.T) {
	for _, c := range [][2]string{
		{"Ammar al-Hakim: the young are the majority", "In this interview the head of the movement speaks about youth."},
		{"Interview: Iraq's Foreign Policy After 2003", "Our guest discusses the region."},
		{"حوار مع وزير الخارجية فؤاد حسين", "التقت حوار الفكر وزير الخارجية فؤاد حسين في بغداد."}, // where the role ends, nothing says
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
