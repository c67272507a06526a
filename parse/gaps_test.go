package parse

import "testing"

// TestParse_DashLabels reads speaker labels ended by a dash instead of a
// colon: in capitals with an em dash, with an en dash, and in Arabic with a
// tatweel-like dash or an en dash.
func TestParse_DashLabels(t *testing.T) {
	for _, c := range []struct {
		name, title, lede string
		content           []string
		qa                []QA
		interviewer       string
	}{
		{"capitals, em dash", "Interview with Dr. Hassan Karim Al-Najjar", ledeEn, []string{
			"<p>HEWAR — How did the idea begin?</p>", "<p>AL-NAJJAR — " + ans1 + "</p>",
			"<p>HEWAR — Was it easy to stay independent?</p>", "<p>AL-NAJJAR — " + ans2 + "</p>",
		}, []QA{{"How did the idea begin?", ans1}, {"Was it easy to stay independent?", ans2}}, "HEWAR"},
		{"en dash", "Interview with Dr. Hassan Karim Al-Najjar", ledeEn, []string{
			"<p>Hewar – How did the idea begin?</p>", "<p>Al-Najjar – " + ans1 + "</p>",
			"<p>Hewar – Was it easy to stay independent?</p>", "<p>Al-Najjar – " + ans2 + "</p>",
		}, []QA{{"How did the idea begin?", ans1}, {"Was it easy to stay independent?", ans2}}, "Hewar"},
		{"Arabic, tatweel and en dash", "حوار مع الدكتور حسن كريم النجار", ledeAr, []string{
			"<p>الحوار ـ كيف بدأت الفكرة؟</p>", "<p>النجار – " + ansAr1 + "</p>",
			"<p>الحوار ـ هل كان البقاء مستقلاً سهلاً؟</p>", "<p>النجار – " + ansAr2 + "</p>",
		}, []QA{{"كيف بدأت الفكرة؟", ansAr1}, {"هل كان البقاء مستقلاً سهلاً؟", ansAr2}}, "الحوار"},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := parseConv(t, interviewPage(c.title, c.lede, c.content...))
			if d.QAConvention != QANameLabels || len(d.QA) != len(c.qa) {
				t.Fatalf("convention %q, %d pairs: %+v", d.QAConvention, len(d.QA), d.QA)
			}
			for i := range c.qa {
				if d.QA[i] != c.qa[i] {
					t.Errorf("qa[%d] = %+v, want %+v", i+1, d.QA[i], c.qa[i])
				}
			}
			if d.Interviewer != c.interviewer {
				t.Errorf("interviewer %q, want %q", d.Interviewer, c.interviewer)
			}
		})
	}
}

// TestParse_DashInText: a dash inside a sentence is no label, so a report
// whose paragraphs open with "Baghdad — ..." has no turns.
func TestParse_DashInText(t *testing.T) {
	d := parseConv(t, interviewPage("The institute's seminar on water", "The institute held a seminar on water on Monday.",
		"<p>Baghdad — The institute held its seminar on the rivers and the dams upstream on Monday.</p>",
		"<p>Speakers — three engineers and a minister, who argued for an hour about the dams.</p>",
		"<p>Baghdad — The second session was about the marshes and the farmers who left them.</p>",
		"<p>Speakers — the same engineers, who agreed on nothing except the need for data.</p>"))
	if len(d.QA) != 0 {
		t.Errorf("a report's datelines read as turns: %+v", d.QA)
	}
}

// TestParse_InlineNameLabelsNoQuestionMark splits a paragraph that holds a
// labelled question without a question mark and the answerer's label.
func TestParse_InlineNameLabelsNoQuestionMark(t *testing.T) {
	d := parseConv(t, interviewPage("Interview with Dr. Hassan Karim Al-Najjar", ledeEn,
		"<p>Hewar: Tell us about the first days of the institute. Al-Najjar: "+ans1+"</p>",
		"<p>Hewar: Was it easy to stay independent? Al-Najjar: "+ans2+"</p>",
		"<p>Hewar: Describe the method to Dr. Saad in one sentence. Dr. Hassan Al-Najjar: "+ans3+"</p>"))
	want := []QA{{"Tell us about the first days of the institute.", ans1}, {"Was it easy to stay independent?", ans2}, {"Describe the method to Dr. Saad in one sentence.", ans3}}
	if len(d.QA) != len(want) {
		t.Fatalf("%d pairs: %+v", len(d.QA), d.QA)
	}
	for i := range want {
		if d.QA[i] != want[i] {
			t.Errorf("qa[%d] = %+v, want %+v", i+1, d.QA[i], want[i])
		}
	}
}

// TestParse_CreditAtTheEnd: an Arabic credit "حوار أجراه: X" names the
// interviewer, and at the end of the post it belongs to no answer.
// interviewer, and at the end of the post it belongs to no answer.
func TestParse_CreditAtTheEnd(t *testing.T) {
	d := parseConv(t, interviewPage("حوار مع الدكتور حسن كريم النجار", ledeAr,
		"<p>حوار الفكر: كيف بدأت الفكرة؟</p>", "<p>النجار: "+ansAr1+"</p>",
		"<p>حوار الفكر: هل كان البقاء مستقلاً سهلاً؟</p>", "<p>النجار: "+ansAr2+"</p>",
		"<p>حوار أجراه: حيدر عبد الأمير</p>"))
	if d.Interviewer != "حيدر عبد الأمير" {
		t.Errorf("interviewer %q", d.Interviewer)
	}
	if len(d.QA) != 2 || d.QA[1].Answer != ansAr2 {
		t.Errorf("qa: %+v", d.QA)
	}
	for _, w := range d.Warnings {
		if w.Code == "truncated_answer" {
			t.Errorf("warning %+v", w)
		}
	}
	if got, ok := interviewerLine("حوار أجراه: حيدر عبد الأمير"); !ok || got != "حيدر عبد الأمير" {
		t.Errorf("interviewerLine = %q, %v", got, ok)
	}
}

// TestPersonIn_RoleCut: a role stops at a comma, a verb or the words that
// introduce the name.
// TestPersonIn_RoleCut: a role stops at a comma, a verb or the words that
// introduce the name.
func TestPersonIn_RoleCut(t *testing.T) {
	for _, c := range []struct {
		title, lede string
		labels      []string
		name, role  string
	}{
		{"التخطيط والموازنة", "في عدد مجلة حوار الفكر رقم ٢٥ الصادر في شهر أكتوبر ٢٠١٢، يتحدث وزير التخطيط علي يوسف الشكري عن الموازنة.", []string{"الشكري"},
			"علي يوسف الشكري", "وزير التخطيط"},
		{"Ten questions to Dr. Saad Ali Al-Tamimi", "On the rivers and the dams.", []string{"Al-Tamimi"}, "Saad Ali Al-Tamimi", ""},
		{"Water and the state", "Dialogue of Thought spoke with the environmental engineer Saad Ali Al-Tamimi about the rivers.", []string{"Al-Tamimi"},
			"Saad Ali Al-Tamimi", "environmental engineer"},
		{"Interview with the head of the Department of Political Science, University of Baghdad, Dr. Ahmed Jasim Al-Rubaie", "On federalism.", nil,
			"Ahmed Jasim Al-Rubaie", "head of the Department of Political Science, University of Baghdad"},
		// Where the text's shape does not tell the role from the name,
		// the label's name stays as written and the words before a family
		// name alone are no role: they may be its given names.
		{"الجامعة والتوظيف", "في هذا العدد يتحدث علي الشكري عن الجامعات.", []string{"الشكري"}, "الشكري", ""},
		{"الجامعة والتوظيف", "يتحدث رئيس جامعة بغداد علي الشكري عن الجامعات.", []string{"الشكري"}, "الشكري", ""},
		{"The museum", "Dialogue of Thought spoke with the director of the Mosul Museum Saad Al-Tamimi about the lions.", []string{"Al-Tamimi"}, "Al-Tamimi", ""},
	} {
		p := personIn(c.labels, c.title, c.lede, "")
		if p == nil {
			t.Errorf("%q / %q: no interviewee", c.title, c.lede)
			continue
		}
		if p.Name != c.name || p.Role != c.role {
			t.Errorf("%q / %q:\n got %q role %q\nwant %q role %q", c.title, c.lede, p.Name, p.Role, c.name, c.role)
		}
	}
}
