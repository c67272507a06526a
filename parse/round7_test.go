package parse

import (
	"testing"
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
