// Package docs holds the documentation that hewar reads itself. schema.md is
// the one description of the archive's tables, columns and example queries:
// `hewar snapshot --datasette` builds Datasette's metadata from it, and the
// tests run its examples and check it against the schema, so that the page
// and the file cannot drift apart.
package docs

import _ "embed"

// Schema is docs/schema.md.
//
//go:embed schema.md
var Schema string
