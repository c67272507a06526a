package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The tools researchers open the archive with, as the tests find them:
// sqlite3, Python with the modules an example imports, R with RSQLite.
// make test installs them (scripts/test-deps.sh: Debian's sqlite3,
// python3-pandas, python3-zstandard, r-cran-rsqlite); where one is missing
// the test that needs it is skipped, saying what to install; in CI (CI set)
// it fails instead, so that CI never passes without having run the docs'
// examples.

// missingTool skips the test, or fails it in CI.
func missingTool(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf(format+" (CI is set, so this fails instead of skipping)", args...)
	}
	t.Skipf(format, args...)
}

// pythonWith returns a Python that imports every module, trying Debian's
// own first: a python3 earlier on PATH (pyenv, a virtualenv) does not see
// the modules Debian's packages install.
func pythonWith(t *testing.T, modules ...string) string {
	t.Helper()
	var tried []string
	for _, p := range []string{"/usr/bin/python3", "python3"} {
		path, err := exec.LookPath(p)
		if err != nil {
			continue
		}
		tried = append(tried, path)
		args := []string{"-c", "import " + strings.Join(append([]string{"sqlite3"}, modules...), ", ")}
		if exec.Command(path, args...).Run() == nil {
			return path
		}
	}
	missingTool(t, "no python3 with %s (tried %v): apt-get install python3-pandas python3-zstandard (make test does it as root)", strings.Join(modules, ", "), tried)
	return ""
}

// rscript returns Rscript, with DBI and RSQLite.
func rscript(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("Rscript")
	if err == nil && exec.Command(path, "-e", "library(DBI); library(RSQLite)").Run() == nil {
		return path
	}
	missingTool(t, "no Rscript with DBI and RSQLite: apt-get install r-cran-rsqlite (make test does it as root)")
	return ""
}

// sqlite3CLI returns the sqlite3 command.
func sqlite3CLI(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("sqlite3")
	if err != nil {
		missingTool(t, "no sqlite3 command: apt-get install sqlite3 (make test does it as root)")
	}
	return path
}

// runTool runs a researcher's tool in dir and returns its standard output.
func runTool(t *testing.T, dir string, name string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if err != nil {
		return out.String(), &toolError{err: err, stderr: strings.TrimSpace(errb.String())}
	}
	return out.String(), nil
}

type toolError struct {
	err    error
	stderr string
}

func (e *toolError) Error() string { return e.err.Error() + ": " + e.stderr }

// readOnlyPlace copies files into a directory nobody can write, as a DVD, a
// read-only share or a deposit's mount would be: a read-only bind mount
// (for root, who ignores file modes), else a directory without write
// permission. It skips the test where neither can be made.
func readOnlyPlace(t *testing.T, files ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), data, 0o444); err != nil {
			t.Fatal(err)
		}
	}
	if os.Geteuid() != 0 {
		os.Chmod(dir, 0o555)
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
		return dir
	}
	ro := filepath.Join(t.TempDir(), "ro")
	if err := os.Mkdir(ro, 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "--bind", dir, ro).CombinedOutput(); err != nil {
		t.Skipf("cannot bind-mount (needs root and CAP_SYS_ADMIN): %v: %s", err, bytes.TrimSpace(out))
	}
	t.Cleanup(func() { exec.Command("umount", ro).Run() })
	if out, err := exec.Command("mount", "-o", "remount,bind,ro", ro).CombinedOutput(); err != nil {
		t.Skipf("cannot remount read-only: %v: %s", err, bytes.TrimSpace(out))
	}
	return ro
}
