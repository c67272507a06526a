package archive

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/hewar-archive/hewar/parse"
)

// People (docs/people.md, docs/schema.md): every person a document names
// (parse.Mentions: the interviewee with the spellings the page confirms,
// the interviewer when a person) is a mention. Mentions are one person when
//
//   - they share a spelling that parse.CompareNames finds "same" with
//     itself (a name of two words or more), or have two spellings it finds
//     "same" (name_matches);
//   - they are the same role in the Arabic and the English version of one
//     post (pairDocKey).
//
// A person is a connected set of mentions: which mentions make one person
// depends on the names in the archive only, never on the order documents
// came in. "uncertain" pairs are recorded in name_matches and never merge;
// the view people_uncertain lists them.
//
// refreshPeople recomputes one document's mentions, so that the same
// function serves a new version, a removal, and a rebuild of the whole
// table from the versions. A document whose mentions only gain spellings
// (a new document, a new version that names the same people, a reparse)
// can only join people together (joinPeople): that reads the rows of its
// own mentions and of the spellings it shares, never every document of the
// people it names. A mention that loses a spelling may split a person, and
// the people it touched are formed again from all their mentions
// (reformPeople). Either way person_spellings, which names the people,
// keeps each person's spelling counts, changed by what the document adds
// and takes away.

// mentionKey names a mention: a document and a role.
type mentionKey struct {
	doc  int64
	role string
}

// heldMention is a mention as person_names holds it.
type heldMention struct {
	person int64
	names  []string
}

// refreshPeople replaces the people rows of document docID with those of
// doc, the document's latest present version (versionID; nil when it never
// had one), and re-forms the people those mentions touch. created says the
// document was inserted in this transaction: it has no people rows to read.
func refreshPeople(ctx context.Context, tx *sql.Tx, docID int64, docKey string, versionID int64, doc *parse.Document, created bool) error {
	var mentions []parse.Mention
	if doc != nil {
		mentions = parse.Mentions(doc)
	}
	var (
		old map[string]*heldMention
		err error
	)
	if !created {
		old, err = heldMentions(ctx, tx, docID)
	}
	if err == nil {
		if onlyGains(old, mentions) {
			err = joinPeople(ctx, tx, docID, docKey, versionID, old, mentions)
		} else {
			err = reformPeople(ctx, tx, docID, docKey, versionID, old, mentions)
		}
	}
	if err != nil {
		return fmt.Errorf("people of %s: %w", docKey, err)
	}
	return nil
}

// heldMentions is what document docID names in person_names, by role.
func heldMentions(ctx context.Context, tx *sql.Tx, docID int64) (map[string]*heldMention, error) {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT role, person_id, name FROM person_names WHERE document_id = ?`, docID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]*heldMention{}
	for rows.Next() {
		var (
			role, name string
			pid        int64
		)
		if err := rows.Scan(&role, &pid, &name); err != nil {
			return nil, err
		}
		m := out[role]
		if m == nil {
			m = &heldMention{person: pid}
			out[role] = m
		}
		m.names = append(m.names, name)
	}
	return out, rows.Err()
}

// onlyGains reports whether every spelling of the old mentions is still a
// spelling of the new mention of its role.
func onlyGains(old map[string]*heldMention, mentions []parse.Mention) bool {
	for role, o := range old {
		i := slices.IndexFunc(mentions, func(m parse.Mention) bool { return m.Role == role })
		if i < 0 {
			return false
		}
		for _, n := range o.names {
			if !slices.Contains(spellingNames(mentions[i]), n) {
				return false
			}
		}
	}
	return true
}

func spellingNames(m parse.Mention) []string {
	names := make([]string, 0, len(m.Spellings))
	for _, s := range m.Spellings {
		names = append(names, s.Name)
	}
	return names
}

// joinPeople stores the mentions of a document whose old mentions they
// only add to: no person can lose a mention, so each mention joins the
// people it shares a "same" spelling with, its person before, and the
// person of its role in the other language's version; when those are
// several, they become one, which keeps the smallest id (as reformPeople
// would: no group of theirs can split).
func joinPeople(ctx context.Context, tx *sql.Tx, docID int64, docKey string, versionID int64, old map[string]*heldMention, mentions []parse.Mention) error {
	// The document's names are held still: only its new ones are compared.
	if err := matchNewNames(ctx, tx, mentions); err != nil {
		return err
	}
	pair := map[string][]int64{} // role -> people of the other language's version
	if pk := pairDocKey(docKey); pk != "" {
		rows, err := tx.QueryContext(ctx, `SELECT DISTINCT n.role, n.person_id FROM documents d JOIN person_names n ON n.document_id = d.id
			WHERE d.doc_key = ?`, pk)
		if err != nil {
			return err
		}
		for rows.Next() {
			var (
				role string
				pid  int64
			)
			if err := rows.Scan(&role, &pid); err != nil {
				rows.Close()
				return err
			}
			pair[role] = append(pair[role], pid)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	joins := make([]map[int64]bool, len(mentions)) // per mention, the people it joins
	for i, m := range mentions {
		joins[i] = map[int64]bool{}
		if o := old[m.Role]; o != nil {
			joins[i][o.person] = true
		}
		for _, p := range pair[m.Role] {
			joins[i][p] = true
		}
		if err := collectIDs(ctx, tx, joins[i], `SELECT s.person_id FROM name_matches m JOIN person_spellings s ON s.name = m.b
			WHERE m.match = 'same' AND m.a IN (SELECT value FROM json_each(?1))
			UNION SELECT s.person_id FROM name_matches m JOIN person_spellings s ON s.name = m.a
			WHERE m.match = 'same' AND m.b IN (SELECT value FROM json_each(?1))`, jsonList(spellingNames(m))); err != nil {
			return err
		}
	}
	// The document's two mentions (at most) are one person when they join
	// someone in common or share a "same" spelling.
	groups := make([][]int, 0, len(mentions))
	for i := range mentions {
		groups = append(groups, []int{i})
	}
	if len(mentions) == 2 {
		one := false
		for p := range joins[0] {
			one = one || joins[1][p]
		}
		if !one {
			var err error
			if one, err = sameAcross(ctx, tx, mentions[0], mentions[1]); err != nil {
				return err
			}
		}
		if one {
			groups = [][]int{{0, 1}}
		}
	}

	if len(old) > 0 {
		if err := forgetMentions(ctx, tx, docID); err != nil {
			return err
		}
	}
	personOf := make([]int64, len(mentions))
	var named, recount []int64
	for _, g := range groups {
		var ids []int64
		for _, i := range g {
			for p := range joins[i] {
				if !slices.Contains(ids, p) {
					ids = append(ids, p)
				}
			}
		}
		pid, err := smallestOrNew(ctx, tx, ids)
		if err != nil {
			return err
		}
		for _, other := range ids[min(1, len(ids)):] {
			for _, q := range []string{`UPDATE person_names SET person_id = ?1 WHERE person_id = ?2`,
				`DELETE FROM person_spellings WHERE person_id = ?2`, `DELETE FROM people WHERE id = ?2`} {
				if _, err := tx.ExecContext(ctx, q, pid, other); err != nil {
					return err
				}
			}
		}
		if len(ids) > 1 {
			recount = append(recount, pid)
		}
		for _, i := range g {
			personOf[i] = pid
		}
		named = append(named, pid)
	}
	if err := insertMentions(ctx, tx, docID, versionID, mentions, personOf); err != nil {
		return err
	}
	uses := slices.DeleteFunc(mentionSpellings(mentions, personOf), func(u spellingUse) bool { return slices.Contains(recount, u.person) })
	if err := countSpellings(ctx, tx, uses, 1); err != nil {
		return err
	}
	for _, pid := range recount {
		if err := recountSpellings(ctx, tx, pid); err != nil {
			return err
		}
	}
	for _, pid := range named {
		if err := namePerson(ctx, tx, pid); err != nil {
			return err
		}
	}
	return nil
}

// smallestOrNew sorts the ids a group of mentions had and returns the
// smallest, the id the group keeps; a group with none is a new person.
func smallestOrNew(ctx context.Context, tx *sql.Tx, ids []int64) (int64, error) {
	slices.Sort(ids)
	if len(ids) > 0 {
		return ids[0], nil
	}
	r, err := tx.ExecContext(ctx, `INSERT INTO people (name) VALUES ('')`)
	if err != nil {
		return 0, err
	}
	return r.LastInsertId()
}

// sameAcross reports whether a spelling of a and one of b are "same".
func sameAcross(ctx context.Context, tx *sql.Tx, a, b parse.Mention) (bool, error) {
	var one bool
	err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM name_matches WHERE match = 'same'
		AND (a IN (SELECT value FROM json_each(?1)) AND b IN (SELECT value FROM json_each(?2))
			OR a IN (SELECT value FROM json_each(?2)) AND b IN (SELECT value FROM json_each(?1))))`,
		jsonList(spellingNames(a)), jsonList(spellingNames(b))).Scan(&one)
	return one, err
}

// forgetMentions deletes the person_names rows of document docID and takes
// them out of their people's spelling counts.
func forgetMentions(ctx context.Context, tx *sql.Tx, docID int64) error {
	uses, err := documentSpellings(ctx, tx, docID)
	if err != nil {
		return err
	}
	if err := countSpellings(ctx, tx, uses, -1); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM person_names WHERE document_id = ?`, docID)
	return err
}

// insertMentions stores document docID's mentions, the i-th as person personOf[i].
func insertMentions(ctx context.Context, tx *sql.Tx, docID, versionID int64, mentions []parse.Mention, personOf []int64) error {
	for i, m := range mentions {
		for _, s := range m.Spellings {
			for _, seen := range s.Seen {
				if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO person_names
					(person_id, document_id, role, name, script, normalized, seen, version_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
					personOf[i], docID, m.Role, s.Name, s.Script, s.Key, seen, versionID); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// spellingUse is what one document counts for one spelling of one person.
type spellingUse struct {
	person                   int64
	name, script, normalized string
	asName                   int // 1 when the document gives it as the name itself
}

// documentSpellings is what document docID's person_names rows count in
// person_spellings.
func documentSpellings(ctx context.Context, tx *sql.Tx, docID int64) ([]spellingUse, error) {
	rows, err := tx.QueryContext(ctx, `SELECT n.person_id, n.name, min(n.script), min(n.normalized),
		max(coalesce(n.name = CASE n.role WHEN 'interviewee' THEN v.interviewee ELSE v.interviewer END, 0))
		FROM person_names n JOIN versions v ON v.id = n.version_id WHERE n.document_id = ? GROUP BY n.person_id, n.name`, docID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []spellingUse
	for rows.Next() {
		var u spellingUse
		if err := rows.Scan(&u.person, &u.name, &u.script, &u.normalized, &u.asName); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// mentionSpellings is what a document's mentions, the i-th of person
// personOf[i], count in person_spellings: what documentSpellings reads back
// once they are stored (a mention's Name is its role's column of the
// version).
func mentionSpellings(mentions []parse.Mention, personOf []int64) []spellingUse {
	var out []spellingUse
	for i, m := range mentions {
		for _, s := range m.Spellings {
			u := spellingUse{person: personOf[i], name: s.Name, script: s.Script, normalized: s.Key}
			if s.Name == m.Name {
				u.asName = 1
			}
			j := slices.IndexFunc(out, func(o spellingUse) bool { return o.person == u.person && o.name == u.name })
			if j < 0 {
				out = append(out, u)
			} else {
				out[j].asName = max(out[j].asName, u.asName)
			}
		}
	}
	return out
}

// countSpellings adds (sign 1) or takes away (sign -1) one document's uses
// in person_spellings; a spelling no document of its person shows any
// more goes.
func countSpellings(ctx context.Context, tx *sql.Tx, uses []spellingUse, sign int) error {
	for _, u := range uses {
		var err error
		if sign > 0 {
			_, err = tx.ExecContext(ctx, `INSERT INTO person_spellings (person_id, name, script, normalized, documents, as_name)
				VALUES (?, ?, ?, ?, 1, ?) ON CONFLICT (person_id, name) DO UPDATE SET documents = documents + 1, as_name = as_name + excluded.as_name`,
				u.person, u.name, u.script, u.normalized, u.asName)
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE person_spellings SET documents = documents - 1, as_name = as_name - ?
				WHERE person_id = ? AND name = ?`, u.asName, u.person, u.name)
			if err == nil {
				_, err = tx.ExecContext(ctx, `DELETE FROM person_spellings WHERE person_id = ? AND name = ? AND documents <= 0`, u.person, u.name)
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// recountSpellings counts a person's spellings again from all their
// person_names rows (after people were joined or formed again).
func recountSpellings(ctx context.Context, tx *sql.Tx, pid int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM person_spellings WHERE person_id = ?`, pid); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO person_spellings (person_id, name, script, normalized, documents, as_name)
		SELECT person_id, name, min(script), min(normalized), count(*), sum(main) FROM (
			SELECT n.person_id, n.name, n.script, n.normalized, n.document_id,
				max(coalesce(n.name = CASE n.role WHEN 'interviewee' THEN v.interviewee ELSE v.interviewer END, 0)) AS main
			FROM person_names n JOIN versions v ON v.id = n.version_id WHERE n.person_id = ?
			GROUP BY n.name, n.document_id)
		GROUP BY name`, pid)
	return err
}

// reformPeople stores the mentions of a document that lost some of its
// old spellings: the people of its old and new mentions, and of the
// spellings and the other language's version they share, are formed again
// from all their mentions (formPeople).
func reformPeople(ctx context.Context, tx *sql.Tx, docID int64, docKey string, versionID int64, old map[string]*heldMention, mentions []parse.Mention) error {
	if err := forgetMentions(ctx, tx, docID); err != nil {
		return err
	}
	// Spellings no document shows any more lose their matches.
	for _, o := range old {
		for _, n := range o.names {
			if _, err := tx.ExecContext(ctx, `DELETE FROM name_matches WHERE (a = ?1 OR b = ?1)
				AND NOT EXISTS (SELECT 1 FROM person_names WHERE name = ?1)`, n); err != nil {
				return err
			}
		}
	}
	if err := matchNewNames(ctx, tx, mentions); err != nil {
		return err
	}

	// The people these mentions may join or leave.
	affected := map[int64]bool{}
	for _, o := range old {
		affected[o.person] = true
	}
	var names []string
	for _, m := range mentions {
		names = append(names, spellingNames(m)...)
	}
	if err := collectIDs(ctx, tx, affected, `SELECT DISTINCT n.person_id FROM person_names n
		JOIN name_matches m ON m.match = 'same' AND (m.a = n.name OR m.b = n.name)
		WHERE m.a IN (SELECT value FROM json_each(?1)) OR m.b IN (SELECT value FROM json_each(?1))`, jsonList(names)); err != nil {
		return err
	}
	pairID := int64(0)
	if pk := pairDocKey(docKey); pk != "" {
		if err := tx.QueryRowContext(ctx, `SELECT id FROM documents WHERE doc_key = ?`, pk).Scan(&pairID); err != nil && err != sql.ErrNoRows {
			return err
		}
		if pairID != 0 {
			if err := collectIDs(ctx, tx, affected, `SELECT DISTINCT person_id FROM person_names WHERE document_id = ?`, pairID); err != nil {
				return err
			}
		}
	}

	// Every mention of those people, and the document's new ones.
	spellings := map[mentionKey][]string{}
	previous := map[mentionKey]int64{}
	ids := make([]int64, 0, len(affected))
	for p := range affected {
		ids = append(ids, p)
	}
	rows, err := tx.QueryContext(ctx, `SELECT document_id, role, person_id, name FROM person_names
		WHERE person_id IN (SELECT value FROM json_each(?))`, jsonList(ids))
	if err != nil {
		return err
	}
	for rows.Next() {
		var (
			k    mentionKey
			pid  int64
			name string
		)
		if err := rows.Scan(&k.doc, &k.role, &pid, &name); err != nil {
			rows.Close()
			return err
		}
		previous[k] = pid
		if !slices.Contains(spellings[k], name) {
			spellings[k] = append(spellings[k], name)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, m := range mentions {
		k := mentionKey{docID, m.Role}
		spellings[k] = append(spellings[k], spellingNames(m)...)
		if o := old[m.Role]; o != nil {
			previous[k] = o.person
		}
	}

	groups, err := formPeople(ctx, tx, spellings)
	if err != nil {
		return err
	}

	// Each group keeps the smallest id its mentions had that no group
	// before it kept; a group with none is a new person.
	claimed := map[int64]bool{}
	personOf := map[mentionKey]int64{}
	var kept []int64
	for _, g := range groups {
		var cands []int64
		for _, k := range g {
			if p, ok := previous[k]; ok && !claimed[p] && affected[p] {
				cands = append(cands, p)
			}
		}
		pid, err := smallestOrNew(ctx, tx, cands)
		if err != nil {
			return err
		}
		claimed[pid] = true
		kept = append(kept, pid)
		for _, k := range g {
			personOf[k] = pid
		}
	}
	for k, pid := range personOf {
		if k.doc == docID || previous[k] == pid {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE person_names SET person_id = ? WHERE document_id = ? AND role = ?`, pid, k.doc, k.role); err != nil {
			return err
		}
	}
	mentionPeople := make([]int64, len(mentions))
	for i, m := range mentions {
		mentionPeople[i] = personOf[mentionKey{docID, m.Role}]
	}
	if err := insertMentions(ctx, tx, docID, versionID, mentions, mentionPeople); err != nil {
		return err
	}
	for p := range affected {
		if !claimed[p] {
			for _, q := range []string{`DELETE FROM person_spellings WHERE person_id = ?`, `DELETE FROM people WHERE id = ?`} {
				if _, err := tx.ExecContext(ctx, q, p); err != nil {
					return err
				}
			}
		}
	}
	for _, pid := range kept {
		if err := recountSpellings(ctx, tx, pid); err != nil {
			return err
		}
		if err := namePerson(ctx, tx, pid); err != nil {
			return err
		}
	}
	return nil
}

// matchNewNames records in name_matches how each spelling of mentions that
// no document shows yet compares with every spelling the archive holds (and
// with the others of mentions) that shares an outline of a word with it
// (parse.NameBlocks): the others cannot match. Spellings already held were
// compared when they came. The held spellings of an outline are read from
// name_blocks, where every new spelling leaves its outlines, so a new
// spelling costs what its few namesakes cost, not what every spelling of
// its script does (BenchmarkPeopleNewNames).
func matchNewNames(ctx context.Context, tx *sql.Tx, mentions []parse.Mention) error {
	var fresh []parse.Spelling
	var all []parse.Spelling
	for _, m := range mentions {
		for _, s := range m.Spellings {
			if slices.ContainsFunc(all, func(o parse.Spelling) bool { return o.Name == s.Name }) {
				continue
			}
			all = append(all, s)
			var held bool
			if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM person_spellings WHERE name = ?)`, s.Name).Scan(&held); err != nil {
				return err
			}
			if !held {
				fresh = append(fresh, s)
			}
		}
	}
	done := map[[2]string]bool{}
	record := func(a, b string) error {
		if b < a {
			a, b = b, a
		}
		if done[[2]string{a, b}] {
			return nil
		}
		done[[2]string{a, b}] = true
		m := parse.CompareNames(a, b)
		if m == parse.NamesDifferent {
			return nil
		}
		_, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO name_matches (a, b, match) VALUES (?, ?, ?)`, a, b, m.String())
		return err
	}
	for _, s := range fresh {
		blocks := parse.NameBlocks(s.Key)
		for _, o := range all {
			if o.Script == s.Script && sharesBlock(blocks, parse.NameBlocks(o.Key)) {
				if err := record(s.Name, o.Name); err != nil {
					return err
				}
			}
		}
		held, err := heldNamesakes(ctx, tx, s.Script, blocks)
		if err != nil {
			return err
		}
		for _, h := range held {
			if err := record(s.Name, h); err != nil {
				return err
			}
		}
	}
	for _, s := range fresh {
		for _, block := range parse.NameBlocks(s.Key) {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO name_blocks (script, block, name) VALUES (?, ?, ?)`, s.Script, block, s.Name); err != nil {
				return err
			}
		}
	}
	return nil
}

// heldNamesakes are the spellings of script the archive holds (in
// person_spellings) that have one of blocks as the outline of a word.
// name_blocks keeps the outlines of spellings no document shows any more
// too (a spelling that comes back has the same ones), so only the held
// are taken.
func heldNamesakes(ctx context.Context, tx *sql.Tx, script string, blocks []string) ([]string, error) {
	if len(blocks) == 0 {
		return nil, nil
	}
	args := []any{script}
	for _, b := range blocks {
		args = append(args, b)
	}
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT b.name FROM name_blocks b
		WHERE b.script = ? AND b.block IN (?`+strings.Repeat(", ?", len(blocks)-1)+`)
		AND EXISTS (SELECT 1 FROM person_spellings s WHERE s.name = b.name AND s.script = b.script)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		out = append(out, name)
	}
	return out, rows.Err()
}

func sharesBlock(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// formPeople groups mentions into people: mentions with a spelling in common
// that is "same" with itself, or with two spellings that are "same", and the
// same role in the two language versions of a post, are one person. Groups
// come ordered by their first mention, each sorted.
func formPeople(ctx context.Context, tx *sql.Tx, spellings map[mentionKey][]string) ([][]mentionKey, error) {
	keys := make([]mentionKey, 0, len(spellings))
	for k := range spellings {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].doc != keys[j].doc {
			return keys[i].doc < keys[j].doc
		}
		return keys[i].role < keys[j].role
	})
	parent := make([]int, len(keys))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	union := func(i, j int) {
		a, b := find(i), find(j)
		if a < b {
			parent[b] = a
		} else if b < a {
			parent[a] = b
		}
	}
	byName := map[string][]int{}
	var names []string
	for i, k := range keys {
		for _, n := range spellings[k] {
			if _, ok := byName[n]; !ok {
				names = append(names, n)
			}
			byName[n] = append(byName[n], i)
		}
	}
	// Spellings that are "same": two names, or one name with itself.
	rows, err := tx.QueryContext(ctx, `SELECT a, b FROM name_matches WHERE match = 'same'
		AND a IN (SELECT value FROM json_each(?1)) AND b IN (SELECT value FROM json_each(?1))`, jsonList(names))
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var a, b string
		if err := rows.Scan(&a, &b); err != nil {
			rows.Close()
			return nil, err
		}
		for _, i := range byName[a] {
			for _, j := range byName[b] {
				union(i, j)
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// The two language versions of a post.
	docIDs := []int64{}
	for _, k := range keys {
		if len(docIDs) == 0 || docIDs[len(docIDs)-1] != k.doc {
			docIDs = append(docIDs, k.doc)
		}
	}
	docKeys := map[int64]string{}
	byKey := map[string]int64{}
	rows, err = tx.QueryContext(ctx, `SELECT id, doc_key FROM documents WHERE id IN (SELECT value FROM json_each(?))`, jsonList(docIDs))
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var (
			id  int64
			key string
		)
		if err := rows.Scan(&id, &key); err != nil {
			rows.Close()
			return nil, err
		}
		docKeys[id], byKey[key] = key, id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	index := map[mentionKey]int{}
	for i, k := range keys {
		index[k] = i
	}
	for i, k := range keys {
		other, ok := byKey[pairDocKey(docKeys[k.doc])]
		if !ok {
			continue
		}
		if j, ok := index[mentionKey{other, k.role}]; ok {
			union(i, j)
		}
	}
	var groups [][]mentionKey
	at := map[int]int{}
	for i, k := range keys {
		r := find(i)
		g, ok := at[r]
		if !ok {
			g = len(groups)
			at[r] = g
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], k)
	}
	return groups, nil
}

// namePerson sets a person's names from their spellings' counts
// (person_spellings): the spelling most documents give as the name itself
// (not an alias), then the one most documents show, then the longest, then
// the first in byte order; the same among Arabic and among Latin spellings
// for name_ar and name_en.
func namePerson(ctx context.Context, tx *sql.Tx, pid int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT name, script, documents, as_name FROM person_spellings WHERE person_id = ?`, pid)
	if err != nil {
		return err
	}
	defer rows.Close()
	type spelling struct {
		name, script    string
		documents, main int
	}
	better := func(a, b spelling) bool {
		switch {
		case a.main != b.main:
			return a.main > b.main
		case a.documents != b.documents:
			return a.documents > b.documents
		case utf8.RuneCountInString(a.name) != utf8.RuneCountInString(b.name):
			return utf8.RuneCountInString(a.name) > utf8.RuneCountInString(b.name)
		}
		return a.name < b.name
	}
	var name, ar, en *spelling
	for rows.Next() {
		var s spelling
		if err := rows.Scan(&s.name, &s.script, &s.documents, &s.main); err != nil {
			return err
		}
		if name == nil || better(s, *name) {
			name = &s
		}
		if s.script == parse.ScriptArabic && (ar == nil || better(s, *ar)) {
			ar = &s
		}
		if s.script == parse.ScriptLatin && (en == nil || better(s, *en)) {
			en = &s
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	text := func(s *spelling) any {
		if s == nil {
			return nil
		}
		return s.name
	}
	n := ""
	if name != nil {
		n = name.name
	}
	_, err = tx.ExecContext(ctx, `UPDATE people SET name = ?, name_ar = ?, name_en = ? WHERE id = ?`, n, text(ar), text(en), pid)
	return err
}

func collectIDs(ctx context.Context, tx *sql.Tx, into map[int64]bool, query string, args ...any) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		into[id] = true
	}
	return rows.Err()
}

// jsonList is a list as JSON text, for SQL's json_each.
func jsonList[T any](v []T) string {
	if v == nil {
		return "[]"
	}
	b, _ := json.Marshal(v)
	return string(b)
}
