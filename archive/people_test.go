package archive_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/fixtures"
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
	return sortedStrings(t, db, `SELECT group_concat(x, ' | ') FROM (SELECT DISTINCT n.person_id, d.doc_key || ' ' || n.role AS x
		FROM person_names n JOIN documents d ON d.id = n.document_id ORDER BY x) GROUP BY person_id`)
}

// sortedStrings is the one column of text query returns, sorted.
func sortedStrings(t *testing.T, db *archive.DB, query string) []string {
	t.Helper()
	rows, err := db.SQLDB().Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

func uncertainPairs(t *testing.T, db *archive.DB) []string {
	t.Helper()
	return sortedStrings(t, db, `SELECT min(name_a, name_b) || ' ~ ' || max(name_a, name_b) FROM people_uncertain`)
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
	db = rebuildPeople(t, db)
	if got := personGroups(t, db); !slices.Equal(got, before) {
		t.Errorf("rebuilt people:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(before, "\n"))
	}
	if got := uncertainPairs(t, db); !slices.Equal(got, beforeU) {
		t.Errorf("rebuilt people_uncertain: %q, want %q", got, beforeU)
	}
}

// peopleState is everything the archive says of its people, with each
// person named by their mentions instead of by id: the people with their
// names and counted spellings, name_matches and people_uncertain.
func peopleState(t *testing.T, db *archive.DB) []string {
	t.Helper()
	// person_spellings holds exactly what person_names and versions count.
	for _, q := range []string{`SELECT count(*) FROM (SELECT person_id, name, script, normalized, documents, as_name FROM person_spellings
		EXCEPT SELECT * FROM counted)`, `SELECT count(*) FROM (SELECT * FROM counted
		EXCEPT SELECT person_id, name, script, normalized, documents, as_name FROM person_spellings)`} {
		q = `WITH counted AS (SELECT person_id, name, min(script), min(normalized), count(*), sum(main) FROM (
			SELECT n.person_id, n.name, n.script, n.normalized, n.document_id,
				max(coalesce(n.name = CASE n.role WHEN 'interviewee' THEN v.interviewee ELSE v.interviewer END, 0)) AS main
			FROM person_names n JOIN versions v ON v.id = n.version_id GROUP BY n.person_id, n.name, n.document_id)
			GROUP BY person_id, name) ` + q
		if n := queryInt(t, db, q); n != 0 {
			t.Errorf("person_spellings: %d rows differ from what person_names counts", n)
		}
	}
	// Each person is named by the rule, read from person_names alone.
	if n := queryInt(t, db, `WITH s AS (SELECT n.person_id, n.name, n.script,
			count(DISTINCT CASE WHEN n.name = (CASE n.role WHEN 'interviewee' THEN v.interviewee ELSE v.interviewer END)
				THEN n.document_id END) AS main, count(DISTINCT n.document_id) AS docs
			FROM person_names n JOIN versions v ON v.id = n.version_id GROUP BY n.person_id, n.name, n.script)
		SELECT count(*) FROM people p
		WHERE p.name IS NOT coalesce((SELECT name FROM s WHERE s.person_id = p.id ORDER BY main DESC, docs DESC, length(name) DESC, name LIMIT 1), '')
			OR p.name_ar IS NOT (SELECT name FROM s WHERE s.person_id = p.id AND script = 'Arab' ORDER BY main DESC, docs DESC, length(name) DESC, name LIMIT 1)
			OR p.name_en IS NOT (SELECT name FROM s WHERE s.person_id = p.id AND script = 'Latn' ORDER BY main DESC, docs DESC, length(name) DESC, name LIMIT 1)`); n != 0 {
		t.Errorf("%d people named otherwise than by their spellings", n)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM people WHERE id NOT IN (SELECT person_id FROM person_names)`); n != 0 {
		t.Errorf("%d people without a name", n)
	}
	return sortedStrings(t, db, `WITH who AS (SELECT person_id, group_concat(x, ' | ') AS mentions FROM (
			SELECT DISTINCT n.person_id, d.doc_key || ' ' || n.role AS x
			FROM person_names n JOIN documents d ON d.id = n.document_id ORDER BY x) GROUP BY person_id)
		SELECT 'person ' || w.mentions || ' = ' || p.name || ' / ' || coalesce(p.name_ar, '-') || ' / ' || coalesce(p.name_en, '-')
			|| ': ' || (SELECT group_concat(s, ', ') FROM (SELECT s.name || ' ' || s.documents || '/' || s.as_name AS s
				FROM person_spellings s WHERE s.person_id = p.id ORDER BY s.name))
		FROM people p JOIN who w ON w.person_id = p.id
		UNION ALL SELECT 'match ' || a || ' ~ ' || b || ' ' || match FROM name_matches
		UNION ALL SELECT 'uncertain ' || min(name_a, name_b) || ' ~ ' || max(name_a, name_b) FROM people_uncertain`)
}

// rebuildPeople reopens the archive as one built with another folding,
// which fills the derived tables again from the versions, one document
// after the other.
func rebuildPeople(t *testing.T, db *archive.DB) *archive.DB {
	t.Helper()
	path := db.Path()
	if _, err := db.SQLDB().Exec(`UPDATE archive_info SET value = 'old' WHERE key = 'search_normalization'`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err := archive.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestPeople_IncrementalIsTheRebuild: people kept up to date one capture
// at a time, whatever order the captures arrive in (so that documents gain
// names, lose them, join two people and split them again), and after a
// reparse that reads some names otherwise, are the people a rebuild forms
// from the versions alone: the same mentions, names and counted spellings.
func TestPeople_IncrementalIsTheRebuild(t *testing.T) {
	type capture struct {
		at   time.Duration
		doc  *parse.Document // nil: the page answered 404
		body string
	}
	docs := peopleCorpus()
	caps := make([]capture, 0, 16)
	for i, d := range docs {
		caps = append(caps, capture{time.Duration(i) * time.Minute, d, d.DocKey + " 1"})
	}
	more := []struct {
		at  time.Duration
		doc *parse.Document
	}{
		// Joins al-Hakim and al-Hakimi, until its next version drops the alias.
		{10 * time.Minute, named("hewariraq.com/en/post/904", "Both", "", "Ammar al-Hakim", "Ammar al-Hakimi")},
		{70 * time.Minute, named("hewariraq.com/en/post/904", "Both", "", "Ammar al-Hakim")},
		// The Arabic version of 902 is its interviewee, and its interviewer.
		{11 * time.Minute, named("hewariraq.com/ar/post/902", "عمار الحكيم", "علي حسين", "عمار الحكيم")},
		// One name in both roles of one page.
		{12 * time.Minute, named("hewariraq.com/en/post/905", "Self", "Ali Hussein Obaid", "Ali Hussein Obaid")},
		// A page that names another person in its next version, then the first again.
		{13 * time.Minute, named("hewariraq.com/en/post/906", "Turn", "", "Mostafa Kadhemi")},
		{80 * time.Minute, named("hewariraq.com/en/post/906", "Turn", "", "Ammar al-Hakimi")},
		{90 * time.Minute, named("hewariraq.com/en/post/906", "Turn", "", "Mr. Mustafa al-Kazemi")},
		// A new version of 708 that gives more spellings.
		{60 * time.Minute, named("hewariraq.com/en/post/708", "Interview with Mr. Mustafa Al-Kadhimi", "", "Mustafa Al-Kadhimi", "Al-Kazemi", "Mostafa Kadhemi")},
	}
	for i, m := range more {
		caps = append(caps, capture{m.at, m.doc, fmt.Sprintf("%s %d", m.doc.DocKey, i+2)})
	}
	caps = append(caps, capture{100 * time.Minute, nil, "gone"}) // post 903 removed: it keeps its people
	url := func(c capture) string {
		if c.doc == nil {
			return docs[5].URL
		}
		return c.doc.URL
	}
	ingest := func(t *testing.T, db *archive.DB, order []capture) {
		c := MustBeginCrawl(t, db)
		for _, x := range order {
			if x.doc == nil {
				mustIngest(t, db, c, status(url(x), 404, t0.Add(x.at)), nil)
				continue
			}
			mustIngest(t, db, c, page(url(x), x.body, t0.Add(x.at)), x.doc)
		}
	}

	inOrder := MustOpenDB(t)
	ingest(t, inOrder, caps)
	want := peopleState(t, inOrder)
	if !slices.ContainsFunc(want, func(s string) bool {
		return strings.HasPrefix(s, "person hewariraq.com/en/post/902 interviewee | hewariraq.com/ar/post/902 interviewee")
	}) &&
		!slices.ContainsFunc(want, func(s string) bool {
			return strings.HasPrefix(s, "person hewariraq.com/ar/post/902 interviewee | hewariraq.com/en/post/902 interviewee |")
		}) {
		t.Errorf("the two language versions of 902 are not one person:\n%s", strings.Join(want, "\n"))
	}
	inOrder = rebuildPeople(t, inOrder)
	if got := peopleState(t, inOrder); !slices.Equal(got, want) {
		t.Errorf("rebuilt:\n%s\nwant (one capture at a time)\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for seed := range uint64(8) {
		order := slices.Clone(caps)
		rand.New(rand.NewPCG(seed, 2)).Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		db := MustOpenDB(t)
		ingest(t, db, order)
		if got := peopleState(t, db); !slices.Equal(got, want) {
			t.Errorf("order %d:\n%s\nwant (in time order)\n%s", seed, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}

	// A newer parser reads the interviewer of 900 without his last name
	// and finds an alias in 902: one person fewer, another joined.
	byBody := map[string]*parse.Document{}
	for _, c := range caps {
		if c.doc != nil {
			byBody[c.body] = c.doc
		}
	}
	newer := func(c *archive.Capture) (*parse.Document, error) {
		d, ok := byBody[string(c.Body)]
		if !ok {
			return nil, nil
		}
		n := *d
		n.Parser.Version = "2"
		switch n.DocKey {
		case "hewariraq.com/en/post/900":
			n.Interviewer = "Ali Hussein"
		case "hewariraq.com/en/post/902":
			n.Interviewee = &parse.Person{Name: "Ammar al-Hakim", Aliases: []string{"Ammar al-Hakimi"}}
		}
		n.ContentHash = parse.ContentHash(&n)
		return &n, nil
	}
	if _, err := inOrder.Reparse(context.Background(), newer); err != nil {
		t.Fatal(err)
	}
	reparsed := peopleState(t, inOrder)
	if slices.Equal(reparsed, want) {
		t.Fatal("the reparse changed no one")
	}
	if got := peopleState(t, rebuildPeople(t, inOrder)); !slices.Equal(got, reparsed) {
		t.Errorf("rebuilt after the reparse:\n%s\nwant (as the reparse left them)\n%s", strings.Join(got, "\n"), strings.Join(reparsed, "\n"))
	}
}

// TestPeople_NameMatchesAreEveryPairThatSharesAnOutline: name_matches,
// kept one new spelling at a time through name_blocks, holds exactly the
// pairs of held spellings of one script that share an outline of a word
// (parse.NameBlocks) and that parse.CompareNames does not find different:
// what comparing every new spelling with every held one, and keeping the
// pairs that share an outline, gives. The people are the replica's, the
// synthetic site's, this file's corpus, and many made-up names with their
// variants (a title added, a vowel changed, the family name alone).
func TestPeople_NameMatchesAreEveryPairThatSharesAnOutline(t *testing.T) {
	docs := peopleCorpus()
	site := fixtures.NewSite()
	_, _, sitemap := site.Render(1, "/sitemap.xml", t0)
	for _, m := range regexp.MustCompile(`<loc>([^<]+)</loc>`).FindAllStringSubmatch(string(sitemap), -1) {
		path := strings.TrimPrefix(m[1], "http://127.0.0.1")
		status, hdr, body := site.Render(1, path, t0)
		if status != 200 {
			continue
		}
		if d, err := parse.Parse(m[1], hdr.Get("Content-Type"), body, t0); err == nil && d.Kind == parse.KindInterview {
			docs = append(docs, d)
		}
	}
	_, synth := synthSite(t, 120)
	for _, p := range synth {
		if p.doc != nil && p.doc.Kind == parse.KindInterview {
			docs = append(docs, p.doc)
		}
	}
	for i := range 240 {
		arabic := i%2 == 1
		lang := map[bool]string{false: "en", true: "ar"}[arabic]
		who := syntheticName(i, arabic)
		first, family, _ := strings.Cut(who, " ")
		variants := []string{who}
		if i%3 == 0 {
			variants = append(variants, family)
		}
		if !arabic && i%4 == 0 {
			variants = append(variants, "Dr. "+first+" "+strings.Replace(family, "a", "e", 1))
		}
		for j, v := range variants {
			key := fmt.Sprintf("hewariraq.com/%s/post/%d", lang, 20000+10*i+j)
			docs = append(docs, named(key, "Interview with "+v, "", v))
		}
	}

	db := MustOpenDB(t)
	c := MustBeginCrawl(t, db)
	for i, d := range docs {
		mustIngest(t, db, c, page(d.URL, d.Title, t0.Add(time.Duration(i)*time.Second)), d)
	}
	got := sortedStrings(t, db, `SELECT a || ' ~ ' || b || ' ' || match FROM name_matches`)

	type spelling struct{ name, script, key string }
	var held []spelling
	rows, err := db.SQLDB().Query(`SELECT DISTINCT name, script, normalized FROM person_spellings ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s spelling
		if err := rows.Scan(&s.name, &s.script, &s.key); err != nil {
			t.Fatal(err)
		}
		held = append(held, s)
	}
	rows.Close()
	var want []string
	for i, a := range held {
		for _, b := range held[i:] {
			ba, bb := parse.NameBlocks(a.key), parse.NameBlocks(b.key)
			if a.script != b.script || !slices.ContainsFunc(ba, func(x string) bool { return slices.Contains(bb, x) }) {
				continue
			}
			if m := parse.CompareNames(a.name, b.name); m != parse.NamesDifferent {
				want = append(want, a.name+" ~ "+b.name+" "+m.String())
			}
		}
	}
	sort.Strings(want)
	t.Logf("%d spellings held, %d pairs", len(held), len(want))
	if len(held) < 300 || len(want) < len(held)+50 {
		t.Fatalf("%d spellings, %d pairs: too few for this test", len(held), len(want))
	}
	if !slices.Equal(got, want) {
		var missing, extra []string
		for _, w := range want {
			if !slices.Contains(got, w) {
				missing = append(missing, w)
			}
		}
		for _, g := range got {
			if !slices.Contains(want, g) {
				extra = append(extra, g)
			}
		}
		t.Errorf("name_matches differs from every pair that shares an outline: %d missing %q, %d extra %q", len(missing), missing, len(extra), extra)
	}
}
