package parse

import "testing"

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
