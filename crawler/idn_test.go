package crawler

import (
	"context"
	"net"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/hewar-archive/hewar/fixtures"
)

// TestCrawler_Run_idn crawls an Arabic site under a host name in Arabic
// letters (fixtures.NewIDNSite), reached on 127.0.0.1 through
// Config.DialContext, whose pages link one another with the host in
// Arabic letters, IDNA-encoded and with www., and the path raw and
// percent-encoded in every case, in NFC and in NFD: each page is asked for
// once, robots.txt once for each spelling of the host (www. or not), nothing robots.txt disallows in any spelling, and
// every capture is stored under the IDNA-encoded host.
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
		if p == "/robots.txt" && got[p] == 2 {
			continue // and once for www.: another origin, which a link to a disallowed page named
		}
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
