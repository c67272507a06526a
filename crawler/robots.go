package crawler

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
)

// robotsEntry is what one origin's robots.txt says, fetched once per Run.
type robotsEntry struct {
	mu      sync.Mutex
	fetched bool
	data    *robotstxt.RobotsData // nil when unreachable
	until   time.Time             // when unreachable, the time to ask again
	why     string                // when unreachable, what the fetch of robots.txt got
	queued  bool                  // its sitemaps are in the frontier
}

// unreachable says why robots.txt could not be read.
func (e *robotsEntry) unreachable() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return "robots.txt could not be read: " + e.why
}

// allowed reports whether the path may be fetched, or ErrRobotsUnreachable.
func (e *robotsEntry) allowed(u *url.URL, agent string) (bool, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.fetched {
		return true, nil // decided again at fetch time
	}
	if e.data == nil {
		return false, ErrRobotsUnreachable
	}
	return e.data.TestAgent(robotsPath(u), agent), nil
}

// robotsPath is the path and query of u as robots.txt's rules are matched
// against it: in the one percent-encoding robotsRules gives the rules
// (RFC 9309 2.2.2: non-ASCII bytes escaped, escapes of unreserved ASCII
// decoded), upper-case escapes, the text in NFC (the query's too), so
// that /خاص/ in a rule holds /%d8%ae%d8%a7%d8%b5/x, a rule written escaped
// holds a path linked raw, and /find?q=مؤتمر holds the query in NFD.
func robotsPath(u *url.URL) string {
	p := nfcEscapes(u.EscapedPath(), isPathByte)
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + nfcEscapes(u.RawQuery, isRobotsByte)
	}
	return p
}

// robotsRules is a robots.txt with the path of each Allow and Disallow
// rule in robotsPath's encoding; the other lines, and what follows a
// rule's '#', are as written.
func robotsRules(body []byte) []byte {
	if !bytes.ContainsAny(body, "%") && isASCII(string(body)) {
		return body
	}
	lines := bytes.SplitAfter(body, []byte("\n"))
	for i, line := range lines {
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			continue
		}
		switch strings.ToLower(strings.TrimSpace(string(name))) {
		case "allow", "disallow":
		default:
			continue
		}
		v, comment, hasComment := bytes.Cut(value, []byte("#"))
		path := strings.TrimSpace(string(v))
		if path == "" {
			continue
		}
		out := string(name) + ": " + nfcEscapes(path, isRobotsByte)
		if hasComment {
			out += " #" + string(comment) // with the line's end
		} else if bytes.HasSuffix(line, []byte("\n")) {
			out += "\n"
		}
		lines[i] = []byte(out)
	}
	return bytes.Join(lines, nil)
}

// isRobotsByte is what a robots.txt rule's path keeps unescaped: a path's
// bytes, its query's '?', and the '*' and '$' of its patterns.
func isRobotsByte(c byte) bool { return isPathByte(c) || c == '?' }

func origin(u *url.URL) string { return strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Host) }

// twinDisallows reports whether the robots.txt of u's host's other
// spelling (with "www." or without, on the same scheme and port), read
// already in this Run, disallows u's path. The two spellings are one site
// (hostKey), whose pages are keyed alike: a www. link to a page the site's
// robots.txt disallows is not fetched, and its own origin is not asked for
// a robots.txt for it. Before, every such link cost a request for the
// robots.txt of www., which disallowed it too.
func (cr *Crawler) twinDisallows(u *url.URL) bool {
	host := strings.ToLower(u.Host)
	if h, ok := strings.CutPrefix(host, "www."); ok {
		host = h
	} else {
		host = "www." + host
	}
	cr.mu.Lock()
	e := cr.robotsByOrigin[strings.ToLower(u.Scheme)+"://"+host]
	cr.mu.Unlock()
	if e == nil {
		return false
	}
	ok, err := e.allowed(u, cr.agent)
	return !ok && err == nil
}

// robotsAgent is the product token robots.txt groups are matched against:
// "hewar" for "hewar/0.1 (+...)".
func robotsAgent(ua string) string {
	tok, _, _ := strings.Cut(ua, "/")
	tok, _, _ = strings.Cut(tok, " ")
	return strings.ToLower(tok)
}

// robots returns the origin's entry, fetching robots.txt the first time (and
// again after RobotsRetry when it was unreachable). The fetch is recorded as
// a Capture through the Sink; its Sitemap lines (or /sitemap.xml when it has
// none) are added to the frontier. An error means the Run was cancelled or
// the Sink failed.
func (cr *Crawler) robots(ctx context.Context, u *url.URL) (*robotsEntry, error) {
	o := origin(u)
	cr.mu.Lock()
	e := cr.robotsByOrigin[o]
	if e == nil {
		e = &robotsEntry{}
		cr.robotsByOrigin[o] = e
	}
	cr.mu.Unlock()

	e.mu.Lock()
	if e.fetched && (e.data != nil || time.Now().Before(e.until)) {
		e.mu.Unlock()
		return e, nil
	}
	first, robotsURL, sitemaps, err := cr.readRobots(ctx, e, u, o)
	e.mu.Unlock()
	if err != nil {
		return nil, err
	}
	// After the unlock: admitting a sitemap URL asks this entry.
	if first {
		if err := cr.addSitemaps(ctx, u, robotsURL, sitemaps); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// readRobots fetches, records and reads robots.txt into e, whose lock the
// caller holds. It returns whether the sitemaps are to be queued (the first
// time robots.txt was read), the URL robots.txt answered from and its
// Sitemap lines.
func (cr *Crawler) readRobots(ctx context.Context, e *robotsEntry, u *url.URL, o string) (bool, string, []string, error) {
	c, err := cr.fetchRobots(ctx, o+"/robots.txt")
	if err != nil {
		return false, "", nil, err
	}
	cr.count.robots.Add(1)
	cr.count.capture(c)
	if _, err := cr.sink.Save(context.WithoutCancel(ctx), c); err != nil {
		return false, "", nil, fmt.Errorf("save %s: %w", c.RequestURL, err)
	}
	e.fetched = true
	e.data, e.until, e.why = nil, time.Time{}, ""
	switch {
	case c.Status >= 200 && c.Status < 300:
		data, perr := robotstxt.FromBytes(robotsRules(c.Body))
		if perr != nil {
			// Nothing usable in it: as if there were none (RFC 9309 2.3.1.3).
			cr.cfg.Logf("robots.txt %s does not parse, allowing all: %v", c.RequestURL, perr)
			data, _ = robotstxt.FromStatusAndBytes(http.StatusNotFound, nil)
		}
		e.data = data
	case c.Status >= 400 && c.Status < 500:
		// Unavailable: crawl as if there were no robots.txt (RFC 9309 2.3.1.3).
		e.data, _ = robotstxt.FromStatusAndBytes(c.Status, nil)
	case c.Status >= 300 && c.Status < 400 && c.Err == nil:
		// More than five redirects: unavailable, RFC 9309 2.3.1.2.
		e.data, _ = robotstxt.FromStatusAndBytes(http.StatusNotFound, nil)
	default:
		// 5xx or no answer: unreachable, a full disallow for a while (RFC 9309 2.3.1.4).
		e.until = time.Now().Add(cr.cfg.RobotsRetry)
		e.why = c.StatusLine
		if c.Err != nil {
			e.why = c.Err.Error()
		}
		cr.cfg.Logf("robots.txt %s unreachable (%v): host disallowed for %s", c.RequestURL, c.Err, cr.cfg.RobotsRetry)
		return false, "", nil, nil
	}
	if g := e.data.FindGroup(cr.agent); g != nil && g.CrawlDelay > 0 {
		d := min(g.CrawlDelay, cr.cfg.MaxCrawlDelay)
		cr.gate(u.Host).raise(d)
		cr.cfg.Logf("robots.txt %s: crawl-delay %s", c.RequestURL, d)
	}
	first := !e.queued
	e.queued = true
	return first, c.FinalURL, e.data.Sitemaps, nil
}

// defaultSitemaps are where a site's sitemap usually is when robots.txt
// names none: WordPress and most generators write one of them.
var defaultSitemaps = []string{"/sitemap.xml", "/sitemap_index.xml"}

// addSitemaps queues the sitemaps robots.txt names, relative ones resolved
// against robots.txt's URL, or else the usual places (defaultSitemaps),
// as seeds that every crawl fetches.
func (cr *Crawler) addSitemaps(ctx context.Context, u *url.URL, robotsURL string, sitemaps []string) error {
	base, err := url.Parse(robotsURL)
	if err != nil || robotsURL == "" {
		base, _ = url.Parse(origin(u) + "/robots.txt")
	}
	if len(sitemaps) == 0 {
		sitemaps = defaultSitemaps
	}
	var items []Item
	for _, s := range sitemaps {
		if it, ok := cr.admit(s, base, 0, true); ok {
			it.Via = base.String()
			items = append(items, it)
		}
	}
	cr.noteSitemaps(items)
	return cr.queue(context.WithoutCancel(ctx), items, true)
}

// fetchRobots fetches robots.txt through colly like any request
// (politeness, retries, recording), following up to five redirects as RFC
// 9309 asks, and waits for it. It is asked for while no colly slot of its
// host is held (before a page's request, or between two hops), so a host
// limited to one request at a time cannot wait on itself. It returns
// ctx's error when the Run is cancelled first.
func (cr *Crawler) fetchRobots(ctx context.Context, raw string) (*Capture, error) {
	return cr.fetchNow(ctx, &fetch{robots: true}, raw)
}

// fetchNow fetches raw with f (its kind: robots.txt, a probe) outside the
// frontier, and waits for its capture; nil and ctx's error when ctx was
// cancelled first.
func (cr *Crawler) fetchNow(ctx context.Context, f *fetch, raw string) (*Capture, error) {
	key, _ := Canonicalize(raw)
	got := make(chan *Capture, 1)
	f.run, f.item = &run{ctx: ctx}, Item{Key: key, URL: raw}
	f.finish = func(_ *fetch, c *Capture) { got <- c }
	cr.start(f)
	c := <-got
	if c == nil {
		return nil, ctx.Err()
	}
	return c, nil
}

var errRedirectLimit = errors.New("more than 10 redirects")
