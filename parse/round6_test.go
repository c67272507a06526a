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
