package crawler

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"regexp"
	"strings"
	"time"
)

// DefaultUserAgent names only the tool: a program that crawls with this
// package sends its own, with its version and how to reach its operator
// (hewar crawl sends "hewar/VERSION (+CONTACT)").
const DefaultUserAgent = "hewar"

// Defaults for the zero values of Config. They are a small institute's
// server's defaults: one request a second, two in flight.
const (
	DefaultDelay          = time.Second
	DefaultParallel       = 2
	DefaultMaxBodySize    = 50 << 20
	DefaultMaxURLLength   = 2048
	DefaultRetries        = 3
	DefaultRetryBackoff   = time.Second
	DefaultMaxBackoff     = 30 * time.Second
	DefaultRequestTimeout = 30 * time.Second
	DefaultMaxCrawlDelay  = time.Minute
	DefaultRobotsRetry    = 10 * time.Minute
	DefaultTrapRepeats    = 3
	DefaultTrapDepth      = 24
	DefaultQueryVariants  = 1000
	DefaultProgressEvery  = 2 * time.Second
)

// DefaultContentTypes are the media types downloaded when Config.ContentTypes
// is empty: pages, feeds, sitemaps and robots.txt, and the documents a
// site links for its readers to download (the magazine's issues as PDF,
// papers as Word or EPUB files), which an archive keeps as they are.
// application/octet-stream is what servers send for a file of a type they
// do not know, a PDF or a page as often as anything: it is downloaded, and
// the parser reads it as a page only if its bytes are markup.
var DefaultContentTypes = []string{
	"text/html", "application/xhtml+xml", "text/plain",
	"application/xml", "text/xml", "application/rss+xml", "application/atom+xml",
	"application/x-gzip", "application/gzip", // gzipped sitemaps
	"application/pdf", "application/msword", "application/epub+zip",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"application/octet-stream",
}

// Config is one crawl's settings. The zero value of every field but Seeds
// and Delay means its default; start from DefaultConfig to get them all.
type Config struct {
	// Seeds are where the crawl starts (depth 0). Ones that are not http(s)
	// URLs are dropped (and logged); New fails only when none is left.
	Seeds []string
	// MoreSeeds, when set, gives more seeds to Run, which reads them once,
	// after Seeds, and queues them in batches without holding them: the
	// URLs an archive already knows, which may be a hundred thousand. They
	// do not widen the scope. Each comes with the link depth an earlier
	// crawl found it at, so that MaxDepth counts from the Seeds every night
	// (negative: none known, MaxDepth: revisited, its links not followed,
	// unless a link reaches it sooner); one deeper than MaxDepth is not
	// queued. Of two for one key the first is kept. An error from it stops
	// Run.
	MoreSeeds func(ctx context.Context, add func(url string, depth int) error) error
	// Scope lists the hosts (host or host:port, "www." and default ports
	// folded, http and https alike) whose URLs are fetched. Default: the
	// seeds' hosts.
	Scope []string
	// Include, when not empty, admits only URLs matching one of them;
	// Exclude rejects URLs matching any. Both match the absolute URL without
	// its fragment. Seeds, robots.txt, the sitemap files and redirect targets
	// are exempt from Include; the pages a sitemap lists, MoreSeeds and
	// enumerated ids are not.
	Include, Exclude []*regexp.Regexp

	// Delay is the least time between the starts of two requests to one
	// host. Unlike the other fields, zero is taken literally: no delay, for
	// loopback tests and benchmarks. DefaultConfig sets DefaultDelay (1s).
	// robots.txt's Crawl-delay raises it for its host.
	Delay time.Duration
	// Parallel is the most requests in flight to one host. Default 2.
	Parallel int

	MaxPages     int // fetches in one Run, all outcomes counted (0: no cap)
	MaxDepth     int // link depth from a seed (0: no cap)
	MaxBodySize  int // bytes; longer bodies are cut and marked (default 50 MiB)
	MaxURLLength int // bytes of the absolute URL (default 2048)
	// MaxDuration: no item is taken once the Run has lasted this long (by
	// the real clock); fetches in flight finish. 0: no cap.
	MaxDuration time.Duration
	// ContentTypes are the media types whose bodies are downloaded, e.g.
	// "text/html", "image/*" or "*/*". Default DefaultContentTypes. A
	// response of another type is recorded without its body, as a failure.
	ContentTypes []string

	// TrapRepeats: a path in which one segment occurs this many times is a
	// trap (/a/b/a/b/a/...). Default 3.
	TrapRepeats int
	// TrapDepth: a path with more segments is a trap. Default 24.
	TrapDepth int
	// QueryVariants: after this many URLs of one path with the same query
	// parameter names, more are a trap (endless calendars). Default 1000.
	QueryVariants int

	UserAgent string // default DefaultUserAgent

	// Retries is how many times a fetch is tried again after a timeout, a
	// connection error, a 429 or a 5xx. Default 3; negative means none.
	Retries int
	// RetryBackoff is the first wait before a retry; it doubles with each
	// try, with jitter, up to MaxBackoff. A Retry-After header (seconds or
	// HTTP date) is honoured up to MaxBackoff. Defaults 1s and 30s.
	RetryBackoff, MaxBackoff time.Duration
	// RequestTimeout bounds one try, from sending the request to the end of
	// the body. Default 30s.
	RequestTimeout time.Duration
	// MaxCrawlDelay caps robots.txt's Crawl-delay. Default 1m.
	MaxCrawlDelay time.Duration
	// RobotsRetry is how long a host whose robots.txt answered 5xx or could
	// not be fetched stays fully disallowed before robots.txt is asked again.
	// Default 10m. Its pending URLs are left for the next Run.
	RobotsRetry time.Duration

	// Decode, when set, reads a page's bytes in its charset (contentType is
	// its Content-Type header) as UTF-8, and names the charset. The soft 404 rule reads a title
	// that is not UTF-8 through it (an old Arabic page in windows-1256); the
	// pipeline gives the parser's decoding (parse.Decode), so that the title
	// is read as the page is. Nil: titles are read as UTF-8 only.
	Decode func(body []byte, contentType string) (text []byte, charset string, err error)

	// Enumerate, when set, walks a site's numbered pages: once the frontier
	// is empty, every number from 1 to the highest seen, in every form, that
	// no URL of this Run showed, on the first seed's host, to find pages
	// nothing links to any more. The site's rules come from its caller (the
	// pipeline gives the parser's /post/{id}); the crawler knows none.
	Enumerate *Enumeration

	// Revisit, when set, decides which URLs that earlier crawls fetched are
	// fetched again, and in what order (revisit.go), by what a StateFrontier
	// remembers; with another Frontier it does nothing. Nil: every URL is
	// fetched, in the order it was queued.
	Revisit *Revisit
	// Now is the clock captures are stamped with (Capture.FetchedAt) and
	// revisits judged by; default time.Now. Politeness, timeouts, Duration
	// and MaxDuration keep the real clock. Simulations of nightly crawls
	// set it.
	Now func() time.Time

	// Progress, when set, is called every ProgressEvery (default 2s) and once
	// at the end with the crawl's statistics so far.
	Progress      func(Stats)
	ProgressEvery time.Duration
	// Logf, when set, receives one line per notable event (retries, robots,
	// traps). Nothing else depends on it.
	Logf func(format string, args ...any)

	// TLSConfig is used for https; nil means Go's defaults. Tests set it to
	// trust an httptest TLS server.
	TLSConfig *tls.Config
	// DialContext, when set, opens the connections instead of a
	// net.Dialer (addr is the host and port asked for, the host
	// IDNA-encoded). Tests set it to reach a site under an international
	// or made-up host name on 127.0.0.1, without a DNS query.
	DialContext func(ctx context.Context, network, addr string) (net.Conn, error)
}

// Enumeration describes the numbered pages of a site, for Config.Enumerate.
type Enumeration struct {
	// Classify reads the number of a URL, and its form (its language, say):
	// ok is false for a URL that is no numbered page. Numbers above 10
	// million are ignored.
	Classify func(rawURL string) (form string, id int, ok bool)
	// URLs are the addresses of number id in every form, absolute or
	// relative to the first seed.
	URLs func(id int) []string
}

// DefaultConfig is the polite configuration for the live site: every default
// spelled out, DefaultDelay included.
func DefaultConfig(seeds ...string) Config {
	cfg := Config{Seeds: seeds, Delay: DefaultDelay}
	cfg, _ = cfg.withDefaults()
	cfg.Seeds = seeds
	return cfg
}

// withDefaults returns cfg with its zero values replaced by defaults, and
// checks what cannot be defaulted.
func (cfg Config) withDefaults() (Config, error) {
	if cfg.Delay < 0 {
		cfg.Delay = 0
	}
	if cfg.Parallel <= 0 {
		cfg.Parallel = DefaultParallel
	}
	if cfg.MaxBodySize <= 0 {
		cfg.MaxBodySize = DefaultMaxBodySize
	}
	if cfg.MaxURLLength <= 0 {
		cfg.MaxURLLength = DefaultMaxURLLength
	}
	if len(cfg.ContentTypes) == 0 {
		cfg.ContentTypes = DefaultContentTypes
	}
	if cfg.TrapRepeats <= 0 {
		cfg.TrapRepeats = DefaultTrapRepeats
	}
	if cfg.TrapDepth <= 0 {
		cfg.TrapDepth = DefaultTrapDepth
	}
	if cfg.QueryVariants <= 0 {
		cfg.QueryVariants = DefaultQueryVariants
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = DefaultUserAgent
	}
	switch {
	case cfg.Retries == 0:
		cfg.Retries = DefaultRetries
	case cfg.Retries < 0:
		cfg.Retries = 0
	}
	if cfg.RetryBackoff <= 0 {
		cfg.RetryBackoff = DefaultRetryBackoff
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = DefaultMaxBackoff
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.MaxCrawlDelay <= 0 {
		cfg.MaxCrawlDelay = DefaultMaxCrawlDelay
	}
	if cfg.RobotsRetry <= 0 {
		cfg.RobotsRetry = DefaultRobotsRetry
	}
	if cfg.ProgressEvery <= 0 {
		cfg.ProgressEvery = DefaultProgressEvery
	}
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...any) {}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.MaxDuration < 0 {
		cfg.MaxDuration = 0
	}
	if e := cfg.Enumerate; e != nil && (e.Classify == nil || e.URLs == nil) {
		return cfg, errors.New("an Enumerate needs both Classify and URLs")
	}
	// A seed that is not an http(s) URL is dropped with a log line rather
	// than failing the crawl: seeds include every URL the archive knows.
	var seeds []string
	for _, s := range cfg.Seeds {
		if _, err := Canonicalize(s); err != nil {
			cfg.Logf("seed %q dropped: %v", s, err)
			continue
		}
		seeds = append(seeds, strings.TrimSpace(s))
	}
	if len(seeds) == 0 {
		if len(cfg.Seeds) == 1 {
			_, err := Canonicalize(cfg.Seeds[0])
			return cfg, fmt.Errorf("%w: %q: %w", ErrNoSeeds, cfg.Seeds[0], err)
		}
		return cfg, ErrNoSeeds
	}
	cfg.Seeds = seeds
	return cfg, nil
}
