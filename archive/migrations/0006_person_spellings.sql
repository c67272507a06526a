-- hewar archive: each person's spellings with how many documents show them,
-- derived from person_names like people itself, so that naming a person
-- (people.name, name_ar, name_en) reads a handful of rows instead of every
-- document that names them (docs/schema.md, docs/people.md). hewar keeps it
-- in step with person_names as documents gain and lose names.
CREATE TABLE person_spellings (
	person_id  INTEGER NOT NULL REFERENCES people(id),
	name       TEXT NOT NULL,     -- as in person_names.name
	script     TEXT NOT NULL,     -- person_names.script
	normalized TEXT NOT NULL,     -- person_names.normalized
	documents  INTEGER NOT NULL,  -- the person's documents that show this spelling
	as_name    INTEGER NOT NULL,  -- of them, those that give it as the name itself (not an alias)
	PRIMARY KEY (person_id, name)
) WITHOUT ROWID;
CREATE INDEX person_spellings_name ON person_spellings(name);

INSERT INTO person_spellings (person_id, name, script, normalized, documents, as_name)
SELECT person_id, name, min(script), min(normalized), count(*), sum(main) FROM (
	SELECT n.person_id, n.name, n.script, n.normalized, n.document_id,
		max(coalesce(n.name = CASE n.role WHEN 'interviewee' THEN v.interviewee ELSE v.interviewer END, 0)) AS main
	FROM person_names n JOIN versions v ON v.id = n.version_id
	GROUP BY n.person_id, n.name, n.document_id)
GROUP BY person_id, name;
