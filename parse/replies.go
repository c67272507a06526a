package parse

import (
	"regexp"
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// findReplies reads the replies of a forum thread or a discussion (phpBB,
// vBulletin, SMF, Discourse, Moodle) as comments and removes them from the
// document: the thread's first post is the document, each later post a
// comment with its author and date. A post is found by its shape, not its
// theme's names: elements alike (one tag and first class, its digits
// aside: SMF's windowbg and windowbg2) that each hold an author (an
// element named author, poster, username or creator, itemprop="author", a
// link to a member's profile), a date and text of their own. The first of
// them holds the title or follows it; none has a heading that links to
// another page (a listing's entries have one); a post inside another (a
// Moodle reply under the one it answers) is a post of its own.
func findReplies(body, title *html.Node, pageSize int, authors []*html.Node) []Comment {
	if body == nil || len(authors) < 2 {
		return nil
	}
	// readPage found the author elements; those the comments took are
	// no longer under the body, and one inside another names one author.
	var markers []*html.Node
	for _, m := range authors {
		if len(markers) > 0 && contains(markers[len(markers)-1], m) {
			continue
		}
		for a := m.Parent; a != nil; a = a.Parent {
			if a == body {
				markers = append(markers, m)
				break
			}
		}
	}
	if len(markers) < 2 {
		return nil
	}
	// Each marker's nearest ancestor of each signature is a frame of that
	// signature; a signature framing two markers or more is a candidate.
	type group struct {
		frames []*html.Node
		depth  int // of the first frame: the outermost group wins a tie
	}
	groups := map[string]*group{}
	var order []string
	for _, m := range markers {
		seen := map[string]bool{}
		depth := 0
		for a := m.Parent; a != nil && a != body && a.Type == html.ElementNode; a = a.Parent {
			depth++
		}
		d := depth
		for a := m.Parent; a != nil && a != body && a.Type == html.ElementNode; a = a.Parent {
			d--
			sig := frameSignature(a)
			if sig == "" || seen[sig] {
				continue
			}
			seen[sig] = true
			g := groups[sig]
			if g == nil {
				g = &group{depth: d}
				groups[sig] = g
				order = append(order, sig)
			}
			if !slices.Contains(g.frames, a) {
				g.frames = append(g.frames, a)
			}
		}
	}
	var best *group
	var bestReplies []Comment
	for _, sig := range order {
		g := groups[sig]
		if len(g.frames) < 2 || best != nil && (len(g.frames) < len(best.frames) || len(g.frames) == len(best.frames) && g.depth >= best.depth) {
			continue
		}
		replies, ok := readThread(g.frames, title, pageSize)
		if ok {
			best, bestReplies = g, replies
		}
	}
	if best == nil {
		return nil
	}
	for _, f := range best.frames[1:] {
		if f.Parent != nil {
			f.Parent.RemoveChild(f)
		}
	}
	return bestReplies
}

// readThread reads frames as a thread's posts: the replies (every frame
// but the first) as comments, or false when the frames are not posts.
func readThread(frames []*html.Node, title *html.Node, pageSize int) ([]Comment, bool) {
	first := frames[0]
	if title != nil && !contains(first, title) && !before(title, first) {
		return nil, false
	}
	if inSiteChrome(first, pageSize) {
		return nil, false
	}
	out := make([]Comment, 0, len(frames)-1)
	for i, f := range frames {
		if i > 0 && title != nil && contains(f, title) {
			return nil, false
		}
		nested := func(x *html.Node) bool {
			for _, g := range frames {
				if g != f && contains(f, g) && contains(g, x) {
					return true
				}
			}
			return false
		}
		c, ok := readPost(f, nested)
		if !ok {
			return nil, false
		}
		if i > 0 {
			out = append(out, c)
		}
	}
	return out, true
}

// readPost reads one post's author, date and text; false when it lacks one
// of them or has a heading that links to another page.
func readPost(f *html.Node, nested func(*html.Node) bool) (Comment, bool) {
	var (
		c        Comment
		author   *html.Node
		texts    []*html.Node
		dateLine string
		listing  bool
	)
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for x := n.FirstChild; x != nil; x = x.NextSibling {
			if x.Type != html.ElementNode || nested(x) {
				continue
			}
			switch {
			case headingLevel(x.DataAtom) > 0:
				if a := firstLink(x); a != nil && !strings.Contains(attr(a, "href"), "#") && !replySubjectRe.MatchString(textOf(x)) {
					listing = true // an entry's title: "<h2><a href="/2024/11/slug/">"
				}
				continue // a post's subject ("Re: ...") is no part of its text
			case author == nil && authorMarker(x):
				author = x
				if c.Date == "" && dateLine == "" {
					dateLine = textOf(x) // phpBB's "by X » Sat Mar 14, 2015 9:41 pm"
				}
				continue
			case x.DataAtom == atom.Time && c.Date == "":
				if c.Date = machineDate(attr(x, "datetime")); c.Date == "" {
					c.Date = trimText(textOf(x), "")
				}
				continue
			case c.Date == "" && (attr(x, "itemprop") == "datePublished" || attr(x, "itemprop") == "dateCreated"):
				c.Date = machineDate(attr(x, "content"))
			case textPart(x):
				texts = append(texts, x)
				continue
			}
			walk(x)
		}
	}
	walk(f)
	if listing || author == nil {
		return c, false
	}
	c.Author = postAuthor(author)
	if c.Date == "" {
		c.Date = dateIn(dateLine)
	}
	if c.Date == "" {
		// A header line of its own: Moodle's "بواسطة X - الأحد، 9 شباط 2025، 10:12 ص".
		for _, b := range readCommentBlocks(f) {
			if len(b.text) <= 160 && b.container != nil && !nested(b.container) {
				if c.Date = dateIn(b.text); c.Date != "" {
					break
				}
			}
		}
	}
	var paras []string
	for _, t := range texts {
		for _, b := range readCommentBlocks(t) {
			if b.letters > 0 && (b.container == nil || !nested(b.container)) {
				paras = append(paras, trimText(b.text, ""))
			}
		}
	}
	c.Text = strings.Join(paras, "\n\n")
	if c.Author == "" || c.Date == "" || c.Text == "" {
		return c, false
	}
	return c, true
}

// replySubjectRe is a reply's subject, which repeats the thread's title.
var replySubjectRe = regexp.MustCompile(`(?i)^\s*(?:re|رد)\s*:`)

// byRe is what an author line writes before the name.
var byRe = regexp.MustCompile(`(?i)^(?:posted\s+by|by|from|بواسطة|كتبه|كتبته|من)\s+`)

// dateIn is the date written in a post's header line, as written; "".
func dateIn(t string) string {
	if t == "" || len(t) > 160 || dateOnly(t) == "" {
		return ""
	}
	_, date := splitCommentAuthor(t)
	return date
}

// postAuthor is the name an author element gives: its itemprop="name", else
// its first link or bold name with text (phpBB's first link is an icon),
// else its text before the date.
func postAuthor(n *html.Node) string {
	var name string
	var walk func(x *html.Node) bool
	walk = func(x *html.Node) bool {
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if attr(c, "itemprop") == "name" || c.DataAtom == atom.A || c.DataAtom == atom.Strong || c.DataAtom == atom.B {
				if t := trimText(textOf(c), ""); t != "" && dateOnly(t) == "" {
					name = t
					return true
				}
			}
			if walk(c) {
				return true
			}
		}
		return false
	}
	if attr(n, "itemprop") != "name" && n.DataAtom != atom.A {
		walk(n)
	}
	if name == "" {
		name = trimText(textOf(n), "")
		if dateOnly(name) != "" {
			name, _ = splitCommentAuthor(name)
		}
	}
	return trimText(byRe.ReplaceAllString(trimText(name, "»«-–—|·•:"), ""), "»«-–—|·•:")
}

// authorMarker reports an element that names a post's author: itemprop
// "author", a class or id naming the author or poster, or a link to a
// member's profile (readPage collects them as it reads every element).
func authorMarker(n *html.Node) bool {
	for _, a := range n.Attr {
		switch a.Key {
		case "itemprop":
			if a.Val == "author" {
				return true
			}
		case "class", "id":
			if authorClass(a.Val) {
				return true
			}
		case "href":
			if n.DataAtom == atom.A && profileHref(a.Val) {
				return true
			}
		}
	}
	return false
}

// authorClass reports a class or id naming a post's author or poster
// ("author", "postAuthor", "poster", "username", "creator"), not a comment's
// or an avatar's. Substring tests first: every element is asked.
func authorClass(v string) bool {
	if !endsWordOf(v, "uthor", "oster", "ser", "reator") {
		return false
	}
	v = strings.ToLower(v)
	if !strings.Contains(v, "author") && !strings.Contains(v, "poster") && !strings.Contains(v, "username") && !strings.Contains(v, "creator") {
		return false
	}
	return !strings.Contains(v, "comment") && !strings.Contains(v, "avatar")
}

// endsWordOf reports whether one of the stems, each ending in 'r', occurs
// in v, in one pass: only where v has an 'r' are the stems compared.
func endsWordOf(v string, stems ...string) bool {
	for i := strings.IndexByte(v, 'r'); i >= 0; {
		for _, st := range stems {
			if i+1 >= len(st) && v[i+1-len(st):i+1] == st {
				return true
			}
		}
		j := strings.IndexByte(v[i+1:], 'r')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

// profileHref reports a link to a member's page: phpBB's memberlist.php?
// mode=viewprofile, vBulletin's member.php, SMF's action=profile,
// Discourse's /u/NAME, Moodle's /user/view.php, /users/NAME. Substring
// tests, not a regexp: every link of every page is asked.
func profileHref(v string) bool {
	if !strings.Contains(v, "member") && !strings.Contains(v, "profile") && !strings.Contains(v, "/u") {
		return false
	}
	switch {
	case strings.Contains(v, "memberlist.php?mode=viewprofile"), strings.Contains(v, "member.php"),
		strings.Contains(v, "action=profile"), strings.Contains(v, "/user/view.php"):
		return true
	}
	for _, dir := range []string{"/u/", "/user/", "/users/"} {
		if i := strings.LastIndex(v, dir); i >= 0 {
			name := strings.TrimSuffix(v[i+len(dir):], "/")
			return name != "" && !strings.ContainsAny(name, "/?#")
		}
	}
	return false
}

// textPart reports an element that holds a post's text: itemprop "text" or
// "articleBody", or a class naming the body or message (phpBB's content,
// vBulletin's postcontent, Moodle's post-content-container); of nested
// ones the innermost, since a postbody holds the author line too.
func textPart(n *html.Node) bool {
	if p := attr(n, "itemprop"); p == "text" || p == "articleBody" {
		return true
	}
	if commentPart(n, partNone) != partText {
		return false
	}
	var inner bool
	var walk func(x *html.Node)
	walk = func(x *html.Node) {
		for c := x.FirstChild; c != nil && !inner; c = c.NextSibling {
			if c.Type == html.ElementNode {
				inner = commentPart(c, partNone) == partText
				walk(c)
			}
		}
	}
	walk(n)
	return !inner
}

// frameSignature is what posts alike share: the tag and the first class,
// without its digits ("div.windowbg" for SMF's windowbg and windowbg2); ""
// for an element without a class.
func frameSignature(n *html.Node) string {
	class := strings.Fields(attr(n, "class"))
	if len(class) == 0 {
		return ""
	}
	return n.Data + "." + strings.TrimRight(class[0], "0123456789")
}

// firstLink is n's first <a href> descendant, or nil.
func firstLink(n *html.Node) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if c.DataAtom == atom.A && attr(c, "href") != "" {
			return c
		}
		if a := firstLink(c); a != nil {
			return a
		}
	}
	return nil
}
