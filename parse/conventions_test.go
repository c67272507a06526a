package parse

import (
	"strings"
	"testing"
	"time"
)

// interviewPage wraps paragraphs in a page of a theme the parser was not
// written for: a table cell in a form, no <article>, a title in a <span>.
func interviewPage(title, lede string, content ...string) string {
	return `<html><head><title>` + title + ` | Iraqi Institute for Dialogue</title></head><body><form id="aspnetForm">
<div id="TopHeader"><span>08:14:55</span> Baghdad Time · Thursday</div>
<table><tr><td class="RightCol"><div class="SideBox">Most read<br><a href="/x">x</a></div></td>
<td class="MainCol"><span class="NewsTitle">` + title + `</span>
<p>` + lede + `</p>
` + strings.Join(content, "\n") + `
<div class="ShareBox">Share: <a href="https://facebook.com/x">Facebook</a></div></td></tr></table></form></body></html>`
}

var convAt = time.Date(2026, 1, 8, 0, 0, 0, 0, time.UTC)

func parseConv(t *testing.T, page string) *Document {
	t.Helper()
	d, err := Parse("http://127.0.0.1/en/post/901", "text/html; charset=utf-8", []byte(page), convAt)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

const (
	ledeEn = "Dialogue of Thought magazine conducted an interview with Dr. Hassan Karim Al-Najjar, director of the institute, published in issue (61) issued in March 2022."
	ledeAr = "أجرت مجلة حوار الفكر حواراً مع الدكتور حسن كريم النجار، مدير المعهد، نشر في العدد (٦١) الصادر في آذار ٢٠٢٢."
	ans1   = "It began in a small room in Karrada in the winter of 2005, with four researchers."
	ans2   = "No, and I will not pretend otherwise; every party wanted us to be its voice."
	ans3   = "Read the ones you disagree with: that is the whole method in one sentence."
	ansAr1 = "بدأت في غرفة صغيرة في الكرادة شتاء ٢٠٠٥، مع أربعة باحثين."
	ansAr2 = "لا، ولن أدعي غير ذلك، فكل طرف أرادنا صوتاً له."
	ansAr3 = "اقرؤوا لمن تختلفون معهم، هذه هي الطريقة كلها."
)

// TestParse_Conventions reads one interview written in each convention the
// issue lists, in a theme without hints, and checks the turns, the
// convention named, and who asks and answers.
func TestParse_Conventions(t *testing.T) {
	for _, c := range []struct {
		name        string
		title       string
		lede        string
		content     []string
		convention  string
		qa          []QA
		interviewer string
		name_       string
	}{
		{"name labels in text", "Interview with Dr. Hassan Karim Al-Najjar", ledeEn, []string{
			"<p>Dialogue of thought: How did the idea begin?</p>", "<p>Dr. Hassan Al-Najjar: " + ans1 + "</p>",
			"<p>Dialogue of thought: Was it easy to stay independent?</p>", "<p>Dr. Hassan Al-Najjar: " + ans2 + "</p>",
			"<p>Dialogue of thought: A last word?</p>", "<p>Al-Najjar: " + ans3 + "</p>",
		}, QANameLabels, []QA{{"How did the idea begin?", ans1}, {"Was it easy to stay independent?", ans2}, {"A last word?", ans3}}, "Dialogue of thought", "Hassan Karim Al-Najjar"},
		{"name labels bold, colon inside and outside, in span and font", "Interview with Dr. Hassan Karim Al-Najjar", ledeEn, []string{
			"<p><b>Dialogue of thought:</b> How did the idea begin?</p>", `<p><font color="#900"><b>Dr. Hassan Al-Najjar</b></font>: ` + ans1 + "</p>",
			`<p><span style="font-weight:bold">Dialogue of thought</span>: Was it easy to stay independent?</p>`, "<p><strong>Dr. Hassan Al-Najjar:</strong> " + ans2 + "</p>",
			"<p><b>Dialogue of thought:</b> A last word?</p>", "<p><b>Dr. Hassan Al-Najjar:</b> " + ans3 + "</p>",
		}, QANameLabels, []QA{{"How did the idea begin?", ans1}, {"Was it easy to stay independent?", ans2}, {"A last word?", ans3}}, "Dialogue of thought", "Hassan Karim Al-Najjar"},
		{"name labels on their own line", "Interview with Dr. Hassan Karim Al-Najjar", ledeEn, []string{
			"<p><b>Dialogue of thought</b></p><p>How did the idea begin?</p>", "<p><b>Dr. Hassan Al-Najjar</b></p><p>" + ans1 + "</p>",
			"<p><b>Dialogue of thought</b></p><p>Was it easy to stay independent?</p>", "<p><b>Dr. Hassan Al-Najjar</b></p><p>" + ans2 + "</p>",
		}, QANameLabels, []QA{{"How did the idea begin?", ans1}, {"Was it easy to stay independent?", ans2}}, "Dialogue of thought", "Hassan Karim Al-Najjar"},
		{"Arabic labels with direction marks, tatweel and harakat", "حوار مع الدكتور حسن كريم النجار", ledeAr, []string{
			"<p>\u200fحـوار الفكر: كيف بدأت الفكرة؟</p>", "<p>\u200fد. حسن النجار: " + ansAr1 + "</p>",
			"<p>حوار الفكـر: هل كان البقاء مستقلاً سهلاً؟</p>", "<p><strong>\u200fد. حَسن النجّار:</strong> " + ansAr2 + "</p>",
			"<p>حِوار الفكر: كلمة أخيرة؟</p>", "<p>النجار: " + ansAr3 + "</p>",
		}, QANameLabels, []QA{{"كيف بدأت الفكرة؟", ansAr1}, {"هل كان البقاء مستقلاً سهلاً؟", ansAr2}, {"كلمة أخيرة؟", ansAr3}}, "حوار الفكر", "حسن كريم النجار"},
		{"role labels Q: and A:", "Interview with Dr. Hassan Karim Al-Najjar", ledeEn, []string{
			"<p>Q: How did the idea begin?</p>", "<p>A: " + ans1 + "</p>", "<p>Q: Was it easy to stay independent?</p>", "<p>A: " + ans2 + "</p>",
		}, QARoleLabels, []QA{{"How did the idea begin?", ans1}, {"Was it easy to stay independent?", ans2}}, "Dialogue of Thought", "Hassan Karim Al-Najjar"},
		{"role labels Question and Answer", "Interview with Dr. Hassan Karim Al-Najjar", ledeEn, []string{
			"<p><b>Question:</b> How did the idea begin?</p>", "<p><b>Answer:</b> " + ans1 + "</p>", "<p><b>Question:</b> Was it easy to stay independent?</p>", "<p><b>Answer:</b> " + ans2 + "</p>",
		}, QARoleLabels, []QA{{"How did the idea begin?", ans1}, {"Was it easy to stay independent?", ans2}}, "Dialogue of Thought", "Hassan Karim Al-Najjar"},
		{"numbered Q1./A1.", "Interview with Dr. Hassan Karim Al-Najjar", ledeEn, []string{
			"<p>Q1. How did the idea begin?</p>", "<p>A1. " + ans1 + "</p>", "<p>Q2. Was it easy to stay independent?</p>", "<p>A2. " + ans2 + "</p>",
		}, QARoleLabels, []QA{{"How did the idea begin?", ans1}, {"Was it easy to stay independent?", ans2}}, "Dialogue of Thought", "Hassan Karim Al-Najjar"},
		{"Arabic س: and ج:", "حوار مع الدكتور حسن كريم النجار", ledeAr, []string{
			"<p>س: كيف بدأت الفكرة؟</p>", "<p>ج: " + ansAr1 + "</p>", "<p>س: هل كان البقاء مستقلاً سهلاً؟</p>", "<p>ج: " + ansAr2 + "</p>",
		}, QARoleLabels, []QA{{"كيف بدأت الفكرة؟", ansAr1}, {"هل كان البقاء مستقلاً سهلاً؟", ansAr2}}, "حوار الفكر", "حسن كريم النجار"},
		{"Arabic numbered س١:/ج١: in Arabic-Indic digits", "حوار مع الدكتور حسن كريم النجار", ledeAr, []string{
			"<p><strong>س١:</strong> كيف بدأت الفكرة؟</p>", "<p><strong>ج١:</strong> " + ansAr1 + "</p>", "<p><strong>س٢:</strong> هل كان البقاء مستقلاً سهلاً؟</p>", "<p><strong>ج٢:</strong> " + ansAr2 + "</p>",
		}, QARoleLabels, []QA{{"كيف بدأت الفكرة؟", ansAr1}, {"هل كان البقاء مستقلاً سهلاً؟", ansAr2}}, "حوار الفكر", "حسن كريم النجار"},
		{"Arabic سؤال/جواب", "حوار مع الدكتور حسن كريم النجار", ledeAr, []string{
			"<p>سؤال: كيف بدأت الفكرة؟</p>", "<p>جواب: " + ansAr1 + "</p>", "<p>سؤال: هل كان البقاء مستقلاً سهلاً؟</p>", "<p>جواب: " + ansAr2 + "</p>",
		}, QARoleLabels, []QA{{"كيف بدأت الفكرة؟", ansAr1}, {"هل كان البقاء مستقلاً سهلاً؟", ansAr2}}, "حوار الفكر", "حسن كريم النجار"},
		{"bold questions, one ending in a full stop, a bold phrase inside an answer", "Interview with Dr. Hassan Karim Al-Najjar", ledeEn, []string{
			"<p><b>How did the idea begin?</b></p>", "<p>" + ans1 + "</p>", "<p><b>But</b> it grew fast.</p>",
			"<p><b>Tell us about independence.</b></p>", "<p>" + ans2 + "</p>",
			"<p><b>What is your last word?</b></p>", "<p>" + ans3 + "</p>",
		}, QABoldQuestions, []QA{{"How did the idea begin?", ans1 + "\n\nBut it grew fast."}, {"Tell us about independence.", ans2}, {"What is your last word?", ans3}}, "Dialogue of Thought", "Hassan Karim Al-Najjar"},
		{"questions as headings", "حوار مع الدكتور حسن كريم النجار", ledeAr, []string{
			"<h3>كيف بدأت الفكرة؟</h3>", "<p>" + ansAr1 + "</p>", "<h3>حدثنا عن الاستقلالية.</h3>", "<p>" + ansAr2 + "</p>", "<h3>كلمة أخيرة؟</h3>", "<p>" + ansAr3 + "</p>",
		}, QAHeadingQuestions, []QA{{"كيف بدأت الفكرة؟", ansAr1}, {"حدثنا عن الاستقلالية.", ansAr2}, {"كلمة أخيرة؟", ansAr3}}, "حوار الفكر", "حسن كريم النجار"},
		{"continuations: unlabelled paragraphs, a colon inside, one-off labels", "Interview with Dr. Hassan Karim Al-Najjar", ledeEn, []string{
			"<p>Dialogue of thought: How did the idea begin?</p>", "<p>Dr. Hassan Al-Najjar: " + ans1 + "</p>",
			"<p>As the old Baghdadi proverb says: the one who listens first speaks last.</p>", "<p>In short: we listened.</p>",
			"<p>Dialogue of thought: Was it easy to stay independent?</p>", "<p>Dr. Hassan Al-Najjar: " + ans2 + "</p>",
		}, QANameLabels, []QA{{"How did the idea begin?", ans1 + "\n\nAs the old Baghdadi proverb says: the one who listens first speaks last.\n\nIn short: we listened."}, {"Was it easy to stay independent?", ans2}}, "Dialogue of thought", "Hassan Karim Al-Najjar"},
		{"Arabic one-off label خلاصة القول:", "حوار مع الدكتور حسن كريم النجار", ledeAr, []string{
			"<p>حوار الفكر: كيف بدأت الفكرة؟</p>", "<p>د. حسن النجار: " + ansAr1 + "</p>", "<p>خلاصة القول: أصغينا أولاً.</p>",
			"<p>حوار الفكر: هل كان البقاء مستقلاً سهلاً؟</p>", "<p>د. حسن النجار: " + ansAr2 + "</p>",
		}, QANameLabels, []QA{{"كيف بدأت الفكرة؟", ansAr1 + "\n\nخلاصة القول: أصغينا أولاً."}, {"هل كان البقاء مستقلاً سهلاً؟", ansAr2}}, "حوار الفكر", "حسن كريم النجار"},
		{"questions in <dt>, answers of several <p> in <dd>", "حوار مع الدكتور حسن كريم النجار", ledeAr, []string{
			"<dl><dt>كيف بدأت الفكرة؟</dt><dd><p>" + ansAr1 + "</p><p>" + ansAr3 + "</p></dd>", "<dt>هل كان البقاء مستقلاً سهلاً؟</dt><dd><p>" + ansAr2 + "</p></dd>",
			"<dt>حدثنا عن المجلة</dt><dd>" + ansAr3 + "</dd></dl>",
		}, QAStyledQuestions, []QA{{"كيف بدأت الفكرة؟", ansAr1 + "\n\n" + ansAr3}, {"هل كان البقاء مستقلاً سهلاً؟", ansAr2}, {"حدثنا عن المجلة", ansAr3}}, "حوار الفكر", "حسن كريم النجار"},
		{"questions in italics, answers with a list and a quotation", "Interview with Dr. Hassan Karim Al-Najjar", ledeEn, []string{
			"<p><em>How did the idea begin?</em></p>", "<p>" + ans1 + "</p>", "<ul><li>four researchers</li><li>one room</li></ul>",
			"<p><i>Was it easy to stay independent?</i></p>", "<p>" + ans2 + "</p>", "<blockquote>Write whatever you like.</blockquote>",
			"<p><em>Tell us about the method</em></p>", "<p>" + ans3 + "</p>",
		}, QAStyledQuestions, []QA{{"How did the idea begin?", ans1 + "\n\nfour researchers\n\none room"}, {"Was it easy to stay independent?", ans2 + "\n\nWrite whatever you like."}, {"Tell us about the method", ans3}}, "Dialogue of Thought", "Hassan Karim Al-Najjar"},
		{"questions in a colour, quotations and a class", "Interview with Dr. Hassan Karim Al-Najjar", ledeEn, []string{
			`<p><span style="color:#990000">How did the idea begin?</span></p>`, "<p>" + ans1 + "</p>",
			`<p><span style="color:#990000">Was it easy to stay independent?</span></p>`, "<p>" + ans2 + "</p>",
			`<p><span style="color:#990000">What is the method?</span></p>`, "<p>" + ans3 + "</p>",
		}, QAStyledQuestions, []QA{{"How did the idea begin?", ans1}, {"Was it easy to stay independent?", ans2}, {"What is the method?", ans3}}, "Dialogue of Thought", "Hassan Karim Al-Najjar"},
		{"a table of two columns", "Interview with Dr. Hassan Karim Al-Najjar", ledeEn, []string{
			"<table><tr><td>How did the idea begin?</td><td>" + ans1 + "</td></tr><tr><td>Was it easy to stay independent?</td><td>" + ans2 + "</td></tr>",
			"<tr><td>What is the method?</td><td>" + ans3 + "</td></tr></table>",
		}, QAStyledQuestions, []QA{{"How did the idea begin?", ans1}, {"Was it easy to stay independent?", ans2}, {"What is the method?", ans3}}, "Dialogue of Thought", "Hassan Karim Al-Najjar"},
		{"numbered questions, an answer with a numbered list of its own", "حوار مع الدكتور حسن كريم النجار", ledeAr, []string{
			"<p>١- كيف بدأت الفكرة؟</p>", "<p>" + ansAr1 + "</p>", "<p>1- أولاً البحث.</p>", "<p>2- ثانياً النشر.</p>",
			"<p>٢- هل كان البقاء مستقلاً سهلاً؟</p>", "<p>" + ansAr2 + "</p>", "<p>٣- كلمة أخيرة؟</p>", "<p>" + ansAr3 + "</p>",
		}, QANumberedQuestions, []QA{{"كيف بدأت الفكرة؟", ansAr1 + "\n\n1- أولاً البحث.\n\n2- ثانياً النشر."}, {"هل كان البقاء مستقلاً سهلاً؟", ansAr2}, {"كلمة أخيرة؟", ansAr3}}, "حوار الفكر", "حسن كريم النجار"},
		{"question and answer in one paragraph, in bold and by role", "حوار مع الدكتور حسن كريم النجار", ledeAr, []string{
			"<p><b>س: كيف بدأت الفكرة؟</b> ج: " + ansAr1 + "</p>", "<p>" + ansAr3 + "</p>",
			"<p><b>س: هل كان البقاء مستقلاً سهلاً؟</b> ج: " + ansAr2 + "</p>", "<p>س: حدثنا عن المجلة ج: " + ansAr3 + "</p>",
		}, QARoleLabels, []QA{{"كيف بدأت الفكرة؟", ansAr1 + "\n\n" + ansAr3}, {"هل كان البقاء مستقلاً سهلاً؟", ansAr2}, {"حدثنا عن المجلة", ansAr3}}, "حوار الفكر", "حسن كريم النجار"},
		{"a bold question and its answer in one paragraph", "Interview with Dr. Hassan Karim Al-Najjar", ledeEn, []string{
			"<p><b>How did the idea begin?</b> " + ans1 + "</p>", "<p><b>Was it easy to stay independent?</b> " + ans2 + "</p>", "<p><b>Tell us about the method</b> " + ans3 + "</p>",
		}, QABoldQuestions, []QA{{"How did the idea begin?", ans1}, {"Was it easy to stay independent?", ans2}, {"Tell us about the method", ans3}}, "Dialogue of Thought", "Hassan Karim Al-Najjar"},
		{"only the questions labelled, س/ and Q.", "حوار مع الدكتور حسن كريم النجار", ledeAr, []string{
			"<p>س/ كيف بدأت الفكرة؟</p>", "<p>" + ansAr1 + "</p>", "<p>س/ هل كان البقاء مستقلاً سهلاً؟</p>", "<p>" + ansAr2 + "</p>", "<p>" + ansAr3 + "</p>",
		}, QARoleLabels, []QA{{"كيف بدأت الفكرة؟", ansAr1}, {"هل كان البقاء مستقلاً سهلاً؟", ansAr2 + "\n\n" + ansAr3}}, "حوار الفكر", "حسن كريم النجار"},
		{"Q. and A. without numbers, a bare marker in bold", "Interview with Dr. Hassan Karim Al-Najjar", ledeEn, []string{
			"<p>Q. How did the idea begin?</p>", "<p>A. " + ans1 + "</p>", "<p><b>Q</b> Was it easy to stay independent?</p>", "<p><b>A</b> " + ans2 + "</p>",
		}, QARoleLabels, []QA{{"How did the idea begin?", ans1}, {"Was it easy to stay independent?", ans2}}, "Dialogue of Thought", "Hassan Karim Al-Najjar"},
		{"name labels with a slash, the magazine's initials", "حوار مع الدكتور حسن كريم النجار", ledeAr, []string{
			"<p>ح.ف/ كيف بدأت الفكرة؟</p>", "<p>النجار/ " + ansAr1 + "</p>", "<p>ح.ف/ هل كان البقاء مستقلاً سهلاً؟</p>", "<p>النجار/ " + ansAr2 + "</p>",
		}, QANameLabels, []QA{{"كيف بدأت الفكرة؟", ansAr1}, {"هل كان البقاء مستقلاً سهلاً؟", ansAr2}}, "ح.ف", "حسن كريم النجار"},
		{"bold questions, the answers labelled", "Interview with Dr. Hassan Karim Al-Najjar", ledeEn, []string{
			"<p><b>How did the idea begin?</b></p>", "<p><b>Al-Najjar:</b> " + ans1 + "</p>", "<p><b>Was it easy to stay independent?</b></p>", "<p><b>Al-Najjar:</b> " + ans2 + "</p>",
			"<p><b>What is the method?</b></p>", "<p><b>Al-Najjar:</b> " + ans3 + "</p>",
		}, QABoldQuestions, []QA{{"How did the idea begin?", ans1}, {"Was it easy to stay independent?", ans2}, {"What is the method?", ans3}}, "Dialogue of Thought", "Hassan Karim Al-Najjar"},
		{"a question set apart in two paragraphs", "Interview with Dr. Hassan Karim Al-Najjar", ledeEn, []string{
			"<p><b>How did the idea begin?</b></p>", "<p>" + ans1 + "</p>", "<p><b>Every party courted the institute in its first years.</b></p>", "<p><b>Was it easy to stay independent?</b></p>", "<p>" + ans2 + "</p>",
			"<p><b>What is the method?</b></p>", "<p>" + ans3 + "</p>",
		}, QABoldQuestions, []QA{{"How did the idea begin?", ans1}, {"Every party courted the institute in its first years.\n\nWas it easy to stay independent?", ans2}, {"What is the method?", ans3}}, "Dialogue of Thought", "Hassan Karim Al-Najjar"},
		{"role markers alone in table cells", "حوار مع الدكتور حسن كريم النجار", ledeAr, []string{
			"<table><tr><td>س</td><td>كيف بدأت الفكرة؟</td></tr><tr><td>ج</td><td>" + ansAr1 + "</td></tr>",
			"<tr><td>س</td><td>هل كان البقاء مستقلاً سهلاً؟</td></tr><tr><td>ج</td><td>" + ansAr2 + "</td></tr></table>",
		}, QARoleLabels, []QA{{"كيف بدأت الفكرة؟", ansAr1}, {"هل كان البقاء مستقلاً سهلاً؟", ansAr2}}, "حوار الفكر", "حسن كريم النجار"},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := parseConv(t, interviewPage(c.title, c.lede, c.content...))
			if d.Kind != KindInterview || d.QAConvention != c.convention {
				t.Fatalf("kind %q convention %q, want interview %q; qa %+v", d.Kind, d.QAConvention, c.convention, d.QA)
			}
			if len(d.QA) != len(c.qa) {
				t.Fatalf("%d pairs, want %d: %+v", len(d.QA), len(c.qa), d.QA)
			}
			for i := range c.qa {
				if d.QA[i] != c.qa[i] {
					t.Errorf("qa[%d] = %+v\nwant   %+v", i+1, d.QA[i], c.qa[i])
				}
			}
			if d.Interviewer != c.interviewer {
				t.Errorf("interviewer %q, want %q", d.Interviewer, c.interviewer)
			}
			if d.Interviewee == nil || d.Interviewee.Name != c.name_ {
				t.Errorf("interviewee %+v, want %q", d.Interviewee, c.name_)
			}
			if d.Title != c.title || strings.Contains(d.Body, "Share") || strings.Contains(d.Body, "Most read") {
				t.Errorf("title %q, body %q", d.Title, d.Body)
			}
		})
	}
}

// TestParse_TypographicNeedsQuestions: bold subheadings or section
// headings of a news report are not questions.
func TestParse_TypographicNeedsQuestions(t *testing.T) {
	for _, content := range [][]string{
		{"<p><b>Background</b></p>", "<p>The seminar opened with figures on water revenues since the 1970s and the coming summer.</p>",
			"<p><b>Recommendations</b></p>", "<p>A national water council attached to the Prime Minister's office, and a campaign.</p>"},
		{"<h3>What happened?</h3>", "<p>The seminar opened with figures on water revenues since the 1970s and the coming summer.</p>",
			"<h3>What next?</h3>", "<p>A national water council attached to the Prime Minister's office, and a campaign.</p>"},
	} {
		d := parseConv(t, interviewPage("Seminar on water security", "Baghdad: the institute held its monthly seminar on water security.", content...))
		if d.Kind == KindInterview || len(d.QA) != 0 {
			t.Errorf("a news report read as an interview (%s): %+v", d.QAConvention, d.QA)
		}
	}
}

// TestParse_InterviewerIsAPerson: a speaker label that is the magazine's
// or the institute's name, the editors or a role marker names no person:
// it is never the interviewer nor an alias of the interviewee; a person's
// label is.
func TestParse_InterviewerIsAPerson(t *testing.T) {
	// The asker's label as written is the interviewer, the magazine's name
	// too (as the site's own pages write it); a role marker names nobody,
	// and no label that stands for the magazine is the interviewee's alias.
	for _, c := range []struct {
		asker, answerer, interviewer string
	}{
		{"<strong>Dialogue of Thought:</strong>", "<strong>Al-Najjar:</strong>", "Dialogue of Thought"},
		{"<strong>The magazine:</strong>", "<strong>Al-Najjar:</strong>", "The magazine"},
		{"<strong>Hewar:</strong>", "<strong>Al-Najjar:</strong>", "Hewar"},
		{"<strong>The Institute:</strong>", "<strong>Al-Najjar:</strong>", "The Institute"},
		{"<strong>حوار الفكر:</strong>", "<strong>النجار:</strong>", "حوار الفكر"},
		{"<strong>المجلة:</strong>", "<strong>النجار:</strong>", "المجلة"},
		{"<strong>المعهد:</strong>", "<strong>النجار:</strong>", "المعهد"},
		{"Q:", "A:", ""},
		{"Question:", "Answer:", ""},
		{"سؤال:", "جواب:", ""},
		{"<strong>Sarah Haddad:</strong>", "<strong>Al-Najjar:</strong>", "Sarah Haddad"},
	} {
		title, lede, name := "Interview with Dr. Hassan Karim Al-Najjar", "An interview with Dr. Hassan Karim Al-Najjar, director of the institute.", "Hassan Karim Al-Najjar"
		if c.answerer[len(c.answerer)-1] >= 0x80 || strings.Contains(c.answerer, "النجار") {
			title, lede, name = "حوار مع الدكتور حسن كريم النجار", "حوار مع الدكتور حسن كريم النجار، مدير المعهد.", "حسن كريم النجار"
		}
		page := `<html><head><title>` + title + `</title></head><body><div class="top">10:00:00 Baghdad Time</div>
<article><h1>` + title + `</h1><p>` + lede + `</p>
<div class="css-q"><p>` + c.asker + ` How did the idea begin?</p></div><div class="css-a"><p>` + c.answerer + " " + ans1 + `</p></div>
<div class="css-q"><p>` + c.asker + ` Was it easy to stay independent?</p></div><div class="css-a"><p>` + c.answerer + " " + ans2 + `</p><p>` + ans3 + `</p></div>
</article></body></html>`
		d := parseConv(t, page)
		if len(d.QA) != 2 || d.QA[1].Answer != ans2+"\n\n"+ans3 {
			t.Fatalf("%s: qa %+v", c.asker, d.QA)
		}
		if d.Interviewer != c.interviewer {
			t.Errorf("%s: interviewer %q, want %q", c.asker, d.Interviewer, c.interviewer)
		}
		if d.Interviewee == nil || d.Interviewee.Name != name {
			t.Fatalf("%s: interviewee %+v", c.asker, d.Interviewee)
		}
		for _, a := range d.Interviewee.Aliases {
			if speaksForMagazine(a) {
				t.Errorf("%s: alias %q names no person", c.asker, a)
			}
		}
	}
}

// TestParse_StyledNeedsQuestions: pull quotes, captions, numbered
// recommendations, a glossary or a list of the questions a seminar raised
// set paragraphs apart, but they are not an interview's questions.
func TestParse_StyledNeedsQuestions(t *testing.T) {
	paras := []string{
		"<p>The seminar opened with figures on water revenues since the 1970s and the coming summer.</p>",
		"<p>Speakers warned that the Tigris could lose a third of its flow by 2035 if nothing is done upstream.</p>",
		"<p>The audience asked about farmers in the south, and about the marshes, which shrank again.</p>",
		"<p>The institute will publish the papers in the next issue of its magazine, with the recommendations.</p>",
	}
	for name, content := range map[string][]string{
		"pull quotes": {paras[0], "<blockquote>Who will pay for the dams?</blockquote>", paras[1], "<blockquote>Who will pay for the dams?</blockquote>",
			paras[2], "<blockquote>Who will pay for the dams?</blockquote>", paras[3]},
		"captions":        {paras[0], "<p><em>Photo: the speakers, from the left.</em></p>", paras[1], "<p><em>Photo: the hall.</em></p>", paras[2], paras[3]},
		"recommendations": {paras[0], paras[1], "<p>1- A national water council.</p>", "<p>2- A campaign in the schools.</p>", "<p>3- A treaty with Turkey.</p>", paras[3]},
		"glossary":        {"<dl><dt>Flow</dt><dd>" + paras[0] + "</dd><dt>Basin</dt><dd>" + paras[1] + "</dd><dt>Marsh</dt><dd>" + paras[2] + "</dd></dl>"},
		"questions raised": {"<p>The seminar asked three questions:</p><ul><li>Who pays for the dams?</li><li>What of the marshes?</li><li>Why now?</li></ul>",
			paras[0], paras[1], paras[2], paras[3]},
	} {
		d := parseConv(t, interviewPage("Seminar on water security", "Baghdad: the institute held its monthly seminar on water security.", content...))
		if d.Kind == KindInterview || len(d.QA) != 0 {
			t.Errorf("%s read as an interview (%s): %+v", name, d.QAConvention, d.QA)
		}
	}
}

// TestLeadMarker reads the numbers and dashes a question opens with, and
// not the numbers a sentence does.
func TestLeadMarker(t *testing.T) {
	for _, c := range []struct {
		in   string
		kind byte
		num  int
		rest string
	}{
		{"1- How did it begin?", 'n', 1, "How did it begin?"},
		{"١- كيف بدأت؟", 'n', 1, "كيف بدأت؟"},
		{"(3) Why?", 'n', 3, "Why?"},
		{"12) What next?", 'n', 12, "What next?"},
		{"2. Is it easy?", 'n', 2, "Is it easy?"},
		{"٤ـ ماذا بعد؟", 'n', 4, "ماذا بعد؟"},
		{"- كيف بدأت؟", '-', 0, "كيف بدأت؟"},
		{"• Why?", '*', 0, "Why?"},
		{"■ كم يخسر العراق؟", '*', 0, "كم يخسر العراق؟"},
		{"2.5 million people", 0, 0, "2.5 million people"},
		{"2026 was a hard year", 0, 0, "2026 was a hard year"},
		{"10-12 May", 0, 0, "10-12 May"},
		{"-5 degrees", 0, 0, "-5 degrees"},
		{"1/2026", 0, 0, "1/2026"},
	} {
		kind, num, rest := leadMarker(c.in)
		if kind != c.kind || num != c.num || rest != c.rest {
			t.Errorf("leadMarker(%q) = %q, %d, %q; want %q, %d, %q", c.in, kind, num, rest, c.kind, c.num, c.rest)
		}
	}
}

// TestPersonIn_Wordings reads the interviewee from the lede's and title's
// many wordings: the fullest spelling is the name, the labels' short forms
// and other spellings aliases, the words around the name the role.
func TestPersonIn_Wordings(t *testing.T) {
	for _, c := range []struct {
		title, lede string
		labels      []string
		name, role  string
		aliases     []string
	}{
		{"Interview with the director", "Dialogue of Thought magazine conducted an interview with Dr. Hassan Karim Al-Najjar, director of the institute.", nil,
			"Hassan Karim Al-Najjar", "director of the institute", nil},
		{"On federalism", "The editors of Dialogue of Thought held an interview with Ambassador Faisal Al-Hakim, former ambassador to Jordan.", nil,
			"Faisal Al-Hakim", "former ambassador to Jordan", nil},
		{"Trust and the dinar", "In this interview, Sarah Haddad spoke with Dr. Omar Khalid Al-Dulaimi, an economist at the Central Bank of Iraq, about the rate.", nil,
			"Omar Khalid Al-Dulaimi", "economist at the Central Bank of Iraq", nil},
		{"Federalism was written in a hurry", "The editors met Dr. Ahmed Jasim Al-Rubaie, head of the Department of Political Science, in Baghdad.", []string{"Dr. Ahmed Jasim Al-Rubaie", "Al-Rubaie"},
			"Ahmed Jasim Al-Rubaie", "head of the Department of Political Science", []string{"Al-Rubaie"}},
		{"Interview with Ali Hussein Obaid", "A conversation about the press in Iraq.", nil, "Ali Hussein Obaid", "", nil},
		{"الأسرة العراقية", "حاورت مجلة حوار الفكر الدكتورة نادية فاضل السامرائي، أستاذة علم الاجتماع في جامعة بغداد، عن الأسرة.", nil,
			"نادية فاضل السامرائي", "أستاذة علم الاجتماع في جامعة بغداد", nil},
		{"الجامعة والتوظيف", "التقت مجلة حوار الفكر الدكتورَ علي حسن الخفاجي، عميد كلية التربية، وحاورته عن التعليم.", nil,
			"علي حسن الخفاجي", "عميد كلية التربية", nil},
		{"الأمن المائي", "أجرى محرر حوار الفكر حواراً مع المهندس أحمد ناصر الركابي، من وزارة الموارد المائية.", nil,
			"أحمد ناصر الركابي", "من وزارة الموارد المائية", nil},
		{"الحوار طريقنا", "خصّ الدكتور حسن النجار مجلة حوار الفكر بحوار عن بدايات المعهد.", nil, "حسن النجار", "", nil},
		{"حوار مع الشيخ جمال الحكيم", "حوار عن العشيرة والدولة.", []string{"الحكيم"}, "جمال الحكيم", "", []string{"الحكيم"}},
		// The name a title or lede opens with, confirmed by the other text,
		// and the fuller spelling of a label's family name.
		{"In conversation with Ammar al-Hakim", "Ammar al-Hakim, head of the National Wisdom Movement, spoke to Dialogue of Thought about the state.", []string{"Al-Hakim"},
			"Ammar al-Hakim", "head of the National Wisdom Movement", []string{"Al-Hakim"}},
		{"Interview: Mustafa Al-Kadhimi on Iraq's foreign policy", "Former prime minister Mustafa Al-Kadhimi discusses the balance Baghdad tries to keep.", nil,
			"Mustafa Al-Kadhimi", "Former prime minister", nil},
		{"Q&A: Hanan Al-Fatlawi on women in parliament", "MP Hanan Al-Fatlawi answers our questions.", nil, "Hanan Al-Fatlawi", "MP", nil},
		{"Ali Allawi talks to Dialogue of Thought", "Former finance minister Ali Allawi talks about oil and budgets.", nil, "Ali Allawi", "Former finance minister", nil},
		{"Interview with Iraq's National Security Adviser Qasim al-Araji", "Qasim al-Araji spoke to the magazine about the borders.", nil,
			"Qasim al-Araji", "Iraq's National Security Adviser", nil},
		{"حوار مع الدكتور حسن النجار", "يتحدث الدكتور حسن النجار، أستاذ العلوم السياسية في جامعة بغداد، عن الانتخابات.", nil,
			"حسن النجار", "أستاذ العلوم السياسية في جامعة بغداد", nil},
		{"الدكتور حسن النجار في حوار مع حوار الفكر", "يرى الدكتور حسن النجار أن الانتخابات رسالة.", nil, "حسن النجار", "", nil},
		{"حسن النجار لحوار الفكر: الانتخابات رسالة مزدوجة", "يتحدث حسن النجار، أستاذ العلوم السياسية، عن الانتخابات.", nil,
			"حسن النجار", "أستاذ العلوم السياسية", nil},
		{"لقاء مع جمال الحكيم", "حوار عن العشيرة والدولة.", []string{"الحكيم"}, "جمال الحكيم", "", []string{"الحكيم"}},
		{"لقاء مع الباحث جمال الحكيم", "حوار عن العشيرة والدولة.", nil, "جمال الحكيم", "الباحث", nil},
		{"Economist Layla Abdul-Amir: Iraq is addicted to oil", "Dialogue of Thought magazine conducted an interview with the economist Prof. Layla Abdul-Amir.", []string{"Layla Abdul-Amir"},
			"Layla Abdul-Amir", "Economist", nil},
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
}

// TestDateLine reads the post's own date line in the forms sites use.
func TestDateLine(t *testing.T) {
	for _, c := range []struct {
		in, date string
		hijri    bool
	}{
		{"Published: 05/01/2026", "2026-01-05", false},
		{"Posted on April 10, 2022", "2022-04-10", false},
		{"Nov 6th, 2023", "2023-11-06", false},
		{"November 1st 2023", "2023-11-01", false},
		{"6-Nov-2023", "2023-11-06", false},
		{"6 تشرين الثاني/نوفمبر 2023", "2023-11-06", false},
		{"الأحد 12 كانون الأول (ديسمبر) 2021", "2021-12-12", false},
		{"Tuesday, 14 September 2021 10:22", "2021-09-14", false},
		{"Published on 20 October 2021 (14 Rabi al-Awwal 1443 AH)", "2021-10-20", false},
		{"Published: 05/01/2026 - Media office", "2026-01-05", false},
		{"Posted on October 8, 2025 by Media office", "2025-10-08", false},
		{"نشر في: ١٥ أيلول ٢٠١٩", "2019-09-15", false},
		{"بتاريخ 2012-03-20", "2012-03-20", false},
		{"تاريخ الخبر: الأربعاء ٢٠ تشرين الأول ٢٠٢١ - ١٤ ربيع الأول ١٤٤٣ هـ", "2021-10-20", false},
		{"نشر بتاريخ: ٢٨ ديسمبر ٢٠٢٥", "2025-12-28", false},
		{"تاريخ النشر: 2012/03/20", "2012-03-20", false},
		{"١٤ ربيع الأول ١٤٤٣ هـ الموافق ٢٠ تشرين الأول ٢٠٢١", "2021-10-20", false},
		{"نشر في ١٤ ربيع الأول ١٤٤٣ هـ", "١٤ ربيع الأول ١٤٤٣ هـ", true},
		// A meta line of several fields is read field by field.
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
		"Thursday 08/01/2026 — 08:14:22 — Baghdad: 12°C, clear", // the header's widget
		"Last Updated ( Wednesday, 15 September 2021 08:01 )",
		"The seminar was held on 10 December 2025 at the institute's headquarters in Karrada, with three speakers.",
		"Issue (49) of the magazine",
		"٠٩:١٢:٤٤ بتوقيت بغداد | الأحد ٥ تشرين الثاني ٢٠٢٦ | بغداد، ١٤°", // the header's widget, in fields
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

// TestParse_HijriDateAlone keeps a Hijri date as written and warns.
func TestParse_HijriDateAlone(t *testing.T) {
	d := parseConv(t, `<html><body><h1>Seminar on the family</h1><p class="date">نشر في ١٤ ربيع الأول ١٤٤٣ هـ</p>
<p>عقد المعهد العراقي للحوار ندوته الشهرية عن الأسرة العراقية والقانون في مقره في الكرادة.</p></body></html>`)
	if d.Published != "١٤ ربيع الأول ١٤٤٣ هـ" || !hasWarning(d, WarnHijriDate, "published") {
		t.Errorf("published %q, warnings %+v", d.Published, d.Warnings)
	}
}

// TestParse_DatesMachineFirst: JSON-LD datePublished wins over the
// dateModified before it and over a visible line; the header's date never
// counts.
func TestParse_DatesMachineFirst(t *testing.T) {
	page := `<html><head><title>A post</title><script type="application/ld+json">{"@graph":[{"@type":"WebPage","dateModified":"2026-01-02T10:00:00+03:00"},{"@type":"Article","dateModified":"2026-01-02T10:00:00+03:00","datePublished":"2023-05-17T08:00:00+03:00"}]}</script></head>
<body><div id="top"><div class="today">الخميس ٨ كانون الثاني ٢٠٢٦</div></div><h1>A post</h1><p>Posted on April 10, 2022</p><p>Text of the post, long enough to be content.</p></body></html>`
	if d := parseConv(t, page); d.Published != "2023-05-17T08:00:00+03:00" {
		t.Errorf("published %q", d.Published)
	}
}

// TestParse_CommentMarkups reads comments in the markups sites use: author
// and text apart, a label inside a comment's text kept as text, "no
// comments yet" placeholders skipped.
func TestParse_CommentMarkups(t *testing.T) {
	post := `<html><head><title>A post</title></head><body><article><h1>A post</h1><p>The text of the post, long enough to be its content.</p></article>`
	for _, c := range []struct {
		name, comments string
		want           []Comment
	}{
		{"Name: text in a list", `<section class="comments"><h3>Comments</h3><ul><li>Ali Hassan: A clear interview.</li><li>Zainab: Was it 2029?</li></ul></section>`,
			[]Comment{{Author: "Ali Hassan", Text: "A clear interview."}, {Author: "Zainab", Text: "Was it 2029?"}}},
		{"parts without a colon", `<div id="jc"><div class="comment-box"><span class="comment-author">Hayder</span><span class="comment-date">2021-09-15 11:42</span><div class="comment-body">Dialogue of Thought: please ask him more.</div></div></div>`,
			[]Comment{{Author: "Hayder", Date: "2021-09-15 11:42", Text: "Dialogue of Thought: please ask him more."}}},
		{"Blogger", `<div class="comments" id="comments"><h4>1 comments:</h4><dl id="comments-block"><dt class="comment-author">Karrar said...</dt><dd class="comment-body"><p>True in my ministry.</p></dd><dd class="comment-footer"><span class="comment-timestamp"><a href="#c1">March 6, 2024 at 9:15 AM</a></span></dd></dl></div>`,
			[]Comment{{Author: "Karrar", Date: "March 6, 2024 at 9:15 AM", Text: "True in my ministry."}}},
		{"WordPress with says:", `<div id="comments" class="comments-area"><ol class="comment-list"><li class="comment"><article class="comment-body"><div class="comment-author vcard"><b class="fn">رشا</b> <span class="says">قالت:</span></div><div class="comment-metadata"><a href="#c"><time datetime="2023-05-18T14:40:00+03:00">18 مايو</time></a></div><div class="comment-content"><p>حوار الفكر: متى الجزء الثاني؟</p></div></article></li></ol></div>`,
			[]Comment{{Author: "رشا", Date: "2023-05-18T14:40:00+03:00", Text: "حوار الفكر: متى الجزء الثاني؟"}}},
		{"table rows", `<div class="CommentsArea"><div class="CommentsTitle">التعليقات (1)</div><table><tr><td class="CommentName">أبو حيدر</td><td class="CommentDate">٢١/١٠/٢٠٢١</td></tr><tr><td class="CommentText">حوار مهم.</td></tr></table></div>`,
			[]Comment{{Author: "أبو حيدر", Date: "٢١/١٠/٢٠٢١", Text: "حوار مهم."}}},
		{"bold author before a date", `<div class="cmts"><ul class="comments"><li><div class="c-head"><strong>Dr. Noor</strong> &middot; 23 October 2021</div><div class="c-text">Q and A are both excellent.</div></li></ul></div>`,
			[]Comment{{Author: "Dr. Noor", Date: "23 October 2021", Text: "Q and A are both excellent."}}},
		{"a placeholder", `<section id="comments" class="comments-area"><h2>Comments</h2><p class="no-comments">No comments yet.</p><h3>Leave a comment</h3></section>`, []Comment{}},
		{"a heading, then plain divs", `<b>التعليقات</b><div class="cmnt">أبو علي: كلام في الصميم.<br><small>2012/03/21 - 10:15</small></div>`,
			[]Comment{{Author: "أبو علي", Date: "2012/03/21 - 10:15", Text: "كلام في الصميم."}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := parseConv(t, post+c.comments+`<aside class="sidebar"><h3>Recent comments</h3><ul class="recentcomments"><li>Someone: in the sidebar</li></ul></aside></body></html>`)
			if len(d.Comments) != len(c.want) {
				t.Fatalf("comments %+v, want %+v", d.Comments, c.want)
			}
			for i := range c.want {
				if d.Comments[i] != c.want[i] {
					t.Errorf("comment %d = %+v, want %+v", i+1, d.Comments[i], c.want[i])
				}
			}
			if strings.Contains(d.Body, "Someone") || strings.Contains(d.Body, "comment") {
				t.Errorf("body %q", d.Body)
			}
		})
	}
}

// TestParse_ThinPageIsAPage: a contact or "about" page that mentions the
// magazine's interviews is a page, without no_turns_found.
func TestParse_ThinPageIsAPage(t *testing.T) {
	page := `<html><head><title>About us | Iraqi Institute for Dialogue</title></head><body><div class="main"><h1>About us</h1>
<p>The Iraqi Institute for Dialogue publishes Dialogue of Thought, whose editors have interviewed ministers and scholars since 2006.</p>
<p>Write to us at the address below.</p></div></body></html>`
	d, err := Parse("http://127.0.0.1/en/about", "text/html", []byte(page), convAt)
	if err != nil {
		t.Fatal(err)
	}
	if d.Kind != KindPage || hasWarning(d, WarnNoTurnsFound, "qa") {
		t.Errorf("kind %q warnings %+v", d.Kind, d.Warnings)
	}
}

// TestParse_AdLabels: an ad box inside the post, or its bare label, is not
// content.
func TestParse_AdLabels(t *testing.T) {
	d := parseConv(t, `<html><head><title>A news post</title></head><body><article><h1>A news post</h1>
<p>The institute held its monthly seminar on water security at its headquarters in Karrada.</p>
<div class="ad-slot"><a href="/ads/click/3"><img src="/ads/bank.gif" alt=""></a><small>Advertisement</small></div>
<p>إعلان</p>
<p>The speakers called for a national water council attached to the Prime Minister's office.</p></article></body></html>`)
	if strings.Contains(d.Body, "Advertisement") || strings.Contains(d.Body, "إعلان") || !strings.Contains(d.Body, "national water council") {
		t.Errorf("body %q", d.Body)
	}
}

// TestSplitLabelAt: a slash ends a label only in turns ("النجار/ ..."); a
// comment's "The dinar/ dollar rate ..." names no author.
func TestSplitLabelAt(t *testing.T) {
	for _, c := range []struct {
		text        string
		slash, ok   bool
		label, rest string
	}{
		{"النجار/ بدأت في غرفة صغيرة.", true, true, "النجار", "بدأت في غرفة صغيرة."},
		{"النجار/ بدأت في غرفة صغيرة.", false, false, "", ""},
		{"The dinar/ dollar rate fell again.", false, false, "", ""},
		{"Al-Najjar: It began.", true, true, "Al-Najjar", "It began."},
		{"2019/ 05/ 05 was a Sunday.", true, false, "", ""},
	} {
		l, r, ok := splitLabelAt(block{text: c.text}, c.slash)
		if ok != c.ok || l != c.label || r != c.rest {
			t.Errorf("splitLabelAt(%q, %v) = %q, %q, %v; want %q, %q, %v", c.text, c.slash, l, r, ok, c.label, c.rest, c.ok)
		}
	}
}

// TestParse_StyledIntroHeading: the introduction's heading written in the
// questions' style (a <dt>) opens the introduction, it is not a question.
func TestParse_StyledIntroHeading(t *testing.T) {
	d := parseConv(t, interviewPage("حوار مع الدكتور حسن كريم النجار", ledeAr,
		"<dl><dt>مقدمة الحوار</dt><dd><p>في هذا الحوار يتحدث النجار عن بدايات المعهد وعن المجلة.</p></dd>",
		"<dt>كيف بدأت الفكرة؟</dt><dd><p>"+ansAr1+"</p></dd><dt>هل كان البقاء مستقلاً سهلاً؟</dt><dd><p>"+ansAr2+"</p></dd></dl>"))
	if d.QAConvention != QAStyledQuestions || len(d.QA) != 2 || d.QA[0].Question != "كيف بدأت الفكرة؟" {
		t.Fatalf("%s %+v", d.QAConvention, d.QA)
	}
	if d.Intro != "في هذا الحوار يتحدث النجار عن بدايات المعهد وعن المجلة." {
		t.Errorf("intro %q", d.Intro)
	}
}

// TestParse_PrintViewTitle: a print view's <title> opens with the view's
// name ("Print: ...", "طباعة: ..."); the post's title is the line that
// repeats the rest, and the printed-at line above it is no part of the post.
func TestParse_PrintViewTitle(t *testing.T) {
	for _, c := range []struct{ view, title, lede string }{
		{"Print", "Saad Ali Al-Tamimi on the future of the Marshes", "We asked the engineer Saad Ali Al-Tamimi about the Marshes."},
		{"طباعة", "سعد علي التميمي ومستقبل الأهوار", "سألنا المهندس سعد علي التميمي عن مستقبل الأهوار وما يهددها."},
	} {
		page := `<html><head><title>` + c.view + `: ` + c.title + `</title></head><body>
<table><tr><td>Iraqi Institute for Dialogue</td><td>Printed 01/12/2026 09:14</td></tr></table><hr>
<font size="5"><b>` + c.title + `</b></font><br>` + c.lede + `<br><br>
<b>Question:</b> How much has been restored?<br><b>Answer:</b> About half of it, in a good year.<br><br>
<b>Question:</b> What threatens them most?<br><b>Answer:</b> The dams upstream, and our own irrigation.<br><br></body></html>`
		d := parseConv(t, page)
		if d.Title != c.title {
			t.Errorf("%s: title %q, want %q", c.view, d.Title, c.title)
		}
		if strings.Contains(d.Intro+d.Body, "Printed") || len(d.QA) != 2 {
			t.Errorf("%s: intro %q body %q, %d pairs", c.view, d.Intro, d.Body, len(d.QA))
		}
	}
}
