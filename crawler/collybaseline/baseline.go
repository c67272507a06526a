// Package collybaseline is the yardstick of hewar's crawl benchmarks: bare
// colly fetching a site and following its links, doing nothing else. It lives
// apart from the benchmarks so that every package measures against the same
// baseline. It is for benchmarks on loopback only; never point it at a real
// site (it has no delay).
package collybaseline

import (
	"fmt"
	"net/http"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/gocolly/colly/v2"
)

// Crawl fetches seeds and every page reachable by a[href] on the seeds' first
// host, with parallel requests in flight, obeying robots.txt. With tuned, its
// transport keeps as many idle connections per host as requests in flight (Go's
// DefaultTransport, colly's default, keeps two, and so reconnects for most
// requests at a parallelism above two). It returns the pages fetched.
func Crawl(seeds []string, parallel int, tuned bool) (pages int64, d time.Duration, err error) {
	u, err := url.Parse(seeds[0])
	if err != nil {
		return 0, 0, fmt.Errorf("baseline seed: %w", err)
	}
	c := &colly.Collector{}
	c.Init()
	if tuned {
		c.WithTransport(&http.Transport{MaxIdleConnsPerHost: parallel, IdleConnTimeout: 90 * time.Second})
	}
	c.Async = true
	c.IgnoreRobotsTxt = false
	c.AllowedDomains = []string{u.Hostname()}
	if err := c.Limit(&colly.LimitRule{DomainGlob: "*", Parallelism: parallel}); err != nil {
		return 0, 0, err
	}
	var n, failed atomic.Int64
	c.OnResponse(func(*colly.Response) { n.Add(1) })
	c.OnError(func(*colly.Response, error) { failed.Add(1) })
	c.OnHTML("a[href]", func(e *colly.HTMLElement) { e.Request.Visit(e.Attr("href")) })
	start := time.Now()
	for _, s := range seeds {
		c.Visit(s)
	}
	c.Wait()
	d = time.Since(start)
	if f := failed.Load(); f > 0 {
		return n.Load(), d, fmt.Errorf("baseline: %d failed fetches", f)
	}
	return n.Load(), d, nil
}

// Fetch fetches every URL of urls once with bare colly, parallel requests in
// flight, and parses nothing: the floor of fetching a site whose pages are
// known in advance. (Crawl pays for colly's link handling on top: parsing
// every page and every href, which on the synthetic site's long
// percent-encoded Arabic addresses is most of its cost.)
func Fetch(urls []string, parallel int) (pages int64, d time.Duration, err error) {
	c := &colly.Collector{}
	c.Init()
	c.WithTransport(&http.Transport{MaxIdleConnsPerHost: parallel, IdleConnTimeout: 90 * time.Second})
	c.Async = true
	c.AllowURLRevisit = true
	if err := c.Limit(&colly.LimitRule{DomainGlob: "*", Parallelism: parallel}); err != nil {
		return 0, 0, err
	}
	var n, failed atomic.Int64
	c.OnResponse(func(*colly.Response) { n.Add(1) })
	c.OnError(func(*colly.Response, error) { failed.Add(1) })
	start := time.Now()
	for _, u := range urls {
		c.Visit(u)
	}
	c.Wait()
	d = time.Since(start)
	if f := failed.Load(); f > 0 {
		return n.Load(), d, fmt.Errorf("baseline: %d failed fetches", f)
	}
	return n.Load(), d, nil
}
