package main

import (
	"context"
	"io"
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

// TestCLI_ExportOutputs: an -o that is a directory, or in a directory that
// does not exist, or - for a WARC, is one line that says so before anything
// is read; a directory that cannot be written is named, not the temporary
// file the export tried; nothing is left behind.
func TestCLI_ExportOutputs(t *testing.T) {
	db := archiveFixture(t)
	dir := t.TempDir()
	missing := filepath.Join(dir, "no", "such")
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"export", "warc", "--db", db, "-o", dir}, exitError, "export warc: " + dir + " is a directory"},
		{[]string{"export", "warc", "--db", db, "-o", filepath.Join(missing, "x.warc.gz")}, exitError, "export warc: the directory " + missing + " does not exist"},
		{[]string{"export", "warc", "--db", db, "-o", "-"}, exitUsage, "export warc writes a file and its CDXJ index"},
		{[]string{"export", "wacz", "--db", db, "-o", filepath.Join(missing, "x.wacz")}, exitError, "export wacz: the directory " + missing + " does not exist"},
		{[]string{"export", "--db", db, "--format", "csv", "-o", dir}, exitError, "export: " + dir + " is a directory"},
		{[]string{"export", "--db", db, "--format", "jsonl", "-o", filepath.Join(missing, "x.jsonl")}, exitError, "export: the directory " + missing + " does not exist"},
	} {
		r := hewarCmd(t, tc.args...)
		if lines := r.errLines(); r.code != tc.code || len(lines) != 1 || !strings.HasPrefix(lines[0], "hewar: "+tc.want) {
			t.Errorf("hewar %s: %v; want exit %d and one line starting %q", strings.Join(tc.args, " "), r, tc.code, "hewar: "+tc.want)
		}
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("the failed exports left %v in %s", left, dir)
	}

	ro := filepath.Join(dir, "ro")
	if err := os.Mkdir(ro, 0o555); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(ro, "x.warc.gz")
	if err := outputError("export warc", out, &os.PathError{Op: "open", Path: filepath.Join(ro, ".hewar-export-1.warc"), Err: os.ErrPermission}); err == nil ||
		err.Error() != "export warc: cannot write "+out+": the directory "+ro+" is not writable (give another -o)" {
		t.Errorf("outputError: %v", err)
	}
	if os.Geteuid() == 0 {
		return // root writes any directory
	}
	if r := hewarCmd(t, "export", "warc", "--db", db, "-o", out); r.code != exitError || len(r.errLines()) != 1 || !strings.Contains(r.stderr, "the directory "+ro+" is not writable") {
		t.Errorf("export warc into a read-only directory: %v", r)
	}
}

// TestCLI_InterruptedExportAndReparse: Ctrl-C during an export or a
// reparse is one line that says what became of the work, not "context
// canceled"; an export leaves no file.
func TestCLI_InterruptedExportAndReparse(t *testing.T) {
	db := archiveFixture(t)
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"export", "warc", "--db", db, "-o", filepath.Join(dir, "x.warc.gz")}, "export warc interrupted: " + filepath.Join(dir, "x.warc.gz") + " not written"},
		{[]string{"export", "wacz", "--db", db, "-o", filepath.Join(dir, "x.wacz")}, "export wacz interrupted: " + filepath.Join(dir, "x.wacz") + " not written"},
		{[]string{"export", "--db", db, "--format", "csv", "-o", filepath.Join(dir, "x.csv")}, "export interrupted: " + filepath.Join(dir, "x.csv") + " not written"},
		{[]string{"reparse", "--db", db}, "reparse interrupted: the versions it stored are kept; run it again to finish"},
	} {
		err := run(ctx, tc.args, strings.NewReader(""), io.Discard, io.Discard)
		if err == nil || exitCode(err) != exitError || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("hewar %s, interrupted: %v; want %q", strings.Join(tc.args, " "), err, tc.want)
		}
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("the interrupted exports left %v", left)
	}
}
