package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hewar-archive/hewar/fixtures"
)

// TestServe_JSONMatchesCLI crawls the replica at both epochs with hewar
// crawl, serves the archive with hewar serve, and checks that each JSON
// endpoint answers byte for byte what the matching command prints with --json.
func TestServe_JSONMatchesCLI(t *testing.T) {
	site := fixtures.NewSite(fixtures.WithCrawlDelay(0))
	replica := httptest.NewServer(site)
	defer replica.Close()
	db := filepath.Join(t.TempDir(), "demo.db")
	for epoch := fixtures.FirstEpoch; epoch <= fixtures.LastEpoch; epoch++ {
		site.SetEpoch(epoch)
		var out, errb bytes.Buffer
		args := []string{"crawl", "--db", db, "--seed", replica.URL + "/", "--seed", replica.URL + "/en/",
			"--delay", "0", "--parallel", "4", "--quiet", "--json"}
		if err := run(context.Background(), args, strings.NewReader(""), &out, &errb); err != nil {
			t.Fatalf("hewar crawl at epoch %d: %v\n%s", epoch, err, errb.String())
		}
	}
	base := startServe(t, "--db", db, "--addr", "127.0.0.1:0")

	const key = "hewariraq.com/en/post/708"
	for _, tc := range []struct {
		cli  []string
		path string
	}{
		{[]string{"history", key}, "/api/history/" + key},
		{[]string{"show", key}, "/api/show/" + key},
		{[]string{"show", key, "--version", "1"}, "/api/show/" + key + "?v=1"},
		{[]string{"diff", key}, "/api/diff/" + key},
		{[]string{"diff", key, "--from", "1", "--to", "2"}, "/api/diff/" + key + "?from=1&to=2"},
		{[]string{"diff", key, "--from", "1"}, "/api/diff/" + key + "?from=1"},
		{[]string{"changes"}, "/api/changes"},
		{[]string{"changes", "--crawl", "1"}, "/api/changes?crawl=1"},
		{[]string{"search", "Kadhimi"}, "/api/search?q=Kadhimi"},
		{[]string{"search", "حوار", "--limit", "3"}, "/api/search?q=" + url.QueryEscape("حوار") + "&limit=3"},
		{[]string{"history", "hewariraq.com/en/post/803"}, "/api/history/hewariraq.com/en/post/803"},
		// The filters of a search, as the command's flags of the same names
		// (before, /api/search ignored lang, section and since).
		{[]string{"search", "interview", "--lang", "ar"}, "/api/search?q=interview&lang=ar"},
		{[]string{"search", "interview", "--lang", "EN", "--kind", "all", "--limit", "50"}, "/api/search?q=interview&lang=EN&kind=all&limit=50"},
		{[]string{"search", "Institute", "--section", "news", "--kind", "article"}, "/api/search?q=Institute&section=news&kind=article"},
		{[]string{"search", "interview", "--since", "2999-01-01"}, "/api/search?q=interview&since=2999-01-01"},
		{[]string{"search", "interview", "--since", "2000-01-01"}, "/api/search?q=interview&since=2000-01-01"},
	} {
		var cli, errb bytes.Buffer
		args := append(append([]string{}, tc.cli...), "--db", db, "--json")
		if err := run(context.Background(), args, strings.NewReader(""), &cli, &errb); err != nil {
			t.Fatalf("hewar %s: %v\n%s", strings.Join(args, " "), err, errb.String())
		}
		resp, err := http.Get(base + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d %s", tc.path, resp.StatusCode, body)
			continue
		}
		if !bytes.Equal(body, cli.Bytes()) {
			t.Errorf("GET %s differs from hewar %s --json\n web: %.300s\n cli: %.300s", tc.path, strings.Join(tc.cli, " "), body, cli.String())
		}
	}

	// A bad filter is refused in the same words by both: the command's usage
	// line, and the answer's error, where the parameter has no "--".
	for _, tc := range []struct{ flag, value string }{
		{"kind", "interveiw"}, {"lang", "fr"}, {"section", "sport"}, {"since", "yesterday"},
	} {
		var cli, errb bytes.Buffer
		err := run(context.Background(), []string{"search", "interview", "--" + tc.flag, tc.value, "--db", db, "--json"}, strings.NewReader(""), &cli, &errb)
		var ue usageError
		if !errors.As(err, &ue) {
			t.Fatalf("hewar search --%s %s: %v, want a usage error", tc.flag, tc.value, err)
		}
		resp, err := http.Get(base + "/api/search?q=interview&" + tc.flag + "=" + url.QueryEscape(tc.value))
		if err != nil {
			t.Fatal(err)
		}
		var answer struct{ Error string }
		err = json.NewDecoder(resp.Body).Decode(&answer)
		resp.Body.Close()
		if err != nil {
			t.Errorf("/api/search?%s=%s: %d, not a JSON error: %v", tc.flag, tc.value, resp.StatusCode, err)
			continue
		}
		if want := strings.TrimPrefix(ue.Error(), "--"); resp.StatusCode != http.StatusBadRequest || answer.Error != want {
			t.Errorf("/api/search?%s=%s: %d %q; want 400 %q, as hewar search says", tc.flag, tc.value, resp.StatusCode, answer.Error, want)
		}
	}
}

// startServe runs hewar serve until the test ends and returns its base URL.
func startServe(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var errb bytes.Buffer
	done := make(chan error, 1)
	go func() {
		err := run(ctx, append([]string{"serve"}, args...), strings.NewReader(""), pw, &errb)
		pw.CloseWithError(errors.New("serve returned"))
		done <- err
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		cancel()
		t.Fatalf("hewar serve printed no URL: %v (%v)\n%s", err, <-done, errb.String())
	}
	go io.Copy(io.Discard, pr)
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("hewar serve after interrupt: %v", err)
		}
	})
	return strings.TrimSuffix(strings.TrimSpace(line), "/")
}

func TestServe_BadFlags(t *testing.T) {
	db := filepath.Join(t.TempDir(), "none.db")
	held, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	busy := held.Addr().String()
	for _, tc := range []struct {
		args  []string
		usage bool
		want  string
	}{
		{[]string{"serve", "--db", db, "--addr", "0.0.0.0:8080"}, true, "not a loopback address"},
		{[]string{"serve", "--db", db, "extra"}, true, "takes no arguments"},
		{[]string{"serve", "--db", db, "--addr", "127.0.0.1:0"}, false, "does not exist (give an archive with --db FILE; hewar crawl makes one)"},
		// An --addr with no port: before, "is not a loopback address".
		{[]string{"serve", "--db", db, "--addr", "localhost"}, true, `--addr "localhost": give HOST:PORT (127.0.0.1:8080; port 0 picks a free one)`},
		{[]string{"replica", "--addr", "8081"}, true, `--addr "8081": give HOST:PORT`},
		{[]string{"serve", "--nope"}, true, "unknown flag --nope"},
		{[]string{"serve", "--db", archiveFixture(t), "--addr", busy}, false, busy + " is in use by another program: give another --addr (port 0 picks a free one)"},
		{[]string{"replica", "--addr", busy}, false, busy + " is in use by another program"},
	} {
		var out, errb bytes.Buffer
		err := run(context.Background(), tc.args, strings.NewReader(""), &out, &errb)
		if err == nil {
			t.Errorf("hewar %s: no error", strings.Join(tc.args, " "))
			continue
		}
		var u usageError
		if errors.As(err, &u) != tc.usage || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("hewar %s: %v (usage error %v), want %q", strings.Join(tc.args, " "), err, errors.As(err, &u), tc.want)
		}
	}
}
