package parse

import (
	"net/url"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
)

// genericContent runs the readability extractor on a page whose layout the
// site parsers do not recognise, and walks its result into blocks like any
// other page. ok is false when readability finds nothing either.
func genericContent(root *html.Node, base *url.URL) (title string, blocks []block, ok bool) {
	ps := readability.NewParser()
	// Bound the work on hostile input; the site's pages have a few hundred
	// elements.
	ps.MaxElemsToParse = 50000
	ps.CharThresholds = 100
	u := base
	if u == nil {
		u = &url.URL{}
	}
	art, err := ps.ParseDocument(root, u)
	if err != nil || art.Node == nil {
		return "", nil, false
	}
	p := walkPage(art.Node, base, 0)
	for _, b := range p.blocks {
		if b.zone.chrome() || isVolatile(b.text) || isCommentsHeading(b.text) {
			continue
		}
		blocks = append(blocks, b)
	}
	return collapseSpace(art.Title()), blocks, len(blocks) > 0
}
