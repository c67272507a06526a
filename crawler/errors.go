package crawler

import "errors"

// Sentinel errors of the package. Capture.Err wraps one of them (with
// details) for failures that reach the Sink: errors.Is(c.Err, ErrBodyTooLarge).
var (
	// ErrNoSeeds is returned by New when Config has no seed URL.
	ErrNoSeeds = errors.New("no valid seed URL")
	// ErrNotHTTP is returned by Canonicalize for a URL that is not http or https.
	ErrNotHTTP = errors.New("not an http(s) URL")
	// ErrNoHost is returned by Canonicalize for a URL without a (valid) host.
	ErrNoHost = errors.New("URL has no host")
	// ErrBodyTooLarge marks a capture whose body was cut at Config.MaxBodySize.
	ErrBodyTooLarge = errors.New("body larger than the maximum body size")
	// ErrContentType marks a capture whose content type is not allowed; its body was not downloaded.
	ErrContentType = errors.New("content type not allowed")
	// ErrTimeout marks a capture whose last try got no whole answer within
	// Config.RequestTimeout: a server that stalls, or that sends its answer
	// a byte at a time.
	ErrTimeout = errors.New("no whole answer within the request timeout")
	// ErrHTTPStatus marks a capture answered with a 4xx or 5xx status, or
	// with a 304 Not Modified to a request that sent no validators.
	ErrHTTPStatus = errors.New("http error status")
	// ErrRedirectNotFollowed marks a capture whose redirect led out of scope,
	// to a robots-disallowed URL, or too many hops away.
	ErrRedirectNotFollowed = errors.New("redirect not followed")
	// ErrRobotsUnreachable means robots.txt answered 5xx or could not be
	// fetched: the host is treated as fully disallowed for a while (RFC 9309).
	ErrRobotsUnreachable = errors.New("robots.txt unreachable")
)
