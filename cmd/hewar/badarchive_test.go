package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A --db that does not exist, that is a text file or that is a directory
// gets one line that says so and how to give an archive, the same line from
// the commands that read and those that write, and the text file is left as
// it was. Before, an import said "open archive: notes.txt: not a hewar
// archive" where the read commands said "notes.txt is not a hewar archive
// (give one with --db FILE)", and a read command or snapshot on a missing
// file said only that it did not exist.
func TestCLI_BadArchiveOneLine(t *testing.T) {
	dir := t.TempDir()
	missing, text, folder := filepath.Join(dir, "none.db"), filepath.Join(dir, "notes.txt"), filepath.Join(dir, "folder")
	if err := os.WriteFile(text, []byte("my notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	warcFile := filepath.Join(dir, "empty.warc")
	if err := os.WriteFile(warcFile, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	commands := [][]string{
		{"status"}, {"changes"}, {"search", "x"}, {"history", "hewariraq.com/en/post/708"},
		{"snapshot", filepath.Join(dir, "out.db")}, {"reparse"}, {"import", "warc", warcFile},
	}
	for _, cmd := range commands {
		for _, tc := range []struct{ db, want string }{
			{missing, "hewar: open archive: " + missing + " does not exist (give an archive with --db FILE; hewar crawl makes one)"},
			{text, "hewar: " + text + " is not a hewar archive (give one with --db FILE)"},
			{folder, "is not a file"},
		} {
			var args []string
			switch {
			case cmd[0] == "import" && tc.db == missing:
				continue // an import makes the archive it is given
			case cmd[0] == "import":
				args = append([]string{"import", "warc", "--db", tc.db}, cmd[2:]...)
			default:
				args = append([]string{cmd[0], "--db", tc.db}, cmd[1:]...)
			}
			r := hewarCmd(t, args...)
			if lines := r.errLines(); r.code == 0 || len(lines) != 1 || !strings.Contains(lines[0], tc.want) {
				t.Errorf("hewar %s: %v; want one line with %q", strings.Join(args, " "), r, tc.want)
			}
			// A writer that cannot open its archive could not start (README's
			// exit status 4), as a crawl; a reader's error is 1.
			want := exitError
			if cmd[0] == "reparse" || cmd[0] == "import" {
				want = exitCrawlNotStarted
			}
			if r.code != want {
				t.Errorf("hewar %s: exit %d, want %d", strings.Join(args, " "), r.code, want)
			}
		}
	}
	if b, _ := os.ReadFile(text); string(b) != "my notes\n" {
		t.Errorf("the text file is now %q", b)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Errorf("a read command made %s", missing)
	}
}
