package main

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"
	"sync"
)

func init() {
	register("version", "print hewar's version (as in its User-Agent and WARC files)", runVersion)
}

func runVersion(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "version", "")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{fmt.Sprintf("version takes no arguments, got %q", pos[0])}
	}
	_, err = fmt.Fprintln(e.stdout, hewarSoftware())
	return err
}

// hewarSoftware names this build: "hewar/" and its version. It is the one
// string that `hewar version` prints, that the default User-Agent starts
// with, and that WARC files and imported crawls record as their software.
func hewarSoftware() string { return "hewar/" + buildVersion() }

var buildVersion = sync.OnceValue(func() string {
	bi, _ := debug.ReadBuildInfo()
	return versionOf(bi)
})

// versionOf reads the version from the build information that go build
// stamps into the binary: the module's version (0.3.0 for a tagged release;
// a pseudo-version such as 0.0.0-20261129131917-49a4c7f4ca8a, which names the
// commit, for a build in a git checkout) with +dirty when the checkout had
// uncommitted changes. A build without a module version (go test, go run,
// -buildvcs=false, a copy without .git) is "devel", followed by the
// revision when that is known.
func versionOf(bi *debug.BuildInfo) string {
	if bi == nil {
		return "devel"
	}
	var revision string
	var dirty bool
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	v := strings.TrimPrefix(bi.Main.Version, "v")
	if v == "" || v == "(devel)" {
		v = "devel"
		if revision != "" {
			v += "-" + revision[:min(12, len(revision))]
		}
	}
	if dirty && !strings.HasSuffix(v, "+dirty") {
		v += "+dirty"
	}
	return v
}
