package parse

import (
	"strings"
	"testing"
	"time"
)

// TestParse_NarratedVerbLabels: an Arabic write-up that labels its turns
// with the verbs that tell them ("سألناه:", "أجاب:") is an interview in
// role labels: the verbs name nobody, so the interviewee is the person the
// lede names. A news report quoting someone twice after "قال:" has no one
// asking and no turns.
func TestParse_NarratedVerbLabels(t *testing.T) {
	const lede = `<p>أجرت مجلة حوار الفكر حواراً مع الدكتورة هدى الساعدي، الباحثة في علم الاجتماع، عن الهجرة من الريف إلى المدن.</p>`
	page := `<html lang="ar"><head><title>الهجرة إلى المدن</title></head><body><h1>الهجرة إلى المدن</h1>` + lede +
		`<p><b>سألتها:</b> متى بدأت الهجرة الكبيرة؟</p><p><b>أجابت:</b> في الخمسينيات، مع الإصلاح الزراعي.</p>` +
		`<p><b>سألتها:</b> وهل توقفت؟</p><p><b>أجابت:</b> لا، لكنها تغيرت، فصار الجفاف سببها الأول.</p></body></html>`
	d, err := Parse("http://127.0.0.1/post/950", "text/html; charset=utf-8", []byte(page), convAt)
	if err != nil {
		t.Fatal(err)
	}
	if d.QAConvention != "role_labels" || len(d.QA) != 2 || d.QA[1].Question != "وهل توقفت؟" {
		t.Fatalf("turns: %s %+v", d.QAConvention, d.QA)
	}
	if d.Interviewee == nil || d.Interviewee.Name != "هدى الساعدي" {
		t.Errorf("interviewee: %+v", d.Interviewee)
	}
	news := `<html lang="ar"><head><title>افتتاح جسر</title></head><body><h1>افتتاح جسر</h1>` +
		`<p>افتتح محافظ بغداد جسراً جديداً على نهر دجلة صباح اليوم بحضور عدد من المسؤولين.</p>` +
		`<p>قال: إن الجسر سيخفف الزحام عن الكرادة والجادرية.</p><p>وأضاف المحافظ أن العمل استغرق سنتين.</p>` +
		`<p>قال: إن جسراً آخر سيفتتح في الصيف المقبل.</p></body></html>`
	if d, err = Parse("http://127.0.0.1/post/951", "text/html; charset=utf-8", []byte(news), convAt); err != nil {
		t.Fatal(err)
	}
	if d.Kind != "article" || len(d.QA) != 0 {
		t.Errorf("news report read as %s with %d pairs", d.Kind, len(d.QA))
	}
}

// TestCutClosingScene: the writer's closing lines after the last answer
// (taking leave, a quotation with its speech tag) go to the body; an answer
// of one paragraph, or one whose later paragraphs are the interviewee's own
// words, stays whole.
func TestCutClosingScene(t *testing.T) {
	for _, c := range []struct {
		name, answer, kept string
		moved              int
	}{
		{"leave-taking", "Patience.\n\nThe ambassador walked us to the door.\n\n\"That is all,\" he said.", "Patience.", 2},
		{"speech tag", "Patience.\n\n\"That is all,\" she said.", "Patience.", 1},
		{"arabic", "تمثال لم يكمله عمي.\n\nغادرنا المرسم والمطر يهطل.", "تمثال لم يكمله عمي.", 1},
		{"one paragraph", "We left Baghdad in 1980, as we left everything.", "We left Baghdad in 1980, as we left everything.", 0},
		{"own words", "My father was a bookbinder.\n\nHe said \"never sell a book\" and I never did.", "My father was a bookbinder.\n\nHe said \"never sell a book\" and I never did.", 0},
		{"own history", "It was hard.\n\nWe left Basra in 1991, as we left everything.", "It was hard.\n\nWe left Basra in 1991, as we left everything.", 0},
		{"own history ar", "كانت سنوات صعبة.\n\nغادرنا البصرة عام 1991 ولم نعد إليها.", "كانت سنوات صعبة.\n\nغادرنا البصرة عام 1991 ولم نعد إليها.", 0},
		{"taken away", "It was hard.\n\nThe soldiers took us to the camp at night.", "It was hard.\n\nThe soldiers took us to the camp at night.", 0},
		{"scene not last", "Patience.\n\nThe ambassador walked us to the door.\n\nBut he had one more thing to say about water and the dams upstream.", "Patience.\n\nThe ambassador walked us to the door.\n\nBut he had one more thing to say about water and the dams upstream.", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			kept, moved := cutClosingScene(c.answer)
			if kept != c.kept || len(moved) != c.moved {
				t.Errorf("kept %q, moved %q", kept, moved)
			}
		})
	}
}

// TestParse_ClosingBoxAfterHeading: a heading after the last answer with
// no turn after it ("About the interviewer") opens a box of the post's, not
// the interviewee's words; a heading between turns ("Part two") still parts
// the interview.
func TestParse_ClosingBoxAfterHeading(t *testing.T) {
	page := `<html lang="en"><head><title>Interview with Dr. Hassan Karim Al-Najjar</title></head><body><h1>Interview with Dr. Hassan Karim Al-Najjar</h1>
<p>` + ledeEn + `</p>
<p>Dialogue of thought: How did the institute begin?</p><p>Al-Najjar: ` + ans1 + `</p>
<h3>Part two</h3>
<p>Dialogue of thought: Was it independent?</p><p>Al-Najjar: ` + ans2 + `</p>
<p>Dialogue of thought: What would you tell a reader?</p><p>Al-Najjar: ` + ans3 + `</p>
<h4>About the interviewer</h4><p>Sara Hadi edits the magazine's interviews.</p></body></html>`
	d, err := Parse("http://127.0.0.1/en/post/952", "text/html; charset=utf-8", []byte(page), convAt)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.QA) != 3 || d.QA[0].Answer != ans1 || d.QA[2].Answer != ans3 {
		t.Fatalf("%d pairs: %+v", len(d.QA), d.QA)
	}
	if want := "About the interviewer\n\nSara Hadi edits the magazine's interviews."; !strings.HasSuffix(d.Body, want) {
		t.Errorf("body %q does not end with the box", d.Body)
	}
}

// TestReportDate: a report of what was held dates itself in its first
// sentence; a sentence that does not open with such a verb, or a date past
// the first sentence, gives none.
func TestReportDate(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"عقد المعهد العراقي للحوار يوم السبت 12 آذار 2022 ندوة حوارية عن قانون الانتخابات.", "2022-03-12"},
		{"ونظّم المعهد في ٣ تشرين الأول ٢٠٢٤ ورشة عن الصحافة.", "2024-10-03"},
		{"On Saturday 5 April 2025 the Institute held a seminar on the census.", "2025-04-05"},
		{"The Institute held a seminar on 5 April 2025 on the census.", "2025-04-05"},
		{"قال وزير التخطيط يوم السبت 12 آذار 2022 إن التعداد سيجري في موعده.", ""},
		{"عقد المعهد ندوة عن الانتخابات. وفي 12 آذار 2022 صدر القانون.", ""},
		{"The minister said on 5 April 2025 that the census would go ahead.", ""},
	} {
		if got := reportDate(c.text); got != c.want {
			t.Errorf("reportDate(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

// TestIntervieweeInLede_RoleWithoutArticle: a title writes a profession
// before the name without its article; a pronoun or a preposition there is
// no role.
func TestIntervieweeInLede_RoleWithoutArticle(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"Rivers without borders: a conversation with hydrologist Basma Al-Ani", "Basma Al-Ani"},
		{"We spoke with him about Basra Port Authority and its ships.", ""},
		{"A conversation with several Basra Poets", ""},
	} {
		if got := intervieweeInLede(c.text); got != c.want {
			t.Errorf("intervieweeInLede(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

// TestRelativeDay: a date line told from the day the page was read names
// the day counted back from the capture; months and years name none.
func TestRelativeDay(t *testing.T) {
	at := time.Date(2026, 3, 14, 15, 42, 7, 0, time.UTC)
	for _, c := range []struct{ text, want string }{
		{"منذ 3 أيام", "2026-03-11"},
		{"منذ ٣ أيام", "2026-03-11"},
		{"منذ يومين", "2026-03-12"},
		{"قبل 20 ساعة", "2026-03-13"},
		{"أمس", "2026-03-13"},
		{"2 days ago", "2026-03-12"},
		{"a week ago", "2026-03-07"},
		{"yesterday at 9:12", "2026-03-13"},
		{"منذ شهرين", ""},
		{"3 years ago", ""},
	} {
		if got := relativeDay(c.text, at); got != c.want {
			t.Errorf("relativeDay(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

// TestSpanLabels: a transcript that sets each speaker's name in an element
// of its own after the cue's time, with no colon, is read in name labels;
// paragraphs that open with a drop cap or a bold word run on without a
// space are not turns.
func TestSpanLabels(t *testing.T) {
	cue := func(ts, who, text string) string {
		return `<div class="cue"><span class="t">` + ts + `</span> <span class="spk">` + who + `</span> <span class="txt">` + text + `</span></div>`
	}
	page := `<html lang="en"><head><title>Transcript: Omar Faiq on the marshes</title></head><body><h1>Transcript: Omar Faiq on the marshes</h1>
<p>In this episode the ecologist Omar Faiq talks about the marshes of the south and their water.</p>` +
		cue("00:00:10.000", "HOST", "Omar, when did the water come back?") + cue("00:00:15.500", "OMAR FAIQ", "In 2003, when the people broke the dykes themselves.") +
		cue("00:01:00.000", "HOST", "Has it stayed?") + cue("00:01:04.250", "OMAR FAIQ", "Half of it. The droughts since 2018 took the rest.") +
		`</body></html>`
	d, err := Parse("http://127.0.0.1/en/post/953", "text/html; charset=utf-8", []byte(page), convAt)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.QA) != 2 || d.QA[1].Answer != "Half of it. The droughts since 2018 took the rest." || d.Interviewer != "" {
		t.Fatalf("interviewer %q, %d pairs: %+v", d.Interviewer, len(d.QA), d.QA)
	}
	var b strings.Builder
	for _, w := range []string{"The", "In", "The", "In"} {
		b.WriteString(`<p><span class="dropcap">` + w[:1] + `</span>` + w[1:] + ` spring the river rose again over the old fields of the south, and nobody asked why.</p>`)
	}
	doc := `<html><body>` + b.String() + `</body></html>`
	d, err = Parse("http://127.0.0.1/en/post/954", "text/html; charset=utf-8", []byte(doc), convAt)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.QA) != 0 || strings.Contains(d.Body, ":") {
		t.Errorf("drop caps read as turns: %q %+v", d.Body, d.QA)
	}
}

// TestParse_ClosingBoxWithoutLede: a box after the last answer of an
// interview with no lede is the whole body, with no blank line before it.
func TestParse_ClosingBoxWithoutLede(t *testing.T) {
	page := `<html lang="en"><head><title>Five questions for Hassan Karim Al-Najjar</title></head><body><h1>Five questions for Hassan Karim Al-Najjar</h1>
<p><b>How did the institute begin?</b></p><p>` + ans1 + `</p>
<p><b>Was it independent?</b></p><p>` + ans2 + `</p>
<p><b>What would you tell a reader?</b></p><p>` + ans3 + `</p>
<h4>About the interviewer</h4><p>Sara Hadi edits the magazine's interviews.</p></body></html>`
	d, err := Parse("http://127.0.0.1/en/post/955", "text/html; charset=utf-8", []byte(page), convAt)
	if err != nil {
		t.Fatal(err)
	}
	if want := "About the interviewer\n\nSara Hadi edits the magazine's interviews."; d.Body != want || len(d.QA) != 3 || d.QA[2].Answer != ans3 {
		t.Errorf("body %q, %d pairs", d.Body, len(d.QA))
	}
}

// TestRoleAround_Kinship: a clause after the name that says whose relative
// the person is does not replace the profession before it.
func TestRoleAround_Kinship(t *testing.T) {
	for _, c := range []struct{ text, name, want string }{
		{"التقينا النحات مصطفى غني حكمت، ابن أخ الفنان الراحل، ليحدثنا عن إرث عمه.", "مصطفى غني حكمت", "النحات"},
		{"We met the painter Layla Jawad, daughter of the sculptor Jawad Salim, in her studio.", "Layla Jawad", "painter"},
		{"We met the painter Layla Jawad, head of the Academy of Fine Arts, in her studio.", "Layla Jawad", "head of the Academy of Fine Arts"},
	} {
		if got := roleAround(c.text, []string{c.name}); got != c.want {
			t.Errorf("roleAround(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}
