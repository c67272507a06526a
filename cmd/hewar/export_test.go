package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCLI_ExportCSVFiles: --pairs writes the second file, --bom marks both;
// a pairs file that cannot be written leaves no main file either; the flags
// that only mean something for CSV are refused elsewhere.
func TestCLI_ExportCSVFiles(t *testing.T) {
	db := demoArchive(t)
	dir := t.TempDir()
	main, pairs := filepath.Join(dir, "documents.csv"), filepath.Join(dir, "pairs.csv")
	if r := hewarCmd(t, "export", "--db", db, "--format", "csv", "--bom", "-o", main, "--pairs", pairs); r.code != 0 {
		t.Fatalf("export: %v", r)
	}
	for _, f := range []string{main, pairs} {
		b, err := os.ReadFile(f)
		if err != nil || !strings.HasPrefix(string(b), "\ufeffdoc_key,version,status,") || !strings.Contains(string(b), "الكاظمي") {
			t.Errorf("%s: %.80q, %v", f, b, err)
		}
	}
	if b, _ := os.ReadFile(main); !strings.Contains(strings.SplitN(string(b), "\n", 2)[0], ",interviewee_aliases,intro,body,removed_at,content_hash") {
		t.Errorf("main file header: %q", strings.SplitN(string(b), "\n", 2)[0])
	}

	other := filepath.Join(t.TempDir(), "documents.csv")
	r := hewarCmd(t, "export", "--db", db, "--format", "csv", "-o", other, "--pairs", filepath.Join(dir, "no", "pairs.csv"))
	if r.code != exitError || len(r.errLines()) != 1 {
		t.Errorf("pairs into a missing directory: %v", r)
	}
	if _, err := os.Stat(other); err == nil {
		t.Error("the main file was written though the pairs file could not be")
	}
	for _, args := range [][]string{
		{"export", "--db", db, "--format", "jsonl", "--bom"},
		{"export", "--db", db, "--format", "jsonl", "--pairs", pairs},
		{"export", "--db", db, "--format", "csv", "--pairs", "-"},
		{"export", "--db", db, "--format", "csv", "-o", main, "--pairs", main},
	} {
		if r := hewarCmd(t, args...); r.code != exitUsage || len(r.errLines()) != 1 {
			t.Errorf("hewar %s: %v, want exit 2 and one line", strings.Join(args[3:], " "), r)
		}
	}
}
