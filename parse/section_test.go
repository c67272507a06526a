package parse

import (
	"testing"
	"time"
)

// The section comes from what names the post's own section: a title that
// opens with it, a category link outside the chrome, breadcrumbs in any
// markup, JSON-LD; never from the menu or a sidebar's list of categories,
// which name every section, and never a value the contract does not have
// ("Interviews").
func TestParse_Section(t *testing.T) {
	page := func(title, above, below string) []byte {
		return []byte(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>` + title + ` – Site</title></head><body>
<header class="site-header"><nav class="main-nav"><ul><li><a href="/c/news">News</a></li><li><a href="/c/seminars">Seminars</a></li><li><a href="/c/activities">Activities</a></li></ul></nav></header>
<main><article>` + above + `<h1>` + title + `</h1><div class="entry-content"><p>The institute held its monthly meeting on water policy with many researchers and officials who discussed the future of the rivers and the dams at length.</p><p>Speakers asked for a national plan and for cooperation with the neighbouring countries on the shares of water.</p></div>` + below + `</article></main>
<aside class="sidebar"><h3>Categories</h3><ul><li><a href="/c/news" rel="category">News</a></li><li><a href="/c/seminars">Seminars</a></li></ul></aside><footer class="site-footer">© 2024</footer></body></html>`)
	}
	const plain = "Water and the future of Iraq"
	for _, c := range []struct {
		name, title, above, below, want string
	}{
		{"nothing but the menu and sidebar", plain, "", "", ""},
		{"title Seminar:", "Seminar: Water and the future of Iraq", "", "", "seminars"},
		{"title ندوة:", "ندوة: المياه ومستقبل العراق", "", "", "seminars"},
		{"title telling of a seminar", "ندوة حوارية عن المياه", "", "", ""},
		{"title Seminar on", "Seminar on water", "", "", "seminars"},
		{"title ندوة عن", "ندوة عن المياه ومستقبل العراق", "", "", "seminars"},
		{"title ندوة حول", "ندوة حول المياه", "", "", "seminars"},
		{"title Workshop on", "Workshop on water", "", "", "activities"},
		{"title ورشة عمل حول", "ورشة عمل حول المياه", "", "", "activities"},
		{"title of the institute's seminar", "ندوة المعهد عن المياه", "", "", ""},
		{"title telling of a seminar in English", "The Institute holds a seminar on water", "", "", ""},
		{"category link in the entry footer", plain, "", `<footer class="entry-footer"><span class="cat-links">Posted in <a href="/c/seminars" rel="category tag">Seminars</a></span></footer>`, "seminars"},
		{"second category link", plain, "", `<div class="post-meta">Filed under <a href="/c/interviews" rel="category tag">Interviews</a>, <a href="/c/news" rel="category tag">News</a></div>`, "news"},
		{"Arabic category link", plain, "", `<div class="tags-links"><a href="/c/x" rel="category tag">حوارات</a> <a href="/c/y" rel="category tag">النشاطات</a></div>`, "activities"},
		{"schema.org breadcrumbs as a list", plain, `<ol itemscope itemtype="https://schema.org/BreadcrumbList"><li><a href="/">Home</a></li><li><a href="/c/activities">Activities</a></li></ol>`, "", "activities"},
		{"breadcrumbs as a list without separators", plain, `<ul class="breadcrumb"><li><a href="/">الرئيسية</a></li><li><a href="/c/x">الندوات</a></li></ul>`, "", "seminars"},
		{"breadcrumbs Interviews", plain, `<nav aria-label="breadcrumb"><a href="/">Home</a> / <a href="/c/x">Interviews</a></nav>`, "", ""},
		{"JSON-LD breadcrumbs", plain, `<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"BreadcrumbList","itemListElement":[{"@type":"ListItem","position":1,"name":"Home"},{"@type":"ListItem","position":2,"name":"الأخبار"}]}]}</script>`, "", "news"},
		{"JSON-LD articleSection", plain, `<script type="application/ld+json">{"@type":"NewsArticle","articleSection":["Interviews","Seminars"]}</script>`, "", "seminars"},
		{"JSON-LD names outside breadcrumbs", plain, `<script type="application/ld+json">{"@type":"Organization","name":"News"}</script>`, "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, err := Parse("https://example.org/2024/03/water.html", "text/html; charset=utf-8", page(c.title, c.above, c.below), time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC))
			if err != nil {
				t.Fatal(err)
			}
			if d.Section != c.want {
				t.Errorf("section %q, want %q", d.Section, c.want)
			}
		})
	}
}

// An old site's script named for its section (news.php?id=88) gives the
// section; the same address is still no listing.
func TestParse_SectionFromScript(t *testing.T) {
	page := []byte(`<html><head><meta charset="utf-8"><title>Site</title></head><body><table><tr><td><a href="/">Home</a> | <a href="/news.php">News</a></td></tr><tr><td><h2>The library opens its doors</h2><p>The institute opened its new library on Sunday with ten thousand books on law, history and politics, most of them given by families of Baghdad.</p><p>Students may borrow three books a week.</p></td></tr></table></body></html>`)
	for _, c := range []struct{ url, want string }{
		{"https://example.org/news.php?id=88", "news"},
		{"https://example.org/ar/Seminars.ASP?id=3", "seminars"},
		{"https://example.org/show.php?id=88", ""},
		{"https://example.org/news-archive.php?id=88", ""},
	} {
		d, err := Parse(c.url, "text/html", page, time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		if d.Section != c.want || d.Kind == KindListing {
			t.Errorf("%s: section %q kind %q, want %q and no listing", c.url, d.Section, d.Kind, c.want)
		}
	}
}
