package main

// The docs' examples, run as a reader would run them, against the demo
// archive (the replica crawled as `hewar demo` crawls it): every SQL
// statement of every ```sql block in docs/ in Go's SQLite and in the sqlite3
// command, every ```python block with Debian's python3 (pandas,
// zstandard), every ```r block with Rscript (RSQLite). An example added to
// the docs is tested with no change here; one that fails or returns nothing
// fails the test.

import (
	"bufio"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/parse"
)

// codeBlock is one fenced block of a Markdown file.
type codeBlock struct {
	file string
	line int // of the opening fence
	lang string
	text string
}

func (b codeBlock) String() string { return fmt.Sprintf("%s:%d", b.file, b.line) }

// docBlocks returns the blocks of lang in docs/*.md and README.md.
func docBlocks(t *testing.T, lang string) []codeBlock {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, filepath.Join("..", "..", "README.md"))
	var out []codeBlock
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var cur *codeBlock
		var body []string
		sc := bufio.NewScanner(strings.NewReader(string(data)))
		for n := 1; sc.Scan(); n++ {
			line := sc.Text()
			if !strings.HasPrefix(line, "```") {
				if cur != nil {
					body = append(body, line)
				}
				continue
			}
			if cur == nil {
				cur = &codeBlock{file: filepath.Base(f), line: n, lang: strings.TrimSpace(strings.TrimPrefix(line, "```"))}
				body = nil
				continue
			}
			if cur.lang == lang {
				cur.text = strings.Join(body, "\n") + "\n"
				out = append(out, *cur)
			}
			cur = nil
		}
	}
	return out
}

// researchDir is a directory holding the demo archive as hewar.db, where the
// docs' examples open it.
func researchDir(t *testing.T) string {
	t.Helper()
	db := demoArchive(t)
	if err := checkpoint(db); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "hewar.db"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestDocs_SQLExamples(t *testing.T) {
	blocks := docBlocks(t, "sql")
	if len(blocks) == 0 {
		t.Fatal("no ```sql block in the docs")
	}
	db := demoArchive(t)
	conn, err := sql.Open("sqlite3", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	cli, _ := exec.LookPath("sqlite3")
	if cli == "" {
		t.Log("no sqlite3 command: the examples run in Go's SQLite only (make test installs sqlite3 as root)")
	}
	ran := 0
	for _, b := range blocks {
		for _, ex := range archive.SQLExamples(b.text) {
			ran++
			t.Run(fmt.Sprintf("%s %s", b, ex.Title), func(t *testing.T) {
				rows, err := conn.Query(ex.SQL)
				if err != nil {
					t.Fatalf("%s\n%v", ex.SQL, err)
				}
				n := 0
				for rows.Next() {
					n++
				}
				rows.Close()
				if err := rows.Err(); err != nil || n == 0 {
					t.Errorf("%s\n%d rows, %v: an example must show something on the demo archive", ex.SQL, n, err)
				}
				if cli == "" {
					return
				}
				// As typed into sqlite3, with double-quoted strings refused
				// (a string in double quotes is an identifier in SQL; SQLite
				// only guesses otherwise, and not in every build).
				out, err := runTool(t, filepath.Dir(db), cli, "-readonly", "-cmd", ".dbconfig dqs_dml off", db, ex.SQL+";")
				if err != nil || strings.TrimSpace(out) == "" {
					t.Errorf("sqlite3: %s\n%q, %v", ex.SQL, out, err)
				}
			})
		}
	}
	t.Logf("ran %d SQL examples", ran)
}

var importRe = regexp.MustCompile(`(?m)^(?:import ([\w., ]+)|from (\w+) import)`)

func TestDocs_PythonExamples(t *testing.T) {
	blocks := docBlocks(t, "python")
	if len(blocks) < 3 {
		t.Fatalf("%d ```python blocks in the docs; they lost some?", len(blocks))
	}
	dir := researchDir(t)
	for _, b := range blocks {
		t.Run(b.String(), func(t *testing.T) {
			var modules []string
			for _, m := range importRe.FindAllStringSubmatch(b.text, -1) {
				for _, name := range strings.Split(m[1]+m[2], ",") {
					if name = strings.Fields(name + " ")[0]; name != "" {
						modules = append(modules, name)
					}
				}
			}
			py := pythonWith(t, modules...)
			out, err := runTool(t, dir, py, "-c", b.text)
			if err != nil || strings.TrimSpace(out) == "" {
				t.Errorf("%s\n%s: printed %q, %v", b.text, py, out, err)
			}
		})
	}
}

func TestDocs_RExamples(t *testing.T) {
	blocks := docBlocks(t, "r")
	if len(blocks) == 0 {
		t.Fatal("no ```r block in the docs")
	}
	dir := researchDir(t)
	for _, b := range blocks {
		t.Run(b.String(), func(t *testing.T) {
			rs := rscript(t)
			out, err := runTool(t, dir, rs, "-e", b.text)
			if err != nil || strings.TrimSpace(out) == "" {
				t.Errorf("%s\nprinted %q, %v", b.text, out, err)
			}
		})
	}
}

// TestDocs_FoldIsHewars: the folding docs/schema.md gives in Python for
// queries typed by hand is parse.FoldSearch, on every Arabic letter and mark,
// the Latin letters and the invisible characters.
func TestDocs_FoldIsHewars(t *testing.T) {
	var fold *codeBlock
	for _, b := range docBlocks(t, "python") {
		if strings.Contains(b.text, "def fold(") {
			fold = &b
		}
	}
	if fold == nil {
		t.Fatal("docs/schema.md has no Python fold()")
	}
	py := pythonWith(t, "unicodedata")
	var lines []string
	add := func(lo, hi rune) {
		var b strings.Builder
		for r := lo; r <= hi; r++ {
			if utf8.ValidRune(r) && r != '\n' && r != '\r' && r != 0x85 && r != 0x2028 && r != 0x2029 {
				b.WriteRune(r)
			}
		}
		lines = append(lines, b.String())
	}
	add(0x20, 0x7e)
	add(0xa0, 0x2ff)
	add(0x600, 0x6ff)
	add(0x1e00, 0x1eff)
	add(0x2000, 0x2027)
	add(0x202a, 0x206f)
	lines = append(lines, "\ufeffمُصْطَفَى الكاظمى", "Kāẓimī AL-KADHIMI ʿAbd", "الحكيمة مسئول شؤون ۴۹ ٤٩", "\u200fکاظمی\u200e")
	script := fold.text + `
import sys
print("--- hewar test ---")
for line in sys.stdin.read().split("\n"):
    print(fold(line))
`
	cmd := exec.Command(py, "-c", script)
	cmd.Stdin = strings.NewReader(strings.Join(lines, "\n"))
	cmd.Env = append(os.Environ(), "PYTHONIOENCODING=utf-8")
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(out), "--- hewar test ---\n")
	if !ok {
		t.Fatalf("python printed %q", out)
	}
	got := strings.Split(strings.TrimSuffix(after, "\n"), "\n")
	if len(got) < len(lines) {
		t.Fatalf("python printed %d lines for %d", len(got), len(lines))
	}
	for i, l := range lines {
		want := parse.FoldSearch(l)
		if got[i] == want {
			continue
		}
		a, b := []rune(got[i]), []rune(want)
		for k := 0; k < min(len(a), len(b)); k++ {
			if a[k] != b[k] {
				t.Errorf("line %d: the docs' fold gives %q (U+%04X) where hewar gives %q (U+%04X)", i, string(a[k]), a[k], string(b[k]), b[k])
				break
			}
		}
		if len(a) != len(b) {
			t.Errorf("line %d: the docs' fold gives %d runes, hewar %d", i, len(a), len(b))
		}
	}
}

// TestDocs_ReadmeSQLQuotesStrings: the README's sqlite3 commands run with
// double-quoted strings refused: a string is written in single quotes.
func TestDocs_ReadmeSQLQuotesStrings(t *testing.T) {
	cli := sqlite3CLI(t)
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	db := demoArchive(t)
	ran := 0
	for _, line := range strings.Split(string(readme), "\n") {
		if !strings.HasPrefix(line, "sqlite3 hewar.db ") {
			continue
		}
		ran++
		cmdline := strings.Replace(line, "sqlite3 hewar.db", cli+" -readonly -cmd '.dbconfig dqs_dml off' "+db, 1)
		out, err := exec.Command("bash", "-c", cmdline).CombinedOutput()
		if err != nil || strings.TrimSpace(string(out)) == "" || strings.Contains(string(out), "Error") {
			t.Errorf("README: %s\n%s %v", line, out, err)
		}
	}
	if ran == 0 {
		t.Error("the README has no sqlite3 example")
	}
}
