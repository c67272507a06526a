package parse

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestParse_MaghrebMonths: Algeria's, Tunisia's and Morocco's month names
// date a post ("13 جانفي 2021").
func TestParse_MaghrebMonths(t *testing.T) {
	for _, c := range []struct{ line, want string }{
		{"نشر في 13 جانفي 2021", "2021-01-13"},
		{"نشر في 2 أفريل 2019", "2019-04-02"},
		{"نشر في 5 جويلية 2022", "2022-07-05"},
		{"نشر في 20 أوت 2020", "2020-08-20"},
		{"نشر في 9 دجنبر 2018", "2018-12-09"},
	} {
		page := `<html lang="ar"><head><title>المؤرخ يتحدث عن الأرشيف</title></head><body>
<h1>المؤرخ يتحدث عن الأرشيف</h1><div class="meta">` + c.line + `</div>
<div class="text"><p>قال المؤرخ إن أرشيف المحاكم الشرعية في العاصمة ما زال ينتظر من يفهرسه منذ عقود طويلة.</p></div></body></html>`
		if d := round12Parse(t, "https://paper.example/thaqafa/1", page); d.Published != c.want {
			t.Errorf("%q: published %q, want %q", c.line, d.Published, c.want)
		}
	}
}

// TestClassHint_With: a class token's words after "with" say what the
// element is beside: Docusaurus's heading "anchorWithStickyNavbar" is no
// navigation bar, and its questions are read.
func TestClassHint_With(t *testing.T) {
	n := &html.Node{Type: html.ElementNode, Data: "h2", Attr: []html.Attribute{{Key: "class", Val: "anchor anchorWithStickyNavbar_LWe7"}}}
	if h := classHint(n); h == hintDrop {
		t.Errorf("classHint(%q) = drop", n.Attr[0].Val)
	}
	n.Attr[0].Val = "sticky-navbar"
	if h := classHint(n); h != hintDrop {
		t.Errorf("classHint(%q) = %d, want drop", n.Attr[0].Val, h)
	}
	page := `<html lang="en"><head><title>Five questions for the archive's engineer | Open Archive</title></head><body>
<article><header><h1>Five questions for the archive's engineer</h1></header><div class="markdown">
<p>Yusuf Haddad wrote the archive's first crawler in 2019, on a laptop in a Karrada café.</p>
<h2 class="anchor anchorWithStickyNavbar_LWe7" id="why">Why did you start?</h2><p>A newspaper I read every morning disappeared overnight, twenty years of it.</p>
<h2 class="anchor anchorWithStickyNavbar_LWe7" id="hard">What was the hardest part?</h2><p>Encodings. Half the sites were in windows-1256 and said they were Latin-1.</p>
<h2 class="anchor anchorWithStickyNavbar_LWe7" id="again">Would you do it again?</h2><p>Yes, but I would write the tests first, and keep every byte.</p>
</div></article></body></html>`
	if d := round12Parse(t, "https://openarchive.example/blog/five", page); len(d.QA) != 3 || d.QA[0].Question != "Why did you start?" {
		t.Errorf("qa = %q", d.QA)
	}
}

// TestParse_OgTitleMagazineOnly: an og:title that is only the magazine's
// name (a Telegram channel's) names no post: the title is the post's bold
// first line, and the role after the title's label is the person's.
func TestParse_OgTitleMagazineOnly(t *testing.T) {
	page := `<html><head><title>Telegram: Contact @hewar_mag</title><meta property="og:title" content="مجلة حوار الفكر"></head><body>
<div class="message"><div class="author"><a href="https://t.me/hewar_mag"><span>مجلة حوار الفكر</span></a></div>
<div class="message_text"><b>حوار العدد: الشاعر عارف الساعدي</b><br/><br/>في عددها الخامس والستين، التقت مجلة حوار الفكر الشاعر الدكتور عارف الساعدي، وكان هذا الحوار عن القصيدة والجامعة والمدينة.<br/><br/>
<b>س: متى كتبت قصيدتك الأولى؟</b><br/>ج: في الصف الخامس الابتدائي، عن نخلة في بيت جدي.<br/><br/>
<b>س: هل ما زال الشعر العمودي قادراً على الحياة؟</b><br/>ج: نعم، ما دام الناس يحفظونه.<br/><br/>
<b>س: ماذا تقرأ الآن؟</b><br/>ج: أعيد قراءة السياب، كما أفعل كل شتاء.</div></div></body></html>`
	d := round12Parse(t, "https://t.me/hewar_mag/1287", page)
	if d.Title != "حوار العدد: الشاعر عارف الساعدي" {
		t.Errorf("title %q", d.Title)
	}
	if d.Interviewee == nil || d.Interviewee.Role != "الشاعر" {
		t.Errorf("interviewee %+v, want role الشاعر", d.Interviewee)
	}
	if len(d.QA) != 3 || strings.HasPrefix(d.QA[0].Answer, "ج") {
		t.Errorf("qa = %q", d.QA)
	}
}

// TestParse_FootnotesAfterLastAnswer: a document's notes (LibreOffice's
// <div id="sdfootnote1">) are the post's body, not the last answer.
func TestParse_FootnotesAfterLastAnswer(t *testing.T) {
	page := `<html lang="en"><head><title>The Marsh Arabs Return: an Interview with Hamid Jasim</title></head><body>
<h1>The Marsh Arabs Return: an Interview with Hamid Jasim</h1>
<p>Hamid Jasim grew up in the Central Marshes before they were drained in the early nineties.</p>
<p><b>How much of the marsh has come back?</b></p><p>In a wet year, perhaps half.<a class="sdfootnoteanc" href="#sdfootnote1sym"><sup>1</sup></a> In a dry year, a third.</p>
<p><b>Have the families come back?</b></p><p>Some have. My own village has forty houses again.</p>
<p><b>Would you tell your grandchildren to stay?</b></p><p>I would tell them to learn the marsh, and then to decide.</p>
<div id="sdfootnote1"><p class="sdfootnote"><a class="sdfootnotesym" href="#sdfootnote1anc">1</a>The UNEP survey of 2006 put the recovery at 58 per cent.</p></div>
</body></html>`
	d := round12Parse(t, "https://files.example/marsh.html", page)
	if n := len(d.QA); n != 3 || d.QA[n-1].Answer != "I would tell them to learn the marsh, and then to decide." {
		t.Errorf("qa = %q", d.QA)
	}
	if !strings.Contains(d.Body, "The UNEP survey") {
		t.Errorf("body %q lacks the footnote", d.Body)
	}
}

// TestExtendsTitle_WordDot: Word writes a document's first words up to its
// first dot as the <title> ("Interview with Dr").
func TestExtendsTitle_WordDot(t *testing.T) {
	if !extendsTitle("Interview with Dr. Rasha Younis, hydrologist", "Interview with Dr") {
		t.Error("the heading does not go on where Word's <title> stops")
	}
}

// TestInterviewerLine_ForMagazine: "Conducted by X for Dialogue of
// Thought" names X, and "for" inside a name stays ("Iraqi Institute for
// Dialogue").
func TestInterviewerLine_ForMagazine(t *testing.T) {
	for _, c := range []struct{ line, want string }{
		{"Conducted by Sarmad Talib for Dialogue of Thought, issue 58, May 2022.", "Sarmad Talib"},
		{"Interview by Noor Salman for the Dialogue of Thought magazine.", "Noor Salman"},
	} {
		if got, _ := interviewerLine(c.line); got != c.want {
			t.Errorf("interviewerLine(%q) = %q, want %q", c.line, got, c.want)
		}
	}
}

// TestParse_LongFieldValue: a paragraph under an element classed "label"
// (OJS's <h2 class="label">الملخص</h2> over the abstract) is the text, not
// a field's value.
func TestParse_LongFieldValue(t *testing.T) {
	page := `<html lang="ar"><head><title>حوار مع الدكتور عبد الجبار الرفاعي | مجلة حوار الفكر</title></head><body>
<article class="obj_article_details"><h1 class="page_title">حوار مع الدكتور عبد الجبار الرفاعي</h1>
<section class="item abstract"><h2 class="label">الملخص</h2>
<p>أجرت مجلة حوار الفكر حواراً مع المفكر العراقي الدكتور عبد الجبار الرفاعي، أستاذ فلسفة الدين، تناول علاقة الإيمان بالعقل، وتجربته في تحرير مجلة قضايا إسلامية معاصرة، وما يسميه الدين الرحماني في مواجهة التشدد.</p>
</section></article></body></html>`
	if d := round12Parse(t, "https://journal.example/article/view/812", page); !strings.Contains(d.Body, "أجرت مجلة حوار الفكر") {
		t.Errorf("body %q lacks the abstract", d.Body)
	}
}

// TestIntervieweeInLede_MagazineSubject: the magazine between the verb
// and the person met ("التقت مجلة حوار الفكر الشاعر X") is the verb's
// subject; the person after it is the interviewee.
func TestIntervieweeInLede_MagazineSubject(t *testing.T) {
	lede := "التقت مجلة حوار الفكر الشاعر عارف الساعدي، وكان هذا الحوار عن القصيدة والمدينة."
	if got := intervieweeInLede(lede); got != "عارف الساعدي" {
		t.Errorf("intervieweeInLede = %q, want عارف الساعدي", got)
	}
}

// TestSplitLabel_QuotedAndBracketed: a label inside quotation marks
// ("«حوار الفكر»:", as Arabic papers set their own name) or a bold name
// inside brackets with no colon (Wikinews's "((Wikinews))") is a speaker's
// label.
func TestSplitLabel_QuotedAndBracketed(t *testing.T) {
	for _, c := range []struct {
		b           block
		label, rest string
	}{
		{block{text: "«حوار الفكر»: كيف بدأ اهتمامكم بالتاريخ؟", bold: "«حوار الفكر»: كيف بدأ اهتمامكم بالتاريخ؟"}, "حوار الفكر", "كيف بدأ اهتمامكم بالتاريخ؟"},
		{block{text: "«حوار الفكر»: كيف بدأ اهتمامكم بالتاريخ؟"}, "حوار الفكر", "كيف بدأ اهتمامكم بالتاريخ؟"},
		{block{text: "((Wikinews)) Why do you write in Arabic?", bold: "((Wikinews))"}, "Wikinews", "Why do you write in Arabic?"},
	} {
		label, rest, ok := splitLabel(c.b)
		if !ok || label != c.label || rest != c.rest {
			t.Errorf("splitLabel(%q) = %q, %q, %v; want %q, %q", c.b.text, label, rest, ok, c.label, c.rest)
		}
	}
	if _, _, ok := splitLabel(block{text: "(Laughs) It was a long time ago.", bold: "(Laughs) It"}); ok {
		t.Error("a bold run that is more than the brackets is no label")
	}
}

// TestParse_InterviewByDate: "Interview by X, 9 August 2023" dates the post
// as "By X, date" does.
func TestParse_InterviewByDate(t *testing.T) {
	page := `<html lang="en"><head><title></title></head><body>
<p><b>The calligrapher of Al-Mutanabbi Street</b></p>
<p><i>Interview by Noor Salman, 9 August 2023</i></p>
<p>Abbas al-Baghdadi has written shop signs and wedding certificates on Al-Mutanabbi Street for forty years.</p>
<p><b>Noor Salman:</b> Who taught you?</p><p><b>Abbas al-Baghdadi:</b> Hashim al-Khattat, the master, though he never knew it.</p>
<p><b>Noor Salman:</b> Do people still want handwritten signs?</p><p><b>Abbas al-Baghdadi:</b> Fewer every year. The printers are cheaper.</p>
</body></html>`
	if d := round12Parse(t, "https://files.example/calligrapher.html", page); d.Published != "2023-08-09" || d.Interviewer != "Noor Salman" {
		t.Errorf("published %q, interviewer %q", d.Published, d.Interviewer)
	}
}

// TestParse_PanelModeratorThanks: a round table's lede that says "The
// discussion was moderated by X" names the interviewer, and the
// moderator's closing thanks, answered by no one, is the body's.
func TestParse_PanelModeratorThanks(t *testing.T) {
	page := `<html lang="en"><head><title>Panel: Who will pay for Iraq's universities?</title></head><body>
<article><h1>Panel: Who will pay for Iraq's universities?</h1>
<p>The forum brought together Dr. Huda Al-Bayati and Professor Samir Haddad. The discussion was moderated by Rana Kareem.</p>
<p>KAREEM: Dr. Al-Bayati, where did the money go?</p>
<p>AL-BAYATI: Mostly into salaries. We hired thousands of staff and built very few laboratories.</p>
<p>KAREEM: Professor Haddad, do you agree?</p>
<p>HADDAD: Partly. In Basra the money went into buildings, and the buildings are empty.</p>
<p>KAREEM: Should students pay fees?</p>
<p>HADDAD: Those who can, yes, with grants for those who cannot.</p>
<p>AL-BAYATI: I disagree. Free education is in the constitution.</p>
<p>KAREEM: Thank you both.</p>
</article></body></html>`
	d := round12Parse(t, "https://bpf.example/transcripts/panel", page)
	if d.Interviewer != "Rana Kareem" {
		t.Errorf("interviewer %q, want Rana Kareem", d.Interviewer)
	}
	if len(d.QA) != 3 || !strings.HasSuffix(d.Body, "Thank you both.") {
		t.Errorf("%d pairs, body %q", len(d.QA), d.Body)
	}
}
