-- hewar archive: the outlines of the words of every spelling of a person
-- (parse.NameBlocks), so that a new spelling is compared (name_matches)
-- with the spellings that share an outline with it, found through this
-- table's key, instead of with every spelling of its script
-- (docs/schema.md, docs/people.md). It is derived from person_names like
-- people: outlines are made by hewar, not by SQL, so an archive migrated
-- to it has it filled when hewar next rebuilds what it derives from the
-- versions, which this schema's new layout makes it do at once.
CREATE TABLE name_blocks (
	script TEXT NOT NULL,  -- person_names.script
	block  TEXT NOT NULL,  -- one outline of a word of the spelling's normalized form
	name   TEXT NOT NULL,  -- the spelling, as in person_names.name
	PRIMARY KEY (script, block, name)
) WITHOUT ROWID;
