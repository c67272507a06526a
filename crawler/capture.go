package crawler

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// Capture is one fetch as it happened on the wire: what was asked, what came
// back, when and how long it took. It is handed to the Sink exactly once per
// fetch that ends (success, 304, HTTP error, or network failure after retries).
type Capture struct {
	Key           string      // canonical frontier key of RequestURL (see Canonicalize)
	RequestURL    string      // the URL asked for
	FinalURL      string      // the URL that answered, after redirects
	Redirects     []Redirect  // the chain from RequestURL to FinalURL, in order; nil without redirects
	Method        string      // GET
	RequestHeader http.Header // headers sent on the final hop, including conditional ones
	Proto         string      // "HTTP/1.1"; "" when no response was received
	Status        int         // 0 when no response was received
	StatusLine    string      // status line as received, without CRLF, e.g. "HTTP/1.1 200 OK"
	Header        http.Header // response headers of the final response
	// RawHeader is the response header block of the final response exactly
	// as read from the connection: the status line, every header line in
	// received order and case, and the empty line. It is nil when the bytes
	// could not be recorded (a head over 1 MiB, a connection we did not
	// dial); Header and StatusLine still hold what was received.
	RawHeader []byte
	// Body is the payload exactly as sent by the server after transfer
	// decoding: no Accept-Encoding is sent and Go's transparent gzip is off, so
	// a Content-Encoding the server chose anyway is kept encoded. Chunked
	// transfer coding is removed, while RawHeader may still say
	// "Transfer-Encoding: chunked": a WARC writer must account for that.
	Body      []byte
	Truncated bool // the body was cut at Config.MaxBodySize (Err says so too)
	FetchedAt time.Time
	Duration  time.Duration // from the first try to the end of the body
	// Err says why the fetch failed; nil for a 2xx, a 3xx kept as final, or
	// a 304. It wraps ErrHTTPStatus, ErrBodyTooLarge, ErrContentType or
	// ErrRedirectNotFollowed (tell them apart with errors.Is), or is the
	// network error of the last try.
	Err error
	// Sitemap says the body is a sitemap or a sitemap index, whose entries
	// the crawler queued: a Sink that remembers URLs across crawls records
	// it (URLState.Kind KindSitemap), so that later crawls fetch it whole.
	Sitemap bool
	// SoftGone, when not "", says why an answer that is no 404 is taken for
	// one (softgone.go): a page that redirects to the site's home page, or
	// a "not found" page served with 200 like the one an address that never
	// existed gets. The capture is kept as received; an archive records the
	// removal of the page it held, not a new version of it.
	SoftGone string
	Attempts int    // tries it took, over all hops (1 without retries)
	Depth    int    // link depth from a seed (a sitemap's pages are one step from it)
	Via      string // the page that linked to it, "" for seeds
}

// Redirect is one hop of a redirect chain.
type Redirect struct {
	URL      string `json:"url"`
	Status   int    `json:"status"`
	Location string `json:"location"`
}

// NotModified reports whether the capture is a 304 answer to a conditional request.
func (c *Capture) NotModified() bool { return c.Status == http.StatusNotModified }

// Failed reports whether the capture records a failure (see Err).
func (c *Capture) Failed() bool { return c.Err != nil }

// Refused reports whether the server answered with a body of a media type
// that is not downloaded (an image a page links, a video): an answer, not
// a failure of the fetch, though Err says why no body was stored.
func (c *Capture) Refused() bool { return errors.Is(c.Err, ErrContentType) }

// Gone reports whether the server answered that nothing is there: 404 Not
// Found or 410 Gone, the whole answer received, or an answer taken for one
// (SoftGone). For the crawl's counts it
// is a failure (Err wraps ErrHTTPStatus); for an archive it is an answer,
// the removal of a page.
func (c *Capture) Gone() bool {
	return (c.Status == http.StatusNotFound || c.Status == http.StatusGone) && errors.Is(c.Err, ErrHTTPStatus) || c.SoftGone != ""
}

// Sink receives captures. cmd/hewar wires it to parse and archive; the crawler
// never knows what is done with them. Save returns the links found in the
// capture (the parser finds them; relative ones are resolved against
// FinalURL); the crawler filters them and adds them to its frontier.
//
// Save is called from several goroutines at once. It must not mark the
// frontier item done itself: Run does that after adding the links, so that a
// crash between the two loses no link (the page is fetched again instead).
// An error from Save stops the crawl: the item stays pending.
type Sink interface {
	Save(ctx context.Context, c *Capture) (links []string, err error)
}

// CommitSink is a Sink that stores a capture together with the frontier
// changes it causes, in one step (the archive: one transaction): the links
// that admit lets through, and the keys in done (the item fetched and the
// redirect targets taken as its hops). Run uses SaveCommit instead of Save,
// Frontier.Add and Frontier.Done whenever the sink offers it, so that a crawl
// killed at any moment neither loses a link nor fetches a page twice.
//
// admit filters raw links (relative ones resolved against FinalURL) into
// frontier items exactly as Run would; the sitemap entries of a sitemap
// capture are added by admit too, so it must be called even with no links.
type CommitSink interface {
	Sink
	SaveCommit(ctx context.Context, c *Capture, admit func(links []string) []Item, done []string) error
}

// Validators are what a conditional request needs from the last capture of a URL.
type Validators struct {
	ETag         string
	LastModified string
}

// Frontier is the persistent queue of URLs to fetch in one crawl. It lives in
// the archive so that a killed crawl resumes where it stopped; the crawler only
// sees this interface. Keys are canonical URLs (see Canonicalize). Every
// method may be called from several goroutines at once.
type Frontier interface {
	// Resume makes every item claimed by Next or Take but never marked Done
	// pending again. Run calls it first, so that what a cancelled or killed
	// run had in flight is fetched by the next one.
	Resume(ctx context.Context) error
	// Add enqueues URLs not yet seen in this crawl; of ones already seen
	// (pending, claimed or done) it only lowers the Depth when a link (an
	// item with a Via) reaches one in fewer steps, so that a pending item's
	// links are counted from its nearest place and a later crawl starts it
	// there (Config.MoreSeeds).
	Add(ctx context.Context, items []Item) error
	// Next claims up to n pending items, the lowest Rank first and, within a
	// rank, the first added. An empty result means nothing is pending.
	Next(ctx context.Context, n int) ([]Item, error)
	// Take claims one item outside Next, for a redirect target about to be
	// fetched as a hop: it reports true if the key was unseen (it is added
	// claimed) or pending (it is claimed), false if it is claimed or done already.
	Take(ctx context.Context, item Item) (bool, error)
	// Done marks an item fetched (or failed for good); it is never handed out
	// again. Done is idempotent, and must accept a key Take added.
	Done(ctx context.Context, key string) error
	// Validators returns the ETag and Last-Modified of the last successful
	// capture of item (its URL, or its canonical key), if any: what a
	// conditional request for item.URL sends.
	Validators(ctx context.Context, item Item) (Validators, error)
}

// PendingCounter is implemented by frontiers that can count their pending
// items cheaply; Stats.Queued is filled from it (and is 0 otherwise).
type PendingCounter interface {
	Pending(ctx context.Context) (int, error)
}

// Item is one URL in the frontier.
type Item struct {
	Key   string // canonical URL, the dedupe key
	URL   string // URL to fetch
	Depth int
	Via   string
	// Rank orders the frontier: Next hands out lower ranks first, and
	// items of one rank in the order they were added. Without a revisit
	// policy every item is 0; with one (Config.Revisit), 0 is what every
	// crawl fetches (seeds, sitemaps, listings), 1 new URLs and changed
	// ones, and a due URL's rank is its last confirmation in ms, oldest first.
	Rank int64
}
