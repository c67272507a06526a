package web_test

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// linkCap is how many pages TestLinks fetches at most, past those it
// fetches because their route is not covered yet.
const linkCap = 400

// TestLinks walks the web view of an archive with two crawls, a WARC
// import and a Wayback backfill from the home page: it follows every
// internal href, src and GET form action (a form submitted with its
// defaults, a required empty field with its placeholder, as a person would
// fill it), and fails on any 4xx or 5xx answer and on a page that does not
// parse (HTML that the tokenizer refuses or that stops before </html>, JSON
// that is not JSON). It fetches every page it finds up to linkCap and,
// past it, the first page of each route not yet seen (the path with its
// doc_key and numbers taken out, and its parameters' names), so that it
// stays bounded as the archive grows. Links out of the view (the archived
// site's URLs) are never followed: every request goes to the test's
// server on 127.0.0.1.
func TestLinks(t *testing.T) {
	srv, _ := serve(t, importArchive(t))
	base, err := url.Parse(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	type link struct{ to, from string }
	queue := []link{{to: base.String(), from: "(start)"}}
	seen := map[string]bool{base.String(): true}
	routes := map[string]bool{}
	fetched, skipped := 0, 0
	for len(queue) > 0 {
		l := queue[0]
		queue = queue[1:]
		u, _ := url.Parse(l.to)
		route := routeOf(u)
		if fetched >= linkCap && routes[route] {
			skipped++
			continue
		}
		routes[route] = true
		fetched++
		resp, err := srv.Client().Get(l.to)
		if err != nil {
			t.Fatalf("GET %s (linked from %s): %v", l.to, l.from, err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatalf("GET %s: %v", l.to, err)
		}
		if resp.StatusCode >= 400 {
			t.Errorf("GET %s (linked from %s): %d\n%.300s", l.to, l.from, resp.StatusCode, body)
			continue
		}
		final := resp.Request.URL
		mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
		switch {
		case mt == "application/json":
			if !json.Valid(body) {
				t.Errorf("GET %s: not JSON", l.to)
			}
			continue
		case mt != "text/html":
			continue
		case strings.HasSuffix(final.Path, "/body") && strings.HasPrefix(final.Path, "/capture/"):
			// The archived page itself: its links are the site's, not ours.
			continue
		}
		links, err := pageLinks(string(body))
		if err != nil {
			t.Errorf("GET %s: the page does not parse: %v", l.to, err)
			continue
		}
		for _, h := range links {
			ref, err := url.Parse(h)
			if err != nil {
				t.Errorf("%s links to %q, which is no URL: %v", l.to, h, err)
				continue
			}
			abs := final.ResolveReference(ref)
			abs.Fragment = ""
			if abs.Scheme != base.Scheme || abs.Host != base.Host {
				continue // the archived site, never fetched
			}
			if s := abs.String(); !seen[s] {
				seen[s] = true
				queue = append(queue, link{to: s, from: l.to})
			}
		}
	}
	keys := make([]string, 0, len(routes))
	for r := range routes {
		keys = append(keys, r)
	}
	slices.Sort(keys)
	t.Logf("fetched %d pages of %d routes (%d more found, not fetched past the cap of %d): %s", fetched, len(routes), skipped, linkCap, strings.Join(keys, " "))
	// The walk reached every kind of page the view has.
	for _, want := range []string{"/", "/docs", "/docs?issue&kind&lang&section&state", "/doc/KEY", "/doc/KEY?v", "/diff/KEY?from&to", "/diff/KEY?from&pairs&to",
		"/changes?crawl", "/changes?crawl&since", "/capture/N", "/capture/N/body", "/static/style.css", "/api/diff/KEY?from&to", "/go?u", "/docs?q"} {
		if !routes[want] {
			t.Errorf("the walk never reached a page of route %s", want)
		}
	}
}

var (
	keyPath = regexp.MustCompile(`^/(doc|diff|api/[a-z]+)/.+`)
	numbers = regexp.MustCompile(`/[0-9]+`)
)

// routeOf is the route a URL is a page of: its path with the doc_key and
// numbers taken out, and the names of its parameters ("/doc/KEY?v").
func routeOf(u *url.URL) string {
	p := keyPath.ReplaceAllString(u.Path, "/$1/KEY")
	p = numbers.ReplaceAllString(p, "/N")
	var names []string
	for k := range u.Query() {
		names = append(names, k)
	}
	slices.Sort(names)
	if len(names) > 0 {
		p += "?" + strings.Join(names, "&")
	}
	return p
}

// pageLinks parses a page and returns every address it would have a browser
// fetch or a person follow: href, src, and each GET form's action with its
// fields (their defaults; a required empty field its placeholder).
func pageLinks(page string) ([]string, error) {
	if !strings.Contains(page, "</html>") {
		return nil, errors.New("no </html>: the page stops short")
	}
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return nil, err
	}
	var out []string
	var walk func(n *html.Node, form *formFields)
	walk = func(n *html.Node, form *formFields) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				if (a.Key == "href" || a.Key == "src") && !strings.HasPrefix(a.Val, "#") {
					out = append(out, a.Val)
				}
			}
			switch n.Data {
			case "form":
				if m := attr(n, "method"); m == "" || strings.EqualFold(m, "get") {
					f := &formFields{action: attr(n, "action"), values: url.Values{}}
					for c := n.FirstChild; c != nil; c = c.NextSibling {
						walk(c, f)
					}
					a := f.action
					if enc := f.values.Encode(); enc != "" {
						a += "?" + enc
					}
					out = append(out, a)
					return
				}
			case "input", "select":
				if form != nil {
					form.add(n)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, form)
		}
	}
	walk(doc, nil)
	return out, nil
}

// formFields are the values a GET form sends as it stands.
type formFields struct {
	action string
	values url.Values
}

func (f *formFields) add(n *html.Node) {
	name := attr(n, "name")
	if name == "" {
		return
	}
	if n.Data == "select" {
		var first, selected string
		found := false
		var opts func(*html.Node)
		opts = func(o *html.Node) {
			for c := o.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode && c.Data == "option" {
					if !found {
						first, found = attr(c, "value"), true
					}
					if hasAttr(c, "selected") && selected == "" {
						selected = attr(c, "value")
					}
				}
				opts(c)
			}
		}
		opts(n)
		if selected == "" {
			selected = first
		}
		f.values.Add(name, selected)
		return
	}
	v := attr(n, "value")
	if v == "" && hasAttr(n, "required") {
		v = attr(n, "placeholder")
	}
	f.values.Add(name, v)
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	return slices.ContainsFunc(n.Attr, func(a html.Attribute) bool { return a.Key == key })
}
