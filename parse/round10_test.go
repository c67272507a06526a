package parse

import (
	"strings"
	"testing"
)

// TestParse_AskBlog: an ask blog's post (Tumblr) opens each reader's
// question with "NAME asked:" on a line of its own or before the question,
// and the blog's answer follows; the writer who names themself in the lede
// ("I am Dr. Huda Kareem") answers. Its /post/{id} address is the blog's,
// not the institute's post: key and language are the blog's.
func TestParse_AskBlog(t *testing.T) {
	const page = `<html lang="en"><head><title>Marsh Notes — Asks about the marshes</title></head><body>
<article class="post"><h2>Asks about the marshes</h2>
<p>Many of you wrote in. I am Dr. Huda Kareem, and I have studied the Central Marshes since 2009.</p>
<div class="asker"><span>anonymous</span> asked:</div><div class="question"><p>Are the marshes coming back?</p></div>
<div class="answer"><p>Both, honestly: forty per cent of the old area held water in 2019.</p><p>Less in 2022.</p></div>
<p><a href="/reedboat">reedboat-fan</a> asked: Do the herders still live on the islands?</p>
<div class="answer"><p>Some families do, on islands they rebuild every year out of reeds.</p></div>
</article></body></html>`
	d, err := Parse("https://marshnotes.tumblr.com/post/713245889102/asks", "text/html; charset=utf-8", []byte(page), convAt)
	if err != nil {
		t.Fatal(err)
	}
	want := []QA{
		{"Are the marshes coming back?", "Both, honestly: forty per cent of the old area held water in 2019.\n\nLess in 2022."},
		{"Do the herders still live on the islands?", "Some families do, on islands they rebuild every year out of reeds."},
	}
	checkQA(t, d.QA, want)
	if d.Interviewee == nil || d.Interviewee.Name != "Huda Kareem" || d.Interviewee.Role != "" {
		t.Errorf("interviewee = %+v, want Huda Kareem, no role", d.Interviewee)
	}
	if d.DocKey != "marshnotes.tumblr.com/en/post/713245889102/asks" || d.Lang != "en" {
		t.Errorf("doc_key, lang = %q, %q; want the blog's own, en", d.DocKey, d.Lang)
	}
}

// checkQA reports every pair of got that is not want's.
func checkQA(t *testing.T, got, want []QA) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("qa = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("qa[%d] = %q, want %q", i, got[i], want[i])
		}
	}
}

// TestParse_MirroredPost: a page on another host keeps the site's post key
// when its canonical address (or og:url) is that post on the site itself.
func TestParse_MirroredPost(t *testing.T) {
	for _, c := range []struct{ name, head, key string }{
		{"canonical", `<link rel="canonical" href="https://hewariraq.com/en/post/777/slug">`, "hewariraq.com/en/post/777"},
		{"og:url", `<meta property="og:url" content="http://www.hewariraq.com/post/777">`, "hewariraq.com/ar/post/777"},
		{"own canonical", `<link rel="canonical" href="https://mirror.example/post/777">`, "mirror.example/en/post/777"},
		{"relative canonical", `<link rel="canonical" href="/post/777">`, "mirror.example/en/post/777"},
	} {
		t.Run(c.name, func(t *testing.T) {
			page := `<html lang="en"><head><title>A note</title>` + c.head + `</head><body><article><h1>A note</h1>
<p>The archive of the Basra studios opens to the public on Monday, with four hundred portraits scanned so far.</p></article></body></html>`
			d, err := Parse("https://mirror.example/post/777", "text/html; charset=utf-8", []byte(page), convAt)
			if err != nil {
				t.Fatal(err)
			}
			if d.DocKey != c.key {
				t.Errorf("doc_key = %q, want %q", d.DocKey, c.key)
			}
		})
	}
}

// TestParse_BloggerPostedByArabic: Arabic Blogger's footer "مرسلة بواسطة X
// في 10:20 ص" (posted by X at) under a body marked itemprop=articleBody
// names the blog's author, the interviewer of its own interview.
func TestParse_BloggerPostedByArabic(t *testing.T) {
	const page = `<html lang="ar" dir="rtl"><head><title>مدونة دجلة: لقاء مع الخطاط عباس البغدادي</title></head><body>
<div class="post hentry"><h3 class="post-title entry-title">لقاء مع الخطاط عباس البغدادي</h3>
<div class="post-body entry-content" itemprop="articleBody">زرت الخطاط عباس البغدادي في مرسمه ببغداد، وسألته عن الخط العربي اليوم.<br><br>
<b>س: متى بدأت الكتابة؟</b><br>ج: في الثامنة، على ألواح أبي في دكانه القديم بسوق السراي.<br><br>
<b>س: هل للخط مستقبل؟</b><br>ج: ما دام هناك من يتعلمه صبراً، نعم، وطلابي اليوم أكثر من أي وقت مضى.<br></div>
<div class="post-footer"><span class="post-author vcard">مرسلة بواسطة <span class="fn">سلام يوسف</span></span> <span class="post-timestamp">في <a class="timestamp-link" href="/2023/06/a.html"><abbr class="published" title="2023-06-14T10:20:00+03:00">10:20 ص</abbr></a></span></div>
</div></body></html>`
	d, err := Parse("https://dijla-blog.example/2023/06/a.html", "text/html; charset=utf-8", []byte(page), convAt)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.QA) != 2 || d.Interviewer != "سلام يوسف" {
		t.Errorf("%d pairs, interviewer %q; want 2, سلام يوسف", len(d.QA), d.Interviewer)
	}
}

// TestParse_HeadingBeforeFirstTurn: a heading between the lede and the
// first question (a Hugo post's h3 subtitle) is the introduction's, not
// lost; one that only names the dialogue ("Transcript", "الحوار") or its
// first part is not (the later parts' headings are nobody's words either).
func TestParse_HeadingBeforeFirstTurn(t *testing.T) {
	for _, c := range []struct{ head, intro string }{
		{"The salt line moves north every summer", "The salt line moves north every summer"},
		{"Transcript", ""},
		{"The interview:", ""},
		{"Part one: the river", ""},
	} {
		d := parseConv(t, `<html lang="en"><head><title>Talking rivers with Dr. Sami Hadi</title></head><body><article><h1>Talking rivers with Dr. Sami Hadi</h1>
<p>Dr. Sami Hadi, a hydrologist at the University of Basra, has measured the Shatt al-Arab's salt for fifteen years.</p>
<h3>`+c.head+`</h3>
<p><strong>Q:</strong> How far north has the salt come?</p><p><strong>A:</strong> In 2023 we measured sea salt at the Basra waterfront, eighty kilometres from the Gulf.</p>
<p><strong>Q:</strong> What does that do to the palms?</p><p><strong>A:</strong> It kills them slowly, summer after summer, for ten years.</p>
</article></body></html>`)
		if len(d.QA) != 2 || d.Intro != c.intro {
			t.Errorf("%q: %d pairs, intro %q; want 2, %q", c.head, len(d.QA), d.Intro, c.intro)
		}
	}
}

// TestParse_BiographyRole: a biography's sentence gives the role past the
// life dates in brackets: "X (1931–2012) was a schoolteacher ...", and in
// Arabic "X (1931-2012) ...، كان معلماً ..." (the noun without its
// accusative ending); how long is no part of the role, and a label
// "Interviewer:" names nobody.
func TestParse_BiographyRole(t *testing.T) {
	turns := func(asker, answerer string) string {
		return `<p><b>` + asker + `:</b> When did you start teaching?</p><p><b>` + answerer + `:</b> In 1952, in a school of two rooms with a palm-frond roof.</p>
<p><b>` + asker + `:</b> What did the boys want to become?</p><p><b>` + answerer + `:</b> Engineers, all of them, because the oil company paid engineers well.</p>`
	}
	for _, c := range []struct{ lang, title, lede, asker, role string }{
		{"en", "An oral history interview with Hamid Saleh Jawad", "Hamid Saleh Jawad (1931–2012) was a schoolteacher in Abu al-Khasib for forty years.", "Interviewer", "schoolteacher in Abu al-Khasib"},
		{"ar", "مقابلة من أرشيف الذاكرة الشفوية: حميد صالح جواد", "حميد صالح جواد (1931-2012) من مواليد أبي الخصيب، كان معلماً في مدارسها أربعين عاماً.", "المحاور", "معلم"},
	} {
		d := parseConv(t, `<html lang="`+c.lang+`"><head><title>`+c.title+`</title></head><body><main><h1>`+c.title+`</h1><p>`+c.lede+`</p>`+
			turns(c.asker, map[string]string{"en": "Hamid Saleh Jawad", "ar": "حميد صالح جواد"}[c.lang])+`</main></body></html>`)
		if d.Interviewee == nil || d.Interviewee.Role != c.role || d.Interviewer != "" {
			t.Errorf("%s: interviewee %+v, interviewer %q; want role %q, no interviewer", c.lang, d.Interviewee, d.Interviewer, c.role)
		}
	}
}

// TestParse_PlainHeaderRow: a question/answer table whose header row is
// plain cells ("<td><p>السؤال</p></td><td><p>الجواب</p></td>", not <th>)
// names its columns: no pair.
func TestParse_PlainHeaderRow(t *testing.T) {
	row := func(a, b string) string { return `<tr><td><p>` + a + `</p></td><td><p>` + b + `</p></td></tr>` }
	d := parseConv(t, `<html lang="ar" dir="rtl"><head><title>حوار مع المترجمة سناء الربيعي</title></head><body><div class="content"><h2>حوار مع المترجمة سناء الربيعي</h2>
<p>المترجمة سناء الربيعي نقلت إلى العربية أكثر من ثلاثين كتاباً عن الألمانية، التقيناها في بغداد وكان هذا الحوار.</p><table>`+
		row("السؤال", "الجواب")+
		row("كيف بدأت الترجمة؟", "بالصدفة، حين طلب مني أستاذي في الجامعة أن أترجم فصلاً من كتاب.")+
		row("ما أصعب كتاب ترجمته؟", "رواية لتوماس مان، لأن جمله طويلة جداً ولا تحتمل التقطيع.")+
		row("هل تقرئين ترجماتك القديمة؟", "نادراً، وحين أفعل أجد فيها أخطاء كثيرة.")+`</table></div></body></html>`)
	if len(d.QA) != 3 || d.QA[0].Question != "كيف بدأت الترجمة؟" {
		t.Errorf("qa = %q, want the three rows under the header", d.QA)
	}
}

// TestParse_ShortAnswers: a <dl> transcript's <dt> is the speaker's label
// and its <dd> the text, however short ("<dd>Walnut</dd>", which has no
// full stop to tell it from a label); short answers to an asker whose
// every turn is a question are a rapid-fire round, not a list of facts.
func TestParse_ShortAnswers(t *testing.T) {
	pairs := [][2]string{{"Which wood do you use for the bowl?", "Walnut"}, {"And for the soundboard?", "Spruce, from Lebanon, when the border is open."},
		{"How many ouds a year?", "Twelve"}, {"Worst habit?", "Tea"}}
	for _, short := range []bool{false, true} {
		dl := ""
		var want []QA
		for _, p := range pairs {
			a := p[1]
			if short {
				a = strings.Fields(a)[0]
			}
			dl += `<dt>Layla Hamid</dt><dd>` + p[0] + `</dd><dt>Karim Aboud</dt><dd>` + a + `</dd>`
			want = append(want, QA{p[0], a})
		}
		d := parseConv(t, `<html lang="en"><head><title>Rapid fire with the oud maker Karim Aboud</title></head><body><article><h1>Rapid fire with the oud maker Karim Aboud</h1>
<p>Karim Aboud, a luthier in Baghdad's Souq al-Saray, has built ouds for twenty years. We asked him to keep his answers short.</p><dl>`+dl+`</dl></article></body></html>`)
		checkQA(t, d.QA, want)
		if d.Interviewer != "Layla Hamid" {
			t.Errorf("short %v: interviewer %q", short, d.Interviewer)
		}
	}
}

// TestParse_PersianKeyboardHonorific: an honorific typed on a Persian
// keyboard ("الدکتور" with ک for ك) is no part of the name.
func TestParse_PersianKeyboardHonorific(t *testing.T) {
	d := parseConv(t, `<html lang="ar" dir="rtl"><head><title>حوار مع الدکتور علی کاظم الموسوی</title></head><body><main><h1>حوار مع الدکتور علی کاظم الموسوی</h1>
<p>الدکتور علی کاظم الموسوی، أستاذ علم المکتبات فی جامعة بغداد، تحدث إلینا عن مکتبات المدینة.</p>
<p><b>المحاور:</b> کم مکتبة عامة فی بغداد الیوم؟</p><p><b>الموسوی:</b> أقل من عشرین مکتبة تعمل فعلاً، وکانت فی السبعینیات أکثر من ستین.</p>
<p><b>المحاور:</b> ما الذی أغلقها؟</p><p><b>الموسوی:</b> الحروب أولاً، ثم الإهمال. المبانی بقیت وتحولت إلى مخازن.</p></main></body></html>`)
	if d.Interviewee == nil || d.Interviewee.Name != "علی کاظم الموسوی" {
		t.Errorf("interviewee = %+v, want علی کاظم الموسوی", d.Interviewee)
	}
}

// TestParse_PandocSections: a pandoc export's footnote mark, a link around
// its number (<a class="footnote-ref" href="#fn1"><sup>1</sup></a>), is no
// text, and the section heading over the lede ("Background") stays with
// it in the body instead of being the lede alone.
func TestParse_PandocSections(t *testing.T) {
	d := parseConv(t, `<html lang="en"><head><title>Interview with Prof. Adel Hussein on the constitution</title></head><body>
<header id="title-block-header"><h1 class="title">Interview with Prof. Adel Hussein on the constitution</h1><p class="author">Noor Al-Khafaji</p></header>
<section id="background" class="level1"><h1>Background</h1>
<p>Prof. Adel Hussein teaches constitutional law at the University of Kufa.<a href="#fn1" class="footnote-ref" id="fnref1" role="doc-noteref"><sup>1</sup></a></p></section>
<section id="the-interview" class="level1"><h1>The interview</h1>
<p><strong>Q.</strong> What did the drafters get right?</p><p><strong>A.</strong> Federalism, on paper, which kept the country together in 2005.</p>
<p><strong>Q.</strong> And what did they get wrong?</p><p><strong>A.</strong> They left too many articles to be regulated by law.</p></section></body></html>`)
	if want := "Background\n\nProf. Adel Hussein teaches constitutional law at the University of Kufa."; d.Body != want || d.Intro != "" || len(d.QA) != 2 {
		t.Errorf("body %q, intro %q, %d pairs; want body %q, no intro, 2 pairs", d.Body, d.Intro, len(d.QA), want)
	}
}

// TestParse_FeedFooter: a feed item's HTML served as a page (no <title>,
// no heading) ends with WordPress's "The post X appeared first on Y.": X
// is the title, and the line is no part of the body.
func TestParse_FeedFooter(t *testing.T) {
	for _, c := range []struct{ footer, title string }{
		{`<p>The post <a rel="nofollow" href="https://kufa-news.example/2025/01/library-reopens/">Kufa's central library reopens</a> appeared first on <a rel="nofollow" href="https://kufa-news.example">Kufa News</a>.</p>`, "Kufa's central library reopens"},
		{`<p>ظهرت المقالة <a href="https://kufa-news.example/ar/1/">افتتاح مكتبة الكوفة</a> أولاً على <a href="https://kufa-news.example">أخبار الكوفة</a>.</p>`, "افتتاح مكتبة الكوفة"},
	} {
		d, err := Parse("https://kufa-news.example/2025/01/library-reopens/feed/", "text/html; charset=utf-8", []byte(`<p>The University of Kufa opened its restored central library on Sunday, after four years of work.</p>
<p>The library holds 300,000 volumes and a manuscript room that will open to researchers in the spring.</p>`+c.footer), convAt)
		if err != nil {
			t.Fatal(err)
		}
		if d.Title != c.title || strings.Contains(d.Body, "appeared first") || strings.Contains(d.Body, "أولاً على") {
			t.Errorf("title %q, body %q; want title %q, no footer", d.Title, d.Body, c.title)
		}
	}
}

// TestParse_DataTableRows: a data table of three columns or more (a
// seminar's speakers: name, office, paper) is read a row a line, its
// cells parted by " | ", not a cell a paragraph, whether the cells hold
// their text bare or in a <p> each.
func TestParse_DataTableRows(t *testing.T) {
	const table = `<table><tr><th>الاسم</th><th>الصفة</th><th>عنوان الورقة</th></tr>
<tr><td>د. حسن الجنابي</td><td>وزير الموارد المائية الأسبق</td><td>الاتفاقيات المائية مع دول الجوار</td></tr>
<tr><td>د. سلمى العبيدي</td><td>أستاذة الهندسة البيئية، جامعة بغداد</td><td>ملوحة شط العرب</td></tr></table>`
	paragraphs := strings.NewReplacer("<td>", "<td><p>", "</td>", "</p></td>", "<th>", "<th><p>", "</th>", "</p></th>")
	for _, tbl := range []string{table, paragraphs.Replace(table)} {
		d := parseConv(t, `<html lang="ar" dir="rtl"><head><title>ندوة: مستقبل المياه في العراق</title></head><body><main><h1>ندوة: مستقبل المياه في العراق</h1>
<p>عقد المركز ندوته الشهرية بعنوان «مستقبل المياه في العراق» في قاعة المركز ببغداد، بحضور عدد من الباحثين.</p>`+tbl+`
<p>وخلصت الندوة إلى توصيات أبرزها تشكيل مجلس أعلى للمياه.</p></main></body></html>`)
		want := "الاسم | الصفة | عنوان الورقة\n\nد. حسن الجنابي | وزير الموارد المائية الأسبق | الاتفاقيات المائية مع دول الجوار\n\nد. سلمى العبيدي | أستاذة الهندسة البيئية، جامعة بغداد | ملوحة شط العرب"
		if !strings.Contains(d.Body, want) {
			t.Errorf("body %q, want its rows %q", d.Body, want)
		}
	}
}

// TestParse_DiscourseRelativeDate: Discourse's post date is a short form
// ("Mar 1") whose data-time gives the time in milliseconds.
func TestParse_DiscourseRelativeDate(t *testing.T) {
	d := parseConv(t, `<html lang="en"><head><title>Q&amp;A: the calligrapher Wissam Shawkat on teaching online</title></head><body><div id="main-outlet">
<h1 class="fancy-title">Q&amp;A: the calligrapher Wissam Shawkat on teaching online</h1>
<div class="topic-meta-data"><span class="creator"><a href="/u/zainab">zainab_h</a></span> <span class="post-date"><span class="relative-date" data-time="1709294400000" title="Mar 1, 2024 12:00 pm">Mar 1</span></span></div>
<div class="cooked"><p>The calligrapher Wissam Shawkat answered our questions by email.</p>
<p><strong>Q:</strong> How did you start teaching online? <strong>A:</strong> In the pandemic, like everyone, and now half my students have never met me.</p>
<p><strong>Q:</strong> Can you correct a letter through a camera? <strong>A:</strong> Yes, if the camera is above the paper and not beside it.</p></div></div></body></html>`)
	if d.Published != "2024-03-01T12:00:00Z" || len(d.QA) != 2 {
		t.Errorf("published %q, %d pairs; want 2024-03-01T12:00:00Z, 2", d.Published, len(d.QA))
	}
}

// TestParse_TalkWith: a title "a talk with X" presents an interview, and
// names X: its questions set in italics are turns, not an explainer's.
func TestParse_TalkWith(t *testing.T) {
	d := parseConv(t, `<html lang="en"><head><title>A talk with boatbuilder Jabbar Hussein</title></head><body><article><h1>“The river was our road”: a talk with boatbuilder Jabbar Hussein</h1>
<p>Jabbar Hussein, a boatbuilder in Chibayish, is one of the last men who make the marsh canoe the old way.</p>
<p><em>How long does a mashoof take?</em></p><p>Ten days if the wood is dry. The tar takes longest, because it must be heated slowly.</p>
<p><em>Who buys them?</em></p><p>Buffalo herders, fishermen, and now the tourists’ boatmen, who want them painted.</p>
<p><em>Will your sons build them?</em></p><p>One of them, maybe. The other drives a taxi in Basra.</p></article></body></html>`)
	if d.Kind != KindInterview || len(d.QA) != 3 || d.Interviewee == nil || d.Interviewee.Name != "Jabbar Hussein" {
		t.Errorf("kind %q, %d pairs, interviewee %+v; want an interview of 3 pairs with Jabbar Hussein", d.Kind, len(d.QA), d.Interviewee)
	}
}

// TestParse_ActionBarNoComments: a "تعليق" (comment) button in a row of
// links under the post (Facebook's like · comment · share) heads no
// comments section: the share button was read as a comment.
func TestParse_ActionBarNoComments(t *testing.T) {
	d := parseConv(t, `<html lang="ar" dir="rtl"><head><title>حوار مع الفنان التشكيلي قاسم سبتي</title></head><body><div id="content">
<h1>حوار مع الفنان التشكيلي قاسم سبتي</h1><div class="note">
<div>الفنان التشكيلي قاسم سبتي صاحب قاعة حوار في بغداد، حدثنا عن القاعة وعن الفن في زمن الحظر.</div>
<div><b>- كيف تعيش القاعة أيام الحظر؟</b></div><div>مغلقة منذ شهرين، لكنني أذهب كل صباح وأسقي الحديقة وأرتب اللوحات.</div>
<div><b>- وهل ترسم؟</b></div><div>أرسم أكثر من أي وقت مضى، فالوقت كله لي الآن، والمدينة صامتة.</div></div>
<div class="actions"><span>٣٤ تعليقاً</span> <a href="#">أعجبني</a> <a href="#">تعليق</a> <a href="#">مشاركة</a></div></div></body></html>`)
	if len(d.Comments) != 0 || len(d.QA) != 2 {
		t.Errorf("comments %+v, %d pairs; want none, 2", d.Comments, len(d.QA))
	}
}

// TestParse_BoldBylineAndAddress: on a page whose labels have colons
// ("Sabah:"), the asker's full name in bold alone on a line under the
// title is a byline, not a turn that made the lede a question; the
// <address> under the text (LaTeX2HTML's author and date) is a meta line,
// not the last answer's words.
func TestParse_BoldBylineAndAddress(t *testing.T) {
	d := parseConv(t, `<HTML><HEAD><TITLE>A conversation with Dr. Lamia Gailani on Iraqi archaeology</TITLE></HEAD><BODY>
<H1 ALIGN="CENTER">A conversation with Dr. Lamia Gailani on Iraqi archaeology</H1>
<P ALIGN="CENTER"><STRONG>Omar Sabah</STRONG></P>
<P>Dr. Lamia Gailani, an archaeologist who worked at the Iraq Museum, spoke to the seminar about the looting of 2003.
<P><B>Sabah:</B> How much of the collection was lost?
<P><B>Gailani:</B> About fifteen thousand objects at first. Almost half have come back.
<P><B>Sabah:</B> Were the storerooms touched?
<P><B>Gailani:</B> One of them. The staff had moved the most important pieces to a secret place.
<P><B>Sabah:</B> What do you need most now?
<P><B>Gailani:</B> Registers. Without the old catalogue cards we cannot prove what is ours.
<ADDRESS>Omar Sabah 2007-04-18</ADDRESS></BODY></HTML>`)
	if len(d.QA) != 3 || d.QA[0].Question != "How much of the collection was lost?" || strings.Contains(d.QA[2].Answer, "2007") {
		t.Fatalf("qa = %q", d.QA)
	}
	if d.Interviewer != "Omar Sabah" || !strings.HasPrefix(d.Body, "Dr. Lamia Gailani") {
		t.Errorf("interviewer %q, body %q", d.Interviewer, d.Body)
	}
}
