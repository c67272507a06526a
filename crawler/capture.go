package crawler

import (
	"context"
	"net/http"
	"time"
)

// Capture is one fetch as it happened on the wire: what was asked, what came
// back, when and how long it took. It is handed to the Sink exactly once per
// fetch attempt that ends (success, HTTP error, or network failure after retries).
type Capture struct {
	RequestURL    string      // the URL asked for (after canonicalization)
	FinalURL      string      // the URL that answered, after redirects
	Redirects     []Redirect  // the chain from RequestURL to FinalURL, in order
	Method        string      // GET
	RequestHeader http.Header // headers sent, including conditional ones
	Proto         string      // "HTTP/1.1"
	Status        int         // 0 when no response was received
	StatusLine    string      // exact status line as received, e.g. "HTTP/1.1 200 OK"
	Header        http.Header // response headers of the final response
	RawHeader     []byte      // response header block as received, for WARC; may be nil
	Body          []byte      // body bytes exactly as received (decoded from transfer/content encoding by Go only if the server used gzip transparently: see Encoded)
	Truncated     bool        // the body was cut at the maximum body size
	FetchedAt     time.Time   // when the request was sent
	Duration      time.Duration
	Err           string // the error for a failed fetch, "" otherwise
	Attempts      int    // how many tries it took
	Depth         int    // link depth from a seed
	Via           string // the page that linked to it, "" for seeds
}

// Redirect is one hop of a redirect chain.
type Redirect struct {
	URL      string `json:"url"`
	Status   int    `json:"status"`
	Location string `json:"location"`
}

// NotModified reports whether the capture is a 304 answer to a conditional request.
func (c *Capture) NotModified() bool { return c.Status == http.StatusNotModified }

// Sink receives captures. cmd/hewar wires it to parse and archive; the crawler
// never knows what is done with them. Save returns the in-scope links found in
// the capture (the parser finds them), which the crawler adds to its frontier.
type Sink interface {
	Save(ctx context.Context, c *Capture) (links []string, err error)
}

// Validators are what a conditional request needs from the last capture of a URL.
type Validators struct {
	ETag         string
	LastModified string
}

// Frontier is the persistent queue of URLs to fetch in one crawl. It lives in
// the archive so that a killed crawl resumes where it stopped; the crawler only
// sees this interface. Keys are canonical URLs (see Canonicalize).
type Frontier interface {
	// Add enqueues URLs not yet seen in this crawl; it ignores ones already seen.
	Add(ctx context.Context, items []Item) error
	// Next claims up to n pending items. An empty result means nothing is pending.
	Next(ctx context.Context, n int) ([]Item, error)
	// Done marks an item fetched (or failed for good); it is never handed out again.
	Done(ctx context.Context, key string) error
	// Validators returns the ETag and Last-Modified of the last successful capture of url, if any.
	Validators(ctx context.Context, url string) (Validators, error)
}

// Item is one URL in the frontier.
type Item struct {
	Key   string // canonical URL, the dedupe key
	URL   string // URL to fetch
	Depth int
	Via   string
}
