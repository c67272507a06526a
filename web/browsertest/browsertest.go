// Package browsertest finds what the browser tests drive: Debian's
// Chromium, node and playwright-core from the project's node_modules (which
// make test installs). The web view's tests and the replay of an exported
// WACZ in ReplayWeb.page use it.
package browsertest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Tools are the programs a browser test runs.
type Tools struct {
	Chromium   string // the browser
	Node       string // node, to run the test's script
	Playwright string // playwright-core's index.mjs, which the script imports
}

// Find finds the tools, playwright-core under root/node_modules. A missing
// one skips the test, or fails it when CI is set, so that CI never passes
// without having run the browser.
func Find(t testing.TB, root string) Tools {
	t.Helper()
	var tl Tools
	tl.Chromium = "/usr/bin/chromium"
	if _, err := os.Stat(tl.Chromium); err != nil {
		p, err := exec.LookPath("chromium")
		if err != nil {
			Missing(t, "no chromium at /usr/bin/chromium or on PATH")
		}
		tl.Chromium = p
	}
	node, err := exec.LookPath("node")
	if err != nil {
		Missing(t, "no node on PATH")
	}
	tl.Node = node
	abs, err := filepath.Abs(root)
	if err != nil {
		t.Fatal(err)
	}
	tl.Playwright = filepath.Join(abs, "node_modules", "playwright-core", "index.mjs")
	if _, err := os.Stat(tl.Playwright); err != nil {
		Missing(t, "no node_modules/playwright-core")
	}
	return tl
}

// Missing skips the test for want of what, or fails it when CI is set.
func Missing(t testing.TB, what string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("browser test: %s (CI is set, so this fails instead of skipping; make test installs it)", what)
	}
	t.Skipf("browser test skipped: %s (make test-deps installs it)", what)
}
