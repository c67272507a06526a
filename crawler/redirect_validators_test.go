package crawler

import (
	"fmt"
	"net/http"
	"testing"
)

// A redirect's hop asks for its own URL with that URL's validators, never
// with those of the address that redirected (the frontier item being
// fetched), whether the hop's URL has validators of its own or none.
func TestCrawler_Run_hopSendsItsOwnValidators(t *testing.T) {
	for _, tc := range []struct {
		name     string
		pageETag string // the validator stored for /page; "" for none
	}{
		{"both have validators", `"page-v1"`},
		{"only the old address has", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var h hits
			srv := serve(t, h.wrap(redirectingSite(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				fmt.Fprint(w, `<p>the page</p>`)
			})))
			f := NewMemoryFrontier()
			old, err := Canonicalize(srv.URL + "/old")
			if err != nil {
				t.Fatal(err)
			}
			page, err := Canonicalize(srv.URL + "/page")
			if err != nil {
				t.Fatal(err)
			}
			// The old address was a page of its own once, with its own ETag.
			f.SetValidators(old, Validators{ETag: `"old-v1"`, LastModified: "Mon, 01 Jan 2024 00:00:00 GMT"})
			if tc.pageETag != "" {
				f.SetValidators(page, Validators{ETag: tc.pageETag})
			}
			mustRun(t, testConfig(srv.URL+"/"), f, &linkSink{})
			if got := h.header("/old").Get("If-None-Match"); got != `"old-v1"` {
				t.Errorf("the old address was asked for with If-None-Match %q, want its own %q", got, `"old-v1"`)
			}
			if h.count("/page") != 1 {
				t.Fatalf("/page requested %d times, want once, as the hop", h.count("/page"))
			}
			hop := h.header("/page")
			if got := hop.Get("If-None-Match"); got != tc.pageETag {
				t.Errorf("the hop to /page sent If-None-Match %q, want %q (its own)", got, tc.pageETag)
			}
			if got := hop.Get("If-Modified-Since"); got != "" {
				t.Errorf("the hop to /page sent If-Modified-Since %q, the old address's", got)
			}
		})
	}
}

// redirectingSite is a site whose home page links /old, which redirects
// to /page, answered by page.
func redirectingSite(page http.HandlerFunc) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "User-agent: *\nAllow: /\n") })
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<a href="/old">old</a>`)
	})
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/page", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/page", page)
	return mux
}
