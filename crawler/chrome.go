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
// href> if it has one.
func contentLinks(body []byte) (links []string, baseHref string) {
	z := html.NewTokenizer(bytes.NewReader(body))
	var chrome atom.Atom // the tag of the chrome element the tokenizer is in, or 0
	chromeName := ""     // its name when it has no atom
	level := 0           // how many chrome tags of that name are open
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return links, baseHref
		case html.EndTagToken:
			if level == 0 {
				continue
			}
			name, _ := z.TagName()
			if a := atom.Lookup(name); a == chrome && (a != 0 || string(name) == chromeName) {
				level--
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			if level > 0 {
				if tt == html.StartTagToken && a == chrome && (a != 0 || string(name) == chromeName) {
					level++
				}
				continue
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
			case isChrome && tt == html.StartTagToken && !voidElement(a):
				chrome, chromeName, level = a, string(name), 1
			case a == atom.A || a == atom.Area:
				if href != "" {
					links = append(links, href)
				}
			case a == atom.Base:
				if baseHref == "" {
					baseHref = href
				}
			}
		}
	}
}

// chromeClass reports a class or id attribute that names a sidebar or a
// widget: a token that holds "sidebar", or is "widget", "widget-area" or
// starts "widget_" or "widget-" (WordPress's widget_recent_comments).
// jQuery UI's "ui-widget" is content.
func chromeClass(v string) bool {
	for _, t := range strings.Fields(strings.ToLower(v)) {
		if strings.Contains(t, "sidebar") || t == "widget" || strings.HasPrefix(t, "widget_") || strings.HasPrefix(t, "widget-") {
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
