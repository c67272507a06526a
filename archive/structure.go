package archive

import (
	"fmt"
	"strings"

	"github.com/hewar-archive/hewar/parse"
)

// WarnStructureLost is the warning the archive adds to a version whose
// capture lost most of the structure of the version before it (its Q&A
// pairs, its title) while its text is still there: the site's layout has
// probably changed under the parser, and the archivist should update the
// parser and run hewar reparse rather than believe the post was rewritten.
const WarnStructureLost = "structure_lost"

// minKeptWords is the share of the previous version's words the new one
// must still hold for a loss of structure to be blamed on the layout.
const minKeptWords = 0.9

// structureLost says what structure cur lost against prev ("" when none,
// or when its text changed too): at least half of two or more Q&A pairs, or
// the title.
func structureLost(prev, cur *parse.Document) string {
	var lost []string
	if n, m := len(prev.QA), len(cur.QA); n >= 2 && m*2 <= n {
		lost = append(lost, fmt.Sprintf("%d of its %d Q&A pairs", n-m, n))
	}
	if prev.Title != "" && cur.Title == "" {
		lost = append(lost, "its title")
	}
	if len(lost) == 0 {
		return ""
	}
	old, now := wordSet(contentText(prev)), wordSet(contentText(cur))
	if len(old) == 0 {
		return ""
	}
	kept := 0
	for w := range old {
		if now[w] {
			kept++
		}
	}
	if float64(kept) < minKeptWords*float64(len(old)) {
		return "" // the text changed as well: an edit, not a layout
	}
	return fmt.Sprintf("this capture lost %s while keeping %d%% of the text: the site's layout may have changed; update the parser and run hewar reparse",
		strings.Join(lost, " and "), kept*100/len(old))
}

// contentText is every text field of the content, for comparing words.
func contentText(d *parse.Document) string {
	var b strings.Builder
	b.WriteString(d.Title)
	b.WriteString("\n")
	b.WriteString(d.Intro)
	for _, p := range d.QA {
		b.WriteString("\n")
		b.WriteString(p.Question)
		b.WriteString("\n")
		b.WriteString(p.Answer)
	}
	b.WriteString("\n")
	b.WriteString(d.Body)
	return b.String()
}
