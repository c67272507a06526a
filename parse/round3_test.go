package parse

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestParse_CapitalQuestions: questions written as plain paragraphs in
// capitals, no label or markup, are turns; capitals alone are not.
func TestParse_CapitalQuestions(t *testing.T) {
	const (
		a1 = "<p>About a third of the newspapers and most of the Ottoman registers burned with the catalogue.</p>"
		a2 = "<p>With wet paper in a freezer at a fish market, because cold stops the mould and we had nothing else.</p>"
		a3 = "<p>Historians, and families looking for a grandfather's name in a list of officers or an advert.</p>"
	)
	d := parseConv(t, interviewPage("Sarah Al-Janabi: the archive is a public good",
		"The archivist Sarah Kamil Al-Janabi talked to Dialogue of Thought about the library. From issue 71, published in May 2022.",
		"<p>THE LIBRARY IN NUMBERS</p>", "<p>Four hundred thousand volumes before the war, and about half of them now.</p>",
		"<p>WHAT WAS LOST IN THE FIRE OF 2003?</p>", a1, "<p>HOW DID YOU BEGIN THE WORK AGAIN?</p>", a2,
		"<p>WHO READS THE OLD NEWSPAPERS TODAY?</p>", a3))
	if d.Kind != KindInterview || d.QAConvention != QAStyledQuestions || len(d.QA) != 3 {
		t.Fatalf("kind %s, convention %q, %d pairs: %+v", d.Kind, d.QAConvention, len(d.QA), d.QA)
	}
	if d.QA[0].Question != "WHAT WAS LOST IN THE FIRE OF 2003?" {
		t.Errorf("a heading in capitals that does not ask became a question: %q", d.QA[0].Question)
	}

	// One or two shouted headings or sentences, a report with its
	// headings in capitals, or Arabic (no case) are no interview.
	for _, c := range []struct {
		name    string
		content []string
	}{
		{"one heading", []string{"<p>BREAKING: SEMINAR POSTPONED</p>", "<p>The institute's monthly seminar on water security moves to next Thursday, at the same hour.</p>",
			"<p>Speakers will be announced on the site.</p>"}},
		{"two shouted questions", []string{"<p>The seminar opened with figures on water revenues since the 1970s.</p>",
			"<p>WHO WILL PAY FOR THE DAMS?</p>", "<p>A speaker asked that twice, and the hall laughed, because nobody knew.</p>",
			"<p>WHERE IS THE WATER GOING?</p>", "<p>Another answered that most of it is lost to evaporation in open canals.</p>"}},
		{"report headings in capitals", []string{"<p>BACKGROUND OF THE SEMINAR</p>", "<p>The seminar opened with figures on water revenues since the 1970s.</p>",
			"<p>THE RECOMMENDATIONS MADE</p>", "<p>A national water council attached to the Prime Minister's office.</p>",
			"<p>NEXT MONTH'S TOPIC</p>", "<p>Electricity, with speakers from the ministry and the universities.</p>"}},
		{"Arabic questions in plain paragraphs", []string{"<p>من سيدفع ثمن السدود؟</p>", "<p>سأل أحد المتحدثين هذا السؤال مرتين فضحكت القاعة لأن أحداً لا يعرف.</p>",
			"<p>أين تذهب المياه؟</p>", "<p>قال آخر إن معظمها يتبخر في القنوات المكشوفة في الصيف.</p>",
			"<p>هل من حل قريب؟</p>", "<p>لا حل قريباً من دون اتفاق مع دول المنبع على حصص ثابتة.</p>"}},
	} {
		d := parseConv(t, interviewPage("Seminar on water security", "Baghdad: the institute held its monthly seminar on water security.", c.content...))
		if d.Kind == KindInterview || len(d.QA) != 0 {
			t.Errorf("%s: read as an interview (%s): %+v", c.name, d.QAConvention, d.QA)
		}
	}
}

func TestInCapitals(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{"WHAT WAS LOST IN THE FIRE OF 2003?", true},
		{"IS THE al-JANABI COLLECTION SAFE NOW?", true},
		{"IS IT OK?", false}, // too few capitals to be a style
		{"What did the UN and the IMF say to the CBI?", false},
		{"ما الذي فقد في حريق ٢٠٠٣؟", false},
		{"", false},
	} {
		if got := inCapitals(c.text); got != c.want {
			t.Errorf("inCapitals(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}

// TestPersonIn_FullerRole: the lede's role when it says more than the
// title's; an English lede's role when the title has none, without the
// sentence around it.
func TestPersonIn_FullerRole(t *testing.T) {
	for _, c := range []struct {
		title, lede string
		labels      []string
		role        string
	}{
		{"الباحثة سعاد كاظم الموسوي: المدرسة وحدها لا تكفي", "حاورت مجلة حوار الفكر الباحثة التربوية في جامعة الكوفة سعاد كاظم الموسوي عن تسرب التلاميذ.", []string{"الموسوي"},
			"الباحثة التربوية في جامعة الكوفة"},
		// The lede's role is another, not a fuller one: the title's stays.
		{"الباحثة سعاد كاظم الموسوي: المدرسة وحدها لا تكفي", "حاورت مجلة حوار الفكر مديرة المركز سعاد كاظم الموسوي عن تسرب التلاميذ.", []string{"الموسوي"},
			"الباحثة"},
		{"Saad Ali Al-Tamimi on the Marshes", "We asked the environmental engineer Saad Ali Al-Tamimi, who has worked there for years, what their future holds.", []string{"Al-Tamimi"},
			"environmental engineer"},
		{"Saad Ali Al-Tamimi on the Marshes", "We spoke to the environmental engineer Saad Ali Al-Tamimi about the Marshes.", []string{"Al-Tamimi"},
			"environmental engineer"},
		{"Saad Ali Al-Tamimi on the Marshes", "The Marshes were drained in the 1990s. Saad Ali Al-Tamimi, an engineer at the ministry, told us why.", []string{"Al-Tamimi"},
			"engineer at the ministry"},
		{"Saad Ali Al-Tamimi on the Marshes", "Iraq's envoy to the UN Saad Ali Al-Tamimi spoke to the magazine.", []string{"Al-Tamimi"},
			"Iraq's envoy to the UN"},
		// The magazine that asks is no part of the role.
		{"لقاء مع جواد عبد الحسين الحطاب", "حاورت المجلة الشاعر جواد عبد الحسين الحطاب عن الشعر.", nil, "الشاعر"},
		// A phrase that opens with a preposition is the sentence's, not a role.
		{"لقاء مع الشيخ عبد الكريم جاسم الساعدي", "التقت مجلة حوار الفكر في عددها الثاني عشر الشيخ عبد الكريم جاسم الساعدي، أحد وجهاء عشائر ميسان، وسألته.", nil,
			"أحد وجهاء عشائر ميسان"},
	} {
		p := personIn(c.labels, c.title, c.lede, "")
		if p == nil {
			t.Errorf("%q: no interviewee", c.lede)
			continue
		}
		if p.Role != c.role {
			t.Errorf("%q / %q:\n got role %q\nwant %q", c.title, c.lede, p.Role, c.role)
		}
	}
}

// TestDateLine_Bylines: a post's date after a byline, and a byline after
// the date with no dash; a numeric date takes the order its weekday gives.
func TestDateLine_Bylines(t *testing.T) {
	for _, c := range []struct{ in, date, byline string }{
		{"By Ahmed Salih, 6 November, 2024", "2024-11-06", "Ahmed Salih"},
		{"Submitted by Ahmed Salih on Tue, 11/05/2024 - 10:32", "2024-11-05", "Ahmed Salih"}, // Tuesday: 5 November, US order
		{"Submitted by Ahmed Salih on Sat, 11/05/2024 - 10:32", "2024-05-11", "Ahmed Salih"}, // Saturday: 11 May
		{"Posted by Ahmed Salih on November 6, 2024", "2024-11-06", "Ahmed Salih"},
		{"بقلم: أحمد صالح — ٦ تشرين الثاني ٢٠٢٤", "2024-11-06", "أحمد صالح"},
		{"بقلم أحمد صالح في ٦ تشرين الثاني ٢٠٢٤", "2024-11-06", "أحمد صالح"},
		{"كتبه أحمد صالح، ٦ تشرين الثاني ٢٠٢٤", "2024-11-06", "أحمد صالح"},
		{"٦ تشرين الثاني ٢٠٢٤ بقلم: أحمد صالح", "2024-11-06", "أحمد صالح"},
		{"November 6, 2024 By: Ahmed Salih", "2024-11-06", "Ahmed Salih"},
		{"November 6, 2024 Ahmed Salih", "2024-11-06", ""},
		{"By Media office, 6 November 2024", "2024-11-06", ""}, // an office is no interviewer
		{"Ahmed Salih, 6 November 2024", "2024-11-06", ""},
		{"بغداد، ٦ تشرين الثاني ٢٠٢٤", "2024-11-06", ""},
	} {
		d, _, ok := dateLine(c.in)
		if !ok || d != c.date {
			t.Errorf("dateLine(%q) = %q, %v; want %q", c.in, d, ok, c.date)
		}
		if got := bylineIn([]block{{text: c.in}}); got != c.byline {
			t.Errorf("bylineIn(%q) = %q, want %q", c.in, got, c.byline)
		}
	}
	for _, not := range []string{
		"By 2025 the institute had published 83 issues of the magazine.",
		"By the end of 6 November 2024 the votes were counted in every province of the country.",
		"November 6, 2024 the seminar opened with figures",
		"Ahmed Salih, 6 November 2024, opened the seminar with figures",
		"In the end, 6 November 2024",
		"قال المتحدث في الندوة، ٦ تشرين الثاني ٢٠٢٤",
		"بقلم الباحث عن موضوع المياه في ٦ تشرين الثاني ٢٠٢٤ قال المتحدث الأول إن الأرقام تراجعت",
	} {
		if d, _, ok := dateLine(not); ok {
			t.Errorf("dateLine(%q) = %q, want no date line", not, d)
		}
	}
}

// TestParse_RelatedLinksKeepAPost: a box of a few links to other posts
// under one article leaves it an article; a page of posts' titles and
// excerpts, or of links alone, stays a listing.
func TestParse_RelatedLinksKeepAPost(t *testing.T) {
	const para = "<p>The Iraqi Institute for Dialogue and the University of Kufa signed an agreement on Monday to run joint research on education in the middle Euphrates, and to open the institute's library to the university's graduate students for three years.</p>"
	related := func(heading string) string {
		return `<div><h4>` + heading + `</h4><a href="/en/post/11">Seminar on curricula</a><br><a href="/en/post/12">Survey of youth and work</a><br><a href="/en/post/13">Agreement with Basra</a></div>`
	}
	item := func(id, title string) string {
		return `<h3><a href="/en/post/` + id + `">` + title + `</a></h3><p>The institute held its monthly seminar with speakers from three universities and the ministry, and published the recommendations.</p>`
	}
	for _, c := range []struct {
		name, content string
		listing       bool
	}{
		{"article and Related", para + para + related("Related"), false},
		{"article and Most read", para + para + related("Most read"), false},
		{"article and الأكثر قراءة", para + para + related("الأكثر قراءة"), false},
		{"Most read before the article", related("Most read") + para + para, false},
		{"a box before and one after", related("Most read") + para + para + related("Related"), false},
		{"three boxes", related("Most read") + para + related("Latest") + para + related("Related"), true},
		{"a short text and links", "<p>Our latest posts.</p>" + related("Latest"), true},
		{"titles and excerpts", item("11", "Seminar on curricula") + item("12", "Survey of youth and work") + item("13", "Agreement with Basra") + item("14", "Water"), true},
		{"a welcome and titles with excerpts", para + para + item("11", "Seminar on curricula") + item("12", "Survey of youth and work") + item("13", "Agreement with Basra"), true},
	} {
		page := `<html><head><title>Institute signs an agreement | Iraqi Institute for Dialogue</title></head><body><div id="page"><h1>Institute signs an agreement</h1>` + c.content + `</div></body></html>`
		d, err := Parse("http://127.0.0.1/en/node/2207", "text/html; charset=utf-8", []byte(page), convAt)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.Kind == KindListing; got != c.listing {
			t.Errorf("%s: kind %s, listing want %v", c.name, d.Kind, c.listing)
		}
		// The home page is a listing, whatever welcomes the reader first.
		for _, home := range []string{"http://127.0.0.1/", "http://127.0.0.1/en/", "http://127.0.0.1/index.php"} {
			if d, _ := Parse(home, "text/html; charset=utf-8", []byte(page), convAt); d.Kind != KindListing {
				t.Errorf("%s on %s: kind %s, want listing", c.name, home, d.Kind)
			}
		}
	}
}

// TestReadMagazine_Seasons: a quarterly's issue dated by a season keeps it
// as written, with no month; a Hijri month that opens with ربيع is no
// season, and a month still wins where it comes first.
func TestReadMagazine_Seasons(t *testing.T) {
	for _, c := range []struct{ in, issue, dateText, date string }{
		{"Dialogue of Thought, issue 72, Spring 2024.", "72", "Spring 2024", ""},
		{"From Dialogue of Thought, issue 70 (Winter 2023/24).", "70", "Winter 2023/24", ""},
		{"مجلة حوار الفكر، العدد (٧٢) - ربيع ٢٠٢٤", "72", "ربيع ٢٠٢٤", ""},
		{"مجلة حوار الفكر، العدد ٧٠، شتاء ٢٠٢٣-٢٠٢٤", "70", "شتاء ٢٠٢٣-٢٠٢٤", ""},
		{"It appeared in the Autumn 2022 issue (66) of Dialogue of Thought.", "66", "Autumn 2022", ""},
		{"مجلة حوار الفكر العدد ٧٢ الصادر في ربيع الأول ١٤٤٥", "72", "", ""},
		// An issue in words after "its issue", the person interviewed next.
		{"التقت مجلة حوار الفكر في عددها الثاني عشر الشيخ عبد الكريم الساعدي", "12", "", ""},
		{"Dialogue of Thought, issue 49, September 2023 (the summer issue)", "49", "September 2023", "2023-09"},
	} {
		m := readMagazine(c.in)
		if m == nil || m.Issue != c.issue || m.DateText != c.dateText || m.Date != c.date {
			t.Errorf("readMagazine(%q) = %+v, want issue %q date_text %q date %q", c.in, m, c.issue, c.dateText, c.date)
		}
	}
}

// TestParse_AdjacentElements: the text of block elements (and of inline
// ones displayed as blocks) written without white space between them is
// read apart; inline elements, which split Arabic words, gain no space.
func TestParse_AdjacentElements(t *testing.T) {
	for _, c := range []struct {
		name, title, content string
		wantTitle, wantBody  string
	}{
		{"Arabic word split in the title and text", `<h1>لقاء مع <b>مح</b>مد <span style="color:red">الحك</span>يم</h1>`, `<p>نص عن <span class="x">الحو</span>ار مع الدكتور <b>مح</b><i>مد</i>.</p>`,
			"لقاء مع محمد الحكيم", "نص عن الحوار مع الدكتور محمد."},
		{"adjacent spans stay one word", `<h1><span>Dr.</span><span>Hassan</span> on water</h1>`, `<p>Text <b>bo</b>ld and <i>it</i>alic.</p>`,
			"Dr.Hassan on water", "Text bold and italic."},
		{"adjacent divs", `<h1>Seminar on water</h1>`, `<div><div>Dr. Hassan Karim</div><div>The institute held its seminar.</div></div>`,
			"Seminar on water", "Dr. Hassan Karim\n\nThe institute held its seminar."},
		{"spans displayed as blocks", `<h1><span style="display: block">Seminar</span><span style="display:block">on water</span></h1>`,
			`<p><span style="display:block">Baghdad</span><span class="block text-sm">The institute held its seminar.</span><span class="d-block">Then it closed.</span></p>`,
			"Seminar on water", "Baghdad\n\nThe institute held its seminar.\n\nThen it closed."},
		{"inline-block is inline", `<h1>Seminar on water</h1>`, `<p><span style="display:inline-block">Bag</span><span style="display:inline-block">hdad</span> held it.</p>`,
			"Seminar on water", "Baghdad held it."},
	} {
		page := `<html><head><title>x</title></head><body><article>` + c.title + c.content + `</article></body></html>`
		d, err := Parse("http://127.0.0.1/en/post/901", "text/html; charset=utf-8", []byte(page), convAt)
		if err != nil {
			t.Fatal(err)
		}
		if d.Title != c.wantTitle || d.Body != c.wantBody {
			t.Errorf("%s:\n got title %q body %q\nwant title %q body %q", c.name, d.Title, d.Body, c.wantTitle, c.wantBody)
		}
	}
}

// TestParse_AuthorElementByline: a name alone in the theme's author
// element under the title is a byline, so the interviewer; an office, the
// site or an author box's sentence is not.
func TestParse_AuthorElementByline(t *testing.T) {
	for _, c := range []struct{ meta, want string }{
		{`<div class="post-byline"><span class="author vcard">Omar Nabil</span></div>`, "Omar Nabil"},
		{`<div class="meta"><span class="author-name">Media office</span></div>`, "Dialogue of Thought"},
		{`<div class="meta"><span class="author">Iraqi Institute for Dialogue</span></div>`, "Dialogue of Thought"},
		{`<div class="meta"><span class="author">Omar</span></div>`, "Dialogue of Thought"}, // one word: a login name
		{`<div class="meta-author-wrap"><a href="/profile/dl">The Dialogue Letter</a></div>`, "Dialogue of Thought"},
		{`<div class="meta"><span class="date">February 18, 2025</span> <span>Omar Nabil</span></div>`, "Dialogue of Thought"},
	} {
		page := `<html><head><title>Interview with Dr. Hassan Karim Al-Najjar</title></head><body><article><h1>Interview with Dr. Hassan Karim Al-Najjar</h1>` + c.meta +
			`<p>` + ledeEn + `</p><p>Q: How did the idea begin?</p><p>A: ` + ans1 + `</p><p>Q: Was it easy to stay independent?</p><p>A: ` + ans2 + `</p></article></body></html>`
		d := parseConv(t, page)
		if d.Interviewer != c.want {
			t.Errorf("%s: interviewer %q, want %q", c.meta, d.Interviewer, c.want)
		}
	}
}

// TestParse_HeadingAnchorsAreNoHints: a heading's id is an anchor made of
// its text ("next", "related", "comments"), not a hint that it is chrome.
func TestParse_HeadingAnchorsAreNoHints(t *testing.T) {
	page := `<html><head><title>The museum</title></head><body><article><h1>The museum</h1>` +
		`<p>` + ans1 + `</p><h3 id="related">Related work in the south</h3><p>` + ans2 + `</p><h3 id="next">What comes next</h3><p>` + ans3 + `</p>` +
		`<div id="related"><a href="/x">x</a></div></article></body></html>`
	d := parseConv(t, page)
	for _, h := range []string{"Related work in the south", "What comes next"} {
		if !strings.Contains(d.Body, h) {
			t.Errorf("heading %q dropped: %q", h, d.Body)
		}
	}
}

// TestParse_ThisInterviewPresents: a lede that says "This interview with
// ..." presents the page as an interview.
func TestParse_ThisInterviewPresents(t *testing.T) {
	d := parseConv(t, interviewPage("Karim Al-Zubaidi: the museum must go to the schools",
		"This interview with the archaeologist Karim Abbas Al-Zubaidi first appeared in Dialogue of Thought, issue 70.",
		"<h3>Why should the museum go to the schools?</h3><p>"+ans1+"</p>", "<h3>What comes next?</h3><p>"+ans2+"</p>"))
	if d.Kind != KindInterview || len(d.QA) != 2 {
		t.Errorf("kind %s, %d pairs", d.Kind, len(d.QA))
	}
}

func TestExtendsTitle(t *testing.T) {
	for _, c := range []struct {
		text, key string
		want      bool
	}{
		{"Interview: Zainab Mahdi Al-Khafaji on women in local councils", "Interview: Zainab Mahdi Al-Khafaji", true},
		{"interview: zainab mahdi al-khafaji, the councillor", "Interview: Zainab Mahdi Al-Khafaji", true},
		{"Interview: Zainab Mahdi Al-Khafajis", "Interview: Zainab Mahdi Al-Khafaji", false}, // another word
		{"Water and the state budget", "Water and", false},                                   // too short a <title> to be a post's
		{"Iraqi Institute for Dialogue holds its annual conference", "Iraqi Institute for Dialogue", false},
		{"Seminar on water security and the dams of the upper Tigris, with figures from the ministry and three universities", "Seminar on water", false},
	} {
		if got := extendsTitle(c.text, c.key); got != c.want {
			t.Errorf("extendsTitle(%q, %q) = %v, want %v", c.text, c.key, got, c.want)
		}
	}
}

// TestArabicRoleName: an Arabic title's role and name, where the lede
// writes the name after another word; nothing when it does not.
func TestArabicRoleName(t *testing.T) {
	for _, c := range []struct{ title, lede, want string }{
		{"مدير مرصد الهجرة حسين علي الزيدي: الريف يفرغ بصمت", "تحدث مدير مرصد الهجرة الداخلية حسين علي الزيدي عن النزوح.", "حسين علي الزيدي"},
		{"وزير الخارجية فؤاد حسين: العراق والجوار", "التقت المجلة وزير الخارجية العراقي فؤاد حسين في بغداد.", "فؤاد حسين"},
		{"وزير الخارجية فؤاد حسين: العراق والجوار", "التقت المجلة وزير الخارجية فؤاد حسين في بغداد.", ""},          // the same words before it: nothing says where the role ends
		{"رئيس جامعة بغداد علي الشكري: الجامعة والسوق", "تحدث رئيس جامعة بغداد الأسبق علي الشكري عن الجامعة.", ""}, // no article ends the role
		{"مدير مرصد الهجرة حسين علي الزيدي: الريف يفرغ بصمت", "تحدث المرصد عن النزوح.", ""},                        // the lede does not name him
		{"Director Hussein Ali Al-Zaidi: the countryside empties", "The director Hussein Ali Al-Zaidi spoke.", ""},
	} {
		if got := arabicRoleName(c.title, c.lede, ""); got != c.want {
			t.Errorf("arabicRoleName(%q, %q) = %q, want %q", c.title, c.lede, got, c.want)
		}
	}
	// The introduction confirms the name when it writes it after another
	// word, or opens a paragraph with it; the role's words again do not.
	for _, c := range []struct{ intro, want string }{
		{"ولد فؤاد حسين في خانقين عام ١٩٤٩ ودرس في بغداد.", "فؤاد حسين"},
		{"درس في بغداد.\n\nفؤاد حسين من مواليد خانقين.", "فؤاد حسين"},
		{"وكان وزير الخارجية فؤاد حسين قد زار أنقرة.", ""},
	} {
		if got := arabicRoleName("وزير الخارجية فؤاد حسين: العراق والجوار", "التقت المجلة وزير الخارجية فؤاد حسين في بغداد.", c.intro); got != c.want {
			t.Errorf("arabicRoleName with intro %q = %q, want %q", c.intro, got, c.want)
		}
	}
}

// TestParse_PageBuilderBoxes: a page builder writes each question and
// answer in a box of its own beside the title's; the boxes after the one
// with the most text are the post's too, a related-posts box in another
// section is not.
func TestParse_PageBuilderBoxes(t *testing.T) {
	box := func(inner string) string {
		return `<div class="elementor-element elementor-widget elementor-widget-text-editor"><div class="elementor-widget-container">` + inner + `</div></div>`
	}
	page := `<html><head><title>Interview with Dr. Hassan Karim Al-Najjar</title></head><body><div class="elementor"><section><div class="elementor-widget-wrap">` +
		`<div class="elementor-element elementor-widget elementor-widget-heading"><div class="elementor-widget-container"><h1>Interview with Dr. Hassan Karim Al-Najjar</h1></div></div>` +
		box("<p>"+ledeEn+"</p>") + box("<h2>How did the idea begin?</h2>") + box("<p>"+ans1+"</p><p>"+ans1+"</p>") +
		box("<h2>Was it easy to stay independent?</h2>") + box("<p>"+ans2+"</p>") + box("<h2>A last word?</h2>") + box("<p>"+ans3+"</p>") + box("<p>Interview by Saad Ali</p>") +
		`</div></section><section><div class="elementor-widget-wrap"><div class="elementor-widget-posts"><a href="/en/post/1">One</a> <a href="/en/post/2">Two</a></div></div></section></div></body></html>`
	d := parseConv(t, page)
	if len(d.QA) != 3 || d.Interviewer != "Saad Ali" || strings.Contains(d.Body, "One") {
		t.Errorf("%d pairs, interviewer %q, body %q", len(d.QA), d.Interviewer, d.Body)
	}
}

// TestParse_ForumSignature: a forum post's signature after a line of
// underscores is not the last answer's; a rule before a longer text (notes)
// stays.
func TestParse_ForumSignature(t *testing.T) {
	const notes = "<p>Notes: the survey of 2005 was made by the institute with the University of Baghdad and covered six provinces, with four thousand households asked about water, schools, work and the courts, and the figures quoted in the answers come from its second round.</p>"
	for _, c := range []struct {
		tail string
		want bool // the tail is in the last answer
	}{
		{"<p>__________________</p><p>Abu Zainab: the value of a man is what he does well</p>", false},
		{"<p>__________________</p>" + notes, true},
		{"<p>-----</p><p>Abu Zainab</p>", true}, // dashes are no forum's separator
		{"<p>--</p><p>Abu Zainab</p>", true},    // nor an email's outside a <pre>
	} {
		d := parseConv(t, interviewPage("Interview with Dr. Hassan Karim Al-Najjar", ledeEn,
			"<p>Q: How did the idea begin?</p>", "<p>A: "+ans1+"</p>", "<p>Q: Was it easy to stay independent?</p>", "<p>A: "+ans2+"</p>", c.tail))
		if len(d.QA) != 2 {
			t.Fatalf("%d pairs", len(d.QA))
		}
		if got := d.QA[1].Answer != ans2; got != c.want {
			t.Errorf("%q: last answer %q", c.tail, d.QA[1].Answer)
		}
	}
}

// TestPersonIn_ArabicLeadIns: "حوار مجلة حوار الفكر مع الشاعر X" names X,
// a role noun with the article before the name.
func TestPersonIn_ArabicLeadIns(t *testing.T) {
	for _, c := range []struct{ title, lede, name, role string }{
		{"حوار مجلة حوار الفكر مع الشاعر جواد عبد الحسين الحطاب", "حاورت المجلة الشاعر جواد عبد الحسين الحطاب عن الشعر.", "جواد عبد الحسين الحطاب", "الشاعر"},
		{"حوار حوار الفكر مع الروائية سلمى كاظم", "عن الرواية العراقية.", "سلمى كاظم", "الروائية"},
	} {
		p := personIn(nil, c.title, c.lede, "")
		if p == nil || p.Name != c.name || p.Role != c.role {
			t.Errorf("%q: %+v, want %q role %q", c.title, p, c.name, c.role)
		}
	}
}

// TestParse_BylineDates: the date lines of TestDateLine_Bylines under a
// title in plain markup give the post's date, and are not its text.
func TestParse_BylineDates(t *testing.T) {
	const text = "The institute held its monthly seminar on water security with speakers from three universities and the ministry of water resources, and published its recommendations."
	for _, c := range []struct{ line, date string }{
		{`<p>By Ahmed Salih, 6 November, 2024</p>`, "2024-11-06"},
		{`<div>Submitted by Ahmed Salih on Tue, 11/05/2024 - 10:32</div>`, "2024-11-05"},
		{`<p>بقلم: أحمد صالح — ٦ تشرين الثاني ٢٠٢٤</p>`, "2024-11-06"},
		{`<p>٦ تشرين الثاني ٢٠٢٤ بقلم: أحمد صالح</p>`, "2024-11-06"},
		{`<p>November 6, 2024 Ahmed Salih</p>`, "2024-11-06"},
	} {
		page := `<html><head><title>Seminar on water security</title></head><body><article><h1>Seminar on water security</h1>` + c.line + `<p>` + text + `</p></article></body></html>`
		d := parseConv(t, page)
		if d.Published != c.date || d.Body != text {
			t.Errorf("%s: published %q body %q, want %q", c.line, d.Published, d.Body, c.date)
		}
	}
}

// TestParse_PullQuotes: a quotation that repeats the words just said is
// decoration; one that says something new is text.
func TestParse_PullQuotes(t *testing.T) {
	const said = "The constitution left many questions without an answer, and the court did not look for this role: it came to the court."
	for _, c := range []struct {
		quote string
		kept  bool
	}{
		{`<figure class="wp-block-pullquote"><blockquote><p>the court did not look for this role: it came to the court.</p></blockquote></figure>`, false},
		{`<blockquote><p>“the court did not look for this role: it came to the court.”</p></blockquote>`, false},
		{`<blockquote><p>Article 93 gives the court the interpretation of the constitution's texts.</p></blockquote>`, true},
	} {
		page := `<html><head><title>The court</title></head><body><article><h1>The court</h1><p>` + said + `</p>` + c.quote + `<p>` + ans1 + `</p></article></body></html>`
		d := parseConv(t, page)
		if got := strings.Count(d.Body, "\n\n") == 2; got != c.kept {
			t.Errorf("%s: body %q", c.quote, d.Body)
		}
	}
}

// TestReadBlocks_Pre: in a <pre>, a line break is a space, a blank line
// or an email's "--" line ends a block, and inline elements stay in
// their line.
func TestReadBlocks_Pre(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"<pre>Q: How?\nA: Slowly,\nand well.\n\nQ: Why?\n  \nA: Because.</pre>", []string{"Q: How? A: Slowly, and well.", "Q: Why?", "A: Because."}},
		{"<pre>foo<b>x</b>\nbar\n\n<b>Q:</b> next\n--\nTo unsubscribe, reply STOP.</pre>", []string{"foox bar", "Q: next", "--", "To unsubscribe, reply STOP."}},
		{"<p>Not\n\npre</p>", []string{"Not pre"}},
	} {
		root, err := html.Parse(strings.NewReader(c.in))
		if err != nil {
			t.Fatal(err)
		}
		blocks, _, _, _ := readBlocks(root, nil, 0)
		var got []string
		for _, b := range blocks {
			got = append(got, b.text)
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%q:\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

// TestPersonIn_LedeAsked: "We asked its organiser, Dr. X, who ..." names X;
// the possessive opens the role, the relative clause after the name is none.
func TestPersonIn_LedeAsked(t *testing.T) {
	for _, c := range []struct{ lede, name, role string }{
		{"We asked its organiser, Dr. Rana Salim Al-Tai, who has run it since the first edition, five questions.", "Rana Salim Al-Tai", "organiser"},
		{"Dialogue of Thought conducted an interview with the economist Dr. Suad Jabbar Al-Hamdani, which was published in issue (83).", "Suad Jabbar Al-Hamdani", "economist"},
	} {
		p := personIn(nil, "Ten years of the conference", c.lede, "")
		if p == nil || p.Name != c.name || p.Role != c.role {
			t.Errorf("%q: %+v, want %q role %q", c.lede, p, c.name, c.role)
		}
	}
}

// TestPronounSubject: the person a lede opens with is the interviewee when
// its next sentence says "He spoke to Dialogue of Thought"; not when he
// spoke to someone else, or the pronoun's sentence is not the second.
func TestPronounSubject(t *testing.T) {
	for _, c := range []struct{ lede, want string }{
		{"Architect Omar Younis has worked on the old city since 2018. He spoke to Dialogue of Thought for issue 76 (Spring 2023).", "Omar Younis"},
		{"Historian Layla Mahmoud Al-Rawi has spent ten years in the archives. She talked to Dialogue of Thought for its issue 74.", "Layla Mahmoud Al-Rawi"},
		{"Omar Younis has worked on the old city since 2018. He spoke to the magazine in Mosul.", "Omar Younis"},
		{"Omar Younis has worked on the old city since 2018. He spoke to reporters in Mosul.", ""},
		{"The old city was destroyed in 2017. Omar Younis rebuilt it. He spoke to Dialogue of Thought.", ""},
		{"Rebuilding began in 2018. He spoke to Dialogue of Thought.", ""},
	} {
		if got := pronounSubject(c.lede); got != c.want {
			t.Errorf("pronounSubject(%q) = %q, want %q", c.lede, got, c.want)
		}
	}
}
