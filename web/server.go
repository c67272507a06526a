package web

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log"
	"net"
	"net/http"
	"strings"

	"github.com/hewar-archive/hewar/archive"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Security headers. Every page is plain HTML and CSS: no script runs, no
// frame may hold our pages (clickjacking), and nothing loads from elsewhere,
// so the view works offline and an archived string that slipped through
// escaping still could not run.
const (
	pageCSP = "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; " +
		"form-action 'self'; frame-ancestors 'none'"
	// The archived HTML is served in a sandbox of its own (a unique origin,
	// no scripts, no forms, no plugins) and may load nothing, not even its
	// own stylesheets or images: they would be live requests to the site.
	// Only our own capture page may frame it.
	archivedCSP = "sandbox; default-src 'none'; frame-ancestors 'self'"
)

// Server serves the web view of one archive. It is an http.Handler.
type Server struct {
	db    *archive.DB
	pages map[string]*template.Template
	mux   *http.ServeMux
	log   *log.Logger

	// loopbackOnly refuses requests whose Host is not a loopback name or an
	// IP literal, so that a web page using DNS rebinding cannot read the
	// archive through a visitor's browser.
	loopbackOnly bool
}

// Option configures a Server.
type Option func(*Server)

// WithLogger sends internal errors (the detail behind a 500 page) to l.
func WithLogger(l *log.Logger) Option { return func(s *Server) { s.log = l } }

// WithLoopbackOnly makes the server answer only requests addressed to a
// loopback name (localhost, 127.0.0.1, [::1]); hewar serve sets it when it
// listens on loopback.
func WithLoopbackOnly() Option { return func(s *Server) { s.loopbackOnly = true } }

// New returns the web view of db, which should have been opened with
// archive.OpenReadOnly: the view never writes, and a read-only handle makes
// sure of it while a crawl writes to the same file.
func New(db *archive.DB, opts ...Option) (*Server, error) {
	s := &Server{db: db, pages: map[string]*template.Template{}, mux: http.NewServeMux(),
		log: log.New(log.Writer(), "hewar serve: ", log.LstdFlags)}
	for _, o := range opts {
		o(s)
	}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("web templates: %w", err)
	}
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if base == "layout" || base == "partials" {
			continue
		}
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials.html", n)
		if err != nil {
			return nil, fmt.Errorf("web template %s: %w", base, err)
		}
		s.pages[base] = t
	}
	s.routes()
	return s, nil
}

func (s *Server) routes() {
	static, _ := fs.Sub(staticFS, "static")
	files := http.FileServerFS(static)
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	})))
	s.mux.Handle("GET /{$}", s.page(s.home))
	s.mux.Handle("GET /docs", s.page(s.documents))
	// /search is where one looks for hewar search: the search is /docs?q=.
	s.mux.Handle("GET /search", s.page(func(w http.ResponseWriter, r *http.Request) error {
		http.Redirect(w, r, "/docs?"+r.URL.RawQuery, http.StatusFound)
		return nil
	}))
	s.mux.Handle("GET /go", s.page(s.goTo))
	s.mux.Handle("GET /doc/{key...}", s.page(s.document))
	s.mux.Handle("GET /doc", s.page(s.document))
	s.mux.Handle("GET /diff/{key...}", s.page(s.diff))
	s.mux.Handle("GET /diff", s.page(s.diff))
	s.mux.Handle("GET /changes", s.page(s.changes))
	s.mux.Handle("GET /capture/{id}", s.page(s.capture))
	s.mux.Handle("GET /capture/{id}/body", s.page(s.captureBody))

	// Each document endpoint takes the doc_key in the path or, for an
	// archived URL, in ?key=.
	s.mux.Handle("GET /api/history/{key...}", s.api(s.apiHistory))
	s.mux.Handle("GET /api/history", s.api(s.apiHistory))
	s.mux.Handle("GET /api/diff/{key...}", s.api(s.apiDiff))
	s.mux.Handle("GET /api/diff", s.api(s.apiDiff))
	s.mux.Handle("GET /api/show/{key...}", s.api(s.apiShow))
	s.mux.Handle("GET /api/show", s.api(s.apiShow))
	s.mux.Handle("GET /api/changes", s.api(s.apiChanges))
	s.mux.Handle("GET /api/search", s.api(s.apiSearch))
	s.mux.Handle("GET /api/crawls", s.api(s.apiCrawls))

	s.mux.Handle("/", s.page(func(w http.ResponseWriter, r *http.Request) error {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			return &httpError{status: http.StatusMethodNotAllowed, msg: "this archive view is read-only: only GET is served"}
		}
		return notFound("no page at %s", r.URL.Path)
	}))
}

// ServeHTTP sets the security headers every response carries, then serves.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", pageCSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	if s.loopbackOnly && !loopbackHost(r.Host) {
		s.writeError(w, r, &httpError{status: http.StatusMisdirectedRequest,
			msg: "this archive view answers only on a loopback address (127.0.0.1, localhost)"})
		return
	}
	// An http.ServeMux answers 405 itself for a known path with another
	// method, in plain text; that is fine: it carries the headers above.
	s.mux.ServeHTTP(w, r)
}

// loopbackHost reports whether a Host header names this machine: localhost
// or a loopback IP literal, with or without a port.
func loopbackHost(host string) bool {
	h := host
	if hh, _, err := net.SplitHostPort(host); err == nil {
		h = hh
	}
	h = strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// httpError is a failure with the status and one-line message a visitor sees.
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

func badRequest(format string, args ...any) error {
	return &httpError{status: http.StatusBadRequest, msg: fmt.Sprintf(format, args...)}
}

func notFound(format string, args ...any) error {
	return &httpError{status: http.StatusNotFound, msg: fmt.Sprintf(format, args...)}
}

// classify turns an error into what a visitor may see. Errors the archive
// returns for unknown documents, versions and malformed queries carry a
// message written for people; anything else is an internal failure whose
// detail stays in the log.
func classify(err error) (status int, msg string, internal bool) {
	var he *httpError
	switch {
	case errors.As(err, &he):
		return he.status, he.msg, false
	case errors.Is(err, archive.ErrNotFound):
		// The archive's message says what is missing; the wrapped sentinel adds nothing for a reader.
		return http.StatusNotFound, strings.TrimSuffix(firstLine(err.Error()), ": "+archive.ErrNotFound.Error()), false
	case errors.Is(err, archive.ErrQuery):
		return http.StatusBadRequest, firstLine(err.Error()), false
	case errors.Is(err, archive.ErrStaleIndex):
		// An archive of an older hewar, served read-only: the operator can
		// mend it, and the visitor should know the rest still works. The
		// archive's own line names its path, which stays in the log.
		return http.StatusInternalServerError, "the archive's search index was built by another version of hewar, so it cannot be searched here until " +
			"the archive is opened once for writing (hewar reparse) or a snapshot of it is served (hewar snapshot); every other page works", true
	}
	return http.StatusInternalServerError, "the archive could not answer this request; the server's log says why", true
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// page wraps a handler that renders HTML: it recovers from panics and turns
// errors into an error page with the right status, never a stack trace.
func (s *Server) page(fn func(http.ResponseWriter, *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Printf("%s %s: panic: %v", r.Method, r.URL.RequestURI(), v)
				s.writeError(w, r, &httpError{status: http.StatusInternalServerError,
					msg: "the archive could not answer this request; the server's log says why"})
			}
		}()
		if err := fn(w, r); err != nil {
			s.writeError(w, r, err)
		}
	})
}

func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	status, msg, internal := classify(err)
	if internal {
		s.log.Printf("%s %s: %v", r.Method, r.URL.RequestURI(), err)
	}
	// A handler that failed may have set headers for the page it meant to
	// send (the archived body's sandbox policy): an error page is ours.
	w.Header().Set("Content-Security-Policy", pageCSP)
	w.Header().Set("X-Frame-Options", "DENY")
	var b bytes.Buffer
	if t := s.pages["error"]; t != nil {
		if e := t.Execute(&b, errorPage{head: head{Title: http.StatusText(status)}, Status: status, Message: msg}); e != nil {
			b.Reset()
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	if b.Len() == 0 {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(status)
		fmt.Fprintln(w, msg)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

type errorPage struct {
	head
	Status  int
	Message string
}

// render executes a page template into a buffer first, so that a template
// error becomes a clean 500 instead of half a page.
func (s *Server) render(w http.ResponseWriter, name string, data any) error {
	t := s.pages[name]
	if t == nil {
		return fmt.Errorf("no template %q", name)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	// The archive grows while a crawl runs: always ask again.
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(b.Bytes())
	return nil
}
