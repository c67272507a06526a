package archive

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"sort"

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
// table from the versions.

// mentionKey names a mention: a document and a role.
type mentionKey struct {
	doc  int64
	role string
}

// refreshPeople replaces the people rows of document docID with those of
// doc, the document's latest present version (versionID; nil when it never
// had one), and re-forms the people those mentions touch.
func refreshPeople(ctx context.Context, tx *sql.Tx, docID int64, docKey string, versionID int64, doc *parse.Document) error {
	if err := refreshPeopleErr(ctx, tx, docID, docKey, versionID, doc); err != nil {
		return fmt.Errorf("people of %s: %w", docKey, err)
	}
	return nil
}

func refreshPeopleErr(ctx context.Context, tx *sql.Tx, docID int64, docKey string, versionID int64, doc *parse.Document) error {
	// What the document named before, and the people it was part of.
	oldPerson := map[string]int64{} // role -> person
	var oldNames []string
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT role, person_id, name FROM person_names WHERE document_id = ?`, docID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var (
			role, name string
			pid        int64
		)
		if err := rows.Scan(&role, &pid, &name); err != nil {
			rows.Close()
			return err
		}
		oldPerson[role] = pid
		oldNames = append(oldNames, name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM person_names WHERE document_id = ?`, docID); err != nil {
		return err
	}
	// Spellings no document shows any more lose their matches.
	for _, n := range oldNames {
		if _, err := tx.ExecContext(ctx, `DELETE FROM name_matches WHERE (a = ?1 OR b = ?1)
			AND NOT EXISTS (SELECT 1 FROM person_names WHERE name = ?1)`, n); err != nil {
			return err
		}
	}

	var mentions []parse.Mention
	if doc != nil {
		mentions = parse.Mentions(doc)
	}
	if err := matchNewNames(ctx, tx, mentions); err != nil {
		return err
	}

	// The people these mentions may join or leave.
	affected := map[int64]bool{}
	for _, p := range oldPerson {
		affected[p] = true
	}
	var names []string
	for _, m := range mentions {
		for _, s := range m.Spellings {
			names = append(names, s.Name)
		}
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
	rows, err = tx.QueryContext(ctx, `SELECT document_id, role, person_id, name FROM person_names
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
		for _, s := range m.Spellings {
			spellings[k] = append(spellings[k], s.Name)
		}
		if p, ok := oldPerson[m.Role]; ok {
			previous[k] = p
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
		slices.Sort(cands)
		var pid int64
		if len(cands) > 0 {
			pid = cands[0]
		} else {
			r, err := tx.ExecContext(ctx, `INSERT INTO people (name) VALUES ('')`)
			if err != nil {
				return err
			}
			pid, _ = r.LastInsertId()
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
	for _, m := range mentions {
		pid := personOf[mentionKey{docID, m.Role}]
		for _, s := range m.Spellings {
			for _, seen := range s.Seen {
				if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO person_names
					(person_id, document_id, role, name, script, normalized, seen, version_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
					pid, docID, m.Role, s.Name, s.Script, s.Key, seen, versionID); err != nil {
					return err
				}
			}
		}
	}
	for p := range affected {
		if !claimed[p] {
			if _, err := tx.ExecContext(ctx, `DELETE FROM people WHERE id = ?`, p); err != nil {
				return err
			}
		}
	}
	for _, pid := range kept {
		if err := namePerson(ctx, tx, pid); err != nil {
			return err
		}
	}
	return nil
}

// matchNewNames records in name_matches how each spelling of mentions that
// no document shows yet compares with every spelling the archive holds (and
// with the others of mentions). Spellings already held were compared when
// they came.
func matchNewNames(ctx context.Context, tx *sql.Tx, mentions []parse.Mention) error {
	var fresh []parse.Spelling
	var all []parse.Spelling
	for _, m := range mentions {
		for _, s := range m.Spellings {
			if slices.ContainsFunc(all, func(o parse.Spelling) bool { return o.Name == s.Name }) {
				continue
			}
			all = append(all, s)
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM person_names WHERE name = ?`, s.Name).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				fresh = append(fresh, s)
			}
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	type held struct{ name, key string }
	heldBy := map[string][]held{} // script -> spellings held
	for _, script := range []string{parse.ScriptArabic, parse.ScriptLatin} {
		if !slices.ContainsFunc(fresh, func(s parse.Spelling) bool { return s.Script == script }) {
			continue
		}
		rows, err := tx.QueryContext(ctx, `SELECT DISTINCT name, normalized FROM person_names WHERE script = ?`, script)
		if err != nil {
			return err
		}
		for rows.Next() {
			var h held
			if err := rows.Scan(&h.name, &h.key); err != nil {
				rows.Close()
				return err
			}
			heldBy[script] = append(heldBy[script], h)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	for _, s := range all {
		heldBy[s.Script] = append(heldBy[s.Script], held{s.Name, s.Key})
	}
	record := func(a, b string) error {
		if b < a {
			a, b = b, a
		}
		m := parse.CompareNames(a, b)
		if m == parse.NamesDifferent {
			return nil
		}
		_, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO name_matches (a, b, match) VALUES (?, ?, ?)`, a, b, m.String())
		return err
	}
	done := map[[2]string]bool{}
	for _, s := range fresh {
		blocks := parse.NameBlocks(s.Key)
		for _, h := range heldBy[s.Script] {
			pair := [2]string{min(s.Name, h.name), max(s.Name, h.name)}
			if done[pair] || !sharesBlock(blocks, parse.NameBlocks(h.key)) {
				continue
			}
			done[pair] = true
			if err := record(s.Name, h.name); err != nil {
				return err
			}
		}
	}
	return nil
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

// namePerson sets a person's names from their spellings: the spelling most
// documents give as the name itself (not an alias), then the one most
// documents show, then the longest; the same among Arabic and among Latin
// spellings for name_ar and name_en.
func namePerson(ctx context.Context, tx *sql.Tx, pid int64) error {
	_, err := tx.ExecContext(ctx, `WITH s AS (
		SELECT n.name, n.script,
			count(DISTINCT CASE WHEN n.name = (CASE n.role WHEN 'interviewee' THEN v.interviewee ELSE v.interviewer END)
				THEN n.document_id END) AS main,
			count(DISTINCT n.document_id) AS docs
		FROM person_names n JOIN versions v ON v.id = n.version_id
		WHERE n.person_id = ?1 GROUP BY n.name, n.script)
	UPDATE people SET
		name = coalesce((SELECT name FROM s ORDER BY main DESC, docs DESC, length(name) DESC, name LIMIT 1), ''),
		name_ar = (SELECT name FROM s WHERE script = 'Arab' ORDER BY main DESC, docs DESC, length(name) DESC, name LIMIT 1),
		name_en = (SELECT name FROM s WHERE script = 'Latn' ORDER BY main DESC, docs DESC, length(name) DESC, name LIMIT 1)
	WHERE id = ?1`, pid)
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
