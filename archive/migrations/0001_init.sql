-- hewar archive, schema 1.
--
-- Conventions, so that the file can be read without this program:
--   * Times are INTEGER milliseconds since 1970-01-01T00:00:00Z (UTC): columns
--     *_at, first_seen, last_seen, observed_from, observed_to. Durations are *_ms.
--     The views show times as ISO 8601 text.
--   * Content hashes of raw bytes (blobs.sha256) are the 32 bytes of SHA-256;
--     lower(hex(sha256)) prints them. Document hashes are "sha256:<hex>" text.
--   * URLs are stored once each, in `urls`; other tables refer to them by id.
--   * Raw bytes live in `blobs`, content-addressed and zstd-compressed (RFC 8878);
--     a blob may be compressed against another blob used as a raw-content
--     dictionary (blobs.dict_id). docs/schema.md explains how to decode one.
--   * docs/schema.md documents every table, column and view.
--   * Nothing is ever updated in place except the bookkeeping columns documented
--     as such (observed_to, last_seen, counters, the frontier and the lock).

-- archive_info holds facts about the file itself (format name, creation time).
CREATE TABLE archive_info (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

-- crawls is one row per run of `hewar crawl`.
CREATE TABLE crawls (
	id           INTEGER PRIMARY KEY,
	started_at   INTEGER NOT NULL,
	finished_at  INTEGER,               -- NULL while running or if the run was killed
	seeds        TEXT NOT NULL,         -- JSON array of seed URLs
	settings     TEXT NOT NULL,         -- JSON object: the crawl's settings as given
	fetched      INTEGER NOT NULL DEFAULT 0, -- captures stored (every fetch attempt that ended)
	not_modified INTEGER NOT NULL DEFAULT 0, -- 304 answers that confirmed a stored version
	new          INTEGER NOT NULL DEFAULT 0, -- documents seen for the first time
	changed      INTEGER NOT NULL DEFAULT 0, -- documents whose content changed (or came back)
	unchanged    INTEGER NOT NULL DEFAULT 0, -- documents fetched again with the same content
	removed      INTEGER NOT NULL DEFAULT 0, -- documents that answered 404/410 after being present
	failed       INTEGER NOT NULL DEFAULT 0  -- network errors, 5xx, other 4xx
);

-- urls is every URL the archive has met, each once.
CREATE TABLE urls (
	id       INTEGER PRIMARY KEY,
	url      TEXT NOT NULL,          -- exactly as requested or answered (percent-encoding kept)
	url_hash INTEGER NOT NULL        -- first 8 bytes of SHA-256(url), big-endian signed: a short key to find a URL
);
CREATE INDEX urls_hash ON urls(url_hash);

-- blobs holds raw bytes, each distinct byte string once.
CREATE TABLE blobs (
	id       INTEGER PRIMARY KEY,
	sha256   BLOB NOT NULL UNIQUE,  -- SHA-256 of the uncompressed bytes (32 bytes)
	size     INTEGER NOT NULL,      -- uncompressed length in bytes
	encoding TEXT NOT NULL CHECK (encoding IN ('identity', 'zstd')),
	dict_id  INTEGER REFERENCES blobs(id), -- zstd raw dictionary: the decoded bytes of that blob
	data     BLOB NOT NULL
);

-- capture_rows is every fetch, CDX-like, as stored; the view `captures`
-- shows it with the URLs and the body's SHA-256 spelled out.
CREATE TABLE capture_rows (
	id            INTEGER PRIMARY KEY,
	crawl_id      INTEGER NOT NULL REFERENCES crawls(id),
	url_id        INTEGER NOT NULL REFERENCES urls(id), -- the URL requested
	final_url_id  INTEGER REFERENCES urls(id),          -- the URL that answered, NULL when the same
	redirects     TEXT,              -- JSON array [{url,status,location}], NULL when none
	method        TEXT NOT NULL DEFAULT 'GET',
	status        INTEGER NOT NULL,  -- HTTP status, 0 when no response was received
	fetched_at    INTEGER NOT NULL,  -- ms, when the request was sent
	duration_ms   INTEGER NOT NULL,
	size          INTEGER,           -- body bytes received, NULL when no response
	truncated     INTEGER NOT NULL DEFAULT 0, -- 1 when the body was cut at the size limit
	body_id       INTEGER REFERENCES blobs(id), -- the body exactly as received
	response_id   INTEGER REFERENCES blobs(id), -- status line and header block, as received or rebuilt
	request_id    INTEGER REFERENCES blobs(id), -- request line and header block sent
	content_type  TEXT,
	etag          TEXT,
	last_modified TEXT,
	error         TEXT,              -- why the fetch failed, NULL on success
	document_id   INTEGER REFERENCES documents(id) -- the document this capture was about, if any
);
CREATE INDEX capture_rows_url ON capture_rows(url_id, fetched_at);
CREATE INDEX capture_rows_document ON capture_rows(document_id) WHERE document_id IS NOT NULL;

-- documents is one row per doc_key (one post in one language, one page).
CREATE TABLE documents (
	id                 INTEGER PRIMARY KEY,
	doc_key            TEXT NOT NULL UNIQUE,
	lang               TEXT NOT NULL,
	kind               TEXT NOT NULL,
	first_seen         INTEGER NOT NULL,
	last_seen          INTEGER NOT NULL,
	current_version_id INTEGER REFERENCES versions(id),
	removed_at         INTEGER         -- set while the latest version is a removal tombstone
);

-- document_urls is every URL or alias that led to a document.
CREATE TABLE document_urls (
	url_id      INTEGER PRIMARY KEY REFERENCES urls(id),
	document_id INTEGER NOT NULL REFERENCES documents(id),
	first_seen  INTEGER NOT NULL,
	last_seen   INTEGER NOT NULL
);
CREATE INDEX document_urls_document ON document_urls(document_id);

-- versions is a new row each time a document's content_hash changes.
CREATE TABLE versions (
	id                 INTEGER PRIMARY KEY,
	document_id        INTEGER NOT NULL REFERENCES documents(id),
	version            INTEGER NOT NULL,    -- 1, 2, ... within the document
	status             TEXT NOT NULL CHECK (status IN ('present', 'removed')),
	origin             TEXT NOT NULL CHECK (origin IN ('crawl', 'reparse')),
	content_hash       TEXT,                -- "sha256:<hex>" of the normalized content; NULL for removed
	observed_from      INTEGER NOT NULL,    -- ms, first capture showing this content
	observed_to        INTEGER NOT NULL,    -- ms, last capture showing it unchanged
	capture_id         INTEGER NOT NULL REFERENCES capture_rows(id),
	crawl_id           INTEGER REFERENCES crawls(id), -- NULL for reparse versions
	parser_name        TEXT,
	parser_version     TEXT,
	document_blob_id   INTEGER REFERENCES blobs(id), -- the whole parse.Document as JSON
	url                TEXT,
	lang               TEXT,
	kind               TEXT,
	section            TEXT,
	title              TEXT,
	published          TEXT,                -- YYYY-MM-DD or RFC 3339 as read from the post, or ''
	magazine_name      TEXT,
	magazine_issue     TEXT,                -- ASCII digits: '49', '83-84'
	magazine_date_text TEXT,                -- as written: 'September 2029', 'كانون الأول 2025'
	magazine_date      TEXT,                -- YYYY-MM or ''
	interviewer        TEXT,
	interviewee        TEXT,
	interviewee_role   TEXT,
	interviewee_aliases TEXT,               -- JSON array of other spellings
	intro              TEXT,
	body               TEXT,
	qa_count           INTEGER NOT NULL DEFAULT 0,
	UNIQUE (document_id, version)
);

-- qa is one row per question/answer pair per version.
CREATE TABLE qa (
	id         INTEGER PRIMARY KEY,
	version_id INTEGER NOT NULL REFERENCES versions(id),
	n          INTEGER NOT NULL,  -- 1-based position in the version
	question   TEXT NOT NULL,
	answer     TEXT NOT NULL,
	UNIQUE (version_id, n)
);

-- warnings are the parser's doubts about a version, kept as published but reported.
CREATE TABLE warnings (
	id         INTEGER PRIMARY KEY,
	version_id INTEGER NOT NULL REFERENCES versions(id),
	code       TEXT NOT NULL,
	"where"    TEXT NOT NULL,
	detail     TEXT NOT NULL
);
CREATE INDEX warnings_version ON warnings(version_id);

-- changed_fields says what changed in a version against the previous present one.
CREATE TABLE changed_fields (
	version_id INTEGER NOT NULL REFERENCES versions(id),
	path       TEXT NOT NULL,   -- 'title', 'magazine.issue', 'qa[12].answer', 'qa[3]'
	op         TEXT NOT NULL CHECK (op IN ('added', 'removed', 'modified')),
	PRIMARY KEY (version_id, path)
) WITHOUT ROWID;

-- search is the full-text index over the latest present version of every
-- document (rowid = documents.id). It is contentless: the text is stored
-- once, in versions and qa; the index holds the normalized words only. (No
-- contentless_delete option: SQLite before 3.43 could not read the table.)
CREATE VIRTUAL TABLE search USING fts5(
	title, people, text,
	content = '',
	tokenize = 'unicode61 remove_diacritics 2'
);

-- frontier is the queue of one crawl; it is emptied of done items when the crawl finishes.
CREATE TABLE frontier (
	id         INTEGER PRIMARY KEY,
	crawl_id   INTEGER NOT NULL REFERENCES crawls(id),
	key        TEXT NOT NULL,
	url        TEXT NOT NULL,
	depth      INTEGER NOT NULL,
	via        TEXT NOT NULL,
	state      TEXT NOT NULL CHECK (state IN ('pending', 'claimed', 'done')),
	claimed_at INTEGER,
	done_at    INTEGER,
	UNIQUE (crawl_id, key)
);
CREATE INDEX frontier_state ON frontier(crawl_id, state, id);

-- crawl_lock has at most one row: the process crawling into this file.
CREATE TABLE crawl_lock (
	id           INTEGER PRIMARY KEY CHECK (id = 1),
	owner        TEXT NOT NULL,
	pid          INTEGER NOT NULL,
	hostname     TEXT NOT NULL,
	started_at   INTEGER NOT NULL,
	heartbeat_at INTEGER NOT NULL
);

CREATE INDEX versions_capture ON versions(capture_id);
CREATE INDEX versions_crawl ON versions(crawl_id);
CREATE INDEX versions_observed ON versions(observed_from);

-- Views for people: times as ISO 8601 UTC text.

-- latest is the current version of every document (removed ones included, status says so).
CREATE VIEW latest AS
SELECT d.doc_key, v.version, v.status, v.url, v.lang, v.kind, v.section, v.title, v.published,
	v.magazine_name, v.magazine_issue, v.magazine_date_text, v.magazine_date,
	v.interviewer, v.interviewee, v.interviewee_role, v.interviewee_aliases,
	v.intro, v.body, v.qa_count, v.content_hash, v.parser_name, v.parser_version,
	strftime('%Y-%m-%dT%H:%M:%fZ', v.observed_from / 1000.0, 'unixepoch') AS observed_from,
	strftime('%Y-%m-%dT%H:%M:%fZ', v.observed_to / 1000.0, 'unixepoch') AS observed_to,
	strftime('%Y-%m-%dT%H:%M:%fZ', d.first_seen / 1000.0, 'unixepoch') AS first_seen,
	strftime('%Y-%m-%dT%H:%M:%fZ', d.removed_at / 1000.0, 'unixepoch') AS removed_at,
	d.id AS document_id, v.id AS version_id
FROM documents d JOIN versions v ON v.id = d.current_version_id;

-- interviews_latest is the current version of every interview still online.
CREATE VIEW interviews_latest AS
SELECT * FROM latest WHERE kind = 'interview' AND status = 'present';

-- qa_latest is every Q&A pair of the current versions.
CREATE VIEW qa_latest AS
SELECT l.doc_key, l.version, l.lang, l.title, l.interviewee, l.magazine_issue, l.magazine_date,
	q.n, q.question, q.answer
FROM latest l JOIN qa q ON q.version_id = l.version_id
WHERE l.status = 'present';

-- changes is every event: a document added, modified or removed, with its crawl and time.
CREATE VIEW changes AS
SELECT d.doc_key, coalesce(v.url, (SELECT u.url FROM capture_rows c JOIN urls u ON u.id = c.url_id WHERE c.id = v.capture_id)) AS url, v.version,
	CASE
		WHEN v.status = 'removed' THEN 'removed'
		WHEN v.version = 1 THEN 'added'
		WHEN (SELECT p.status FROM versions p WHERE p.document_id = v.document_id AND p.version = v.version - 1) = 'removed' THEN 'added'
		ELSE 'modified'
	END AS change,
	strftime('%Y-%m-%dT%H:%M:%fZ', v.observed_from / 1000.0, 'unixepoch') AS observed_at,
	v.crawl_id, v.origin,
	(SELECT group_concat(c.path, ' ') FROM changed_fields c WHERE c.version_id = v.id) AS changed,
	v.observed_from AS observed_at_ms, v.id AS version_id
FROM versions v JOIN documents d ON d.id = v.document_id;

-- captures is every fetch: capture_rows with its URLs and body hash spelled out.
CREATE VIEW captures AS
SELECT c.id, c.crawl_id, u.url, coalesce(f.url, u.url) AS final_url, c.redirects, c.method, c.status,
	c.fetched_at, c.duration_ms, c.size, c.truncated, c.content_type, c.etag, c.last_modified, c.error,
	lower(hex(b.sha256)) AS body_sha256, c.body_id, c.response_id, c.request_id, c.document_id,
	c.url_id, c.final_url_id
FROM capture_rows c JOIN urls u ON u.id = c.url_id LEFT JOIN urls f ON f.id = c.final_url_id
LEFT JOIN blobs b ON b.id = c.body_id;

-- capture_index is the captures as a CDX-like list, with ISO 8601 times and doc_keys.
CREATE VIEW capture_index AS
SELECT c.id, c.crawl_id, c.url, c.final_url, c.status,
	strftime('%Y-%m-%dT%H:%M:%fZ', c.fetched_at / 1000.0, 'unixepoch') AS fetched_at,
	c.duration_ms, c.size, c.content_type, c.body_sha256, c.etag, c.last_modified,
	c.error, c.redirects, d.doc_key
FROM captures c LEFT JOIN documents d ON d.id = c.document_id;

-- aliases is every URL that led to a document.
CREATE VIEW aliases AS
SELECT d.doc_key, u.url,
	strftime('%Y-%m-%dT%H:%M:%fZ', a.first_seen / 1000.0, 'unixepoch') AS first_seen,
	strftime('%Y-%m-%dT%H:%M:%fZ', a.last_seen / 1000.0, 'unixepoch') AS last_seen
FROM document_urls a JOIN urls u ON u.id = a.url_id JOIN documents d ON d.id = a.document_id;
