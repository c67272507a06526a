package archive

import "strings"

// Language pairs: the Arabic and English versions of one post share its
// numeric id, and so their doc_keys differ only in the language:
// hewariraq.com/ar/post/708 and hewariraq.com/en/post/708. A shared id is
// taken to mean one post (docs/schema.md, language_pairs); the view
// language_pairs is the same rule in SQL.

// pairDocKey returns the doc_key of the other language's version of the
// post docKey names, or "" when docKey is not a post.
func pairDocKey(docKey string) string {
	for _, p := range [][2]string{{"/ar/post/", "/en/post/"}, {"/en/post/", "/ar/post/"}} {
		if i := strings.Index(docKey, p[0]); i >= 0 {
			return docKey[:i] + p[1] + docKey[i+len(p[0]):]
		}
	}
	return ""
}
