package parse

import "testing"

// TestParse_CMSFields: a CMS's fields, each a label element beside its
// value (Drupal 7's field-label and field-items), name the interviewee, the
// role and the interviewer, in Arabic as in English; they are meta lines,
// not the lede.
func TestParse_CMSFields(t *testing.T) {
	field := func(label, value string) string {
		return `<div class="field field-label-inline"><div class="field-label">` + label + `&nbsp;</div><div class="field-items"><div class="field-item even">` + value + `</div></div></div>`
	}
	d := parseConv(t, `<html dir="rtl"><head><title>الإعمار يبدأ من البلديات</title></head><body><div class="node">`+
		`<h1>الإعمار يبدأ من البلديات</h1>`+
		field("الضيف:", "المهندس حيدر جاسم")+field("الصفة:", "مدير بلدية الموصل")+field("أجرى الحوار:", "سلمى ناصر")+
		`<div class="field-body"><p>عادت الخدمات إلى أحياء الموصل القديمة ببطء، وسألنا المهندس حيدر جاسم عما بقي.</p>`+
		`<p><b>ما الذي أنجز حتى الآن؟</b></p><p>فتحنا الطرق الرئيسة وأعدنا الماء إلى ثلثي البيوت.</p>`+
		`<p><b>وما الذي تأخر؟</b></p><p>الكهرباء، لأنها بيد الوزارة لا البلدية.</p>`+
		`<p><b>ومتى ينتهي العمل؟</b></p><p>في المدينة القديمة بعد سنتين إن بقي التمويل.</p></div></div></body></html>`)
	if d.Interviewee == nil || d.Interviewee.Name != "حيدر جاسم" || d.Interviewee.Role != "مدير بلدية الموصل" {
		t.Errorf("interviewee %+v", d.Interviewee)
	}
	if d.Interviewer != "سلمى ناصر" {
		t.Errorf("interviewer %q", d.Interviewer)
	}
	if d.Body != "عادت الخدمات إلى أحياء الموصل القديمة ببطء، وسألنا المهندس حيدر جاسم عما بقي." || len(d.QA) != 3 {
		t.Errorf("body %q, %d pairs", d.Body, len(d.QA))
	}
}
