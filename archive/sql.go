package archive

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"

	"github.com/mattn/go-sqlite3"
)

// Query runs one SQL statement for a person (hewar sql) and calls fn with the
// column names once and then with each row. It only reads: the archive must
// have been opened with OpenReadOnly (query_only, mode=ro), the statement
// must be read-only by SQLite's own judgement, and ATTACH, DETACH and VACUUM
// are refused, so that no statement can write this or any other file. An
// empty query and several statements are refused too: SQLite would run them
// all and show only the last result.
func (db *DB) Query(ctx context.Context, query string, fn func(columns []string, row []any) error) error {
	if !db.readOnly {
		return fmt.Errorf("sql: %w: open the archive with OpenReadOnly", ErrReadOnly)
	}
	query, n := firstStatement(query)
	switch {
	case n == 0:
		return errors.New("sql: the query is empty: give one statement, e.g. 'select doc_key, title from latest'")
	case n > 1:
		return fmt.Errorf("sql: give one statement, not %d: only the last one's rows would be shown", n)
	}
	conn, err := db.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sql: %w", err)
	}
	defer conn.Close()

	// Check the statement, and guard the connection while it runs.
	err = conn.Raw(func(dc any) error {
		c, ok := dc.(*sqlite3.SQLiteConn)
		if !ok {
			return errors.New("sql: not a sqlite connection")
		}
		c.RegisterAuthorizer(denyOutside)
		st, err := c.Prepare(query)
		if err != nil {
			return err
		}
		defer st.Close()
		if s, ok := st.(*sqlite3.SQLiteStmt); ok && !s.Readonly() {
			return fmt.Errorf("%w: this statement would change the archive", ErrReadOnly)
		}
		return nil
	})
	defer conn.Raw(func(dc any) error {
		if c, ok := dc.(*sqlite3.SQLiteConn); ok {
			c.RegisterAuthorizer(nil)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sql: %w", oneLine(err))
	}
	if strings.HasPrefix(strings.ToUpper(strings.TrimSpace(query)), "VACUUM") {
		return fmt.Errorf("sql: %w: VACUUM is not allowed", ErrReadOnly)
	}
	rows, err := conn.QueryContext(ctx, query)
	if err != nil {
		return fmt.Errorf("sql: %w", oneLine(err))
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return fmt.Errorf("sql: %w", err)
	}
	if err := fn(cols, nil); err != nil {
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("sql: %w", err)
		}
		row := make([]any, len(vals))
		copy(row, vals)
		if err := fn(cols, row); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sql: %w", oneLine(err))
	}
	return nil
}

// firstStatement splits an SQL text as SQLite does, at each semicolon
// outside a string, a quoted identifier and a comment. It returns the text
// of the first statement and how many there are. Whitespace, comments and
// stray semicolons make no statement (and a comment after the last
// semicolon is not run as one). A trigger body holds semicolons of its own,
// but CREATE TRIGGER is refused anyway.
func firstStatement(q string) (first string, n int) {
	inStatement := false
	end := func(i int) {
		if inStatement {
			if n == 0 {
				first = q[:i]
			}
			n++
			inStatement = false
		}
	}
	for i := 0; i < len(q); i++ {
		switch c := q[i]; {
		case c == ';':
			end(i)
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
		case c == '-' && strings.HasPrefix(q[i:], "--"):
			if j := strings.IndexByte(q[i:], '\n'); j >= 0 {
				i += j
			} else {
				i = len(q)
			}
		case c == '/' && strings.HasPrefix(q[i:], "/*"):
			if j := strings.Index(q[i+2:], "*/"); j >= 0 {
				i += 2 + j + 1
			} else {
				i = len(q)
			}
		case c == '\'' || c == '"' || c == '`' || c == '[':
			inStatement = true
			closing := c
			if c == '[' {
				closing = ']'
			}
			for i++; i < len(q); i++ {
				if q[i] != closing {
					continue
				}
				// A doubled quote stands for itself ('it''s'); brackets have no escape.
				if closing != ']' && i+1 < len(q) && q[i+1] == closing {
					i++
					continue
				}
				break
			}
		default:
			inStatement = true
		}
	}
	end(len(q))
	return first, n
}

// denyOutside is an SQLite authorizer that refuses reaching other files.
func denyOutside(op int, a1, a2, a3 string) int {
	switch op {
	case sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH:
		return sqlite3.SQLITE_DENY
	case sqlite3.SQLITE_FUNCTION:
		switch strings.ToLower(a2) {
		case "load_extension", "readfile", "writefile", "edit", "fts3_tokenizer":
			return sqlite3.SQLITE_DENY
		}
	}
	return sqlite3.SQLITE_OK
}

func oneLine(err error) error {
	msg := strings.Join(strings.Fields(err.Error()), " ")
	if errors.Is(err, ErrReadOnly) {
		return err
	}
	return errors.New(msg)
}

var (
	_ driver.Conn = (*sqlite3.SQLiteConn)(nil)
	_             = sql.ErrNoRows
)
