package crawler

import "testing"

func TestMetaRefresh(t *testing.T) {
	for _, tt := range []struct{ body, want string }{
		{`<html><head><meta http-equiv="refresh" content="0; url=/new/"></head>`, "/new/"},
		{`<HTML><HEAD><META HTTP-EQUIV="Refresh" CONTENT="5;URL='http://h.org/a?b=1&amp;c=2'"></HEAD>`, "http://h.org/a?b=1&c=2"},
		{`<meta content="0;url=/x" http-equiv="refresh">`, "/x"},
		{`<meta http-equiv="refresh" content="300">`, ""}, // reloads itself
		{`<p>Press F5 to refresh the page</p>`, ""},
		{`<html><body>no refresh here</body></html>`, ""},
	} {
		if got := metaRefresh([]byte(tt.body)); got != tt.want {
			t.Errorf("metaRefresh(%q) = %q, want %q", tt.body, got, tt.want)
		}
	}
}
