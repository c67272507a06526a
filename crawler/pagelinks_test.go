package crawler

import (
	"net/http"
	"testing"
)

func TestMetaRefresh(t *testing.T) {
	for _, tt := range []struct{ body, want string }{
		{`<html><head><meta http-equiv="refresh" content="0; url=/new/"></head>`, "/new/"},
		{`<HTML><HEAD><META HTTP-EQUIV="Refresh" CONTENT="5;URL='http://h.org/a?b=1&amp;c=2'"></HEAD>`, "http://h.org/a?b=1&c=2"},
		{`<meta content="0;url=/x" http-equiv="refresh">`, "/x"},
		{`<meta http-equiv="refresh" content="300">`, ""}, // reloads itself
		{`<p>Press F5 to refresh the page</p>`, ""},
		{`<html><body>no refresh here</body></html>`, ""},
	} {
		if got, _ := metaRefresh([]byte(tt.body)); got != tt.want {
			t.Errorf("metaRefresh(%q) = %q, want %q", tt.body, got, tt.want)
		}
	}
}

func TestPageLinks(t *testing.T) {
	page := `<!DOCTYPE html><html><head><title>t</title>
<link rel="stylesheet" href="/style.css"><LINK REL="Next" HREF="/news/2.html">
<link rel="alternate" type="application/rss+xml" href="/feed/"><link rel="alternate" hreflang="en" href="/en/">
<link rel="alternate" type="text/calendar" href="/cal.ics"><link rel="canonical" href="/x"><link rel="prev" href='/news/0.html'>
</head><body><FRAMESET><FRAME SRC="menu.html"><frame src="main.html"></FRAMESET>
<iframe src="/embed?a=1&amp;b=2"></iframe><map><area shape="rect" href="/issues/83.html"><AREA HREF="/issues/84.html"></map>
<a href="/ordinary">given by the parser</a><linkage href="/no"></body></html>`
	c := &Capture{Status: 200, Body: []byte(page)}
	got := pageLinks(c, []string{"/ordinary"})
	// Lower-case tags first, then upper-case ones, each in page order.
	want := []string{"/ordinary", "/feed/", "/en/", "/news/0.html", "/news/2.html", "main.html", "menu.html", "/embed?a=1&b=2", "/issues/83.html", "/issues/84.html"}
	if !equalStrings(got, want) {
		t.Errorf("pageLinks = %q, want %q", got, want)
	}
	c.Status = 404
	if got := pageLinks(c, nil); len(got) != 0 {
		t.Errorf("pageLinks of a 404 = %q", got)
	}
	c.Status, c.Header = 200, http.Header{"Content-Type": {"application/pdf"}}
	if got := pageLinks(c, nil); len(got) != 0 {
		t.Errorf("pageLinks of a PDF = %q", got)
	}
	c.Header = http.Header{"Content-Type": {"text/html; charset=utf-8"}}
	if got := pageLinks(c, nil); len(got) != len(want)-1 {
		t.Errorf("pageLinks of a page served as text/html = %q", got)
	}
}

// TestPageLinks_ownFeed: the feed a page's head names of the page itself
// (WordPress's comment feed of each post, /2025/11/slug/feed/; a listing's
// /category/news/feed/; Joomla's category with &format=feed&type=rss) is
// not followed; the site's feed is. main followed them all, and a feed is
// fetched again every night: one request a post a night for a list of the
// post's comments.
func TestPageLinks_ownFeed(t *testing.T) {
	wordpress := `<html><head>
<link rel="alternate" type="application/rss+xml" title="Dialogue &raquo; Feed" href="http://h.org/feed/">
<link rel="alternate" type="application/rss+xml" title="Comments Feed" href="http://h.org/2025/11/seminar-3/feed/">
<link rel="alternate" type="application/atom+xml" href="feed">
<link rel="alternate" type="application/rss+xml" href="http://other.org/2025/11/seminar-3/feed/">
<link rel="alternate" type="application/rss+xml" href="/2025/11/seminar-4/feed/">
</head><body></body></html>`
	// A category's page and its feed; on the home page, the site's feed.
	joomla := `<html><head>
<link href="/index.php?option=com_content&amp;view=category&amp;id=8&amp;Itemid=101&amp;format=feed&amp;type=rss" rel="alternate" type="application/rss+xml">
<link href="/index.php?format=feed&amp;type=atom" rel="alternate" type="application/atom+xml">
</head><body></body></html>`
	// A category's feed on its pages, the site's and a language's feeds.
	category := `<html><head>
<link rel="alternate" type="application/rss+xml" href="/feed/">
<link rel="alternate" type="application/rss+xml" href="/category/news/feed/">
<link rel="alternate" type="application/rss+xml" href="/en/feed/">
</head><body></body></html>`
	for _, tt := range []struct {
		head, page string
		want       []string
	}{
		{wordpress, "http://h.org/2025/11/seminar-3/", []string{"http://h.org/feed/", "http://other.org/2025/11/seminar-3/feed/", "/2025/11/seminar-4/feed/"}},
		{wordpress, "http://www.h.org/2025/11/seminar-3", []string{"http://h.org/feed/", "feed", "http://other.org/2025/11/seminar-3/feed/", "/2025/11/seminar-4/feed/"}},
		{wordpress, "http://h.org/", []string{"http://h.org/feed/", "http://h.org/2025/11/seminar-3/feed/", "feed", "http://other.org/2025/11/seminar-3/feed/", "/2025/11/seminar-4/feed/"}},
		{category, "http://h.org/category/news/page/2/", []string{"/feed/", "/en/feed/"}},
		{category, "http://h.org/page/2/", []string{"/feed/", "/category/news/feed/", "/en/feed/"}},
		{category, "http://h.org/en/", []string{"/feed/", "/category/news/feed/", "/en/feed/"}},
		{joomla, "http://h.org/index.php?option=com_content&view=category&id=8&Itemid=101", []string{"/index.php?format=feed&type=atom"}},
		{joomla, "http://h.org/index.php?option=com_content&view=category&id=8&Itemid=101&limitstart=10", []string{"/index.php?format=feed&type=atom"}},
		{joomla, "http://h.org/index.php", []string{"/index.php?option=com_content&view=category&id=8&Itemid=101&format=feed&type=rss", "/index.php?format=feed&type=atom"}},
	} {
		c := &Capture{Status: 200, FinalURL: tt.page, Body: []byte(tt.head)}
		if got := pageLinks(c, nil); !equalStrings(got, tt.want) {
			t.Errorf("pageLinks of %s = %q, want %q", tt.page, got, tt.want)
		}
	}
}
