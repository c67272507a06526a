package parse

// Document is what one fetched page means: the structured content of a post,
// listing or page, without the volatile header, navigation or comments.
// The JSON field names are a contract (docs/document.md): scripts rely on them.
type Document struct {
	URL         string    `json:"url"`
	DocKey      string    `json:"doc_key"` // host + "/" + lang + "/post/" + id, e.g. hewariraq.com/en/post/708
	Lang        string    `json:"lang"`    // "ar" or "en" (or "" when unknown)
	Kind        string    `json:"kind"`    // interview, article, listing, page
	Section     string    `json:"section"` // news, activities, seminars, or ""
	Title       string    `json:"title"`
	Published   string    `json:"published"` // from a real date of the post only (YYYY-MM-DD or RFC3339), or ""
	Magazine    *Magazine `json:"magazine"`
	Interviewer string    `json:"interviewer"`
	Interviewee *Person   `json:"interviewee"`
	Intro       string    `json:"intro"`
	QA          []QA      `json:"qa"`
	// QAConvention says how the turns were told apart (one of the QA*
	// constants), "" when there are none.
	QAConvention string     `json:"qa_convention"`
	Body         string     `json:"body"`
	Links        []string   `json:"links"`
	Comments     []Comment  `json:"comments"`
	Warnings     []Warning  `json:"warnings"`
	ContentHash  string     `json:"content_hash"` // "sha256:<hex>" over the normalized content only
	Parser       ParserInfo `json:"parser"`
}

// Magazine is the issue of "Dialogue of Thought" an interview appeared in.
type Magazine struct {
	Name     string `json:"name"`
	Issue    string `json:"issue"`     // as a number in ASCII digits: "49", "83-84"
	DateText string `json:"date_text"` // the month as written: "September 2029", "كانون الأول 2025"
	Date     string `json:"date"`      // YYYY-MM, or "" when it cannot be read
}

// Person is someone interviewed, with every other spelling of their name seen on the page.
type Person struct {
	Name    string   `json:"name"`
	Role    string   `json:"role"`
	Aliases []string `json:"aliases"`
}

// QA is one question and its answer, in the order published.
type QA struct {
	Question string `json:"question"`
	Answer   string `json:"answer"`
}

// Comment is one reader comment; it is never part of the content.
type Comment struct {
	Author string `json:"author"`
	Date   string `json:"date"`
	Text   string `json:"text"`
}

// Warning is a doubt about the page, kept as published but reported.
// Codes: date_in_future, truncated_answer (Where = "qa[N]", 1-based),
// repeated_passage, no_turns_found, ...
type Warning struct {
	Code   string `json:"code"`
	Where  string `json:"where"`
	Detail string `json:"detail"`
}

// ParserInfo names the parser that produced a Document, so that a reparse
// with a newer parser can be told apart.
type ParserInfo struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Conventions of turn-taking, the value of Document.QAConvention.
const (
	// QANameLabels: each turn starts with its speaker's name or the
	// magazine's: "Dialogue of thought: ...", "Mr. Mustafa Al-Kazemi: ...".
	QANameLabels = "name_labels"
	// QARoleLabels: "Q:"/"A:", "Question/Answer", "س:"/"ج:", numbered or not
	// (س1:/ج1:, Q1./A1.), سؤال/جواب.
	QARoleLabels = "role_labels"
	// QABoldQuestions: each question is a paragraph set in bold, its answer
	// the plain paragraphs after it.
	QABoldQuestions = "bold_questions"
	// QAHeadingQuestions: each question is a heading, its answer the
	// paragraphs after it.
	QAHeadingQuestions = "heading_questions"
	// QAStyledQuestions: each question is a paragraph its markup sets
	// apart from the answers in some other way: a <dt> answered by its
	// <dd>, a table's first column, a quotation, italics, a colour, a
	// theme's class, a list item, a dash.
	QAStyledQuestions = "styled_questions"
	// QANumberedQuestions: each question opens with its number ("1- ...",
	// "١) ..."), its answer the paragraphs after it.
	QANumberedQuestions = "numbered_questions"
	// QAMarkedQuestions: each question is a plain paragraph told from its
	// answer only by the question mark it ends with, on a page that calls
	// itself an interview.
	QAMarkedQuestions = "question_marks"
)

// Kinds of document.
const (
	KindInterview = "interview"
	KindArticle   = "article"
	KindListing   = "listing"
	KindPage      = "page"
)
