package crawler

import (
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"io"
	"strings"
	"time"
)

// sitemapLocs returns the <loc> entries of a sitemap or sitemap index
// (gzipped or not), or nil when the body is not one. The parser behind the
// Sink does not know sitemaps; these are seeds for us.
func sitemapLocs(body []byte, limit int) []string {
	var locs []string
	sitemapEntries(body, limit, func(e sitemapEntry) { locs = append(locs, e.loc) })
	return locs
}

// sitemapEntry is one <url> of a sitemap, or one <sitemap> of an index.
type sitemapEntry struct {
	loc     string
	lastmod time.Time // ParseLastmod of its <lastmod>; zero when none or unreadable
	index   bool      // an entry of a sitemap index: loc is a sitemap
}

// sitemapEntries calls fn with each entry of a sitemap, in order, without
// holding them: a site's sitemap can list every page it has. It reports
// whether the body is a sitemap or a sitemap index at all. An RSS or Atom
// feed is read as a sitemap of its items' links (an RSS <item>'s <link>, an
// Atom <entry>'s <link href> that is no enclosure, reply or edit link): a
// site may list its posts nowhere else, and like a sitemap it names the new
// ones, so it is fetched by every crawl.
func sitemapEntries(body []byte, limit int, fn func(sitemapEntry)) bool {
	if len(body) > 2 && body[0] == 0x1f && body[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return false
		}
		b, err := io.ReadAll(io.LimitReader(zr, int64(limit)))
		if err != nil && len(b) == 0 {
			return false
		}
		body = b
	}
	head := body[:min(len(body), 4096)]
	index := bytes.Contains(head, []byte("<sitemapindex"))
	if !index && !bytes.Contains(head, []byte("<urlset")) {
		if isFeed(head) {
			return feedEntries(body, fn)
		}
		return false
	}
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = false
	var (
		field   string // "loc" or "lastmod" while inside one
		text    strings.Builder
		e       sitemapEntry
		inEntry bool // inside a <url> or <sitemap>; a <loc> outside one is an entry of its own
	)
	for {
		tok, err := dec.Token()
		if err != nil {
			return true // a cut sitemap still gives what it has
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "url", "sitemap":
				e, inEntry = sitemapEntry{index: index}, true
			case "loc", "lastmod":
				field = t.Name.Local
				text.Reset()
			}
		case xml.CharData:
			if field != "" {
				text.Write(t)
			}
		case xml.EndElement:
			switch name := t.Name.Local; {
			case name == field && name == "loc":
				e.loc = strings.TrimSpace(text.String())
				field = ""
				if !inEntry && e.loc != "" {
					fn(e)
					e = sitemapEntry{index: index}
				}
			case name == field && name == "lastmod":
				e.lastmod, _ = ParseLastmod(text.String())
				field = ""
			case name == "url" || name == "sitemap":
				if e.loc != "" {
					fn(e)
				}
				e, inEntry = sitemapEntry{index: index}, false
			}
		}
	}
}

// isFeed reports the head of an RSS or Atom feed: an <rss>, <feed> or
// <rdf:RDF> element, in no HTML page (whose text may well say <feedback>).
func isFeed(head []byte) bool {
	if bytes.Contains(head, []byte("<html")) || bytes.Contains(head, []byte("<HTML")) {
		return false
	}
	for _, tag := range []string{"<rss", "<feed", "<rdf:RDF"} {
		if i := bytes.Index(head, []byte(tag)); i >= 0 && i+len(tag) < len(head) {
			if c := head[i+len(tag)]; c == ' ' || c == '>' || c == '\n' || c == '\r' || c == '\t' {
				return true
			}
		}
	}
	return false
}

// feedEntries calls fn with the link of each item of an RSS (0.9x, 1.0,
// 2.0) or Atom feed, in order; the channel's own link is no entry.
func feedEntries(body []byte, fn func(sitemapEntry)) bool {
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = false
	var (
		inEntry, inLink bool
		text            strings.Builder
		found           bool // the entry's link was given
	)
	for {
		tok, err := dec.Token()
		if err != nil {
			return true
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "item", "entry":
				inEntry, found = true, false
			case "link":
				if !inEntry || found {
					continue
				}
				var href, rel string
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "href":
						href = a.Value
					case "rel":
						rel = a.Value
					}
				}
				switch {
				case href != "" && (rel == "" || rel == "alternate"):
					fn(sitemapEntry{loc: strings.TrimSpace(href)})
					found = true
				case href == "":
					inLink = true
					text.Reset()
				}
			}
		case xml.CharData:
			if inLink {
				text.Write(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "link":
				if inLink {
					if loc := strings.TrimSpace(text.String()); loc != "" {
						fn(sitemapEntry{loc: loc})
						found = true
					}
					inLink = false
				}
			case "item", "entry":
				inEntry = false
			}
		}
	}
}
