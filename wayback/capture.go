package wayback

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Header is one header line, as received.
type Header struct{ Name, Value string }

// Capture is one capture fetched from the Wayback Machine: what the site
// answered when the Internet Archive captured it, as the id_ replay gives it.
type Capture struct {
	URL  string    // the URL captured (the CDX "original")
	Time time.Time // when it was captured (the CDX timestamp), UTC
	// Status is the status of the captured response, as the replay answers
	// it (a 404 capture replays as 404, a redirect as its 3xx).
	Status int
	// Header holds the captured response's headers: the X-Archive-Orig-
	// ones with their prefix removed, and those the replay passes through
	// unprefixed (Content-Type, and Location unwrapped to the original URL),
	// in the order received; Content-Encoding and Content-Length describe
	// Body as received here (see docs/wayback.md).
	Header    []Header
	Body      []byte
	Truncated bool // the body was longer than MaxBody and was cut

	Source       string    // the Wayback address fetched: {endpoint}/web/{timestamp}id_/{url}
	FetchedAt    time.Time // when it was fetched from the Wayback Machine
	ReplayHeader []Header  // the replay's own headers (Memento-Datetime, Link, Server, ...)
	Digest       string    // the CDX digest: SHA-1 of the payload, base32
	MimeType     string    // the CDX mimetype

	// Repeat is set by Backfill for a capture whose CDX digest is the one
	// of the previous capture of the same URL: it was not fetched again;
	// Status, Header and Body are those of that capture.
	Repeat bool
	// Err says why the capture could not be fetched ("" when it was).
	Err string
}

// Get returns the value of the first header named name, "" when none.
func (c *Capture) Get(name string) string {
	for _, h := range c.Header {
		if strings.EqualFold(h.Name, name) {
			return h.Value
		}
	}
	return ""
}

// origPrefix is how the Wayback Machine's replay passes the captured
// response's headers without letting them act on the browser.
const origPrefix = "X-Archive-Orig-"

// passThrough are captured headers the replay sends unprefixed.
var passThrough = map[string]bool{"content-type": true, "location": true}

// bodyFraming are headers about the bytes as transferred: the captured
// response's values describe its own transfer, so the replay's (about the
// body received here) are kept instead.
var bodyFraming = map[string]bool{"content-encoding": true, "content-length": true, "transfer-encoding": true}

// SourceURL is the Wayback address of a capture's original bytes.
func (c *Client) SourceURL(r Row) string {
	return c.endpoint() + "/web/" + r.Timestamp + "id_/" + r.Original
}

// Fetch fetches the original bytes of one listed capture. A capture that
// cannot be fetched comes back with Err set, not as an error: the importer
// records it as failed. Only a cancelled ctx is returned as an error.
func (c *Client) Fetch(ctx context.Context, r Row) (Capture, error) {
	cp := Capture{URL: r.Original, Time: r.Time, Source: c.SourceURL(r), Digest: r.Digest, MimeType: r.MimeType}
	resp, done, err := c.do(ctx, cp.Source)
	cp.FetchedAt = c.now().UTC()
	if err != nil {
		if ctx.Err() != nil {
			return cp, ctx.Err()
		}
		cp.Err = err.Error()
		return cp, nil
	}
	defer done()
	defer resp.Body.Close()
	limit := c.MaxBody
	if limit <= 0 {
		limit = DefaultMaxBody
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		if ctx.Err() != nil {
			return cp, ctx.Err()
		}
		cp.Err = fmt.Sprintf("GET %s: reading the body: %v", cp.Source, err)
		return cp, nil
	}
	if int64(len(body)) > limit {
		body, cp.Truncated = body[:limit], true
	}
	cp.Status, cp.Body = resp.StatusCode, body
	cp.Header, cp.ReplayHeader = c.splitHeaders(resp, r)
	if msg := c.notTheCapture(resp, r, cp); msg != "" {
		cp.Err, cp.Status, cp.Header, cp.Body = msg, 0, nil, nil
	}
	return cp, nil
}

// notTheCapture says why a replay answer is not the capture listed: the
// Wayback Machine answers an unknown capture with its own 404 (no memento
// headers) and may redirect to another capture of the same URL.
func (c *Client) notTheCapture(resp *http.Response, r Row, cp Capture) string {
	memento := resp.Header.Get("Memento-Datetime") != "" || hasOrigHeader(resp.Header)
	if !memento {
		return fmt.Sprintf("GET %s: HTTP %d, not a capture (no Memento-Datetime or %s headers)", cp.Source, resp.StatusCode, origPrefix)
	}
	if resp.StatusCode/100 == 3 && r.Status/100 != 3 {
		if ts, u, ok := unwrap(resp.Header.Get("Location")); ok && sameURL(u, r.Original) && ts != r.Timestamp {
			return fmt.Sprintf("GET %s: redirected to the capture at %s, not the one listed", cp.Source, ts)
		}
	}
	// A replay that serves the nearest capture in place of the one asked
	// for, without redirecting, says so in its Memento-Datetime: those
	// bytes are another capture's, which the listing has on its own.
	if at, err := http.ParseTime(resp.Header.Get("Memento-Datetime")); err == nil && !at.UTC().Equal(r.Time) {
		return fmt.Sprintf("GET %s: the replay is of the capture at %s (Memento-Datetime), not the one listed", cp.Source, at.UTC().Format("20060102150405"))
	}
	return ""
}

func hasOrigHeader(h http.Header) bool {
	for k := range h {
		if len(k) > len(origPrefix) && strings.EqualFold(k[:len(origPrefix)], origPrefix) {
			return true
		}
	}
	return false
}

// splitHeaders separates the captured response's headers from the replay's.
func (c *Client) splitHeaders(resp *http.Response, r Row) (orig, replay []Header) {
	haveOrig := map[string]bool{}
	for _, name := range headerOrder(resp) {
		for _, v := range resp.Header[name] {
			if len(name) > len(origPrefix) && strings.EqualFold(name[:len(origPrefix)], origPrefix) {
				n := name[len(origPrefix):]
				if bodyFraming[strings.ToLower(n)] {
					replay = append(replay, Header{name, v})
					continue
				}
				orig = append(orig, Header{n, v})
				haveOrig[strings.ToLower(n)] = true
			}
		}
	}
	for _, name := range headerOrder(resp) {
		lower := strings.ToLower(name)
		for _, v := range resp.Header[name] {
			switch {
			case len(name) > len(origPrefix) && strings.EqualFold(name[:len(origPrefix)], origPrefix):
			case passThrough[lower] && !haveOrig[lower]:
				if lower == "location" {
					if _, u, ok := unwrap(v); ok {
						v = u
					}
				}
				orig = append(orig, Header{name, v})
			case bodyFraming[lower] && lower != "transfer-encoding":
				// Go's client removed any chunking: Content-Encoding and
				// Content-Length describe Body as received.
				orig = append(orig, Header{name, v})
				replay = append(replay, Header{name, v})
			default:
				replay = append(replay, Header{name, v})
			}
		}
	}
	return orig, replay
}

// headerOrder lists a response's header names in a stable order: Go's
// client keeps headers in a map, so the wire order is lost; sorted names
// keep captures comparable.
func headerOrder(resp *http.Response) []string {
	names := make([]string, 0, len(resp.Header))
	for k := range resp.Header {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// waybackURL matches a replay address: .../web/{timestamp}{modifier}/{url}.
var waybackURL = regexp.MustCompile(`^(?:https?://[^/]+)?/web/([0-9]{1,14})(?:[a-z]{2}_)?/(.+)$`)

// unwrap returns the timestamp and original URL of a Wayback address.
func unwrap(u string) (ts, orig string, ok bool) {
	m := waybackURL.FindStringSubmatch(u)
	if m == nil {
		return "", "", false
	}
	orig = m[2]
	switch {
	case strings.HasPrefix(orig, "http://"), strings.HasPrefix(orig, "https://"):
	case strings.HasPrefix(orig, "http:/"):
		orig = "http://" + orig[len("http:/"):]
	case strings.HasPrefix(orig, "https:/"):
		orig = "https://" + orig[len("https:/"):]
	default:
		orig = "http://" + orig
	}
	return m[1], orig, true
}

// sameURL compares two URLs as the Wayback Machine does closely enough:
// without scheme, a "www." and a default port.
func sameURL(a, b string) bool {
	norm := func(s string) string {
		s = strings.TrimPrefix(strings.TrimPrefix(s, "https://"), "http://")
		s = strings.TrimPrefix(s, "www.")
		if host, rest, ok := strings.Cut(s, "/"); ok {
			s = strings.TrimSuffix(strings.TrimSuffix(host, ":80"), ":443") + "/" + rest
		}
		return strings.ToLower(s)
	}
	return norm(a) == norm(b)
}

// Stats count what Backfill did.
type Stats struct {
	ListStats
	Fetched int // captures fetched (Err "" or not)
	Repeats int // captures with the previous capture's digest, not fetched again
	Failed  int // captures that could not be fetched
}

// Backfill lists the captures of q and calls fn with each, fetched, in the
// CDX server's order. A capture whose digest is that of the previous
// capture of the same URL is not fetched again: it comes with Repeat set
// and the earlier capture's status, headers and body (the content is the
// same by its digest), which saves a request a repeat. An error from fn
// stops it and is returned.
func (c *Client) Backfill(ctx context.Context, q Query, fn func(Capture) error) (Stats, error) {
	var st Stats
	last := map[string]Capture{} // URL -> its previous capture fetched
	ls, err := c.List(ctx, q, func(r Row) error {
		if prev, ok := last[r.Original]; ok && r.Digest != "" && prev.Digest == r.Digest && prev.Err == "" {
			cp := prev
			cp.Time, cp.Source, cp.Repeat, cp.FetchedAt = r.Time, c.SourceURL(r), true, c.now().UTC()
			cp.MimeType = r.MimeType
			st.Repeats++
			return fn(cp)
		}
		cp, err := c.Fetch(ctx, r)
		if err != nil {
			return err
		}
		st.Fetched++
		if cp.Err != "" {
			st.Failed++
		} else {
			last[r.Original] = cp
		}
		return fn(cp)
	})
	st.ListStats = ls
	return st, err
}
