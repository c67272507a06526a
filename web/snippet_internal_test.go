package web

import (
	"strings"
	"testing"

	"github.com/hewar-archive/hewar/archive"
)

func TestSnippetSegs(t *testing.T) {
	got := snippetSegs([]archive.SnippetPart{{Text: "see [note 3] and the "}, {Text: "conflict", Match: true}, {Text: " zone"}})
	var b strings.Builder
	for _, s := range got {
		if s.Mark {
			b.WriteString("{" + s.Text + "}")
		} else {
			b.WriteString(s.Text)
		}
	}
	if want := "see [note 3] and the {conflict} zone"; b.String() != want {
		t.Errorf("snippetSegs: %q, want %q", b.String(), want)
	}
}

func TestLoopbackHost(t *testing.T) {
	for host, want := range map[string]bool{
		"127.0.0.1:8080": true, "localhost:8080": true, "[::1]:8080": true, "127.0.0.1": true, "LOCALHOST": true,
		"attacker.example": false, "attacker.example:8080": false, "10.0.0.1:8080": false, "": false,
		"127.0.0.1.attacker.example": false,
	} {
		if got := loopbackHost(host); got != want {
			t.Errorf("loopbackHost(%q) = %v, want %v", host, got, want)
		}
	}
}
