package web_test

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

func mkdirTemp() (string, error) { return os.MkdirTemp("", "hewar-web-test-") }

// TestMain removes the shared demo archive, and the benchmarks', after the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if demo.dir != "" {
		os.RemoveAll(demo.dir)
	}
	if manyRuns.path != "" {
		os.RemoveAll(filepath.Dir(manyRuns.path))
	}
	os.Exit(code)
}

func strconvFormat(n int64) string { return strconv.FormatInt(n, 10) }
