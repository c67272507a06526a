package main

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/fixtures"
)

// mountTmpfs mounts a tmpfs of size bytes on a new directory and unmounts
// it at cleanup. It skips the test where mounting is not allowed (not root,
// or a container without CAP_SYS_ADMIN).
func mountTmpfs(t *testing.T, size int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "small")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+strconv.Itoa(size), "tmpfs", dir).CombinedOutput()
	if err != nil {
		t.Skipf("cannot mount a small tmpfs to fill (needs root and CAP_SYS_ADMIN): %v: %s", err, bytes.TrimSpace(out))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
	return dir
}

// availBytes is the room left for files on dir's file system.
func availBytes(t *testing.T, dir string) int64 {
	t.Helper()
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	return int64(st.Bavail) * st.Bsize
}

// fill writes a file that leaves about free bytes on dir's file system.
func fill(t *testing.T, dir string, free int64) {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	block := make([]byte, 64<<10)
	for {
		avail := availBytes(t, dir)
		if avail <= free {
			return
		}
		n := min(int64(len(block)), avail-free)
		if _, err := f.Write(block[:n]); err != nil {
			return // full already
		}
	}
}

// TestCrawl_DiskFull fills the file system under a crawl: the crawl stops
// with one clear line, everything committed before stays, the file passes
// integrity_check, and once there is room again the same command resumes
// and completes the crawl.
func TestCrawl_DiskFull(t *testing.T) {
	dir := mountTmpfs(t, 24<<20)
	_, base := replicaServer(t)
	db := filepath.Join(dir, "hewar.db")
	crawlJSON(t, crawlArgs(db, base)...)
	before := versionsOf(t, db)

	// A bigger site, and almost no room left for it.
	site := fixtures.NewSynthetic(300, 3, fixtures.WithCrawlDelay(0))
	srv := httptest.NewServer(site)
	defer srv.Close()
	fill(t, dir, 256<<10)
	args := []string{"crawl", "--db", db, "--seed", srv.URL + "/", "--delay", "0", "--parallel", "4", "--quiet", "--json"}
	var out, errb bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(""), &out, &errb)
	if err == nil {
		t.Fatal("a crawl on a full disk succeeded; the test proves nothing (make the tmpfs smaller)")
	}
	msg := err.Error()
	if strings.Contains(msg, "\n") || !strings.Contains(msg, "full") {
		t.Errorf("disk full: error %q; want one line that says the disk is full", msg)
	}
	t.Logf("disk full: hewar: %s", msg)
	checkIntegrity(t, db)
	after := versionsOf(t, db)
	for _, v := range strings.Fields(before) {
		if !strings.Contains(" "+after+" ", " "+v+" ") {
			t.Errorf("version %s, committed before the disk filled, is gone", v)
		}
	}

	// Room again: the same command resumes the crawl and completes it.
	if err := os.Remove(filepath.Join(dir, "filler")); err != nil {
		t.Fatal(err)
	}
	sum := crawlJSON(t, args...)
	if !sum.Resumed || !sum.Complete {
		t.Errorf("after the disk was freed: resumed %v, complete %v; want the interrupted crawl resumed and completed", sum.Resumed, sum.Complete)
	}
	var posts int
	queryRow(t, db, "select count(*) from documents where doc_key like 'hewariraq.com/%/post/1%'", &posts)
	if posts != site.Len() {
		t.Errorf("%d synthetic posts archived, want %d", posts, site.Len())
	}
	checkIntegrity(t, db)
}

// TestCrawl_DiskFullNewArchive: creating an archive on a full disk fails in
// one line and leaves no half-made archive that a later run would trip on.
func TestCrawl_DiskFullNewArchive(t *testing.T) {
	dir := mountTmpfs(t, 16<<20)
	_, base := replicaServer(t)
	fill(t, dir, 0)
	db := filepath.Join(dir, "hewar.db")
	err := run(context.Background(), crawlArgs(db, base), strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil {
		t.Fatal("a crawl into a new archive on a full disk succeeded")
	}
	if msg := err.Error(); strings.Contains(msg, "\n") {
		t.Errorf("error %q is more than one line", msg)
	}
	t.Logf("new archive on a full disk: hewar: %v", err)
	if err := os.Remove(filepath.Join(dir, "filler")); err != nil {
		t.Fatal(err)
	}
	sum := crawlJSON(t, crawlArgs(db, base)...)
	if !sum.Complete || sum.Counts.New == 0 {
		t.Errorf("after the disk was freed: %+v", sum.Counts)
	}
	checkIntegrity(t, db)
}

// TestCrawl_ReadOnlyArchive makes an archive read-only in the ways that hold
// even for root (who ignores file modes): an immutable file (chattr +i) and
// a read-only bind mount of its directory; as another user, chmod 0444 and
// 0555. A crawl then fails in one clear line and changes no byte, and the
// read commands still read it.
func TestCrawl_ReadOnlyArchive(t *testing.T) {
	_, base := replicaServer(t)
	src := filepath.Join(t.TempDir(), "hewar.db")
	crawlJSON(t, crawlArgs(src, base)...)
	if err := checkpoint(src); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	// fresh copies the archive into a new directory.
	fresh := func(t *testing.T) string {
		dir := t.TempDir()
		db := filepath.Join(dir, "hewar.db")
		if err := os.WriteFile(db, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return db
	}
	ways := map[string]func(t *testing.T) string{
		"immutable file": func(t *testing.T) string {
			if os.Geteuid() != 0 {
				t.Skip("chattr +i needs root; the chmod case covers other users")
			}
			db := fresh(t)
			if out, err := exec.Command("chattr", "+i", db).CombinedOutput(); err != nil {
				t.Skipf("chattr +i is not available here: %v: %s", err, bytes.TrimSpace(out))
			}
			t.Cleanup(func() { exec.Command("chattr", "-i", db).Run() })
			return db
		},
		"read-only mount": func(t *testing.T) string {
			db := fresh(t)
			ro := filepath.Join(t.TempDir(), "ro")
			if err := os.Mkdir(ro, 0o755); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command("mount", "--bind", filepath.Dir(db), ro).CombinedOutput(); err != nil {
				t.Skipf("cannot bind-mount (needs root and CAP_SYS_ADMIN): %v: %s", err, bytes.TrimSpace(out))
			}
			t.Cleanup(func() { exec.Command("umount", ro).Run() })
			if out, err := exec.Command("mount", "-o", "remount,bind,ro", ro).CombinedOutput(); err != nil {
				t.Skipf("cannot remount read-only: %v: %s", err, bytes.TrimSpace(out))
			}
			return filepath.Join(ro, "hewar.db")
		},
		"chmod": func(t *testing.T) string {
			if os.Geteuid() == 0 {
				t.Skip("root ignores file modes; the immutable and read-only mount cases cover root")
			}
			db := fresh(t)
			os.Chmod(db, 0o444)
			os.Chmod(filepath.Dir(db), 0o555)
			t.Cleanup(func() { os.Chmod(filepath.Dir(db), 0o755) })
			return db
		},
	}
	for name, makeRO := range ways {
		t.Run(name, func(t *testing.T) {
			db := makeRO(t)
			before := fileSum(t, db)
			var out, errb bytes.Buffer
			err := run(context.Background(), crawlArgs(db, base), strings.NewReader(""), &out, &errb)
			if err == nil {
				t.Fatal("a crawl into a read-only archive succeeded")
			}
			msg := err.Error()
			if strings.Contains(msg, "\n") || !strings.Contains(strings.ToLower(msg), "read-only") && !strings.Contains(strings.ToLower(msg), "readonly") {
				t.Errorf("error %q: want one line that says the archive is read-only", msg)
			}
			t.Logf("%s: hewar: %s", name, msg)
			if after := fileSum(t, db); after != before {
				t.Error("the read-only archive's bytes changed")
			}
			// Reading needs no write.
			for _, args := range [][]string{
				{"search", "interview"}, {"show", "hewariraq.com/en/post/708"}, {"sql", "select count(*) from qa"},
			} {
				var out, errb bytes.Buffer
				if err := run(context.Background(), append(args, "--db", db), strings.NewReader(""), &out, &errb); err != nil {
					t.Errorf("hewar %s on a read-only archive: %v", args[0], err)
				}
			}
		})
	}
}

// TestCrawl_LockLeftByAFailedRelease: when the disk is full, releasing the
// crawl lock (a DELETE) fails too, and the row stays with this process's pid.
// A process that runs crawls one after another (hewar schedule, or this test
// binary) must not then refuse its own next crawl for ever as "locked by" a
// live process: itself. TestCrawl_DiskFull found it (the resumed crawl was
// refused); this sets up the same row directly.
func TestCrawl_LockLeftByAFailedRelease(t *testing.T) {
	_, base := replicaServer(t)
	path := filepath.Join(t.TempDir(), "hewar.db")
	db, err := archive.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	host, _ := os.Hostname()
	now := time.Now().UnixMilli()
	if _, err := db.SQLDB().Exec(`INSERT INTO crawl_lock (id, owner, pid, hostname, started_at, heartbeat_at)
		VALUES (1, 'hewar crawl', ?, ?, ?, ?)`, os.Getpid(), host, now, now); err != nil {
		t.Fatal(err)
	}
	db.Close()
	sum := crawlJSON(t, crawlArgs(path, base)...)
	if !sum.Complete {
		t.Errorf("crawl after a lock row this process failed to delete: %+v", sum.Counts)
	}
}
