package archive_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/parse"
)

// named is an interview of key whose interviewee is who (with aliases) and
// whose interviewer is by ("" for the magazine).
func named(key, title, by, who string, aliases ...string) *parse.Document {
	d := interview(key, title, "A question about "+who+"?", "An answer.")
	if strings.Contains(key, "/ar/") {
		d.Lang = "ar"
	}
	if aliases == nil {
		aliases = []string{}
	}
	d.Interviewee = &parse.Person{Name: who, Aliases: aliases}
	d.Interviewer = by
	if by == "" {
		d.Interviewer = "Dialogue of Thought"
	}
	d.ContentHash = parse.ContentHash(d)
	return d
}

// peopleCorpus is a small archive's worth of interviews: one person under
// five spellings in two scripts, two people whose names differ by a nisba,
// an interviewer written short and long.
func peopleCorpus() []*parse.Document {
	return []*parse.Document{
		named("hewariraq.com/en/post/708", "Interview with Mr. Mustafa Al-Kadhimi", "", "Mustafa Al-Kadhimi", "Al-Kazemi"),
		named("hewariraq.com/ar/post/708", "حوار مع السيد مصطفى الكاظمي", "", "مصطفى الكاظمي"),
		named("hewariraq.com/en/post/900", "Mostafa Kadhemi on security", "Ali Hussein Obaid", "Mostafa Kadhemi"),
		named("hewariraq.com/ar/post/901", "السيد مصطفى الكاظمى", "", "مصطفى الكاظمى"),
		named("hewariraq.com/en/post/902", "Ammar al-Hakim", "Ali Hussein", "Ammar al-Hakim"),
		named("hewariraq.com/en/post/903", "Ammar al-Hakimi", "", "Ammar al-Hakimi"),
	}
}

// personGroups is the people of an archive as sets of "doc_key role".
func personGroups(t *testing.T, db *archive.DB) []string {
	t.Helper()
	rows, err := db.SQLDB().Query(`SELECT group_concat(x, ' | ') FROM (SELECT DISTINCT n.person_id, d.doc_key || ' ' || n.role AS x
		FROM person_names n JOIN documents d ON d.id = n.document_id ORDER BY x) GROUP BY person_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var g string
		if err := rows.Scan(&g); err != nil {
			t.Fatal(err)
		}
		out = append(out, g)
	}
	sort.Strings(out)
	return out
}

func uncertainPairs(t *testing.T, db *archive.DB) []string {
	t.Helper()
	rows, err := db.SQLDB().Query(`SELECT name_a, name_b FROM people_uncertain`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a, b string
		if err := rows.Scan(&a, &b); err != nil {
			t.Fatal(err)
		}
		pair := []string{a, b}
		slices.Sort(pair)
		out = append(out, strings.Join(pair, " ~ "))
	}
	sort.Strings(out)
	return out
}

func TestPeople_MergeByTheRuleInAnyOrder(t *testing.T) {
	want := []string{
		"hewariraq.com/ar/post/708 interviewee | hewariraq.com/ar/post/901 interviewee | hewariraq.com/en/post/708 interviewee | hewariraq.com/en/post/900 interviewee",
		"hewariraq.com/en/post/900 interviewer",
		"hewariraq.com/en/post/902 interviewee",
		"hewariraq.com/en/post/902 interviewer",
		"hewariraq.com/en/post/903 interviewee",
	}
	wantUncertain := []string{"Ali Hussein ~ Ali Hussein Obaid"}
	docs := peopleCorpus()
	for seed := range uint64(6) {
		order := slices.Clone(docs)
		if seed > 0 {
			r := rand.New(rand.NewPCG(seed, 1))
			r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		}
		t.Run(fmt.Sprint("order ", seed), func(t *testing.T) {
			db := MustOpenDB(t)
			c := MustBeginCrawl(t, db)
			for i, d := range order {
				mustIngest(t, db, c, page(d.URL, d.Title, t0.Add(time.Duration(i)*time.Minute)), d)
			}
			if got := personGroups(t, db); !slices.Equal(got, want) {
				t.Errorf("people:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if got := uncertainPairs(t, db); !slices.Equal(got, wantUncertain) {
				t.Errorf("people_uncertain: %q, want %q", got, wantUncertain)
			}
			if n := queryInt(t, db, `SELECT count(*) FROM people`); n != int64(len(want)) {
				t.Errorf("%d rows in people, want %d (no person without a name)", n, len(want))
			}
			var ar, en string
			if err := db.SQLDB().QueryRow(`SELECT coalesce(name_ar, ''), coalesce(name_en, '') FROM people p JOIN person_names n ON n.person_id = p.id
				WHERE n.name = 'Mostafa Kadhemi'`).Scan(&ar, &en); err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(ar, "مصطفى الكاظم") || en != "Mustafa Al-Kadhimi" && en != "Mostafa Kadhemi" {
				t.Errorf("the person's names: %q, %q", ar, en)
			}
		})
	}
}

// TestPeople_FollowTheVersions: a new version that names someone else takes
// its mention out of the person; a removal keeps the people of the last
// version; the questions put to a person come in both languages.
func TestPeople_FollowTheVersions(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	c := MustBeginCrawl(t, db)
	a := named("hewariraq.com/en/post/1", "One", "", "Mustafa Al-Kadhimi")
	b := named("hewariraq.com/en/post/2", "Two", "", "Mr. Mustafa al-Kazemi")
	ar := named("hewariraq.com/ar/post/1", "واحد", "", "مصطفى الكاظمي")
	for i, d := range []*parse.Document{a, b, ar} {
		mustIngest(t, db, c, page(d.URL, "x", t0.Add(time.Duration(i)*time.Minute)), d)
	}
	kadhimi := queryInt(t, db, `SELECT person_id FROM person_names WHERE name = 'Mustafa Al-Kadhimi'`)
	if n := queryInt(t, db, `SELECT count(DISTINCT person_id) FROM person_names`); n != 1 {
		t.Fatalf("%d people, want 1", n)
	}
	// The questions put to him, in both languages.
	if n := queryInt(t, db, `SELECT count(*) FROM qa_people WHERE answered_by = ?`, kadhimi); n != 3 {
		t.Errorf("qa_people: %d questions put to him, want 3", n)
	}
	if n := queryInt(t, db, `SELECT count(DISTINCT lang) FROM qa_people WHERE answered_by = ?`, kadhimi); n != 2 {
		t.Errorf("qa_people: questions in %d languages, want 2", n)
	}

	b2 := named("hewariraq.com/en/post/2", "Two", "", "Ammar al-Hakim")
	mustIngest(t, db, c, page(b2.URL, "y", t0.Add(time.Hour)), b2)
	if got, want := personGroups(t, db), []string{
		"hewariraq.com/ar/post/1 interviewee | hewariraq.com/en/post/1 interviewee",
		"hewariraq.com/en/post/2 interviewee",
	}; !slices.Equal(got, want) {
		t.Errorf("after post 2 named another: %q, want %q", got, want)
	}
	if id := queryInt(t, db, `SELECT person_id FROM person_names WHERE name = 'Mustafa Al-Kadhimi'`); id != kadhimi {
		t.Errorf("the person's id changed from %d to %d", kadhimi, id)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM name_matches WHERE a LIKE '%Kazemi%' OR b LIKE '%Kazemi%'`); n != 0 {
		t.Errorf("%d matches of a spelling no document shows", n)
	}

	mustIngest(t, db, c, status(a.URL, 404, t0.Add(2*time.Hour)), nil)
	if n := queryInt(t, db, `SELECT count(*) FROM document_people WHERE doc_key = 'hewariraq.com/en/post/1'`); n != 1 {
		t.Errorf("a removed interview lost its people: %d", n)
	}
	if _, err := db.Search(ctx, archive.SearchQuery{Query: "kadhimi"}); err != nil {
		t.Fatal(err)
	}
}

// TestPeople_RebuildIsTheSame: the people formed one document at a time are
// the people formed again from the versions (as for an archive of schema 1,
// or after a new folding).
func TestPeople_RebuildIsTheSame(t *testing.T) {
	db := MustOpenDB(t)
	c := MustBeginCrawl(t, db)
	for i, d := range peopleCorpus() {
		mustIngest(t, db, c, page(d.URL, d.Title, t0.Add(time.Duration(i)*time.Minute)), d)
	}
	before, beforeU := personGroups(t, db), uncertainPairs(t, db)
	path := db.Path()
	if _, err := db.SQLDB().Exec(`UPDATE archive_info SET value = 'old' WHERE key = 'search_normalization'`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err := archive.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := personGroups(t, db); !slices.Equal(got, before) {
		t.Errorf("rebuilt people:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(before, "\n"))
	}
	if got := uncertainPairs(t, db); !slices.Equal(got, beforeU) {
		t.Errorf("rebuilt people_uncertain: %q, want %q", got, beforeU)
	}
}
