-- hewar archive: what an import of other tools' WARC files needs to know of
-- the records it stored. Read only by imports, when they look for
-- duplicates (docs/schema.md, capture_rows).
ALTER TABLE capture_rows ADD COLUMN resource INTEGER NOT NULL DEFAULT 0; -- 1: read from a WARC resource record (a file, no HTTP exchange)
