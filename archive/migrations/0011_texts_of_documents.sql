-- hewar archive: a Q&A text is looked up among the texts of its own
-- document's versions, not through a unique index of every text's hash.
-- That index's keys are random numbers, so the texts a capture added went
-- each to a leaf page of its own, every one a page written to the WAL at
-- the commit (docs/crawl.md, "What a capture writes to the WAL"); a new
-- text is now appended to texts, and to nothing else. A version still adds
-- only the texts its document's versions did not hold; two documents that
-- publish the same text each store it.
--
-- SQLite cannot drop a UNIQUE constraint in place, so the table is built
-- again with the same ids, hashes and texts, and renamed: hewar runs this
-- file with foreign keys off and checks them before it commits (SQLite's
-- procedure for such a change), and legacy_alter_table keeps the rename
-- from checking the views that read texts, which read the new table by
-- the same name.
PRAGMA legacy_alter_table = ON;
CREATE TABLE texts_rebuilt (
	id   INTEGER PRIMARY KEY,
	hash INTEGER,          -- first 8 bytes of SHA-256(text), big-endian signed (like urls.url_hash); set by the program
	text TEXT NOT NULL
);
INSERT INTO texts_rebuilt (id, hash, text) SELECT id, hash, text FROM texts ORDER BY id;
DROP TABLE texts;
ALTER TABLE texts_rebuilt RENAME TO texts;
PRAGMA legacy_alter_table = OFF;
