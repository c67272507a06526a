-- hewar archive: a body may be compressed against the Q&A texts of the
-- page it is (texts, each stored once as published) as well as against the
-- blob dict_id names: the text is then stored once, in texts, and the body's
-- frame holds only its markup and what no text covers. dict_texts lists the
-- texts by id; the frame's raw-content dictionary is the bytes of blob
-- dict_id (none when it is NULL) followed by those texts' UTF-8 bytes, in
-- that order, with nothing between them. Texts are never changed or
-- deleted, so the dictionary is as lasting as the blob (docs/schema.md,
-- "Decoding a blob").
ALTER TABLE blobs ADD COLUMN dict_texts TEXT; -- JSON array of texts.id; NULL: no texts in the dictionary
