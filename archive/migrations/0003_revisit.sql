-- hewar archive, schema 3: what the revisit policy of nightly crawls needs
-- (docs/crawl.md#revisits), and the 404/410 answers counted apart from failures.

-- url_state is what the crawls remember of each URL between them: when a
-- capture last confirmed its content, what the sitemap says of it, and its
-- adaptive revisit interval. Bookkeeping, updated in place by every capture of
-- a crawl (never by a WARC import or a reparse). One row per frontier key.
CREATE TABLE url_state (
	key          TEXT PRIMARY KEY,  -- the canonical URL, as the crawl's frontier keys it
	url          TEXT NOT NULL,     -- the URL as last fetched (or queued)
	first_seen   INTEGER NOT NULL,  -- ms, when a crawl first fetched, queued or listed it
	fetched_at   INTEGER,           -- ms, its last capture, whatever came of it; NULL: never fetched
	status       INTEGER,           -- HTTP status of that capture, 0 when no answer came
	confirmed_at INTEGER,           -- ms, the last capture that showed its content: a 2xx or 3xx answer, a 304, a 404 or 410
	changed_at   INTEGER,           -- ms, the last capture that found the content different (or the first that found any)
	body_id      INTEGER,           -- blobs.id of the last body confirmed, to tell a change of a URL without a document
	kind         TEXT,              -- the kind of its last document (listing, interview, article, page), NULL for none
	lastmod      INTEGER,           -- ms, the sitemap's <lastmod> (a date alone: the end of that day anywhere on Earth)
	lastmod_at   INTEGER,           -- ms, when a sitemap last listed it with that lastmod
	interval_ms  INTEGER            -- its adaptive revisit interval, ms
) WITHOUT ROWID;

-- 404 and 410 answers: a removal, a removal seen again, or an address that
-- never held a document; none of them is a failed fetch.
ALTER TABLE crawls ADD COLUMN gone INTEGER NOT NULL DEFAULT 0;

-- The frontier hands out items by rank, then in order of arrival: 0 for what
-- every crawl fetches (seeds, sitemaps, listings), 1 for URLs never fetched
-- (and ones their sitemap says changed), otherwise the ms of the URL's last
-- confirmation, so that the oldest are revisited first.
ALTER TABLE frontier ADD COLUMN rank INTEGER NOT NULL DEFAULT 0;
DROP INDEX frontier_state;
CREATE INDEX frontier_next ON frontier(crawl_id, state, rank, id);
