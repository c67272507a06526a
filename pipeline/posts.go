package pipeline

import (
	"strconv"

	"github.com/hewar-archive/hewar/crawler"
	"github.com/hewar-archive/hewar/parse"
)

// Posts are the site's numbered pages for crawler.Config.Enumerate
// (hewar crawl --enumerate-ids): parse.PostID reads a post's number and
// language, and every number is a post in Arabic (/post/{id}) and in English
// (/en/post/{id}). parse has no function that writes a post's address, so
// postURLs, the inverse of parse.PostID, is here.
var Posts = &crawler.Enumeration{
	Classify: parse.PostID,
	URLs:     postURLs,
}

func postURLs(id int) []string {
	n := strconv.Itoa(id)
	return []string{"/post/" + n, "/en/post/" + n}
}
