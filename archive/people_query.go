package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/hewar-archive/hewar/parse"
)

// PersonSummary is one person of the archive, as hewar people lists them.
type PersonSummary struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	NameAr    string `json:"name_ar"`
	NameEn    string `json:"name_en"`
	Documents int    `json:"documents"`
	Roles     string `json:"roles"` // interviewee, interviewer, or both, comma separated
}

// Person is one person with their spellings, documents and the people they
// may be (people_uncertain).
type Person struct {
	PersonSummary
	Spellings []PersonSpelling `json:"spellings"`
	In        []PersonDocument `json:"in"`
	MaybeSame []PersonSummary  `json:"maybe_same"` // people whose names are uncertain against this person's
}

// PersonSpelling is one written form of a person's name.
type PersonSpelling struct {
	Name       string   `json:"name"`
	Script     string   `json:"script"`
	Normalized string   `json:"normalized"`
	Seen       []string `json:"seen"`
	Documents  int      `json:"documents"`
}

// PersonDocument is a document that names the person.
type PersonDocument struct {
	DocKey string `json:"doc_key"`
	Role   string `json:"role"`
	Lang   string `json:"lang"`
	Issue  string `json:"magazine_issue"`
	Title  string `json:"title"`
	Status string `json:"status"`
}

// PersonQuestion is a question put to a person.
type PersonQuestion struct {
	DocKey string `json:"doc_key"`
	Lang   string `json:"lang"`
	Issue  string `json:"magazine_issue"`
	N      int    `json:"n"`
	Text   string `json:"question"`
}

// People lists every person, those in most documents first.
func (db *DB) People(ctx context.Context) ([]PersonSummary, error) {
	rows, err := db.db.QueryContext(ctx, personSummarySQL+` GROUP BY p.id ORDER BY documents DESC, p.name`)
	if err != nil {
		return nil, fmt.Errorf("people: %w", err)
	}
	defer rows.Close()
	out := []PersonSummary{}
	for rows.Next() {
		p, err := scanPersonSummary(rows)
		if err != nil {
			return nil, fmt.Errorf("people: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

const personSummarySQL = `SELECT p.id, p.name, coalesce(p.name_ar, ''), coalesce(p.name_en, ''),
	count(DISTINCT n.document_id) AS documents, group_concat(DISTINCT n.role)
	FROM people p JOIN person_names n ON n.person_id = p.id`

func scanPersonSummary(sc interface{ Scan(...any) error }) (PersonSummary, error) {
	var p PersonSummary
	err := sc.Scan(&p.ID, &p.Name, &p.NameAr, &p.NameEn, &p.Documents, &p.Roles)
	return p, err
}

// FindPerson returns the person s names: a person's id, a spelling as
// published, or any spelling of the same normalized form (parse.PersonKey:
// "Mostafa al-Kazemi" finds Mustafa Al-Kadhimi). It is an error, in one
// line, when no person or more than one has that name.
func (db *DB) FindPerson(ctx context.Context, s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New("no person given: pass a name (Mustafa Al-Kadhimi, مصطفى الكاظمي) or an id (hewar people lists them)")
	}
	if id, err := strconv.ParseInt(s, 10, 64); err == nil {
		var n int
		if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM people WHERE id = ?`, id).Scan(&n); err != nil {
			return 0, fmt.Errorf("find person: %w", err)
		}
		if n == 0 {
			return 0, fmt.Errorf("no person %d in the archive (hewar people lists them): %w", id, ErrNotFound)
		}
		return id, nil
	}
	for _, q := range []struct{ sql, arg string }{
		{`SELECT DISTINCT person_id FROM person_names WHERE name = ? ORDER BY person_id`, s},
		{`SELECT DISTINCT person_id FROM person_names WHERE normalized = ? ORDER BY person_id`, parse.PersonKey(s)},
	} {
		if q.arg == "" {
			continue
		}
		rows, err := db.db.QueryContext(ctx, q.sql, q.arg)
		if err != nil {
			return 0, fmt.Errorf("find person: %w", err)
		}
		var ids []string
		var first int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return 0, fmt.Errorf("find person: %w", err)
			}
			if len(ids) == 0 {
				first = id
			}
			ids = append(ids, strconv.FormatInt(id, 10))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, fmt.Errorf("find person: %w", err)
		}
		switch {
		case len(ids) == 1:
			return first, nil
		case len(ids) > 1:
			return 0, fmt.Errorf("%q names %d people (ids %s): give the id", s, len(ids), strings.Join(ids, ", "))
		}
	}
	return 0, fmt.Errorf("no person named %q in the archive (hewar people lists them; names are matched as written or by their normalized form): %w", s, ErrNotFound)
}

// Person returns person id with their spellings, documents and the people
// they may be.
func (db *DB) Person(ctx context.Context, id int64) (*Person, error) {
	summary, err := scanPersonSummary(db.db.QueryRowContext(ctx, personSummarySQL+` WHERE p.id = ? GROUP BY p.id`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("no person %d in the archive: %w", id, ErrNotFound)
	} else if err != nil {
		return nil, fmt.Errorf("person %d: %w", id, err)
	}
	p := &Person{PersonSummary: summary, Spellings: []PersonSpelling{}, In: []PersonDocument{}, MaybeSame: []PersonSummary{}}
	rows, err := db.db.QueryContext(ctx, `SELECT name, script, normalized, group_concat(DISTINCT seen), count(DISTINCT document_id)
		FROM person_names WHERE person_id = ? GROUP BY name, script, normalized ORDER BY count(DISTINCT document_id) DESC, name`, id)
	if err != nil {
		return nil, fmt.Errorf("person %d: %w", id, err)
	}
	for rows.Next() {
		var (
			s    PersonSpelling
			seen string
		)
		if err := rows.Scan(&s.Name, &s.Script, &s.Normalized, &seen, &s.Documents); err != nil {
			rows.Close()
			return nil, fmt.Errorf("person %d: %w", id, err)
		}
		s.Seen = strings.Split(seen, ",")
		p.Spellings = append(p.Spellings, s)
	}
	rows.Close()
	rows, err = db.db.QueryContext(ctx, `SELECT DISTINCT l.doc_key, n.role, coalesce(l.lang, ''), coalesce(l.magazine_issue, ''), coalesce(l.title, ''), l.status,
		coalesce(l.magazine_issue_first, 0)
		FROM person_names n JOIN latest l ON l.document_id = n.document_id WHERE n.person_id = ?
		ORDER BY 7, l.doc_key, n.role`, id)
	if err != nil {
		return nil, fmt.Errorf("person %d: %w", id, err)
	}
	for rows.Next() {
		var (
			d     PersonDocument
			order int
		)
		if err := rows.Scan(&d.DocKey, &d.Role, &d.Lang, &d.Issue, &d.Title, &d.Status, &order); err != nil {
			rows.Close()
			return nil, fmt.Errorf("person %d: %w", id, err)
		}
		p.In = append(p.In, d)
	}
	rows.Close()
	rows, err = db.db.QueryContext(ctx, personSummarySQL+` WHERE p.id IN (
		SELECT CASE WHEN person_a = ?1 THEN person_b ELSE person_a END FROM people_uncertain WHERE ?1 IN (person_a, person_b))
		GROUP BY p.id ORDER BY p.id`, id)
	if err != nil {
		return nil, fmt.Errorf("person %d: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		s, err := scanPersonSummary(rows)
		if err != nil {
			return nil, fmt.Errorf("person %d: %w", id, err)
		}
		p.MaybeSame = append(p.MaybeSame, s)
	}
	return p, rows.Err()
}

// QuestionsTo returns every question put to person id, in both languages,
// by magazine issue (the query docs/schema.md gives).
func (db *DB) QuestionsTo(ctx context.Context, id int64) ([]PersonQuestion, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT doc_key, lang, coalesce(magazine_issue, ''), n, question FROM qa_people
		WHERE answered_by = ? ORDER BY magazine_issue_first, lang, doc_key, n`, id)
	if err != nil {
		return nil, fmt.Errorf("questions: %w", err)
	}
	defer rows.Close()
	out := []PersonQuestion{}
	for rows.Next() {
		var q PersonQuestion
		if err := rows.Scan(&q.DocKey, &q.Lang, &q.Issue, &q.N, &q.Text); err != nil {
			return nil, fmt.Errorf("questions: %w", err)
		}
		out = append(out, q)
	}
	return out, rows.Err()
}
