package parse

import (
	"strings"
	"testing"
)

// TestIntervieweeInLede_RoleFirst: an article and a lower-case role between
// the lede's verb and the name; a phrase with a preposition names no one.
func TestIntervieweeInLede_RoleFirst(t *testing.T) {
	for _, c := range []struct{ lede, want string }{
		{"Reposted from Dialogue of Thought, where the magazine interviewed the ecologist Zaid Karim Al-Saadi about the marsh.", "Zaid Karim Al-Saadi"},
		{"Last week I sat down with the poet Kadhim Jabbar Al-Hilli in his bookshop.", "Kadhim Jabbar Al-Hilli"},
		{"We met an oil engineer Ali Hassan Jabir in Rumaila.", "Ali Hassan Jabir"},
		{"We spoke with the head of the Iraqi Institute for Dialogue about its plans.", ""},
		{"The magazine met the press in Baghdad.", ""},
	} {
		if got := intervieweeInLede(c.lede); got != c.want {
			t.Errorf("intervieweeInLede(%q) = %q, want %q", c.lede, got, c.want)
		}
	}
}

// TestParse_AuthorAsInterviewer: a blog's "Posted by X at ..." footer names
// the interviewer of the blog's own interview, never of one it republishes
// or one the magazine published.
func TestParse_AuthorAsInterviewer(t *testing.T) {
	page := func(lede string) string {
		return `<html><head><title>A morning with Kadhim Jabbar Al-Hilli</title></head><body><div class="post hentry">` +
			`<h3 class="post-title">A morning with Kadhim Jabbar Al-Hilli</h3><div class="post-body">` + lede + `<br><br>` +
			`<b>Q:</b> Why a bookshop?<br><b>A:</b> Because nobody could afford books then, and I lent more than I sold.<br><br>` +
			`<b>Q:</b> Do young people come?<br><b>A:</b> More than ten years ago, for poetry and for philosophy.<br></div>` +
			`<div class="post-footer"><span class="post-author vcard">Posted by <span class="fn">Ruqaya Salim</span></span> <span class="post-timestamp">at 10:05 AM</span></div></div></body></html>`
	}
	for _, c := range []struct{ lede, want string }{
		{"Last week I sat down with the poet Kadhim Jabbar Al-Hilli in his bookshop.", "Ruqaya Salim"},
		{"Reposted from Al-Sabah: the poet Kadhim Jabbar Al-Hilli in his bookshop.", ""},
		{"Dialogue of Thought, issue 40 (May 2016), met the poet Kadhim Jabbar Al-Hilli in his bookshop.", "Dialogue of Thought"},
	} {
		d := parseConv(t, page(c.lede))
		if len(d.QA) != 2 || d.Interviewer != c.want {
			t.Errorf("%q: %d pairs, interviewer %q, want %q", c.lede, len(d.QA), d.Interviewer, c.want)
		}
	}
}

// TestParse_ViewsLabel: a Drupal view's field label ("العدد:" over the
// issue line) is a meta line, not the lede.
func TestParse_ViewsLabel(t *testing.T) {
	d := parseConv(t, `<html><head><title>In conversation with Ammar al-Hakim</title></head><body><div class="view"><div class="views-row">`+
		`<div class="views-field"><h1 class="field-content">In conversation with Ammar al-Hakim</h1></div>`+
		`<div class="views-field views-field-field-issue"><span class="views-label views-label-field-issue">Issue: </span><div class="field-content">Dialogue of Thought, issue 52 (March 2024)</div></div>`+
		`<div class="views-field views-field-body"><div class="field-content"><p>Ammar al-Hakim spoke to the magazine about the young.</p>`+
		`<p><b>Dialogue of Thought:</b> What do you mean by the least heard voice?</p><p><b>Al-Hakim:</b> More than half of Iraqis were born after 2003.</p>`+
		`<p><b>Dialogue of Thought:</b> Is the political class listening?</p><p><b>Al-Hakim:</b> Not enough, and some of us heard the warning late.</p></div></div></div></div></body></html>`)
	if strings.HasPrefix(d.Body, "Issue:") || d.Magazine == nil || d.Magazine.Issue != "52" {
		t.Errorf("body %q, magazine %+v", d.Body, d.Magazine)
	}
}

// TestPersonIn_ArabicRoleAdjectives: the adjectives of an Arabic role have
// the article too; the name follows them.
func TestPersonIn_ArabicRoleAdjectives(t *testing.T) {
	for _, c := range []struct{ title, lede, name, role string }{
		{"حوار مع الفنان التشكيلي حيدر عبد الأمير سلمان", "حاورت مجلة حوار الفكر الفنان التشكيلي حيدر عبد الأمير سلمان عن معرضه.", "حيدر عبد الأمير سلمان", "الفنان التشكيلي"},
		{"حوار مع الكاتب العراقي الكبير محمد خضير", "التقت المجلة الكاتب العراقي الكبير محمد خضير في البصرة.", "محمد خضير", "الكاتب العراقي الكبير"},
	} {
		p := personIn(nil, c.title, c.lede, "")
		if p == nil || p.Name != c.name || p.Role != c.role {
			t.Errorf("%q: %+v, want %q, %q", c.title, p, c.name, c.role)
		}
	}
}

// TestRoleAround_Quotation: a quotation before the name in a title is no
// role.
func TestRoleAround_Quotation(t *testing.T) {
	if r := roleAround("“We rebuilt the library twice”: Dr. Maysoon Al-Obaidi", []string{"Maysoon Al-Obaidi"}); r != "" {
		t.Errorf("role %q", r)
	}
	if r := roleAround("The librarian Maysoon Al-Obaidi: we rebuilt it twice", []string{"Maysoon Al-Obaidi"}); r != "librarian" {
		t.Errorf("role %q", r)
	}
}

// TestDateLine_BylineGlued: a byline and a date in two <span>s only a style
// sheet sets apart, and a byline with no comma before its date.
func TestDateLine_BylineGlued(t *testing.T) {
	for _, s := range []string{"By Omar FaiqSeptember 18, 2022", "By Omar Faiq September 18, 2022"} {
		if d, _, ok := dateLine(s); !ok || d != "2022-09-18" {
			t.Errorf("dateLine(%q) = %q, %v", s, d, ok)
		}
		if n := bylineIn([]block{{text: s, meta: true}}); n != "Omar Faiq" {
			t.Errorf("bylineIn(%q) = %q", s, n)
		}
	}
	if _, _, ok := dateLine("Omar Faiq September 18, 2022"); ok {
		t.Error("a name and a date with neither By nor a comma is no date line")
	}
}
