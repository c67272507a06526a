package parse

import (
	"strings"
	"testing"
)

// wrappedPage is a post whose parts are each wrapped in an element of their
// own (class), after a lede, with a related-posts box after them.
func wrappedPage(title, lede, class string, parts, related []string) string {
	var b strings.Builder
	b.WriteString(`<html><head><title>` + title + `</title></head><body><nav><a href="/en/">Home</a> <a href="/en/news">News</a></nav><main><article>`)
	b.WriteString(`<h1>` + title + `</h1><div class="lede"><p>` + lede + `</p></div>`)
	for _, p := range parts {
		b.WriteString(`<section class="` + class + `">` + p + `</section>`)
	}
	b.WriteString(`</article><aside>`)
	for _, r := range related {
		b.WriteString(`<div class="` + class + `">` + r + `</div>`)
	}
	b.WriteString(`</aside></main><footer>Iraqi Institute for Dialogue</footer></body></html>`)
	return b.String()
}

// TestParse_RepeatedWrappers reads a post whose question/answer pairs (or
// parts) are each wrapped in an element of the same class: the post is the
// element holding them all, not the one wrapper with the longest text.
func TestParse_RepeatedWrappers(t *testing.T) {
	qa := func(q, a string) string { return `<h3 class="q">` + q + `</h3><div class="a"><p>` + a + `</p></div>` }
	d := parseConv(t, wrappedPage("Interview with Dr. Hassan Karim Al-Najjar", ledeEn, "qa", []string{
		qa("How did the idea begin?", ans1+" "+ans2), qa("Was it easy to stay independent?", ans2), qa("What should a reader do?", ans3),
	}, nil))
	if d.Kind != KindInterview || len(d.QA) != 3 || d.QA[2].Answer != ans3 {
		t.Fatalf("kind %q, %d pairs: %+v", d.Kind, len(d.QA), d.QA)
	}

	// An article in parts, each a <section> without a class.
	para := func(s string) string { return `<p>` + s + `</p>` }
	long := strings.Repeat("The rivers fell again this summer, and the farmers of the south left their fields. ", 4)
	d = parseConv(t, wrappedPage("The water seminar", "The institute held a seminar on water on Monday.", "", []string{
		para(long), para("The second session heard three engineers on the dams upstream and the marshes."),
		para("The third session ended with the recommendations read by the institute's director."),
	}, nil))
	if !strings.Contains(d.Body, "third session") || !strings.Contains(d.Body, "rivers fell") {
		t.Errorf("the article's parts: body %q", d.Body)
	}
}

// TestParse_RepeatedWrappersNotRelated: a post followed by related posts
// whose excerpts share the post's markup keeps them out of its text.
func TestParse_RepeatedWrappersNotRelated(t *testing.T) {
	long := strings.Repeat("The rivers fell again this summer, and the farmers of the south left their fields. ", 8)
	d := parseConv(t, `<html><head><title>The water seminar</title></head><body><main>
<div class="post"><h1>The water seminar</h1><p>`+long+`</p><p>`+long+`</p></div>
<div class="post"><p>A seminar on schools last year heard teachers and parents.</p></div>
<div class="post"><p>A seminar on the marshes was held in Nasiriyah in the spring.</p></div>
</main></body></html>`)
	if strings.Contains(d.Body, "schools last year") || strings.Contains(d.Body, "Nasiriyah") {
		t.Errorf("related excerpts in the post's text: %q", d.Body)
	}
	if !strings.Contains(d.Body, "rivers fell") {
		t.Errorf("the post's text is missing: %q", d.Body)
	}
}

// TestParse_InitialsLabels: an answerer labelled by initials ("H.K.:") is
// named from the title and the lede, and the initials are no alias.
func TestParse_InitialsLabels(t *testing.T) {
	for _, c := range []struct{ label, name string }{
		{"H.N.", "Hassan Karim Al-Najjar"}, {"H. N.", "Hassan Karim Al-Najjar"}, {"HN", "Hassan Karim Al-Najjar"},
		{"AL-NAJJAR", "Hassan Karim Al-Najjar"}, // a name in capitals is a name
	} {
		d := parseConv(t, interviewPage("Interview with Dr. Hassan Karim Al-Najjar", ledeEn,
			"<p>H.F.: How did the idea begin?</p>", "<p>"+c.label+": "+ans1+"</p>",
			"<p>H.F.: Was it easy to stay independent?</p>", "<p>"+c.label+": "+ans2+"</p>"))
		if d.Interviewee == nil || d.Interviewee.Name != c.name || len(d.QA) != 2 {
			t.Errorf("label %q: interviewee %+v, %d pairs", c.label, d.Interviewee, len(d.QA))
			continue
		}
		for _, a := range d.Interviewee.Aliases {
			if isInitials(a) {
				t.Errorf("label %q: initials %q as an alias", c.label, a)
			}
		}
	}
}

// TestParse_InterviewExtras: a pull quote that repeats an answer's words,
// the headings that part an interview and the editor's closing note are
// nobody's answer; a quotation the post does not repeat, and a last
// paragraph that is no note, stay.
func TestParse_InterviewExtras(t *testing.T) {
	turn := func(q, a string) string {
		return "<p><b>Hewar:</b> " + q + "</p><p><b>Al-Najjar:</b> " + a + "</p>"
	}
	d := parseConv(t, interviewPage("Interview with Dr. Hassan Karim Al-Najjar", ledeEn,
		"<h4>Part one: the beginning</h4>",
		turn("How did the idea begin?", ans1),
		`<blockquote class="pullquote"><p>“It began in a small room in Karrada”</p></blockquote>`,
		"<h4>Part two: the method</h4>",
		turn("Was it easy to stay independent?", ans2),
		turn("What should a reader do?", ans3),
		"<p><em>This interview has been edited for length and clarity.</em></p>"))
	want := []QA{{"How did the idea begin?", ans1}, {"Was it easy to stay independent?", ans2}, {"What should a reader do?", ans3}}
	if len(d.QA) != len(want) {
		t.Fatalf("%d pairs: %+v", len(d.QA), d.QA)
	}
	for i := range want {
		if d.QA[i] != want[i] {
			t.Errorf("qa[%d] = %+v, want %+v", i+1, d.QA[i], want[i])
		}
	}
	if d.Intro != "" || len(d.Warnings) != 0 {
		t.Errorf("intro %q, warnings %+v", d.Intro, d.Warnings)
	}

	// Arabic: the note is cut; a quotation nobody repeats, and a last
	// paragraph that only sounds final, are the answer's.
	quote := "قال المتنبي إن الخيل والليل والبيداء تعرفني"
	d = parseConv(t, interviewPage("حوار مع الدكتور حسن كريم النجار", ledeAr,
		"<p><b>الحوار:</b> كيف بدأت الفكرة؟</p><p><b>النجار:</b> "+ansAr1+"</p><blockquote><p>"+quote+"</p></blockquote>",
		"<p><b>الحوار:</b> هل كان البقاء مستقلاً سهلاً؟</p><p><b>النجار:</b> "+ansAr2+"</p><p>تم الأمر كما أردنا في النهاية.</p>",
		"<p><b>الحوار:</b> وماذا بعد؟</p><p><b>النجار:</b> "+ansAr1+"</p><p>تم تحرير الحوار واختصاره.</p>"))
	if len(d.QA) != 3 || !strings.Contains(d.QA[0].Answer, quote) || !strings.HasSuffix(d.QA[1].Answer, "في النهاية.") || d.QA[2].Answer != ansAr1 {
		t.Errorf("Arabic extras: %+v", d.QA)
	}
}

// TestParse_FAQIsNoInterview: a page of frequently asked questions with Q:
// and A: lines is a page, in either language; an interview whose title
// says Q&A is still one.
func TestParse_FAQIsNoInterview(t *testing.T) {
	turns := []string{"<p><b>Q:</b> How can I subscribe to the magazine?</p>", "<p><b>A:</b> " + ans1 + "</p>",
		"<p><b>Q:</b> Can I attend the seminars?</p>", "<p><b>A:</b> " + ans2 + "</p>"}
	for _, title := range []string{"Frequently asked questions", "FAQ", "الأسئلة الشائعة", "أسئلة متكررة"} {
		d, err := Parse("http://127.0.0.1/en/faq", "text/html; charset=utf-8", []byte(interviewPage(title, "About the institute.", turns...)), convAt)
		if err != nil || d.Kind == KindInterview || len(d.QA) != 0 {
			t.Errorf("%q: kind %q, %d pairs (%v)", title, d.Kind, len(d.QA), err)
		}
	}
	if d := parseConv(t, interviewPage("Q&A: Dr. Hassan Karim Al-Najjar on the institute", ledeEn, turns...)); d.Kind != KindInterview || len(d.QA) != 2 {
		t.Errorf("a Q&A interview: kind %q, %d pairs", d.Kind, len(d.QA))
	}
}

// TestParse_TablesOfContents: a post's own table of contents (links to its
// sections) is no text of it; a magazine issue's table of contents, links to
// the posts of the issue, makes the page a listing.
func TestParse_TablesOfContents(t *testing.T) {
	long := strings.Repeat("The rivers fell again this summer, and the farmers of the south left their fields. ", 6)
	d, err := Parse("http://127.0.0.1/en/post/77", "text/html; charset=utf-8", []byte(`<html><head><title>Water</title></head><body><article><h1>Water</h1>
<div class="toc"><p>Contents</p><ul><li><a href="#a">1. The rivers</a></li><li><a href="#b">2. The marshes</a></li><li><a href="#c">3. What to do</a></li></ul></div>
<h2 id="a">The rivers</h2><p>`+long+`</p><h2 id="b">The marshes</h2><p>`+long+`</p></article></body></html>`), convAt)
	if err != nil || strings.Contains(d.Body, "1. The rivers") || strings.Contains(d.Body, "Contents") || !strings.Contains(d.Body, "farmers") {
		t.Errorf("a post's table of contents: %q (%v)", d.Body, err)
	}
	d, err = Parse("http://127.0.0.1/ar/magazine/73", "text/html; charset=utf-8", []byte(`<html><head><title>العدد 73</title></head><body><h1>العدد 73</h1>
<ul class="toc"><li><a href="/ar/post/1">حوار مع الدكتورة سعاد الجبوري</a> — حوار</li><li><a href="/ar/post/2">الزراعة في الجنوب</a> — دراسة</li>
<li><a href="/ar/post/3">قراءة في قانون الأحزاب</a> — مقال</li></ul></body></html>`), convAt)
	if err != nil || d.Kind != KindListing || !strings.Contains(d.Body, "الزراعة في الجنوب") {
		t.Errorf("an issue's table of contents: kind %q, body %q (%v)", d.Kind, d.Body, err)
	}
}

// TestParse_GivenNameLabels: an answerer labelled by the given name alone
// is named by the full name the title or lede writes after an honorific.
func TestParse_GivenNameLabels(t *testing.T) {
	for _, c := range []struct{ title, lede, asker, label, name string }{
		{"Interview with Dr. Hassan Karim Al-Najjar", ledeEn, "Hewar", "Hassan", "Hassan Karim Al-Najjar"},
		{"حوار مع الدكتور حسن كريم النجار", ledeAr, "الحوار", "حسن", "حسن كريم النجار"},
	} {
		d := parseConv(t, interviewPage(c.title, c.lede,
			"<p><b>"+c.asker+":</b> How did it begin?</p>", "<p><b>"+c.label+":</b> "+ans1+"</p>",
			"<p><b>"+c.asker+":</b> Was it easy?</p>", "<p><b>"+c.label+":</b> "+ans2+"</p>"))
		if d.Interviewee == nil || d.Interviewee.Name != c.name || len(d.QA) != 2 {
			t.Errorf("label %q: interviewee %+v, %d pairs", c.label, d.Interviewee, len(d.QA))
		}
	}
}
