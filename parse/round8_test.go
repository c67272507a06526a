package parse

import (
	"strings"
	"testing"
)

// TestParse_DisclosureQuestions: an interview set as an accordion or a
// toggle list, each question in the widget's header and its answer in the
// panel under it, reads as its turns, whatever the widget: Bootstrap 5
// (the question a <button> in an h2.accordion-header), Bootstrap 4 (a
// card-header over a collapse), Elementor's toggle (a div role=button
// holding an <a> with no href), WPBakery's vc_toggle, <details>. A button
// that is not a heading's whole text stays a control, unread.
func TestParse_DisclosureQuestions(t *testing.T) {
	const lede = `<p>Salwa Hadi, a ceramicist from Najaf, restores the glazed tiles of the city's old houses. We spoke to her in her workshop for issue 91.</p>`
	qs := []string{"How did you learn the craft?", "What is the hardest colour to match?", "Who are your clients?"}
	as := []string{"From my uncle, who glazed tiles for the shrine until the 1980s.", "Turquoise. The old glaze used copper from a mine that closed long ago.", "Families who inherited a house and want to keep it, and lately the municipality."}
	for _, c := range []struct {
		name, open, close string
		item              func(i int, q, a string) string
	}{
		{"bootstrap 5", `<div class="accordion" id="qa">`, `</div>`, func(i int, q, a string) string {
			return `<div class="accordion-item"><h2 class="accordion-header"><button class="accordion-button collapsed" type="button" data-bs-toggle="collapse" aria-expanded="false">` + q +
				`</button></h2><div class="accordion-collapse collapse"><div class="accordion-body">` + a + `</div></div></div>`
		}},
		{"bootstrap 4", `<div class="accordion" id="qa">`, `</div>`, func(i int, q, a string) string {
			return `<div class="card"><div class="card-header" id="h` + string(rune('0'+i)) + `"><h2 class="mb-0"><button class="btn btn-link btn-block text-left" type="button" data-toggle="collapse">` + q +
				`</button></h2></div><div class="collapse"><div class="card-body">` + a + `</div></div></div>`
		}},
		{"elementor toggle", `<div class="elementor-toggle">`, `</div>`, func(i int, q, a string) string {
			return `<div class="elementor-toggle-item"><div class="elementor-tab-title" role="button" aria-expanded="false"><span class="elementor-toggle-icon"><i class="fas fa-caret-right"></i></span><a class="elementor-toggle-title" tabindex="0">` + q +
				`</a></div><div class="elementor-tab-content elementor-clearfix" role="region"><p>` + a + `</p></div></div>`
		}},
		{"elementor accordion", `<div class="elementor-accordion">`, `</div>`, func(i int, q, a string) string {
			return `<div class="elementor-accordion-item"><div class="elementor-tab-title" role="button" aria-expanded="false"><a class="elementor-accordion-title" href="">` + q +
				`</a></div><div class="elementor-tab-content" role="region"><p>` + a + `</p></div></div>`
		}},
		{"foundation accordion", `<ul class="accordion" data-accordion>`, `</ul>`, func(i int, q, a string) string {
			return `<li class="accordion-item" data-accordion-item><a href="#" class="accordion-title">` + q + `</a><div class="accordion-content" data-tab-content><p>` + a + `</p></div></li>`
		}},
		{"wpbakery toggle", ``, ``, func(i int, q, a string) string {
			return `<div class="vc_toggle vc_toggle_default"><div class="vc_toggle_title"><h4>` + q + `</h4><i class="vc_toggle_icon"></i></div><div class="vc_toggle_content"><p>` + a + `</p></div></div>`
		}},
		{"details", ``, ``, func(i int, q, a string) string {
			return `<details><summary>` + q + `</summary><p>` + a + `</p></details>`
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var b strings.Builder
			b.WriteString(`<html lang="en"><head><title>Five minutes with Salwa Hadi</title></head><body><nav><button class="navbar-toggler" aria-expanded="false">Menu</button><a href="/en/">Home</a></nav><main><article><h1>Five minutes with Salwa Hadi</h1>` + lede + c.open)
			for i := range qs {
				b.WriteString(c.item(i, qs[i], as[i]))
			}
			b.WriteString(c.close + `<p><button class="btn btn-share">Share this interview</button></p></article></main></body></html>`)
			d, err := Parse("http://127.0.0.1/en/post/6620", "text/html; charset=utf-8", []byte(b.String()), convAt)
			if err != nil {
				t.Fatal(err)
			}
			if len(d.QA) != 3 {
				t.Fatalf("%d pairs, want 3: %+v (body %q)", len(d.QA), d.QA, d.Body)
			}
			for i, p := range d.QA {
				if p.Question != qs[i] || p.Answer != as[i] {
					t.Errorf("pair %d: %+v", i+1, p)
				}
			}
			if d.Interviewee == nil || d.Interviewee.Name != "Salwa Hadi" {
				t.Errorf("interviewee %+v", d.Interviewee)
			}
			if strings.Contains(d.Body, "Share this") || strings.Contains(d.Body, "Menu") {
				t.Errorf("a control's label in the body: %q", d.Body)
			}
		})
	}
}

// TestParse_DescribedAsInterview: a page whose own description calls it
// an interview with the person its first paragraph names presents itself
// as one (its questions may be fewer than three with a question mark); a
// site-wide description that names nobody of the post's does not.
func TestParse_DescribedAsInterview(t *testing.T) {
	page := func(desc string) string {
		return `<html lang="en"><head><title>Keeping the Basra photo archive alive</title><meta name="description" content="` + desc + `"></head><body><article><h1>Keeping the Basra photo archive alive</h1>` +
			`<p>Yusuf Jabbar has spent twenty years collecting the negatives of Basra's studio photographers. Layla Saad asked him how an archive survives without a building.</p>` +
			`<h4>Where did the first negatives come from?</h4><p>A studio on Al-Watani Street was closing in 2003, and I paid the owner's son for forty boxes.</p>` +
			`<h4>Tell us about the people in them.</h4><p>Sailors, brides, schoolboys in their first suits. Almost nobody is named.</p>` +
			`<h4>Why not give them to a museum?</h4><p>Because a museum would put them in a basement, and online a grandmother in Sydney can find her father.</p></article></body></html>`
	}
	d, err := Parse("http://127.0.0.1/en/post/4410", "text/html; charset=utf-8", []byte(page("An interview with the archivist Yusuf Jabbar about the Basra photo archive.")), convAt)
	if err != nil {
		t.Fatal(err)
	}
	if d.Kind != KindInterview || len(d.QA) != 3 || d.QA[1].Question != "Tell us about the people in them." {
		t.Fatalf("%s, %d pairs: %+v", d.Kind, len(d.QA), d.QA)
	}
	if d.Interviewee == nil || d.Interviewee.Name != "Yusuf Jabbar" {
		t.Errorf("interviewee %+v", d.Interviewee)
	}
	if d, err = Parse("http://127.0.0.1/en/post/4410", "text/html; charset=utf-8", []byte(page("Interviews with Iraq's writers, artists and scholars.")), convAt); err != nil {
		t.Fatal(err)
	}
	if d.Kind != KindArticle {
		t.Errorf("site-wide description: %s with %d pairs", d.Kind, len(d.QA))
	}
}

// TestParse_TatweelLabels: labels drawn out with tatweel ("الجـبوري:",
// "الـمحاور:") are read as the labels they spell, and the interviewee's
// alias is the name without the tatweel, as the name matcher reads it.
func TestParse_TatweelLabels(t *testing.T) {
	page := `<html lang="ar"><head><title>الدكتور سعد الجبوري: الجامعة تحتاج إلى استقلالها</title></head><body><h1>الدكتور سعد الجبوري: الجامعة تحتاج إلى استقلالها</h1>` +
		`<p>في العدد 63 من مجلة حوار الفكر نحاور الدكتور سعد الجبوري، رئيس جامعة الأنبار، عن استقلال الجامعات العراقية.</p>` +
		`<p><strong>الـمحاور:</strong> كيف وجدتم الجامعة حين عدتم إليها؟</p><p><strong>الجـبوري:</strong> وجدنا أبنية بلا نوافذ ومكتبة محروقة، وأساتذة ينتظرون.</p>` +
		`<p><strong>الـمحاور:</strong> وما الذي تعنيه باستقلال الجامعة؟</p><p><strong>الجـبـوري:</strong> أن تختار الجامعة أساتذتها ومناهجها بنفسها.</p></body></html>`
	d, err := Parse("http://127.0.0.1/post/2290", "text/html; charset=utf-8", []byte(page), convAt)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.QA) != 2 || d.QA[0].Question != "كيف وجدتم الجامعة حين عدتم إليها؟" {
		t.Fatalf("turns: %+v", d.QA)
	}
	if d.Interviewee == nil || d.Interviewee.Name != "سعد الجبوري" || len(d.Interviewee.Aliases) != 1 || d.Interviewee.Aliases[0] != "الجبوري" {
		t.Errorf("interviewee %+v", d.Interviewee)
	}
}

// TestParse_HAtomAboutInterviewer: an old WordPress theme's hAtom date
// (<abbr class="published" title="...">) is the machine-readable date, an
// "About the interviewer" box after the text names the interviewer, and
// Kubrick's "postmetadata" line is a meta line, not the body.
func TestParse_HAtomAboutInterviewer(t *testing.T) {
	page := `<html lang="en"><head><title>Interview: Ahmed Saadawi on writing Baghdad</title></head><body><div class="hentry post"><h2 class="entry-title">Interview: Ahmed Saadawi on writing Baghdad</h2>` +
		`<div class="entry-meta">Posted on <abbr class="published" title="2011-05-01T18:20:00+03:00">May 1st, 2011</abbr> by <span class="author vcard"><span class="fn">editor</span></span></div>` +
		`<div class="entry-content"><p>The novelist Ahmed Saadawi has been writing about Baghdad's bombings for years. We talked to him after a reading.</p>` +
		`<p><strong>Q: Why Baghdad, always Baghdad?</strong></p><p>A: Because it is the city where I was born and the city that keeps changing.</p>` +
		`<p><strong>Q: Do you write every day?</strong></p><p>A: In the mornings, before the generators start.</p>` +
		`<div class="about-interviewer"><h4>About the interviewer</h4><p>Maysoon Aziz is a journalist in Baghdad.</p></div></div>` +
		`<p class="postmetadata">Posted in <a href="/en/category/interviews/" rel="category tag">Interviews</a> | <a href="#respond">Leave a comment</a></p></div></body></html>`
	d, err := Parse("http://127.0.0.1/en/2011/05/saadawi/", "text/html; charset=utf-8", []byte(page), convAt)
	if err != nil {
		t.Fatal(err)
	}
	if d.Published != "2011-05-01T18:20:00+03:00" {
		t.Errorf("published %q", d.Published)
	}
	if d.Interviewer != "Maysoon Aziz" {
		t.Errorf("interviewer %q", d.Interviewer)
	}
	if len(d.QA) != 2 || strings.Contains(d.Body, "Posted in") {
		t.Errorf("%d pairs, body %q", len(d.QA), d.Body)
	}
}

// TestParse_TatweelDashAnswers: the Arabic press's answers opened by a
// tatweel set off by a space ("ـ لأن ...") lose the dash, as answers
// opened by "- " do; a tatweel inside a word is no dash.
func TestParse_TatweelDashAnswers(t *testing.T) {
	for _, c := range []struct{ name, q1, q2, q3 string }{
		{"starred questions", "<p>* لماذا اخترت بغداد القديمة؟</p>", "<p>* هل واجهتم صعوبات في التصاريح؟</p>", "<p>* ومتى يعرض الفيلم؟</p>"},
		{"bold questions", "<p><b>لماذا اخترت بغداد القديمة؟</b></p>", "<p><b>هل واجهتم صعوبات في التصاريح؟</b></p>", "<p><b>ومتى يعرض الفيلم؟</b></p>"},
	} {
		t.Run(c.name, func(t *testing.T) {
			page := `<html lang="ar"><head><title>حوار مع المخرج محمد الدراجي</title></head><body><h1>حوار مع المخرج محمد الدراجي</h1>` +
				`<p>عاد المخرج العراقي محمد الدراجي إلى بغداد ليصوّر فيلمه الجديد، وكان لمجلة حوار الفكر معه هذا اللقاء.</p>` +
				c.q1 + `<p>ـ لأن الأزقة هناك ما زالت تحفظ وجوه الناس.</p>` + c.q2 + `<p>ـ أقل مما توقعت، فالناس في الحي ساعدونا.</p>` +
				c.q3 + `<p>ـ في الخريف المقبل، في مهرجان بغداد السينمائي.</p></body></html>`
			d, err := Parse("http://127.0.0.1/post/3315", "text/html; charset=utf-8", []byte(page), convAt)
			if err != nil {
				t.Fatal(err)
			}
			if len(d.QA) != 3 || d.QA[0].Question != "لماذا اخترت بغداد القديمة؟" || d.QA[0].Answer != "لأن الأزقة هناك ما زالت تحفظ وجوه الناس." {
				t.Fatalf("turns: %+v", d.QA)
			}
		})
	}
	if k, _, _ := leadMarker("ـلأن"); k != 0 {
		t.Errorf("a tatweel glued to its word read as a dash")
	}
}

// TestParse_SoraniDate: a Sorani Kurdish date line ("دووشەممە، ٢٠ی
// ئایاری ٢٠٢٤": the ezafe on the day and the month) is the post's date,
// and a Sorani title's lead-in ("دیمانە لەگەڵ X: ...") is no part of the
// interviewee's name.
func TestParse_SoraniDate(t *testing.T) {
	for _, c := range []struct{ line, want string }{
		{"دووشەممە، ٢٠ی ئایاری ٢٠٢٤", "2024-05-20"},
		{"٣ی تشرینی دووەمی ٢٠٢٣", "2023-11-03"},
		{"١ی کانوونی دووەم ٢٠٢٥", "2025-01-01"},
	} {
		if d := dateOnly(c.line); d != c.want {
			t.Errorf("dateOnly(%q) = %q, want %q", c.line, d, c.want)
		}
	}
	page := `<html lang="ckb"><head><title>دیمانە لەگەڵ شیرین کەریم: کتێبخانەکانی هەولێر</title></head><body><div class="topbar"><span class="today">شەممە، ١٤ی ئازاری ٢٠٢٦</span></div>` +
		`<h1>دیمانە لەگەڵ شیرین کەریم: کتێبخانەکانی هەولێر</h1><div class="art-date">دووشەممە، ٢٠ی ئایاری ٢٠٢٤</div>` +
		`<p>شیرین کەریم، بەڕێوەبەری کتێبخانەی گشتیی هەولێر، باسی کتێبخانەکانی شار و خوێنەرانی نوێ دەکات.</p>` +
		`<p><b>پرسیار:</b> چەند کتێب لە کتێبخانەکەدا هەیە؟</p><p><b>وەڵام:</b> نزیکەی سەد هەزار کتێب، زۆربەیان بە کوردی و عەرەبی.</p>` +
		`<p><b>پرسیار:</b> خوێنەران کێن؟</p><p><b>وەڵام:</b> زۆربەیان خوێندکارن.</p></body></html>`
	d, err := Parse("http://127.0.0.1/ckb/post/41", "text/html; charset=utf-8", []byte(page), convAt)
	if err != nil {
		t.Fatal(err)
	}
	if d.Published != "2024-05-20" || len(d.QA) != 2 {
		t.Errorf("published %q, %d pairs", d.Published, len(d.QA))
	}
	if d.Interviewee == nil || d.Interviewee.Name != "شیرین کەریم" {
		t.Errorf("interviewee %+v", d.Interviewee)
	}
}

// TestParse_TabsWidget: a page builder's tabs widget (WPBakery's
// vc_tta-tabs, Elementor's tabs) holding the interview in one panel and
// the guest's biography in the next is the post's text, not a menu: the
// turns read, the biography stays in the body, the row of tab labels goes.
func TestParse_TabsWidget(t *testing.T) {
	qa := `<p><strong>س: ماذا يعني لك اللون بعد أربعين عاماً من الرسم؟</strong></p><p>ج: اللون ذاكرة، كل لون يذكرني بمكان.</p>` +
		`<p><strong>س: ولماذا عدت إلى الرسم على الورق؟</strong></p><p>ج: لأن الورق يتنفس، والقماش يحتمل الخطأ.</p>` +
		`<p><strong>س: ما الذي تقوله للرسامين الشباب؟</strong></p><p>ج: أن يرسموا كل يوم، وألا ينتظروا الإلهام.</p>`
	const bio = `ولد قاسم سبتي في بغداد عام 1953، وتخرج في أكاديمية الفنون الجميلة عام 1981.`
	for _, c := range []struct{ name, widget string }{
		{"wpbakery", `<div class="vc_tta-container"><div class="vc_general vc_tta vc_tta-tabs vc_tta-color-grey"><div class="vc_tta-tabs-container"><ul class="vc_tta-tabs-list">` +
			`<li class="vc_tta-tab vc_active"><a href="#tab-1"><span class="vc_tta-title-text">نص المقابلة</span></a></li><li class="vc_tta-tab"><a href="#tab-2"><span class="vc_tta-title-text">سيرة الفنان</span></a></li></ul></div>` +
			`<div class="vc_tta-panels-container"><div class="vc_tta-panels"><div class="vc_tta-panel vc_active" id="tab-1"><div class="vc_tta-panel-heading"><h4 class="vc_tta-panel-title"><a href="#tab-1"><span class="vc_tta-title-text">نص المقابلة</span></a></h4></div><div class="vc_tta-panel-body"><div class="wpb_text_column"><div class="wpb_wrapper">` + qa + `</div></div></div></div>` +
			`<div class="vc_tta-panel" id="tab-2"><div class="vc_tta-panel-heading"><h4 class="vc_tta-panel-title"><a href="#tab-2"><span class="vc_tta-title-text">سيرة الفنان</span></a></h4></div><div class="vc_tta-panel-body"><div class="wpb_text_column"><div class="wpb_wrapper"><p>` + bio + `</p></div></div></div></div></div></div></div></div>`},
		{"elementor", `<div class="elementor-element elementor-widget elementor-widget-tabs"><div class="elementor-widget-container"><div class="elementor-tabs"><div class="elementor-tabs-wrapper" role="tablist">` +
			`<div class="elementor-tab-title elementor-tab-desktop-title" role="tab">نص المقابلة</div><div class="elementor-tab-title elementor-tab-desktop-title" role="tab">سيرة الفنان</div></div>` +
			`<div class="elementor-tabs-content-wrapper"><div class="elementor-tab-title elementor-tab-mobile-title" role="tab">نص المقابلة</div><div class="elementor-tab-content elementor-clearfix" role="tabpanel">` + qa + `</div>` +
			`<div class="elementor-tab-title elementor-tab-mobile-title" role="tab">سيرة الفنان</div><div class="elementor-tab-content elementor-clearfix" role="tabpanel"><p>` + bio + `</p></div></div></div></div></div>`},
	} {
		t.Run(c.name, func(t *testing.T) {
			page := `<html lang="ar"><head><title>الفنان التشكيلي قاسم سبتي: اللون ذاكرة</title></head><body><nav class="main-nav"><a href="/">الرئيسية</a></nav><article class="post hentry"><h1>الفنان التشكيلي قاسم سبتي: اللون ذاكرة</h1>` +
				`<div class="post-meta">5 أيلول 2022 | حاوره: سامر الخفاجي</div><div class="entry-content"><p>يعدّ الفنان التشكيلي قاسم سبتي من أبرز رسامي جيل الثمانينيات في العراق، وقد افتتح معرضه الجديد في بغداد.</p>` +
				c.widget + `</div></article></body></html>`
			if c.name == "elementor" {
				// A page Elementor builds whole: the title a heading widget beside the others.
				w := func(kind, inner string) string {
					return `<div class="elementor-element elementor-widget elementor-widget-` + kind + `"><div class="elementor-widget-container">` + inner + `</div></div>`
				}
				page = `<html lang="ar"><head><title>الفنان التشكيلي قاسم سبتي: اللون ذاكرة</title></head><body><nav class="main-nav"><a href="/">الرئيسية</a></nav><div class="elementor elementor-8120"><div class="elementor-widget-wrap">` +
					w("heading", `<h1 class="elementor-heading-title">الفنان التشكيلي قاسم سبتي: اللون ذاكرة</h1>`) + w("post-info", `<ul class="elementor-post-info"><li>5 أيلول 2022</li><li>حاوره: سامر الخفاجي</li></ul>`) +
					w("text-editor", `<p>يعدّ الفنان التشكيلي قاسم سبتي من أبرز رسامي جيل الثمانينيات في العراق، وقد افتتح معرضه الجديد في بغداد.</p>`) + c.widget + `</div></div></body></html>`
			}
			d, err := Parse("http://127.0.0.1/post/8120", "text/html; charset=utf-8", []byte(page), convAt)
			if err != nil {
				t.Fatal(err)
			}
			if len(d.QA) != 3 || d.QA[2].Answer != "أن يرسموا كل يوم، وألا ينتظروا الإلهام." {
				t.Fatalf("turns: %+v", d.QA)
			}
			if !strings.Contains(d.Body, bio) || strings.Contains(d.Body, "نص المقابلة") {
				t.Errorf("body %q", d.Body)
			}
		})
	}
}

// TestParse_CreditClosingLede: a lede that closes with the credit ("...
// retaken. Interview by Huda Sabah.") keeps its sentences as the text and
// gives the interviewer; a title "Interview: X, bookseller of Mosul" names
// X.
func TestParse_CreditClosingLede(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<html lang="en"><head><title>Interview: Omar Hadidi, bookseller of Mosul</title></head><body><article class="hentry"><h1 class="entry-title">Interview: Omar Hadidi, bookseller of Mosul</h1><div class="entry-content">` +
		`<p>Omar Hadidi opened his bookshop in Mosul's old market in 2018, a year after the city was retaken. Interview by Huda Sabah.</p>`)
	for _, p := range [][2]string{{"Why open a bookshop in Mosul now?", "Because the university reopened and the students had nothing to read."}, {"Who are your customers?", "Students first, then their parents, who buy the novels they could not read."}, {"What sells best?", "Dictionaries. Then Agatha Christie, which surprises everybody but me."}} {
		b.WriteString(`<div class="su-spoiler"><div class="su-spoiler-title" role="button">` + p[0] + `</div><div class="su-spoiler-content">` + p[1] + `</div></div>`)
	}
	b.WriteString(`</div></article></body></html>`)
	d, err := Parse("http://127.0.0.1/en/2019/11/omar-hadidi/", "text/html; charset=utf-8", []byte(b.String()), convAt)
	if err != nil {
		t.Fatal(err)
	}
	if d.Body != "Omar Hadidi opened his bookshop in Mosul's old market in 2018, a year after the city was retaken." {
		t.Errorf("body %q", d.Body)
	}
	if d.Interviewer != "Huda Sabah" || d.Interviewee == nil || d.Interviewee.Name != "Omar Hadidi" || len(d.QA) != 3 {
		t.Errorf("interviewer %q, interviewee %+v, %d pairs", d.Interviewer, d.Interviewee, len(d.QA))
	}
	if got := proseBeforeCredit("From Dialogue of Thought, issue 52. Interview by Ali Hassan."); got != "" {
		t.Errorf("an issue line read as prose: %q", got)
	}
}

// TestRoleAround_VerbBeforeHonorific: in "تدير المهندسة رنا الطائي
// مشروعاً ..." the word before the honorific is the sentence's verb, not
// the person's role; a role noun there still is one.
func TestRoleAround_VerbBeforeHonorific(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"تدير المهندسة رنا الطائي مشروعاً لتركيب الألواح الشمسية في البصرة.", ""},
		{"يقول الدكتور رنا الطائي إن المشروع بدأ عام 2020.", ""},
		{"الباحثة الدكتورة رنا الطائي تتحدث عن المشروع.", "الباحثة"},
	} {
		if got := roleAround(c.text, []string{"رنا الطائي"}); got != c.want {
			t.Errorf("roleAround(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

// TestParse_IssueLineAfterTurns: the source line under the last answer,
// written like a label ("حوار الفكر - العدد 12 - نيسان 2009"), is no
// question: it names the issue and goes to the body; the asker's label
// drawn out with tatweel ("حـوار الفكـر:") names the interviewer without
// it.
func TestParse_IssueLineAfterTurns(t *testing.T) {
	page := `<html lang="ar"><head><title>الشاعر حميد قاسم: القصيدة لا تتقاعد</title></head><body><h1>الشاعر حميد قاسم: القصيدة لا تتقاعد</h1>` +
		`<p>التقت مجلة حوار الفكر الشاعر حميد قاسم بعد صدور مجموعته الجديدة، فكان هذا الحوار.</p>` +
		`<p><b>حـوار الفكـر:</b> بعد ثلاثين عاماً من الكتابة، هل تغيرت القصيدة عندك؟</p><p><b>حميد قاسم:</b> القصيدة لم تتغير، أنا الذي تغيرت.</p>` +
		`<p><b>حـوار الفكـر:</b> ولمن تكتب اليوم؟</p><p><b>حميد قاسم:</b> لقارئ واحد يقرأ ببطء، وهذا يكفيني.</p>` +
		`<p>حوار الفكر - العدد 12 - نيسان 2009</p></body></html>`
	d, err := Parse("http://127.0.0.1/post/112", "text/html; charset=utf-8", []byte(page), convAt)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.QA) != 2 || d.QA[1].Answer != "لقارئ واحد يقرأ ببطء، وهذا يكفيني." {
		t.Fatalf("turns: %+v", d.QA)
	}
	if d.Interviewer != "حوار الفكر" || d.Magazine == nil || d.Magazine.Issue != "12" || !strings.HasSuffix(d.Body, "حوار الفكر - العدد 12 - نيسان 2009") {
		t.Errorf("interviewer %q, magazine %+v, body %q", d.Interviewer, d.Magazine, d.Body)
	}
}

// TestParse_AccordionExplainer: a news report's box of questions and
// answers in a Bootstrap 4 accordion is no interview (nobody is
// interviewed): it stays an article whose body keeps the questions, and a
// card's "Share this article" header is chrome.
func TestParse_AccordionExplainer(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<html lang="en"><head><title>Iraq's first census in 27 years ends</title></head><body><div class="container"><h1>Iraq's first census in 27 years ends</h1>` +
		`<p>The counting of Iraq's population ended on Monday after two days in which a curfew kept people at home. Around 120,000 enumerators visited every household.</p>` +
		`<p>Officials said the preliminary figure would be announced within days. The last complete census was held in 1987.</p><div class="accordion" id="faq">`)
	for i, p := range [][2]string{{"When will the results be published?", "The planning ministry expects the first district tables in the spring."}, {"Were religion and ethnicity counted?", "No. The questionnaire left both out, after objections from several parties."}, {"Can I check that my household was counted?", "Yes. The statistics office runs a telephone line until the end of the month."}} {
		b.WriteString(`<div class="card"><div class="card-header" id="h` + string(rune('0'+i)) + `"><h5 class="mb-0"><button class="btn btn-link" data-toggle="collapse">` + p[0] + `</button></h5></div><div class="collapse"><div class="card-body">` + p[1] + `</div></div></div>`)
	}
	b.WriteString(`</div><div class="card mt-4"><div class="card-header">Share this article</div><div class="card-body"><a href="https://facebook.com/sharer">Facebook</a> <a href="https://twitter.com/share">Twitter</a></div></div></div></body></html>`)
	d, err := Parse("http://127.0.0.1/en/news/413", "text/html; charset=utf-8", []byte(b.String()), convAt)
	if err != nil {
		t.Fatal(err)
	}
	if d.Kind != KindArticle || len(d.QA) != 0 {
		t.Errorf("%s with %d pairs", d.Kind, len(d.QA))
	}
	if !strings.Contains(d.Body, "When will the results be published?") || strings.Contains(d.Body, "Share this") {
		t.Errorf("body %q", d.Body)
	}
}

// TestParse_CalligrapherRole: a profession the role nouns did not know
// ("الخطاط", the calligrapher) before the name in the title is the role,
// not part of the name, and a question set in a <details>'s summary with
// its role label reads as a turn.
func TestParse_CalligrapherRole(t *testing.T) {
	page := `<html lang="ar"><head><title>حوار مع الخطاط عباس البغدادي</title></head><body><main><h1>حوار مع الخطاط عباس البغدادي</h1><p class="meta">أجرى الحوار: نور الهدى كاظم</p>` +
		`<p>يعد الخطاط عباس البغدادي من أبرز خطاطي العراق، وقد كتب المصحف الشريف بخط يده.</p>` +
		`<details open><summary>س: متى بدأت الخط؟</summary><p>ج: في العاشرة، حين كان أبي يعلمني على لوح من الطين.</p></details>` +
		`<details><summary>س: من هو أستاذك؟</summary><p>ج: هاشم محمد البغدادي، وقد لازمته سبع سنوات.</p></details></main></body></html>`
	d, err := Parse("http://127.0.0.1/post/7100", "text/html; charset=utf-8", []byte(page), convAt)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.QA) != 2 || d.Interviewee == nil || d.Interviewee.Name != "عباس البغدادي" || d.Interviewee.Role != "الخطاط" {
		t.Errorf("%d pairs, interviewee %+v", len(d.QA), d.Interviewee)
	}
}

// TestParse_TitleLeadInSubject: "حوار مع الباحثة X عن الأهوار" names X:
// the subject after the preposition is no part of the name.
func TestParse_TitleLeadInSubject(t *testing.T) {
	for _, c := range []struct{ title, want string }{
		{"حوار مع الباحثة سلمى العزاوي عن الأهوار", "سلمى العزاوي"},
		{"لقاء مع الشاعر حميد قاسم حول القصيدة", "حميد قاسم"},
		{"حوار مع سلمى العزاوي", "سلمى العزاوي"},
	} {
		if got := subjectName(c.title, titleLeadInArRe); got != c.want {
			t.Errorf("%q: %q, want %q", c.title, got, c.want)
		}
	}
}
