// Package parse turns one fetched page of the Iraqi Institute for Dialogue's
// site into a Document: what the page means (title, interview turns, issue of
// the magazine, comments, in-scope links) without its volatile header,
// navigation, sidebars or footer, plus a content hash that only changes when
// the content does.
//
// Parse is a pure function of (url, content type, bytes, capture time). The
// package must never do I/O, read the clock, keep mutable globals, or "fix" what
// the site published: odd spellings, truncated answers and impossible dates are
// kept as written and reported as Warnings.
//
// The real markup of the site is unknown and will change (a new theme, a CMS
// upgrade, text pasted from Word), so one pipeline serves every page and
// rests on the text's own structure: speaker labels, questions set apart,
// the lede's wording, the "Introduction to the dialog" heading, the shape of
// a date line. Tags and class names are hints that help find the chrome and
// the post; an element that holds the title or most of the page's text is
// never thrown away on a hint. The steps, each from the goquery Document (or
// the blocks) to blocks or fields:
//
//	decode            bytes in any charset -> UTF-8
//	readPage          one pass: head, meta tags, JSON-LD, links, breadcrumbs, title candidates
//	dropInvisible     scripts, styles, form controls: a Selection (Matcher invisible), removed
//	findTitle         the heading (or cell, span, bold line) that repeats og:title / <title>
//	findComments      the comments sections (Matcher commentSections) in whatever markup, read and removed
//	stripChrome       menus, sidebars, site header/footer, share/tag/related boxes, counters,
//	                  ads (Matcher chrome), removed
//	readBlocks        paragraphs, <br><br> runs, headings, list items, cells
//	mainRange         the title to the end of the element that holds the post's text
//	sortContent       date line, byline, chrome lines and widgets out; the text stays
//	findTurns         the Q&A convention that explains the most turns: speaker labels, or
//	                  questions set apart (bold, headings, any other style found, numbers)
//	personIn, ...     interviewee, interviewer, magazine, dates, warnings, hash
//
// The Matchers are goquery's interface with our own MatchAll: each walks the
// tree once, deciding on an element's atom and class words, where a CSS
// selector group would compare every node against every selector. readPage
// and readBlocks walk the nodes directly for the same reason: each needs
// every element once, and one pass is what keeps Parse within three times
// the cost of html.Parse itself.
package parse
