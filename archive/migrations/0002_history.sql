-- hewar archive, schema 2: history as a projection of the captures, each
-- Q&A text stored once, captures from other archives named and deduplicated.
-- docs/schema.md ("History: a projection of the captures") explains the rule.

-- What the projection reads of each capture, and where a capture from
-- another archive came from.
ALTER TABLE capture_rows ADD COLUMN content_sha256 BLOB;  -- SHA-256 of the content parsed from it (the 32 bytes of versions.content_hash), NULL when it made no document
ALTER TABLE capture_rows ADD COLUMN record_id TEXT;       -- the WARC-Record-ID (or another archive's name) of the record it was read from; NULL for hewar's own fetches
ALTER TABLE capture_rows ADD COLUMN source_url TEXT;      -- the address it was read from, when not its own URL (a Wayback replay address)
ALTER TABLE capture_rows ADD COLUMN location_url_id INTEGER REFERENCES urls(id); -- a redirect's Location, resolved against the URL; NULL otherwise

-- Every capture that was about a document, in time order: the projection's input.
DROP INDEX capture_rows_document;
CREATE INDEX capture_rows_document ON capture_rows(document_id, fetched_at) WHERE document_id IS NOT NULL;
CREATE UNIQUE INDEX capture_rows_record ON capture_rows(record_id) WHERE record_id IS NOT NULL;
CREATE INDEX capture_rows_location ON capture_rows(location_url_id) WHERE location_url_id IS NOT NULL;

-- Existing captures: the content of the version they started or confirmed.
-- A capture that started a version shows that version's content; any other
-- successful capture of a document confirmed the version in effect when it
-- was fetched.
UPDATE capture_rows SET content_sha256 = coalesce(
	(SELECT unhex(substr(v.content_hash, 8)) FROM versions v
		WHERE v.capture_id = capture_rows.id AND v.status = 'present' ORDER BY v.version DESC LIMIT 1),
	(SELECT unhex(substr(v.content_hash, 8)) FROM versions v
		WHERE v.document_id = capture_rows.document_id AND v.observed_from <= capture_rows.fetched_at
		ORDER BY v.observed_from DESC, v.version DESC LIMIT 1))
WHERE document_id IS NOT NULL AND status BETWEEN 200 AND 299;

-- crawls.kind: a run of hewar crawl, or an import of another archive's
-- captures (hewar import warc), which a crawl never resumes.
ALTER TABLE crawls ADD COLUMN kind TEXT NOT NULL DEFAULT 'crawl' CHECK (kind IN ('crawl', 'import'));
UPDATE crawls SET kind = 'import' WHERE json_extract(settings, '$.source') = 'warc-import';
-- An import that stored nothing (one that failed, or read an empty file) left
-- a row that hid the last crawl's changes: it goes.
DELETE FROM crawls WHERE kind = 'import' AND NOT EXISTS (SELECT 1 FROM capture_rows c WHERE c.crawl_id = crawls.id)
	AND NOT EXISTS (SELECT 1 FROM frontier f WHERE f.crawl_id = crawls.id);

-- Q&A text, each distinct string once: a new version that edits one answer
-- adds one text, not all of them again. qa is now a view with the columns
-- of the table it replaces.
CREATE TABLE texts (
	id   INTEGER PRIMARY KEY,
	hash INTEGER UNIQUE,   -- first 8 bytes of SHA-256(text), big-endian signed (like urls.url_hash), or the next free number should two texts ever share them; set by the program
	text TEXT NOT NULL
);
CREATE TABLE qa_pairs (
	version_id  INTEGER NOT NULL REFERENCES versions(id),
	n           INTEGER NOT NULL,   -- 1-based position in the version
	question_id INTEGER NOT NULL REFERENCES texts(id),
	answer_id   INTEGER NOT NULL REFERENCES texts(id),
	PRIMARY KEY (version_id, n)
) WITHOUT ROWID;

INSERT INTO texts (text) SELECT question FROM qa UNION SELECT answer FROM qa;
CREATE INDEX texts_text_migration ON texts(text);
INSERT INTO qa_pairs (version_id, n, question_id, answer_id)
	SELECT q.version_id, q.n, (SELECT id FROM texts WHERE text = q.question), (SELECT id FROM texts WHERE text = q.answer) FROM qa q;
DROP INDEX texts_text_migration;
-- texts.hash is filled by the program once this file has run (SQL has no SHA-256).
DROP TABLE qa;

-- qa is one row per question/answer pair per version, as the table was.
CREATE VIEW qa AS
SELECT p.version_id, p.n, q.text AS question, a.text AS answer
FROM qa_pairs p JOIN texts q ON q.id = p.question_id JOIN texts a ON a.id = p.answer_id;
