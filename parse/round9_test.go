package parse

import (
	"strings"
	"testing"
)

// TestParse_HiddenFromReaders: text the page hides from its readers (the
// hidden attribute, an inline display:none, a screen-reader-only span, a
// block marked aria-hidden) is no part of the answers, while a collapsed
// panel (an accordion's answer hidden inline until its header is clicked,
// a hidden panel after a toggle's aria-expanded header) stays the post's.
func TestParse_HiddenFromReaders(t *testing.T) {
	const page = `<html lang="en"><head><title>Talking tiles with Salwa Hadi</title></head><body>
<div class="offcanvas" aria-hidden="true"><p>Subscribe to our weekly letter and never miss an interview.</p></div>
<main><article><h1>Talking tiles with Salwa Hadi</h1>
<p>Salwa Hadi, a ceramicist from Najaf, restores the glazed tiles of the city's old houses. We spoke to her in her workshop.</p>
<div style="display: none"><a href="https://spam.example/">cheap pills online</a> casino bonus</div>
<h3>How did you learn the craft?</h3>
<p>From my uncle, who glazed tiles for the shrine.<span class="sr-only"> Share on Facebook</span></p>
<h3>What is the hardest colour to match?</h3>
<p hidden>Hidden spam paragraph about followers.</p>
<p>Turquoise.<span class="screen-reader-text"> Read more about turquoise</span></p>
<div class="faq"><div class="faq-q" aria-expanded="false"><h3>Who are your clients?</h3></div><div style="display:none"><p>Families who inherited a house.</p></div>
<div class="faq-q" aria-expanded="false"><h3>What comes next?</h3></div><div hidden><p>A school for young glazers.</p></div></div>
</article></main></body></html>`
	d, err := Parse("http://127.0.0.1/en/post/6621", "text/html; charset=utf-8", []byte(page), convAt)
	if err != nil {
		t.Fatal(err)
	}
	want := []QA{
		{"How did you learn the craft?", "From my uncle, who glazed tiles for the shrine."},
		{"What is the hardest colour to match?", "Turquoise."},
		{"Who are your clients?", "Families who inherited a house."},
		{"What comes next?", "A school for young glazers."},
	}
	if len(d.QA) != len(want) {
		t.Fatalf("qa = %q, want %q", d.QA, want)
	}
	for i := range want {
		if d.QA[i] != want[i] {
			t.Errorf("qa[%d] = %q, want %q", i, d.QA[i], want[i])
		}
	}
	for _, s := range []string{"Subscribe", "pills", "Facebook", "followers"} {
		if strings.Contains(d.Body, s) || strings.Contains(d.Intro, s) {
			t.Errorf("body %q / intro %q holds the hidden %q", d.Body, d.Intro, s)
		}
	}
}

// TestParse_CommentTooltipDate: a comment's "1 year ago" whose element
// carries the date in its title (Commento, Disqus) is dated by the title.
func TestParse_CommentTooltipDate(t *testing.T) {
	const page = `<html lang="en"><head><title>A short note</title></head><body><main><article><h1>A short note</h1>
<p>The archive of the Basra studios opens to the public on Monday, with four hundred portraits scanned so far.</p></article>
<div id="disqus_thread"><ul class="post-list">
<li class="post"><span class="author"><a href="/by/a">Ahmed Basri</a></span><a href="#c1" class="time-ago" title="Friday, May 10, 2024 9:14 AM">2 years ago</a><div class="post-message"><p>My father kept buffalo in Chibayish.</p></div></li>
<li class="post"><span class="author"><a href="/by/b">Noor</a></span><a href="#c2" class="time-ago" title="a friend">2 years ago</a><div class="post-message"><p>Is the report in English?</p></div></li>
</ul></div></main></body></html>`
	d, err := Parse("http://127.0.0.1/en/post/6622", "text/html; charset=utf-8", []byte(page), convAt)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Comments) != 2 {
		t.Fatalf("comments = %q", d.Comments)
	}
	if d.Comments[0].Date != "2024-05-10" {
		t.Errorf("comment 1 date = %q, want 2024-05-10 (its title)", d.Comments[0].Date)
	}
	if d.Comments[1].Date != "2 years ago" {
		t.Errorf("comment 2 date = %q, want the text: its title is no date", d.Comments[1].Date)
	}
}

// TestPersonIn_SubjectSpokeTo: a lede that presents its subject ("X, a
// hydrologist ..., talked to Y") names the interviewee first; the one
// spoken to is the interviewer.
func TestPersonIn_SubjectSpokeTo(t *testing.T) {
	for _, c := range []struct{ lede, want string }{
		{"Jassim al-Asadi, a hydrologist who has worked in the marshes since 1994, talked to Rana Khalil about drought.", "Jassim al-Asadi"},
		{"Jassim al-Asadi, a hydrologist, spoke to the editor Rana Khalil about drought.", "Jassim al-Asadi"},
		{"Our correspondent spoke with Jassim al-Asadi about drought and the marshes.", "Jassim al-Asadi"},
	} {
		p := personIn(nil, "The marshes came back before the people did", c.lede, "")
		if p == nil || p.Name != c.want {
			t.Errorf("personIn(%q) = %+v, want %q", c.lede, p, c.want)
		}
	}
}

// TestParse_EngineerRole: "المهندسة" before the name is the guest's
// profession: with no other role written, it is the role (الدكتورة stays
// an honorific, no role).
func TestParse_EngineerRole(t *testing.T) {
	for _, c := range []struct{ title, want string }{
		{"لقاء مع المهندسة رنا الطائي: الطاقة الشمسية في البصرة", "المهندسة"},
		{"لقاء مع الدكتورة رنا الطائي: الطاقة الشمسية في البصرة", ""},
	} {
		page := `<html lang="ar"><head><title>` + c.title + `</title></head><body><main><h1>` + c.title + `</h1>` +
			`<p>تتحدث رنا الطائي عن مشاريع الألواح الشمسية على أسطح المدارس في البصرة.</p>` +
			`<p><b>س: متى بدأ المشروع؟</b></p><p>ج: في صيف 2022، بمدرستين.</p><p><b>س: وكم مدرسة اليوم؟</b></p><p>ج: أربعون مدرسة، وكلها تعمل.</p></main></body></html>`
		d, err := Parse("http://127.0.0.1/post/7300", "text/html; charset=utf-8", []byte(page), convAt)
		if err != nil {
			t.Fatal(err)
		}
		if d.Interviewee == nil || d.Interviewee.Name != "رنا الطائي" || d.Interviewee.Role != c.want {
			t.Errorf("%s: interviewee %+v, want role %q", c.title, d.Interviewee, c.want)
		}
	}
}

// TestRoleAround_ArabicVerbSubject: in "التقت شبكة أخبار الرافدين المهندس
// X، مدير ..." the words between the verb and the honorific are the
// verb's subject (who asks), not the person's role; a role noun there
// still is one.
func TestRoleAround_ArabicVerbSubject(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"التقت شبكة أخبار الرافدين المهندس كريم الساعدي، مدير محطة كهرباء الهارثة في البصرة، وسألته عن الصيف.", "مدير محطة كهرباء الهارثة في البصرة"},
		{"حاورت مجلة حوار الفكر أستاذ القانون الدستوري الدكتور ماجد الشمري عن المحكمة.", "أستاذ القانون الدستوري"},
	} {
		if got := roleAround(c.text, []string{"كريم الساعدي", "ماجد الشمري"}); got != c.want {
			t.Errorf("roleAround(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

// TestParse_HomeTitle: a home page's listing is titled by its <title>,
// not by its first widget's heading ("Latest news"), which stays in the
// body with the others; a listing elsewhere keeps its heading.
func TestParse_HomeTitle(t *testing.T) {
	const page = `<html lang="en"><head><title>Tigris Weekly – News from Iraq</title></head><body><main>` +
		`<section><h2>Latest news</h2><div><h3><a href="/en/post/901">Ramadi's old bridge reopens</a></h3><p>The iron bridge carried its first cars on Thursday.</p></div>` +
		`<div><h3><a href="/en/post/902">Mosul's library counts its books</a></h3><p>Volunteers have logged 31,000 volumes.</p></div>` +
		`<div><h3><a href="/en/post/903">Basra prepares for summer</a></h3><p>Twelve cooling centres will open in April.</p></div></section></main></body></html>`
	for _, c := range []struct{ url, title string }{
		{"http://127.0.0.1/en/", "Tigris Weekly – News from Iraq"},
		{"http://127.0.0.1/en/news", "Latest news"},
	} {
		d, err := Parse(c.url, "text/html; charset=utf-8", []byte(page), convAt)
		if err != nil {
			t.Fatal(err)
		}
		if d.Kind != KindListing || d.Title != c.title {
			t.Errorf("%s: %s titled %q, want a listing titled %q", c.url, d.Kind, d.Title, c.title)
		}
		if c.title != "Latest news" && (!strings.HasPrefix(d.Body, "Latest news\n\n") || len(d.Warnings) != 0) {
			t.Errorf("%s: body %q, warnings %v", c.url, d.Body, d.Warnings)
		}
	}
}

// TestParse_JQueryUIAccordion: an interview in a jQuery UI accordion (the
// widget and its panels classed "ui-widget", the collapsed panels hidden
// inline and aria-hidden) under the title "Five questions for a
// bookbinder" reads as its turns, and "We asked him five questions" after
// the lede's opening name makes that name the interviewee.
func TestParse_JQueryUIAccordion(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<html lang="en"><head><title>Five questions for a bookbinder</title></head><body><div id="main"><h2>Five questions for a bookbinder</h2>` +
		`<p>Abbas Karim, a bookbinder on Al-Mutanabbi Street, has repaired manuscripts for twenty years. We asked him five questions.</p>` +
		`<div class="ui-accordion ui-widget ui-helper-reset" role="tablist">`)
	qs := []string{"What brought you to the trade?", "What is the oldest book you have repaired?", "Where do you find materials?"}
	as := []string{"My father, who bound school books.", "A seventeenth-century Quran.", "A tannery in Kadhimiya."}
	for i := range qs {
		hidden := ` aria-hidden="true" style="display: none;"`
		if i == 0 {
			hidden = ` aria-hidden="false" style="display: block;"`
		}
		b.WriteString(`<h3 class="ui-accordion-header" role="tab" aria-expanded="false">` + qs[i] + `</h3><div class="ui-accordion-content ui-widget-content" role="tabpanel"` + hidden + `><p>` + as[i] + `</p></div>`)
	}
	b.WriteString(`</div></div></body></html>`)
	d, err := Parse("http://127.0.0.1/en/post/6623", "text/html; charset=utf-8", []byte(b.String()), convAt)
	if err != nil {
		t.Fatal(err)
	}
	if d.Kind != KindInterview || len(d.QA) != 3 || d.QA[2] != (QA{qs[2], as[2]}) {
		t.Fatalf("%s with turns %q", d.Kind, d.QA)
	}
	if d.Interviewee == nil || d.Interviewee.Name != "Abbas Karim" {
		t.Errorf("interviewee %+v", d.Interviewee)
	}
}

// TestParse_WikiFootnotesAndTagline: MediaWiki's footnote marks ("[1]",
// a <sup> linking to its note) are no part of an answer, and its tagline
// under the title ("From Basra Memory Wiki") is no lede; a <sup> of words
// or of an exponent stays.
func TestParse_WikiFootnotesAndTagline(t *testing.T) {
	const page = `<html lang="en"><head><title>Oral history: Samira Haddad (1998 interview) - Basra Memory Wiki</title></head><body><div id="content"><h1 id="firstHeading">Oral history: Samira Haddad (1998 interview)</h1>` +
		`<div id="bodyContent"><div id="siteSub">From Basra Memory Wiki</div><div class="mw-parser-output">` +
		`<p>Samira Haddad was a schoolteacher in Basra. This interview was recorded by Karim Naji in 1998.</p>` +
		`<dl><dt>Karim Naji</dt><dd>When did you start teaching?</dd><dt>Samira Haddad</dt><dd>In 1952, at the girls' school by the creek. I was twenty-one.<sup class="reference"><a href="#cite_note-1">[1]</a></sup></dd>` +
		`<dt>Karim Naji</dt><dd>How big was the school?</dd><dt>Samira Haddad</dt><dd>About 10<sup>2</sup> girls, a hundred of them in four rooms.</dd><dt>Karim Naji</dt><dd>And the creek?</dd><dt>Samira Haddad</dt><dd>It was clean then. The boats brought dates to the door of the school.</dd></dl></div></div></div></body></html>`
	d, err := Parse("http://127.0.0.1/en/post/6624", "text/html; charset=utf-8", []byte(page), convAt)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.QA) != 3 || d.QA[0].Answer != "In 1952, at the girls' school by the creek. I was twenty-one." || d.QA[1].Answer != "About 102 girls, a hundred of them in four rooms." {
		t.Fatalf("turns %q", d.QA)
	}
	if strings.Contains(d.Body, "From Basra") || !strings.HasPrefix(d.Body, "Samira Haddad was") {
		t.Errorf("body %q", d.Body)
	}
}

// TestParse_DocsTitleParagraph: a Google Docs export whose <title> is the
// file's name ("حوار الأهوار") is titled by its <p class="title"> (its
// bold is in the style sheet, not in the markup), which presents the
// interview; "الصياد" (fisherman) before the name is a role.
func TestParse_DocsTitleParagraph(t *testing.T) {
	const page = `<html><head><style>.c2{font-weight:700}</style><title>حوار الأهوار</title></head><body class="doc-content">` +
		`<p class="c1 title" dir="rtl"><span class="c2">حوار مع الصياد جبار حسين: الأهوار لا تنسى أهلها</span></p>` +
		`<p class="c1" dir="rtl"><span>جبار حسين صياد من الجبايش، قضى حياته كلها على الماء. جلسنا معه في مضيفه على حافة الهور.</span></p>` +
		`<table><tr><td><p><span class="c2">السؤال</span></p></td><td><p><span class="c2">الجواب</span></p></td></tr><tr><td><p>متى بدأت الصيد؟</p></td><td><p>في السابعة، مع أبي. كان المشحوف أكبر مني.</p></td></tr>` +
		`<tr><td><p>كيف تغير الهور؟</p></td><td><p>جف مرتين في عمري. في المرة الأولى هاجرنا، وفي الثانية بقينا.</p></td></tr>` +
		`<tr><td><p>هل يتعلم أولادك الصيد؟</p></td><td><p>الكبير نعم. الصغير يدرس الهندسة في البصرة.</p></td></tr></table></body></html>`
	d, err := Parse("http://127.0.0.1/docs/hiwar-jabbar.html", "text/html; charset=utf-8", []byte(page), convAt)
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "حوار مع الصياد جبار حسين: الأهوار لا تنسى أهلها" || d.Kind != KindInterview || len(d.QA) != 3 {
		t.Fatalf("%s %q with %d pairs", d.Kind, d.Title, len(d.QA))
	}
	if d.Interviewee == nil || d.Interviewee.Name != "جبار حسين" || d.Interviewee.Role != "الصياد" {
		t.Errorf("interviewee %+v", d.Interviewee)
	}
}
