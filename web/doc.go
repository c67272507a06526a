// Package web is the read-only web view of a hewar archive (hewar serve):
// the latest crawls and changes, the documents with their filters and
// full-text search, each document laid out as an interview with its version
// timeline, side-by-side diffs between any two versions, the raw capture of
// any version, and JSON endpoints that return exactly what the CLI's --json
// prints.
//
// Everything shown here comes from pages fetched from the web and is
// untrusted. So the package must never:
//
//   - write to the archive: it is given a *archive.DB opened with
//     archive.OpenReadOnly, and reads it only through the archive's methods
//     (the archive owns every SQL statement);
//   - let archived content run or load anything: text goes through
//     html/template (escaped in its context), search snippets are escaped
//     before their matches are marked, and the archived HTML is shown either
//     as escaped source or in an <iframe sandbox> fed by a handler whose
//     Content-Security-Policy is "sandbox; default-src 'none'";
//   - show a stack trace or a Go error to a visitor: bad input gets a 4xx
//     page, an internal failure a plain 500 page (the detail goes to the log).
//
// Pages and JSON endpoints are listed in docs/web.md.
package web
