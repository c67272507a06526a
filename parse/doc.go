// Package parse turns one fetched page of the Iraqi Institute for Dialogue's
// site into a Document: what the page means (title, interview turns, issue of
// the magazine, comments, in-scope links) without its volatile header,
// navigation or footer, plus a content hash that only changes when the content
// does.
//
// Parse is a pure function of (url, content type, bytes, capture time). The
// package must never do I/O, read the clock, keep mutable globals, or "fix" what
// the site published: odd spellings, truncated answers and impossible dates are
// kept as written and reported as Warnings.
//
// The real markup of the site is unknown, so the parsers lean on the text's own
// structure (speaker labels, the lede's wording, the "Introduction to the
// dialog" heading) and use tags and CSS classes only as hints. When a page has
// no recognisable structure, a generic main-content extractor (readability)
// runs instead, and Parser.Name says so.
package parse
