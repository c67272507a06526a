-- hewar archive: the queue of a Wayback backfill (hewar import wayback,
-- docs/wayback.md), so that a run killed half-way goes on where it stopped:
-- what it still had to list, and the captures it listed and has not yet
-- handled. Bookkeeping, like the frontier: a finished run's rows are deleted
-- (its captures, each with the Wayback address it came from in
-- capture_rows.source_url, are the record).

-- wayback_listings is one row per CDX query of a run (one per URL pattern).
CREATE TABLE wayback_listings (
	crawl_id   INTEGER NOT NULL REFERENCES crawls(id), -- the run: an import (crawls.kind 'import')
	query      TEXT NOT NULL,   -- the CDX request of the first page: endpoint, URL pattern, from, to
	resume_key TEXT,            -- the resumeKey of the next page to list, as the server printed it; NULL: the first page
	listed_at  INTEGER,         -- ms, when its last page was listed; NULL while pages remain
	PRIMARY KEY (crawl_id, query)
);

-- wayback_queue is every capture a run listed and has still to handle, in the
-- CDX server's order (by URL, then time); a row is deleted once its capture
-- is stored, or found in the archive already.
CREATE TABLE wayback_queue (
	id         INTEGER PRIMARY KEY, -- the order captures are handled in
	crawl_id   INTEGER NOT NULL REFERENCES crawls(id),
	urlkey     TEXT NOT NULL,       -- the CDX fields of the capture, as listed
	timestamp  TEXT NOT NULL,
	original   TEXT NOT NULL,
	mimetype   TEXT NOT NULL,
	statuscode TEXT NOT NULL,
	digest     TEXT NOT NULL,
	length     TEXT NOT NULL,
	UNIQUE (crawl_id, timestamp, original)
);

-- Captures by time, whatever their URL: a backfill asks, for each capture it
-- listed, whether the archive holds one made in that second.
CREATE INDEX capture_rows_fetched ON capture_rows(fetched_at);
