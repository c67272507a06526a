package main

import (
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hewar-archive/hewar/archive"
)

// docRows is what an example returned: each row, its columns by name, each
// value as sqlite3 prints it.
type docRows []map[string]string

// col is the column name of every row, in order.
func (r docRows) col(name string) []string {
	var out []string
	for _, row := range r {
		out = append(out, row[name])
	}
	return out
}

// has reports whether a row holds every column value of want.
func (r docRows) has(want map[string]string) bool {
	for _, row := range r {
		ok := true
		for k, v := range want {
			ok = ok && row[k] == v
		}
		if ok {
			return true
		}
	}
	return false
}

// TestDocs_SQLExamplesShowWhatTheySay: the SQL examples of docs/schema.md
// and docs/people.md return, on the demo archive, what their titles say
// (TestDocs_SQLExamples runs every example and wants a row; this reads the
// rows). The demo archive has two crawls of the replica, a third of the
// re-themed site that changed nothing, and a Wayback backfill, run 4, whose
// captures are of 2019. Before, "What the last crawl with changes changed"
// showed the backfill's additions of 2019: its query took the last run with
// changes, which was no crawl.
func TestDocs_SQLExamplesShowWhatTheySay(t *testing.T) {
	db := demoArchive(t)
	conn, err := sql.Open("sqlite3", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var listings []string
	rows, err := conn.Query(`SELECT doc_key FROM latest WHERE kind = 'listing'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k string
		rows.Scan(&k)
		listings = append(listings, k)
	}
	rows.Close()
	const key708 = "hewariraq.com/en/post/708"
	checks := map[string]func(r docRows) string{
		"What the archive holds": func(r docRows) string {
			for _, kind := range []string{"interview", "article", "page", "listing"} {
				for _, lang := range []string{"ar", "en"} {
					if !r.has(map[string]string{"kind": kind, "lang": lang}) {
						return "no " + kind + " in " + lang
					}
				}
			}
			return ""
		},
		"Every interview with its magazine issue, newest issue first (by number: 83-84 after 61)": func(r docRows) string {
			issues := r.col("magazine_issue")
			prev := 1 << 30
			for _, is := range issues {
				n, err := strconv.Atoi(strings.Split(is, "-")[0])
				if err != nil || n > prev {
					return fmt.Sprintf("issues %v are not by number, newest first", issues)
				}
				prev = n
			}
			if !slices.Contains(issues, "83-84") || !slices.Contains(issues, "61") {
				return fmt.Sprintf("issues %v lack 83-84 or 61", issues)
			}
			return ""
		},
		"Every question put to one person, in both languages, by magazine issue": func(r docRows) string {
			if langs := r.col("lang"); !slices.Contains(langs, "ar") || !slices.Contains(langs, "en") {
				return fmt.Sprintf("languages %v, want ar and en", langs)
			}
			return ""
		},
		// docs/people.md's.
		"Every question put to Mustafa Al-Kadhimi, whatever the spelling, by issue": func(r docRows) string {
			if langs := r.col("lang"); !slices.Contains(langs, "ar") || !slices.Contains(langs, "en") {
				return fmt.Sprintf("languages %v, want ar and en", langs)
			}
			return ""
		},
		"Who interviewed whom, in each language": func(r docRows) string {
			if !r.has(map[string]string{"lang": "ar", "doc_key": "hewariraq.com/ar/post/777", "interviewee": "Suad Jabbar Al-Hamdani"}) {
				return "no Arabic interview of Suad Jabbar Al-Hamdani"
			}
			return ""
		},
		"The Arabic and the English version of each post": func(r docRows) string {
			for _, row := range r {
				if row["ar_title"] == "" || row["en_title"] == "" {
					return fmt.Sprintf("post %s lacks a title", row["post_id"])
				}
			}
			return ""
		},
		"Posts whose two versions disagree on the issue or a date": func(r docRows) string {
			if !r.has(map[string]string{"post_id": "708", "field": "magazine_date"}) || !r.has(map[string]string{"post_id": "777", "field": "magazine_issue", "ar": "83-84", "en": "83"}) {
				return "not 708's date and 777's issue"
			}
			return ""
		},
		"The questions of one interview": func(r docRows) string {
			for i, n := range r.col("n") {
				if n != strconv.Itoa(i+1) {
					return fmt.Sprintf("pair %s at row %d", n, i+1)
				}
			}
			return ""
		},
		"What the last crawl with changes changed": func(r docRows) string {
			want := []string{"hewariraq.com/en/post/830 added", "hewariraq.com/en/post/802 modified", "hewariraq.com/en/post/803 removed", key708 + " modified"}
			var got []string
			for _, row := range r {
				if !slices.Contains(listings, row["doc_key"]) {
					got = append(got, row["doc_key"]+" "+row["change"])
				}
			}
			// Changes seen at the same time come in no set order.
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				return fmt.Sprintf("changes %v, want crawl 2's %v", got, want)
			}
			return ""
		},
		"Every version of one document, and what changed in each": func(r docRows) string {
			if len(r) != 2 || !strings.Contains(r[1]["changed"], "qa[5].answer") {
				return "not 708's two versions, the second with qa[5].answer changed"
			}
			return ""
		},
		"Each edited answer, before and after (the pair's number in each version)": func(r docRows) string {
			for _, row := range r {
				if row["doc_key"] == key708 && strings.Contains(row["before"], " generally ") && strings.Contains(row["after"], " in general ") {
					return ""
				}
			}
			return "no 708 answer 5 from generally to in general"
		},
		"What changed in the posts, without the home page and the listings": func(r docRows) string {
			for _, k := range r.col("doc_key") {
				if slices.Contains(listings, k) {
					return "listing " + k
				}
			}
			return ""
		},
		"Pages that disappeared, when, and what they were": func(r docRows) string {
			if len(r) != 1 || r[0]["doc_key"] != "hewariraq.com/en/post/803" {
				return "not post 803 alone, removed by epoch 2"
			}
			return ""
		},
		"Full text, the query folded as the index is (see search): best matches first, listings left out": func(r docRows) string {
			if len(r) == 0 || r[0]["doc_key"] != "hewariraq.com/ar/post/708" || !strings.Contains(r[0]["snippet"], "[") {
				return "not the Arabic post 708 first, with its matches marked"
			}
			return ""
		},
		"The question/answer pairs that match, each with its document and number": func(r docRows) string {
			for _, s := range r.col("answer") {
				if !strings.Contains(strings.ToLower(s), "[intelligence]") {
					return "a snippet without [intelligence]: " + s
				}
			}
			return ""
		},
		"Parser doubts": func(r docRows) string {
			if !r.has(map[string]string{"doc_key": key708, "code": "truncated_answer", "where": "qa[2]"}) {
				return "no truncated answer 2 of post 708"
			}
			return ""
		},
	}
	var examples []archive.QueryExample
	for _, b := range docBlocks(t, "sql") {
		examples = append(examples, archive.SQLExamples(b.text)...)
	}
	seen := map[string]bool{}
	for _, ex := range examples {
		check, ok := checks[ex.Title]
		if !ok {
			continue
		}
		seen[ex.Title] = true
		t.Run(ex.Title, func(t *testing.T) {
			r, err := queryRows(conn, ex.SQL)
			if err != nil {
				t.Fatalf("%s\n%v", ex.SQL, err)
			}
			if msg := check(r); msg != "" {
				t.Errorf("%s\n%d rows: %s", ex.SQL, len(r), msg)
			}
		})
	}
	for title := range checks {
		if !seen[title] {
			t.Errorf("docs/schema.md has no example %q any more: check what replaced it", title)
		}
	}
}

// queryRows runs query and returns its rows, NULL as "".
func queryRows(conn *sql.DB, query string) (docRows, error) {
	rows, err := conn.Query(query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out docRows
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		row := map[string]string{}
		for i, c := range cols {
			row[c] = vals[i].String
		}
		out = append(out, row)
	}
	return out, rows.Err()
}
