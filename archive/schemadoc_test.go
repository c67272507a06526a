package archive_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/hewar-archive/hewar/archive"
)

// TestSchemaDoc_MatchesSchema holds docs/schema.md to the schema a new
// archive has: every table and view is described, every column of a table
// is named in its section and every column a table's section describes
// exists, every column of a view is in its row. Adding a column without
// documenting it, or documenting one that is not there, fails here.
func TestSchemaDoc_MatchesSchema(t *testing.T) {
	doc, err := archive.ReadSchemaDoc()
	if err != nil {
		t.Fatal(err)
	}
	db := MustOpenDB(t)
	// Every table and view but SQLite's own and the shadow tables of the
	// full-text indexes (search_data, search_qa_idx, ...).
	rows, err := db.SQLDB().Query(`SELECT m.name, m.type = 'view' FROM sqlite_master m
		WHERE m.type IN ('table', 'view') AND m.name NOT LIKE 'sqlite_%' AND NOT EXISTS (
			SELECT 1 FROM sqlite_master f, json_each('["data","idx","docsize","config","content"]') x
			WHERE f.sql LIKE 'CREATE VIRTUAL TABLE%' AND m.name = f.name || '_' || x.value)
		ORDER BY m.name`)
	if err != nil {
		t.Fatal(err)
	}
	type object struct {
		name string
		view bool
	}
	var objects []object
	for rows.Next() {
		var o object
		if err := rows.Scan(&o.name, &o.view); err != nil {
			t.Fatal(err)
		}
		objects = append(objects, o)
	}
	rows.Close()
	seen := map[string]bool{}
	for _, o := range objects {
		seen[o.name] = true
		td := doc.Table(o.name)
		if td == nil {
			t.Errorf("docs/schema.md does not describe the %s %s", map[bool]string{true: "view", false: "table"}[o.view], o.name)
			continue
		}
		if td.Description == "" && o.name != "search" {
			t.Errorf("docs/schema.md: %s has no description", o.name)
		}
		cols := columnsOf(t, db, o.name)
		for _, c := range cols {
			if !slices.Contains(td.Named, c) {
				t.Errorf("docs/schema.md: column %s.%s is not documented", o.name, c)
			}
		}
		for c := range td.Columns {
			if !slices.Contains(cols, c) {
				t.Errorf("docs/schema.md describes %s.%s, which the archive does not have", o.name, c)
			}
		}
	}
	for _, td := range doc.Tables {
		if !seen[td.Name] {
			t.Errorf("docs/schema.md describes %s, which the archive does not have", td.Name)
		}
	}
	if len(doc.Examples) < 5 {
		t.Errorf("read %d example queries from docs/schema.md", len(doc.Examples))
	}
	for _, e := range doc.Examples {
		if e.Title == "" || strings.HasSuffix(e.SQL, ";") || !strings.Contains(strings.ToUpper(e.SQL), "SELECT") {
			t.Errorf("example %q: %q", e.Title, e.SQL)
		}
	}
	if v := doc.Table("latest"); v == nil || v.Columns["title"] == "" || v.Columns["removed_at"] == "" {
		t.Errorf("the latest view's columns are not described from the tables they come from: %+v", v)
	}
}

func columnsOf(t *testing.T, db *archive.DB, table string) []string {
	t.Helper()
	// table_xinfo: generated columns too; not the hidden columns of a
	// virtual table (an FTS5 table's own name and rank).
	rows, err := db.SQLDB().Query(`SELECT name FROM pragma_table_xinfo(?) WHERE hidden <> 1`, table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			t.Fatal(err)
		}
		cols = append(cols, c)
	}
	return cols
}
