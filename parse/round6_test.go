package parse

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// TestDecode_UndeclaredISO88596: an old Arabic page in ISO-8859-6 that
// declares no charset reads as Arabic, not as windows-1256 mojibake, and a
// windows-1256 page without a declaration still reads as windows-1256.
func TestDecode_UndeclaredISO88596(t *testing.T) {
	const text = "<html><body><h1>لجنة لكتابة تاريخ الصحافة العراقية</h1><p>بغداد، 5 تشرين الثاني 2008</p></body></html>"
	for _, c := range []struct {
		cm   *charmap.Charmap
		name string
	}{{charmap.ISO8859_6, "iso-8859-6"}, {charmap.Windows1256, "windows-1256"}} {
		t.Run(c.name, func(t *testing.T) {
			b, err := c.cm.NewEncoder().Bytes([]byte(text))
			if err != nil {
				t.Fatal(err)
			}
			out, name, err := decode(b, "text/html")
			if err != nil {
				t.Fatal(err)
			}
			if name != c.name || string(out) != text {
				t.Errorf("decoded as %s: %q", name, out)
			}
		})
	}
}

// TestParse_XHTMLEmptyElements: in an XHTML chapter (an EPUB's, served as
// application/xhtml+xml or opening with an XML declaration) `<a id="x"/>`
// is an empty element, as the browser's XML parser reads it, not an <a>
// that turns the rest of the chapter into link text and loses its turns.
func TestParse_XHTMLEmptyElements(t *testing.T) {
	page := `<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="en"><head><title>Interview with Dr. Hassan Karim Al-Najjar</title></head>
<body><section epub:type="chapter"><span epub:type="pagebreak" id="page_9" title="9"/><h1>Interview with Dr. Hassan Karim Al-Najjar</h1>
<p>` + ledeEn + `</p>
<p>Dialogue of thought: How did the institute begin?</p><p>Al-Najjar: ` + ans1 + `<a id="page_10"/></p>
<p>Dialogue of thought: Was it independent?</p><p>Al-Najjar: ` + ans2 + `</p>
<p>Dialogue of thought: What would you tell a reader?</p><p>Al-Najjar: ` + ans3 + `</p></section></body></html>`
	for _, ct := range []string{"application/xhtml+xml", "text/html; charset=utf-8"} {
		d, err := Parse("http://127.0.0.1/en/post/901", ct, []byte(page), convAt)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.QA) != 3 || d.QA[2].Answer != ans3 {
			t.Errorf("%s: %d pairs: %+v", ct, len(d.QA), d.QA)
		}
	}
}

// TestReadMagazine_OwnIssueInWords: an ordinal after "عددها" (the
// magazine's own issue) numbers the issue whatever word follows it.
func TestReadMagazine_OwnIssueInWords(t *testing.T) {
	for _, c := range []struct{ in, issue string }{
		{"حاورته مجلة حوار الفكر في عددها التاسع عن الحوزة العلمية في النجف.", "9"},
		{"أجرت مجلة حوار الفكر في عددها الثاني عشر حواراً مع الأستاذ جبار كاظم الموسوي.", "12"},
		{"نشرت مجلة حوار الفكر في عدده الخامس والعشرين مقالاً عن النفط.", "25"},
	} {
		if m := readMagazine(c.in); m == nil || m.Issue != c.issue {
			t.Errorf("readMagazine(%q) = %+v, want issue %q", c.in, m, c.issue)
		}
	}
}

// TestParse_PermalinkMarks: the "¶" Sphinx and MkDocs set after every
// heading (a link to the heading itself) is an icon, no part of the title,
// and the introduction's heading is still the introduction's.
func TestParse_PermalinkMarks(t *testing.T) {
	page := `<html><head><title>Interview with Dr. Hassan Karim Al-Najjar - Docs</title></head><body><div role="main" class="document"><div itemprop="articleBody">
<h1>Interview with Dr. Hassan Karim Al-Najjar<a class="headerlink" href="#interview" title="Link to this heading">¶</a></h1>
<p>` + ledeEn + `</p>
<h2 id="intro">Introduction to the dialog<a class="headerlink" href="#intro">¶</a></h2>
<p>The institute was founded in 2005 by four researchers who wanted a place where the parties could talk.</p>
<p>Dialogue of thought: How did the institute begin?</p><p>Al-Najjar: ` + ans1 + `</p>
<p>Dialogue of thought: Was it independent?</p><p>Al-Najjar: ` + ans2 + `</p>
<p>Dialogue of thought: What would you tell a reader?</p><p>Al-Najjar: ` + ans3 + `</p></div></div></body></html>`
	d := parseConv(t, page)
	if d.Title != "Interview with Dr. Hassan Karim Al-Najjar" {
		t.Errorf("title %q", d.Title)
	}
	if d.Body != ledeEn || !strings.HasPrefix(d.Intro, "The institute was founded") || len(d.QA) != 3 {
		t.Errorf("body %q, intro %q, %d pairs", d.Body, d.Intro, len(d.QA))
	}
}

// TestParse_RoleWordLabels: "المحاور:" and "الضيف:" (the Arabic press's
// interviewer and guest) and Sorani Kurdish's "پرسیار:" and "وەڵام:" are
// roles, not names: the interviewee is the person the title names
// ("X: ..." , "دیمانە لەگەڵ د. X"), never "الضيف" or "وەڵام", and no role
// word is the interviewer. A separator alone ("•") is no body.
func TestParse_RoleWordLabels(t *testing.T) {
	for _, c := range []struct {
		name, title, lede, ask, answer, want string
	}{
		{"arabic", "ندى الربيعي: المسرح يحتاج جمهوره", "التقينا الفنانة ندى الربيعي بعد عرضها الأخير وسألناها عن حال المسرح في بغداد.", "المحاور", "الضيف", "ندى الربيعي"},
		{"sorani", "دیمانە لەگەڵ د. شیروان محەمەد: زمانی کوردی لە بەغدا", "گۆڤارەکەمان لەگەڵ مامۆستایەکی زانکۆ دوا دەربارەی قوتابخانە کوردییەکانی بەغدا.", "پرسیار", "وەڵام", "شیروان محەمەد"},
	} {
		t.Run(c.name, func(t *testing.T) {
			page := `<html dir="rtl"><head><title>` + c.title + `</title></head><body><article><h1>` + c.title + `</h1>` +
				`<div class="meta"><span>٢٠ نيسان ٢٠٢٤</span><span>•</span></div><div class="rich"><p>` + c.lede + `</p>`
			for i, q := range []string{"كيف وجدت الجمهور؟", "وهل يكفي ذلك؟", "وماذا بعد؟"} {
				page += `<p><strong>` + c.ask + `:</strong> ` + q + `</p><p><strong>` + c.answer + `:</strong> ` + []string{ansAr1, ansAr2, ansAr3}[i] + `</p>`
			}
			d := parseConv(t, page+`</div></article></body></html>`)
			if d.Interviewee == nil || d.Interviewee.Name != c.want || d.Interviewer != "" || len(d.QA) != 3 || d.QA[2].Answer != ansAr3 {
				t.Errorf("interviewer %q, interviewee %+v, %d pairs %+v", d.Interviewer, d.Interviewee, len(d.QA), d.QA)
			}
			if strings.Contains(d.Body, "•") {
				t.Errorf("body %q", d.Body)
			}
		})
	}
}

// TestParse_CommentWithoutText: a comments section's heading with a count
// in another language ("لێدوانەکان (١)", Kurdish for "Comments (1)") and
// no text of its own is no comment.
func TestParse_CommentWithoutText(t *testing.T) {
	page := interviewPage("Interview with Dr. Hassan Karim Al-Najjar", ledeEn,
		"<p>Dialogue of thought: How did it begin?</p><p>Al-Najjar: "+ans1+"</p>",
		"<p>Dialogue of thought: Was it independent?</p><p>Al-Najjar: "+ans2+"</p>",
		`<section id="comments"><h3>لێدوانەکان (١)</h3><div class="comment"><div class="comment-author">ئاراس</div><div class="comment-date">٢٠٢٤/١٠/٠٩</div><div class="comment-body"><p>سوپاس بۆ ئەم دیمانەیە.</p></div></div></section>`)
	d := parseConv(t, page)
	if len(d.Comments) != 1 || d.Comments[0].Author != "ئاراس" || d.Comments[0].Text != "سوپاس بۆ ئەم دیمانەیە." {
		t.Errorf("comments %+v", d.Comments)
	}
}

// TestRoleAround_OpeningVerb: a word before a role noun with its article
// that opens the sentence is its verb, no part of the role; nor is a second
// honorific.
func TestRoleAround_OpeningVerb(t *testing.T) {
	for _, c := range []struct{ text, name, want string }{
		{"تقف الفنانة ندى الربيعي على خشبة المسرح الوطني منذ عام ١٩٩٨.", "ندى الربيعي", "الفنانة"},
		{"قال مدير مرصد الهجرة حسين علي الزيدي إن الأرقام تغيرت.", "حسين علي الزيدي", "مدير مرصد الهجرة"},
		// Two honorifics before the name are both honorifics, not a role.
		{"حوار مع الشيخ الدكتور محمد حسين الطالقاني", "محمد حسين الطالقاني", ""},
	} {
		if got := roleAround(c.text, []string{c.name}); got != c.want {
			t.Errorf("roleAround(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

// TestParse_ForumReplies: a thread's first post is the document and each
// later post a comment with its author and date, whatever the forum's
// markup (Discourse's schema.org posts, phpBB's, Moodle's nested replies);
// a blog's index of entries with authors and dates is no thread.
func TestParse_ForumReplies(t *testing.T) {
	discourse := func(n int, user, when, text string) string {
		return `<div id="post_` + string(rune('0'+n)) + `" class="topic-body crawler-post"><div class="crawler-post-meta"><span class="creator" itemprop="author"><a itemprop="url" href="/u/` + user + `"><span itemprop="name">` + user + `</span></a></span>` +
			`<span class="crawler-post-infos"><time datetime="` + when + `" class="post-time">` + when + `</time></span></div><div class="post" itemprop="text"><p>` + text + `</p></div><span class="post-likes">3 Likes</span></div>`
	}
	moodle := func(id, user, when, text, nested string) string {
		return `<article class="forum-post-container"><div class="forumpost"><header><h3>Re: Workshop on policy papers</h3><div>by <a href="https://elearn.example/user/view.php?id=` + id + `">` + user + `</a> - ` + when + `</div></header>` +
			`<div class="post-content-container"><p>` + text + `</p></div></div><div class="indent">` + nested + `</div></article>`
	}
	for _, c := range []struct {
		name, page string
		want       []Comment
	}{
		{"discourse", `<html><head><title>Workshop on policy papers - Commons</title></head><body><div id="main-outlet"><h1>Workshop on policy papers</h1>` +
			discourse(1, "nadia_h", "2024-07-02T08:14:31Z", "The institute invites young researchers to a two-day workshop on writing policy papers, at its office in Baghdad on 23 and 24 February.") +
			discourse(2, "abu_firas", "2024-07-02T11:40:09Z", "Can people from the provinces attend online?") +
			discourse(3, "m.saffar", "2024-07-04T19:17:44Z", "Yes, the sessions will be streamed.") + `</div></body></html>`,
			[]Comment{{Author: "abu_firas", Date: "2024-07-02T11:40:09Z", Text: "Can people from the provinces attend online?"}, {Author: "m.saffar", Date: "2024-07-04T19:17:44Z", Text: "Yes, the sessions will be streamed."}}},
		{"moodle", `<html><head><title>News forum: Workshop on policy papers</title></head><body><div role="main"><h2>Site news</h2>` +
			moodle("5", "Sara Ali", "Sunday, 9 February 2025, 10:12 AM", "The institute invites young researchers to a two-day workshop on writing policy papers, at its office in Baghdad on 23 and 24 February.",
				moodle("88", "Haidar Karim", "Sunday, 9 February 2025, 1:47 PM", "Can people from the provinces attend online?",
					moodle("5", "Sara Ali", "Monday, 10 February 2025, 9:05 AM", "Yes, the sessions will be streamed.", ""))) + `</div></body></html>`,
			[]Comment{{Author: "Haidar Karim", Date: "Sunday, 9 February 2025, 1:47 PM", Text: "Can people from the provinces attend online?"}, {Author: "Sara Ali", Date: "Monday, 10 February 2025, 9:05 AM", Text: "Yes, the sessions will be streamed."}}},
		{"blog index", `<html><head><title>Notebook</title></head><body><h1>Notebook</h1>` +
			`<article class="post"><h2><a href="/2024/11/rivers/">Rivers</a></h2><span class="author"><a href="/author/ali">Ali Hussein</a></span> <time datetime="2024-11-02">2 November 2024</time><div class="entry-content"><p>The rivers of the south are saltier every summer.</p></div></article>` +
			`<article class="post"><h2><a href="/2024/10/bridges/">Bridges</a></h2><span class="author"><a href="/author/sara">Sara Haddad</a></span> <time datetime="2024-10-20">20 October 2024</time><div class="entry-content"><p>Baghdad has built three bridges in ten years.</p></div></article></body></html>`,
			[]Comment{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := parseConv(t, c.page)
			if len(d.Comments) != len(c.want) {
				t.Fatalf("comments %+v", d.Comments)
			}
			for i := range c.want {
				if d.Comments[i] != c.want[i] {
					t.Errorf("comment %d: %+v, want %+v", i+1, d.Comments[i], c.want[i])
				}
			}
			if strings.Contains(d.Body, "streamed") || c.name != "blog index" && !strings.HasPrefix(d.Body, "The institute invites") {
				t.Errorf("body %q", d.Body)
			}
		})
	}
}

// TestParse_CommentsUnderPageClasses: the body's classes ("header-page")
// and a content wrapper named for what it is not ("wsite-not-footer",
// Weebly's) put no comments section in the site's edge.
func TestParse_CommentsUnderPageClasses(t *testing.T) {
	page := `<html><head><title>An hour with Prof. Sinan Al-Obaidi</title></head><body class="blog header-page"><div id="wsite-content" class="wsite-elements wsite-not-footer">` +
		`<h2 class="blog-title">An hour with Prof. Sinan Al-Obaidi</h2><p class="blog-date"><span class="date-text">3/14/2024</span> | <span class="blog-comments-top"><a href="#comments">2 Comments</a></span></p><div class="blog-content"><p>Professor Sinan Al-Obaidi taught chemistry for forty years and retired last autumn, and he received us in his garden in Adhamiya.</p></div>` +
		`<div id="comments"><div class="blogCommentHeading"><h2>2 Comments</h2></div><div class="blogComment"><div class="blogCommentAuthor"><span class="name">Huda Kareem</span></div><div class="blogCommentDate">3/15/2024 08:12:45 am</div><div class="blogCommentText"><div>I was his student in 1995.</div></div></div></div></div></body></html>`
	d := parseConv(t, page)
	if len(d.Comments) != 1 || d.Comments[0] != (Comment{Author: "Huda Kareem", Date: "3/15/2024 08:12:45 am", Text: "I was his student in 1995."}) {
		t.Errorf("comments %+v", d.Comments)
	}
}

// TestParse_TitleAfterForumName: a <title> that puts the forum's name
// before a colon (Moodle's "News forum: Subject") is repeated by the post's
// subject, which is the title, not the forum's heading above it; a page
// without headings keeps its whole <title>.
func TestParse_TitleAfterForumName(t *testing.T) {
	d := parseConv(t, `<html><head><title>News forum: Workshop on policy papers</title></head><body><div role="main"><h2>Site news</h2>`+
		`<article class="forum-post"><h3 class="h6">Workshop on policy papers</h3><div>by Sara Ali - Sunday, 9 February 2025, 10:12 AM</div>`+
		`<div class="post-content-container"><p>The institute invites young researchers to a two-day workshop on writing policy papers, at its office in Baghdad on 23 and 24 February.</p></div></article></div></body></html>`)
	if d.Title != "Workshop on policy papers" {
		t.Errorf("title %q", d.Title)
	}
	d = parseConv(t, `<html><head><title>Interview: Zainab Al-Khafaji on local councils</title></head><body><div><p>Zainab Al-Khafaji has sat on the Baghdad provincial council since 2013 and spoke to us about what the councils can and cannot do.</p></div></body></html>`)
	if d.Title != "Interview: Zainab Al-Khafaji on local councils" {
		t.Errorf("title %q", d.Title)
	}
}

// TestParse_SeveralAskersAndGuests: two interviewers who take turns both
// ask (each question its own pair, both named as the interviewer); a
// round table's guests each keep their label in the answers, and no one
// of them is the interviewee.
func TestParse_SeveralAskersAndGuests(t *testing.T) {
	turn := func(who, text string) string { return `<p><b>` + who + `:</b> ` + text + `</p>` }
	t.Run("two interviewers", func(t *testing.T) {
		d := parseConv(t, interviewPage("Two of us and Prof. Adnan Mustafa, on the Mosul library",
			"Sara and I went to Mosul last month for Dialogue of Thought, to talk with Professor Adnan Mustafa about the library.",
			turn("Karim Jawad", "What was left when you walked back in?"), turn("Adnan Mustafa", ans1),
			turn("Sara Hadi", "How did you dry the manuscripts?"), turn("Adnan Mustafa", ans2),
			turn("Karim Jawad", "Where have the new books come from?"), turn("Adnan Mustafa", ans3),
			turn("Sara Hadi", "What cannot be replaced?"), turn("Adnan Mustafa", ans1)))
		if len(d.QA) != 4 || d.QA[1].Question != "How did you dry the manuscripts?" || d.QA[1].Answer != ans2 {
			t.Errorf("%d pairs: %+v", len(d.QA), d.QA)
		}
		if d.Interviewer != "Karim Jawad, Sara Hadi" || d.Interviewee == nil || d.Interviewee.Name != "Adnan Mustafa" || d.Interviewee.Role != "" {
			t.Errorf("interviewer %q, interviewee %+v", d.Interviewer, d.Interviewee)
		}
	})
	t.Run("round table", func(t *testing.T) {
		d := parseConv(t, interviewPage("Round table: Who governs Iraq’s cities?",
			"The institute’s round table brought together Dr. Rana Jabbar, Hussein Al-Maliki and Majid Saleh. Omar Fadhil moderated.",
			turn("Omar Fadhil", "Who decides what gets built?"), turn("Rana Jabbar", ans1), turn("Hussein Al-Maliki", ans2), turn("Majid Saleh", ans3),
			turn("Omar Fadhil", "Would elected mayors change that?"), turn("Majid Saleh", ans2), turn("Rana Jabbar", ans3), turn("Hussein Al-Maliki", ans1)))
		if len(d.QA) != 2 || d.QA[0].Answer != "Rana Jabbar: "+ans1+"\n\nHussein Al-Maliki: "+ans2+"\n\nMajid Saleh: "+ans3 {
			t.Errorf("%d pairs: %+v", len(d.QA), d.QA)
		}
		if d.Interviewer != "Omar Fadhil" || d.Interviewee != nil {
			t.Errorf("interviewer %q, interviewee %+v", d.Interviewer, d.Interviewee)
		}
	})
}

// TestParse_FieldList: a docutils field list (<dl class="field-list">,
// "Date:" over "16 October 2024") is the post's meta lines, not its text.
func TestParse_FieldList(t *testing.T) {
	d := parseConv(t, `<html><head><title>Seminar: The census that never happened</title></head><body><div itemprop="articleBody"><h1>Seminar: The census that never happened</h1>`+
		`<dl class="field-list simple"><dt class="field-odd">Date<span class="colon">:</span></dt><dd class="field-odd"><p>16 October 2024</p></dd><dt class="field-even">Place<span class="colon">:</span></dt><dd class="field-even"><p>Iraqi Institute for Dialogue, Baghdad</p></dd></dl>`+
		`<p>Iraq has not counted its people since 1997, and the speakers of the seminar asked why every government since has put the census off.</p></div></body></html>`)
	if d.Published != "2024-10-16" || d.Body != "Iraq has not counted its people since 1997, and the speakers of the seminar asked why every government since has put the census off." {
		t.Errorf("published %q, body %q", d.Published, d.Body)
	}
}

// TestParse_QuestionsAsImages: questions set as pictures (an Instagram
// series' cards) are read from their alt text when the picture stands
// alone and the text asks; a photograph's description stays out. The
// byline's "By" is no part of the interviewer's name, and "Four questions
// for the calligrapher X" names X, a calligrapher.
func TestParse_QuestionsAsImages(t *testing.T) {
	card := func(q, a string) string {
		return `<figure class="kg-card kg-image-card"><img src="/q.png" class="kg-image" alt="` + q + `"></figure><p>` + a + `</p>`
	}
	d := parseConv(t, `<html><head><title>Four questions for the calligrapher Wisam Shawkat</title></head><body><article class="post"><header><h1>Four questions for the calligrapher Wisam Shawkat</h1>`+
		`<div class="post-byline">By <a href="/author/lina" rel="author">Lina Haddad</a> · <time datetime="2023-11-20">20 November 2023</time></div></header><div class="post-content">`+
		`<p>For our Instagram series we set each question in a calligraphic card of its own, and he answered beneath it.</p>`+
		card("When did you first pick up a reed pen?", ans1)+card("Which script do you love most?", ans2)+card("Has the computer hurt calligraphy?", ans3)+
		`<figure><img src="/studio.jpg" alt="Wisam Shawkat in his studio"><figcaption>Wisam Shawkat in his studio.</figcaption></figure></div></article></body></html>`)
	if len(d.QA) != 3 || d.QA[0].Question != "When did you first pick up a reed pen?" || d.QA[2].Answer != ans3 {
		t.Errorf("%d pairs: %+v", len(d.QA), d.QA)
	}
	if d.Interviewer != "Lina Haddad" || d.Interviewee == nil || d.Interviewee.Name != "Wisam Shawkat" || d.Interviewee.Role != "calligrapher" {
		t.Errorf("interviewer %q, interviewee %+v", d.Interviewer, d.Interviewee)
	}
	if strings.Contains(d.Body, "studio") {
		t.Errorf("body %q", d.Body)
	}
}

// TestDateLine_Mention: a date written as a mention ("@March 12, 2025", a
// Notion page's Date property) is a date.
func TestDateLine_Mention(t *testing.T) {
	if d, _, ok := dateLine("Date @March 12, 2025"); !ok || d != "2025-03-12" {
		t.Errorf("dateLine = %q, %v", d, ok)
	}
}

// TestParse_TableHeaderRowIsNoIntro: the header row over an interview set
// in a table of two columns (the asker's and the guest's names in <th>
// cells) names the columns; it is not the introduction.
func TestParse_TableHeaderRowIsNoIntro(t *testing.T) {
	row := func(q, a string) string {
		return `<tr><td class="confluenceTd">` + q + `</td><td class="confluenceTd"><p>` + a + `</p></td></tr>`
	}
	d := parseConv(t, `<html><head><title>حوار مع المهندسة سهى الخفاجي</title></head><body><div id="main-content" class="wiki-content"><h1>حوار مع المهندسة سهى الخفاجي</h1><p>`+ledeAr+`</p>`+
		`<table class="confluenceTable"><tbody><tr><th class="confluenceTh">حوار الفكر</th><th class="confluenceTh">سهى الخفاجي</th></tr>`+
		row("لماذا لم يعد في بغداد نقل عام يعتمد عليه؟", ansAr1)+row("ما الذي تقترحه الخطة الجديدة؟", ansAr2)+row("ومتى يركب البغداديون أول حافلة؟", ansAr3)+`</tbody></table></div></body></html>`)
	if len(d.QA) != 3 || d.Intro != "" || d.Body != ledeAr {
		t.Errorf("%d pairs, intro %q, body %q", len(d.QA), d.Intro, d.Body)
	}
}
