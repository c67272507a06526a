// Package archive is the hewar archive: one SQLite file that keeps every
// capture's raw bytes, the documents parsed from them and every version of
// each document, with the diffs between versions and the queries that the
// commands and researchers use.
//
// The file is meant to be opened for decades by people who never ran hewar:
// with sqlite3, Datasette, pandas or R. Its tables and views are documented
// in docs/schema.md; times are milliseconds since the Unix epoch (UTC),
// hashes are lowercase hex SHA-256, and raw bytes are zstd frames.
//
// The package never knows HTTP: captures arrive as plain values (Capture),
// documents as parse.Document values, and nothing here fetches anything.
// Storing one capture, with everything derived from it, is one transaction,
// so that a crash at any moment leaves a consistent file.
package archive
