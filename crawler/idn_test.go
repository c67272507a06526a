package crawler

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/hewar-archive/hewar/fixtures"
	"golang.org/x/text/unicode/norm"
)

// TestCrawler_Run_idn crawls an Arabic site under a host name in Arabic
// letters (fixtures.NewIDNSite), reached on 127.0.0.1 through
// Config.DialContext, whose pages link one another with the host in
// Arabic letters, IDNA-encoded and with www., and the path raw and
// percent-encoded in every case, in NFC and in NFD: each page is asked for
// once, robots.txt once (the www. spelling links only pages linked without
// it first, and pages its site's robots.txt disallows: before, those cost
// a request for www.'s robots.txt), nothing robots.txt disallows in any
// spelling, and every capture is stored under the IDNA-encoded host.
func TestCrawler_Run_idn(t *testing.T) {
	site := fixtures.NewIDNSite()
	srv := httptest.NewServer(site)
	t.Cleanup(srv.Close)
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	cfg := testConfig("http://" + fixtures.IDNHost + ":" + port + "/")
	cfg.MaxPages = 100
	var d net.Dialer
	cfg.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if h, _, _ := net.SplitHostPort(addr); h != "xn--mgbln4g.example" && h != "www.xn--mgbln4g.example" {
			t.Errorf("dialled %s", addr)
		}
		return d.DialContext(ctx, network, srv.Listener.Addr().String())
	}
	sink := &linkSink{}
	mustRun(t, cfg, NewMemoryFrontier(), sink)
	got := map[string]int{}
	for uri, n := range site.Requests() {
		if why, bad := site.Unwanted(uri); bad {
			t.Errorf("asked for %s (%s)", uri, why)
		}
		got[fixtures.IDNPage(uri)] += n
	}
	for _, p := range site.Want {
		if got[p] != 1 {
			t.Errorf("%s asked for %d times, want once", p, got[p])
		}
	}
	for _, c := range sink.captures {
		if u, err := url.Parse(c.RequestURL); err != nil || strings.Contains(c.RequestURL, "حوار") || !strings.HasPrefix(strings.TrimPrefix(u.Host, "www."), "xn--mgbln4g.example:") {
			t.Errorf("capture stored under %s, want the IDNA-encoded host", c.RequestURL)
		}
	}
}

// TestCrawler_Run_queryNFC crawls a site whose pages link one search in
// its query's Unicode spellings (NFD raw, NFD escaped in lower case, NFC
// raw and escaped: a waw with a hamza above, U+0624, is one
// code point in NFC and two in NFD) and whose robots.txt disallows a
// search written in NFC, linked in NFD: the search is asked for once, as
// its first link spells it, and the disallowed one never. Before, each
// spelling of the query was a page of its own, and the NFD link escaped
// robots.txt.
func TestCrawler_Run_queryNFC(t *testing.T) {
	const word = "مؤتمر"
	nfdEscaped := strings.ToLower(url.QueryEscape(norm.NFD.String(word)))
	var h hits
	srv := serve(t, h.wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nDisallow: /find?q="+word+"\n")
		case "/":
			w.Header().Set("Content-Type", "text/html")
			for _, q := range []string{"s=" + nfdEscaped, "s=" + norm.NFD.String(word), "s=" + word, "s=" + url.QueryEscape(word), "q=" + nfdEscaped} {
				p := "/search?"
				if strings.HasPrefix(q, "q=") {
					p = "/find?"
				}
				fmt.Fprintf(w, `<a href="%s%s">بحث</a>`, p, q)
			}
		default:
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<p>نتائج</p>")
		}
	})))
	mustRun(t, testConfig(srv.URL+"/"), NewMemoryFrontier(), &linkSink{})
	asked := map[string][]string{}
	for _, p := range h.paths() {
		u, err := url.Parse(p)
		if err != nil {
			t.Fatal(err)
		}
		v, _ := url.QueryUnescape(u.RawQuery)
		asked[u.Path+"?"+norm.NFC.String(v)] = append(asked[u.Path+"?"+norm.NFC.String(v)], p)
	}
	if got := asked["/search?s="+word]; len(got) != 1 || got[0] != "/search?s="+nfdEscaped || h.count(got[0]) != 1 {
		t.Errorf("the search asked for as %v (%d times); want once, as its first link spells it", got, h.count("/search?s="+nfdEscaped))
	}
	if got := asked["/find?q="+word]; len(got) != 0 {
		t.Errorf("asked for %v, which robots.txt disallows", got)
	}
}
