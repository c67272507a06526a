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
// are refused, so that no statement can write this or any other file.
func (db *DB) Query(ctx context.Context, query string, fn func(columns []string, row []any) error) error {
	if !db.readOnly {
		return fmt.Errorf("sql: %w: open the archive with OpenReadOnly", ErrReadOnly)
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
