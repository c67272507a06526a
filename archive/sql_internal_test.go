package archive

import "testing"

func TestFirstStatement(t *testing.T) {
	for _, tc := range []struct {
		q     string
		first string
		n     int
	}{
		{"", "", 0},
		{" \n\t", "", 0},
		{";;", "", 0},
		{"-- a comment", "", 0},
		{"/* a comment */ ;", "", 0},
		{"select 1", "select 1", 1},
		{"select 1;", "select 1", 1},
		{"  select 1 ; ", "  select 1 ", 1},
		{"select 1; -- the end", "select 1", 1},
		{"select 1 -- ; not the end\n, 2", "select 1 -- ; not the end\n, 2", 1},
		{"select 1 /* ; */", "select 1 /* ; */", 1},
		{"select 'a;b'", "select 'a;b'", 1},
		{"select 'it''s; here'", "select 'it''s; here'", 1},
		{`select "a;""b" from t`, `select "a;""b" from t`, 1},
		{"select [a;b] from t", "select [a;b] from t", 1},
		{"select `a;b` from t", "select `a;b` from t", 1},
		{"select 1; select 2", "select 1", 2},
		{"select 1;; select 2;", "select 1", 2},
		{"select 'a;b'; delete from documents", "select 'a;b'", 2},
		{"select 'unterminated; select 2", "select 'unterminated; select 2", 1},
		{"select 1 /* unterminated ; select 2", "select 1 /* unterminated ; select 2", 1},
	} {
		first, n := firstStatement(tc.q)
		if first != tc.first || n != tc.n {
			t.Errorf("firstStatement(%q) = %q, %d; want %q, %d", tc.q, first, n, tc.first, tc.n)
		}
	}
}
