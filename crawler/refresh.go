package crawler

import (
	"bytes"
	"html"
	"regexp"
	"strings"
)

// refreshHead is how much of a page is searched for a meta refresh: it
// belongs in the head.
const refreshHead = 8 << 10

// refreshURL matches the content of a meta refresh: a delay, then the URL
// ("0; url=/new/", "5;URL='/new/'").
var refreshURL = regexp.MustCompile(`(?is)\bcontent\s*=\s*["']?\s*[0-9.]*\s*[;,]?\s*url\s*=\s*['"]?\s*([^"'>\s]+)`)

// metaRefresh returns the address a page's <meta http-equiv="refresh">
// sends a browser to, or "": a redirect made in the page instead of the
// HTTP answer, which the parser's links (<a href>) do not hold. It looks
// at the first refreshHead bytes only, with two byte searches when the
// page has none.
func metaRefresh(body []byte) string {
	head := body[:min(len(body), refreshHead)]
	i := bytes.Index(head, []byte("efresh"))
	if i < 0 {
		if i = bytes.Index(head, []byte("EFRESH")); i < 0 {
			return ""
		}
	}
	start := bytes.LastIndexByte(head[:i], '<')
	end := bytes.IndexByte(head[i:], '>')
	if start < 0 || end < 0 {
		return ""
	}
	tag := string(head[start : i+end])
	if !strings.Contains(strings.ToLower(tag), "http-equiv") {
		return ""
	}
	m := refreshURL.FindStringSubmatch(tag)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// withRefresh adds a capture's meta refresh target to the links of its page.
func withRefresh(c *Capture, links []string) []string {
	if c.Status < 200 || c.Status > 299 || len(c.Body) == 0 {
		return links
	}
	if u := metaRefresh(c.Body); u != "" {
		return append(links, u)
	}
	return links
}
