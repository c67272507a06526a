-- hewar archive: what an import of other tools' WARC files needs to know of
-- the records it read. Read only by imports: when they look for
-- duplicates (capture_rows.resource), and for the originals of revisits.
ALTER TABLE capture_rows ADD COLUMN resource INTEGER NOT NULL DEFAULT 0; -- 1: read from a WARC resource record (a file, no HTTP exchange)

-- waiting_revisits is every identical-payload revisit record an import read
-- whose original was in none of its files and not in the archive (a WARC
-- deduplicated against another crawl's, imported before that crawl's
-- files). Each is stored as a capture, and its row deleted, by the first
-- import after which the archive holds its original, so that the history
-- is the same whatever order the files are imported in.
CREATE TABLE waiting_revisits (
	id         INTEGER PRIMARY KEY,
	record_id  TEXT NOT NULL UNIQUE, -- the revisit's WARC-Record-ID
	url        TEXT NOT NULL,        -- its WARC-Target-URI
	fetched_at INTEGER NOT NULL,     -- ms, its WARC-Date
	record     TEXT NOT NULL         -- the revisit as the import read it: its WARC fields and HTTP head, JSON
);
