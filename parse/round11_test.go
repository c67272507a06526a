package parse

import "testing"

// TestParse_CommentControls: the buttons, the form's prompt and the count
// of likes under a comments heading (a Facebook Notes export) are no
// reader's comments.
func TestParse_CommentControls(t *testing.T) {
	for _, c := range []struct{ name, lang, heading, lines string }{
		{"buttons", "en", "Comments", `<div>Like Comment Share</div>`},
		{"buttons with dots", "en", "Comments", `<div>Like · Reply · Share</div>`},
		{"prompt", "en", "Comments", `<div>Write a comment...</div>`},
		{"likes", "en", "Comments", `<div>You and 27 others like this.</div>`},
		{"named likes", "en", "Comments", `<div>Ali Kareem, Zainab Hadi and 41 others like this</div>`},
		{"arabic buttons", "ar", "التعليقات", `<div>أعجبني · تعليق · مشاركة</div>`},
		{"arabic prompt", "ar", "التعليقات", `<div>اكتب تعليقاً...</div>`},
	} {
		t.Run(c.name, func(t *testing.T) {
			page := `<html lang="` + c.lang + `"><head><title>Notes from the book market</title></head><body>
<article><h1>Notes from the book market</h1>
<p>Every Friday the booksellers of Mutanabbi Street lay their books on the pavement from the clock tower to the café.</p>
<p>This week the stalls were fuller than we have seen them since the spring, and students bought more than anyone.</p>
<h3>` + c.heading + `</h3>` + c.lines + `</article></body></html>`
			d, err := Parse("https://notes.example/2019/book-market", "text/html; charset=utf-8", []byte(page), convAt)
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Comments) != 0 {
				t.Errorf("comments = %q, want none", d.Comments)
			}
		})
	}
}

// TestParse_CapitalisedDateline: a news item's dateline gives its date
// when the place is capitalised rather than in capitals, as a feed's
// fragment served as a page has it; a first sentence that only opens with
// a capitalised word and a date gives none.
func TestParse_CapitalisedDateline(t *testing.T) {
	for _, c := range []struct{ name, lede, want string }{
		{"em dash", "Baghdad, 12 March 2019 — The institute held its third round table on water rights.", "2019-03-12"},
		{"two words, en dash", "Sadr City – 3 May 2021 – Volunteers painted the walls of four schools before the new term.", "2021-05-03"},
		{"capitals still", "BASRA, March 3, 2024 (IID) — The port reopened to fishing boats after the storm.", "2024-03-03"},
		{"no date", "Baghdad, the city of peace — as its founders called it — kept its bridges open.", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			page := `<p>` + c.lede + `</p><p>The papers of the day will be published in the quarterly in May, with the speakers' notes.</p>`
			d, err := Parse("https://wire.example/item/feed/", "text/html; charset=utf-8", []byte(page), convAt)
			if err != nil {
				t.Fatal(err)
			}
			if d.Published != c.want {
				t.Errorf("published = %q, want %q", d.Published, c.want)
			}
		})
	}
}
