package parse

import (
	"encoding/json"
	"regexp"
	"strings"

	"golang.org/x/net/html"
)

// siteListWords are the class and id words of the boxes that list other
// posts or every category: their category links are not the post's. A
// post's own tag or share box is chrome too, but its category links are
// the post's.
var siteListWords = map[string]bool{
	"sidebar": true, "side": true, "widget": true, "widgets": true, "sidebox": true, "moduletable": true,
	"related": true, "relateditems": true, "readalso": true, "seealso": true,
	"nav": true, "navbar": true, "navigation": true, "menu": true, "menus": true, "submenu": true,
}

// postCategoryLink reports a category link (rel=category) that names the
// post's own category: inside the post's element or outside the site's
// chrome, and not in a sidebar, a menu or a list of related posts (a tag
// or share box of the post's own does not count against it).
func postCategoryLink(n *html.Node, pageSize int) bool {
	return !inChrome(n, pageSize, siteListWords)
}

// hasWordOf reports an element whose id or class holds one of the words.
func hasWordOf(n *html.Node, set map[string]bool) bool {
	for _, a := range n.Attr {
		if a.Key == "class" || a.Key == "id" {
			it := words{v: a.Val}
			for it.next() {
				if set[string(it.word())] {
					return true
				}
			}
		}
	}
	return false
}

// sectionTitleRe is a title that opens with the name of one section and a
// separator ("Seminar: Water and the future of Iraq", "ندوة: المياه ..."),
// or with the name of a seminar or a workshop and the word that gives its
// subject ("ندوة عن الدستور", "ندوة حول ...", "Seminar on the 2025
// census", "Workshop on ...", "ورشة عمل حول ..."): the page of the event
// itself. Anything between the word and its subject ("ندوة حوارية عن
// ...", "ندوة المعهد عن ...") is not enough, nor is a title that tells of
// a seminar ("The Institute holds a seminar on ..."): a news item may.
var sectionTitleRe = regexp.MustCompile(`(?i)^(?:(seminar|ندوة|ندوه)\s*[:：|–—-]\s*\S|(seminar|workshop|ندوة|ندوه|ورشة عمل|ورشة|ورشه عمل|ورشه)\s+(?:عن|حول|بعنوان|on|about)\s+\S)`)

// titleSections are the sections of the events a title opens with.
var titleSections = map[string]string{"workshop": "activities", "ورشة عمل": "activities", "ورشة": "activities", "ورشه عمل": "activities", "ورشه": "activities"}

// sectionFromTitle is the section a title's opening words name, "" else.
func sectionFromTitle(title string) string {
	m := sectionTitleRe.FindStringSubmatch(trimText(normalizeArabic(title), ""))
	if m == nil {
		return ""
	}
	if m[1] != "" {
		return sectionOf(m[1])
	}
	if s, ok := titleSections[strings.ToLower(m[2])]; ok {
		return s
	}
	return sectionOf(m[2])
}

// sectionFromJSONLD reads the section a JSON-LD script names: an article's
// articleSection, else a BreadcrumbList's item names, the first that names
// a section.
func sectionFromJSONLD(scripts []string) string {
	for _, raw := range scripts {
		if !strings.Contains(raw, "articleSection") && !strings.Contains(raw, "BreadcrumbList") {
			continue // a cheap test spares the decoder most scripts
		}
		var v any
		if err := json.Unmarshal([]byte(raw), &v); err != nil {
			continue
		}
		if s := jsonLDSection(v, false); s != "" {
			return s
		}
	}
	return ""
}

// jsonLDSection walks a JSON-LD value for articleSection (a string or a
// list) and, inside a BreadcrumbList, the names of its items.
func jsonLDSection(v any, inCrumbs bool) string {
	switch x := v.(type) {
	case map[string]any:
		for _, k := range []string{"articleSection", "name"} {
			if k == "name" && !inCrumbs {
				continue
			}
			switch s := x[k].(type) {
			case string:
				if sec := sectionOf(s); sec != "" {
					return sec
				}
			case []any:
				for _, e := range s {
					if str, ok := e.(string); ok {
						if sec := sectionOf(str); sec != "" {
							return sec
						}
					}
				}
			}
		}
		crumbs := inCrumbs || x["@type"] == "BreadcrumbList"
		for _, k := range []string{"@graph", "itemListElement", "item", "mainEntity", "mainEntityOfPage"} {
			if e, ok := x[k]; ok {
				if sec := jsonLDSection(e, crumbs && k != "mainEntity" && k != "mainEntityOfPage"); sec != "" {
					return sec
				}
			}
		}
	case []any:
		for _, e := range x {
			if sec := jsonLDSection(e, inCrumbs); sec != "" {
				return sec
			}
		}
	}
	return ""
}
