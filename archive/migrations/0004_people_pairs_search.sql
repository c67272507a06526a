-- hewar archive, schema 4: people, language pairs, a search index that plain
-- SQL can read, structured changed_fields, issues as numbers.
-- docs/schema.md documents every table, column and view added here.
--
-- The tables filled by hewar here (search_text, search_qa_rows, people,
-- person_names, name_matches) are derived from the versions: hewar fills
-- them for an archive of schema 1 when it first opens it for writing, and
-- recomputes a document's rows whenever it gets a new version.

-- The issue as numbers: '49' -> 49, 49; '83-84' -> 83, 84.
ALTER TABLE versions ADD COLUMN magazine_issue_first INTEGER GENERATED ALWAYS AS (
	CASE WHEN magazine_issue GLOB '[0-9]*' THEN CAST(magazine_issue AS INTEGER) END) VIRTUAL;
ALTER TABLE versions ADD COLUMN magazine_issue_last INTEGER GENERATED ALWAYS AS (
	CASE
		WHEN magazine_issue GLOB '[0-9]*-[0-9]*' THEN CAST(substr(magazine_issue, instr(magazine_issue, '-') + 1) AS INTEGER)
		WHEN magazine_issue GLOB '[0-9]*' THEN CAST(magazine_issue AS INTEGER)
	END) VIRTUAL;

-- changed_fields, structured: the field without its pair number, and the
-- pair's number in the version before and in this one.
ALTER TABLE changed_fields ADD COLUMN field TEXT GENERATED ALWAYS AS (
	CASE WHEN path LIKE 'qa[%' THEN 'qa' || substr(path, instr(path, ']') + 1) ELSE path END) VIRTUAL;
ALTER TABLE changed_fields ADD COLUMN n_after INTEGER GENERATED ALWAYS AS (
	CASE WHEN path LIKE 'qa[%' AND NOT (path LIKE 'qa[%]' AND op = 'removed') THEN CAST(substr(path, 4) AS INTEGER) END) VIRTUAL;
-- n_before is written by hewar (a pair's number in the previous version
-- comes from the alignment of the two versions' pairs); NULL for a pair
-- added, and for fields that are not pairs. Rows of schema 1 get it when
-- hewar first opens the file for writing; a whole pair removed is numbered
-- as in the previous version already.
ALTER TABLE changed_fields ADD COLUMN n_before INTEGER;
UPDATE changed_fields SET n_before = CAST(substr(path, 4) AS INTEGER) WHERE path LIKE 'qa[%]' AND op = 'removed';

-- The search indexes keep no copy of the text: search_text names the
-- version each document's index entry holds, search_qa_rows the pairs
-- (rowids of search_qa), and the views search_documents and search_qa_text
-- (created by hewar, archive/fold_sql.go) read their text from the versions
-- and texts, folded as the index is (parse.FoldSearch written in SQL), as
-- the indexes' external content: so SELECT, snippet(), highlight() and
-- sqlite-utils work on both indexes. hewar writes the indexes itself, with
-- the same folding (archive/search_index.go).
DROP TABLE search;
CREATE TABLE search_text (
	document_id INTEGER PRIMARY KEY REFERENCES documents(id),
	version_id  INTEGER NOT NULL REFERENCES versions(id),
	doc_key     TEXT NOT NULL,
	lang        TEXT NOT NULL,
	kind        TEXT NOT NULL,
	section     TEXT NOT NULL
);
CREATE TABLE search_qa_rows (
	id          INTEGER PRIMARY KEY,
	document_id INTEGER NOT NULL REFERENCES documents(id),
	version_id  INTEGER NOT NULL,
	n           INTEGER NOT NULL,
	UNIQUE (document_id, n)
);
-- content="..." is written as sqlite-utils and Datasette look for it.
CREATE VIRTUAL TABLE search USING fts5(
	title, people, text,
	content="search_documents", content_rowid="document_id",
	tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE search_qa USING fts5(
	question, answer,
	content="search_qa_text", content_rowid="id",
	tokenize = 'unicode61 remove_diacritics 2'
);
DELETE FROM archive_info WHERE key = 'search_normalization';

-- People: one row per person; person_names is every spelling of a person in
-- a document, in a role, and where the page shows it.
CREATE TABLE people (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,   -- the spelling most documents use
	name_ar    TEXT,            -- the same, in Arabic script; NULL when none is known
	name_en    TEXT             -- the same, in Latin script; NULL when none is known
);
CREATE TABLE person_names (
	person_id   INTEGER NOT NULL REFERENCES people(id),
	document_id INTEGER NOT NULL REFERENCES documents(id),
	role        TEXT NOT NULL CHECK (role IN ('interviewee', 'interviewer')),
	name        TEXT NOT NULL,
	script      TEXT NOT NULL CHECK (script IN ('Arab', 'Latn')),
	normalized  TEXT NOT NULL,
	seen        TEXT NOT NULL CHECK (seen IN ('title', 'lede', 'intro', 'label')),
	version_id  INTEGER NOT NULL REFERENCES versions(id),
	PRIMARY KEY (document_id, role, name, seen)
) WITHOUT ROWID;
CREATE INDEX person_names_person ON person_names(person_id);
CREATE INDEX person_names_name ON person_names(name);

-- name_matches: the pairs of spellings (a <= b) that parse.CompareNames
-- finds "same" or "uncertain" (docs/people.md).
CREATE TABLE name_matches (
	a     TEXT NOT NULL,
	b     TEXT NOT NULL,
	match TEXT NOT NULL CHECK (match IN ('same', 'uncertain')),
	PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE INDEX name_matches_b ON name_matches(b);

-- The views that show the issue as numbers, and a removed document with
-- what was last known of it.
DROP VIEW qa_latest;
DROP VIEW interviews_latest;
DROP VIEW latest;

-- latest is the current version of every document (removed ones included,
-- status says so, with the title, kind, lang and other facts of the last
-- version that was present).
CREATE VIEW latest AS
SELECT d.doc_key, v.version, v.status, coalesce(v.url, p.url) AS url, coalesce(v.lang, p.lang, d.lang) AS lang,
	coalesce(v.kind, p.kind, d.kind) AS kind, coalesce(v.section, p.section) AS section,
	coalesce(v.title, p.title) AS title, coalesce(v.published, p.published) AS published,
	coalesce(v.magazine_name, p.magazine_name) AS magazine_name,
	coalesce(v.magazine_issue, p.magazine_issue) AS magazine_issue,
	coalesce(v.magazine_issue_first, p.magazine_issue_first) AS magazine_issue_first,
	coalesce(v.magazine_issue_last, p.magazine_issue_last) AS magazine_issue_last,
	coalesce(v.magazine_date_text, p.magazine_date_text) AS magazine_date_text,
	coalesce(v.magazine_date, p.magazine_date) AS magazine_date,
	coalesce(v.interviewer, p.interviewer) AS interviewer, coalesce(v.interviewee, p.interviewee) AS interviewee,
	coalesce(v.interviewee_role, p.interviewee_role) AS interviewee_role,
	coalesce(v.interviewee_aliases, p.interviewee_aliases) AS interviewee_aliases,
	v.intro, v.body, v.qa_count, v.content_hash, v.parser_name, v.parser_version,
	strftime('%Y-%m-%dT%H:%M:%fZ', v.observed_from / 1000.0, 'unixepoch') AS observed_from,
	strftime('%Y-%m-%dT%H:%M:%fZ', v.observed_to / 1000.0, 'unixepoch') AS observed_to,
	strftime('%Y-%m-%dT%H:%M:%fZ', d.first_seen / 1000.0, 'unixepoch') AS first_seen,
	strftime('%Y-%m-%dT%H:%M:%fZ', d.removed_at / 1000.0, 'unixepoch') AS removed_at,
	d.id AS document_id, v.id AS version_id
FROM documents d JOIN versions v ON v.id = d.current_version_id
LEFT JOIN versions p ON v.status = 'removed' AND p.id = (SELECT x.id FROM versions x
	WHERE x.document_id = d.id AND x.status = 'present' ORDER BY x.version DESC LIMIT 1);

-- interviews_latest is the current version of every interview still online.
CREATE VIEW interviews_latest AS
SELECT * FROM latest WHERE kind = 'interview' AND status = 'present';

-- qa_latest is every Q&A pair of the current versions.
CREATE VIEW qa_latest AS
SELECT l.doc_key, l.version, l.lang, l.title, l.interviewee, l.magazine_issue,
	l.magazine_issue_first, l.magazine_issue_last, l.magazine_date,
	q.n, q.question, q.answer, l.document_id
FROM latest l JOIN qa q ON q.version_id = l.version_id
WHERE l.status = 'present';

-- changes, with the document's kind, so that listings can be told apart.
DROP VIEW changes;
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
	v.observed_from AS observed_at_ms, v.id AS version_id,
	coalesce(v.kind, d.kind) AS kind
FROM versions v JOIN documents d ON d.id = v.document_id;

-- language_pairs links the Arabic and the English version of one post: the
-- documents hewariraq.com/ar/post/N and hewariraq.com/en/post/N (a shared
-- id is taken to mean one post).
CREATE VIEW language_pairs AS
SELECT CAST(substr(a.doc_key, instr(a.doc_key, '/ar/post/') + 9) AS INTEGER) AS post_id,
	a.doc_key AS ar_doc_key, e.doc_key AS en_doc_key, la.title AS ar_title, le.title AS en_title,
	la.status AS ar_status, le.status AS en_status, a.id AS ar_document_id, e.id AS en_document_id
FROM documents a JOIN documents e ON e.doc_key = replace(a.doc_key, '/ar/post/', '/en/post/')
JOIN latest la ON la.document_id = a.id JOIN latest le ON le.document_id = e.id
WHERE a.doc_key LIKE '%/ar/post/%';

-- language_pairs_disagree is every pair whose two versions give another
-- magazine issue, issue month or publication date.
CREATE VIEW language_pairs_disagree AS
SELECT p.post_id, p.ar_doc_key, p.en_doc_key, 'magazine_issue' AS field, a.magazine_issue AS ar, e.magazine_issue AS en
FROM language_pairs p JOIN latest a ON a.document_id = p.ar_document_id JOIN latest e ON e.document_id = p.en_document_id
WHERE a.magazine_issue <> '' AND e.magazine_issue <> '' AND a.magazine_issue <> e.magazine_issue
UNION ALL
SELECT p.post_id, p.ar_doc_key, p.en_doc_key, 'magazine_date', a.magazine_date, e.magazine_date
FROM language_pairs p JOIN latest a ON a.document_id = p.ar_document_id JOIN latest e ON e.document_id = p.en_document_id
WHERE a.magazine_date <> '' AND e.magazine_date <> '' AND a.magazine_date <> e.magazine_date
UNION ALL
SELECT p.post_id, p.ar_doc_key, p.en_doc_key, 'published', a.published, e.published
FROM language_pairs p JOIN latest a ON a.document_id = p.ar_document_id JOIN latest e ON e.document_id = p.en_document_id
WHERE a.published <> '' AND e.published <> '' AND substr(a.published, 1, 10) <> substr(e.published, 1, 10);

-- document_people is who each document names, in which role.
CREATE VIEW document_people AS
SELECT DISTINCT d.doc_key, n.role, n.person_id, p.name AS person, l.lang, l.kind, l.title,
	CASE n.role WHEN 'interviewee' THEN l.interviewee ELSE l.interviewer END AS name_in_document,
	n.document_id
FROM person_names n JOIN people p ON p.id = n.person_id JOIN documents d ON d.id = n.document_id
JOIN latest l ON l.document_id = n.document_id;

-- qa_people is every Q&A pair of the current versions with who asked and who answered.
CREATE VIEW qa_people AS
SELECT q.doc_key, q.lang, q.magazine_issue, q.magazine_issue_first, q.magazine_issue_last, q.magazine_date,
	q.n, q.question, q.answer,
	(SELECT n.person_id FROM person_names n WHERE n.document_id = q.document_id AND n.role = 'interviewer' LIMIT 1) AS asked_by,
	(SELECT n.person_id FROM person_names n WHERE n.document_id = q.document_id AND n.role = 'interviewee' LIMIT 1) AS answered_by,
	q.document_id
FROM qa_latest q;

-- people_uncertain is every two people whose names may be one person's
-- (parse.CompareNames: "uncertain"), for a person to decide: never merged.
CREATE VIEW people_uncertain AS
SELECT min(x.person_id, y.person_id) AS person_a, max(x.person_id, y.person_id) AS person_b,
	CASE WHEN x.person_id < y.person_id THEN m.a ELSE m.b END AS name_a,
	CASE WHEN x.person_id < y.person_id THEN m.b ELSE m.a END AS name_b,
	(SELECT name FROM people WHERE id = min(x.person_id, y.person_id)) AS person_a_name,
	(SELECT name FROM people WHERE id = max(x.person_id, y.person_id)) AS person_b_name
FROM name_matches m JOIN person_names x ON x.name = m.a JOIN person_names y ON y.name = m.b
WHERE m.match = 'uncertain' AND x.person_id <> y.person_id
GROUP BY min(x.person_id, y.person_id), max(x.person_id, y.person_id);
