package crawler

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gocolly/colly/v2"
)

// fetch is one fetch of one URL: every hop of its redirect chain and every
// try of each hop. It travels with its colly requests in their colly.Context.
type fetch struct {
	run        *run
	item       Item
	validators Validators // of the URL being requested: sent as If-None-Match and If-Modified-Since
	robots     bool       // robots.txt: any content type is read, 5 redirects are followed unchecked
	probe      bool       // a soft 404 probe (softgone.go): no redirect followed
	softGone   string     // why the answer is taken for a 404 (Capture.SoftGone)
	// finish is called once, when the fetch ends, with its capture, or with
	// nil when the Run was cancelled first (the fetch is abandoned).
	finish func(f *fetch, c *Capture)

	started   time.Time // by the real clock, for Capture.Duration
	at        time.Time // by Config.Now, for Capture.FetchedAt
	attempts  int       // tries over all hops
	tries     int       // retries of the current hop
	referer   string
	redirects []Redirect
	taken     []string // keys of redirect targets claimed with Frontier.Take
	err       error    // a failure decided by us: redirect not followed
	last      *exchange
	lastErr   error // the error of the last try, when it got no response
	inBody    bool  // the last try failed reading the body, its head received
}

// fetchKey is where a colly request's fetch is kept in its colly.Context.
const fetchKey = "hewar.fetch"

func fetchOf(ctx *colly.Context) *fetch {
	f, _ := ctx.GetAny(fetchKey).(*fetch)
	return f
}

// start hands a fetch to colly. Its first request is asked for now; the
// callbacks below take it from there to f.finish.
func (cr *Crawler) start(f *fetch) {
	f.started, f.at = time.Now(), cr.cfg.Now()
	ctx := colly.NewContext()
	ctx.Put(fetchKey, f)
	cr.request(f, f.item.URL, ctx)
}

// request asks colly for one hop of f. An error colly returns at once (an
// address it cannot parse) ends the fetch: for a redirect hop, the redirect
// is the answer, not followed.
func (cr *Crawler) request(f *fetch, u string, ctx *colly.Context) {
	err := cr.collector.Request(http.MethodGet, u, nil, ctx, nil)
	if err == nil {
		return
	}
	if f.last != nil {
		f.redirects = f.redirects[:len(f.redirects)-1]
		f.err = fmt.Errorf("%w: %s: %w", ErrRedirectNotFollowed, u, err)
	} else {
		f.lastErr = err
	}
	cr.end(f)
}

// onRequest sets the headers of each request of a fetch: the conditional
// ones from the last capture's validators, and the Referer a browser sends
// on a redirect. It also opens the exchange the transport fills.
func (cr *Crawler) onRequest(r *colly.Request) {
	f := fetchOf(r.Ctx)
	if f == nil {
		r.Abort()
		return
	}
	h := r.Headers
	h.Set("User-Agent", cr.cfg.UserAgent)
	if f.robots {
		h.Set("Accept", "text/plain,*/*;q=0.5")
	} else {
		h.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
	}
	if f.validators.ETag != "" {
		h.Set("If-None-Match", f.validators.ETag)
	}
	if f.validators.LastModified != "" {
		h.Set("If-Modified-Since", f.validators.LastModified)
	}
	if f.referer != "" {
		h.Set("Referer", f.referer)
	}
	cr.transport.open(r, &exchange{readAny: f.robots})
}

// onRequestHeaders runs once colly's LimitRule has given the request its
// slot, just before it is sent: it waits for the host's gate, so that the
// starts of requests to a host are spaced by its delay whatever Parallel is.
func (cr *Crawler) onRequestHeaders(r *colly.Request) {
	f := fetchOf(r.Ctx)
	f.attempts++
	if err := cr.gate(r.URL.Host).wait(f.run.ctx); err != nil {
		r.Abort()
	}
}

// answered handles the end of one request of a fetch (err is nil for any
// HTTP answer, 4xx and 5xx included): it retries the request, asks for the
// next hop of a redirect, or ends the fetch.
func (cr *Crawler) answered(r *colly.Response, err error) {
	f := fetchOf(r.Ctx)
	ex := cr.transport.take(r.Request)
	if f.run.ctx.Err() != nil {
		f.finish(f, nil)
		return
	}
	f.inBody = ex != nil && ex.resp == nil && ex.inBody
	if ex != nil && ex.resp == nil {
		ex = nil // the try failed after the request was sent
	}
	if err == nil && ex == nil {
		err = errors.New("no response")
	}
	if cr.retry(f, r.Request, ex, err) {
		return
	}
	f.last, f.lastErr = ex, err
	if ex != nil {
		if next, ok := cr.redirect(f, ex); ok {
			f.tries, f.referer = 0, refererOf(ex.resp.Request.URL, next)
			cr.request(f, next, r.Ctx)
			return
		}
	}
	cr.end(f)
}

// retry tries the request again after a timeout, a connection error, a 429
// or a 5xx, up to Config.Retries times per hop, with backoff; a Retry-After
// is honoured. It reports whether it did.
func (cr *Crawler) retry(f *fetch, req *colly.Request, ex *exchange, err error) bool {
	status, header := 0, http.Header(nil)
	if ex != nil {
		status, header = ex.resp.StatusCode, ex.resp.Header
	}
	again, after := shouldRetry(f.run.ctx, status, header, err)
	if !again && f.tries == 0 && !f.robots && !f.probe && f.run.ctx.Err() == nil {
		// An answer no page has: asked for once more.
		again = suspectAnswer(ex) != ""
	}
	if !again || f.tries >= cr.cfg.Retries {
		return false
	}
	f.tries++
	cr.count.retries.Add(1)
	wait := backoff(cr.cfg.RetryBackoff, cr.cfg.MaxBackoff, f.tries)
	if after > wait {
		wait = min(after, cr.cfg.MaxBackoff)
	}
	// The wait is the gate's: a 429 or 503 speaks for the whole host, so
	// every request to it is held, this one's next try included.
	cr.gate(req.URL.Host).pause(wait)
	if err != nil {
		cr.cfg.Logf("retry %d/%d in %s: %s: %v", f.tries, cr.cfg.Retries, wait.Round(time.Millisecond), req.URL, err)
	} else {
		cr.cfg.Logf("retry %d/%d in %s: %s: %s", f.tries, cr.cfg.Retries, wait.Round(time.Millisecond), req.URL, ex.resp.Status)
	}
	// Retry fails only for an address colly cannot parse, which it parsed
	// once already: then the last answer stands.
	return req.Retry() == nil
}

// suspectAnswer says why the answer in ex is not the page a server
// means to give, or is "": a 200 with an empty body (a server that
// answers so while it renders the page, and the page when asked again),
// or a 304 Not Modified to a request that sent no validators, which has
// no version to confirm. Such an answer is asked for once more (retry);
// a 304 that comes again is a failure (capture), an empty page is kept.
func suspectAnswer(ex *exchange) string {
	if ex == nil || ex.resp == nil {
		return ""
	}
	switch ex.resp.StatusCode {
	case http.StatusOK:
		if len(ex.body) == 0 && ex.refused == nil && !ex.truncated {
			return "an empty body"
		}
	case http.StatusNotModified:
		if ex.reqHeader.Get("If-None-Match") == "" && ex.reqHeader.Get("If-Modified-Since") == "" {
			return "304 Not Modified to a request without validators"
		}
	}
	return ""
}

// redirect decides whether the redirect answered in ex is followed, and
// returns the URL of the next hop. A hop passes the same checks as a link
// (scope, robots.txt of a new origin), must not be a URL fetched on its own
// in this crawl (it is claimed with Frontier.Take), and a chain stops after
// 10 redirects; robots.txt follows up to 5, unchecked. Each hop followed is
// recorded. A hop out of scope, excluded or disallowed is not followed and
// the redirect is the answer (no failure); a chain too long, or a hop
// whose robots.txt cannot be read, is the fetch's error.
func (cr *Crawler) redirect(f *fetch, ex *exchange) (string, bool) {
	resp := ex.resp
	switch resp.StatusCode {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
	default:
		return "", false
	}
	loc := resp.Header.Get("Location")
	if loc == "" {
		return "", false
	}
	target, err := resp.Request.URL.Parse(loc)
	if err != nil {
		return "", false // kept as the final answer, as Go's client would leave it
	}
	hop := Redirect{URL: resp.Request.URL.String(), Status: resp.StatusCode, Location: loc}
	if f.probe {
		return "", false
	}
	if f.robots {
		if len(f.redirects) >= 5 {
			return "", false // more than five: robots.txt is unavailable (RFC 9309 2.3.1.2)
		}
		f.redirects = append(f.redirects, hop)
		return target.String(), true
	}
	if len(f.redirects) >= 10 {
		f.err = fmt.Errorf("%w: %w", ErrRedirectNotFollowed, errRedirectLimit)
		return "", false
	}
	if cr.toHomePage(f, resp.Request.URL, target) {
		f.softGone = "redirected to the home page " + target.String()
		return "", false
	}
	it, ok := cr.admit(target.String(), nil, f.item.Depth, true)
	if !ok {
		// Out of scope (another site), excluded, a trap or disallowed: the
		// redirect is this address's answer, kept as it is, its target not
		// fetched. It is no failure: the server answered (a link to a
		// partner's site through a redirect, a shortener).
		return "", false
	}
	// The hop is asked for as the server wrote it, under the key of the page
	// it names: a site that moved to https redirects every http URL there
	// (asked for with the seeds' http, it would redirect to itself until the
	// limit), and a server may insist on a session id. A page redirected to
	// itself under another scheme says the site moved: its other links are
	// fetched there from now on.
	asWritten := *target
	asWritten.Fragment, asWritten.RawFragment, asWritten.User = "", "", nil
	it.URL = asWritten.String()
	if from := resp.Request.URL; it.Key == f.item.Key &&
		(!strings.EqualFold(target.Scheme, from.Scheme) || !strings.EqualFold(target.Host, from.Host)) {
		cr.moved.Store(hostKey(target.Host), movedTo{scheme: strings.ToLower(target.Scheme), host: target.Host})
	}
	// robots.txt of a new origin (http to https, say) is read now.
	ctx := f.run.ctx
	u, _ := url.Parse(it.URL)
	if rb, err := cr.robots(ctx, u); err != nil {
		if ctx.Err() == nil {
			f.err = fmt.Errorf("%w: %s: %w", ErrRedirectNotFollowed, target, err)
		}
		return "", false
	} else if ok, err := rb.allowed(u, cr.agent); !ok {
		// Disallowed: kept as the answer, like a target out of scope. A
		// robots.txt that could not be read is a failure.
		if err != nil {
			f.err = fmt.Errorf("%w: %s: %w", ErrRedirectNotFollowed, target, err)
		}
		return "", false
	}
	if it.Key != f.item.Key && !slices.Contains(f.taken, it.Key) {
		it.Via = f.item.URL
		ok, err := cr.frontier.Take(ctx, it)
		if err != nil {
			f.err = fmt.Errorf("%w: %s: take: %w", ErrRedirectNotFollowed, target, err)
			return "", false
		}
		if !ok {
			// Fetched (or being fetched) on its own: this answer is the
			// 3xx itself, with its Location.
			return "", false
		}
		f.taken = append(f.taken, it.Key)
	}
	// A conditional request carries the validators of the URL it asks
	// for: the hop's own, not the old address's (a page reached both
	// directly and through an old address is asked for conditionally
	// either way).
	v, err := cr.frontier.Validators(ctx, it)
	if err != nil {
		f.err = fmt.Errorf("%w: %s: validators: %w", ErrRedirectNotFollowed, target, err)
		return "", false
	}
	f.validators = v
	f.redirects = append(f.redirects, hop)
	return it.URL, true
}

// refererOf is the Referer a browser sends on a redirect from prev to next:
// the page that redirected, except from https to http.
func refererOf(prev *url.URL, next string) string {
	if prev.Scheme == "https" && strings.HasPrefix(next, "http://") {
		return ""
	}
	p := *prev
	p.User, p.Fragment, p.RawFragment = nil, "", ""
	return p.String()
}

// end builds the capture of a fetch that is over and hands it to finish.
// A fetch whose Run was cancelled meanwhile is abandoned (finish(nil)).
func (cr *Crawler) end(f *fetch) {
	if f.run.ctx.Err() != nil {
		f.finish(f, nil)
		return
	}
	f.finish(f, cr.capture(f))
}

// capture is the Capture of a finished fetch.
func (cr *Crawler) capture(f *fetch) *Capture {
	c := &Capture{
		Key:        f.item.Key,
		RequestURL: f.item.URL,
		FinalURL:   f.item.URL,
		Redirects:  f.redirects,
		Method:     http.MethodGet,
		FetchedAt:  f.at,
		Duration:   time.Since(f.started),
		Attempts:   f.attempts,
		Depth:      f.item.Depth,
		Via:        f.item.Via,
		SoftGone:   f.softGone,
	}
	ex := f.last
	if ex != nil {
		r := ex.resp
		c.FinalURL = r.Request.URL.String()
		c.RequestHeader = ex.reqHeader
		c.Proto = r.Proto
		c.Status = r.StatusCode
		c.Header = r.Header
		c.RawHeader = ex.rawHeader
		c.StatusLine = r.Proto + " " + r.Status
		if ex.rawHeader != nil {
			line, _, _ := strings.Cut(string(ex.rawHeader), "\n")
			c.StatusLine = strings.TrimRight(line, "\r")
		}
		c.Body, c.Truncated = ex.body, ex.truncated
	}
	switch {
	case f.err != nil:
		c.Err = f.err
	case ex != nil && ex.refused != nil:
		c.Err = ex.refused
	case ex == nil && timedOut(f.lastErr):
		// Go's client says "awaiting headers" of a body that came too
		// slowly too, and names the URL a second time.
		what := "the head had not come"
		if f.inBody {
			what = "the body was still coming"
		}
		c.Err = fmt.Errorf("fetch %s: %w (%s): %s", f.item.URL, ErrTimeout, cr.cfg.RequestTimeout, what)
		if f.attempts > 1 {
			c.Err = fmt.Errorf("%w (after %d tries)", c.Err, f.attempts)
		}
	case ex == nil:
		c.Err = fmt.Errorf("fetch %s: %w", f.item.URL, f.lastErr)
		if f.attempts > 1 {
			c.Err = fmt.Errorf("%w (after %d tries)", c.Err, f.attempts)
		}
	case c.Truncated:
		c.Err = fmt.Errorf("%w: cut at %d bytes", ErrBodyTooLarge, cr.cfg.MaxBodySize)
	case c.Status == http.StatusNotModified && suspectAnswer(ex) != "":
		c.Err = fmt.Errorf("%w: %s to a request without validators (after %d tries)", ErrHTTPStatus, c.StatusLine, f.attempts)
	case c.Status >= 400:
		c.Err = fmt.Errorf("%w: %s", ErrHTTPStatus, c.StatusLine)
		if f.attempts > 1 {
			c.Err = fmt.Errorf("%w (after %d tries)", c.Err, f.attempts)
		}
	}
	return c
}

// timedOut reports the error of a try that ran out of Config.RequestTimeout:
// Go's client says so with a net.Error, or with the request's context, whose
// deadline it is, when the body was being read.
func timedOut(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout() || errors.Is(err, context.DeadlineExceeded)
}
