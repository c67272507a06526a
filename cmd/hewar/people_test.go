package main

import (
	"strings"
	"testing"
)

// TestCLI_People: one person under spellings in two scripts, found by any
// of them; the questions put to them in both languages, by issue; an
// unknown person is one line and exit 1.
func TestCLI_People(t *testing.T) {
	db := demoArchive(t)
	r := hewarCmd(t, "people", "--db", db)
	if r.code != 0 || !strings.Contains(r.stdout, "Mustafa Al-Kadhimi / مصطفى الكاظمي") {
		t.Fatalf("hewar people: %v", r)
	}
	for _, name := range []string{"Mostafa al-Kazemi", "مصطفى الكاظمى", "Mr. Mustafa Al-Kadhimi"} {
		r := hewarCmd(t, "people", "--db", db, name)
		if r.code != 0 || !strings.Contains(r.stdout, "hewariraq.com/ar/post/708  interviewee") || !strings.Contains(r.stdout, "hewariraq.com/en/post/708  interviewee") {
			t.Errorf("hewar people %q: %v", name, r)
		}
	}
	r = hewarCmd(t, "people", "--db", db, "--questions", "Mustafa Al-Kadhimi")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "issue 49\n") || !strings.Contains(r.stdout, "  ar hewariraq.com/ar/post/708 #1  ") ||
		!strings.Contains(r.stdout, "  en hewariraq.com/en/post/708 #14  ") {
		t.Errorf("hewar people --questions: %v", r)
	}
	r = hewarCmd(t, "people", "--db", db, "Haider Salman")
	if r.code != 0 || !strings.Contains(r.stdout, "may be the same person as") || !strings.Contains(r.stdout, "Haider Abdul-Amir Salman / حيدر عبد الأمير") {
		t.Errorf("hewar people 'Haider Salman' does not show the uncertain match: %v", r)
	}
	for _, who := range []string{"Nobody Al-Nobody", "999999"} {
		r := hewarCmd(t, "people", "--db", db, who)
		if lines := r.errLines(); r.code != 1 || r.stdout != "" || len(lines) != 1 || !strings.Contains(lines[0], "no person") {
			t.Errorf("hewar people %q: %v; want exit 1 and one line", who, r)
		}
	}
	// A family name alone is not a person's name, but says whose it may be.
	for _, part := range []string{"Kazemi", "الكاظمي"} {
		r := hewarCmd(t, "people", "--db", db, part)
		if lines := r.errLines(); r.code != 1 || len(lines) != 1 || !strings.Contains(lines[0], "names that hold it: ") ||
			!strings.Contains(lines[0], " Mustafa Al-Kadhimi / مصطفى الكاظمي") {
			t.Errorf("hewar people %q: %v; want exit 1 and one line naming Mustafa Al-Kadhimi", part, r)
		}
	}
	if r := hewarCmd(t, "people", "--db", db, "--questions"); r.code != exitUsage {
		t.Errorf("hewar people --questions without a name: %v", r)
	}
}

// TestCLI_SearchFilters: listings only when asked; each pair hit names its
// pair; bad filter values are usage errors.
func TestCLI_SearchFilters(t *testing.T) {
	db := demoArchive(t)
	r := hewarCmd(t, "search", "--db", db, "--limit", "50", "kadhimi")
	if r.code != 0 || strings.Contains(r.stdout, "127.0.0.1/en") || !strings.Contains(r.stdout, "hewariraq.com/en/post/708 ") {
		t.Errorf("hewar search kadhimi lists listings, or not the interview: %v", r)
	}
	r = hewarCmd(t, "search", "--db", db, "--kind", "listing", "kadhimi")
	if r.code != 0 || !strings.Contains(r.stdout, "127.0.0.1/en") || strings.Contains(r.stdout, "post/708") {
		t.Errorf("hewar search --kind listing: %v", r)
	}
	r = hewarCmd(t, "search", "--db", db, "--qa", "--lang", "en", "quadripartite")
	if r.code != 0 || !strings.Contains(r.stdout, "hewariraq.com/en/post/708  pair ") || !strings.Contains(r.stdout, "    Q: ") {
		t.Errorf("hewar search --qa: %v", r)
	}
	r = hewarCmd(t, "search", "--db", db, "Al-Kadhimi")
	if strings.Contains(r.stdout, "[Al]") || !strings.Contains(r.stdout, "[Al-Kadhimi]") && !strings.Contains(r.stdout, "[al-Kadhimi]") {
		t.Errorf("hewar search Al-Kadhimi marks: %v", r)
	}
	for _, bad := range [][]string{{"--kind", "posts"}, {"--lang", "fr"}, {"--section", "sport"}, {"--since", "yesterday"}} {
		r := hewarCmd(t, append([]string{"search", "--db", db}, append(bad, "kadhimi")...)...)
		if r.code != exitUsage || len(r.errLines()) != 1 {
			t.Errorf("hewar search %v: %v; want exit 2, one line", bad, r)
		}
	}
}

// TestCLI_ChangesListingsApart: the listings a crawl changed are counted,
// and listed when asked.
func TestCLI_ChangesListingsApart(t *testing.T) {
	db := demoArchive(t)
	r := hewarCmd(t, "changes", "--db", db, "--crawl", "2")
	if r.code != 0 || strings.Contains(r.stdout, "127.0.0.1/en ") || !strings.Contains(r.stdout, "2 listings changed (hewar changes --kind listing)") {
		t.Errorf("hewar changes --crawl 2: %v", r)
	}
	r = hewarCmd(t, "changes", "--db", db, "--crawl", "2", "--kind", "listing")
	if r.code != 0 || !strings.Contains(r.stdout, "127.0.0.1/en v2") || strings.Contains(r.stdout, "post/708") {
		t.Errorf("hewar changes --kind listing: %v", r)
	}
	r = hewarCmd(t, "changes", "--db", db, "--crawl", "2", "--kind", "all", "--json")
	if r.code != 0 || !strings.Contains(r.stdout, `"kind": "listing"`) || !strings.Contains(r.stdout, `"kind": "interview"`) {
		t.Errorf("hewar changes --kind all --json: %v", r)
	}
}
