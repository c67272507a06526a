package web

import (
	"strings"
	"testing"
)

func TestHighlight(t *testing.T) {
	show := func(segs []seg) string {
		var b strings.Builder
		for _, s := range segs {
			if s.Mark {
				b.WriteString("{" + s.Text + "}")
			} else {
				b.WriteString(s.Text)
			}
		}
		return b.String()
	}
	for _, tc := range []struct {
		name, snippet, query, want string
	}{
		{"marks every match", "…there are no [permanent] friends, only permanent interests…", "permanent friends",
			"…there are no {permanent} {friends}, only {permanent} interests…"},
		{"folds case", "Mr. Mustafa [Al-Kadhimi] said", "kadhimi", "Mr. Mustafa Al-{Kadhimi} said"},
		{"prefix query", "the [intelligence] service", "intell*", "the {intelligence} service"},
		{"archived brackets stay", "see [note 3] and the [conflict] zone", "conflict", "see [note 3] and the {conflict} zone"},
		{"Arabic without vowel marks finds vowelled text", "مجلة [حِوار] الفكر", "حوار", "مجلة {حِوار} الفكر"},
		{"alef forms", "[إيران] وأمريكا", "ايران", "{إيران} وأمريكا"},
		{"operators are not words", "[Iraq] and Iran", "Iraq AND Iran", "{Iraq} and {Iran}"},
		{"column filter", "[Kadhimi] interview", "title:kadhimi", "{Kadhimi} interview"},
		{"only word starts", "the [art] of the smart", "art", "the {art} of the smart"},
		{"no marker", "text without any match", "zzz", "text without any match"},
		{"markup is just text", "<b>[alert]</b>(1)", "alert", "<b>{alert}</b>(1)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := show(highlight(tc.snippet, tc.query)); got != tc.want {
				t.Errorf("highlight(%q, %q)\n got %q\nwant %q", tc.snippet, tc.query, got, tc.want)
			}
		})
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
