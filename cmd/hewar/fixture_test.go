package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runHewar(args ...string) (string, error) {
	var out, errb bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return out.String() + errb.String(), err
}

// TestFixture_SaveCheck saves a crawled interview as a fixture, checks it,
// breaks its expected answer, and checks that the difference is reported
// (and fails) until --update rewrites it.
func TestFixture_SaveCheck(t *testing.T) {
	_, base := replicaServer(t)
	db := filepath.Join(t.TempDir(), "hewar.db")
	crawlJSON(t, crawlArgs(db, base)...)
	dir := filepath.Join(t.TempDir(), "fixtures")

	out, err := runHewar("fixture", "save", "--db", db, "hewariraq.com/en/post/708", dir)
	if err != nil || !strings.Contains(out, "hewariraq.com_en_post_708.html") {
		t.Fatalf("fixture save: %v\n%s", err, out)
	}
	for _, f := range []string{"hewariraq.com_en_post_708.html", "hewariraq.com_en_post_708.json"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := runHewar("fixture", "check", dir); err != nil || !strings.Contains(out, "ok hewariraq.com_en_post_708") {
		t.Fatalf("fixture check of a fresh fixture: %v\n%s", err, out)
	}

	js := filepath.Join(dir, "hewariraq.com_en_post_708.json")
	b, err := os.ReadFile(js)
	if err != nil {
		t.Fatal(err)
	}
	edited := bytes.Replace(b, []byte("and generally there are no permanent friends"), []byte("and usually there are no permanent friends"), 1)
	if bytes.Equal(edited, b) {
		t.Fatal("answer 5 not found in the saved Document")
	}
	if err := os.WriteFile(js, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err = runHewar("fixture", "check", dir)
	if err == nil || exitCode(err) != 1 {
		t.Fatalf("fixture check of a changed fixture: err %v, want exit status 1\n%s", err, out)
	}
	for _, want := range []string{"FAIL hewariraq.com_en_post_708", "qa[5].answer", "[-usually-]{+generally+}"} {
		if !strings.Contains(out, want) {
			t.Errorf("fixture check output lacks %q:\n%s", want, out)
		}
	}
	if out, err := runHewar("fixture", "check", "--update", dir); err != nil || !strings.Contains(out, "UPDATED") {
		t.Fatalf("fixture check --update: %v\n%s", err, out)
	}
	if out, err := runHewar("fixture", "check", dir); err != nil {
		t.Fatalf("fixture check after --update: %v\n%s", err, out)
	}

	// A broken fixture beside it is one failure, with its reason, and the
	// good one is still checked; --update does not make that a success.
	os.WriteFile(filepath.Join(dir, "broken.html"), []byte("<p>x</p>"), 0o644)
	os.WriteFile(filepath.Join(dir, "broken.json"), []byte(`{"url": `), 0o644)
	for _, args := range [][]string{{"fixture", "check", dir}, {"fixture", "check", "--update", dir}} {
		out, err := runHewar(args...)
		if err == nil || exitCode(err) != 1 || strings.Contains(err.Error(), "\n") {
			t.Errorf("hewar %s beside a broken fixture: err %v, want one line and exit status 1\n%s", strings.Join(args, " "), err, out)
		}
		for _, want := range []string{"ok hewariraq.com_en_post_708", "FAIL broken: broken.json: unexpected end of JSON input", "1 of 2 fixtures could not be checked"} {
			if err == nil || !strings.Contains(out+err.Error(), want) {
				t.Errorf("hewar %s: output lacks %q:\n%s%v", strings.Join(args, " "), want, out, err)
			}
		}
	}
	os.Remove(filepath.Join(dir, "broken.html"))
	os.Remove(filepath.Join(dir, "broken.json"))

	// The parser's own theme pages are fixtures in the same format.
	if out, err := runHewar("fixture", "check", filepath.Join("..", "..", "parse", "testdata", "themes")); err != nil || !strings.Contains(out, "fixtures parse as saved") || strings.Contains(out, "FAIL") {
		t.Errorf("fixture check parse/testdata/themes: %v\n%s", err, out)
	}

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"fixture", "save", "--db", db, "hewariraq.com/en/post/99999", dir}, "no document"},
		{[]string{"fixture", "save", "--db", db, "hewariraq.com/en/post/803"}, "DIR"},
		{[]string{"fixture", "check", t.TempDir()}, "no fixtures"},
		{[]string{"fixture", "frobnicate"}, "unknown"},
	} {
		if out, err := runHewar(c.args...); err == nil || !strings.Contains(err.Error()+out, c.want) {
			t.Errorf("hewar %s: err %v, want %q\n%s", strings.Join(c.args, " "), err, c.want, out)
		}
	}
}
