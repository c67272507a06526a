package warc

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzCDXJLine: whatever URL a record names (crawled, or read from another
// tool's WARC), its index line is one line of three fields, SURT key,
// timestamp and a JSON object that gives the URL back; SURT never panics
// and gives the same key every time.
//
// (warc/fuzz_test.go, FuzzReadWARC, is another helper's; this target lives
// in its own file so as not to edit that one.)
func FuzzCDXJLine(f *testing.F) {
	for _, s := range []string{
		"http://www.hewariraq.com/en/post/708?b=2&a=1", "https://WWW2.Example.ORG:8443/A%20B/?q=%D8%AD", "http://127.0.0.1:8080/",
		"http://[::1]/x", "https://xn--mgbaam.example/ح", "dns:hewariraq.com", "http://a/\nb", "http://a b/", "urn:x y", "",
	} {
		f.Add(s, int64(1767862800))
	}
	f.Fuzz(func(t *testing.T, uri string, unix int64) {
		date := FormatDate(time.Unix(unix%(1<<35), 0))
		key := SURT(uri)
		if again := SURT(uri); again != key {
			t.Fatalf("SURT(%q) gave %q then %q", uri, key, again)
		}
		e := IndexEntry{URLKey: key, Timestamp: Timestamp14(date), URL: uri, Mime: "text/html", Status: 200,
			Digest: "ABC", Length: 10, Offset: 0, Filename: "x.warc.gz"}
		line := e.Line()
		if strings.ContainsAny(line, "\r\n") {
			t.Fatalf("index line of %q spans lines: %q", uri, line)
		}
		if !utf8.ValidString(uri) {
			return // JSON gives U+FFFD back for an invalid byte
		}
		k, rest, ok1 := strings.Cut(line, " ")
		ts, obj, ok2 := strings.Cut(rest, " ")
		var fields map[string]string
		if !ok1 || !ok2 || k != key || ts != e.Timestamp || json.Unmarshal([]byte(obj), &fields) != nil || fields["url"] != uri {
			t.Fatalf("index line of %q (date %q) does not read back as key, timestamp, JSON: %q", uri, date, line)
		}
	})
}

// TestIndexLine_URIWithSpace: a WARC from another tool may name a URI with a
// space in it (WARC-Target-URI is not checked by everyone). Its index line
// must still be key, timestamp and JSON: the key may hold no space.
func TestIndexLine_URIWithSpace(t *testing.T) {
	for _, uri := range []string{"http://a b/", "urn:x y", " http://a/"} {
		if key := SURT(uri); strings.ContainsAny(key, " \t") {
			t.Errorf("SURT(%q) = %q: a key with a space splits its CDXJ line", uri, key)
		}
	}
}
