package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

func init() {
	register("sql", "run one read-only SQL query on the archive (table, CSV or JSON)", runSQL)
}

func runSQL(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "sql", "QUERY [--format table|csv|json] [--db FILE]")
	dbPath := archiveDBFlag(fs)
	format := fs.String("format", "table", "output `FORMAT`: table, csv or json (a list of objects)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"sql takes one QUERY (quote it), e.g. hewar sql 'select doc_key, title from latest'"}
	}
	if dot := strings.Fields(pos[0]); len(dot) > 0 && strings.HasPrefix(dot[0], ".") {
		// .tables, .schema: what a researcher types in the sqlite3 shell.
		return fmt.Errorf("sql: %s is a command of the sqlite3 shell, not SQL: hewar sql 'select type, name from sqlite_schema order by name' lists the tables and views (or run: sqlite3 %s '%s')", dot[0], *dbPath, pos[0])
	}
	var out sqlWriter
	switch *format {
	case "table":
		out = &tableWriter{w: textOut(e.stdout)}
	case "csv":
		out = &csvWriter{w: csv.NewWriter(e.stdout)}
	case "json":
		out = &jsonRowsWriter{w: e.stdout}
	default:
		return usageError{fmt.Sprintf("--format %q: use table, csv or json", *format)}
	}
	db, err := openReadArchive(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	started := false
	err = db.Query(ctx, pos[0], func(cols []string, row []any) error {
		if row == nil {
			started = true
			return out.header(cols)
		}
		return out.row(row)
	})
	if err != nil {
		return err
	}
	if !started {
		return nil
	}
	return out.close()
}

type sqlWriter interface {
	header(cols []string) error
	row(vals []any) error
	close() error
}

// cell renders a value as text: NULL as empty, bytes that are not UTF-8
// text as upper-case hex (as SQLite's hex() prints them).
func cell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case []byte:
		if utf8.Valid(x) {
			return string(x)
		}
		return strings.ToUpper(hex.EncodeToString(x))
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		if x {
			return "1"
		}
		return "0"
	}
	return fmt.Sprint(v)
}

// tableWriter aligns columns; it holds the rows until the end to measure them.
type tableWriter struct {
	w    io.Writer
	cols []string
	rows [][]string
}

// maxCell is the widest a table cell is shown; --format csv or json gives everything.
const maxCell = 60

func (t *tableWriter) header(cols []string) error { t.cols = cols; return nil }

func (t *tableWriter) row(vals []any) error {
	r := make([]string, len(vals))
	for i, v := range vals {
		s := strings.Join(strings.Fields(cell(v)), " ")
		if utf8.RuneCountInString(s) > maxCell {
			s = string([]rune(s)[:maxCell-1]) + "…"
		}
		r[i] = s
	}
	t.rows = append(t.rows, r)
	return nil
}

func (t *tableWriter) close() error {
	width := make([]int, len(t.cols))
	for i, c := range t.cols {
		width[i] = utf8.RuneCountInString(c)
	}
	for _, r := range t.rows {
		for i, s := range r {
			width[i] = max(width[i], utf8.RuneCountInString(s))
		}
	}
	var b bytes.Buffer
	line := func(r []string) {
		for i, s := range r {
			if i > 0 {
				b.WriteString(" | ")
			}
			b.WriteString(s)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", width[i]-utf8.RuneCountInString(s)))
			}
		}
		b.WriteByte('\n')
	}
	line(t.cols)
	sep := make([]string, len(t.cols))
	for i := range sep {
		sep[i] = strings.Repeat("-", width[i])
	}
	line(sep)
	for _, r := range t.rows {
		line(r)
	}
	fmt.Fprintf(&b, "(%s)\n", plural(len(t.rows), "row", "rows"))
	_, err := t.w.Write(b.Bytes())
	return err
}

type csvWriter struct{ w *csv.Writer }

func (c *csvWriter) header(cols []string) error { return c.w.Write(cols) }

func (c *csvWriter) row(vals []any) error {
	r := make([]string, len(vals))
	for i, v := range vals {
		r[i] = cell(v)
	}
	return c.w.Write(r)
}

func (c *csvWriter) close() error { c.w.Flush(); return c.w.Error() }

// jsonRowsWriter writes a JSON list of objects whose keys keep the columns' order.
type jsonRowsWriter struct {
	w    io.Writer
	cols []string
	n    int
}

func (j *jsonRowsWriter) header(cols []string) error {
	j.cols = cols
	_, err := io.WriteString(j.w, "[")
	return err
}

func (j *jsonRowsWriter) row(vals []any) error {
	var b bytes.Buffer
	if j.n > 0 {
		b.WriteString(",")
	}
	b.WriteString("\n  {")
	for i, v := range vals {
		if i > 0 {
			b.WriteString(", ")
		}
		k, _ := json.Marshal(j.cols[i])
		b.Write(k)
		b.WriteString(": ")
		var val any
		switch x := v.(type) {
		case nil, int64, float64, bool:
			val = x
		default:
			val = cell(v)
		}
		enc, err := marshalNoEscape(val)
		if err != nil {
			return err
		}
		b.Write(enc)
	}
	b.WriteString("}")
	j.n++
	_, err := j.w.Write(b.Bytes())
	return err
}

func (j *jsonRowsWriter) close() error {
	end := "\n]\n"
	if j.n == 0 {
		end = "]\n"
	}
	_, err := io.WriteString(j.w, end)
	return err
}

func marshalNoEscape(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}
