package crawler

import (
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"io"
	"strings"
)

// sitemapLocs returns the <loc> entries of a sitemap or sitemap index
// (gzipped or not), or nil when the body is not one. The parser behind the
// Sink does not know sitemaps; these are seeds for us.
func sitemapLocs(body []byte, limit int) []string {
	var locs []string
	sitemapEach(body, limit, func(loc string) { locs = append(locs, loc) })
	return locs
}

// sitemapEach calls fn with each <loc> entry of a sitemap, in order, without
// holding them: a site's sitemap can list every page it has.
func sitemapEach(body []byte, limit int, fn func(string)) {
	if len(body) > 2 && body[0] == 0x1f && body[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return
		}
		b, err := io.ReadAll(io.LimitReader(zr, int64(limit)))
		if err != nil && len(b) == 0 {
			return
		}
		body = b
	}
	head := body[:min(len(body), 4096)]
	if !bytes.Contains(head, []byte("<urlset")) && !bytes.Contains(head, []byte("<sitemapindex")) {
		return
	}
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = false
	var in bool
	var text strings.Builder
	for {
		tok, err := dec.Token()
		if err != nil {
			return // a cut sitemap still gives what it has
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "loc" {
				in = true
				text.Reset()
			}
		case xml.CharData:
			if in {
				text.Write(t)
			}
		case xml.EndElement:
			if t.Name.Local == "loc" && in {
				in = false
				if s := strings.TrimSpace(text.String()); s != "" {
					fn(s)
				}
			}
		}
	}
}
