package archive

import (
	"bufio"
	"fmt"
	"regexp"
	"strings"

	"github.com/hewar-archive/hewar/docs"
)

// SchemaDoc is docs/schema.md read as data: what each table, view and column
// of the archive is, and the example queries. It is the one source of those
// descriptions: the page people read, the metadata hewar snapshot writes for
// Datasette, and the tests that hold both to the schema.
type SchemaDoc struct {
	Tables   []*TableDoc // tables and views, in the order the page gives them
	Examples []QueryExample
}

// TableDoc is one table or view as the page describes it.
type TableDoc struct {
	Name        string
	View        bool
	Description string            // plain text
	Columns     map[string]string // column -> meaning (plain text), from the page's column tables
	Named       []string          // every name the section writes in backticks
}

// QueryExample is one example of the page's sqlite3 section: its comment
// and its statement.
type QueryExample struct {
	Title string
	SQL   string
}

// Table returns the table or view called name, or nil.
func (d *SchemaDoc) Table(name string) *TableDoc {
	for _, t := range d.Tables {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// viewBase names, for each view, the tables its columns come from, in the
// order their descriptions are looked up: a view's column is described as
// the same column of the first of them that has one.
var viewBase = map[string][]string{
	"latest":            {"versions", "documents"},
	"interviews_latest": {"versions", "documents"},
	"qa_latest":         {"qa", "versions", "documents"},
	"changes":           {"versions", "documents", "changed_fields"},
	"captures":          {"capture_rows", "urls"},
	"capture_index":     {"capture_rows", "urls", "documents"},
	"aliases":           {"document_urls", "urls", "documents"},
	"qa_people":         {"qa", "versions", "documents"},
	"document_people":   {"person_names", "documents", "versions"},
	"search_documents":  {"search_text"},
}

var (
	backticked   = regexp.MustCompile("`([^`]+)`")
	mdLink       = regexp.MustCompile(`\[([^\]]+)\]\([^)]+\)`)
	tableHeading = regexp.MustCompile("^### (`[^`]+`(?:, `[^`]+`)*)(?::\\s*(.*))?$")
)

// plainText is a Markdown cell as plain text: links by their text, no
// backticks.
func plainText(s string) string {
	s = mdLink.ReplaceAllString(s, "$1")
	return strings.TrimSpace(strings.ReplaceAll(s, "`", ""))
}

// cells splits a Markdown table row.
func cells(line string) []string {
	line = strings.TrimSpace(line)
	line = strings.TrimPrefix(strings.TrimSuffix(line, "|"), "|")
	parts := strings.Split(line, "|")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// ReadSchemaDoc reads docs/schema.md as hewar was built with it.
func ReadSchemaDoc() (*SchemaDoc, error) {
	return parseSchemaDoc(docs.Schema)
}

func parseSchemaDoc(md string) (*SchemaDoc, error) {
	doc := &SchemaDoc{}
	var (
		current []*TableDoc // the tables of the section being read
		inViews bool
		inSQL   bool     // the sqlite3 examples section
		header  string   // the header row of the Markdown table being read
		fence   string   // the language of the code block being read, or ""
		block   []string // the lines of the sql block being read
	)
	sc := bufio.NewScanner(strings.NewReader(md))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "```") {
			if fence == "" {
				fence = strings.TrimPrefix(line, "```")
				if fence == "" {
					fence = "text"
				}
			} else {
				if fence == "sql" && inSQL {
					doc.Examples = append(doc.Examples, SQLExamples(strings.Join(block, "\n"))...)
				}
				fence, block = "", nil
			}
			continue
		}
		if fence == "sql" && inSQL {
			block = append(block, line)
			continue
		}
		if fence != "" {
			continue
		}
		if strings.HasPrefix(line, "#") {
			header = ""
			current = nil
			inViews = strings.HasPrefix(line, "## Views")
			inSQL = strings.HasPrefix(line, "### sqlite3")
			if m := tableHeading.FindStringSubmatch(line); m != nil {
				for _, n := range backticked.FindAllStringSubmatch(m[1], -1) {
					t := &TableDoc{Name: n[1], Description: plainText(m[2]), Columns: map[string]string{}}
					doc.Tables = append(doc.Tables, t)
					current = append(current, t)
				}
			}
			continue
		}
		for _, t := range current {
			for _, n := range backticked.FindAllStringSubmatch(line, -1) {
				t.Named = append(t.Named, n[1])
			}
		}
		if !strings.HasPrefix(line, "|") {
			header = ""
			continue
		}
		row := cells(line)
		if header == "" {
			header = strings.Join(row, "|")
			continue
		}
		if strings.Trim(line, "|-: ") == "" {
			continue
		}
		switch {
		case inViews && header == "view|one row per|columns" && len(row) == 3:
			m := backticked.FindStringSubmatch(row[0])
			if m == nil {
				return nil, fmt.Errorf("docs/schema.md: a view row without a `name`: %s", line)
			}
			v := &TableDoc{Name: m[1], View: true, Description: "One row per " + plainText(row[1]) + ".", Columns: map[string]string{}}
			if as := strings.TrimPrefix(row[2], "as "); as != row[2] {
				// "as `latest`": the columns of a view described above.
				if like := doc.Table(strings.Trim(as, "`")); like != nil {
					v.Named = append(v.Named, like.Named...)
				}
			}
			for _, n := range backticked.FindAllStringSubmatch(row[2], -1) {
				for _, c := range strings.Split(n[1], ",") {
					v.Named = append(v.Named, strings.TrimSpace(c))
				}
			}
			doc.Tables = append(doc.Tables, v)
		case header == "column|meaning" && len(current) > 0 && len(row) >= 2:
			names := backticked.FindAllStringSubmatch(row[0], -1)
			if len(names) == 0 {
				return nil, fmt.Errorf("docs/schema.md: a column row without a `name`: %s", line)
			}
			for _, n := range names {
				for _, t := range current {
					t.Columns[n[1]] = plainText(strings.Join(row[1:], "|"))
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	// A view's columns are described as the columns they come from.
	for _, v := range doc.Tables {
		if !v.View {
			continue
		}
		for _, c := range v.Named {
			for _, base := range viewBase[v.Name] {
				if t := doc.Table(base); t != nil && t.Columns[c] != "" && c != "id" {
					v.Columns[c] = t.Columns[c]
					break
				}
			}
		}
	}
	return doc, nil
}

// SQLExamples splits a block of SQL examples as the docs write them: each
// statement ends with ";" at the end of a line, after the "-- comment" lines
// that say what it does (the first of them is its title).
func SQLExamples(block string) []QueryExample {
	var (
		out   []QueryExample
		lines []string
		title string
	)
	for _, line := range strings.Split(block, "\n") {
		t := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(t, "--") && len(lines) == 0:
			if title == "" {
				title = strings.TrimSuffix(strings.TrimSpace(strings.TrimPrefix(t, "--")), ".")
			}
		case t != "":
			lines = append(lines, line)
			if strings.HasSuffix(t, ";") {
				sql := strings.TrimSuffix(strings.TrimSpace(strings.Join(lines, "\n")), ";")
				out = append(out, QueryExample{Title: title, SQL: sql})
				lines, title = nil, ""
			}
		}
	}
	if len(lines) > 0 {
		out = append(out, QueryExample{Title: title, SQL: strings.TrimSpace(strings.Join(lines, "\n"))})
	}
	return out
}
