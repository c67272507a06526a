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
// that opens the sentence is its verb, no part of the role.
func TestRoleAround_OpeningVerb(t *testing.T) {
	for _, c := range []struct{ text, name, want string }{
		{"تقف الفنانة ندى الربيعي على خشبة المسرح الوطني منذ عام ١٩٩٨.", "ندى الربيعي", "الفنانة"},
		{"قال مدير مرصد الهجرة حسين علي الزيدي إن الأرقام تغيرت.", "حسين علي الزيدي", "مدير مرصد الهجرة"},
	} {
		if got := roleAround(c.text, []string{c.name}); got != c.want {
			t.Errorf("roleAround(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}
