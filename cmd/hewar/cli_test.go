package main

// What a user meets first, driven through the built binary: help, version,
// errors and exit statuses, messages, doc_keys, JSON summaries, completion
// and the operator's contact (issue 10).

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/fixtures"
	"github.com/hewar-archive/hewar/warc"
)

var built struct {
	once      sync.Once
	dir, path string
	err       error
}

// hewarBinary builds cmd/hewar once per test run, as make build does
// (-buildvcs=auto stamps the commit of a git checkout), and returns its path.
// TestMain removes it.
func hewarBinary(t testing.TB) string {
	t.Helper()
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "hewar-cli-test-"); built.err != nil {
			return
		}
		built.path = filepath.Join(built.dir, "hewar")
		cmd := exec.Command("go", "build", "-tags", "sqlite_fts5", "-buildvcs=auto", "-o", built.path, ".")
		if out, err := cmd.CombinedOutput(); err != nil {
			built.err = fmt.Errorf("go build ./cmd/hewar: %v\n%s", err, out)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.path
}

func removeBuiltBinary() {
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
}

// result is what one run of the binary did.
type result struct {
	stdout, stderr string
	code           int
}

func (r result) String() string {
	return fmt.Sprintf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
}

// errLines are the lines the run wrote to standard error.
func (r result) errLines() []string {
	s := strings.TrimRight(r.stderr, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// hewarCmd runs the built binary with args, no standard input, and a minute
// at most.
func hewarCmd(t testing.TB, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, hewarBinary(t), args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String()}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	default:
		t.Fatalf("hewar %s: %v", strings.Join(args, " "), err)
	}
	return r
}

// crawledReplica crawls the replica (epochs 1 and 2) with the binary and
// returns the archive and the replica's address.
func crawledReplica(t *testing.T, extra ...string) (db, base string) {
	t.Helper()
	site, base := replicaServer(t)
	db = filepath.Join(t.TempDir(), "hewar.db")
	for _, epoch := range []int{1, 2} {
		site.SetEpoch(epoch)
		args := append([]string{"crawl", "--db", db, "--seed", base + "/", "--seed", base + "/en/", "--delay", "0", "--parallel", "4", "--quiet"}, extra...)
		if r := hewarCmd(t, args...); r.code != 0 {
			t.Fatalf("crawl: %v", r)
		}
	}
	return db, base
}

// TestCLI_ReplicaHelpNamesEveryEpoch: --epoch's help says which epochs the
// replica serves, the re-themed one included, as --epoch accepts them.
func TestCLI_ReplicaHelpNamesEveryEpoch(t *testing.T) {
	r := hewarCmd(t, "replica", "--help")
	var line string
	for _, l := range strings.Split(r.stdout, "\n") {
		if strings.Contains(l, "--epoch") && !strings.HasPrefix(l, "usage:") {
			line = l
		}
	}
	want := fmt.Sprintf("%d to %d", fixtures.FirstEpoch, fixtures.LastEpoch)
	if !strings.Contains(line, want) {
		t.Errorf("hewar replica --help: the --epoch line %q does not say %q", line, want)
	}
	if r := hewarCmd(t, "replica", "--epoch", fmt.Sprint(fixtures.LastEpoch+1)); r.code != 2 || !strings.Contains(r.stderr, want) {
		t.Errorf("hewar replica --epoch %d: %v; want exit 2 naming %q", fixtures.LastEpoch+1, r, want)
	}
}

func TestCLI_HelpGoesToStandardOutput(t *testing.T) {
	for _, args := range [][]string{
		{"--help"}, {"-h"}, {"help"},
		{"help", "crawl"}, {"crawl", "--help"}, {"crawl", "-h"},
		{"help", "export", "warc"}, {"export", "warc", "--help"}, {"help", "import"}, {"import", "--help"},
		{"help", "diff"}, {"diff", "--help"}, {"help", "completion"},
		{"help", "fixture"}, {"fixture", "--help"}, {"help", "fixture", "save"}, {"fixture", "check", "--help"},
	} {
		r := hewarCmd(t, args...)
		if r.code != 0 || r.stderr != "" || !strings.HasPrefix(r.stdout, "usage: hewar") && !strings.HasPrefix(r.stdout, "hewar/") {
			t.Errorf("hewar %s: %v; want the help on standard output and exit 0", strings.Join(args, " "), r)
		}
	}
	// hewar help crawl is crawl's help, the same as crawl --help, not the list.
	crawl, list := hewarCmd(t, "help", "crawl"), hewarCmd(t, "help")
	if crawl.stdout != hewarCmd(t, "crawl", "--help").stdout || !strings.Contains(crawl.stdout, "--contact") ||
		strings.Contains(crawl.stdout, "commands:") {
		t.Errorf("hewar help crawl:\n%s", crawl.stdout)
	}
	if !strings.Contains(list.stdout, "commands:") || !strings.Contains(list.stdout, "  export warc ") {
		t.Errorf("hewar help lists no commands:\n%s", list.stdout)
	}
	// The exit statuses as README.md's table gives them: 3 is also a seed
	// that could not be fetched, 4 also a locked or unwritable archive.
	if !strings.Contains(list.stdout, "3 crawl ran but a seed or too many fetches failed") || !strings.Contains(list.stdout, "archive locked, unwritable or not an archive") {
		t.Errorf("hewar help's exit statuses:\n%s", list.stdout)
	}
	// No command is a usage error: the list on standard error, exit 2.
	if r := hewarCmd(t); r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, "commands:") {
		t.Errorf("hewar alone: %v", r)
	}
	for _, args := range [][]string{{"help", "nosuch"}, {"nosuch"}, {"help", "crawl", "extra"}} {
		if r := hewarCmd(t, args...); r.code != 2 || len(r.errLines()) != 1 {
			t.Errorf("hewar %s: %v; want one line and exit 2", strings.Join(args, " "), r)
		}
	}
}

// TestCLI_FlagHelpReadsCleanly reads every command's help: each flag once,
// its default said once, no backquotes, and numbers named alike (N, or ID
// for a crawl; DURATION for a duration).
func TestCLI_FlagHelpReadsCleanly(t *testing.T) {
	flagLine := regexp.MustCompile(`^  (-{1,2}[a-z-]+)( [A-Z|:.0-9-]+)?  +(.*)$`)
	for _, name := range commandNames() {
		r := hewarCmd(t, append(strings.Fields(name), "--help")...)
		if r.code != 0 {
			t.Errorf("hewar %s --help: %v", name, r)
			continue
		}
		if strings.Count(r.stdout, "\n") < 2 || strings.Contains(r.stdout, "`") {
			t.Errorf("hewar %s --help:\n%s", name, r.stdout)
		}
		inFlags, flags := false, 0
		for _, line := range strings.Split(r.stdout, "\n") {
			switch {
			case line == "flags:":
				inFlags = true
				continue
			case line == "" || !strings.HasPrefix(line, "  "):
				inFlags = false
			}
			if !inFlags {
				continue
			}
			flags++
			m := flagLine.FindStringSubmatch(line)
			if m == nil {
				t.Errorf("hewar %s --help: a flag line reads badly: %q", name, line)
				continue
			}
			if strings.Count(m[3], "default") > 1 {
				t.Errorf("hewar %s --help: %s says its default twice: %q", name, m[1], line)
			}
		}
		// A synopsis that lists flags (not "[flags]") lists every flag a
		// script would look for there: --json above all.
		synopsis := strings.SplitN(r.stdout, "\n", 2)[0]
		if !strings.Contains(synopsis, "flags]") && slices.ContainsFunc(flagsOf(context.Background(), name), func(f *flag.Flag) bool { return f.Name == "json" }) && !strings.Contains(synopsis, "--json") {
			t.Errorf("hewar %s --help: the synopsis %q leaves out --json", name, synopsis)
		}
		if want := len(flagsOf(context.Background(), name)); flags != want {
			t.Errorf("hewar %s --help shows %d flags, the command has %d:\n%s", name, flags, want, r.stdout)
		}
		for _, f := range flagsOf(context.Background(), name) {
			arg, _ := flagArg(f)
			g, ok := f.Value.(flag.Getter)
			if !ok {
				continue
			}
			switch g.Get().(type) {
			case int, int64, uint, uint64:
				if arg != "N" && arg != "ID" {
					t.Errorf("hewar %s: number flag %s shows %q, want N (or ID for a crawl)", name, dashed(f.Name), arg)
				}
			case time.Duration:
				if arg != "DURATION" {
					t.Errorf("hewar %s: duration flag %s shows %q, want DURATION", name, dashed(f.Name), arg)
				}
			}
		}
	}
	if r := hewarCmd(t, "help", "export"); strings.Contains(r.stdout, "(default: standard output) (default") {
		t.Errorf("export's -o still says its default twice:\n%s", r.stdout)
	}
}

// TestCLI_VersionEverywhere checks that one version string, read from the
// build information, is what hewar version and --version print, what the
// default User-Agent starts with, and the WARC warcinfo software field.
func TestCLI_VersionEverywhere(t *testing.T) {
	r := hewarCmd(t, "version")
	version := strings.TrimSpace(r.stdout)
	if r.code != 0 || !regexp.MustCompile(`^hewar/[0-9A-Za-z.+-]+$`).MatchString(version) || strings.Contains(version, "(devel)") {
		t.Fatalf("hewar version: %v", r)
	}
	if v := hewarCmd(t, "--version"); strings.TrimSpace(v.stdout) != version || v.code != 0 {
		t.Errorf("hewar --version %v, hewar version %q", v, version)
	}
	// Built in a git checkout (a fresh clone, CI), the version names the commit.
	if fi, err := os.Stat(filepath.Join("..", "..", ".git")); err == nil && fi.IsDir() {
		if head, err := exec.Command("git", "rev-parse", "HEAD").Output(); err == nil {
			if rev := strings.TrimSpace(string(head))[:12]; !strings.Contains(version, rev) {
				t.Errorf("hewar version %q does not name the commit %s", version, rev)
			}
		}
	}

	// The User-Agent of a crawl without --user-agent, on loopback: no contact needed.
	var mu sync.Mutex
	agents := map[string]bool{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		agents[r.UserAgent()] = true
		mu.Unlock()
		if r.URL.Path == "/" {
			fmt.Fprint(w, `<html><body><a href="/a">a</a></body></html>`)
			return
		}
		http.NotFound(w, r)
	}))
	defer srv.Close()
	dir := t.TempDir()
	db := filepath.Join(dir, "ua.db")
	if r := hewarCmd(t, "crawl", "--db", db, "--seed", srv.URL+"/", "--delay", "0", "--quiet"); r.code != 0 {
		t.Fatalf("crawl: %v", r)
	}
	if len(agents) != 1 || !agents[version] {
		t.Errorf("User-Agents sent %v, want only %q", agents, version)
	}
	clear(agents)
	if r := hewarCmd(t, "crawl", "--db", db, "--seed", srv.URL+"/", "--delay", "0", "--quiet", "--contact", "you@example.org"); r.code != 0 {
		t.Fatalf("crawl --contact: %v", r)
	}
	if want := version + " (+mailto:you@example.org)"; len(agents) != 1 || !agents[want] {
		t.Errorf("User-Agents sent with --contact %v, want only %q", agents, want)
	}

	out := filepath.Join(dir, "ua.warc.gz")
	if r := hewarCmd(t, "export", "warc", "--db", db, "--crawl", "2", "-o", out); r.code != 0 {
		t.Fatalf("export warc: %v", r)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	info, err := warc.NewReader(f).Next()
	if err != nil || info.Type() != warc.TypeWarcinfo {
		t.Fatalf("first record: %v %v", info, err)
	}
	for _, want := range []string{"software: " + version + "\r\n", "http-header-user-agent: " + version + " (+mailto:you@example.org)\r\n",
		"operator: mailto:you@example.org\r\n"} {
		if !bytes.Contains(info.Block, []byte(want)) {
			t.Errorf("warcinfo lacks %q:\n%s", want, info.Block)
		}
	}
}

func TestVersionOf(t *testing.T) {
	settings := func(kv ...string) []debug.BuildSetting {
		var out []debug.BuildSetting
		for i := 0; i+1 < len(kv); i += 2 {
			out = append(out, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return out
	}
	for _, tc := range []struct {
		version  string
		settings []debug.BuildSetting
		want     string
	}{
		{"v0.3.0", nil, "0.3.0"},
		{"v0.3.0", settings("vcs.revision", "49a4c7f4ca8aad2c", "vcs.modified", "true"), "0.3.0+dirty"},
		{"v0.0.0-20261129131917-49a4c7f4ca8a+dirty", settings("vcs.modified", "true"), "0.0.0-20261129131917-49a4c7f4ca8a+dirty"},
		{"(devel)", settings("vcs.revision", "49a4c7f4ca8aad2cacba2d7bf7b0e7356110268d", "vcs.modified", "false"), "devel-49a4c7f4ca8a"},
		{"(devel)", settings("vcs.revision", "49a4c7f4ca8aad2cacba2d7bf7b0e7356110268d", "vcs.modified", "true"), "devel-49a4c7f4ca8a+dirty"},
		{"(devel)", nil, "devel"},
		{"", nil, "devel"},
	} {
		bi := &debug.BuildInfo{Settings: tc.settings}
		bi.Main.Version = tc.version
		if got := versionOf(bi); got != tc.want {
			t.Errorf("versionOf(%q, %v) = %q, want %q", tc.version, tc.settings, got, tc.want)
		}
	}
	if got := versionOf(nil); got != "devel" {
		t.Errorf("versionOf(nil) = %q", got)
	}
}

// TestCLI_ErrorsAreOneLine: every error is one line on standard error, with
// nothing on standard output but what the command did.
func TestCLI_ErrorsAreOneLine(t *testing.T) {
	db := archiveFixture(t)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"diff", "--db", db, "--from", "abc", "hewariraq.com/en/post/708"}, 2, `hewar: --from "abc" is not a whole number`},
		{[]string{"crawl", "--db", db, "--delay", "fast"}, 2, `hewar: --delay "fast" is not a duration`},
		{[]string{"crawl", "--db", db, "--revisit-after", "7x"}, 2, `hewar: --revisit-after "7x" is not a length of time such as 24h`},
		{[]string{"crawl", "--db", db, "--seed", "hewariraq.com"}, 2, `hewar: --seed "hewariraq.com" is not an http(s) URL: write its scheme, as in https://hewariraq.com`},
		{[]string{"crawl", "--db", db, "--seed", "127.0.0.1:8081/"}, 2, `hewar: --seed "127.0.0.1:8081/" is not an http(s) URL: write its scheme, as in http://127.0.0.1:8081/`},
		{[]string{"show", "--db", db, "--nope"}, 2, "hewar: unknown flag --nope"},
		{[]string{"show", "--db", db, "--version"}, 2, "hewar: --version needs N"},
		{[]string{"show", "--db", db, "--json=maybe", "x"}, 2, `hewar: --json "maybe" is not true or false`},
		{[]string{"show", "--db", db}, 2, "hewar: show needs a DOC_KEY or URL"},
		{[]string{"show", "--db", db, "hewariraq.com/en/post/1"}, 1, `hewar: no document "hewariraq.com/en/post/1"`},
		{[]string{"sql", "--db", db, "select * from nowhere"}, 1, "hewar: sql: no such table: nowhere"},
		{[]string{"sql", "--db", db, ".tables"}, 1, "hewar: sql: .tables is a command of the sqlite3 shell, not SQL: hewar sql 'select type, name from sqlite_schema order by name'"},
		{[]string{"import"}, 2, "hewar: import needs one of: warc"},
		{[]string{"changes", "--db", db, "--crawl", "99", "--json"}, 1, "hewar: no crawl 99 in the archive"},
		{[]string{"changes", "--db", db, "--crawl", "99"}, 1, "hewar: no crawl 99 in the archive"},
		{[]string{"export", "warc", "--db", db, "--crawl", "99", "-o", filepath.Join(t.TempDir(), "x.warc.gz")}, 1, "hewar: no crawl 99 in the archive"},
		{[]string{"changes", db}, 2, "hewar: changes takes no arguments, got " + strconv.Quote(db) + ": the archive goes with --db (hewar changes --db " + db + ")"},
		{[]string{"status", "--db", db, "nosuch.db"}, 2, `hewar: status takes no arguments, got "nosuch.db" (give the archive with --db FILE)`},
		{[]string{"--db", db, "changes", "--json"}, 2, "hewar: the command comes first, then its flags: hewar changes --json --db " + db},
		{[]string{"--db", db}, 2, `hewar: unknown command "--db": the command comes first`},
		{[]string{"import", "--db", db, "x.warc.gz"}, 2, "hewar: import: the subcommand comes before the flags: hewar import warc|wayback --db " + db + " x.warc.gz"},
		{[]string{"export", "--db", db, "warc", "-o", "x.warc.gz"}, 2, "hewar: export: the subcommand comes before the flags: hewar export warc --db " + db + " -o x.warc.gz"},
		{[]string{"import", "warc", "--db", db, filepath.Dir(db)}, 1, "hewar: import warc: " + filepath.Dir(db) + " is a directory: give the WARC files in it"},
		{[]string{"export", "--db", db, "--format", "xml"}, 2, `hewar: --format "xml": use jsonl or csv`},
	} {
		r := hewarCmd(t, tc.args...)
		if lines := r.errLines(); r.code != tc.code || len(lines) != 1 || !strings.HasPrefix(lines[0], tc.want) || r.stdout != "" {
			t.Errorf("hewar %s: %v; want exit %d and one line starting %q", strings.Join(tc.args, " "), r, tc.code, tc.want)
		}
	}

	if r := hewarCmd(t, "crawl", "--db", db, "--seed", ""); r.code != exitUsage || r.stderr != "hewar: --seed \"\" is not an http(s) URL\n" {
		t.Errorf("hewar crawl --seed '': %v; want exit 2 and no scheme to add", r)
	}

	// A WARC cut in the middle of a record: one line that says where, and
	// what was kept; the summary on standard output.
	dir := t.TempDir()
	whole := filepath.Join(dir, "whole.warc.gz")
	if r := hewarCmd(t, "export", "warc", "--db", db, "-o", whole); r.code != 0 {
		t.Fatalf("export: %v", r)
	}
	data, err := os.ReadFile(whole)
	if err != nil {
		t.Fatal(err)
	}
	offsets := responseOffsets(t, filepath.Join(dir, "whole.cdxj"))
	cut := filepath.Join(dir, "cut.warc.gz")
	if err := os.WriteFile(cut, data[:offsets[len(offsets)-1]+40], 0o644); err != nil {
		t.Fatal(err)
	}
	r := hewarCmd(t, "import", "warc", "--db", filepath.Join(dir, "b.db"), cut)
	lines := r.errLines()
	if r.code != 1 || len(lines) != 1 || !strings.HasPrefix(lines[0], "hewar: import "+cut+": warc record at byte ") ||
		!strings.Contains(lines[0], "not the rest of the file") || strings.Count(r.stdout, "\n") != 1 {
		t.Errorf("import of a cut WARC: %v; want one error line and the summary", r)
	}
	// Two bad files: one line each.
	cut2 := filepath.Join(dir, "cut2.warc.gz")
	if err := os.WriteFile(cut2, data[:offsets[1]+40], 0o644); err != nil {
		t.Fatal(err)
	}
	if r := hewarCmd(t, "import", "warc", "--db", filepath.Join(dir, "c.db"), cut, cut2); r.code != 1 || len(r.errLines()) != 2 {
		t.Errorf("import of two cut WARCs: %v; want two error lines", r)
	}
}

// responseOffsets are the offsets of the records a CDXJ index lists, in order.
func responseOffsets(t *testing.T, cdxj string) []int64 {
	t.Helper()
	idx, err := os.ReadFile(cdxj)
	if err != nil {
		t.Fatal(err)
	}
	var offsets []int64
	for _, line := range strings.Split(strings.TrimSpace(string(idx)), "\n") {
		var e struct{ Offset string }
		if err := json.Unmarshal([]byte(line[strings.IndexByte(line, '{'):]), &e); err != nil {
			t.Fatal(err)
		}
		offsets = append(offsets, atoi64(t, e.Offset))
	}
	slices.Sort(offsets)
	return offsets
}

// TestCLI_ExitStatuses checks the README's table: 0 done, 1 error, 2 usage,
// 4 a crawl that could not start (3 is the recrawl issue's), and that a
// missing version exits alike in diff and show.
func TestCLI_ExitStatuses(t *testing.T) {
	db := archiveFixture(t)
	key := "hewariraq.com/en/post/708" // three versions
	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"history", "--db", db, key}, exitOK},
		{[]string{"history", "--db", db, "hewariraq.com/en/post/1"}, exitError},
		{[]string{"history", "--db", filepath.Join(t.TempDir(), "none.db"), key}, exitError},
		{[]string{"history", "--db", db, key, "extra"}, exitUsage},
		{[]string{"nosuch"}, exitUsage},
	} {
		if r := hewarCmd(t, tc.args...); r.code != tc.code {
			t.Errorf("hewar %s: %v, want exit %d", strings.Join(tc.args, " "), r, tc.code)
		}
	}
	diff, show := hewarCmd(t, "diff", "--db", db, "--from", "5", key), hewarCmd(t, "show", "--db", db, "--version", "5", key)
	want := "hewar: " + key + " has no version 5 (it has 1 to 3)\n" // before, with ": not found" after it
	if diff.code != exitError || show.code != exitError || diff.stderr != want || show.stderr != want {
		t.Errorf("a missing version:\n diff --from 5: %v\n show --version 5: %v\nwant both exit 1 with %q", diff, show, want)
	}
	if r := hewarCmd(t, "diff", "--db", db, "--from", "3", key); r.code != exitError || !strings.Contains(r.stderr, "is the latest version") {
		t.Errorf("diff --from the latest: %v", r)
	}

	// Another writer holds the archive: the crawl could not start.
	lockedDB := filepath.Join(t.TempDir(), "locked.db")
	adb, err := archive.Open(lockedDB)
	if err != nil {
		t.Fatal(err)
	}
	defer adb.Close()
	release, err := adb.AcquireLock(context.Background(), "test")
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	_, base := replicaServer(t)
	if r := hewarCmd(t, "crawl", "--db", lockedDB, "--seed", base+"/", "--quiet"); r.code != exitCrawlNotStarted || len(r.errLines()) != 1 {
		t.Errorf("crawl of a locked archive: %v, want exit %d and one line", r, exitCrawlNotStarted)
	}
	if r := hewarCmd(t, "reparse", "--db", lockedDB); r.code != exitCrawlNotStarted {
		t.Errorf("reparse of a locked archive: %v, want exit %d", r, exitCrawlNotStarted)
	}

	// The README documents the same numbers.
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range []int{exitOK, exitError, exitUsage, exitCrawlFailures, exitCrawlNotStarted} {
		if !regexp.MustCompile(fmt.Sprintf(`(?m)^\| %d \| `, code)).Match(readme) {
			t.Errorf("README.md has no row for exit status %d", code)
		}
	}
}

// TestCLI_ZeroIsNotLatest: a 0 given for a version or a crawl is refused,
// not read as "the latest".
func TestCLI_ZeroIsNotLatest(t *testing.T) {
	db := archiveFixture(t)
	key := "hewariraq.com/en/post/708"
	for _, args := range [][]string{
		{"diff", "--db", db, "--to", "0", key},
		{"diff", "--db", db, "--from", "0", key},
		{"show", "--db", db, "--version", "0", key},
		{"changes", "--db", db, "--crawl", "0"},
		{"export", "warc", "--db", db, "--crawl", "0", "-o", filepath.Join(t.TempDir(), "x.warc.gz")},
	} {
		if r := hewarCmd(t, args...); r.code != exitUsage || len(r.errLines()) != 1 || !strings.Contains(r.stderr, " 0") {
			t.Errorf("hewar %s: %v; want a one-line refusal, exit 2", strings.Join(args, " "), r)
		}
	}
	// Left out, they still mean the default.
	if r := hewarCmd(t, "diff", "--db", db, key); r.code != 0 || !strings.Contains(r.stdout, "version 2 -> version 3") {
		t.Errorf("diff without --from/--to: %v", r)
	}
}

func TestCLI_SQLOneStatement(t *testing.T) {
	db := archiveFixture(t)
	for _, q := range []string{"", "  ", "/* only a comment */", ";", "select 1; select 2", "select 1; delete from documents", "select 'a;b'; select 2"} {
		r := hewarCmd(t, "sql", "--db", db, q)
		if r.code != exitError || len(r.errLines()) != 1 || r.stdout != "" {
			t.Errorf("hewar sql %q: %v; want a one-line refusal", q, r)
		}
	}
	// After --, a query that starts with a dash is the query, not a flag.
	if r := hewarCmd(t, "sql", "--db", db, "--", "-- only a comment"); r.code != exitError || !strings.Contains(r.stderr, "the query is empty") {
		t.Errorf("hewar sql -- '-- only a comment': %v", r)
	}
	// Without --, a query that opens with an SQL comment, as the examples
	// of docs/schema.md do, is the query too, before or after the flags.
	for _, args := range [][]string{
		{"sql", "--db", db, "-- What the archive holds.\nselect 1"},
		{"sql", "-- What the archive holds.\nselect 1", "--db", db, "--format", "table"},
	} {
		if r := hewarCmd(t, args...); r.code != 0 || !strings.Contains(r.stdout, "(1 row)") {
			t.Errorf("hewar %q: %v", args, r)
		}
	}
	for _, q := range []string{"select 1", "select 1;", "select 1; -- the end", "select 'a;b' as x", `select "n;" from (select 1 as "n;")`, "select 1 /* ; */"} {
		if r := hewarCmd(t, "sql", "--db", db, q); r.code != 0 || !strings.Contains(r.stdout, "(1 row)") {
			t.Errorf("hewar sql %q: %v", q, r)
		}
	}
}

// TestCLI_MessagesSayWhatHappened: a missing directory, a delay raised by
// robots.txt, --quiet, plurals, and a scheduled crawl's wording.
func TestCLI_MessagesSayWhatHappened(t *testing.T) {
	_, base := replicaServer(t)
	missing := filepath.Join(t.TempDir(), "no", "such", "dir")
	r := hewarCmd(t, "crawl", "--db", filepath.Join(missing, "hewar.db"), "--seed", base+"/")
	if r.code != exitCrawlNotStarted || len(r.errLines()) != 1 || !strings.Contains(r.stderr, "the directory "+missing+" does not exist") ||
		strings.Contains(r.stderr, "read-only") {
		t.Errorf("crawl into a missing directory: %v", r)
	}

	// --delay 0, and a robots.txt asking for 300ms: the summary says so.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nCrawl-delay: 0.3\n")
		case "/":
			fmt.Fprint(w, `<html><body><a href="/a">a</a></body></html>`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	db := filepath.Join(dir, "delay.db")
	r = hewarCmd(t, "crawl", "--db", db, "--seed", srv.URL+"/", "--delay", "0")
	host := strings.TrimPrefix(srv.URL, "http://")
	if want := "robots.txt's Crawl-delay raised --delay 0s for " + host + " to 300ms"; r.code != 0 || !strings.Contains(r.stdout, want) {
		t.Errorf("crawl: %v; want the summary to say %q", r, want)
	}
	r = hewarCmd(t, "crawl", "--db", db, "--seed", srv.URL+"/", "--delay", "0", "--json", "--quiet")
	var sum struct {
		Delays map[string]float64 `json:"crawl_delay_seconds"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &sum); err != nil || sum.Delays[host] != 0.3 {
		t.Errorf("crawl --json: crawl_delay_seconds %v (%v), want %s: 0.3", sum.Delays, err, host)
	}

	// --quiet: nothing at all on success.
	if r := hewarCmd(t, "crawl", "--db", db, "--seed", srv.URL+"/", "--delay", "0", "--quiet"); r.code != 0 || r.stdout != "" || r.stderr != "" {
		t.Errorf("crawl --quiet: %v; want nothing printed", r)
	}

	// Plurals: an archive of one capture.
	oneDB := filepath.Join(dir, "one.db")
	adb, err := archive.Open(oneDB)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	crawlID, err := adb.BeginCrawl(ctx, []string{"http://127.0.0.1/"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := adb.Ingest(ctx, crawlID, &archive.Capture{RequestURL: "http://127.0.0.1/x", Status: 200, StatusLine: "HTTP/1.1 200 OK",
		Headers: []archive.Header{{Name: "Content-Type", Value: "text/plain"}}, Body: []byte("x"), FetchedAt: time.Now(), Duration: time.Millisecond}, nil, ""); err != nil {
		t.Fatal(err)
	}
	adb.FinishCrawl(ctx, crawlID)
	adb.Close()
	one := filepath.Join(dir, "one.warc.gz")
	wrongPlural := regexp.MustCompile(`(^|[^0-9])1 (captures|records|responses|revisits|requests|failed fetches|files|rows|new documents|arguments)\b`)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"sql", "--db", oneDB, "select 1"}, "(1 row)\n"},
		{[]string{"export", "warc", "--db", oneDB, "-o", one}, "wrote 1 capture to " + one + ": 3 records (1 response, 0 revisits, 1 request, 0 failed fetches)"},
		{[]string{"import", "warc", "--db", filepath.Join(dir, "one-again.db"), one}, "imported 1 capture from 1 file into crawl 1: "},
		{[]string{"history", "--db", oneDB, "a", "b"}, "history takes one DOC_KEY or URL, got 2 arguments"},
	} {
		r := hewarCmd(t, tc.args...)
		if out := r.stdout + r.stderr; !strings.Contains(out, tc.want) || wrongPlural.MatchString(out) {
			t.Errorf("hewar %s: %v; want %q", strings.Join(tc.args, " "), r, tc.want)
		}
	}

	// A crawl of schedule stopped by --max-pages: the next scheduled crawl
	// continues it, not "run the same command again".
	sdb := filepath.Join(dir, "sched.db")
	r = hewarCmd(t, "schedule", "--db", sdb, "--every", "1h", "--runs", "1", "--seed", base+"/", "--delay", "0", "--max-pages", "2")
	if r.code != 0 || strings.Contains(r.stdout+r.stderr, "same command") || !strings.Contains(r.stderr, "the next scheduled crawl continues it") ||
		!strings.Contains(r.stdout, "stopped (the next scheduled crawl continues it)") {
		t.Errorf("schedule --max-pages 2: %v", r)
	}
	if r := hewarCmd(t, "crawl", "--db", filepath.Join(dir, "c.db"), "--seed", base+"/", "--delay", "0", "--max-pages", "2"); !strings.Contains(r.stderr, "run the same command again to continue it") {
		t.Errorf("crawl --max-pages 2: %v", r)
	}
}

// TestCLI_DocKeyWrittenOtherwise: a doc_key with a trailing slash, with the
// host in capitals or "www.", finds its document in show, history and diff.
func TestCLI_DocKeyWrittenOtherwise(t *testing.T) {
	db, _ := crawledReplica(t)
	for _, ref := range []string{
		demoDocKey, demoDocKey + "/", "HEWARIRAQ.COM/en/post/708", "HewarIraq.com/en/post/708/", "www.hewariraq.com/en/post/708",
	} {
		for _, cmd := range []string{"show", "history", "diff"} {
			r := hewarCmd(t, cmd, "--db", db, "--json", ref)
			var got struct {
				DocKey string `json:"doc_key"`
			}
			if err := json.Unmarshal([]byte(r.stdout), &got); r.code != 0 || err != nil || got.DocKey != demoDocKey {
				t.Errorf("hewar %s %q: %v", cmd, ref, r)
			}
		}
	}
	// A page that is not a post: its key has the host the crawl saw.
	var key string
	queryRow(t, db, "select doc_key from documents where doc_key like '127.0.0.1/en/%' and doc_key not like '%/post/%' order by doc_key limit 1", &key)
	host, path, _ := strings.Cut(key, "/")
	for _, ref := range []string{key + "/", strings.ToUpper(host) + "/" + path} {
		if r := hewarCmd(t, "history", "--db", db, ref); r.code != 0 || !strings.HasPrefix(r.stdout, key+"\n") {
			t.Errorf("hewar history %q (for %s): %v", ref, key, r)
		}
	}
}

// TestCLI_WARCSummariesJSON: import warc and export warc print their
// summaries as JSON with --json, in the shapes docs/warc.md documents.
func TestCLI_WARCSummariesJSON(t *testing.T) {
	db, _ := crawledReplica(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "all.warc.gz")
	r := hewarCmd(t, "export", "warc", "--db", db, "-o", out, "--json")
	var exp map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &exp); r.code != 0 || err != nil {
		t.Fatalf("export warc --json: %v (%v)", r, err)
	}
	exportLine := r.stdout
	var captures int
	queryRow(t, db, "select count(*) from captures", &captures)
	if exp["warc"] != out || exp["index"] != filepath.Join(dir, "all.cdxj") || exp["captures"] != float64(captures) ||
		exp["records"].(float64) <= exp["responses"].(float64) || exp["bytes"].(float64) <= 0 {
		t.Errorf("export warc --json: %s", r.stdout)
	}
	r = hewarCmd(t, "import", "warc", "--db", filepath.Join(dir, "b.db"), "--json", out)
	var imp map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &imp); r.code != 0 || err != nil {
		t.Fatalf("import warc --json: %v (%v)", r, err)
	}
	outcomes, _ := imp["outcomes"].(map[string]any)
	// An import takes one capture from each response and revisit record.
	// A fetch that got no answer (one that timed out on a busy machine) is a
	// metadata record, no capture; each hop of a redirect is a response
	// record of its own, which the import takes as the capture of that URL.
	// So what comes back is the WARC's records, not the archive's captures.
	if imp["captures"] != exp["responses"].(float64)+exp["revisits"].(float64) || len(outcomes) != 7 || outcomes["new"].(float64) == 0 ||
		fmt.Sprint(imp["files"]) != "["+out+"]" || fmt.Sprint(imp["bad_files"]) != "[]" {
		t.Errorf("import warc --json: %s; the archive's %d captures exported as %s", r.stdout, captures, strings.TrimSpace(exportLine))
	}
	// A cut file is named in bad_files, and the line on stderr still says why.
	data, _ := os.ReadFile(out)
	offsets := responseOffsets(t, filepath.Join(dir, "all.cdxj"))
	cut := filepath.Join(dir, "cut.warc.gz")
	os.WriteFile(cut, data[:offsets[len(offsets)/2]+40], 0o644)
	r = hewarCmd(t, "import", "warc", "--db", filepath.Join(dir, "c.db"), "--json", cut)
	var bad struct {
		BadFiles []struct {
			Path     string `json:"path"`
			Offset   int64  `json:"offset"`
			Error    string `json:"error"`
			Imported int    `json:"imported"`
		} `json:"bad_files"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &bad); err != nil || r.code != 1 || len(bad.BadFiles) != 1 || bad.BadFiles[0].Path != cut ||
		bad.BadFiles[0].Offset <= 0 || bad.BadFiles[0].Error == "" || len(r.errLines()) != 1 {
		t.Errorf("import warc --json of a cut file: %v", r)
	}

	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "warc.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []map[string]any{exp, imp, outcomes} {
		for k := range m {
			if !bytes.Contains(doc, []byte("`"+k+"`")) {
				t.Errorf("docs/warc.md does not document the JSON field %q", k)
			}
		}
	}
}

// TestCLI_Completion loads the bash and zsh scripts in those shells and
// completes with them: every command of the help, and every flag of each.
func TestCLI_Completion(t *testing.T) {
	script := filepath.Join(t.TempDir(), "hewar.bash")
	r := hewarCmd(t, "completion", "bash")
	if r.code != 0 || os.WriteFile(script, []byte(r.stdout), 0o644) != nil {
		t.Fatalf("completion bash: %v", r)
	}
	complete := func(words ...string) []string {
		t.Helper()
		quoted := make([]string, len(words))
		for i, w := range words {
			quoted[i] = "'" + w + "'"
		}
		prog := fmt.Sprintf(`source %q; COMP_WORDS=(%s); COMP_CWORD=%d; _hewar; printf '%%s\n' "${COMPREPLY[@]}"`,
			script, strings.Join(quoted, " "), len(words)-1)
		out, err := exec.Command("bash", "--norc", "--noprofile", "-c", prog).CombinedOutput()
		if err != nil {
			t.Fatalf("bash completion of %q: %v\n%s", words, err, out)
		}
		return strings.Fields(string(out))
	}
	// Every command of hewar help, from the same table.
	var listed []string
	for _, line := range strings.Split(hewarCmd(t, "help").stdout, "\n") {
		if f := strings.Fields(line); strings.HasPrefix(line, "  ") && len(f) > 1 && subcommands[f[0]][f[1]].summary == "" {
			listed = append(listed, f[0])
		}
	}
	if got := complete("hewar", ""); len(listed) < 15 || strings.Join(got, " ") != strings.Join(listed, " ")+" --help --version" {
		t.Errorf("bash completes commands %v, hewar help lists %v", got, listed)
	}
	if got := complete("hewar", "sch"); strings.Join(got, " ") != "schedule" {
		t.Errorf("hewar sch<TAB> = %v", got)
	}
	if got := complete("hewar", "export", ""); strings.Join(got, " ") != "wacz warc" {
		t.Errorf("hewar export <TAB> = %v", got)
	}
	if got := complete("hewar", "completion", ""); strings.Join(got, " ") != "bash zsh" {
		t.Errorf("hewar completion <TAB> = %v", got)
	}
	for _, name := range commandNames() {
		if name == "help" || name == "completion" {
			continue
		}
		var want []string
		for _, f := range flagsOf(context.Background(), name) {
			want = append(want, dashed(f.Name))
		}
		got := complete(append(append([]string{"hewar"}, strings.Fields(name)...), "-")...)
		if strings.Join(got, " ") != strings.Join(append(want, "--help"), " ") {
			t.Errorf("hewar %s -<TAB> = %v, want %v", name, got, want)
		}
	}
	// The value of a flag is left to the shell (files): no flags offered.
	if got := complete("hewar", "crawl", "--db", ""); len(got) != 0 {
		t.Errorf("hewar crawl --db <TAB> = %v, want the shell's files", got)
	}

	zsh, err := exec.LookPath("zsh")
	if err != nil {
		t.Skip("zsh is not installed (make test installs it as root): the zsh script is not checked")
	}
	r = hewarCmd(t, "completion", "zsh")
	zscript := filepath.Join(t.TempDir(), "_hewar")
	if r.code != 0 || os.WriteFile(zscript, []byte(r.stdout), 0o644) != nil {
		t.Fatalf("completion zsh: %v", r)
	}
	home := t.TempDir()
	prog := fmt.Sprintf(`autoload -U compinit && compinit -u -d %q && source %q && print -r -- ${_comps[hewar]} && functions _hewar`,
		filepath.Join(home, ".zcompdump"), zscript)
	cmd := exec.Command(zsh, "-f", "-c", prog)
	cmd.Env = append(os.Environ(), "HOME="+home)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.HasPrefix(string(out), "_hewar\n") {
		t.Fatalf("zsh: loading the completion: %v\n%s", err, out)
	}
	// Run _hewar on command lines with zsh's completion functions stood in
	// for by ones that print what they were given: what each command line
	// offers is then read back.
	zcomplete := func(words ...string) string {
		t.Helper()
		quoted := make([]string, len(words))
		for i, w := range words {
			quoted[i] = "'" + w + "'"
		}
		prog := fmt.Sprintf(`compdef() { :; }
source %q
_describe() { local -a items; items=("${(@P)4}"); print -r -- describe ${items%%%%:*}; }
_arguments() { print -rl -- arguments "$@"; }
compadd() { print -r -- compadd "$@"; }
words=(%s); CURRENT=%d; PREFIX=${words[CURRENT]}; _hewar`, zscript, strings.Join(quoted, " "), len(words))
		out, err := exec.Command(zsh, "-f", "-c", prog).CombinedOutput()
		if err != nil {
			t.Fatalf("zsh completion of %q: %v\n%s", words, err, out)
		}
		return string(out)
	}
	if got, want := zcomplete("hewar", "cr"), "describe "+strings.Join(listed, " ")+"\n"; got != want {
		t.Errorf("zsh: hewar cr<TAB> offers %q, want %q", got, want)
	}
	if got := zcomplete("hewar", "export", "w"); got != "compadd -- wacz warc\n" {
		t.Errorf("zsh: hewar export w<TAB> offers %q", got)
	}
	if got := zcomplete("hewar", "completion", ""); got != "compadd bash zsh\n" {
		t.Errorf("zsh: hewar completion <TAB> offers %q", got)
	}
	for _, name := range commandNames() {
		if name == "help" || name == "completion" {
			continue
		}
		got := zcomplete(append(append([]string{"hewar"}, strings.Fields(name)...), "--")...)
		if !strings.HasPrefix(got, "arguments\n") {
			t.Errorf("zsh: hewar %s --<TAB> offers %q", name, got)
			continue
		}
		for _, f := range flagsOf(context.Background(), name) {
			_, usage := flagArg(f)
			if !regexp.MustCompile(`(?m)^\*?` + regexp.QuoteMeta(dashed(f.Name)) + `=?\[` + regexp.QuoteMeta(zshDescription(usage)) + `\]`).MatchString(got) {
				t.Errorf("zsh: hewar %s --<TAB> lacks %s with its help:\n%s", name, dashed(f.Name), got)
			}
		}
	}
}

// TestCLI_Contact: a crawl of a host other than loopback needs a way to
// reach its operator; loopback crawls do not.
func TestCLI_Contact(t *testing.T) {
	dir := t.TempDir()
	// The database path is in a directory that does not exist: a crawl that
	// gets past the contact check fails there, before any request is made.
	nowhere := filepath.Join(dir, "missing", "hewar.db")
	for _, args := range [][]string{
		{"crawl", "--db", nowhere},
		{"crawl", "--db", nowhere, "--seed", "https://example.org/"},
		{"crawl", "--db", nowhere, "--seed", "http://127.0.0.1:9/", "--seed", "https://example.org/"},
		{"crawl", "--db", nowhere, "--seed", "https://example.org/", "--user-agent", "mybot/1.0"},
		{"schedule", "--db", nowhere, "--every", "1h", "--seed", "https://example.org/"},
	} {
		r := hewarCmd(t, args...)
		if r.code != exitUsage || len(r.errLines()) != 1 || !strings.Contains(r.stderr, "add --contact") {
			t.Errorf("hewar %s: %v; want a one-line refusal that says to add --contact", strings.Join(args, " "), r)
		}
	}
	if r := hewarCmd(t, "crawl", "--db", nowhere); !strings.Contains(r.stderr, "crawling hewariraq.com needs") {
		t.Errorf("crawl of the default seeds: %v", r)
	}
	for _, args := range [][]string{
		{"crawl", "--db", nowhere, "--contact", "you@example.org"},
		{"crawl", "--db", nowhere, "--seed", "https://example.org/", "--contact", "https://example.org/about"},
		{"crawl", "--db", nowhere, "--seed", "https://example.org/", "--user-agent", "mybot/1.0 (+https://example.org/bot)"},
		{"crawl", "--db", nowhere, "--seed", "https://example.org/", "--user-agent", "mybot/1.0 (you@example.org)"},
		{"crawl", "--db", nowhere, "--seed", "http://localhost:9/", "--seed", "http://[::1]:9/"},
	} {
		if r := hewarCmd(t, args...); r.code != exitCrawlNotStarted || !strings.Contains(r.stderr, "does not exist") {
			t.Errorf("hewar %s: %v; want past the contact check", strings.Join(args, " "), r)
		}
	}
	if r := hewarCmd(t, "crawl", "--db", nowhere, "--contact", "nobody"); r.code != exitUsage || !strings.Contains(r.stderr, "neither an email address") {
		t.Errorf("crawl --contact nobody: %v", r)
	}

	// A --user-agent without a contact gets the --contact added.
	for _, tc := range []struct{ agent, contact, want string }{
		{"mybot/1.0", "https://example.org/", "mybot/1.0 (+https://example.org/)"},
		{"mybot/1.0 (+mailto:a@example.org)", "mailto:b@example.org", "mybot/1.0 (+mailto:a@example.org)"},
		{"", "mailto:you@example.org", hewarSoftware() + " (+mailto:you@example.org)"},
		{"", "", hewarSoftware()},
	} {
		if got := userAgentFor(tc.agent, tc.contact); got != tc.want {
			t.Errorf("userAgentFor(%q, %q) = %q, want %q", tc.agent, tc.contact, got, tc.want)
		}
	}
}

// TestNewcomerPath_CI: .ci/run runs make test and nothing else, so that
// whatever CI needs, make test installs for a new user too.
func TestNewcomerPath_CI(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", ".ci", "run"))
	if err != nil {
		t.Fatal(err)
	}
	makeTest := 0
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case line == "make test":
			makeTest++
		case strings.HasPrefix(line, "set "), strings.HasPrefix(line, "cd "), strings.HasPrefix(line, "export "):
		default:
			t.Errorf(".ci/run does more than make test: %q", line)
		}
	}
	if makeTest != 1 {
		t.Errorf(".ci/run runs make test %d times", makeTest)
	}
	// make demo says, before it builds, that the first build compiles SQLite.
	out, err := exec.Command("make", "-C", filepath.Join("..", ".."), "-n", "demo").Output()
	if err != nil {
		t.Skipf("make -n demo: %v", err)
	}
	s := string(out)
	say, build := strings.Index(s, "compiles SQLite"), strings.Index(s, "go build")
	if say < 0 || build < 0 || say > build {
		t.Errorf("make demo does not say before building that SQLite is compiled:\n%s", s)
	}
}

// TestNewcomerPath_TestDeps runs scripts/test-deps.sh with stand-ins for
// apt-get and npm: root installs what is missing (apt-get update once
// first); npm ci runs when node_modules is missing or from another lock
// file, and not again; a user who is not root is told the command in one
// line, and the script goes on; a ReplayWeb.page tarball that is not the
// one pinned is refused.
func TestNewcomerPath_TestDeps(t *testing.T) {
	repo := t.TempDir()
	if err := os.MkdirAll(filepath.Join(repo, "scripts"), 0o755); err != nil {
		t.Fatal(err)
	}
	script, err := os.ReadFile(filepath.Join("..", "..", "scripts", "test-deps.sh"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(repo, "scripts", "test-deps.sh"), script, 0o755)
	os.WriteFile(filepath.Join(repo, "package-lock.json"), []byte(`{"lockfileVersion": 3}`), 0o644)

	bin := t.TempDir()
	log := filepath.Join(t.TempDir(), "calls")
	stub := func(name, body string) {
		os.WriteFile(filepath.Join(bin, name), []byte("#!/bin/sh\n"+body+"\n"), 0o755)
	}
	for _, tool := range []string{"bash", "sh", "cat", "cut", "sha256sum", "sha512sum", "dirname", "mkdir", "mktemp", "rm", "grep"} {
		p, err := exec.LookPath(tool)
		if err != nil {
			t.Skipf("no %s", tool)
		}
		os.Symlink(p, filepath.Join(bin, tool))
	}
	stub("id", `echo "${FAKE_UID:-0}"`)
	stub("apt-get", `echo "apt-get $*" >>`+log)
	// npm pack makes a tarball, which is not the ReplayWeb.page the script
	// pins; the installed app is faked below, as it is kept across runs.
	stub("npm", `echo "npm $*" >>`+log+`; mkdir -p node_modules; [ "$1" = pack ] && echo fake >replaywebpage-2.5.3.tgz; true`)
	pin := regexp.MustCompile(`(?m)^rwp_sha512=([0-9a-f]{128})$`).FindSubmatch(script)
	if pin == nil {
		t.Fatal("scripts/test-deps.sh pins no rwp_sha512")
	}
	installApp := func() {
		dir := filepath.Join(repo, "node_modules", ".hewar-replaywebpage")
		os.MkdirAll(dir, 0o755)
		os.WriteFile(filepath.Join(dir, "sha512"), append(pin[1], '\n'), 0o644)
	}
	installApp()
	// The docs' Python and R libraries: installed unless FAKE_NO_LIBS is set.
	stub("dpkg-query", `[ -z "$FAKE_NO_LIBS" ] && printf 'install ok installed'`)
	for _, tool := range []string{"chromium", "wget", "zsh", "node", "sqlite-utils"} {
		stub(tool, "")
	}
	deps := func(uid string, env ...string) result {
		t.Helper()
		cmd := exec.Command(filepath.Join(bin, "bash"), filepath.Join(repo, "scripts", "test-deps.sh"))
		cmd.Env = append([]string{"PATH=" + bin, "FAKE_UID=" + uid}, env...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		r := result{stdout: stdout.String(), stderr: stderr.String()}
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			r.code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return r
	}
	calls := func() string {
		b, _ := os.ReadFile(log)
		os.Remove(log)
		return string(b)
	}

	// As root, sqlite3 and zstd missing: apt-get update, then one install.
	r := deps("0")
	if got, want := calls(), "apt-get update -qq\napt-get install -y -qq sqlite3 zstd\nnpm ci --no-audit --no-fund --loglevel=error\n"; r.code != 0 || got != want {
		t.Errorf("test-deps as root: %v\ncalls:\n%s\nwant:\n%s", r, got, want)
	}
	// node_modules is from this lock file now: no npm ci.
	if r := deps("0"); calls() != "apt-get update -qq\napt-get install -y -qq sqlite3 zstd\n" || r.code != 0 {
		t.Errorf("test-deps again: npm ci ran again, or %v", r)
	}
	// Another lock file: npm ci again.
	os.WriteFile(filepath.Join(repo, "package-lock.json"), []byte(`{"lockfileVersion": 3, "x": 1}`), 0o644)
	deps("0")
	if got := calls(); !strings.Contains(got, "npm ci") {
		t.Errorf("a changed package-lock.json did not run npm ci: %q", got)
	}
	// Not root: one line naming the command; nothing installed; exit 0 so
	// that the other tests run.
	r = deps("1000")
	lines := r.errLines()
	if got := calls(); r.code != 0 || got != "" || len(lines) != 1 || !strings.Contains(lines[0], "run 'sudo apt-get install -y sqlite3 zstd'") {
		t.Errorf("test-deps as a user: %v, calls %q", r, got)
	}
	// A ReplayWeb.page tarball that is not the one pinned is refused, in a
	// line that says so, and fails make test.
	os.RemoveAll(filepath.Join(repo, "node_modules", ".hewar-replaywebpage"))
	r = deps("0")
	if got := calls(); r.code == 0 || !strings.Contains(got, "npm pack --silent --loglevel=error replaywebpage@2.5.3") ||
		!strings.Contains(r.stderr, "replaywebpage-2.5.3.tgz from the registry has SHA-512 ") {
		t.Errorf("test-deps with a wrong ReplayWeb.page tarball: %v, calls %q", r, got)
	}
	if _, err := os.Stat(filepath.Join(repo, "node_modules", ".hewar-replaywebpage", "sw.js")); err == nil {
		t.Error("the wrong tarball was installed")
	}
	installApp()
	// The docs' libraries missing: installed as root without their
	// recommended packages, named in the one line otherwise.
	r = deps("0", "FAKE_NO_LIBS=1")
	if got, want := calls(), "apt-get update -qq\napt-get install -y -qq sqlite3 zstd\napt-get install -y -qq --no-install-recommends python3-pandas python3-zstandard r-cran-rsqlite\n"; r.code != 0 || got != want {
		t.Errorf("test-deps as root without the libraries: %v\ncalls:\n%s\nwant:\n%s", r, got, want)
	}
	r = deps("1000", "FAKE_NO_LIBS=1")
	if lines := r.errLines(); len(lines) != 1 || !strings.Contains(lines[0], "run 'sudo apt-get install -y sqlite3 zstd python3-pandas python3-zstandard r-cran-rsqlite'") {
		t.Errorf("test-deps as a user without the libraries: %v", r)
	}
	calls()
	// A failed install as root fails make test, in a line that says so.
	stub("apt-get", `exit 100`)
	if r := deps("0"); r.code == 0 || !strings.Contains(r.stderr, "apt-get install sqlite3 zstd failed") {
		t.Errorf("test-deps with apt-get failing: %v", r)
	}
}

// TestNewcomerPath_ReadmeCommands runs the README's commands after a crawl
// (hewar's and sqlite3's) on an archive of the replica, as a reader would
// type them: each must work and print something.
func TestNewcomerPath_ReadmeCommands(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	db, _ := crawledReplica(t)
	bin := hewarBinary(t)
	ran := 0
	dir := t.TempDir() // commands that write files (fixture save) write them here
	for _, line := range strings.Split(string(readme), "\n") {
		if !strings.HasPrefix(line, "./bin/hewar ") && !strings.HasPrefix(line, "sqlite3 hewar.db") {
			continue
		}
		if f := strings.Fields(line); f[1] == "crawl" || f[1] == "serve" || f[1] == "schedule" {
			continue // they crawl the live site, or run until stopped
		}
		if strings.HasPrefix(line, "sqlite3") {
			if _, err := exec.LookPath("sqlite3"); err != nil {
				t.Logf("skipped, sqlite3 is not installed (make test installs it as root): %s", line)
				continue
			}
		}
		cmdline := strings.ReplaceAll(strings.Replace(line, "./bin/hewar", bin, 1), "hewar.db", db)
		cmd := exec.Command("bash", "-c", cmdline)
		cmd.Dir = dir // what the commands write (fixture save's parse-fixtures) stays out of the source tree
		out, err := cmd.CombinedOutput()
		if err != nil || len(bytes.TrimSpace(out)) == 0 {
			t.Errorf("README: %s: %v\n%s", line, err, out)
		}
		ran++
	}
	if ran < 5 {
		t.Errorf("ran %d of the README's commands; it lost them?", ran)
	}
}
