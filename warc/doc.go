// Package warc writes hewar's captures as WARC/1.1 files and reads WARC files
// written by other tools (wget, Heritrix, the Wayback Machine) back into
// captures, with a sorted CDXJ index beside what it writes.
//
// It knows the WARC and HTTP/1.x wire formats and nothing else: it never
// opens the archive, never parses HTML and never touches the network. Its
// input and output are the plain Capture values of this package, so that
// cmd/hewar is a thin adapter between them and the archive.
//
// It must never hold a whole WARC file, or the bodies of all captures, in
// memory: the writer streams one record at a time (one gzip member each) and
// the reader hands captures over one at a time, so that archives of any size
// pass through in flat memory. The only tables that grow are small: the
// bounded dedupe table of the writer and, when reading, a digest -> offset
// table used to resolve revisit records by reading the original again.
package warc
