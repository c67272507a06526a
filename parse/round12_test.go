package parse

import "testing"

// round12Parse parses page as served from addr, failing the test on error.
func round12Parse(t *testing.T, addr, page string) *Document {
	t.Helper()
	d, err := Parse(addr, "text/html; charset=utf-8", []byte(page), convAt)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestParse_FacebookPluginComments: Facebook's comments plugin writes its
// list inside a <form> under a div classed fb_iframe_widget; a reader's
// comment there is a comment (author, text, the date in its row of
// actions), and its count of likes is none.
func TestParse_FacebookPluginComments(t *testing.T) {
	page := `<html lang="ar"><head><title>المكتبة المركزية تفتح أبوابها ليلاً</title></head><body>
<h1>المكتبة المركزية تفتح أبوابها ليلاً</h1>
<div class="text"><p>قررت المكتبة المركزية في جامعة بغداد أن تفتح قاعاتها حتى منتصف الليل طوال شهر الامتحانات.</p>
<p>وقال مدير المكتبة إن القرار جاء بطلب من اتحاد الطلبة بعد انقطاع الكهرباء في الأقسام الداخلية.</p></div>
<div class="fb-comments fb_iframe_widget" data-numposts="5"><form rel="async" class="commentable_item" method="post" action="/ajax/ufi/modify.php">
<input type="hidden" name="ft_ent_identifier" value="77">
<div class="UFIContainer"><div class="UFIList">
<div class="UFIRow UFILikeSentence"><span>أعجب ٤ أشخاص بهذا.</span></div>
<div class="UFIRow UFIComment"><div class="UFICommentContent"><a class="UFICommentActorName" href="#">زينب علي</a>
<span class="UFICommentBody"><span>قرار ممتاز، كنا ندرس في السيارات تحت أعمدة الإنارة.</span></span></div>
<div class="UFICommentActions"><a class="UFILikeLink" href="#">أعجبني</a> · <a class="UFIReplyLink" href="#">رد</a> · <a href="#"><abbr class="livetimestamp" title="الخميس، ٦ أكتوبر ٢٠٢٢">٦ أكتوبر ٢٠٢٢</abbr></a></div></div>
<div class="UFIRow UFIAddComment"><textarea name="add_comment_text" placeholder="أضف تعليقاً..."></textarea></div>
</div></div></form></div></body></html>`
	d := round12Parse(t, "https://news.example/library-nights", page)
	want := Comment{Author: "زينب علي", Date: "٦ أكتوبر ٢٠٢٢", Text: "قرار ممتاز، كنا ندرس في السيارات تحت أعمدة الإنارة."}
	if len(d.Comments) != 1 || d.Comments[0] != want {
		t.Errorf("comments = %q, want [%q]", d.Comments, want)
	}
}

// TestParse_CommentWrapper: Drupal 8 and later wrap a node's comments in
// <section class="comment-wrapper">, inside the post's <article>.
func TestParse_CommentWrapper(t *testing.T) {
	page := `<html lang="en"><head><title>The Kut barrage at ninety</title></head><body>
<article class="node"><h1>The Kut barrage at ninety</h1>
<div class="node__content"><div class="field--name-body"><p>The barrage at Kut was finished in 1939 and still holds back the Tigris for the Gharraf canal.</p>
<p>Its gates were last replaced in 1986; the ministry plans to replace them again before the flood season.</p></div>
<section class="field--name-comment comment-wrapper"><h2 class="comments__title">Comments</h2>
<article class="comment js-comment"><footer class="comment__meta"><p class="comment__author">Haider M. (not verified)</p><p class="comment__time">Thu, 09/19/2024 - 11:05</p></footer>
<div class="comment__content"><div class="field--name-comment-body"><p>My grandfather worked the gates in the fifties.</p></div></div></article>
</section></div></article></body></html>`
	d := round12Parse(t, "https://water.example/node/9", page)
	want := Comment{Author: "Haider M.", Date: "Thu, 09/19/2024 - 11:05", Text: "My grandfather worked the gates in the fifties."}
	if len(d.Comments) != 1 || d.Comments[0] != want {
		t.Errorf("comments = %q, want [%q]", d.Comments, want)
	}
}

// TestParse_TitleDate: a title that gives the post's date in brackets, a
// Hijri and a Gregorian date as an Arabic blog prints them, dates the post
// when nothing else does; a Hijri date alone is kept as written, with the
// hijri_date warning; brackets that hold more than a date give none.
func TestParse_TitleDate(t *testing.T) {
	for _, c := range []struct{ name, brackets, want string }{
		{"hijri and gregorian", "(الجمعة ٢٨ شعبان ١٤٤٥ هـ - ٨ آذار ٢٠٢٤ م)", "2024-03-08"},
		{"slash", "(٢٨ شعبان ١٤٤٥ هـ / ٨ آذار ٢٠٢٤)", "2024-03-08"},
		{"square brackets", "[8 March 2024]", "2024-03-08"},
		{"hijri alone", "(٢٨ شعبان ١٤٤٥ هـ)", "٢٨ شعبان ١٤٤٥ هـ"},
		{"not a date", "(الجزء الثاني ٢٠٢٤)", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			title := "جولة في سوق الكوفة " + c.brackets
			page := `<html lang="ar"><head><title>` + title + `</title></head><body><article><h1>` + title + `</h1>
<div class="post-body"><p>في سوق الكوفة القديم ما زال الباعة ينادون على التمر والحناء كما كانوا قبل خمسين عاماً.</p>
<p>وامتلأت المحال قبل شهر رمضان بأسبوعين، وجاء الزوار من النجف وكربلاء ومن خارج العراق.</p></div></article></body></html>`
			d := round12Parse(t, "https://kufa.example/2024/03/souq.html", page)
			if d.Published != c.want {
				t.Errorf("published = %q, want %q", d.Published, c.want)
			}
			if hijri := hasWarning(d, WarnHijriDate, "published"); hijri != (c.name == "hijri alone") {
				t.Errorf("hijri_date warning = %v", hijri)
			}
		})
	}
}

// TestParse_ShortTitledInterview: a short page whose title says
// "interview" and whose two questions are set in bold is an interview,
// though it is under minInterviewWords and has only two question marks.
func TestParse_ShortTitledInterview(t *testing.T) {
	page := `<html lang="ar"><head><title>حوار مع الروائي أحمد سعداوي</title></head><body><h1>حوار مع الروائي أحمد سعداوي</h1>
<div class="text"><p>أحمد سعداوي روائي عراقي ولد في بغداد، التقيناه في شارع المتنبي.</p>
<p><strong>كم استغرقت كتابة الرواية؟</strong></p><p>أربع سنوات، كتبت نصفها في الليل.</p>
<p><strong>هل بغداد ما زالت بطلة رواياتك؟</strong></p><p>دائماً. لا أعرف مدينة غيرها.</p></div></body></html>`
	d := round12Parse(t, "https://dhifaf.example/interviews/9", page)
	if d.Kind != KindInterview || len(d.QA) != 2 {
		t.Fatalf("kind = %q with %d pairs, want an interview of 2", d.Kind, len(d.QA))
	}
	if d.Interviewee == nil || d.Interviewee.Name != "أحمد سعداوي" {
		t.Errorf("interviewee = %+v, want أحمد سعداوي", d.Interviewee)
	}
}

// TestCreditName_Initials: an initial's dot does not end the name a credit
// gives.
func TestCreditName_Initials(t *testing.T) {
	for _, c := range []struct{ rest, want string }{
		{"K.M.", "K.M."},
		{"K. M. · 38 min", "K. M."},
		{"A. Hussein", "A. Hussein"},
		{"ع.ح.", "ع.ح."},
		{"Sara Ali. Photographs: Huda Amer.", "Sara Ali"},
		{"Sarah H. Photographs: Huda Amer.", "Sarah H."},
	} {
		if got := creditName(c.rest); got != c.want {
			t.Errorf("creditName(%q) = %q, want %q", c.rest, got, c.want)
		}
	}
}

// TestParse_RecordedDate: an oral history's "Recorded 21 October 2022"
// under the title is its date line.
func TestParse_RecordedDate(t *testing.T) {
	page := `<html lang="en"><head><title>Faris, bookbinder</title></head><body><h1>Faris, bookbinder</h1>
<p class="meta">Recorded 21 October 2022</p>
<div class="rte"><p>Faris opened his bindery behind the Shabandar café in 1973 and still works there six days a week.</p>
<p>He learned the trade from his uncle, who bound the theses of the university's first graduates.</p></div></body></html>`
	d := round12Parse(t, "https://crafts.example/stories/bookbinder", page)
	if d.Published != "2022-10-21" {
		t.Errorf("published = %q, want 2022-10-21", d.Published)
	}
}

// TestParse_GroupedFields: a <dl> whose names and values are grouped in
// <div>s (Omeka's item metadata) is a record's fields: the date gives
// published and the person fields the interviewee, not the introduction.
func TestParse_GroupedFields(t *testing.T) {
	page := `<html lang="en"><head><title>Interview with Hana Sabri</title></head><body><div id="content">
<h2>Interview with Hana Sabri</h2>
<dl><div class="property"><dt>Interviewee</dt><dd><span>Hana Sabri</span></dd></div>
<div class="property"><dt>Interviewer</dt><dd><span>Yasmin Adel</span></dd></div>
<div class="property"><dt>Date</dt><dd><span>2019-04-13</span></dd></div>
<div class="property"><dt>Transcription</dt><dd><div><p>Yasmin Adel: Where was the school?</p><p>Hana Sabri: Behind the Corniche, two streets from the river.</p>
<p>Yasmin Adel: How many girls came?</p><p>Hana Sabri: Fewer every month, and all eleven passed.</p></div></dd></div>
<div class="property"><dt>Rights</dt><dd><span>CC BY-NC 4.0</span></dd></div></dl></div></body></html>`
	d := round12Parse(t, "https://archive.example/item/2207", page)
	if d.Published != "2019-04-13" {
		t.Errorf("published = %q, want 2019-04-13", d.Published)
	}
	if d.Interviewee == nil || d.Interviewee.Name != "Hana Sabri" || d.Interviewer != "Yasmin Adel" {
		t.Errorf("interviewee = %+v, interviewer = %q", d.Interviewee, d.Interviewer)
	}
	if len(d.QA) != 2 || d.QA[1].Answer != "Fewer every month, and all eleven passed." {
		t.Errorf("qa = %q", d.QA)
	}
}

// TestParse_FiledAsInterview: questions set as headings with only three
// question marks, on a short page that neither says "interview" in its title
// nor names the one answering there, are turns when the post's tag
// (Ghost's article:tag) or category is Interviews; under another tag they
// are an explainer's subheadings (a page: it has no date).
func TestParse_FiledAsInterview(t *testing.T) {
	for _, c := range []struct{ tag, want string }{{"Interviews", KindInterview}, {"حوارات", KindInterview}, {"Explainers", KindPage}} {
		t.Run(c.tag, func(t *testing.T) {
			page := `<html lang="en"><head><title>“We map what the census forgot”</title>
<meta property="article:tag" content="` + c.tag + `"></head><body><article><h1>“We map what the census forgot”</h1>
<section class="gh-content"><p>Zainab Kadhim is an urban planner who walks the settlements on the edge of Basra with a team of students.</p>
<h2>How did it start?</h2><p>With a clinic that could not find its patients, so the nurses drew their own maps.</p>
<h2>How many people live there?</h2><p>We have counted 41,000 so far in nine settlements.</p>
<h2>What happens to the maps?</h2><p>We give them to the water directorate and to the schools.</p></section></article></body></html>`
			d := round12Parse(t, "https://fieldnotes.example/we-map/", page)
			if d.Kind != c.want {
				t.Errorf("kind = %q, want %q", d.Kind, c.want)
			}
		})
	}
}

// TestParse_BylineElementAfterBy: the element after a bare "By" on the
// post's meta line is the byline's name whatever its class (Drupal's
// field--name-uid), and names the interviewer of an interview.
func TestParse_BylineElementAfterBy(t *testing.T) {
	page := `<html lang="en"><head><title>A conversation with hydrologist Samira Abd al-Jabbar</title></head><body>
<article class="node"><h1>A conversation with hydrologist Samira Abd al-Jabbar</h1>
<div class="node__meta"><span>By <span class="field field--name-uid"><span>Layla Qasim</span></span>, <span class="field field--name-created"><time datetime="2024-09-17T08:12:44+03:00">17 September, 2024</time></span></span></div>
<div class="node__content"><p>Samira Abd al-Jabbar has measured the Tigris at Samarra every spring since 2003.</p>
<p><em>What do thirty years of readings tell you?</em></p><p>That the river is a ledger: every dam upstream writes a line in it.</p>
<p><em>Is that climate, or the dams?</em></p><p>Both, and you cannot separate them by looking at the water.</p></div></article></body></html>`
	d := round12Parse(t, "https://waterforum.example/node/412", page)
	if d.Interviewer != "Layla Qasim" {
		t.Errorf("interviewer = %q, want Layla Qasim", d.Interviewer)
	}
}

// TestParse_ArabicRoleSince: a preacher (خطيب) is a role noun after the
// name, and how long ("منذ عشرين عاماً", since twenty years) is no part of
// the role.
func TestParse_ArabicRoleSince(t *testing.T) {
	page := `<html lang="ar"><head><title>لقاء مع الشيخ عبد الحميد الكرعاوي</title></head><body><h1>لقاء مع الشيخ عبد الحميد الكرعاوي</h1>
<div class="post-body"><p>الشيخ عبد الحميد الكرعاوي خطيب جامع الكوفة منذ عشرين عاماً، التقيناه بعد صلاة الجمعة.</p>
<p><b>كيف تستعد المدينة لشهر رمضان هذا العام؟</b></p><p>بالمطابخ الخيرية أولاً، وقد فتحنا أربعة منها.</p>
<p><b>وهل تغير الزوار بعد افتتاح المطار؟</b></p><p>نعم، صاروا يبقون أياماً أطول.</p></div></body></html>`
	d := round12Parse(t, "https://kufa.example/2024/03/blog-post_8.html", page)
	if d.Interviewee == nil || d.Interviewee.Role != "خطيب جامع الكوفة" {
		t.Errorf("interviewee = %+v, want the role خطيب جامع الكوفة", d.Interviewee)
	}
}

// TestParse_ProfessionAdjective: after a profession's title the adjective
// with the article is the role's, not the name's ("المهندس الزراعي كريم
// الساعدي" is Karim al-Saadi, an agricultural engineer).
func TestParse_ProfessionAdjective(t *testing.T) {
	for _, c := range []struct{ person, name, role string }{
		{"المهندس الزراعي كريم الساعدي", "كريم الساعدي", "المهندس الزراعي"},
		{"المهندسة المعمارية رنا الطائي", "رنا الطائي", "المهندسة المعمارية"},
	} {
		t.Run(c.name, func(t *testing.T) {
			page := `<html lang="ar"><head><title>حوار مع ` + c.person + `</title></head><body><h1>حوار مع ` + c.person + `</h1>
<div class="text"><p>تحدث ` + c.person + ` عن موسم الحنطة في واسط.</p>
<p>س١/ كيف كان الموسم هذا العام؟</p><p>ج١/ أفضل من العام الماضي بكثير.</p>
<p>س٢/ وماذا عن أسعار الشراء؟</p><p>ج٢/ الوزارة رفعت السعر قليلاً.</p></div></body></html>`
			d := round12Parse(t, "https://wasit.example/news/9", page)
			if d.Interviewee == nil || d.Interviewee.Name != c.name || d.Interviewee.Role != c.role {
				t.Errorf("interviewee = %+v, want %s, role %s", d.Interviewee, c.name, c.role)
			}
		})
	}
}

// TestParse_ItalicLeadQuestion: a paragraph that opens with its question
// in italics and goes on with the answer in roman is a question and an
// answer, as a bold question before its answer is.
func TestParse_ItalicLeadQuestion(t *testing.T) {
	page := `<html lang="en"><head><title>Five minutes with the oud maker Hassan Faleh</title></head><body>
<article><h1>Five minutes with the oud maker Hassan Faleh</h1><p class="byline">By Rana Tawfiq · 14 May 2024</p>
<div class="entry-content"><p>Hassan Faleh has made ouds in a workshop off Rashid Street since 1988.</p>
<p><em>How long does one oud take?</em> Six weeks, if the wood is dry.</p>
<p><em>Which wood do you prefer?</em> Walnut for the bowl, spruce for the face.</p>
<p><i>Who buys them?</i> Students, mostly, and a few players from Istanbul.</p></div></article></body></html>`
	d := round12Parse(t, "https://review.example/2024/05/14/oud/", page)
	if d.Kind != KindInterview || len(d.QA) != 3 {
		t.Fatalf("kind = %q with %d pairs, want an interview of 3", d.Kind, len(d.QA))
	}
	if q := d.QA[0]; q.Question != "How long does one oud take?" || q.Answer != "Six weeks, if the wood is dry." {
		t.Errorf("qa[1] = %q", q)
	}
}

// TestParse_ShortRoleLabelledAnswers: short answers under the labels for
// a question and an answer ("س١: ...؟ ج١: ...", here in one paragraph
// each) are turns, their labels no part of the answers: no list of facts
// is labelled so.
func TestParse_ShortRoleLabelledAnswers(t *testing.T) {
	page := `<html lang="ar"><head><title>حوار مع الباحثة ليلى الحسيني</title></head><body>
<article><h1>حوار مع الباحثة ليلى الحسيني</h1><div class="entry-content"><p>ليلى الحسيني باحثة في التراث الشعبي، التقيناها في مكتبها.</p>
<p>س١: لماذا الحكايات الشعبية؟ ج١: لأنها آخر ما يبقى من اللهجات.</p>
<p>س٢: أين تجمعين الحكايات؟ ج٢: في القرى، من الجدات غالباً.</p>
<p>س٣: ومتى يصدر الكتاب؟ ج٣: في الخريف.</p></div></article></body></html>`
	d := round12Parse(t, "https://turath.example/ar/hiwarat/9", page)
	if d.QAConvention != QARoleLabels || len(d.QA) != 3 || d.QA[2].Answer != "في الخريف." {
		t.Errorf("convention %q, qa = %q", d.QAConvention, d.QA)
	}
}

// TestParse_SummaryOpensWithName: when the page's summary and the lede
// open with one person's name ("Zainab Kadhim on ..." over "Zainab Kadhim
// is an urban planner ..."), that person answers the interview's questions.
func TestParse_SummaryOpensWithName(t *testing.T) {
	page := `<html lang="en"><head><title>We map what the census forgot</title>
<meta name="description" content="Zainab Kadhim on the volunteers who count the settlements of Basra.">
<meta property="article:tag" content="Interviews"></head><body><article><h1>We map what the census forgot</h1>
<section class="gh-content"><p>Zainab Kadhim is an urban planner who walks the settlements on the edge of Basra with a team of students.</p>
<h2>How did it start?</h2><p>With a clinic that could not find its patients, so the nurses drew their own maps.</p>
<h2>How many people live there?</h2><p>We have counted 41,000 so far in nine settlements.</p>
<h2>What happens to the maps?</h2><p>We give them to the water directorate and to the schools.</p></section></article></body></html>`
	d := round12Parse(t, "https://fieldnotes.example/we-map/", page)
	if d.Interviewee == nil || d.Interviewee.Name != "Zainab Kadhim" || d.Interviewee.Role != "urban planner" {
		t.Errorf("interviewee = %+v, want Zainab Kadhim, urban planner", d.Interviewee)
	}
}
