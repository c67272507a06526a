package crawler

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A listing's page is judged barren (walkPager) by the links it shows
// that are no part of the site's chrome. A theme's sidebar holds widgets
// that change on every request (a random quote linked to its page, the
// latest comments, a counter): counted, they made every page past a
// listing's end show something new, and an endless pager was walked to
// its end. The chrome is what themes mark as such: <aside> and <nav>,
// role="complementary" or "navigation", and an element whose class or id
// names a sidebar or a widget ("sidebar", "widget-area", "widget",
// "widget_recent_comments"). A page's header and footer are not: an
// article's title link sits in its entry's <header>.

// mayHaveChrome is a quick look at a page's bytes before it is tokenized:
// one without "aside", "nav", "sidebar", "widget" or a role has no chrome
// that contentLinks would leave out.
func mayHaveChrome(body []byte) bool {
	for _, s := range [][]byte{[]byte("aside"), []byte("nav"), []byte("sidebar"), []byte("widget"), []byte("role"),
		[]byte("ASIDE"), []byte("NAV")} {
		if bytes.Contains(body, s) {
			return true
		}
	}
	return false
}

// contentLinks returns the href of every <a> and <area> of a page that is
// outside its chrome (above), in document order, and the page's <base
// href> if it has one. An element taken for chrome that holds a <main> or
// an <article> is a wrapper of the page's content, not chrome (a theme's
// "sidebar-wrap" around both): its links count, and the chrome inside it
// is looked for again.
func contentLinks(body []byte) (links []string, baseHref string) {
	z := html.NewTokenizer(bytes.NewReader(body))
	var chrome atom.Atom // the tag of the chrome element the tokenizer is in, or 0
	chromeName := ""     // its name when it has no atom
	level := 0           // how many chrome tags of that name are open
	var held []string    // the links of the chrome element so far
	same := func(a atom.Atom, name []byte) bool { return a == chrome && (a != 0 || string(name) == chromeName) }
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return links, baseHref
		case html.EndTagToken:
			if level == 0 {
				continue
			}
			if name, _ := z.TagName(); same(atom.Lookup(name), name) {
				if level--; level == 0 {
					held = held[:0]
				}
			}
			continue
		case html.StartTagToken, html.SelfClosingTagToken:
		default:
			continue
		}
		name, hasAttr := z.TagName()
		a := atom.Lookup(name)
		if level > 0 && (a == atom.Main || a == atom.Article) {
			links, held, level = append(links, held...), held[:0], 0 // a wrapper, no chrome
		}
		if level > 0 && tt == html.StartTagToken && same(a, name) {
			level++
		}
		var href string
		isChrome := a == atom.Aside || a == atom.Nav
		for hasAttr {
			var k, v []byte
			k, v, hasAttr = z.TagAttr()
			switch string(k) {
			case "href":
				href = string(v)
			case "role":
				r := strings.ToLower(string(v))
				isChrome = isChrome || r == "complementary" || r == "navigation"
			case "class", "id":
				isChrome = isChrome || chromeClass(string(v))
			}
		}
		switch {
		case (a == atom.A || a == atom.Area) && href != "":
			if level > 0 {
				held = append(held, href)
			} else {
				links = append(links, href)
			}
		case a == atom.Base:
			if baseHref == "" {
				baseHref = href
			}
		case level == 0 && isChrome && tt == html.StartTagToken && !voidElement(a) && !pageElement(a):
			chrome, chromeName, level = a, string(name), 1
		}
	}
}

// pageElement reports an element that holds the page or its content,
// never chrome whatever its class says (WordPress's <body
// class="right-sidebar">).
func pageElement(a atom.Atom) bool {
	return a == atom.Html || a == atom.Body || a == atom.Main || a == atom.Article
}

// chromeClass reports a class or id attribute that names a sidebar or a
// widget: a token "sidebar", "sidebar-*", "sidebar_*" or "*-sidebar"
// ("site-sidebar"; not "has-sidebar", "no-sidebar" or "with-sidebar",
// which say a layout has one), or "widget", "widget-*" or "widget_*"
// (WordPress's widget_recent_comments). jQuery UI's "ui-widget" and
// Elementor's "elementor-widget" are content.
func chromeClass(v string) bool {
	for _, t := range strings.Fields(strings.ToLower(v)) {
		switch {
		case strings.HasPrefix(t, "has-"), strings.HasPrefix(t, "no-"), strings.HasPrefix(t, "with-"):
		case t == "sidebar", strings.HasPrefix(t, "sidebar-"), strings.HasPrefix(t, "sidebar_"), strings.HasSuffix(t, "-sidebar"),
			t == "widget", strings.HasPrefix(t, "widget-"), strings.HasPrefix(t, "widget_"):
			return true
		}
	}
	return false
}

// voidElement reports an element that has no end tag.
func voidElement(a atom.Atom) bool {
	switch a {
	case atom.Area, atom.Base, atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img, atom.Input, atom.Link, atom.Meta,
		atom.Source, atom.Track, atom.Wbr:
		return true
	}
	return false
}
