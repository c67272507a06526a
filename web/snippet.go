package web

import "github.com/hewar-archive/hewar/archive"

// seg is a run of text shown one way: plain, or marked as a search match
// (Mark), or as deleted or inserted words in a diff (Op "del", "ins").
// Templates print Text escaped; the marking is our markup around it, so
// archived text can never become markup.
type seg struct {
	Text string
	Mark bool
	Op   string
}

// snippetSegs is a search hit's snippet as segments, its matches marked
// where the archive's index found them.
func snippetSegs(parts []archive.SnippetPart) []seg {
	out := make([]seg, len(parts))
	for i, p := range parts {
		out[i] = seg{Text: p.Text, Mark: p.Match}
	}
	return out
}
